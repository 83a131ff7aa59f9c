"""Opening a result store: the SQLAlchemy engine (SQLite in WAL mode, or PostgreSQL) and
the Alembic migrations that bring its schema up to date."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from spinscope.errors import DatabaseNotFoundError, StoreError
from spinscope.store.guard import migration_lock
from spinscope.store.url import display_url, resolve_db_url

MIGRATIONS = "spinscope.store:migrations"
_SQLITE_BUSY_MS = 30_000


@dataclass(slots=True)
class Store:
    """An open result store. Create with :func:`open_store`; one per process."""

    engine: Engine
    url: URL
    _sessions: sessionmaker[Session]

    @property
    def display(self) -> str:
        return display_url(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
    cursor.close()


def create_store_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": _SQLITE_BUSY_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # a server that does not answer is an error after 10 s, not a hang
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is already there). Creation
    and upgrades run under a lock, so processes opening a new store at once do not race."""
    head = head_revision()
    if current_revision(engine) == head:
        return
    with migration_lock(engine, lambda: current_revision(engine) == head) as needed:
        if needed:
            _migrate_locked(engine, head)


def _migrate_locked(engine: Engine, head: str | None) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        if current == head:
            return
        if current is None and inspect(connection).has_table("documents"):
            raise StoreError(
                "database has a 'documents' table but no spinscope schema version; use an empty database"
            )
        known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
        if current is not None and current not in known:
            raise StoreError(
                f"database schema revision {current!r} is newer than this spinscope release knows; "
                "upgrade spinscope to use this database"
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def require_store(value: str | URL) -> URL:
    """The store's URL; a SQLite file that does not exist is refused (commands that only read)."""
    url = value if isinstance(value, URL) else resolve_db_url(value)
    if url.get_backend_name() == "sqlite" and not Path(str(url.database)).exists():
        raise DatabaseNotFoundError(
            f"{url.database}: no such result store (run `spinscope batch` first, with --db {url.database})"
        )
    return url


def open_store(value: str | URL, create: bool = True) -> Store:
    """Open (creating and migrating if needed) the store at a path or database URL.
    ``create=False`` (commands that only read) refuses a SQLite file that does not exist."""
    url = require_store(value) if not create else (value if isinstance(value, URL) else resolve_db_url(value))
    try:
        engine = create_store_engine(url)
    except ImportError as exc:  # the driver is an optional extra
        raise StoreError(
            f"{display_url(url)}: PostgreSQL stores need the psycopg driver: "
            f"pip install 'spinscope[postgres]' ({exc})"
        ) from exc
    try:
        migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    except (SQLAlchemyError, CommandError, OSError) as exc:
        engine.dispose()
        reason = getattr(exc, "orig", None) or exc
        raise StoreError(f"{display_url(url)}: cannot open the result store: {reason}") from exc
    return Store(engine, url, sessionmaker(engine, expire_on_commit=False))
