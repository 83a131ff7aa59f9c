"""Training a technique model on PTC: seeded, checkpointed, resumable.

One command: ``spinscope train --data PTC_DIR --out DIR``. Interrupt it and run the same
command again: it resumes from the last checkpoint in DIR.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from spinscope.decode.spans import DecodeSettings
from spinscope.errors import TrainingSetupError
from spinscope.model.engine import WindowSettings
from spinscope.model.technique_model import TechniqueModel
from spinscope.model.tokenize import SubwordTokenizer
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.segment.sides import SideGazetteer
from spinscope.techniques import TECHNIQUES
from spinscope.train.checkpoint import Checkpointer, warmup_linear_schedule
from spinscope.train.counterfactual import COPY_SUFFIX, counterfactual_copies, labelled_sources
from spinscope.train.encoder_source import EncoderSource, locate_encoder
from spinscope.train.examples import WindowExample, article_windows
from spinscope.train.meme_corpus import read_meme_corpus
from spinscope.train.network import TechniqueNetwork, span_features_torch
from spinscope.train.person_swap import entity_person_finder
from spinscope.train.splits import load_ptc

CHECKPOINT = "checkpoint.pt"


@dataclass(frozen=True, slots=True)
class TrainConfig:
    epochs: int = 5
    batch_size: int = 16
    window_tokens: int = 256
    train_stride: int = 192
    infer_stride: int = 224
    """Largest step between inference windows (spread evenly; benchmarks/window_stride.py)."""
    lr_encoder: float = 8e-5
    lr_heads: float = 1e-3
    warmup_fraction: float = 0.06
    weight_decay: float = 0.01
    span_loss_weight: float = 1.0
    max_pos_weight: float = 10.0
    seed: int = 13
    checkpoint_every: int = 50
    threads: int = 0
    extra_data: str = ""
    """A SemEval-2021 Task 6 subtask 2 file whose texts join the training windows ("": none)."""
    swap_sides: bool = False
    """Also train on a copy of each training text that names a side, with the sides' names
    swapped (see :mod:`spinscope.train.counterfactual`)."""
    swap_persons: bool = False
    """Also train on a copy of each training text that names a person, with other persons'
    names in their place (see :mod:`spinscope.train.person_swap`)."""
    name_blind: bool = False
    """Read the names of sides as invented names (:mod:`spinscope.segment.sides`)."""
    unlabeled: tuple[str, ...] = ()
    """Unlabelled texts (folders of .txt files, CSV files with a Text column, or meme-text JSON
    files) labelled by ``teachers`` (self-training, :mod:`spinscope.train.pseudo_labels`) or
    by the ``distill_from`` teacher (:mod:`spinscope.train.distill`)."""
    unlabeled_windows: int = 600
    """How many windows of unlabelled text join the training windows."""
    teachers: tuple[str, ...] = ()
    """Exported model folders (or run folders holding model/) whose mean token probabilities
    label the unlabelled texts."""
    encoder: str = "minilm"
    """Pretrained encoder to fine-tune (see :data:`spinscope.train.encoder_source.ENCODERS`)."""
    bf16: bool = False
    """Run forward and backward passes under bf16 autocast (weights and optimiser stay fp32)."""
    distill_from: str = ""
    """A finished training run (folder with checkpoint.pt) whose network gives soft targets."""
    distill_weight: float = 0.5
    """Share of the teacher in the targets of gold-labelled windows (the rest is gold)."""
    holdout_fold: int = -1
    """Cross-validation: leave out the PTC training articles of this fold (0-4; -1: none)."""


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _pos_weights(examples: list[WindowExample], cap: float) -> torch.Tensor:
    labels = np.concatenate([e.token_labels for e in examples])
    pos = labels.sum(0)
    neg = labels.shape[0] - pos
    return torch.tensor(np.clip(np.sqrt(neg / np.maximum(pos, 1.0)), 1.0, cap), dtype=torch.float32)


def _span_class_weights(examples: list[WindowExample], n: int) -> torch.Tensor:
    counts = np.ones(n)
    for e in examples:
        for s in e.spans:
            for label in s.labels:
                counts[label] += 1
    w = 1.0 / np.sqrt(counts)
    return torch.tensor(w / w.mean(), dtype=torch.float32)


def _batch(examples: list[WindowExample], pad_id: int = 0) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(e.input_ids) for e in examples)
    channels = examples[0].token_labels.shape[1]
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    labels = torch.zeros((len(examples), width, channels), dtype=torch.float32)
    for i, e in enumerate(examples):
        n = len(e.input_ids)
        ids[i, :n] = torch.from_numpy(e.input_ids)
        mask[i, :n] = 1
        labels[i, :n] = torch.from_numpy(e.token_labels)
    return ids, mask, labels


def _epoch_order(n: int, seed: int, epoch: int) -> list[int]:
    order = list(range(n))
    random.Random(seed * 1000 + epoch).shuffle(order)
    return order


BUCKET_BATCHES = 50
"""Batches per length bucket: windows are shuffled, then sorted by length within groups of this
many batches, so short windows (meme texts, article ends) are not padded to full length."""


def epoch_batches(lengths: list[int], batch_size: int, seed: int, epoch: int) -> list[list[int]]:
    """The epoch's batches of window indices: a seeded shuffle, windows of similar length
    batched together within buckets, and the batches shuffled again. Deterministic for
    (seed, epoch), so a resumed run continues with exactly the batches it would have seen."""
    order = _epoch_order(len(lengths), seed, epoch)
    bucket = batch_size * BUCKET_BATCHES
    batches: list[list[int]] = []
    for start in range(0, len(order), bucket):
        chunk = sorted(order[start : start + bucket], key=lambda i: lengths[i])
        batches.extend(chunk[k : k + batch_size] for k in range(0, len(chunk), batch_size))
    random.Random(seed * 1000 + epoch + 1).shuffle(batches)
    return batches


def build_technique_model(
    network: TechniqueNetwork,
    tokenizer: SubwordTokenizer,
    config: TrainConfig,
    decoding: DecodeSettings,
) -> TechniqueModel:
    """Wrap the torch network in the same inference code the ONNX runtime uses."""

    def runner(ids: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        with torch.inference_mode():
            logits, hidden = network(torch.from_numpy(ids), torch.from_numpy(mask))
        return torch.sigmoid(logits).numpy(), hidden.numpy()

    return TechniqueModel(
        tokenizer=tokenizer,
        runner=runner,
        span_head=network.export_span_head(),
        techniques=list(TECHNIQUES.ids),
        settings=WindowSettings(config.window_tokens, config.infer_stride, 32, tokenizer.special),
        decoding=decoding,
    )


def train(  # noqa: PLR0917 -- training entry point mirroring `spinscope train`
    data_dir: Path,
    out_dir: Path,
    config: TrainConfig,
    log: Callable[[str], None] = print,
    evaluate: Callable[[TechniqueModel, list[Article], dict[str, list[LabelRow]]], dict[str, float]]
    | None = None,
    export_only: bool = False,
) -> tuple[TechniqueNetwork, SubwordTokenizer, EncoderSource, list[dict[str, float]]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    if config.threads:
        torch.set_num_threads(config.threads)
    encoder = locate_encoder(config.encoder, verify=True)
    seed_everything(config.seed)
    tokenizer = SubwordTokenizer(
        encoder.tokenizer_file, SideGazetteer.bundled() if config.name_blind else None
    )
    data = load_ptc(data_dir, config.holdout_fold if config.holdout_fold >= 0 else None)
    technique_index = {t: i for i, t in enumerate(TECHNIQUES.ids)}
    sources = [(article, data.gold.get(article.id, [])) for article in data.train]
    if config.extra_data:
        memes = read_meme_corpus(Path(config.extra_data))
        sources += [(article, memes.gold[article.id]) for article in memes.articles]
        log(
            f"+ {len(memes.articles)} texts from {config.extra_data} "
            f"({memes.dropped_spans} spans of techniques outside the 14 dropped)"
        )
    find_persons = entity_person_finder() if config.swap_persons else None
    copies = counterfactual_copies(sources, config.swap_sides, find_persons)
    if copies:
        sides = sum(article.id.endswith(COPY_SUFFIX) for article, _ in copies)
        log(f"+ {sides} copies with the sides' names swapped, {len(copies) - sides} with persons replaced")
    sources += copies
    examples: list[WindowExample] = []
    for article, rows in sources:
        examples.extend(
            article_windows(
                article, rows, tokenizer, technique_index, config.window_tokens, config.train_stride
            )
        )
    log(f"{len(sources)} training texts -> {len(examples)} windows; {len(data.dev)} dev articles")
    pos_weight = _pos_weights(examples, config.max_pos_weight)
    class_weight = _span_class_weights(examples, len(technique_index))
    if config.distill_from:
        # The teacher's cache covers the whole training pool (the held-out fold and, with
        # --swap-sides, its swapped copies too), so that every fold finds its windows there.
        held_out = [
            window
            for article, rows in labelled_sources(data.held_out, data.gold, config.swap_sides, find_persons)
            for window in article_windows(
                article, rows, tokenizer, technique_index, config.window_tokens, config.train_stride
            )
        ]
        examples = _distilled_examples(config, examples, held_out, tokenizer, pos_weight.numpy(), log)
    elif config.unlabeled:
        pseudo = _pseudo_examples(config, tokenizer, pos_weight.numpy())
        examples += pseudo
        log(f"+ {len(pseudo)} windows of {config.unlabeled} labelled by {len(config.teachers)} teacher(s)")
    network = TechniqueNetwork(encoder.path, len(technique_index))
    head_params = [p for n, p in network.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW(
        [
            {"params": network.encoder.parameters(), "lr": config.lr_encoder},
            {"params": head_params, "lr": config.lr_heads},
        ],
        weight_decay=config.weight_decay,
    )
    steps_per_epoch = len(epoch_batches([1] * len(examples), config.batch_size, config.seed, 0))
    scheduler = warmup_linear_schedule(optimizer, steps_per_epoch * config.epochs, config.warmup_fraction)
    state: dict[str, Any] = {"epoch": 0, "step_in_epoch": 0, "history": []}
    ckpt_path = out_dir / CHECKPOINT
    checkpointer = Checkpointer(ckpt_path, network, optimizer, scheduler)
    restored = checkpointer.restore()
    if restored is not None:
        state, saved_config = restored
        if saved_config != asdict(config):
            log("warning: checkpoint was written with a different configuration; resuming with it anyway")
        log(f"resuming from {ckpt_path}: epoch {state['epoch'] + 1}, step {state['step_in_epoch']}")

    def save_checkpoint() -> None:
        checkpointer.save(state, asdict(config))

    bce = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight, reduction="none")
    if export_only:
        if not ckpt_path.exists():
            raise TrainingSetupError(f"{ckpt_path}: no checkpoint to export")
        done = f"{state['epoch']} epochs, step {state['step_in_epoch']}"
        log(f"exporting the checkpoint as it is (after {done})")
    while not export_only and state["epoch"] < config.epochs:
        epoch = int(state["epoch"])
        network.train()
        batches = epoch_batches([len(e.input_ids) for e in examples], config.batch_size, config.seed, epoch)
        started = time.perf_counter()
        losses: list[float] = []
        for step in range(int(state["step_in_epoch"]), len(batches)):
            batch_examples = [examples[i] for i in batches[step]]
            ids, mask, labels = _batch(batch_examples, tokenizer.special.pad_id)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=config.bf16):
                logits, hidden = network(ids, mask)
                span_loss = _span_loss(network, hidden, batch_examples, class_weight)
            logits = logits.float()
            token_loss = (bce(logits, labels).mean(-1) * mask).sum() / mask.sum()
            loss = token_loss + config.span_loss_weight * span_loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            losses.append(float(loss.detach()))
            state["step_in_epoch"] = step + 1
            if (step + 1) % config.checkpoint_every == 0:
                save_checkpoint()
                log(f"epoch {epoch + 1} step {step + 1}/{steps_per_epoch} loss {np.mean(losses[-50:]):.4f}")
        elapsed = time.perf_counter() - started
        state["epoch"] = epoch + 1
        state["step_in_epoch"] = 0
        record: dict[str, float] = {"epoch": epoch + 1, "seconds": round(elapsed, 1)}
        if losses:
            record["loss"] = round(float(np.mean(losses)), 4)
        if evaluate is not None and data.dev:
            network.eval()
            record.update(
                evaluate(
                    build_technique_model(network, tokenizer, config, DecodeSettings(0.5, 0.5)),
                    data.dev,
                    data.gold,
                )
            )
        state["history"].append(record)
        save_checkpoint()
        log(f"epoch {epoch + 1}/{config.epochs} done in {elapsed:.0f} s: {json.dumps(record)}")
    network.eval()
    return network, tokenizer, encoder, list(state["history"])


def _pseudo_examples(
    config: TrainConfig, tokenizer: SubwordTokenizer, positive_weights: np.ndarray
) -> list[WindowExample]:
    from spinscope.train.pseudo_labels import load_teacher, pseudo_labelled_windows, read_unlabeled

    teacher = load_teacher([Path(t) for t in config.teachers], tokenizer.vocab_size)
    texts = [text for path in config.unlabeled for text in read_unlabeled(Path(path))]
    return pseudo_labelled_windows(
        texts, teacher, config.window_tokens, config.unlabeled_windows, config.seed, positive_weights
    )


def _distilled_examples(  # noqa: PLR0917 -- training entry point mirroring `spinscope train`
    config: TrainConfig,
    labelled: list[WindowExample],
    held_out: list[WindowExample],
    tokenizer: SubwordTokenizer,
    positive_weights: np.ndarray,
    log: Callable[[str], None],
) -> list[WindowExample]:
    """Training windows with the teacher's soft targets, plus windows of unlabelled text.

    The teacher's outputs are cached in its run folder for every window of the training pool
    (the held-out fold's windows included), so that resumed runs and the other
    cross-validation folds reuse them."""
    from spinscope.train.distill import distilled_examples, load_outputs, load_teacher, save_outputs, teach
    from spinscope.train.distill import unlabelled_windows as cut_unlabelled
    from spinscope.train.pseudo_labels import read_unlabeled

    teacher_dir = Path(config.distill_from)
    teacher = load_teacher(teacher_dir, tokenizer, len(TECHNIQUES.ids))
    texts = [text for path in config.unlabeled for text in read_unlabeled(Path(path))]
    unlabelled = cut_unlabelled(texts, tokenizer, config.window_tokens, config.unlabeled_windows, config.seed)
    settings = {
        k: v
        for k, v in asdict(config).items()
        if k
        in {
            "window_tokens",
            "train_stride",
            "extra_data",
            "swap_sides",
            "name_blind",
            "unlabeled",
            "unlabeled_windows",
            "seed",
        }
    }
    if config.swap_persons:  # only when set: the caches of earlier runs keep their names
        settings["swap_persons"] = True
    key = hashlib.sha256(json.dumps([teacher.fingerprint, settings], sort_keys=True).encode()).hexdigest()[
        :12
    ]
    cache = teacher_dir / f"distill-outputs-{key}.npz"
    outputs = load_outputs(cache, teacher.fingerprint)
    if outputs is not None:
        log(f"teacher outputs read from {cache}")
    else:
        pool = labelled + held_out
        log(
            f"teacher {teacher_dir} labels {len(pool)} training windows and {len(unlabelled)} unlabelled ones"
        )
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if done % 320 < 16 or done == total:
                log(f"  teacher outputs {done}/{total} ({time.perf_counter() - started:.0f} s)")

        outputs = teach(teacher, pool, unlabelled, progress=progress)
        save_outputs(cache, outputs, teacher.fingerprint)
    return distilled_examples(labelled, unlabelled, outputs, config.distill_weight, positive_weights)


def _span_loss(
    network: TechniqueNetwork, hidden: torch.Tensor, batch: list[WindowExample], class_weight: torch.Tensor
) -> torch.Tensor:
    feats: list[torch.Tensor] = []
    targets: list[torch.Tensor] = []
    n = class_weight.shape[0]
    for row, example in enumerate(batch):
        if not example.spans:
            continue
        runs = [(s.first + 1, s.last + 1) for s in example.spans]  # +1 for [CLS]
        feats.append(span_features_torch(hidden[row], runs))
        for s in example.spans:
            if s.soft:
                target = torch.tensor(s.soft, dtype=torch.float32)
            else:
                target = torch.zeros(n)
                target[list(s.labels)] = 1.0 / len(s.labels)
            targets.append(target)
    if not feats:
        return hidden.sum() * 0.0
    logits = network.span_logits(torch.cat(feats))
    target = torch.stack(targets)
    per_span = -(target * torch.log_softmax(logits.float(), -1)).sum(-1)
    weights = (target * class_weight).sum(-1)
    return (per_span * weights).sum() / weights.sum()
