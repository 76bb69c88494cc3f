"""One fetch of a sources file: feeds polled with conditional requests, the pages they and the URL lists
name fetched once each, every attempt a manifest row, and a per-source tally for the summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

import courlan
import feedparser
import polars as pl

from pipeline.fetch.archives import download_warc
from pipeline.fetch.http import Fetched, PoliteClient
from pipeline.fetch.landing import landing_path, read_manifest, store_body, write_manifest
from pipeline.fetch.sources import Source, Sources, SourcesError, load_sources

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Tally:
    """What one source gave in one fetch."""

    fetched: int = 0
    unchanged: int = 0
    already_stored: int = 0  # pages fetched before: not asked again (critmin fetch --refetch asks)
    robots: int = 0
    failed: Counter = field(default_factory=Counter)
    new_pages: int = 0  # fetched pages whose body the landing zone did not hold yet


@dataclass
class FetchReport:
    tallies: dict[str, Tally]
    rows: list[dict]
    requests: int
    manifest: Path | None


def _reason_kind(reason: str) -> str:
    """The first words of a failure reason, for the summary's counts ('HTTP 404', 'timeout', 'too large')."""
    head = reason.split(":")[0].split("(")[0].strip()
    return head if len(head) <= 30 else head[:29] + "…"


def _page_problem(result: Fetched) -> str | None:
    """Why a fetched page is no HTML article page, else None."""
    kind = (result.content_type or "").split(";")[0].strip().lower()
    if kind not in HTML_TYPES:
        return f"not HTML (content type {kind or 'none'}): only web pages are read as articles; drop the URL"
    if b"\x00" in (result.body or b"")[:8192]:
        return "not HTML: the body is binary (NUL bytes) though the server calls it HTML; drop the URL"
    return None


def url_key(url: str) -> str:
    """The address a page is known by, so one page is fetched once however a feed links it: courlan's
    normalisation (host in lower case, default port, sorted query) without the fragment and the tracking
    parameters (utm_*, fbclid, ...)."""
    try:
        return courlan.normalize_url(url, strict=True)
    except Exception:  # noqa: BLE001 - an address courlan cannot parse is its own key
        return url


def feed_links(body: bytes, base_url: str) -> tuple[list[str], str | None]:
    """The http(s) entry links of an RSS or Atom feed, in feed order, and why it is no feed (else None)."""
    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        return [], "not an RSS or Atom feed (no entries could be read): check the feed address"
    links = []
    for entry in parsed.entries:
        link = urljoin(base_url, (entry.get("link") or "").strip())
        if urlsplit(link).scheme in ("http", "https") and url_key(link) not in {url_key(x) for x in links}:
            links.append(link)
    return links, None


def _row(source: Source, kind: str, result: Fetched, sha256: str | None) -> dict:
    return {"url": result.url, "final_url": result.final_url, "source": source.name, "kind": kind,
            "fetched_at": dt.datetime.now(dt.timezone.utc), "status": result.status, "outcome": result.outcome,
            "reason": result.reason, "content_type": result.content_type,
            "bytes": len(result.body) if sha256 and result.body is not None else None, "sha256": sha256,
            "etag": result.etag, "last_modified": result.last_modified}


def warc_row(path: Path) -> dict:
    """A web archive of the sources file, recorded (not copied): every build reads it where it lies."""
    source = Source(url=str(path.resolve()), name=path.name)
    if not path.is_file():
        return _row(source, "warc", Fetched(source.url, None, None, "failed", (
            f"WARC file {path} does not exist or is not a file: check the path (relative to the sources file)")), None)
    return _row(source, "warc", Fetched(source.url, source.url, None, "fetched", content_type="application/warc"),
                None) | {"bytes": path.stat().st_size}


class _Fetch:
    """The state of one fetch: the client, what the landing zone held before, the rows and tallies."""

    def __init__(self, sources: Sources, warehouse: Path, refetch: bool, progress: Callable[[str], None]):
        self.landing = landing_path(warehouse)
        manifest = read_manifest(self.landing)
        fetched = manifest.filter(pl.col("outcome") == "fetched")
        self.known_pages = {url_key(u) for u in fetched.filter(pl.col("kind") == "page")["url"].to_list()}
        self.known_warcs = {url_key(u) for u in fetched.filter(pl.col("kind") == "warc")["url"].to_list()
                            if u.startswith(("http://", "https://"))}
        self.max_warc_bytes = sources.limits.max_warc_bytes
        self.known_bodies = set(fetched["sha256"].drop_nulls().to_list())
        last = fetched.filter(pl.col("kind") == "feed").unique("url", keep="last", maintain_order=True)
        self.validators = {r["url"]: (r["etag"], r["last_modified"]) for r in last.iter_rows(named=True)}
        self.client = PoliteClient(sources.limits, sources.allow_private, sources.contact)
        self.refetch, self.progress = refetch, progress
        self.rows: list[dict] = []
        self.tallies: dict[str, Tally] = {}

    def attempt(self, source: Source, kind: str) -> Fetched:
        """Fetch one feed or page (robots.txt first), store its body, record the row; returns the result."""
        tally = self.tallies.setdefault(source.name, Tally())
        allowed, why = self.client.allowed(source.url)
        if not allowed:
            result = Fetched(source.url, None, None, "skipped", why)
            tally.robots += 1
        else:
            # --refetch asks again for everything, feeds too, without validators.
            conditional = kind == "feed" and not self.refetch
            etag, modified = self.validators.get(source.url, (None, None)) if conditional else (None, None)
            result = self.client.get(source.url, etag=etag, last_modified=modified, min_delay_s=source.min_delay_s)
            problem = _page_problem(result) if kind == "page" and result.outcome == "fetched" else None
            if problem:
                result = Fetched(result.url, result.final_url, result.status, "failed", problem, result.content_type)
        sha256 = store_body(self.landing, result.body) if result.outcome == "fetched" and result.body is not None else None
        if result.outcome == "fetched":
            tally.fetched += 1
            if kind == "page" and sha256 not in self.known_bodies:
                tally.new_pages += 1
            self.known_bodies.add(sha256)
        elif result.outcome == "unchanged":
            tally.unchanged += 1
        elif result.outcome == "failed":
            tally.failed[_reason_kind(result.reason or "failed")] += 1
        self.rows.append(_row(source, kind, result, sha256))
        self.progress(f"{result.outcome:9} {result.status or '-':>3} {source.url}"
                      + (f": {result.reason}" if result.outcome in ("failed", "skipped") else ""))
        return result

    def warc(self, url: str) -> None:
        """Download a web archive listed by address, once (again only with --refetch), robots.txt first."""
        source = Source(url=url, name=urlsplit(url).netloc)
        tally = self.tallies.setdefault(source.name, Tally())
        if url_key(url) in self.known_warcs and not self.refetch:
            tally.already_stored += 1
            return
        allowed, why = self.client.allowed(url)
        if not allowed:
            result, sha256, size = Fetched(url, None, None, "skipped", why), None, 0
            tally.robots += 1
        else:
            result, sha256, size = download_warc(self.client, url, self.landing, self.max_warc_bytes)
            if sha256:
                tally.fetched += 1
            else:
                tally.failed[_reason_kind(result.reason or "failed")] += 1
        self.rows.append(_row(source, "warc", replace(result, content_type=result.content_type or "application/warc"),
                              sha256) | {"bytes": size if sha256 else None})
        self.progress(f"{result.outcome:9} {result.status or '-':>3} {url}"
                      + (f": {result.reason}" if result.outcome in ("failed", "skipped") else f" ({size:,} bytes)"))

    def page(self, source: Source) -> None:
        if url_key(source.url) in self.known_pages and not self.refetch:
            self.tallies.setdefault(source.name, Tally()).already_stored += 1
            return
        self.known_pages.add(url_key(source.url))
        self.attempt(source, "page")


def fetch_sources(sources: Sources, warehouse: Path, *, refetch: bool = False,
                  progress: Callable[[str], None] = lambda message: None) -> FetchReport:
    """Fetch every feed and page of `sources` into `warehouse`'s landing zone; never raises for what a
    server does (every failure is a row with its reason)."""
    run = _Fetch(sources, warehouse, refetch, progress)
    try:
        pages: list[Source] = list(sources.urls)
        for feed in sources.feeds:
            result = run.attempt(feed, "feed")
            if result.outcome != "fetched" or result.body is None:
                continue
            links, problem = feed_links(result.body, result.final_url or feed.url)
            if problem:
                run.rows[-1] |= {"outcome": "failed", "reason": problem}
                run.tallies[feed.name].fetched -= 1
                run.tallies[feed.name].failed[_reason_kind(problem)] += 1
                progress(f"failed        {feed.url}: {problem}")
            pages.extend(Source(url=link, name=feed.name, min_delay_s=feed.min_delay_s) for link in links)
        for page in pages:
            run.page(page)
        for archive in sources.warcs:
            if isinstance(archive, str):
                run.warc(archive)
            else:
                run.rows.append(warc_row(archive))
    finally:
        run.client.close()
        manifest = write_manifest(run.landing, run.rows)
    return FetchReport(run.tallies, run.rows, run.client.requests, manifest)


def fetch_sources_file(path: Path, warehouse: Path, *, refetch: bool = False,
                       progress: Callable[[str], None] = lambda message: None) -> tuple[FetchReport | None, str | None]:
    """Read the sources file and fetch it; the file itself is a manifest row too (its bytes stored when it
    was read, its error when it could not be), so a bad sources file shows in rejected_inputs and never
    stops a build. Returns the report, or None and the error."""
    path = Path(path)
    landing = landing_path(warehouse)
    source = Source(url=str(path.resolve()), name="sources file")
    try:
        sources = load_sources(path)
    except SourcesError as err:
        write_manifest(landing, [_row(source, "sources", Fetched(source.url, None, None, "failed", str(err)), None)])
        return None, str(err)
    body = path.read_bytes()
    report = fetch_sources(sources, warehouse, refetch=refetch, progress=progress)
    write_manifest(landing, [_row(source, "sources", Fetched(source.url, source.url, None, "fetched", body=body),
                                  store_body(landing, body))])
    return report, None


def summary_table(report: FetchReport) -> str:
    """Per source: fetched, unchanged, already stored, skipped by robots.txt, failed by reason, new pages."""
    header = f"{'source':24} {'fetched':>7} {'unchanged':>9} {'stored':>6} {'robots':>6} {'new':>4}  failed"
    lines = [header]
    for name, t in report.tallies.items():
        failed = ", ".join(f"{n} {why}" for why, n in sorted(t.failed.items())) or "0"
        lines.append(f"{name[:24]:24} {t.fetched:7d} {t.unchanged:9d} {t.already_stored:6d} {t.robots:6d} "
                     f"{t.new_pages:4d}  {failed}")
    lines.append(f"{report.requests} requests; manifest: {report.manifest or 'nothing new recorded'}")
    return "\n".join(lines)
