"""Event tables: the real world, each meeting, person and restriction once, merged across articles."""

from __future__ import annotations

from typing import Optional

import polars as pl
import pandera.polars as pa

from schemas.base import TableModel
from schemas.mentions import ISO3, LEVEL, MENTION_ID
from schemas.vocabularies import ACTIONS, DATE_PRECISIONS, MEASURES, MEETING_FORMATS, PARTICIPANT_KINDS

ARTICLE_COUNT = dict(ge=1, description="Number of distinct stories that report it (syndicated copies of one story count once).")
FIRST_REPORTED = dict(nullable=True, description="Earliest published date among the articles that report it.")


class Meetings(TableModel):
    """Real-world meetings on critical minerals, one row each, merged across articles."""

    meeting_id: str = pa.Field(unique=True, **MENTION_ID, description="Deterministic id of the meeting.")
    name: Optional[str] = pa.Field(nullable=True, description="Proper name, when any article states one.")
    meeting_format: str = pa.Field(isin=list(MEETING_FORMATS), description="bilateral or multilateral.")
    start_date: Optional[pl.Date] = pa.Field(nullable=True, description="First day (most precise date reported).")
    end_date: Optional[pl.Date] = pa.Field(nullable=True, description="Last day, for meetings over several days.")
    date_precision: Optional[str] = pa.Field(nullable=True, isin=list(DATE_PRECISIONS), description="day, month or year.")
    city: Optional[str] = pa.Field(nullable=True, description="City where it took place.")
    country_iso3: Optional[str] = pa.Field(**ISO3, description="Country where it took place.")
    convener: Optional[str] = pa.Field(nullable=True, description="Who convened or hosted it.")
    convener_iso3: Optional[str] = pa.Field(**ISO3, description="Country of the convener.")
    meeting_level: Optional[str] = pa.Field(**LEVEL)
    article_count: int = pa.Field(**ARTICLE_COUNT)
    first_reported_date: Optional[pl.Date] = pa.Field(**FIRST_REPORTED)


class MeetingParticipants(TableModel):
    """Who took part in each meeting: countries, organisations and people."""

    meeting_id: str = pa.Field(**MENTION_ID, description="The meeting (fk meetings).")
    participant_id: str = pa.Field(
        description="person_id for a person, the ISO3 code for a country, org:<slug> for an organisation.")
    participant_kind: str = pa.Field(isin=list(PARTICIPANT_KINDS), description="country, organization or person.")
    name: str = pa.Field(description="Display name.")
    country_iso3: Optional[str] = pa.Field(**ISO3, description="Country the participant represents.")
    role: Optional[str] = pa.Field(nullable=True, description="A person's title at the meeting.")
    article_count: int = pa.Field(**ARTICLE_COUNT)

    class Config:
        unique = ["meeting_id", "participant_id"]


class People(TableModel):
    """People who took part in meetings, one row per person across spellings."""

    person_id: str = pa.Field(unique=True, **MENTION_ID, description="Deterministic id of the person.")
    name: str = pa.Field(description="Canonical name (the most frequent full spelling).")
    aliases: pl.List(pl.Utf8) = pa.Field(description="Every spelling seen, e.g. Koo Yoon-chul, Koo Yun-cheol.")
    country_iso3: Optional[str] = pa.Field(**ISO3, description="Country the person represents.")
    roles: pl.List(pl.Utf8) = pa.Field(description="Titles seen, e.g. Finance Minister.")
    article_count: int = pa.Field(**ARTICLE_COUNT)


class MineralRestrictions(TableModel):
    """Real-world export restrictions, one row per measure step per mineral, merged across articles."""

    restriction_id: str = pa.Field(unique=True, **MENTION_ID, description="Deterministic id of the measure on this mineral.")
    imposing_iso3: str = pa.Field(str_matches=r"^[A-Z]{3}$", description="Country imposing the measure.")
    target_iso3: Optional[str] = pa.Field(**ISO3, description="Destination hit; null = all destinations.")
    mineral_id: str = pa.Field(description="The mineral (fk minerals).")
    measure: str = pa.Field(isin=list(MEASURES), description="export_prohibition, licensing_requirement, export_quota, export_tax or unspecified.")
    action: str = pa.Field(isin=list(ACTIONS), description="imposed, expanded, suspended or lifted; for a step that articles call imposed or expanded, the label most of them give.")
    announced_date: Optional[pl.Date] = pa.Field(nullable=True, description="When it was announced (most precise date reported).")
    date_precision: Optional[str] = pa.Field(nullable=True, isin=list(DATE_PRECISIONS), description="day, month or year.")
    article_count: int = pa.Field(**ARTICLE_COUNT)
    first_reported_date: Optional[pl.Date] = pa.Field(**FIRST_REPORTED)
    suspends_restriction_id: Optional[str] = pa.Field(
        nullable=True, **MENTION_ID,
        description="For a suspension or lifting: the restriction row (imposed or expanded step) it pauses or ends.")


class MergeDecisions(TableModel):
    """Why each mention belongs to its meeting, person or restriction: the mention it matched best,
    the score and the features that decided it, so a wrong merge can be found and explained."""

    entity_kind: str = pa.Field(isin=["meeting", "person", "restriction"], description="meeting, person or restriction.")
    entity_id: str = pa.Field(description="The meeting_id, person_id or restriction_id the mention was given.")
    mention_id: str = pa.Field(description="The mention (meeting_mentions, participant_mentions or restriction_mentions).")
    mineral_id: Optional[str] = pa.Field(
        nullable=True, description="For a restriction mention, which of its minerals (a statement can name several).")
    decision: str = pa.Field(isin=["new", "merged"], description="new: it started the cluster; merged: it joined one.")
    matched_mention_id: Optional[str] = pa.Field(
        nullable=True, description="The mention already in the cluster that it matched best.")
    score: Optional[float] = pa.Field(nullable=True, ge=0.0, le=1.0, description="Similarity to that mention, 0 to 1.")
    evidence: str = pa.Field(description="The features behind the decision, as JSON (name similarity, overlap, dates...); "
                             "a new meeting also names the nearest meeting it was kept from, and why.")

    class Config:
        unique = ["entity_kind", "mention_id", "mineral_id"]
