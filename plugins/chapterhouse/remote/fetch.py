"""Fetch one resource over HTTP(S), within explicit limits.

The rules, in one place:

* ``https://`` only; plain ``http://`` is accepted for this machine alone
  (``localhost``, ``127.0.0.0/8``, ``::1``), for previews and tests.
* Every redirect target is checked against the same rule, and at most
  ``Limits.max_redirects`` are followed.
* ``Limits.timeout`` bounds the whole fetch (connecting, every redirect and
  reading the body), not only each network operation.
* The body is streamed and the fetch stops as soon as it is larger than
  ``Limits.max_bytes`` (counted after decompression, so a compressed bomb
  is stopped too).
* A conditional request (``etag`` / ``last_modified`` from an earlier
  :class:`FetchResult`) may come back as "not modified" (status 304, empty
  body) instead of the resource.
* Every failure is one :class:`FetchError` whose message is one line naming
  the URL (credentials in the URL are never shown).

A :class:`Fetcher` owns one connection pool and no other state, so one can
serve many sources in a row; for bounded parallelism, run its ``fetch`` calls
from a ``concurrent.futures.ThreadPoolExecutor(max_workers=N)`` (each call is
independent). Nothing here imports Pelican.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

from chapterhouse.core.problems import printable

if TYPE_CHECKING:  # imported when a fetcher is made: a build without a network needs none
    import httpx

USER_AGENT = "Chapterhouse (+https://getpelican.com; static meetup sites)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


@dataclass(frozen=True)
class Limits:
    """What one fetch may cost.

    Attributes:
        timeout: Seconds for the whole fetch, redirects and body included.
        max_bytes: Largest body accepted, in bytes (after decompression).
        max_redirects: Most redirects followed.
    """

    timeout: float = 30.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.max_bytes < 1 or self.max_redirects < 0:
            raise ValueError(f"invalid fetch limits: {self}")


@dataclass(frozen=True)
class FetchResult:
    """What a fetch brought back.

    Attributes:
        url: The URL asked for.
        final_url: The URL that answered, after redirects.
        status: The HTTP status of the final answer (200…299, or 304).
        body: The body (empty when not modified).
        etag: The ``ETag`` header, for the next conditional request.
        last_modified: The ``Last-Modified`` header, likewise.
        content_type: The ``Content-Type`` header.
    """

    url: str
    final_url: str
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        """True when a conditional request found the resource unchanged."""
        return self.status == 304


class FetchError(Exception):
    """A fetch failed; ``str(error)`` is one line: ``URL: reason``."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = " ".join(reason.split())
        super().__init__(f"{display_url(url)}: {self.reason}")


def display_url(url: str) -> str:
    """``url`` for messages: one line, without a ``user:password@`` part."""
    try:
        parts = urlsplit(url)
        if parts.username is not None or parts.password is not None:
            host = parts.hostname or ""
            host = f"[{host}]" if ":" in host else host
            netloc = host + (f":{parts.port}" if parts.port else "")
            url = urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        pass
    shown = printable(url)
    return shown if len(shown) <= 200 else shown[:199] + "…"


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and the loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").rstrip(".").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """Return ``url`` if it may be fetched, else raise :class:`FetchError` saying why."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise FetchError(url, "not a valid URL") from None
    scheme = parts.scheme.lower()
    if not parts.hostname:
        raise FetchError(url, "not a full https:// URL")
    if scheme == "https" or (scheme == "http" and is_loopback(parts.hostname)):
        return url.strip()
    if scheme == "http":
        raise FetchError(url, "plain http:// is refused (use https://; http:// only for localhost)")
    raise FetchError(url, f"{scheme or 'this'}: URLs are refused (only https://)")


class Fetcher:
    """Fetches URLs one at a time over a shared connection pool, within ``limits``.

    Args:
        limits: Timeout, size and redirect limits for every fetch.
        user_agent: The ``User-Agent`` header.
        transport: An httpx transport (tests may pass ``httpx.MockTransport``).
    """

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
    ):
        import httpx

        self.limits = limits or Limits()
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(self.limits.timeout),
            headers={"User-Agent": user_agent},
            transport=transport,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def fetch(
        self, url: str, *, etag: str = "", last_modified: str = "", accept: str = "*/*"
    ) -> FetchResult:
        """GET ``url`` following the module's rules.

        Args:
            url: An ``https://`` URL (``http://`` for loopback hosts).
            etag: The ``ETag`` of a copy already held: sent as ``If-None-Match``.
            last_modified: Its ``Last-Modified``: sent as ``If-Modified-Since``.
            accept: The ``Accept`` header.

        Raises:
            FetchError: the URL is refused, the server cannot be reached or
                answers with an error, a limit is exceeded.
        """
        import httpx

        limits = self.limits
        deadline = time.monotonic() + limits.timeout
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = check_url(url)
        for _hop in range(limits.max_redirects + 1):
            try:
                with self._client.stream(
                    "GET", current, headers=headers, timeout=_remaining(deadline, url, limits)
                ) as response:
                    status = response.status_code
                    location = response.headers.get("location")
                    if status in _REDIRECTS and location:
                        target = urljoin(current, location.strip())
                        try:
                            current = check_url(target)
                        except FetchError as refused:
                            raise FetchError(
                                url, f"redirect to {display_url(target)} refused: {refused.reason}"
                            ) from None
                        continue
                    if status == 304 and (etag or last_modified):
                        return _result(url, current, response, b"")
                    if not 200 <= status < 300:
                        raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip())
                    body = _read(response, url, limits, deadline)
                    return _result(url, current, response, body)
            except httpx.TimeoutException:
                raise FetchError(url, f"no complete answer within {limits.timeout:g} s") from None
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
                raise FetchError(url, f"not a valid URL ({error})") from None
            except httpx.HTTPError as error:
                reason = str(error) or type(error).__name__
                raise FetchError(url, f"cannot fetch: {reason}") from None
        raise FetchError(url, f"more than {limits.max_redirects} redirects")


def fetch(
    url: str, limits: Limits | None = None, *, etag: str = "", last_modified: str = ""
) -> FetchResult:
    """Fetch one URL with a short-lived :class:`Fetcher` (see :meth:`Fetcher.fetch`)."""
    with Fetcher(limits) as fetcher:
        return fetcher.fetch(url, etag=etag, last_modified=last_modified)


def _remaining(deadline: float, url: str, limits: Limits) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(url, f"no complete answer within {limits.timeout:g} s")
    return left


def _read(response: httpx.Response, url: str, limits: Limits, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(url, f"the answer is larger than {limits.max_bytes:,} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(url, f"the answer is larger than {limits.max_bytes:,} bytes")
        chunks.append(chunk)
        _remaining(deadline, url, limits)
    return b"".join(chunks)


def _result(url: str, final_url: str, response: httpx.Response, body: bytes) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=final_url,
        status=response.status_code,
        body=body,
        etag=response.headers.get("etag", ""),
        last_modified=response.headers.get("last-modified", ""),
        content_type=response.headers.get("content-type", ""),
    )
