"""Every error code spinscope shows, in one table (this module), each stable across releases.

An error is one of the :class:`SpinscopeError` subclasses below: callers catch the class, users
search for its code. The web API's own answers (a wrong token, a busy server, ...) have their
codes in :class:`HttpCode`. ``docs/errors.md`` lists every code; ``tests/test_errors.py`` checks
that codes are unique, that no error is raised without one and that the docs list them all.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class SpinscopeError(Exception):
    """Base class: ``code`` is stable across releases, ``message`` says what to do. Raise a
    subclass: the base class has no code of its own (E000)."""

    code: ClassVar[str] = "E000"

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


class OptionError(SpinscopeError):
    """An option out of its range or malformed (``min_score``, server settings, name pairs)."""

    code = "E013"


class AnalysisError(SpinscopeError):
    """The model could not analyse one text (``Analyzer.analyze``; ``analyze_many`` sets
    ``Analysis.error`` instead)."""

    code = "E014"


class UnknownTechniqueError(SpinscopeError):
    code = "E020"


class TrainingSetupError(SpinscopeError):
    code = "E030"


class StoreError(SpinscopeError):
    """A result store cannot be opened, migrated or written."""

    code = "E060"


class WorkerStartError(SpinscopeError):
    """Batch workers cannot analyse anything (the model does not load there, or is not the
    version the batch runs)."""

    code = "E061"


class RayUnavailableError(SpinscopeError):
    """Ray is not installed, or the cluster cannot be reached."""

    code = "E062"


class ComparisonError(SpinscopeError):
    """Two profiles cannot be compared (too few documents, the same source twice, ...)."""

    code = "E063"


class StoreBusyError(StoreError):
    """Another process holds the store (a batch on the same SQLite file, a long migration)."""

    code = "E064"


class StoreUnavailableError(StoreError):
    """The connection to the store was lost and did not come back in time."""

    code = "E065"


class HttpCode(StrEnum):
    """Codes of the web API's own answers; input errors found by the core keep their class's code."""

    UNAUTHORIZED = "E101"
    NOT_FOUND = "E102"
    METHOD_NOT_ALLOWED = "E103"
    REQUEST_TOO_LARGE = "E104"
    UNSUPPORTED_MEDIA_TYPE = "E105"
    INVALID_REQUEST = "E106"
    BUSY = "E108"
    TIMEOUT = "E109"
    ANALYSIS_FAILED = "E110"
    BAD_REQUEST = "E111"


def error_classes() -> list[type[SpinscopeError]]:
    """Every coded error class, in the order of the table above."""
    found: list[type[SpinscopeError]] = []
    todo = list(SpinscopeError.__subclasses__())
    while todo:
        cls = todo.pop(0)
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: cls.code)


def all_codes() -> set[str]:
    """Every code spinscope can show: the error classes' and the web API's."""
    return {cls.code for cls in error_classes()} | {code.value for code in HttpCode}
