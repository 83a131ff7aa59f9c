"""Train, export, evaluate and write the card of a claim model folder, in one call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from spinscope.claims.card import ClaimCard
from spinscope.claims.scorer import DEFAULT_CLAIM_MODEL, load_claim_scorer
from spinscope.model.tokenize import SubwordTokenizer
from spinscope.train.claims_data import dev_debates, load_claim_splits, validation_debates
from spinscope.train.claims_export import INT8_FILE, TOKENIZER_FILE, save_card, write_claim_model_dir
from spinscope.train.claims_teacher import teacher_scores
from spinscope.train.claims_train import (
    CHECKPOINT,
    ClaimTrainConfig,
    evaluate,
    torch_scorer,
    train_claims,
    tune_threshold,
)
from spinscope.train.encoder_source import ENCODER_NAME, locate_encoder
from spinscope.train.soup import average_into

DATA_TERMS = (
    "Trained on the ClaimBuster crowdsourced dataset (Arslan, Hassan, Li, Tremayne, ICWSM 2020; "
    "Zenodo record 3609356). No licence is stated for the data: use this model for research only."
)
RETRAIN_COMMAND = (
    "spinscope claims train --data /path/to/claimbuster/crowdsourced.csv --work runs/claims "
    "--out src/spinscope/data/models/claims-minilm"
)


def build_claim_model(  # noqa: PLR0917 -- training entry point mirroring `spinscope claims train`
    data_path: Path,
    work_dir: Path,
    out_dir: Path,
    config: ClaimTrainConfig,
    log: Callable[[str], None] = print,
    average_with: Sequence[Path] = (),
    teacher: Path | None = None,
    version: str = "1.0.0",
) -> ClaimCard:
    """``average_with``: work folders (or checkpoints) of other finished runs whose weights are
    averaged with this run's before export (see :mod:`spinscope.train.soup`). ``teacher``: a
    finished claim model folder whose scores are mixed into the targets (distillation)."""
    splits = load_claim_splits(data_path)
    log(f"{len(splits.train)} training, {len(splits.dev)} dev, {len(splits.validation)} validation sentences")
    encoder = locate_encoder(verify=True)
    tokenizer = SubwordTokenizer(encoder.tokenizer_file)
    soft = teacher_scores(teacher, splits.train, work_dir, log) if teacher is not None else None
    network, state = train_claims(
        splits.train, splits.dev, encoder.path, tokenizer, work_dir, config, log, soft
    )
    averaged = average_into(network, average_with, CHECKPOINT, log) if average_with else []
    fp32 = torch_scorer(network, tokenizer, config.max_tokens, config.context_sentences > 0)
    fp32_threshold = tune_threshold(fp32, splits.dev)
    write_claim_model_dir(network, encoder.tokenizer_file, work_dir, out_dir)
    shipped = load_claim_scorer(_provisional_card(out_dir, config))
    threshold = tune_threshold(shipped, splits.dev)
    metrics: dict[str, Any] = {
        "validation": evaluate(shipped, splits.validation, threshold),
        "dev": evaluate(shipped, splits.dev, threshold),
        "validation_fp32_pytorch": {
            **evaluate(fp32, splits.validation, fp32_threshold),
            "threshold": fp32_threshold,
        },
        "note": "F1 of the check-worthy class (Verdict 1) at the card threshold; the threshold is tuned "
        "on the dev debates, the validation debates are never used for training or tuning.",
    }
    log(f"int8 model: threshold {threshold}, validation {metrics['validation']}")
    card = ClaimCard(
        name=DEFAULT_CLAIM_MODEL,
        version=version,
        onnx_file=INT8_FILE,
        tokenizer_file=TOKENIZER_FILE,
        max_tokens=config.max_tokens,
        threshold=threshold,
        context_sentences=config.context_sentences,
        base_encoder=ENCODER_NAME + (f", first {config.layers} layers" if config.layers else ""),
        metrics=metrics,
        training={
            "data": "ClaimBuster crowdsourced.csv: 22,501 US presidential debate sentences, 1960-2016",
            "positive_class": "Verdict 1 (check-worthy factual sentence); Verdict 0 and -1 are negatives",
            "split": "by debate (File_id), fixed in spinscope/train/splits/claimbuster-*.txt",
            "validation_debates": validation_debates(),
            "dev_debates": dev_debates(),
            "sentences": {
                "train": len(splits.train),
                "dev": len(splits.dev),
                "validation": len(splits.validation),
            },
            "config": asdict(config),
            "history": state.history,
            **({"averaged_with": averaged} if averaged else {}),
            **({"teacher": teacher.name} if teacher is not None else {}),
            "notes": state.notes,
            "retrain_command": retrain_command(config, teacher, version),
            "quantisation": "onnxruntime dynamic int8, per-channel weights (MatMul, Gemm, Gather)",
        },
        data_terms=DATA_TERMS,
    )
    return save_card(card, out_dir)


def retrain_command(config: ClaimTrainConfig, teacher: Path | None, version: str) -> str:
    """The command that trains this model again (options that differ from the defaults only)."""
    parts = [RETRAIN_COMMAND]
    defaults = ClaimTrainConfig()
    if config.epochs != defaults.epochs:
        parts.append(f"--epochs {config.epochs}")
    if config.layers:
        parts.append(f"--layers {config.layers}")
    if config.context_sentences:
        parts.append("--context")
    if config.verdict_classes:
        parts.append("--verdict-classes")
    if config.adversarial_epsilon:
        parts.append(f"--adversarial {config.adversarial_epsilon}")
    if config.seed != defaults.seed:
        parts.append(f"--seed {config.seed}")
    if teacher is not None:
        parts.append(f"--distill-from {teacher.name} --distill-weight {config.distill_weight}")
    if version != "1.0.0":
        parts.append(f"--model-version {version}")
    return " ".join(parts)


def _provisional_card(out_dir: Path, config: ClaimTrainConfig) -> Path:
    ClaimCard(
        DEFAULT_CLAIM_MODEL,
        "provisional",
        INT8_FILE,
        TOKENIZER_FILE,
        config.max_tokens,
        0.5,
        context_sentences=config.context_sentences,
    ).save(out_dir)
    return out_dir
