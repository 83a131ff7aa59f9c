"""Fine-tuning the claim classifier on ClaimBuster: seeded, checkpointed, resumable.

``spinscope claims train --data crowdsourced.csv --work DIR --out MODEL_DIR``; interrupt it
and run the same command again to resume from the last checkpoint in DIR.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from spinscope.claims.metrics import best_threshold, binary_scores, f1_interval
from spinscope.claims.scorer import ClaimScorer
from spinscope.model.tokenize import SubwordTokenizer
from spinscope.train.checkpoint import Checkpointer, warmup_linear_schedule
from spinscope.train.claims_data import ClaimExample
from spinscope.train.claims_network import ClaimNetwork
from spinscope.train.loop import seed_everything

CHECKPOINT = "claims-checkpoint.pt"


@dataclass(frozen=True, slots=True)
class ClaimTrainConfig:
    epochs: int = 2
    batch_size: int = 32
    max_tokens: int = 128
    lr: float = 4e-5
    warmup_fraction: float = 0.06
    weight_decay: float = 0.01
    seed: int = 13
    context_sentences: int = 0
    """1: the model also reads the previous sentence (second segment); 0: the sentence alone."""
    verdict_classes: bool = False
    """Learn the three ClaimBuster verdicts instead of check-worthy or not (see ClaimNetwork)."""
    adversarial_epsilon: float = 0.0
    """> 0: each step also trains on the batch with its word embeddings moved this far (L2) along
    the loss gradient (fast gradient method), which makes the classifier less brittle."""
    layers: int = 0
    """Keep the encoder's first N layers (0: all): a smaller, faster claim model."""
    distill_weight: float = 0.0
    """Weight of the teacher's probability in the binary target (with a teacher; 0: labels only)."""
    checkpoint_every: int = 100
    threads: int = 0


@dataclass(slots=True)
class TrainState:
    """Where training stands; saved in every checkpoint."""

    epoch: int = 0
    step_in_epoch: int = 0
    history: list[dict[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Events worth recording in the model card, such as a resume with another configuration."""


def length_bucketed_batches(lengths: list[int], batch_size: int, seed: int) -> list[list[int]]:
    """Shuffled batches of indices of similar length (less padding), the same for the same seed."""
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches: list[list[int]] = []
    for c in range(0, len(order), chunk):
        group = sorted(order[c : c + chunk], key=lambda i: lengths[i])
        batches.extend(group[b : b + batch_size] for b in range(0, len(group), batch_size))
    rng.shuffle(batches)
    return batches


def adversarial_step(  # noqa: PLR0917 -- training step inputs, each its own type
    network: ClaimNetwork,
    embeddings: torch.Tensor,
    ids: torch.Tensor,
    mask: torch.Tensor,
    verdicts: torch.Tensor,
    epsilon: float,
    teacher: torch.Tensor | None = None,
    teacher_weight: float = 0.0,
) -> None:
    """Add the gradients of the loss on embeddings moved ``epsilon`` along their gradient."""
    if embeddings.grad is None:
        return
    rows = ids.unique()  # only the batch's own tokens have a gradient
    grad = embeddings.grad[rows]
    norm = torch.linalg.vector_norm(grad)
    if not torch.isfinite(norm) or norm == 0:
        return
    saved = embeddings.detach()[rows].clone()
    with torch.no_grad():
        embeddings[rows] += epsilon * grad / norm
    network.loss(network(ids, mask), verdicts, teacher, teacher_weight).backward()
    with torch.no_grad():
        embeddings[rows] = saved


def torch_scorer(
    network: ClaimNetwork, tokenizer: SubwordTokenizer, max_tokens: int, uses_context: bool
) -> ClaimScorer:
    """The runtime scorer driven by the PyTorch network (for validation during training)."""

    def runner(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return network.check_worthy_probability(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()

    return ClaimScorer(tokenizer, runner, max_tokens, threshold=0.5, batch_size=64, uses_context=uses_context)


def evaluate(scorer: ClaimScorer, examples: list[ClaimExample], threshold: float) -> dict[str, Any]:
    """Precision, recall and F1 at ``threshold``, with a 95 % interval of F1 over debates."""
    scores = scorer.score([e.text for e in examples], [e.context for e in examples])
    labels, predicted = [e.label for e in examples], scores >= threshold
    interval = f1_interval(labels, predicted, [e.debate for e in examples])
    return {**binary_scores(labels, predicted).to_dict(), "f1_bootstrap_95": interval.to_dict()}


def tune_threshold(scorer: ClaimScorer, examples: list[ClaimExample]) -> float:
    scores = scorer.score([e.text for e in examples], [e.context for e in examples])
    return best_threshold([e.label for e in examples], scores)


def train_claims(  # noqa: PLR0917 -- training step inputs, each its own type
    train: list[ClaimExample],
    dev: list[ClaimExample],
    encoder_path: Path,
    tokenizer: SubwordTokenizer,
    work_dir: Path,
    config: ClaimTrainConfig,
    log: Callable[[str], None] = print,
    teacher_scores: np.ndarray | None = None,
) -> tuple[ClaimNetwork, TrainState]:
    """``teacher_scores``: another claim model's probability for each training sentence, mixed
    into the targets with ``config.distill_weight`` (see :meth:`ClaimNetwork.loss`)."""
    if teacher_scores is not None and len(teacher_scores) != len(train):
        raise ValueError(f"{len(teacher_scores)} teacher scores for {len(train)} training sentences")
    work_dir.mkdir(parents=True, exist_ok=True)
    if config.threads:
        torch.set_num_threads(config.threads)
    seed_everything(config.seed)
    network = ClaimNetwork(encoder_path, verdict_classes=config.verdict_classes, layers=config.layers)
    template = torch_scorer(network, tokenizer, config.max_tokens, config.context_sentences > 0)
    inputs = [template.token_ids(e.text, e.context) for e in train]
    verdicts = torch.tensor([e.verdict for e in train], dtype=torch.long)
    soft = None if teacher_scores is None else torch.as_tensor(teacher_scores, dtype=torch.float32)
    steps_per_epoch = math.ceil(len(train) / config.batch_size)
    optimizer = torch.optim.AdamW(network.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    scheduler = warmup_linear_schedule(optimizer, steps_per_epoch * config.epochs, config.warmup_fraction)
    state = TrainState()
    ckpt_path = work_dir / CHECKPOINT
    checkpointer = Checkpointer(ckpt_path, network, optimizer, scheduler)
    restored = checkpointer.restore()
    if restored is not None:
        state = TrainState(**restored[0])
        now = asdict(config)
        changed = {k: f"{v} -> {now[k]}" for k, v in restored[1].items() if now.get(k) != v}
        if changed:
            note = f"resumed at epoch {state.epoch + 1}, step {state.step_in_epoch} with {changed}"
            state.notes.append(note)
            log(f"warning: {note}")
        log(f"resuming from {ckpt_path}: epoch {state.epoch + 1}, step {state.step_in_epoch}")

    def save_checkpoint() -> None:
        checkpointer.save(asdict(state), asdict(config))

    pad = tokenizer.special.pad_id
    embeddings = network.encoder.get_input_embeddings().weight
    while state.epoch < config.epochs:
        epoch = state.epoch
        batches = length_bucketed_batches(
            [len(x) for x in inputs], config.batch_size, config.seed * 1000 + epoch
        )
        network.train()
        started = time.perf_counter()
        losses: list[float] = []
        for step in range(state.step_in_epoch, len(batches)):
            rows = batches[step]
            width = max(len(inputs[i]) for i in rows)
            ids = torch.full((len(rows), width), pad, dtype=torch.long)
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            for r, i in enumerate(rows):
                ids[r, : len(inputs[i])] = torch.from_numpy(inputs[i])
                mask[r, : len(inputs[i])] = 1
            taught = None if soft is None else soft[rows]
            loss = network.loss(network(ids, mask), verdicts[rows], taught, config.distill_weight)
            loss.backward()
            if config.adversarial_epsilon > 0:
                adversarial_step(
                    network, embeddings, ids, mask, verdicts[rows], config.adversarial_epsilon,
                    taught, config.distill_weight,
                )  # fmt: skip
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            losses.append(float(loss.detach()))
            state.step_in_epoch = step + 1
            if (step + 1) % config.checkpoint_every == 0:
                save_checkpoint()
                log(f"epoch {epoch + 1} step {step + 1}/{len(batches)} loss {np.mean(losses[-100:]):.4f}")
        record: dict[str, float] = {"epoch": epoch + 1, "seconds": round(time.perf_counter() - started, 1)}
        if losses:
            record["loss"] = round(float(np.mean(losses)), 4)
        network.eval()
        scorer = torch_scorer(network, tokenizer, config.max_tokens, config.context_sentences > 0)
        threshold = tune_threshold(scorer, dev)
        record["dev_threshold"] = threshold
        record["dev_f1"] = evaluate(scorer, dev, threshold)["f1"]
        state.history.append(record)
        state.epoch = epoch + 1
        state.step_in_epoch = 0
        save_checkpoint()
        log(f"epoch {epoch + 1}/{config.epochs}: {json.dumps(record)}")
    network.eval()
    return network, state
