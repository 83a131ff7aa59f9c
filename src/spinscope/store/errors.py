"""Errors about result stores."""

from __future__ import annotations

from spinscope.errors import SpinscopeError


class StoreError(SpinscopeError):
    """A result store cannot be opened, migrated or written."""

    code = "E060"
