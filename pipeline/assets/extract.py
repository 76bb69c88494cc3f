"""Extract stage: meetings, participants and restrictions as each article states them, and `rejected_inputs`:
every input the reader or the extractor could not read."""


import datetime as dt
import time

import dagster as dg
import polars as pl
from tqdm import tqdm

from pipeline.assets.metadata import asset_out, column_schema, table_metadata
from pipeline.ingest.incremental import extract_incrementally, write_extraction_log
from pipeline.assets.resources import CritminSettings, WarehouseBuild
from pipeline.extract.parallel import processes_for
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


@dg.multi_asset(
    group_name="extract",
    outs={
        "extracted_meeting_mentions": asset_out(ExtractedMeetingMentions, kinds={"spacy", "parquet"}),
        "extracted_participant_mentions": asset_out(ExtractedParticipantMentions, kinds={"spacy", "parquet"}),
        "extracted_restriction_mentions": asset_out(ExtractedRestrictionMentions, kinds={"spacy", "parquet"}),
        "unreadable_articles": asset_out(UnreadableArticles, kinds={"spacy", "parquet"}),
    },
)
def extract(context: dg.AssetExecutionContext, build: WarehouseBuild, settings: CritminSettings, articles: pl.DataFrame,
            article_texts: pl.DataFrame):
    """Read every article with spaCy (sentences, entities) and our gazetteers and rules. An article the
    last build in the same warehouse already read, with the same extraction code, is not read again:
    its rows are reused (see pipeline/incremental.py). Articles the relevance gate marked off topic are
    not read at all."""
    docs = (articles.filter("on_topic").select("article_id", "published_date")
            .join(article_texts, on="article_id", how="left"))
    failures: list[dict] = []

    def failed(article: dict, reason: str) -> None:
        failures.append({"article_id": article["article_id"], "reason": reason})
        context.log.warning(f"article {article['article_id']} {reason}")

    def extract_new(new_docs: pl.DataFrame):
        return read_new_articles(context, new_docs, settings.processes, failed)

    (meetings, participants, restrictions), plan, log = extract_incrementally(
        docs, build.previous, extract_new)
    if extractor_is_broken(len(failures), plan.to_extract.height):
        # One odd article is a rejected input; most of them failing is a fault of the code, and a build
        # that published an empty dataset over a good one would hide it.
        raise dg.Failure(description=f"the extractor failed on {len(failures)} of {plan.to_extract.height} "
                                     f"articles, first: {failures[0]['reason']}; nothing is published")
    # An article that failed is left out of the log, so the next build tries it again.
    log = log.filter(~pl.col("article_id").is_in([f["article_id"] for f in failures]))
    unreadable = unreadable_frame(failures, articles)
    counts = {"articles_extracted": plan.to_extract.height, "articles_reused": plan.reused.height,
              "articles_off_topic": articles.height - docs.height}
    context.log.info(f"{meetings.height} meeting, {participants.height} participant and "
                     f"{restrictions.height} restriction mentions from {docs.height} articles "
                     f"({counts['articles_extracted']} extracted, {counts['articles_reused']} reused "
                     f"from the last build); {counts['articles_off_topic']} off-topic articles not read")
    yield dg.Output(meetings, output_name="extracted_meeting_mentions", metadata=table_metadata(meetings) | counts)
    yield dg.Output(participants, output_name="extracted_participant_mentions",
                    metadata=table_metadata(participants) | counts)
    yield dg.Output(restrictions, output_name="extracted_restriction_mentions",
                    metadata=table_metadata(restrictions) | counts)
    yield dg.Output(unreadable, output_name="unreadable_articles", metadata=table_metadata(unreadable))
    write_extraction_log(build.folder, log)


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
