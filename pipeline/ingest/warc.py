"""Web archives (.warc, .warc.gz) into articles: read as a stream, record by record, each HTML response's
page extracted like a saved .html file and kept only when the relevance gate lets it through; off-topic
records are counted, not stored, and a broken record is a rejection naming the file and the record."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import logging
import zlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from pathlib import Path

import polars as pl
from warcio.archiveiterator import ArchiveIterator

from pipeline.extract.relevance import on_topic
from pipeline.ingest.formats import _read_html
from pipeline.ingest.records import RawArticle, Rejection, _decode_html, _Reject

LOGGER = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
# A news page is well under 1 MB; a record far larger is a video or a data dump, never read in part.
MAX_RECORD_BYTES = 8 * 1024 * 1024
# Records are gated in batches, so memory holds one batch of pages, whatever the size of the file.
BATCH = 256
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


@dataclass
class WarcCounts:
    """What one WARC file held: HTML responses read, articles kept, off-topic ones, other records passed over."""

    responses: int = 0
    articles: int = 0
    off_topic: int = 0
    not_html: int = 0
    rejected: int = 0


# The counts of every WARC read inside counting_warcs(), for the ingest step's Dagster metadata.
_TALLY: ContextVar[list[WarcCounts] | None] = ContextVar("warc_tally", default=None)


@contextlib.contextmanager
def counting_warcs() -> Iterator[list[WarcCounts]]:
    """Within the block, each WARC file read adds its counts to the list it yields."""
    token = _TALLY.set([])
    try:
        yield _TALLY.get()
    finally:
        _TALLY.reset(token)


def warc_totals(tally: list[WarcCounts]) -> dict[str, int]:
    """The counts of several WARC files added up, named for the ingest step's metadata: `warc_files`,
    `warc_responses`, `warc_articles`, `warc_off_topic`, `warc_not_html`, `warc_rejected`."""
    return {"warc_files": len(tally), **{f"warc_{f.name}": sum(getattr(c, f.name) for c in tally)
                                         for f in fields(WarcCounts)}}


def _record_date(record) -> dt.date | None:
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _article(record, name: str) -> RawArticle:
    """The article of one HTML response record; raises _Reject when it cannot be one."""
    body = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if len(body) > MAX_RECORD_BYTES:
        raise _Reject(f"is a record over {MAX_RECORD_BYTES:,} bytes, not a news page; it was not read")
    if b"\x00" in body[:8192]:
        raise _Reject("is binary (NUL bytes) though called HTML; it was not read")
    article = _read_html(_decode_html(body, name), name)
    uri = record.rec_headers.get_header("WARC-Target-URI")
    # The page's own date wins; else the crawl date (when the page was seen: on or after its publication).
    return replace(article, url=uri or article.url, published=article.published or _record_date(record))


def _gated(batch: list[RawArticle], counts: WarcCounts) -> list[RawArticle]:
    """The articles of `batch` the relevance gate lets through (before any spaCy work)."""
    if not batch:
        return []
    flags = pl.DataFrame({"body": [a.body for a in batch]}).select(on_topic(pl.col("body")).alias("keep"))["keep"]
    kept = [a for a, keep in zip(batch, flags.to_list()) if keep]
    counts.off_topic += len(batch) - len(kept)
    counts.articles += len(kept)
    return kept


def _html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return kind in HTML_TYPES


def not_an_archive(path: Path) -> str | None:
    """Why the file is no web archive, or None: a WARC (or ARC) file, gzipped or not, opens with its
    first record's header. Anything else (an HTML error page saved under a .warc name, say) would be read
    as one odd ARC record and give nothing, silently."""
    try:
        with open(path, "rb") as raw:
            head = raw.read(2)
            raw.seek(0)
            stream = gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw
            start = stream.read(64).lstrip()
    except (OSError, EOFError, zlib.error) as err:
        return f"could not be read as a web archive ({type(err).__name__}: {err})"
    if start.startswith((b"WARC/", b"filedesc://")) or not start:
        return None
    shown = start[:24].decode("utf-8", "replace").replace("\n", " ")
    return (f"is not a WARC file: it starts with {shown!r}, not a WARC record header. Download it again (an "
            "address that answers with a web page instead of the archive gives such a file; `critmin fetch "
            "--refetch` downloads an archive listed by address again)")


def read_warc(path: Path, source_file: str) -> tuple[list[RawArticle], list[Rejection], WarcCounts]:
    """The on-topic articles of a WARC file (record numbers count every record from 1: `name.warc.gz:N`),
    the records that could not be read, and the counts; never raises for what the file holds."""
    articles, rejections, counts, batch = [], [], WarcCounts(), []
    number = 0
    if (problem := not_an_archive(path)) is not None:
        counts.rejected = 1
        return [], [Rejection(source_file, problem)], _tallied(counts)
    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                number += 1
                if not _html_response(record):
                    counts.not_html += record.rec_type == "response"
                    continue
                counts.responses += 1
                name = f"{source_file}:{number}"
                try:
                    batch.append(_article(record, name))
                except _Reject as reject:
                    rejections.append(Rejection(name, f"WARC record {reject.reason}"))
                if len(batch) >= BATCH:
                    articles.extend(_gated(batch, counts))
                    batch = []
    except Exception as err:  # noqa: BLE001 - a broken archive ends its own reading, never the build
        LOGGER.warning("%s: stopped at record %d: %s", source_file, number + 1, err)
        rejections.append(Rejection(f"{source_file}:{number + 1}", (
            f"WARC record {number + 1} and any after it could not be read ({type(err).__name__}: {err}): the file is "
            "truncated or corrupt; the records before it were read. Download the archive again")))
    articles.extend(_gated(batch, counts))
    counts.rejected = len(rejections)
    LOGGER.info("%s: %d HTML responses, %d articles kept, %d off topic (not stored), %d not read", source_file,
                counts.responses, counts.articles, counts.off_topic, counts.rejected)
    return articles, rejections, _tallied(counts)


def _tallied(counts: WarcCounts) -> WarcCounts:
    """Add one file's counts to the list of the enclosing counting_warcs() block, if any."""
    if (tally := _TALLY.get()) is not None:
        tally.append(counts)
    return counts
