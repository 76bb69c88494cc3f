"""Ingest stage: every file in the input folder into `articles`, `article_texts` and the inputs that could not be
read (`unreadable_inputs`, part of `rejected_inputs`)."""


import datetime as dt

import dagster as dg
import polars as pl

from pipeline.assets.metadata import asset_out, table_metadata
from pipeline.assets.resources import CritminSettings, WarehouseBuild
from pipeline.warehouse import previous_ids
from pipeline.extract.parallel import processes_for, warm_up
from pipeline.extract.relevance import gate
from pipeline.ingest.readers import article_id, read_corpus
from pipeline.ingest.snapshots import with_snapshots
from pipeline.ingest.warc import counting_warcs, warc_totals
from pipeline.resolve.syndication import story_ids
from schemas import Articles, ArticleTexts, UnreadableInputs


def require_input_folder(settings: CritminSettings):
    root = settings.input_path
    if not root.is_dir():
        raise dg.Failure(
            description=f"input folder {root} does not exist or is not a folder: "
            "pass an existing folder (critmin build --input DIR, or input_dir in the launchpad)")
    return root


@dg.multi_asset(
    group_name="ingest",
    deps=["raw_snapshots"],  # the fetched pages it reads from the landing zone
    outs={
        "articles": asset_out(Articles, kinds={"polars", "parquet"}),
        "article_texts": asset_out(ArticleTexts, kinds={"polars", "parquet"}),
        "unreadable_inputs": asset_out(UnreadableInputs, kinds={"polars", "parquet"}),
    },
)
def ingest(context: dg.AssetExecutionContext, settings: CritminSettings, build: WarehouseBuild):
    """Read every article file below the input folder; what cannot be read is rejected with a reason."""
    root = require_input_folder(settings)
    with counting_warcs() as warcs:
        raw, rejections = with_snapshots(*read_corpus(root, allow_outside_links=settings.allow_outside_links),
                                         settings.warehouse_path)
    now = dt.datetime.now(dt.timezone.utc)
    ids = [article_id(a.body) for a in raw]
    # Earliest published copy first, so a story keeps its id when later copies arrive.
    by_date = sorted(zip(ids, raw), key=lambda x: (x[1].published or dt.date.max, x[0]))
    stories = story_ids([(i, a.body) for i, a in by_date],
                        previous_ids(build.previous, "articles", "story_id", ("article_id",)))
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
            "story_id": [stories[i] for i in ids],
            "copy_urls": [list(a.copies) for a in raw],
            "ingested_at": [now] * len(raw),
        },
        schema_overrides={"published_date": pl.Date, "ingested_at": pl.Datetime("us", "UTC"),
                          "copy_urls": pl.List(pl.Utf8)},
    )
    texts = pl.DataFrame({"article_id": ids, "body": [a.body for a in raw]}, schema={"article_id": pl.Utf8, "body": pl.Utf8})
    # The relevance gate: off-topic articles stay articles, marked, and are not read by spaCy.
    gated = gate(texts)
    articles = articles.with_columns(gated).select(*[c for c in articles.columns if c != "ingested_at"],
                                                   *gated.columns, "ingested_at")
    rejected = pl.DataFrame(
        {"source_file": [r.source_file for r in rejections], "reason": [r.reason for r in rejections],
         "detected_at": [now] * len(rejections)},
        schema={"source_file": pl.Utf8, "reason": pl.Utf8, "detected_at": pl.Datetime("us", "UTC")},
    )
    for r in rejections:
        context.log.warning(f"rejected {root / r.source_file}: {r.reason}")
    copies = sum(len(a.copies) for a in raw) + sum(1 for i in ids if stories[i] != i)
    off_topic = gated.height - gated["on_topic"].sum()
    if processes_for(settings.processes, gated.height - off_topic) > 1:
        warm_up()  # the reading processes' spaCy loads on another core while this build goes on
    context.log.info(f"read {len(raw)} articles from {root} ({copies} syndicated copies, {off_topic} off topic "
                     f"and left unread by the relevance gate); rejected {len(rejections)} inputs")
    if warcs:
        totals = warc_totals(warcs)
        context.log.info(f"web archives: {totals['warc_files']} files, {totals['warc_responses']} HTML responses, "
                         f"{totals['warc_articles']} articles kept, {totals['warc_off_topic']} off topic (counted, "
                         f"not stored), {totals['warc_rejected']} records not read")
    build.staged.note(inputs={"folder": str(root), "articles": len(raw), "syndicated_copies": copies,
                              "off_topic": off_topic, "rejected": len(rejections)})
    yield dg.Output(articles, output_name="articles", metadata={**table_metadata(articles), **warc_totals(warcs)})
    yield dg.Output(texts, output_name="article_texts", metadata={"dagster/row_count": texts.height})
    yield dg.Output(rejected, output_name="unreadable_inputs", metadata=table_metadata(rejected))
