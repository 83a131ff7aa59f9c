"""The one error table: codes unique, every raised error coded, every code documented."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import spinscope
from spinscope.errors import HttpCode, SpinscopeError, all_codes, error_classes
from tests.support import ROOT

PACKAGE = ROOT / "src" / "spinscope"
CODE = re.compile(r"^E\d{3}$")


def import_everything() -> None:
    """Import every module so that an error class defined anywhere is found."""
    for module in pkgutil.walk_packages(spinscope.__path__, "spinscope."):
        if ".migrations" in module.name:
            continue
        try:
            importlib.import_module(module.name)
        except ImportError:  # an optional dependency (ray, torch) that is not installed
            continue


def test_every_error_class_lives_in_the_table_with_its_own_code() -> None:
    import_everything()
    for cls in error_classes():
        assert cls.__module__ == "spinscope.errors", f"{cls.__qualname__} is defined outside spinscope.errors"
        assert "code" in vars(cls) and CODE.match(cls.code), cls


def test_codes_are_unique() -> None:
    codes = [cls.code for cls in error_classes()] + [code.value for code in HttpCode]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
    assert "E000" not in codes


def python_sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]


def test_no_error_is_raised_without_a_code() -> None:
    """The base class prints E000: raise one of its subclasses. Codes are never written as
    literals outside the table."""
    offenders = []
    for path in python_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == SpinscopeError.__name__:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        if path.name != "errors.py" or path.parent != PACKAGE:
            for match in re.finditer(r"""code\s*=\s*["']E\d{3}["']""", path.read_text(encoding="utf-8")):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group()}")
    assert not offenders


def test_docs_list_every_code_once() -> None:
    import_everything()
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| (E\d{3}) \|", text, re.M)
    assert len(documented) == len(set(documented)), "a code is listed twice in docs/errors.md"
    assert set(documented) == all_codes()
