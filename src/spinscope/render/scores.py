"""Printing SemEval scores as a table or JSON."""

from __future__ import annotations

from typing import Any

from spinscope.ptc.scorer import PRF, Score
from spinscope.techniques import TECHNIQUES


def _prf(p: PRF) -> dict[str, Any]:
    return {
        "precision": round(p.precision, 4),
        "recall": round(p.recall, 4),
        "f1": round(p.f1, 4),
        "n_pred": p.n_pred,
        "n_gold": p.n_gold,
    }


def score_dict(task: str, score: Score) -> dict[str, Any]:
    return {
        "task": task,
        "overall": _prf(score.overall),
        "per_technique": {t: _prf(p) for t, p in score.per_technique.items()},
    }


def print_score(task: str, score: Score) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{task.upper()} scores")
    for col in ("technique", "precision", "recall", "F1", "predicted", "gold"):
        table.add_column(col, justify="left" if col == "technique" else "right")
    for technique, prf in score.per_technique.items():
        name = TECHNIQUES[technique].name if technique in TECHNIQUES.ids else technique
        table.add_row(
            name,
            f"{prf.precision:.4f}",
            f"{prf.recall:.4f}",
            f"{prf.f1:.4f}",
            str(prf.n_pred),
            str(prf.n_gold),
        )
    o = score.overall
    table.add_row(
        "[bold]overall[/]",
        f"{o.precision:.4f}",
        f"{o.recall:.4f}",
        f"[bold]{o.f1:.4f}[/]",
        str(o.n_pred),
        str(o.n_gold),
    )
    Console().print(table)
