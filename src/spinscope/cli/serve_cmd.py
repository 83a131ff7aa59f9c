"""``spinscope serve``: the web app and JSON API on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from spinscope.cli.common import ModelOption, ThreadsOption, fail


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on. The default answers this machine only.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="TCP port (0: pick a free one).")
    ] = 8000,
    workers_pool: Annotated[
        int, typer.Option("--workers-pool", min=1, help="Analyses that run at the same time (threads).")
    ] = 2,
    queue: Annotated[
        int,
        typer.Option(
            "--queue", min=0, help="Requests that may wait for a free thread; more get 503 at once."
        ),
    ] = 8,
    max_body: Annotated[
        int,
        typer.Option("--max-body", min=1, help="Largest request body in bytes (uploads too); more gets 413."),
    ] = 1_000_000,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, help="Seconds a request may wait and run before it gets 503."),
    ] = 30.0,
    max_connections: Annotated[
        int,
        typer.Option(
            "--max-connections", min=1, help="Open connections at most; more get 503 from the server."
        ),
    ] = 128,
    access_log: Annotated[
        bool, typer.Option("--access-log", help="Log every request (off by default).")
    ] = False,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Result store of `spinscope batch` (path or database URL): adds the page /corpus.",
            show_default=False,
        ),
    ] = None,
    url_input: Annotated[
        bool,
        typer.Option(
            "--url-input",
            help="Offer a URL field: the server fetches pages from public addresses (never loopback, "
            "private or link-local ones).",
        ),
    ] = False,
    threads: ThreadsOption = None,
    model: ModelOption = None,
) -> None:
    """Serve the web page and the JSON API (docs at /docs).

    Set SPINSCOPE_API_TOKEN to require 'Authorization: Bearer <token>' (or a sign-in at /login) on /v1/*,
    /corpus and every other route that shows stored or analysed data.

    Examples:

      spinscope serve

      spinscope serve --db corpus.db        # adds the corpus page at /corpus

      SPINSCOPE_API_TOKEN=change-me spinscope serve --host 0.0.0.0 --port 8080 --workers-pool 4
    """
    try:
        import uvicorn

        from spinscope.serve import ServeSettings, create_app
    except ImportError as exc:
        raise fail(
            f"spinscope serve needs {exc.name or 'the web extra'}: pip install 'spinscope[web]'"
        ) from exc
    from spinscope.serve.service import load_model
    from spinscope.store.connect import require_store

    settings = ServeSettings(
        host=host,
        port=port,
        pool_size=workers_pool,
        queue_size=queue,
        max_body=max_body,
        timeout=timeout,
        model_dir=Path(model) if model else None,
        threads=threads,
        url_input=url_input,
        corpus_db=db,
    ).with_env()
    if db is not None:  # a missing store is a one-line error here; the app opens it when it starts
        require_store(db)
    # Load before the server starts so a missing model is a one-line error; the app's
    # lifespan then takes this analyzer (this process is the server's only worker).
    analyzer = load_model(settings)
    if not settings.loopback_only:
        advice = "" if settings.api_token else "; set SPINSCOPE_API_TOKEN to require a token"
        typer.echo(
            f"spinscope: warning: listening on {host}, reachable from other machines{advice}", err=True
        )
    uvicorn.run(
        create_app(settings, lambda _: analyzer),
        host=settings.host,
        port=settings.port,
        access_log=access_log,
        limit_concurrency=max_connections,
        timeout_graceful_shutdown=5,
        server_header=False,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
