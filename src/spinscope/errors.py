"""Errors raised by spinscope, each with a stable code a user can search for."""

from __future__ import annotations


class SpinscopeError(Exception):
    """Base class: ``code`` is stable across releases, ``message`` says what to do."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputNotFoundError(SpinscopeError):
    code = "E001"


class InputDecodeError(SpinscopeError):
    """The input is not UTF-8 text (or looks binary)."""

    code = "E002"


class InputFormatError(SpinscopeError):
    """A file parsed as text but does not follow the expected format (labels, CSV, ...)."""

    code = "E003"


class ModelNotFoundError(SpinscopeError):
    code = "E010"


class ModelIntegrityError(SpinscopeError):
    """Model files exist but do not match what the model card promises."""

    code = "E011"


class UnknownTechniqueError(SpinscopeError):
    code = "E020"


class TrainingSetupError(SpinscopeError):
    code = "E030"
