"""A news site on 127.0.0.1 for the fetch tests, started by the test itself: an RSS and an Atom feed
(answering conditional requests), article pages written by us, robots.txt, and hostile endpoints (a page
that never answers, one that streams without end, a 50 MB body, redirect loops, a redirect to file://,
404, 429 with Retry-After, 500, a binary body called HTML). Every request is logged."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Our own short reports of public events, written for these tests.
ARTICLES = {
    "/news/gallium.html": ("China tightens gallium exports", "2023-07-03",
                           "Beijing said on Monday that exporters of gallium and germanium will need a licence "
                           "from August 1. The commerce ministry said the controls protect national security. "
                           "Chip makers in Japan and South Korea said they were checking their stocks of both metals."),
    "/news/cobalt.html": ("Congo halts cobalt exports", "2025-02-22",
                          "The Democratic Republic of the Congo suspended cobalt exports for four months on "
                          "Saturday. The strategic minerals authority said the halt should steady prices after a "
                          "long fall. Traders in London said cobalt prices rose soon after the announcement."),
    "/news/ministers.html": ("Ministers meet on critical minerals in Washington", "2026-01-12",
                             "Finance ministers of the G7 met in Washington on Monday to discuss supply chains for "
                             "critical minerals. The United States Treasury hosted the talks. Japan and Canada "
                             "said they would share plans for stockpiles of rare earths."),
    "/news/flaky.html": ("Indonesia keeps nickel ore ban", "2024-05-02",
                         "Indonesia said on Thursday it will keep its ban on nickel ore exports in place. The "
                         "mining ministry said refining at home has brought new smelters. Buyers in China said "
                         "they expect the policy to stay for years."),
}
SECRET = ("Private notes", "2025-01-01", "This page is disallowed by robots.txt and must never be requested.")
EMPTY_PAGE = b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
RSS_ETAG = '"rss-1"'
ATOM_MODIFIED = "Mon, 12 Jan 2026 10:00:00 GMT"


def page(title: str, date: str, text: str) -> bytes:
    return (f"<html lang='en'><head><title>{title}</title><meta property='article:published_time' content='{date}'>"
            f"</head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>").encode()


def rss(base: str) -> bytes:
    items = "".join(f"<item><title>{t}</title><link>{base}{p}</link></item>"
                    for p, (t, _, _) in list(ARTICLES.items())[:2])
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Test wire</title>{items}</channel></rss>".encode()


def atom(base: str) -> bytes:
    return (f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Test desk</title>"
            f"<id>{base}/atom.xml</id><updated>2026-01-12T10:00:00Z</updated><entry><title>Ministers</title>"
            f"<id>{base}/news/ministers.html</id><link href='/news/ministers.html'/>"
            f"<updated>2026-01-12T10:00:00Z</updated></entry></feed>").encode()


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class NewsSite:
    base: str
    requests: list[Request] = field(default_factory=list)
    flaky_calls: int = 0

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


class Handler(BaseHTTPRequestHandler):
    site: NewsSite

    def log_message(self, *args) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the client gave up first (the slow page), as it should
            pass

    def stream(self, chunk: bytes, pause: float, length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if length:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        stop = time.monotonic() + 20
        try:
            while time.monotonic() < stop:
                self.wfile.write(chunk)
                time.sleep(pause)
        except OSError:  # the client hung up, as it should
            pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        site = self.site
        site.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
        path = self.path
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/rss.xml":
            if self.headers.get("If-None-Match") == RSS_ETAG:
                return self.send(304, ETag=RSS_ETAG)
            return self.send(200, rss(site.base), "application/rss+xml", ETag=RSS_ETAG)
        if path == "/atom.xml":
            if self.headers.get("If-Modified-Since") == ATOM_MODIFIED:
                return self.send(304)
            return self.send(200, atom(site.base), "application/atom+xml", Last_Modified=ATOM_MODIFIED)
        if path == "/news/flaky.html":
            site.flaky_calls += 1
            if site.flaky_calls == 1:
                return self.send(429, b"slow down", Retry_After="1")
        if path in ARTICLES:
            return self.send(200, page(*ARTICLES[path]))
        if path == "/private/secret.html":
            return self.send(200, page(*SECRET))
        if path == "/empty.html":
            return self.send(200, EMPTY_PAGE)
        if path == "/slow.html":
            time.sleep(3)
            return self.send(200, page(*SECRET))
        if path == "/endless.html":
            return self.stream(b"<p>more</p>" * 100, 0.05)
        if path == "/huge.html":
            return self.stream(b"\x20" * 65536, 0, length=50 * 1024 * 1024)
        if path == "/loop.html":
            return self.send(302, Location="/loop2.html")
        if path == "/loop2.html":
            return self.send(302, Location="/loop.html")
        if path == "/to-file.html":
            return self.send(302, Location="file:///etc/passwd")
        if path == "/busy.html":
            return self.send(429, b"busy", Retry_After="3600")
        if path == "/broken.html":
            return self.send(500, b"oops")
        if path == "/binary.html":
            return self.send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
        return self.send(404, b"not here")


def start_site() -> tuple[NewsSite, ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site = NewsSite(base=f"http://127.0.0.1:{server.server_address[1]}")
    Handler.site = site
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site, server


TEST_LIMITS = """limits:
  connect_timeout_s: 1
  read_timeout_s: 0.5
  total_timeout_s: 1.5
  max_bytes: 200000
  max_redirects: 3
  max_retries: 1
  backoff_s: 0.01
  max_retry_wait_s: 2
  min_delay_s: 0
"""
HOSTILE = ("/slow.html", "/endless.html", "/huge.html", "/loop.html", "/to-file.html", "/missing.html",
           "/busy.html", "/broken.html", "/binary.html", "/private/secret.html", "/empty.html")


def sources_yaml(base: str, allow_private: bool = True) -> str:
    urls = "\n".join(f"  - {base}{p}" for p in HOSTILE)
    return (f"feeds:\n  - {base}/rss.xml\n  - {{url: {base}/atom.xml, name: desk, min_delay_s: 0}}\n"
            f"urls:\n  - {{url: {base}/news/flaky.html, name: flaky}}\n{urls}\n"
            f"allow_private: {'true' if allow_private else 'false'}\n{TEST_LIMITS}")
