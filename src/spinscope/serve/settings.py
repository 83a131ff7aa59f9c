"""Server settings: one frozen object built by the CLI (or a test) and read by the app."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from spinscope.errors import OptionError
from spinscope.ingest.fetch import FetchPolicy
from spinscope.model.onnx_runtime import available_cores

TOKEN_ENV = "SPINSCOPE_API_TOKEN"
DEFAULT_MAX_BODY = 1_000_000


@dataclass(frozen=True, slots=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    pool_size: int = 2
    """Analyses that run at the same time (threads)."""
    queue_size: int = 8
    """Requests that may wait for a free thread; one more is answered 503 at once."""
    max_body: int = DEFAULT_MAX_BODY
    """Largest request body in bytes (uploads included); larger ones get 413."""
    timeout: float = 30.0
    """Seconds a request may wait and run before it is answered 503."""
    model_dir: Path | None = None
    threads: int | None = None
    """ONNX Runtime threads per analysis; None: the CPU cores shared among the pool."""
    api_token: str | None = None
    """When set, every route but the public ones of :mod:`spinscope.serve.access` needs it."""
    url_input: bool = False
    """Offer analysis of a page by URL (form field and ``/v1/analyze/url``); off unless asked for."""
    url_allowed: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    """Non-public networks that URL input may reach all the same (tests: 127.0.0.1/32)."""
    corpus_db: str | None = None
    """Result store of ``spinscope batch`` (path or database URL): adds /corpus and /v1/corpus/*.
    The app opens it when it starts and closes it when it stops."""

    def __post_init__(self) -> None:
        checks = (
            (self.pool_size >= 1, f"pool size must be at least 1, got {self.pool_size}"),
            (self.queue_size >= 0, f"queue size must be 0 or more, got {self.queue_size}"),
            (self.max_body >= 1, f"max body must be at least 1 byte, got {self.max_body}"),
            (self.timeout > 0, f"timeout must be more than 0 seconds, got {self.timeout}"),
            (0 <= self.port <= 65535, f"port must be between 0 and 65535, got {self.port}"),
        )
        for ok, message in checks:
            if not ok:
                raise OptionError(message)

    def with_env(self, environ: Mapping[str, str] | None = None) -> ServeSettings:
        """These settings with the API token taken from ``SPINSCOPE_API_TOKEN`` (if set and non-empty)."""
        token = (os.environ if environ is None else environ).get(TOKEN_ENV, "").strip()
        return replace(self, api_token=token or None)

    @property
    def analysis_threads(self) -> int:
        if self.threads is not None:
            return self.threads
        return max(1, available_cores() // self.pool_size)

    def fetch_policy(self) -> FetchPolicy:
        """URL input: public addresses only, within the request limits of this server."""
        limit = min(self.timeout, 20.0)
        return FetchPolicy(limit, self.max_body, public_only=True, allowed=self.url_allowed)

    @property
    def loopback_only(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False
