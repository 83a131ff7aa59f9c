"""The JSONL results file, always derived from the store: each input document exactly once,
in input order, written atomically (an interrupted run leaves the previous file intact)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from spinscope.output import atomic_writer
from spinscope.store.connect import Store
from spinscope.store.reader import export_records
from spinscope.store.records import SettingInfo


def write_results_jsonl(
    store: Store, keys: Sequence[str], setting: SettingInfo, path: Path, include_text: bool = False
) -> int:
    written = 0
    with atomic_writer(path, newline="\n") as fh:
        for record in export_records(store, keys, setting, include_text):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written
