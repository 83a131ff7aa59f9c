"""Value names in ``--help``: TEXT, PATH, INTEGER, YYYY-MM-DD, [a|b], and none for flags,
instead of the Python type names that typer shows (``<str>``, ``<bool>``, ``<list[Path]>``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

_TYPER_LABEL = re.compile(r"<(?P<name>[^<>]*)>(?P<more>\.\.\.)?")
_LIST = re.compile(r"list\[(?P<item>.*)\]")
NAMES = {
    "bool": "",
    "str": "TEXT",
    "int": "INTEGER",
    "int range": "INTEGER",
    "float": "NUMBER",
    "float range": "NUMBER",
    "path": "PATH",
    "file": "FILE",
    "directory": "FOLDER",
    "datetime": "DATE",
    "%Y-%m-%d": "YYYY-MM-DD",
}


def conventional(label: str | None) -> str | None:
    """``<str>`` -> ``TEXT``, ``<list[Path]>`` -> ``PATH``, ``<a|b>`` -> ``[a|b]``; a label
    that is not typer's (an explicit metavar such as ``DATE``) stays as it is."""
    if label is None:
        return None
    found = _TYPER_LABEL.fullmatch(label)
    if found is None:
        return label
    name, more = found["name"], found["more"] or ""
    listed = _LIST.fullmatch(name)
    if listed is not None:
        name = listed["item"]
    key = name if name in NAMES else name.lower()
    if key in NAMES:
        shown = NAMES[key]
    elif "|" in name:
        shown = f"[{name}]"
    else:
        shown = name.upper()
    return shown + more if shown else ""


def _commands(command: Any) -> Iterator[Any]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def _relabel(param: Any) -> Any:
    """Wrap the parameter's ``display_type_rich`` (typer's rich help asks it for the value
    name) once; returns the parameter."""
    display = getattr(param, "display_type_rich", None)
    if display is None or "display_type_rich" in vars(param):
        return param

    def label(ctx: Any) -> str | None:
        return conventional(display(ctx))

    param.display_type_rich = label
    return param


def _with_relabelled_help(get_help_option: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The help option is made on first use, from the context's option names."""

    def get(ctx: Any) -> Any:
        option = get_help_option(ctx)
        return option if option is None else _relabel(option)

    return get


def relabel_values(command: Any) -> Any:
    """Give every parameter of ``command`` and its subcommands, ``--help`` included, a
    conventional value name in the help; returns ``command``."""
    for each in _commands(command):
        for param in each.params:
            _relabel(param)
        each.get_help_option = _with_relabelled_help(each.get_help_option)
    return command
