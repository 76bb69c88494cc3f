"""One polite, bounded HTTP client: http(s) only, public addresses only (unless allowed), a minimum delay
per host, robots.txt honoured, bodies capped, redirects checked hop by hop, retries on 429 and 5xx only."""

from __future__ import annotations

import email.utils
import hashlib
import ipaddress
import socket
import time
from dataclasses import dataclass, replace
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from pipeline.fetch.sources import Limits

PROJECT = "critmin"
VERSION = "0.1.0"
# Where a site owner reads what critmin is; no public home is recorded elsewhere in the project yet.
PROJECT_URL = "https://github.com/critmin/critmin"
REDIRECTS = (301, 302, 303, 307, 308)
RETRIED = (429, 500, 502, 503, 504)


def user_agent(contact: str | None = None) -> str:
    """critmin/VERSION (+PROJECT_URL[; contact]): names the project so a site owner can tell who calls."""
    return f"{PROJECT}/{VERSION} (+{PROJECT_URL}{'; ' + contact if contact else ''})"


@dataclass(frozen=True)
class Fetched:
    """What one fetch attempt gave: a body (outcome fetched), nothing new (unchanged), or why not."""

    url: str
    final_url: str | None
    status: int | None
    outcome: str  # fetched, unchanged, failed, skipped
    reason: str | None = None
    content_type: str | None = None
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None  # a redirect's target, as sent
    retry_after: str | None = None  # a 429's or 503's Retry-After header, as sent


class Sink:
    """Where a download's body goes as it comes: an open binary file, its SHA-256 and size kept as written,
    and the most bytes it may take (over them the download fails: `too large`)."""

    def __init__(self, file: BinaryIO, max_bytes: int):
        self.file, self.max_bytes = file, max_bytes
        self.reset()

    def reset(self) -> None:
        self.file.seek(0)
        self.file.truncate()
        self.size, self._hash = 0, hashlib.sha256()

    def write(self, chunk: bytes) -> None:
        self.file.write(chunk)
        self._hash.update(chunk)
        self.size += len(chunk)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


def address_problem(url: str, allow_private: bool) -> str | None:
    """Why `url` must not be fetched (not http(s), unresolvable, or a loopback/private address), else None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"not an http(s) address ({url}): only http:// and https:// are fetched"
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as err:
        return f"host {parts.hostname} could not be resolved ({err}): check the address"
    if allow_private:
        return None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            return (f"{parts.hostname} is a loopback, private or reserved address ({address}), which is not fetched: "
                    "set allow_private: true in the sources file only for a server you run yourself")
    return None


def retry_after_s(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number, or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class PoliteClient:
    """The one client every request goes through; it remembers when it last called each host and each
    host's robots.txt, so requests to one host are one at a time, at least min_delay_s apart."""

    def __init__(self, limits: Limits, allow_private: bool = False, contact: str | None = None):
        self.limits = limits
        self.allow_private = allow_private
        self.agent = user_agent(contact)
        timeout = httpx.Timeout(limits.read_timeout_s, connect=limits.connect_timeout_s)
        # trust_env=False: no proxy or netrc from the environment, so a request goes only where it says.
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                                    headers={"User-Agent": self.agent})
        self._last_call: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | str] = {}
        self.requests = 0

    def close(self) -> None:
        self._client.close()

    def _wait_turn(self, url: str, min_delay_s: float | None) -> None:
        host = urlsplit(url).netloc
        delay = self.limits.min_delay_s if min_delay_s is None else min_delay_s
        robots = self._robots.get(host)
        if isinstance(robots, RobotFileParser):
            delay = max(delay, float(robots.crawl_delay(self.agent) or 0))
        last = self._last_call.get(host)
        if last is not None and time.monotonic() - last < delay:
            time.sleep(delay - (time.monotonic() - last))
        self._last_call[host] = time.monotonic()

    def _request(self, url: str, headers: dict[str, str], min_delay_s: float | None, sink: Sink | None = None
                 ) -> Fetched:
        """One request, no redirect followed; the body read within max_bytes and total_timeout_s, or, with a
        `sink` (a download), written to it as it comes, within the sink's own byte limit and no total time."""
        self._wait_turn(url, min_delay_s)
        self.requests += 1
        limits = self.limits if sink is None else replace(self.limits, max_bytes=sink.max_bytes,
                                                          total_timeout_s=float("inf"))
        deadline = time.monotonic() + limits.total_timeout_s
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status, head = response.status_code, response.headers
                kept = dict(url=url, final_url=url, status=status, content_type=head.get("content-type"),
                            etag=head.get("etag"), last_modified=head.get("last-modified"),
                            location=head.get("location"), retry_after=head.get("retry-after"))
                if status in REDIRECTS or status == 304 or status >= 400:
                    return Fetched(outcome="failed", **kept)
                length = head.get("content-length", "")
                if length.isdigit() and int(length) > limits.max_bytes:
                    return Fetched(outcome="failed", reason=_too_large(int(length), limits, "declared"), **kept)
                body = bytearray()
                for chunk in response.iter_bytes():
                    if sink is not None:
                        sink.write(chunk)
                    else:
                        body += chunk
                    size = len(body) if sink is None else sink.size
                    if size > limits.max_bytes:
                        return Fetched(outcome="failed", reason=_too_large(size, limits, "read before stopping"),
                                       **kept)
                    if time.monotonic() > deadline:
                        return Fetched(outcome="failed", reason=f"timeout: the body took over {limits.total_timeout_s:g} s "
                                       "(total_timeout_s); the server may be streaming without end", **kept)
                return Fetched(outcome="fetched", body=bytes(body), **kept)
        except httpx.TimeoutException as err:
            return Fetched(url, url, None, "failed", f"timeout ({type(err).__name__}): the server did not answer within "
                           f"{limits.connect_timeout_s:g} s to connect / {limits.read_timeout_s:g} s to read; try later")
        except httpx.HTTPError as err:
            return Fetched(url, url, None, "failed", f"connection failed ({type(err).__name__}: {err}): check the "
                           "address, or try later")

    def _follow(self, url: str, headers: dict[str, str], min_delay_s: float | None, sink: Sink | None = None
                ) -> Fetched:
        """The response at the end of `url`'s redirects, each hop's address checked before it is called."""
        seen = [url]
        while True:
            problem = address_problem(url, self.allow_private)
            if problem:
                hop = "" if len(seen) == 1 else f"redirect refused ({' -> '.join(seen[-2:])}): "
                return Fetched(seen[0], url, None, "failed", hop + problem)
            result = self._request(url, headers, min_delay_s, sink)
            if result.status not in REDIRECTS:
                return _with_origin(result, seen[0])
            target = urljoin(url, result.location or "")
            if not result.location:
                return _with_origin(_failed(result, "redirect without a Location header"), seen[0])
            if target in seen:
                return _with_origin(_failed(result, f"redirect loop ({url} -> {target})"), seen[0])
            if len(seen) > self.limits.max_redirects:
                return _with_origin(_failed(result, f"too many redirects (over max_redirects = "
                                                    f"{self.limits.max_redirects})"), seen[0])
            seen.append(target)
            url = target

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            min_delay_s: float | None = None, sink: Sink | None = None) -> Fetched:
        """GET `url` politely: conditional when etag/last_modified are given, retried on 429/5xx. With a
        `sink` the body goes to it as it comes (never held whole), and the result has no body."""
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        for attempt in range(self.limits.max_retries + 1):
            if sink is not None:
                sink.reset()  # a retried download starts again from its first byte
            result = self._follow(url, headers, min_delay_s, sink)
            if result.status == 304:
                return Fetched(url, result.final_url, 304, "unchanged", "not modified since the last fetch",
                               result.content_type, None, etag, last_modified)
            if result.status not in RETRIED:
                return _described(result)
            asked = retry_after_s(result.retry_after)
            wait = asked if asked is not None else self.limits.backoff_s * 2 ** attempt
            if attempt == self.limits.max_retries or wait > self.limits.max_retry_wait_s:
                return _described(result, gave_up_after=attempt + 1, wait=wait)
            time.sleep(wait)
        raise AssertionError("unreachable")

    def allowed(self, url: str) -> tuple[bool, str | None]:
        """Whether robots.txt of `url`'s host lets critmin fetch it (read once per host), and why not."""
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            self._robots[host] = self._read_robots(f"{parts.scheme}://{host}/robots.txt")
        robots = self._robots[host]
        if isinstance(robots, str):
            return False, robots
        if robots.can_fetch(self.agent, url):
            return True, None
        return False, f"robots.txt of {host} disallows it for {PROJECT}: not fetched (ask the site, or drop the URL)"

    def _read_robots(self, url: str) -> RobotFileParser | str:
        result = self._follow(url, {}, None)
        parser = RobotFileParser(url)
        if result.outcome == "fetched" and result.body is not None:
            parser.parse(result.body.decode("utf-8", "replace").splitlines())
        elif result.status is not None and 400 <= result.status < 500:
            parser.parse([])  # no robots.txt: everything is allowed
        else:  # unreachable or a server error: RFC 9309 says to assume everything is disallowed
            return f"robots.txt ({url}) could not be read ({result.reason or result.status}): not fetched; try later"
        return parser


def _too_large(size: int, limits: Limits, how: str) -> str:
    if limits.total_timeout_s == float("inf"):  # a download (a web archive), bounded by max_warc_bytes
        return (f"too large: over {limits.max_bytes:,} bytes (max_warc_bytes; {size:,} {how}): raise "
                "limits.max_warc_bytes to download a larger archive")
    return (f"too large: over {limits.max_bytes:,} bytes (max_bytes; {size:,} {how}): not a news page; "
            "raise limits.max_bytes if it really is one")


def _failed(result: Fetched, reason: str) -> Fetched:
    return replace(result, outcome="failed", reason=reason, body=None)


def _with_origin(result: Fetched, origin: str) -> Fetched:
    return replace(result, url=origin)


def _attempts(n: int) -> str:
    return f"{n} attempt{'s' if n != 1 else ''}"


def _described(result: Fetched, gave_up_after: int = 0, wait: float = 0.0) -> Fetched:
    """A failed result with a reason a person can act on."""
    if result.outcome != "failed" or result.reason is not None or result.status is None or result.status < 400:
        return result
    status = result.status
    if status == 429:
        why = f"HTTP 429 (too many requests) after {_attempts(gave_up_after)}"
        if wait:
            why += f"; the server asked to wait {wait:g} s"
        return _failed(result, why + ": fetch again later, or raise limits.min_delay_s for this host")
    if status >= 500:
        return _failed(result, f"HTTP {status} (server error) after {_attempts(gave_up_after)}: fetch again later")
    if status in (401, 403):
        return _failed(result, f"HTTP {status} (access refused): the page needs a login or refuses critmin; drop it")
    if status in (404, 410):
        return _failed(result, f"HTTP {status} (not found): check the address, or drop it from the sources")
    return _failed(result, f"HTTP {status}: check the address")
