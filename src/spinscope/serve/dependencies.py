"""What routes ask FastAPI for, declared once: the analysis service and the corpus store,
both created in the app's lifespan (:func:`spinscope.serve.app.create_app`) and kept on
``app.state``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from spinscope.serve.errors import NOT_FOUND, ApiError
from spinscope.serve.service import AnalysisService
from spinscope.store.connect import Store


def get_service(request: Request) -> AnalysisService:
    """The service the lifespan put on the app."""
    service: AnalysisService = request.app.state.service
    return service


def get_corpus_store(request: Request) -> Store:
    """The result store the lifespan opened (``spinscope serve --db``)."""
    store: Store | None = getattr(request.app.state, "corpus_store", None)
    if store is None:
        raise ApiError(NOT_FOUND, "this server has no result store (start it with --db)")
    return store


Service = Annotated[AnalysisService, Depends(get_service)]
CorpusStore = Annotated[Store, Depends(get_corpus_store)]
