"""Web archives listed by address in a sources file, served by a web server the test starts on 127.0.0.1:
downloaded once into the landing zone (streamed, named by SHA-256), read by the build like a local
archive, not asked for again by a second fetch, and refused whole when over max_warc_bytes."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polars as pl
import pytest

from pipeline.cli import main
from pipeline.fetch.archives import WARCS_DIR
from pipeline.fetch.landing import landing_path
from pipeline.warehouse import CURRENT_LINK, table_path
from warc_corpus import write_archives

pytestmark = pytest.mark.integration


class Handler(SimpleHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        Handler.requests.append(self.path)
        super().do_GET()


@pytest.fixture(scope="module")
def archive_site(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("archive-site")
    write_archives(folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run(*argv: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(argv))


def test_an_archive_listed_by_address_is_downloaded_once_and_read_by_the_build(archive_site, tmp_path: Path):
    folder, base = archive_site
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"warcs: ['{base}/crawl-2.warc']\nallow_private: true\nlimits: {{min_delay_s: 0}}\n")
    warehouse = tmp_path / "warehouse"
    Handler.requests.clear()
    assert run("build", "--sources", str(sources), "--warehouse", str(warehouse), "--processes", "1") == 0
    data = (folder / "crawl-2.warc").read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    assert (landing_path(warehouse) / WARCS_DIR / f"{sha256}.warc").read_bytes() == data
    assert sorted(p.name for p in (landing_path(warehouse) / WARCS_DIR).iterdir()) == [f"{sha256}.warc"]
    current = warehouse / CURRENT_LINK
    warcs = pl.read_parquet(table_path(current, "raw_snapshots")).filter(pl.col("kind") == "warc")
    assert warcs.select("url", "outcome", "status", "bytes", "sha256").rows() == [
        (f"{base}/crawl-2.warc", "fetched", 200, len(data), sha256)]
    articles = pl.read_parquet(table_path(current, "articles"))
    assert sorted(articles["url"]) == sorted(f"https://news.example.org/minerals/{n}.html" for n in range(20, 30))
    assert all(s.startswith(f"{base}/crawl-2.warc:") for s in articles["source_file"])
    assert Handler.requests == ["/robots.txt", "/crawl-2.warc"]
    # A second fetch does not ask for the archive again; the build still reads it.
    Handler.requests.clear()
    assert run("build", "--sources", str(sources), "--warehouse", str(warehouse), "--processes", "1") == 0
    assert Handler.requests == []
    assert pl.read_parquet(table_path(warehouse / CURRENT_LINK, "articles")).height == 10


def test_an_archive_over_max_warc_bytes_is_refused_and_nothing_partial_is_kept(archive_site, tmp_path: Path):
    _, base = archive_site
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"warcs: ['{base}/crawl-1.warc.gz']\nallow_private: true\n"
                       "limits: {min_delay_s: 0, max_warc_bytes: 4096}\n")
    warehouse = tmp_path / "warehouse"
    assert run("fetch", "--sources", str(sources), "--warehouse", str(warehouse)) == 0
    assert list((landing_path(warehouse) / WARCS_DIR).iterdir()) == []
    assert run("build", "--sources", str(sources), "--warehouse", str(warehouse), "--processes", "1") == 0
    warcs = pl.read_parquet(table_path(warehouse / CURRENT_LINK, "raw_snapshots")).filter(pl.col("kind") == "warc")
    assert warcs["outcome"].to_list() == ["failed", "failed"]
    assert warcs["reason"][0].startswith("too large: over 4,096 bytes (max_warc_bytes;")
