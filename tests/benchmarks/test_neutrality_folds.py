"""benchmarks/neutrality.py --folds: a fold model is shown as the bundled model shows spans."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from spinscope.analyzer import default_model_dir
from spinscope.model.card import ModelCard
from spinscope.model.onnx_runtime import load_model_dir
from tests.support import load_benchmark


def test_fold_view_takes_the_display_settings_of_the_shipped_model(tmp_path: Path, needs_model: None) -> None:
    neutrality = load_benchmark("neutrality")
    shipped = default_model_dir()
    fold = tmp_path / "fold"
    shutil.copytree(shipped, fold)
    (fold / "verifier.npz").unlink()
    bare = ModelCard.load(fold)
    sums = {k: v for k, v in bare.files_sha256.items() if k != "verifier.npz"}
    replace(
        bare,
        verifier_file="",
        display_threshold=0.0,
        unreliable_techniques=[],
        window_stride=192,
        name_blind=True,
        files_sha256=sums,
    ).save(fold)

    view = neutrality.fold_view(fold, shipped, tmp_path / "view")
    card, _ = load_model_dir(view)  # the checksums hold
    expected = ModelCard.load(shipped)
    assert (card.verifier_file, card.display_threshold, card.window_stride) == (
        expected.verifier_file,
        expected.display_threshold,
        expected.window_stride,
    )
    assert card.unreliable_techniques == expected.unreliable_techniques
    assert card.name_blind  # a fold model keeps the reading it was trained with ...
    assert not ModelCard.load(neutrality.fold_view(fold, shipped, tmp_path / "seeing", False)).name_blind
    assert ModelCard.load(fold).display_threshold == 0.0  # the fold model itself is untouched
