"""Keeping concurrent processes on one result store apart.

* Schema creation and upgrades run under a lock, so two processes that open a fresh store at
  the same moment do not both create its tables.
* Two batches never analyse the same document at the same time. On SQLite (one machine) a
  second batch on the same file is refused. On PostgreSQL (several machines may share the
  store) each batch claims the documents it is about to analyse and leaves those another
  batch holds. Locks are the database's or the operating system's: they go when the process
  or its connection goes, even after ``kill -9``, so nothing is left to clean up.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, PendingRollbackError

from spinscope.errors import StoreBusyError
from spinscope.store.retry import connection_lost

_LOCK_NAMESPACE = 0x5350  # "SP": the first key of every spinscope advisory lock
_MIGRATION_KEY = 1
_CLAIM_NAMESPACE = 0x5351
_BATCH_WAIT_SECONDS = 3.0
_MIGRATION_WAIT_SECONDS = 120.0

try:
    import fcntl
except ImportError:  # not a POSIX system: SQLite stores go unguarded
    fcntl = None  # type: ignore[assignment]


def _sqlite_path(engine: Engine) -> Path:
    return Path(str(engine.url.database))


@contextlib.contextmanager
def _file_lock(
    path: Path, wait_seconds: float, unneeded: Callable[[], bool] = lambda: False
) -> Iterator[bool]:
    """An exclusive ``flock`` on ``path`` (created if missing), waited for up to ``wait_seconds``
    or until ``unneeded()``; yields whether it was taken. SQLite's own locks are fcntl
    byte-range locks, which are independent of flock, so this never blocks SQLite itself."""
    if fcntl is None:
        yield True
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline or unneeded():
                    yield False
                    return
                time.sleep(0.05)
        yield True
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def migration_lock(engine: Engine, done: Callable[[], bool]) -> Iterator[bool]:
    """Held while the schema is created or upgraded; yields False when, while waiting for it,
    ``done()`` says another process has brought the schema up to date (on SQLite a running
    batch holds the same lock, and a store it uses is up to date)."""
    if engine.dialect.name == "sqlite":
        with _file_lock(_sqlite_path(engine), _MIGRATION_WAIT_SECONDS, done) as taken:
            if not taken and done():
                yield False
                return
            if not taken:
                raise StoreBusyError(
                    f"{_sqlite_path(engine)}: another process has held the store for "
                    f"{_MIGRATION_WAIT_SECONDS:g} s while its schema needs creating or upgrading; "
                    "try again later"
                )
            yield True
        return
    key = {"a": _LOCK_NAMESPACE, "b": _MIGRATION_KEY}
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:a, :b)"), key)
        try:
            yield True
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:a, :b)"), key)
            connection.commit()


@dataclass(slots=True)
class DocumentClaims:
    """The documents this batch may analyse. ``claim`` returns the keys of those no other batch
    holds (and keeps them until ``release`` or ``close``)."""

    engine: Engine
    setting_id: int
    exclusive: bool
    """Whether this batch holds the whole store (SQLite), so that no other batch is running."""
    _connection: Connection | None = None
    _file: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    @classmethod
    def open(cls, engine: Engine, setting_id: int) -> DocumentClaims:
        claims = cls(engine, setting_id, exclusive=engine.dialect.name == "sqlite")
        if claims.exclusive:
            path = _sqlite_path(engine)
            if not claims._file.enter_context(_file_lock(path, _BATCH_WAIT_SECONDS)):
                claims.close()
                raise StoreBusyError(
                    f"{path}: another spinscope batch is writing to this store; wait for it to end, "
                    "or give this batch another --db (a SQLite store takes one batch at a time)"
                )
        return claims

    def claim(self, keys: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(keys))
        if self.exclusive or not wanted:
            return set(wanted)
        rows = self._execute(
            "SELECT k FROM unnest(CAST(:keys AS text[])) AS k "
            "WHERE pg_try_advisory_lock(:ns, hashtext(:setting || ':' || k))",
            wanted,
        )
        return {row[0] for row in rows}

    def release(self, keys: Iterable[str]) -> None:
        released = list(keys)
        if self.exclusive or not released or self._connection is None:
            return
        self._execute(
            "SELECT pg_advisory_unlock(:ns, hashtext(:setting || ':' || k)) "
            "FROM unnest(CAST(:keys AS text[])) AS k",
            released,
        )

    def _execute(self, sql: str, keys: list[str]) -> list[Any]:
        """Run ``sql`` on the claims connection; if that connection was lost (its claims went
        with it), open another once and run it there."""
        params = {"keys": keys, "ns": _CLAIM_NAMESPACE, "setting": str(self.setting_id)}
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            try:
                return list(self._connection.execute(text(sql), params))
            except (DBAPIError, PendingRollbackError) as exc:
                self._drop_connection()
                if attempt == 2 or not (isinstance(exc, PendingRollbackError) or connection_lost(exc)):
                    raise
        raise AssertionError("unreachable")

    def _drop_connection(self) -> None:
        """Close the database connection itself (returned to the pool, it would keep its
        session's locks); a lost connection has released them already."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.invalidate()
                self._connection.close()
            self._connection = None

    def close(self) -> None:
        """Release every claim."""
        self._drop_connection()
        self._file.close()

    def __enter__(self) -> DocumentClaims:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
