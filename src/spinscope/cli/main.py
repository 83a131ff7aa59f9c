"""The ``spinscope`` command line. Heavy libraries are imported inside commands so that
``spinscope --help`` answers at once."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer
import typer.main

from spinscope.claims.spacy_import import keep_torch_from_thinc
from spinscope.cli.common import run_guarded
from spinscope.cli.labels import relabel_values

# Modules that add commands to the app; each defines ``register(app: typer.Typer)``.
COMMAND_MODULES = (
    "spinscope.cli.analyze_cmd",
    "spinscope.cli.techniques_cmd",
    "spinscope.cli.ptc_cmd",
    "spinscope.cli.train_cmd",
    "spinscope.cli.models_cmd",
    "spinscope.cli.claims_cmd",
    "spinscope.cli.serve_cmd",
    "spinscope.cli.batch_cmd",
    "spinscope.cli.corpus_cmd",
    "spinscope.cli.neutrality_cmd",
)


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="spinscope",
        help=(
            "Find persuasion and propaganda techniques in news and opinion text, with exact "
            "character spans. Labels describe rhetoric, never whether a claim is true.\n\n"
            "Start with:  spinscope analyze --sample"
        ),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    return app


def build_command() -> Any:
    """The click command behind the app, with conventional value names in its help."""
    return relabel_values(typer.main.get_command(build_app()))


def main() -> None:
    # this process is spinscope's own: spaCy need not import PyTorch (spinscope.claims.spacy_import)
    keep_torch_from_thinc()
    sys.exit(run_guarded(build_command()))


if __name__ == "__main__":
    main()
