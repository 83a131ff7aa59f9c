"""The self-hosted web app and JSON API (``spinscope serve``).

``create_app(settings)`` builds the FastAPI application; the model is loaded once in the
app's lifespan and analyses run in a bounded thread pool (:mod:`spinscope.serve.pool`).
"""

from __future__ import annotations

from spinscope.serve.app import create_app
from spinscope.serve.settings import ServeSettings

__all__ = ["ServeSettings", "create_app"]
