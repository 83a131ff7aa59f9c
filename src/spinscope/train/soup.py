"""Weight averaging ("model soup"): one network whose weights are the mean of several runs'.

Runs fine-tuned from the same pretrained encoder stay close enough in weight space that the
average of their weights behaves like an ensemble of them, at the cost of a single model: the
runtime, its speed and its size do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch

from spinscope.errors import TrainingSetupError


def read_checkpoint(path: Path) -> dict[str, Any]:
    """A training checkpoint written by :class:`spinscope.train.checkpoint.Checkpointer`."""
    if not path.is_file():
        raise TrainingSetupError(f"{path}: no checkpoint to average with (train that run first)")
    saved = torch.load(path, weights_only=False, map_location="cpu")
    if not isinstance(saved, dict) or "model" not in saved:
        raise TrainingSetupError(f"{path}: not a spinscope training checkpoint")
    return saved


def average_into(
    network: torch.nn.Module,
    runs: Sequence[Path],
    checkpoint_name: str,
    log: Callable[[str], None] = print,
) -> list[dict[str, Any]]:
    """Replace ``network``'s weights by the uniform mean of its own and those of ``runs`` (run
    folders holding ``checkpoint_name``, or checkpoint files); returns each run's folder,
    checkpoint, training state and configuration (for the model card)."""
    checkpoints = [run / checkpoint_name if run.is_dir() else run for run in runs]
    own = network.state_dict()
    sums = {k: v.detach().double().clone() for k, v in own.items() if v.is_floating_point()}
    used: list[dict[str, Any]] = []
    for path in checkpoints:
        saved = read_checkpoint(path)
        weights = saved["model"]
        if weights.keys() != own.keys():
            missing = sorted(set(own) ^ set(weights))[:3]
            raise TrainingSetupError(f"{path}: a different network (weights differ in {missing})")
        for k in sums:
            if weights[k].shape != own[k].shape:
                raise TrainingSetupError(
                    f"{path}: {k} has shape {tuple(weights[k].shape)}, expected {tuple(own[k].shape)}"
                )
            sums[k] += weights[k].double()
        state = saved.get("state") or {}
        used.append(
            {
                "run": str(path.parent if path.name == checkpoint_name else path),
                "checkpoint": str(path),
                "epochs": state.get("epoch") if isinstance(state, dict) else None,
                "config": saved.get("config", {}),
            }
        )
        log(f"averaging with {path}")
    count = len(checkpoints) + 1
    network.load_state_dict({k: (sums[k] / count).to(v.dtype) if k in sums else v for k, v in own.items()})
    return used
