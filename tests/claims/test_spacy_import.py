"""spaCy's thinc does not import PyTorch in spinscope's own processes; everyone else still can.

Each case runs in a fresh interpreter with a stand-in ``torch`` package first on the path, so
that it runs the same whether or not PyTorch is installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT


def run_python(code: str, fake_torch_dir: Path) -> subprocess.CompletedProcess[str]:
    package = fake_torch_dir / "torch"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("__version__ = 'stand-in'\n", encoding="utf-8")
    path = os.pathsep.join([str(fake_torch_dir), str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env, timeout=120
    )


def test_without_the_guard_thinc_imports_torch(tmp_path: Path) -> None:
    # the premise: thinc probes for PyTorch when it is importable
    done = run_python("import sys, thinc.compat; print('torch' in sys.modules)", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]


REFUSED_TO_THINC_ONLY = """
import sys
from spinscope.claims.spacy_import import keep_torch_from_thinc
assert keep_torch_from_thinc()
import spacy, thinc.compat
assert "torch" not in sys.modules, "thinc imported torch"
assert not thinc.compat.has_torch
import torch  # any other importer still gets it
assert torch.__version__ == "stand-in"
assert not keep_torch_from_thinc()  # thinc is imported now: nothing more to guard
"""

NOTHING_ONCE_TORCH_IS_IMPORTED = """
import sys, torch
from spinscope.claims.spacy_import import keep_torch_from_thinc
assert not keep_torch_from_thinc()
import thinc.compat
assert sys.modules["torch"] is torch
"""


@pytest.mark.parametrize("code", [REFUSED_TO_THINC_ONLY, NOTHING_ONCE_TORCH_IS_IMPORTED])
def test_guard(code: str, tmp_path: Path) -> None:
    done = run_python(code + "print('ok')\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok"]


def test_command_line_process_keeps_torch_from_thinc(tmp_path: Path) -> None:
    code = """
import sys
from spinscope.cli.main import main
sys.argv = ["spinscope", "techniques"]
try:
    main()
except SystemExit as done:
    assert done.code == 0, done.code
import thinc.compat
print("torch" in sys.modules)
"""
    done = run_python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"
