"""Helpers the test modules share (builders, a word-list analyzer, a local HTTP server); the
fixtures built on them are declared in ``tests/conftest.py``."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository checkout."""

FIXTURES = ROOT / "tests" / "fixtures"
"""Fixture files (articles, corpora, claims, web pages, reference outputs)."""
