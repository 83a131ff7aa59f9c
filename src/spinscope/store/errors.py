"""Errors about result stores."""

from __future__ import annotations

from spinscope.errors import SpinscopeError


class StoreError(SpinscopeError):
    """A result store cannot be opened, migrated or written."""

    code = "E060"


class StoreBusyError(StoreError):
    """Another process holds the store (a batch on the same SQLite file, a long migration)."""

    code = "E064"


class StoreUnavailableError(StoreError):
    """The connection to the store was lost and did not come back in time."""

    code = "E065"
