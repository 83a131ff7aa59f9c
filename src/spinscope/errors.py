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


class PublishedDateError(InputFormatError):
    """A publication date that is not an ISO 8601 date."""

    code = "E004"


class FetchError(SpinscopeError):
    """A URL could not be fetched: network error, timeout, HTTP error, too large, too many redirects."""

    code = "E005"


class RefusedAddressError(FetchError):
    """A URL whose host resolves to a loopback, private or link-local address (web app only)."""

    code = "E006"


class NoArticleTextError(InputFormatError):
    """An HTML page in which no article text was found."""

    code = "E107"


class InputTooLargeError(SpinscopeError):
    """An input is larger than the input size limit (``--max-input-mb``)."""

    code = "E007"


class OutputError(SpinscopeError):
    """An output file cannot be written (read-only file or folder, ...)."""

    code = "E008"


class DatabaseNotFoundError(SpinscopeError):
    """A command that only reads a result store was given one that does not exist."""

    code = "E009"


class ModelNotFoundError(SpinscopeError):
    code = "E010"


class ModelIntegrityError(SpinscopeError):
    """Model files exist but do not match what the model card promises."""

    code = "E011"


class AnalysisTimeoutError(SpinscopeError):
    """An analysis ran past the time budget its caller gave it (:mod:`spinscope.budget`)."""

    code = "E012"


class UnknownTechniqueError(SpinscopeError):
    code = "E020"


class TrainingSetupError(SpinscopeError):
    code = "E030"
