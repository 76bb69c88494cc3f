"""critmin's fetcher against a news site the test starts on 127.0.0.1 (tests/news_server.py): good pages
become snapshots, every hostile endpoint a row with its reason, a second poll only conditional requests,
and nothing is asked of any other host."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from news_server import ARTICLES, start_site, sources_yaml
from pipeline.fetch.http import user_agent
from pipeline.fetch.landing import landing_path, read_manifest, snapshot_path
from pipeline.fetch.run import fetch_sources
from pipeline.fetch.sources import load_sources
from pipeline.ingest.snapshots import read_snapshots

pytestmark = pytest.mark.integration


@pytest.fixture()
def site():
    site, server = start_site()
    yield site
    server.shutdown()
    server.server_close()


def sources_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_pages_are_stored_and_every_hostile_one_is_a_row_with_its_reason(site, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse"
    report = fetch_sources(load_sources(sources_file(tmp_path, sources_yaml(site.base))), warehouse)
    rows = read_manifest(landing_path(warehouse))
    assert rows.height == len(report.rows) == 17
    by_path = {r["url"].removeprefix(site.base): r for r in rows.iter_rows(named=True)}
    for path in ARTICLES:  # three from the feeds, one from urls: after one 429 with Retry-After: 1
        row = by_path[path]
        assert (row["outcome"], row["status"], row["kind"]) == ("fetched", 200, "page")
        stored = snapshot_path(landing_path(warehouse), row["sha256"]).read_bytes()
        assert hashlib.sha256(stored).hexdigest() == row["sha256"] and len(stored) == row["bytes"]
    assert by_path["/news/ministers.html"]["source"] == "desk"  # the Atom feed's own name
    expected = {
        "/slow.html": ("failed", None, "timeout (ReadTimeout)"),
        "/endless.html": ("failed", 200, "timeout: the body took over 1.5 s"),
        "/huge.html": ("failed", 200, "too large: over 200,000 bytes (max_bytes; 52,428,800 declared)"),
        "/loop.html": ("failed", 302, "redirect loop"),
        "/to-file.html": ("failed", None, "redirect refused"),
        "/missing.html": ("failed", 404, "HTTP 404 (not found)"),
        "/busy.html": ("failed", 429, "the server asked to wait 3600 s"),
        "/broken.html": ("failed", 500, "HTTP 500 (server error) after 2 attempts"),
        "/binary.html": ("failed", 200, "not HTML: the body is binary"),
        "/private/secret.html": ("skipped", None, "robots.txt of 127.0.0.1"),
        "/empty.html": ("fetched", 200, None),  # fetched; ingest finds no text in it (below)
    }
    for path, (outcome, status, reason) in expected.items():
        row = by_path[path]
        assert (row["outcome"], row["status"]) == (outcome, status), path
        assert (reason is None and row["reason"] is None) or reason in row["reason"], (path, row["reason"])
    assert "file:///etc/passwd" in by_path["/to-file.html"]["reason"]
    assert site.paths().count("/news/flaky.html") == 2 and site.paths().count("/broken.html") == 2
    assert "/private/secret.html" not in site.paths()
    assert site.paths().count("/robots.txt") == 1
    assert {r.headers["user-agent"] for r in site.requests} == {user_agent()}
    tally = report.tallies["127.0.0.1"]
    assert (tally.fetched, tally.robots, sum(tally.failed.values())) == (4, 1, 9)
    assert tally.failed["timeout"] == 2 and tally.failed["HTTP 404"] == 1

    articles, rejections = read_snapshots(warehouse)
    assert sorted(a.url.removeprefix(site.base) for a in articles) == sorted(ARTICLES)
    gallium = next(a for a in articles if a.url.endswith("/news/gallium.html"))
    assert (gallium.title, gallium.published.isoformat()) == ("China tightens gallium exports", "2023-07-03")
    assert gallium.snapshot_sha256 == by_path["/news/gallium.html"]["sha256"]
    assert "licence from August 1" in gallium.body
    rejected = {r.source_file.removeprefix(site.base): r.reason for r in rejections}
    assert set(rejected) == set(expected)
    assert rejected["/empty.html"].startswith("fetched page holds no article text")
    assert rejected["/missing.html"] == "page failed: HTTP 404 (not found): check the address, or drop it from the sources"


def test_second_poll_of_the_feeds_is_conditional_and_adds_nothing(site, tmp_path: Path) -> None:
    feeds = f"feeds:\n  - {site.base}/rss.xml\n  - {site.base}/atom.xml\nallow_private: true\nlimits: {{min_delay_s: 0}}\n"
    sources = load_sources(sources_file(tmp_path, feeds))
    warehouse = tmp_path / "warehouse"
    first = fetch_sources(sources, warehouse)
    assert first.tallies["127.0.0.1"].new_pages == 3
    asked = len(site.requests)
    second = fetch_sources(sources, warehouse)
    again = site.requests[asked:]
    assert [r.path for r in again] == ["/robots.txt", "/rss.xml", "/atom.xml"]
    assert again[1].headers["if-none-match"] == '"rss-1"'
    assert again[2].headers["if-modified-since"] == "Mon, 12 Jan 2026 10:00:00 GMT"
    assert [(r["outcome"], r["status"]) for r in second.rows] == [("unchanged", 304), ("unchanged", 304)]
    tally = second.tallies["127.0.0.1"]
    assert (tally.fetched, tally.unchanged, tally.already_stored, tally.new_pages) == (0, 2, 0, 0)
    manifest = read_manifest(landing_path(warehouse))
    assert manifest.filter(pl.col("outcome") == "fetched").height == 5  # nothing rewritten, nothing new
    stored = list((landing_path(warehouse) / "snapshots").rglob("*"))
    assert len([p for p in stored if p.is_file()]) == 5

    refetched = fetch_sources(sources, warehouse, refetch=True)
    assert refetched.tallies["127.0.0.1"].fetched == 5 and refetched.tallies["127.0.0.1"].new_pages == 0


def test_loopback_is_refused_without_allow_private_and_nothing_is_asked(site, tmp_path: Path) -> None:
    sources = load_sources(sources_file(tmp_path, sources_yaml(site.base, allow_private=False)))
    report = fetch_sources(sources, tmp_path / "warehouse")
    assert site.requests == []
    assert {r["outcome"] for r in report.rows} == {"skipped"}
    assert all("loopback, private or reserved address (127.0.0.1)" in r["reason"] for r in report.rows)
