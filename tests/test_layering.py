"""No module imports back up the layering: each package imports only from packages below it."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support import ROOT

PACKAGE = ROOT / "src" / "spinscope"

LAYERS: dict[str, int] = {
    "errors": 0,
    **dict.fromkeys(
        (
            "analysis",
            "techniques",
            "budget",
            "blas",
            "bootstrap",
            "cache",
            "cpu_features",
            "output",
            "progress",
            "segment",
            "deprecation",
        ),
        1,
    ),
    **dict.fromkeys(("ingest", "decode", "neutrality", "store"), 2),
    "model": 3,
    **dict.fromkeys(("ptc", "claims"), 4),
    **dict.fromkeys(("render", "analyzer"), 5),
    "__init__": 6,  # the public facade: spinscope.load, analyze, ...
    **dict.fromkeys(("spacy_component", "batch", "corpus", "train"), 7),
    "serve": 8,
    "cli": 9,
    "__main__": 10,  # python -m spinscope: the command line
}


def imported_packages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom) and node.level == 0
            else [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else []
        )
        for name in names:
            parts = name.split(".")
            if parts[0] == "spinscope":
                found.add(parts[1] if len(parts) > 1 else "__init__")
    return found


def test_every_package_has_a_layer() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")} | {p.parent.name for p in PACKAGE.glob("*/*.py")}
    assert top == set(LAYERS)


def test_no_import_runs_back_up() -> None:
    upward = []
    for path in PACKAGE.rglob("*.py"):
        own = path.relative_to(PACKAGE).with_suffix("").parts[0]
        for other in imported_packages(path) - {own}:
            if LAYERS[other] >= LAYERS[own]:
                upward.append(f"{path.relative_to(PACKAGE)} imports spinscope.{other}")
    assert not upward
