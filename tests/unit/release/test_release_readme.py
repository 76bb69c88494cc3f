"""The release README lists every source article; titles and addresses come from the articles, so
nothing in them may become a link, an image or HTML that the article did not give as a web address."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from pipeline.release.documents import is_web_address, markdown_text, release_readme


def readme_sources(rows: list[dict], tmp_path: Path) -> list[str]:
    (tmp_path / "critmin.duckdb").write_bytes(b"x")
    articles = pl.DataFrame(rows, schema={"title": pl.Utf8, "url": pl.Utf8, "source": pl.Utf8, "source_file": pl.Utf8,
                                          "published_date": pl.Date, "copy_urls": pl.List(pl.Utf8)})
    descriptor = {"version": "2026.12.0", "description": "Test", "resources": []}
    text = release_readme(descriptor, tmp_path, articles, include_text=False, views=[])
    return [line for line in text.splitlines() if line.startswith("- ")]


def test_a_script_address_is_shown_as_code_never_linked(tmp_path: Path):
    [line] = readme_sources([{"title": "Click [here](javascript:alert(1))", "url": "javascript:alert(1)",
                              "source": "<b>Wire</b>", "source_file": "a.md", "published_date": dt.date(2025, 1, 2),
                              "copy_urls": ["javascript:alert(2)", "https://mirror.example.org/a"]}], tmp_path)
    assert line == ("- \\<b\\>Wire\\</b\\>: Click \\[here\\]\\(javascript:alert\\(1\\)\\) (`javascript:alert(1)`), "
                    "2025-01-02, also at <https://mirror.example.org/a>")


def test_a_web_address_is_linked_and_the_title_escaped(tmp_path: Path):
    [line] = readme_sources([{"title": "Gallium *and* germanium", "url": "https://news.example.org/a_(b)",
                              "source": None, "source_file": "a.md", "published_date": None, "copy_urls": []}], tmp_path)
    assert line == "- publisher not stated: [Gallium \\*and\\* germanium](<https://news.example.org/a_(b)>)"


def test_only_http_addresses_without_spaces_are_web_addresses():
    assert [is_web_address(u) for u in ("https://a.org/x", "HTTP://a.org", "javascript:x", "data:text/html,x",
                                        "https://a.org/x y", "https://a.org/<x>", None, "")] == [
        True, True, False, False, False, False, False, False]
    assert markdown_text("a\nb  `c`") == "a b \\`c\\`"
