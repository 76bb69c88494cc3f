"""One input batch read into the frames of the ingest stage: its articles, their texts and the inputs
that could not be read. Story ids are given when the batches are put together (they span batches)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from pipeline.ingest.batches import Batch
from pipeline.ingest.readers import Rejection, article_id, read_corpus
from pipeline.ingest.snapshots import fetched_articles
from pipeline.ingest.warc import counting_warcs


@dataclass(frozen=True)
class BatchInputs:
    """What reading one batch gave: `articles` (story_id is the article's own id until the batches are
    combined), `texts`, `rejected` (unreadable_inputs rows), and the rejections to log."""

    articles: pl.DataFrame
    texts: pl.DataFrame
    rejected: pl.DataFrame
    rejections: list[Rejection]
    copies: int  # inputs read as copies of an article of the same batch
    warcs: list[dict]  # the counts of each web archive read (ingest/warc.py WarcCounts)


def read_batch_inputs(root: Path, batch: Batch, allow_outside_links: bool, warehouse: Path) -> BatchInputs:
    """Every input of the batch read, in relative-path order (FETCHED: the pages of `warehouse`'s landing
    zone, oldest first, then the web archives its sources files listed); nothing raises for what the folder
    or the landing zone holds."""
    with counting_warcs() as warcs:
        if batch.fetched:
            raw, rejections = fetched_articles(warehouse)
        else:
            raw, rejections = read_corpus(root, allow_outside_links=allow_outside_links, batch=batch.folder)
    now = dt.datetime.now(dt.timezone.utc)
    ids = [article_id(a.body) for a in raw]
    articles = pl.DataFrame(
        {
            "article_id": ids,
            "url": [a.url for a in raw],
            "source": [a.source for a in raw],
            "title": [a.title for a in raw],
            "published_date": [a.published for a in raw],
            "language": [a.language for a in raw],
            "word_count": [len(a.body.split()) for a in raw],
            "source_file": [a.source_file for a in raw],
            "snapshot_sha256": [a.snapshot_sha256 for a in raw],
            "story_id": ids,
            "copy_urls": [list(a.copies) for a in raw],
            "ingested_at": [now] * len(raw),
        },
        schema_overrides={"published_date": pl.Date, "ingested_at": pl.Datetime("us", "UTC"),
                          "copy_urls": pl.List(pl.Utf8), "article_id": pl.Utf8, "story_id": pl.Utf8,
                          "url": pl.Utf8, "source": pl.Utf8, "title": pl.Utf8, "language": pl.Utf8,
                          "source_file": pl.Utf8, "snapshot_sha256": pl.Utf8, "word_count": pl.Int64},
    )
    texts = pl.DataFrame({"article_id": ids, "body": [a.body for a in raw]},
                         schema={"article_id": pl.Utf8, "body": pl.Utf8})
    rejected = pl.DataFrame(
        {"source_file": [r.source_file for r in rejections], "reason": [r.reason for r in rejections],
         "detected_at": [now] * len(rejections)},
        schema={"source_file": pl.Utf8, "reason": pl.Utf8, "detected_at": pl.Datetime("us", "UTC")},
    )
    return BatchInputs(articles, texts, rejected, rejections, copies=sum(len(a.copies) for a in raw),
                       warcs=[asdict(c) for c in warcs])
