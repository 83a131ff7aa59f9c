"""Turning what a user types after ``--db`` into a SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from spinscope.errors import StoreError

_POSTGRES_ALIASES = ("postgres", "postgresql", "postgresql+psycopg")


def resolve_db_url(value: str) -> URL:
    """``sqlite:///path.db``, ``postgresql+psycopg://user@host/db`` or a plain file path
    (an embedded SQLite database, created if missing)."""
    value = value.strip()
    if not value:
        raise StoreError("--db is empty: give a file path or a database URL")
    if "://" not in value:
        return _sqlite_file(Path(value).expanduser())
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise StoreError(f"{value!r}: not a database URL ({exc})") from exc
    if url.drivername in ("sqlite", "sqlite+pysqlite"):
        if not url.database or url.database == ":memory:":
            raise StoreError(f"{value!r}: give a database file, e.g. sqlite:///results.db")
        return _sqlite_file(Path(url.database).expanduser())
    if url.drivername in _POSTGRES_ALIASES:
        return url.set(drivername="postgresql+psycopg")
    raise StoreError(
        f"{url.render_as_string(hide_password=True)}: unsupported database "
        f"{url.drivername!r}; use a SQLite file path or postgresql+psycopg://..."
    )


def _sqlite_file(path: Path) -> URL:
    path = path.resolve()
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; give a database file path such as {path / 'results.db'}")
    if not path.parent.is_dir():
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    return URL.create("sqlite+pysqlite", database=str(path))


def display_url(url: URL) -> str:
    """The store as a person would name it: the file of a SQLite store, else the URL without password."""
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)
