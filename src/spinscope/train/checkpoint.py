"""What both training loops share: the learning-rate schedule and resumable checkpoints."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch


def warmup_linear_schedule(
    optimizer: torch.optim.Optimizer, total_steps: int, warmup_fraction: float
) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up over ``warmup_fraction`` of the steps, then linear decay to 0."""
    warmup = max(1, int(total_steps * warmup_fraction))

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


@dataclass
class Checkpointer:
    """Saves and restores network, optimiser, schedule, torch RNG, a training state and the
    configuration, written atomically so an interruption never leaves a half-written file."""

    path: Path
    network: torch.nn.Module
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler

    def save(self, state: Any, config: dict[str, Any]) -> None:
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        torch.save(
            {
                "model": self.network.state_dict(),
                "optimizer": self.optimizer.state_dict(),
                "scheduler": self.scheduler.state_dict(),
                "state": state,
                "config": config,
                "torch_rng": torch.get_rng_state(),
            },
            tmp,
        )
        os.replace(tmp, self.path)

    def restore(self) -> tuple[Any, dict[str, Any]] | None:
        """Load the checkpoint into the network, optimiser, schedule and RNG; returns the saved
        (state, config), or None when there is no checkpoint yet."""
        if not self.path.exists():
            return None
        saved = torch.load(self.path, weights_only=False)
        self.network.load_state_dict(saved["model"])
        self.optimizer.load_state_dict(saved["optimizer"])
        self.scheduler.load_state_dict(saved["scheduler"])
        torch.set_rng_state(saved["torch_rng"])
        return saved["state"], saved["config"]
