"""Extract stage: meetings, participants and restrictions as each article states them."""


import time

import dagster as dg
import polars as pl

from pipeline.assets.metadata import asset_out, table_metadata
from pipeline.nlp.extract import extract_articles
from schemas import ExtractedMeetingMentions, ExtractedParticipantMentions, ExtractedRestrictionMentions

PROGRESS_EVERY = 25


@dg.multi_asset(
    group_name="extract",
    outs={
        "extracted_meeting_mentions": asset_out(ExtractedMeetingMentions, kinds={"spacy", "parquet"}),
        "extracted_participant_mentions": asset_out(ExtractedParticipantMentions, kinds={"spacy", "parquet"}),
        "extracted_restriction_mentions": asset_out(ExtractedRestrictionMentions, kinds={"spacy", "parquet"}),
    },
)
def extract(context: dg.AssetExecutionContext, articles: pl.DataFrame, article_texts: pl.DataFrame):
    """Read every article with spaCy (sentences, entities) and our gazetteers and rules."""
    docs = articles.select("article_id", "published_date").join(article_texts, on="article_id", how="left")
    total = docs.height
    started = time.monotonic()

    def progress(done: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            rate = done / max(time.monotonic() - started, 1e-9)
            context.log.info(f"extracted {done}/{total} articles ({rate:.1f} articles/s)")

    meetings, participants, restrictions = extract_articles(docs.iter_rows(named=True), on_article=progress)
    context.log.info(f"{meetings.height} meeting, {participants.height} participant and "
                     f"{restrictions.height} restriction mentions from {total} articles")
    yield dg.Output(meetings, output_name="extracted_meeting_mentions", metadata=table_metadata(meetings))
    yield dg.Output(participants, output_name="extracted_participant_mentions", metadata=table_metadata(participants))
    yield dg.Output(restrictions, output_name="extracted_restriction_mentions", metadata=table_metadata(restrictions))
