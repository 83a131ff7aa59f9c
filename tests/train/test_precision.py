"""bf16 only where the CPU multiplies bf16 natively, unless asked for."""

from __future__ import annotations

from spinscope.train.precision import choose_precision


def test_encoder_default_applies_on_native_bf16() -> None:
    assert choose_precision(None, True, native=True).bf16 is True
    assert choose_precision(None, True, native=True).note == ""
    assert choose_precision(None, False, native=True).bf16 is False


def test_encoder_default_falls_back_to_fp32_without_native_bf16() -> None:
    choice = choose_precision(None, True, native=False)
    assert choice.bf16 is False
    assert "fp32" in choice.note and "--bf16" in choice.note


def test_explicit_choice_is_kept_and_warned_about_only_when_slow() -> None:
    forced = choose_precision(True, False, native=False)
    assert forced.bf16 is True and forced.note.startswith("warning:")
    assert choose_precision(True, False, native=True) == choose_precision(True, True, native=True)
    assert choose_precision(True, False, native=True).note == ""
    assert choose_precision(False, True, native=False).bf16 is False
    assert choose_precision(False, True, native=False).note == ""
