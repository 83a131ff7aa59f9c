"""Riding out a result store that goes away for a while: calls that fail because the
connection was lost are retried with backoff for a bounded time, then give a one-line error."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from spinscope.errors import StoreUnavailableError

P = ParamSpec("P")
T = TypeVar("T")

DEFAULT_PATIENCE_SECONDS = 60.0


def connection_lost(exc: BaseException) -> bool:
    """Whether a database error means the store could not be reached (rather than a refusal
    of the data, which retrying cannot fix)."""
    return isinstance(exc, DBAPIError) and (
        exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError)
    )


def reason_of(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@dataclass(slots=True)
class Reconnecting:
    """Calls ``fn`` until it succeeds; while the store is unreachable, retries for up to
    ``patience`` seconds, telling ``notify`` when the store goes and when it comes back."""

    store_name: str
    notify: Callable[[str], None]
    patience: float = DEFAULT_PATIENCE_SECONDS
    sleep: Callable[[float], None] = field(default=time.sleep)

    def __call__(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        deadline: float | None = None
        pause = 0.5
        while True:
            try:
                result = fn(*args, **kwargs)
            except DBAPIError as exc:
                if not connection_lost(exc):
                    raise
                now = time.monotonic()
                if deadline is None:
                    deadline = now + self.patience
                    self.notify(
                        f"the result store {self.store_name} is unreachable ({reason_of(exc)}); "
                        f"retrying for up to {self.patience:g} s"
                    )
                if now >= deadline:
                    raise StoreUnavailableError(
                        f"{self.store_name}: the result store was unreachable for {self.patience:g} s "
                        f"({reason_of(exc)}); documents stored so far are kept: run the same command "
                        "again to resume"
                    ) from exc
                self.sleep(min(pause, max(0.0, deadline - now)))
                pause = min(pause * 2, 5.0)
                continue
            if deadline is not None:
                self.notify(f"the result store {self.store_name} is reachable again; the batch goes on")
            return result
