"""The README's Python examples run as written (in order, sharing one namespace), and every
benchmark figure it quotes sits next to the command that measures it."""

from __future__ import annotations

import re

from tests.support import ROOT

README = ROOT / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_python_examples_run(capsys) -> None:  # type: ignore[no-untyped-def]
    blocks = python_blocks()
    assert len(blocks) >= 2
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)
    doc = namespace["doc"]
    assert "spinscope" in doc.spans and "spinscope_claims" in doc.spans  # type: ignore[attr-defined]
    assert capsys.readouterr().out.strip()


def test_every_benchmark_section_names_its_script() -> None:
    sections = re.split(r"\n## ", README.read_text(encoding="utf-8"))
    for heading in ("Speed", "Accuracy"):
        (section,) = [s for s in sections if s.startswith(heading)]
        assert re.search(r"python benchmarks/\w+\.py", section), heading
    assert len(README.read_text(encoding="utf-8")) < 12_500  # the user's page stays short
