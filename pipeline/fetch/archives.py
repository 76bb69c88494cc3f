"""Web archives listed by address in a sources file: downloaded once, streamed to the landing zone's
warcs/ folder (never held in memory whole), named by their SHA-256 like every snapshot; builds then read
them from there as they read a local archive."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.fetch.http import Fetched, PoliteClient, Sink

WARCS_DIR = "warcs"


def warc_file(landing: Path, sha256: str) -> Path:
    """Where a downloaded web archive lies: landing/warcs/<sha256>.warc (gzip'd or not, as it came)."""
    return landing / WARCS_DIR / f"{sha256}.warc"


def download_warc(client: PoliteClient, url: str, landing: Path, max_bytes: int) -> tuple[Fetched, str | None, int]:
    """Download `url` through the polite client (address checks, redirects, retries on 429/5xx) into the
    landing zone, at most `max_bytes`: the result, the file's SHA-256 (None when it failed) and its size.
    A partial download is removed, never left beside the archives."""
    folder = landing / WARCS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".download-", suffix=".tmp", delete=False) as file:
        sink = Sink(file, max_bytes)
        result = client.get(url, sink=sink)
    partial = Path(file.name)
    if result.outcome != "fetched":
        partial.unlink(missing_ok=True)
        return result, None, 0
    target = warc_file(landing, sink.sha256)
    if target.exists():
        partial.unlink()  # the same bytes came before, from this address or another
    else:
        partial.replace(target)
    return result, sink.sha256, sink.size
