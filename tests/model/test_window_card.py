"""A model card chooses how the technique model's windows are laid out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from spinscope.analyzer import default_model_dir
from spinscope.model.onnx_runtime import load_model_dir
from spinscope.segment.windows import spread_windows

TEXT = (
    "The reckless, corrupt elite will destroy our great nation, and every honest family will pay "
    "for their greed. "
) * 40


def _with_fitted(tmp_path: Path, fitted: bool | None) -> Path:
    model_dir = tmp_path / "model"
    shutil.copytree(default_model_dir(), model_dir)
    card = json.loads((model_dir / "card.json").read_text(encoding="utf-8"))
    if fitted is None:
        card.pop("window_fitted", None)  # a card written before the field existed
    else:
        card["window_fitted"] = fitted
    (model_dir / "card.json").write_text(json.dumps(card), encoding="utf-8")
    return model_dir


def test_the_card_turns_fitted_windows_on_and_older_cards_keep_full_windows(tmp_path: Path) -> None:
    _, fitted = load_model_dir(_with_fitted(tmp_path / "a", True))
    _, full = load_model_dir(_with_fitted(tmp_path / "b", None))
    assert fitted.settings.fitted and not full.settings.fitted
    n = len(fitted.tokenizer.tokenize(TEXT))
    content = fitted.settings.window_tokens - 2
    shorter = spread_windows(n, content, fitted.settings.stride, True)
    longer = spread_windows(n, content, full.settings.stride, False)
    assert len(shorter) == len(longer) > 1
    assert sum(w.length for w in shorter) < sum(w.length for w in longer)
    # the same text gets spans either way, each with exact offsets
    for model in (fitted, full):
        for span in model.analyze_spans([TEXT])[0]:
            assert TEXT[span.start : span.end] == span.text
