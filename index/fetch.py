"""Fetching feeds and pages over HTTP(S), politely and within bounds (the standard library's
``urllib`` only).

Every request has a deadline for the whole answer (a server that drips a byte at a time is cut
off) and a size limit (a body is read as a stream and dropped at the limit, never held whole);
redirects are followed by hand, at most ``max_redirects`` of them, to http(s) addresses only,
and a loop is named as one; the answer's content type must be one the caller takes. Requests to
one host are made one at a time, ``delay`` seconds apart. Conditional GET: ``If-None-Match`` and
``If-Modified-Since`` from the validators of the last answer; 304 is an answer with no body.

Every failure is a :class:`FetchError` whose message is one line.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

USER_AGENT = "factdesk/0.1 (terminal news reader; +https://github.com/factdesk)"
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "application/rss",
    "text/rss+xml",
    "application/feed+json",  # (refused later by the parser with a clear line)
    "text/plain",  # some servers say this of a feed
    "application/octet-stream",
)
PAGE_TYPES = ("text/html", "application/xhtml+xml")
MiB = 1024 * 1024


class FetchError(Exception):
    """A request that gave nothing usable; the message says why in one line."""


@dataclass
class FetchPolicy:
    timeout: float = 30.0  # seconds for a whole answer (each request of a redirect chain)
    idle: float = 15.0  # seconds a connection may stay silent
    max_bytes: int = 8 * MiB
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to one host
    user_agent: str = USER_AGENT


@dataclass
class Response:
    url: str  # the address that answered (after redirects)
    status: int  # 200, or 304 (not modified: no body)
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    redirects: list[str] = field(default_factory=list)


def is_web_address(url: str) -> bool:
    """An http(s) address with a host, and no white space or control character in it."""
    if not url or re.search(r"[\x00-\x20\x7f-\x9f]", url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def to_uri(url: str) -> str:
    """An address as sent on the wire: a non-ASCII host in IDNA, other non-ASCII characters
    percent-encoded (feeds hold IRIs: 'https://ar.example/أخبار'); no fragment."""
    from urllib.parse import quote, urlunsplit

    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        host = parts.hostname or ""
        try:
            netloc = netloc.replace(host, host.encode("idna").decode("ascii"))
        except UnicodeError:
            raise FetchError(f"not a valid host name: {host[:100]}") from None
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class _NoRedirects:
    """An opener that hands every 3xx answer back instead of following it."""

    def __init__(self) -> None:
        import urllib.request

        class Stop(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None  # urllib then raises HTTPError with the 3xx answer

        # http and https only: no file://, ftp:// or data: from a hostile feed or redirect
        self.opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.ProxyHandler(),
            urllib.request.UnknownHandler(),
            urllib.request.HTTPHandler(),
            urllib.request.HTTPSHandler(),
            urllib.request.HTTPDefaultErrorHandler(),
            Stop(),
            urllib.request.HTTPErrorProcessor(),
        ):
            self.opener.add_handler(handler)


class Fetcher:
    """Polite, bounded GETs, shared by the threads of one update."""

    def __init__(self, policy: FetchPolicy | None = None):
        self.policy = policy or FetchPolicy()
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}
        self._guard = threading.Lock()
        self._opener = _NoRedirects().opener

    def _host_lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def get(
        self,
        url: str,
        accept: tuple[str, ...],
        etag: str = "",
        last_modified: str = "",
        max_bytes: int | None = None,
    ) -> Response:
        """GET ``url``; raises FetchError. ``accept``: the content types taken (by their
        ``type/subtype``); an answer without a content type is taken."""
        policy = self.policy
        limit = max_bytes or policy.max_bytes
        seen: list[str] = []
        current = url
        while True:
            if not is_web_address(current):
                raise FetchError(f"not a web address: {current[:200]}")
            if current in seen:
                raise FetchError(f"redirect loop ({len(seen)} redirects, back to {current})")
            if len(seen) > policy.max_redirects:
                raise FetchError(f"too many redirects (more than {policy.max_redirects})")
            seen.append(current)
            answer = self._once(current, accept, etag, last_modified, limit)
            if isinstance(answer, Response):
                answer.redirects = seen[1:]
                return answer
            current = answer  # a redirect's target

    def _once(self, url, accept, etag, last_modified, limit) -> Response | str:
        import urllib.error
        import urllib.request

        host = host_of(url)
        headers = {
            "User-Agent": self.policy.user_agent,
            "Accept": ", ".join(accept) + ", */*;q=0.1",
            "Accept-Encoding": "identity",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(to_uri(url), headers=headers)
        with self._host_lock(host):
            wait = self._next.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            # each request of a redirect chain has the whole timeout, counted from when it
            # starts (not while it waits for its host)
            deadline = time.monotonic() + self.policy.timeout
            try:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise FetchError(f"timed out after {self.policy.timeout:g}s")
                try:
                    response = self._opener.open(request, timeout=min(self.policy.idle, remaining))
                except urllib.error.HTTPError as err:
                    return self._not_ok(err, url)
                try:
                    return self._read(response, url, accept, limit, deadline)
                finally:
                    response.close()
            except FetchError:
                raise
            except urllib.error.URLError as err:
                reason = err.reason
                if isinstance(reason, TimeoutError):
                    raise FetchError(f"timed out after {self.policy.timeout:g}s") from None
                text = getattr(reason, "strerror", None) or str(reason)
                raise FetchError(f"cannot connect: {text}") from None
            except TimeoutError:
                raise FetchError(f"timed out after {self.policy.timeout:g}s") from None
            except (OSError, ValueError) as err:
                import http.client

                if isinstance(err, http.client.HTTPException):
                    raise FetchError(f"broken HTTP answer ({type(err).__name__})") from None
                raise FetchError(f"cannot fetch: {getattr(err, 'strerror', None) or err}") from None
            except Exception as err:  # http.client's protocol errors
                raise FetchError(f"broken HTTP answer ({type(err).__name__})") from None
            finally:
                self._next[host] = time.monotonic() + self.policy.delay

    def _not_ok(self, err, url: str) -> Response | str:
        """A 3xx (its target), a 304 (not modified) or an error status."""
        try:
            if err.code == 304:
                return Response(
                    url=url,
                    status=304,
                    etag=err.headers.get("ETag", "") or "",
                    last_modified=err.headers.get("Last-Modified", "") or "",
                )
            if err.code in (301, 302, 303, 307, 308):
                target = err.headers.get("Location")
                if not target:
                    raise FetchError(f"HTTP {err.code} redirect without a Location")
                return urljoin(url, target.strip())
            reason = " ".join(str(err.reason or "").split())[:80]
            raise FetchError(f"HTTP {err.code} {reason}".rstrip())
        finally:
            err.close()

    def _read(self, response, url: str, accept, limit: int, deadline: float) -> Response:
        content_type = response.headers.get("Content-Type", "") or ""
        kind = content_type.split(";")[0].strip().lower()
        if kind and kind not in accept:
            raise FetchError(f"unexpected content type {kind[:60]}")
        length = response.headers.get("Content-Length")
        if length and length.strip().isdigit() and int(length) > limit:
            raise FetchError(
                f"too large ({int(length) / MiB:.0f} MiB, limit {limit / MiB:.0f} MiB)"
            )
        chunks: list[bytes] = []
        total = 0
        sock = _socket_of(response)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(f"timed out after {self.policy.timeout:g}s")
            if sock is not None:
                sock.settimeout(min(self.policy.idle, remaining))
            chunk = response.read1(65536)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise FetchError(f"too large (more than {limit / MiB:.0f} MiB)")
            chunks.append(chunk)
        return Response(
            url=url,
            status=200,
            body=b"".join(chunks),
            content_type=content_type,
            etag=response.headers.get("ETag", "") or "",
            last_modified=response.headers.get("Last-Modified", "") or "",
        )


def _socket_of(response):
    """The socket under an http.client response (to bound each read by the deadline)."""
    try:
        return response.fp.raw._sock
    except AttributeError:
        return None
