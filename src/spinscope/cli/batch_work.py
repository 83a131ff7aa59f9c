"""The work behind ``spinscope batch``: check the options, open the store, run the engine,
export the results and report. :mod:`spinscope.cli.batch_cmd` only declares the command."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from spinscope.cli.common import EXIT_INTERRUPTED, fail

if TYPE_CHECKING:
    from spinscope.batch.model_ref import ModelRef
    from spinscope.batch.runner import Engine

EXIT_SOME_FAILED = 1


class EngineName(StrEnum):
    local = "local"
    ray = "ray"


def batch_corpus(  # noqa: PLR0913 -- one keyword-only parameter per option of the command
    *,
    input_path: Path,
    output: Path | None,
    db: str | None,
    workers: int,
    engine: EngineName,
    address: str | None,
    chunk_size: int,
    min_score: float | None,
    include_text: bool,
    quiet: bool,
    threads: int | None,
    model: str | None,
    max_input_bytes: int,
) -> None:
    """Analyse every document of ``input_path`` into the store (and ``output``); resumable."""
    from rich.console import Console

    from spinscope.batch import open_input, resolve_model, run_batch
    from spinscope.batch.export import write_results_jsonl
    from spinscope.batch.progress import BatchProgress, render_summary
    from spinscope.store import open_store

    if output is None and db is None:
        raise fail("give -o RESULTS.jsonl and/or --db URL (where results are kept)")
    if address is not None and engine is not EngineName.ray:
        raise fail("--address is for --engine ray")
    if output is not None and output.is_dir():
        raise fail(f"{output}: is a folder; give a file name such as {output / 'results.jsonl'}")
    source = open_input(input_path, max_input_bytes)
    model_ref = resolve_model(model, min_score)
    db_value = db if db is not None else str(sidecar_db(output))  # type: ignore[arg-type]
    console = Console(stderr=True)
    settings: dict[str, Any] = {
        "workers": workers,
        "threads": threads,
        "chunk_size": chunk_size,
        "min_score": model_ref.min_score,
        "model_dir": model,
        "address": address,
        "output": str(output) if output else None,
    }
    with open_store(db_value) as store:
        reporter = BatchProgress(console, disable=quiet)
        runner_engine = make_engine(
            engine, model_ref, workers=workers, threads=threads, chunk_size=chunk_size, address=address
        )
        try:
            with sigterm_as_interrupt():
                summary = run_batch(source, store, model_ref, runner_engine, reporter, chunk_size, settings)
        except KeyboardInterrupt:
            typer.echo(
                f"spinscope: interrupted; finished documents are kept in {store.display}; "
                "run the same command again to resume",
                err=True,
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
        if output is not None:
            write_results_jsonl(store, summary.keys, summary.setting, output, include_text)
    if not quiet:
        render_summary(summary, console)
        if output is not None:
            kept = f" (resume state: {db_value})" if db is None else ""
            console.print(f"results: {output}{kept}", markup=False, highlight=False)
    if summary.tally.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Inside the block SIGTERM stops a batch like Ctrl-C (the run is recorded as interrupted);
    the handler before it is restored after it."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def sidecar_db(output: Path) -> Path:
    """Where ``batch -o results.jsonl`` without ``--db`` keeps its resume state."""
    return output.with_name(output.name + ".db")


def make_engine(
    engine: EngineName,
    model_ref: ModelRef,
    *,
    workers: int,
    threads: int | None,
    chunk_size: int,
    address: str | None,
) -> Engine:
    if engine is EngineName.ray:
        from spinscope.batch.ray_engine import RayEngine

        return RayEngine(
            model_ref, workers=workers, threads=threads or 1, chunk_size=chunk_size, address=address
        )
    from spinscope.batch.local import LocalEngine

    return LocalEngine(model_ref, workers=workers, threads=threads)
