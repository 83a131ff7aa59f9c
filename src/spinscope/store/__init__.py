"""Result stores: analysed documents, spans, claims and run records in SQLite or PostgreSQL.

>>> from spinscope.store import open_store
>>> store = open_store("results.db")  # doctest: +SKIP
"""

from spinscope.errors import StoreError
from spinscope.store.connect import Store, open_store
from spinscope.store.records import CorpusFilter, DocumentRecord, OutcomeRecord, RunCounts, SettingInfo

__all__ = [
    "CorpusFilter",
    "DocumentRecord",
    "OutcomeRecord",
    "RunCounts",
    "SettingInfo",
    "Store",
    "StoreError",
    "open_store",
]
