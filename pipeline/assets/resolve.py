"""Resolve stage: mentions merged across articles into meetings, people and restrictions."""


import dagster as dg
import polars as pl

from pipeline.assets.metadata import asset_out, table_metadata
from pipeline.assets.resources import WarehouseBuild
from pipeline.warehouse import previous_ids
from pipeline.resolve.meetings import resolve_meetings
from pipeline.resolve.people import resolve_people
from pipeline.resolve.restrictions import resolve_restrictions
from pipeline.resolve.trust import add_trust
from schemas import (
    MeetingMentions,
    MeetingParticipants,
    Meetings,
    MergeDecisions,
    MineralRestrictions,
    ParticipantMentions,
    People,
    RestrictionMentions,
)


@dg.multi_asset(
    group_name="resolve",
    outs={
        "meeting_mentions": asset_out(MeetingMentions, kinds={"polars", "parquet"}),
        "participant_mentions": asset_out(ParticipantMentions, kinds={"polars", "parquet"}),
        "restriction_mentions": asset_out(RestrictionMentions, kinds={"polars", "parquet"}),
        "meetings": asset_out(Meetings, kinds={"polars", "parquet"}),
        "meeting_participants": asset_out(MeetingParticipants, kinds={"polars", "parquet"}),
        "people": asset_out(People, kinds={"polars", "parquet"}),
        "mineral_restrictions": asset_out(MineralRestrictions, kinds={"polars", "parquet"}),
        "merge_decisions": asset_out(MergeDecisions, kinds={"polars", "parquet"}),
    },
)
def resolve(
    context: dg.AssetExecutionContext,
    build: WarehouseBuild,
    articles: pl.DataFrame,
    extracted_meeting_mentions: pl.DataFrame,
    extracted_participant_mentions: pl.DataFrame,
    extracted_restriction_mentions: pl.DataFrame,
):
    """Give every mention the id of the real-world meeting, person or restriction it describes,
    keeping the ids an earlier build in the same warehouse gave (ids never change as articles are added)."""
    previous = build.previous  # the published build, whose ids are kept
    published = articles.select("article_id", "published_date", "story_id")
    participant_mentions, people, person_decisions = resolve_people(
        extracted_participant_mentions, published, previous_ids(previous, "participant_mentions", "person_id"))
    meeting_mentions, meetings, meeting_participants, meeting_decisions = resolve_meetings(
        extracted_meeting_mentions, participant_mentions, published,
        previous_ids(previous, "meeting_mentions", "meeting_id"))
    restriction_mentions, restrictions, restriction_decisions = resolve_restrictions(
        extracted_restriction_mentions, published,
        previous_ids(previous, "restriction_mentions", "restriction_id", ("mention_id", "mineral_id")))
    decisions = pl.concat([meeting_decisions, person_decisions, restriction_decisions])
    merged = decisions.filter(pl.col("decision") == "merged").height
    context.log.info(f"{meetings.height} meetings, {people.height} people, {restrictions.height} restrictions; "
                     f"{merged} of {decisions.height} mentions merged into an earlier one")
    outputs = add_trust({
        "meeting_mentions": meeting_mentions,
        "participant_mentions": participant_mentions,
        "restriction_mentions": restriction_mentions,
        "meetings": meetings,
        "meeting_participants": meeting_participants,
        "people": people,
        "mineral_restrictions": restrictions,
        "merge_decisions": decisions,
    }, articles)  # how well attested each event row is: sources, best confidence, first address
    for name, df in outputs.items():
        yield dg.Output(df, output_name=name, metadata=table_metadata(df))
