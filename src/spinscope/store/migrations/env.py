"""Alembic environment: migrations run programmatically on the connection the store opens
(see spinscope.store.connect.migrate); there is no alembic.ini."""

from __future__ import annotations

from alembic import context

from spinscope.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("spinscope migrations run through spinscope.store.open_store(), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
