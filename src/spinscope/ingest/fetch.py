"""Fetching a web page by URL with httpx: a timeout for the whole fetch, a size limit, a bounded
number of redirects, and optionally a refusal of loopback, private and link-local addresses
(server-side request forgery) checked at every hop on the address actually connected to."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spinscope.errors import FetchError, RefusedAddressError

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
WEB_MEDIA_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_REDIRECTS = (301, 302, 303, 307, 308)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    timeout: float = 20.0
    """Seconds for the whole fetch, redirects included."""
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    public_only: bool = False
    """Refuse hosts that resolve to loopback, private, link-local or other non-global addresses."""
    allowed: tuple[IPNetwork, ...] = field(default_factory=tuple)
    """Networks accepted even when ``public_only`` (tests use 127.0.0.1/32)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    """The URL finally answered, after redirects."""
    content: bytes
    media_type: str
    charset: str | None


def fetch(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """GET ``url`` (http or https); a one-line :class:`FetchError` for every failure."""
    import httpx

    policy = policy or FetchPolicy()
    deadline = time.monotonic() + policy.timeout
    current = httpx.URL(url)
    with httpx.Client(timeout=policy.timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(policy.max_redirects + 1):
            _check_scheme(current, url)
            request = _request(client, current, policy)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                raise FetchError(f"{url}: no answer within {policy.timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: cannot connect to {current.host}: {_reason(exc)}") from exc
            try:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = current.join(response.headers["location"])
                    continue
                return _read(response, url, str(current), policy, deadline)
            finally:
                response.close()
    raise FetchError(f"{url}: more than {policy.max_redirects} redirects")


def _check_scheme(current: Any, url: str) -> None:
    if current.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched, not {current.scheme}:")


def _request(client: Any, current: Any, policy: FetchPolicy) -> Any:
    """The request for ``current``; with ``public_only``, sent to an address checked here (the
    name is resolved once, so it cannot resolve elsewhere between the check and the connection)."""
    headers = {"User-Agent": "spinscope", "Accept": "text/html, application/xhtml+xml, text/plain"}
    if not policy.public_only:
        return client.build_request("GET", current, headers=headers)
    host = current.host
    address = _public_address(host, current.port or (443 if current.scheme == "https" else 80), policy)
    pinned = current.copy_with(host=address)
    headers["Host"] = current.netloc.decode("ascii")
    return client.build_request("GET", pinned, headers=headers, extensions={"sni_hostname": host})


def _public_address(host: str, port: int, policy: FetchPolicy) -> str:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host}: {exc.strerror}") from exc
    addresses = [ipaddress.ip_address(info[4][0]) for info in found]
    refused = [a for a in addresses if not _acceptable(a, policy.allowed)]
    if refused or not addresses:
        raise RefusedAddressError(
            f"refused to fetch from {host} ({refused[0] if refused else 'no address'}): "
            "loopback, private and link-local addresses are not fetched"
        )
    return str(addresses[0])


def _acceptable(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allowed: Iterable[IPNetwork]) -> bool:
    if any(address in network for network in allowed):
        return True
    mapped = getattr(address, "ipv4_mapped", None)
    return _acceptable(mapped, ()) if mapped is not None else address.is_global and not address.is_multicast


def _read(response: Any, url: str, final_url: str, policy: FetchPolicy, deadline: float) -> Fetched:
    import httpx

    if response.status_code >= 400:
        raise FetchError(f"{url}: the server answered {response.status_code} {response.reason_phrase}")
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type and media_type not in WEB_MEDIA_TYPES:
        raise FetchError(f"{url}: is {media_type}, not a web page or plain text")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(f"{url}: {int(declared):,} bytes, more than the limit of {policy.max_bytes:,} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > policy.max_bytes:
                raise FetchError(f"{url}: more than the limit of {policy.max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: not received within {policy.timeout:g} s")
            chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: not received within {policy.timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: transfer failed: {_reason(exc)}") from exc
    return Fetched(final_url, b"".join(chunks), media_type or "text/html", response.charset_encoding)


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
