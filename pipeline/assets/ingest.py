"""Ingest stage: every file in the input folder into `articles`, `article_texts` and the inputs that could not be
read (`unreadable_inputs`, part of `rejected_inputs`), put together from the input batches (assets/batches.py)."""


import datetime as dt

import dagster as dg
import polars as pl

from pipeline.assets.batches import BATCH_TABLES, bring_batches_up_to_date, require_input_folder
from pipeline.assets.metadata import asset_out, batch_asset_key, table_metadata
from pipeline.assets.resources import CritminSettings, WarehouseBuild
from pipeline.ingest.batches import all_batches, combine_articles, in_reading_order, tagged
from pipeline.ingest.warc import WarcCounts, warc_totals
from pipeline.resolve.syndication import story_ids
from pipeline.warehouse import previous_ids, read_table
from pipeline.warehouse_batches import published_batch, read_batch_record, read_signatures
from schemas import Articles, ArticleTexts, UnreadableInputs
from schemas.base import empty_frame


@dg.multi_asset(
    group_name="ingest",
    outs={
        "articles": asset_out(Articles, kinds={"polars", "parquet"}),
        "article_texts": asset_out(ArticleTexts, kinds={"polars", "parquet"}),
        "unreadable_inputs": asset_out(UnreadableInputs, kinds={"polars", "parquet"}),
    },
    # the fetched pages it reads from the landing zone, and the input batches it puts together
    deps=["raw_snapshots", *[batch_asset_key(t) for t in BATCH_TABLES[:3]]],
)
def ingest(context: dg.AssetExecutionContext, settings: CritminSettings, build: WarehouseBuild):
    """Every article of the input folder: its batches are read again only where their files (or the
    reading or extraction code) changed since they were last read, then put together in input-file order;
    syndicated copies across the folder share a story id. What cannot be read is rejected with a reason."""
    root = require_input_folder(settings)
    build.staged  # the warehouse is this run's: no batch run writes while the batches are read
    batches = all_batches(root, build.warehouse)
    read_now = bring_batches_up_to_date(context, settings, build.warehouse, batches)
    folders = [published_batch(build.warehouse, b.key) for b in batches]
    records = [read_batch_record(f) for f in folders]
    if folders:
        articles, texts = combine_articles([tagged(b, read_table(f, "articles")) for b, f in zip(batches, folders)],
                                           [read_table(f, "article_texts") for f in folders])
        articles = articles.drop("_batch")
        rejected = in_reading_order(pl.concat([tagged(b, read_table(f, "unreadable_inputs"))
                                               for b, f in zip(batches, folders)])).drop("_batch", "_fetched")
    else:  # an empty input folder
        articles, texts, rejected = empty_frame(Articles), empty_frame(ArticleTexts), empty_frame(UnreadableInputs)
    # Earliest published copy first, so a story keeps its id when later copies arrive.
    by_date = (articles.select("article_id", "published_date")
               .join(texts, on="article_id", how="left")
               .sort(pl.col("published_date").fill_null(dt.date.max), "article_id"))
    stories = story_ids(list(by_date.select("article_id", "body").iter_rows()),
                        previous_ids(build.previous, "articles", "story_id", ("article_id",)),
                        read_signatures([f for f in folders if f is not None]))
    articles = articles.with_columns(pl.col("article_id").replace_strict(stories, return_dtype=pl.Utf8)
                                     .alias("story_id")) if articles.height else articles
    copies = articles["copy_urls"].list.len().sum() + articles.filter(pl.col("story_id") != pl.col("article_id")).height
    off_topic = articles.height - articles["on_topic"].sum()
    context.log.info(f"{articles.height} articles from {root} ({copies} syndicated copies, {off_topic} off topic and "
                     f"left unread by the relevance gate); {rejected.height} inputs rejected")
    build.staged.note(inputs={
        "folder": str(root), "articles": articles.height, "syndicated_copies": int(copies),
        "off_topic": int(off_topic), "rejected": rejected.height, "batches_read": read_now,
        "batches": {b.key: r.version for b, r in zip(batches, records)}})
    warcs = warc_totals([WarcCounts(**c) for r in records for c in r.counts.get("warcs", [])])
    if warcs["warc_files"]:
        context.log.info(f"web archives: {warcs['warc_files']} files, {warcs['warc_responses']} HTML responses, "
                         f"{warcs['warc_articles']} articles kept, {warcs['warc_off_topic']} off topic (counted, "
                         f"not stored), {warcs['warc_rejected']} records not read")
    yield dg.Output(articles, output_name="articles", metadata={**table_metadata(articles), **warcs})
    yield dg.Output(texts, output_name="article_texts", metadata={"dagster/row_count": texts.height})
    yield dg.Output(rejected, output_name="unreadable_inputs", metadata=table_metadata(rejected))
