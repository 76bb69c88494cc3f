"""The sources file: plain and rich entries, URL lists, limits, and a clear error naming the file and entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.fetch.sources import Limits, SourcesError, load_sources


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_and_rich_entries_url_files_and_limits(tmp_path: Path) -> None:
    (tmp_path / "alerts.txt").write_text("# from alerts\nhttps://example.org/a.html\n\nhttps://example.org/b.html\n")
    sources = load_sources(write(tmp_path, """
feeds:
  - https://example.org/rss.xml
  - {url: https://news.example.com/atom.xml, name: Example News, min_delay_s: 5}
urls: [https://example.org/c.html]
url_files: [alerts.txt]
warcs: [archives/one.warc.gz]
allow_private: true
limits: {max_bytes: 1000, read_timeout_s: 2}
"""))
    assert [(f.url, f.name, f.min_delay_s) for f in sources.feeds] == [
        ("https://example.org/rss.xml", "example.org", None),
        ("https://news.example.com/atom.xml", "Example News", 5.0)]
    assert [(u.url, u.name) for u in sources.urls] == [
        ("https://example.org/c.html", "example.org"), ("https://example.org/a.html", "alerts"),
        ("https://example.org/b.html", "alerts")]
    assert sources.warcs == (tmp_path / "archives/one.warc.gz",)
    assert sources.allow_private is True
    assert sources.limits == Limits(max_bytes=1000, read_timeout_s=2.0)


def test_empty_file_is_no_sources(tmp_path: Path) -> None:
    sources = load_sources(write(tmp_path, ""))
    assert (sources.feeds, sources.urls, sources.allow_private) == ((), (), False)


@pytest.mark.parametrize("text, named", [
    ("feeds: [ftp://example.org/rss.xml]", "feeds[0]: 'ftp://example.org/rss.xml' is not an http(s) URL"),
    ("feeds:\n  - https://example.org/rss.xml\n  - {url: https://e.org/x, colour: red}",
     "feeds[1]: unknown keys ['colour']"),
    ("urls: https://example.org/a.html", "urls: must be a list"),
    ("urls: [{url: https://e.org/a, min_delay_s: -1}]", "urls[0]: min_delay_s -1 is not a number of seconds >= 0"),
    ("allow_private: yes please", "allow_private: 'yes please' must be true or false"),
    ("feed: [https://example.org/rss.xml]", "unknown keys ['feed']"),
    ("limits: {max_bytes: lots}", "limits.max_bytes: 'lots' is not a number >= 0"),
    ("url_files: [missing.txt]", "url_files[0]: URL list"),
    ("feeds: [https://example.org/rss.xml", "is not valid YAML"),
    ("warcs: [a.warc.gz, 's3://commoncrawl/crawl-data/CC-NEWS/x.warc.gz']",
     "warcs[1]: 's3://commoncrawl/crawl-data/CC-NEWS/x.warc.gz' is neither a local path nor an http(s) URL"),
])
def test_bad_entry_is_named_with_the_file(tmp_path: Path, text: str, named: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourcesError) as raised:
        load_sources(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert named in str(raised.value)


def test_bad_line_of_a_url_file_names_that_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "list.txt").write_text("https://example.org/a.html\nnot a url\n")
    with pytest.raises(SourcesError, match=r"list\.txt: line 2: 'not a url' is not an http\(s\) URL"):
        load_sources(write(tmp_path, "url_files: [list.txt]"))


def test_web_archives_are_local_paths_or_addresses_to_download(tmp_path: Path) -> None:
    path = write(tmp_path, "warcs: [crawl.warc.gz, 'https://data.example.org/b.warc.gz']")
    assert load_sources(path).warcs == (tmp_path / "crawl.warc.gz", "https://data.example.org/b.warc.gz")
