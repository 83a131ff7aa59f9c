"""CPU feature flags as the operating system reports them."""

from __future__ import annotations

from pathlib import Path

from spinscope.cpu_features import cpu_flags, is_x86


def test_cpu_flags_read_from_the_first_cpu(tmp_path: Path) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_vnni\n\nflags : other\n")
    assert cpu_flags(info) == frozenset({"fpu", "avx2", "avx512f", "avx512_vnni"})


def test_cpu_flags_unknown_where_the_system_reports_none(tmp_path: Path) -> None:
    assert cpu_flags(tmp_path / "missing") is None
    (tmp_path / "bare").write_text("processor : 0\nmodel name : some CPU\n")
    assert cpu_flags(tmp_path / "bare") is None


def test_is_x86_by_machine_name() -> None:
    assert is_x86("x86_64") and is_x86("AMD64") and is_x86("i686")
    assert not is_x86("aarch64") and not is_x86("arm64")
