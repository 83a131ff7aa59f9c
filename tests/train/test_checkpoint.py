"""Resumable training checkpoints and the learning-rate schedule (needs the [train] extra)."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from spinscope.train.checkpoint import Checkpointer, warmup_linear_schedule  # noqa: E402


def _setup(seed: int):  # type: ignore[no-untyped-def]
    torch.manual_seed(seed)
    network = torch.nn.Linear(3, 2)
    optimizer = torch.optim.AdamW(network.parameters(), lr=0.1)
    return network, optimizer, warmup_linear_schedule(optimizer, total_steps=10, warmup_fraction=0.2)


def test_schedule_warms_up_then_decays_to_zero() -> None:
    _, optimizer, scheduler = _setup(0)
    rates = []
    for _ in range(10):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    assert rates[0] == pytest.approx(0.05) and rates[1] == pytest.approx(0.1)
    assert rates[2:] == sorted(rates[2:], reverse=True)
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.0)


def test_restore_brings_back_weights_schedule_rng_and_state(tmp_path: Path) -> None:
    network, optimizer, scheduler = _setup(1)
    for _ in range(3):
        network(torch.ones(1, 3)).sum().backward()
        optimizer.step()
        scheduler.step()
    path = tmp_path / "checkpoint.pt"
    assert Checkpointer(path, network, optimizer, scheduler).restore() is None
    Checkpointer(path, network, optimizer, scheduler).save({"epoch": 1}, {"lr": 0.1})
    expected_next_random = torch.rand(1)

    other, other_optimizer, other_scheduler = _setup(2)
    restored = Checkpointer(path, other, other_optimizer, other_scheduler).restore()
    assert restored == ({"epoch": 1}, {"lr": 0.1})
    assert torch.equal(other.weight, network.weight)
    assert other_scheduler.last_epoch == scheduler.last_epoch == 3
    assert other_optimizer.param_groups[0]["lr"] == pytest.approx(optimizer.param_groups[0]["lr"])
    assert torch.equal(torch.rand(1), expected_next_random)
    assert not path.with_suffix(".pt.tmp").exists()


def test_weight_averaging_takes_the_uniform_mean_of_runs(tmp_path: Path) -> None:
    from spinscope.train.soup import average_into

    runs = [_setup(seed) for seed in (3, 4, 5)]
    paths = []
    for k, (network, optimizer, scheduler) in enumerate(runs[1:]):
        paths.append(tmp_path / f"run{k}.pt")
        Checkpointer(paths[-1], network, optimizer, scheduler).save({"epoch": 2}, {"seed": k})
    expected = sum(n.weight.detach() for n, _, _ in runs) / 3
    target = runs[0][0]
    used = average_into(target, paths, "checkpoint.pt", log=lambda _: None)
    assert torch.allclose(target.weight, expected)
    assert [u["config"] for u in used] == [{"seed": 0}, {"seed": 1}]
    assert used[0]["epochs"] == 2


def test_weight_averaging_refuses_other_networks_and_missing_runs(tmp_path: Path) -> None:
    from spinscope.errors import TrainingSetupError
    from spinscope.train.soup import average_into

    network, _, scheduler = _setup(6)
    with pytest.raises(TrainingSetupError, match="no checkpoint"):
        average_into(network, [tmp_path / "absent.pt"], "checkpoint.pt")
    other = torch.nn.Linear(4, 2)
    path = tmp_path / "other.pt"
    Checkpointer(path, other, torch.optim.AdamW(other.parameters()), scheduler).save({}, {})
    with pytest.raises(TrainingSetupError, match="has shape"):
        average_into(network, [path], "checkpoint.pt")


def test_retrain_command_names_every_data_option() -> None:
    from dataclasses import asdict

    from spinscope.train.loop import TrainConfig
    from spinscope.train.pipeline import train_command

    plain = train_command(Path("d"), Path("o"), asdict(TrainConfig()))
    assert plain == "spinscope train --data d --out o --epochs 5"
    config = TrainConfig(seed=14, extra_data="memes.txt", swap_sides=True)
    full = train_command(Path("d"), Path("o"), asdict(config))
    assert full == "spinscope train --data d --out o --epochs 5 --seed 14 --extra-data memes.txt --swap-sides"
    taught = TrainConfig(unlabeled="debates.csv", unlabeled_windows=50, teachers=("runs/a", "runs/b"))
    assert train_command(Path("d"), Path("o"), asdict(taught)) == (
        "spinscope train --data d --out o --epochs 5 --unlabeled debates.csv --unlabeled-windows 50"
        " --teacher runs/a --teacher runs/b"
    )
