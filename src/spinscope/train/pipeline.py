"""``spinscope train`` end to end: train (resumable), tune thresholds on dev, export ONNX,
score the exported int8 model on the held-out validation articles, write the model card."""

from __future__ import annotations

import platform
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from spinscope.model.card import ModelCard
from spinscope.ptc.evaluate import (
    evaluate_headline,
)
from spinscope.techniques import TECHNIQUES
from spinscope.train.export import INT8_FILE, write_model_dir
from spinscope.train.loop import CHECKPOINT, TrainConfig, train
from spinscope.train.model_card_md import write_model_card_markdown
from spinscope.train.model_scoring import tune_and_score
from spinscope.train.soup import average_into

MODEL_NAME = "spinscope-ptc-{encoder}"
DATA_TERMS = (
    "Propaganda Techniques Corpus v2 (SemEval-2020 Task 11), training split; research corpus "
    "without an open licence: the model is for research and evaluation use."
)
EXTRA_DATA_TERMS = (
    " Also trained on the meme texts of SemEval-2021 Task 6 subtask 2 ({path}; Dimitrov et al., "
    '2021; "free for general research use"), mapped onto the 14 techniques.'
)

UNLABELED_TERMS = (
    " Self-trained on {windows} windows of unlabelled text from {path}, labelled by the mean "
    "probabilities of {teachers} earlier spinscope model(s); the gold labels of that data are not used."
)


DISTILL_TERMS = (
    " Distilled from the teacher run {teacher} (soft token and span targets on the training "
    "windows, and on {windows} windows of unlabelled text from: {paths})."
)


def train_command(data_dir: Path, out_dir: Path, config: dict[str, object]) -> str:
    """The ``spinscope train`` command line that reproduces a run with ``config``."""
    command = f"spinscope train --data {data_dir} --out {out_dir} --epochs {config.get('epochs')}"
    defaults = TrainConfig()
    if config.get("encoder", defaults.encoder) != defaults.encoder:
        command += f" --encoder {config.get('encoder')}"
    if config.get("seed", defaults.seed) != defaults.seed:
        command += f" --seed {config.get('seed')}"
    if config.get("lr_encoder", defaults.lr_encoder) != defaults.lr_encoder:
        command += f" --lr-encoder {config.get('lr_encoder')}"
    if config.get("extra_data"):
        command += f" --extra-data {config.get('extra_data')}"
    if config.get("swap_sides"):
        command += " --swap-sides"
    if config.get("swap_persons"):
        command += " --swap-persons"
    if config.get("name_blind"):
        command += " --name-blind"
    unlabeled = config.get("unlabeled") or ()
    if isinstance(unlabeled, str):  # run cards written before --unlabeled could repeat
        unlabeled = (unlabeled,)
    if isinstance(unlabeled, (list, tuple)) and unlabeled:
        command += "".join(f" --unlabeled {path}" for path in unlabeled)
        command += f" --unlabeled-windows {config.get('unlabeled_windows')}"
    teachers = config.get("teachers")
    if isinstance(teachers, (list, tuple)):
        command += "".join(f" --teacher {t}" for t in teachers)
    holdout = config.get("holdout_fold", -1)
    if isinstance(holdout, int) and holdout >= 0:
        command += f" --cv-fold {holdout}"
    if config.get("distill_from"):
        command += f" --distill-from {config.get('distill_from')}"
        if config.get("distill_weight", defaults.distill_weight) != defaults.distill_weight:
            command += f" --distill-weight {config.get('distill_weight')}"
    return command


def run_training(  # noqa: PLR0917 -- training entry point mirroring `spinscope train`
    data_dir: Path,
    out_dir: Path,
    config: TrainConfig,
    version: str,
    log: Callable[[str], None] = print,
    export_only: bool = False,
    average_with: Sequence[Path] = (),
) -> ModelCard:
    """``average_with``: folders (or checkpoints) of other finished runs whose weights are
    averaged with this run's before export (see :mod:`spinscope.train.soup`)."""
    started = time.perf_counter()
    network, _, encoder, history = train(data_dir, out_dir, config, log, evaluate_headline, export_only)
    command = train_command(data_dir, out_dir, asdict(config))
    data_terms = DATA_TERMS
    if config.extra_data:
        data_terms += EXTRA_DATA_TERMS.format(path=Path(config.extra_data).name)
    if config.distill_from:
        data_terms += DISTILL_TERMS.format(
            teacher=Path(config.distill_from).name,
            windows=config.unlabeled_windows if config.unlabeled else 0,
            paths=", ".join(Path(p).name for p in config.unlabeled) or "none",
        )
    elif config.unlabeled:
        data_terms += UNLABELED_TERMS.format(
            windows=config.unlabeled_windows,
            path=", ".join(Path(p).name for p in config.unlabeled),
            teachers=len(config.teachers),
        )
    averaged = average_into(network, average_with, CHECKPOINT, log) if average_with else []
    if averaged:
        command += " --export-only"
    for run in averaged:
        run["command"] = train_command(data_dir, Path(run["run"]), run["config"])
        command += f" --average-with {run['run']}"
    model_dir = out_dir / "model"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    card = ModelCard(
        name=MODEL_NAME.format(encoder=config.encoder),
        version=version,
        techniques=list(TECHNIQUES.ids),
        onnx_file=INT8_FILE,
        tokenizer_file="tokenizer.json",
        span_head_file="span_head.npz",
        window_tokens=config.window_tokens,
        window_stride=config.infer_stride,
        name_blind=config.name_blind,
        hidden_size=network.hidden_size,
        span_threshold=0.5,
        extra_label_threshold=0.5,
        base_encoder=encoder.name,
        training={
            "data": data_terms,
            "command": command,
            "config": asdict(config),
            "history": history,
            **({"averaged_with": averaged} if averaged else {}),
            "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        },
    )
    log(f"exporting ONNX to {model_dir}")
    card = write_model_dir(network, encoder.tokenizer_file, model_dir, card)
    card = tune_and_score(model_dir, card, data_dir, config.holdout_fold, log)
    key = "export_seconds" if export_only else "total_seconds"
    card.training[key] = round(time.perf_counter() - started, 1)
    card.save(model_dir)
    write_model_card_markdown(card, model_dir / "MODEL_CARD.md")
    return card
