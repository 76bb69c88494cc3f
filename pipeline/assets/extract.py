"""Extract stage: meetings, participants and restrictions as each article states them, and `rejected_inputs`:
every input the reader or the extractor could not read."""


import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import polars as pl
from tqdm import tqdm

from pipeline.assets.metadata import asset_out, batch_asset_key, column_schema, table_metadata
from pipeline.assets.resources import WarehouseBuild
from pipeline.extract.parallel import processes_for
from pipeline.ingest.batches import all_batches, rows_of_kept_articles
from pipeline.ingest.incremental import (
    EXTRACTED_TABLES,
    extract_incrementally,
    read_extraction_log,
    write_extraction_log,
)
from pipeline.warehouse import read_table
from pipeline.warehouse_batches import published_batch, read_batch_record
from schemas import (
    ExtractedMeetingMentions,
    ExtractedParticipantMentions,
    ExtractedRestrictionMentions,
    RejectedInputs,
    UnreadableArticles,
)
from schemas.base import empty_frame, table_description

PROGRESS_EVERY = 25
PROGRESS_BAR_TAG = "critmin/progress_bar"  # set by `critmin build`
# A few articles the extractor trips on are rejected inputs; more, and over half, fail the build.
MAX_ODD_ARTICLES = 2
EXTRACT_MODELS = (ExtractedMeetingMentions, ExtractedParticipantMentions, ExtractedRestrictionMentions,
                  UnreadableArticles)


@dataclass(frozen=True)
class BatchExtraction:
    """The extract stage of one batch: its four tables, its extraction log, and counts."""

    tables: dict[str, pl.DataFrame]
    log: pl.DataFrame
    counts: dict


def extract_batch(context: dg.OpExecutionContext, processes: int, articles: pl.DataFrame, texts: pl.DataFrame,
                  reuse_from: Path | None) -> BatchExtraction:
    """Read every on-topic article of a batch with spaCy (sentences, entities) and our gazetteers and rules.
    An article extracted before by the same extraction code (the log of the build or batch version in
    `reuse_from`) is not read again: its rows are reused (see pipeline/ingest/incremental.py)."""
    docs = (articles.filter("on_topic").select("article_id", "published_date")
            .join(texts, on="article_id", how="left", maintain_order="left"))
    failures: list[dict] = []

    def failed(article: dict, reason: str) -> None:
        failures.append({"article_id": article["article_id"], "reason": reason})
        context.log.warning(f"article {article['article_id']} {reason}")

    def extract_new(new_docs: pl.DataFrame):
        return read_new_articles(context, new_docs, processes, failed)

    (meetings, participants, restrictions), plan, log = extract_incrementally(docs, reuse_from, extract_new)
    if extractor_is_broken(len(failures), plan.to_extract.height):
        # One odd article is a rejected input; most of them failing is a fault of the code, and a build
        # that published an empty dataset over a good one would hide it.
        raise dg.Failure(description=f"the extractor failed on {len(failures)} of {plan.to_extract.height} "
                                     f"articles, first: {failures[0]['reason']}; nothing is published")
    # An article that failed is left out of the log, so the next reading tries it again.
    log = log.filter(~pl.col("article_id").is_in([f["article_id"] for f in failures]))
    tables = dict(zip(EXTRACTED_TABLES, (meetings, participants, restrictions)))
    return BatchExtraction(tables | {"unreadable_articles": unreadable_frame(failures, articles)}, log,
                           {"on_topic": docs.height, "extracted": plan.to_extract.height,
                            "reused": plan.reused.height, "failed": len(failures)})


@dg.multi_asset(
    group_name="extract",
    outs={
        "extracted_meeting_mentions": asset_out(ExtractedMeetingMentions, kinds={"spacy", "parquet"}),
        "extracted_participant_mentions": asset_out(ExtractedParticipantMentions, kinds={"spacy", "parquet"}),
        "extracted_restriction_mentions": asset_out(ExtractedRestrictionMentions, kinds={"spacy", "parquet"}),
        "unreadable_articles": asset_out(UnreadableArticles, kinds={"spacy", "parquet"}),
    },
    deps=[batch_asset_key(t) for t in (*EXTRACTED_TABLES, "unreadable_articles")],
)
def extract(context: dg.AssetExecutionContext, build: WarehouseBuild, articles: pl.DataFrame):
    """Meetings, participants and restrictions as each article states them: the rows every input batch
    extracted (`batch/...`, read by the ingest step when its files changed), in the order of `articles`.
    Articles the relevance gate marked off topic were not read at all."""
    build.staged  # the warehouse is this run's: no batch changes while they are read
    # The batches the ingest step put together (a batch not read yet cannot own one of `articles`).
    folders = {b.key: f for b in all_batches(build.settings.input_path, build.warehouse)
               if (f := published_batch(build.warehouse, b.key)) is not None}
    owners = (pl.concat([read_table(f, "articles").select("article_id", "source_file")
                         .with_columns(pl.lit(key).alias("_batch")) for key, f in folders.items()])
              if folders else None)
    tables = {name: _combined(folders, name, articles, owners, model)
              for name, model in zip((*EXTRACTED_TABLES, "unreadable_articles"), EXTRACT_MODELS)}
    log = (rows_of_kept_articles({k: read_extraction_log(d) for k, d in folders.items()}, articles, owners)
           if folders else read_extraction_log(None))
    records = [read_batch_record(folder) for folder in folders.values()]
    this_run = [r.counts for r in records if r is not None and r.run_id == context.run.run_id]
    extracted, failed = sum(c["extracted"] for c in this_run), sum(c["failed"] for c in this_run)
    if extractor_is_broken(failed, extracted):
        raise dg.Failure(description=f"the extractor failed on {failed} of {extracted} articles; nothing is published")
    on_topic = articles.filter("on_topic").height
    counts = {"articles_extracted": extracted, "articles_reused": on_topic - extracted,
              "articles_off_topic": articles.height - on_topic}
    context.log.info(f"{tables[EXTRACTED_TABLES[0]].height} meeting, {tables[EXTRACTED_TABLES[1]].height} participant "
                     f"and {tables[EXTRACTED_TABLES[2]].height} restriction mentions from {on_topic} articles "
                     f"({extracted} extracted by this run, {on_topic - extracted} earlier); "
                     f"{counts['articles_off_topic']} off-topic articles not read")
    for name, df in tables.items():
        yield dg.Output(df, output_name=name, metadata=table_metadata(df) | counts)
    write_extraction_log(build.folder, log)


def _combined(folders: dict[str, Path], table: str, articles: pl.DataFrame, owners: pl.DataFrame | None,
              model) -> pl.DataFrame:
    if not folders:
        return empty_frame(model)
    on = "source_file" if table == "unreadable_articles" else "article_id"
    return rows_of_kept_articles({k: read_table(d, table) for k, d in folders.items()}, articles, owners, on=on)


def read_new_articles(context: dg.AssetExecutionContext, new_docs: pl.DataFrame, processes: int, failed):
    """The three extracted mention tables of the articles not read before, with progress in the run log
    (and a bar in a terminal); `failed(article, reason)` for each article the extractor could not read."""
    total = new_docs.height
    if total == 0:  # nothing new: spaCy need not even load
        return tuple(empty_frame(m) for m in (ExtractedMeetingMentions, ExtractedParticipantMentions,
                                              ExtractedRestrictionMentions))
    # The scorer loads only when there is something to read; spaCy only where articles are read.
    from pipeline.extract.batch import extract_articles

    started = time.monotonic()
    context.log.info(f"reading {total} articles in {processes_for(processes, total)} processes")
    # The bar only for `critmin build` in a terminal (disable=None: off when stderr is not a TTY);
    # the run log gets one line every PROGRESS_EVERY articles either way.
    with tqdm(total=total, desc="extracting", unit="article", mininterval=0.5, leave=False,
              disable=None if context.run.tags.get(PROGRESS_BAR_TAG) else True) as bar:

        def progress(done: int) -> None:
            bar.update(1)
            if done % PROGRESS_EVERY == 0 or done == total:
                rate = done / max(time.monotonic() - started, 1e-9)
                bar.clear()  # the log line on a line of its own, the bar back below it
                context.log.info(f"extracted {done}/{total} articles ({rate:.1f} articles/s)")
                bar.refresh()

        return extract_articles(new_docs.iter_rows(named=True), on_article=progress, on_failure=failed,
                                processes=processes)


def unreadable_frame(failures: list[dict], articles: pl.DataFrame) -> pl.DataFrame:
    """The `unreadable_articles` rows of the articles the extractor failed on, named by their input file."""
    return (pl.DataFrame(failures, schema={"article_id": pl.Utf8, "reason": pl.Utf8})
            .join(articles.select("article_id", "source_file"), on="article_id", how="left")
            .select("source_file", "reason",
                    pl.lit(dt.datetime.now(dt.timezone.utc)).cast(pl.Datetime("us", "UTC")).alias("detected_at")))


def extractor_is_broken(failed: int, extracted: int) -> bool:
    """Whether failures say more about the extractor than about the articles: over half of them, and
    more than MAX_ODD_ARTICLES."""
    return failed > MAX_ODD_ARTICLES and failed > extracted / 2


@dg.asset(group_name="extract", kinds={"polars", "parquet"}, description=table_description(RejectedInputs),
          metadata={"dagster/column_schema": column_schema(RejectedInputs)})
def rejected_inputs(unreadable_inputs: pl.DataFrame, unreadable_articles: pl.DataFrame) -> dg.Output:
    """Every input the reader could not read (unreadable_inputs, in input-file order), then every article
    the extractor could not read (unreadable_articles)."""
    rejected = pl.concat([unreadable_inputs, unreadable_articles])
    return dg.Output(rejected, metadata=table_metadata(rejected))
