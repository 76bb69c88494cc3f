"""Event tables: the real world, each meeting, person and restriction once, merged across articles."""

from __future__ import annotations

from typing import Optional

import polars as pl
import pandera.polars as pa

from schemas.base import TableModel
from schemas.fields import field


class Meetings(TableModel):
    """Real-world meetings on critical minerals, one row each, merged across articles."""

    meeting_id: str = field("meeting_id:key", unique=True)
    name: Optional[str] = field("name:meeting")
    meeting_format: str = field("meeting_format")
    start_date: Optional[pl.Date] = field("start_date:merged")
    end_date: Optional[pl.Date] = field("end_date:meeting")
    date_precision: Optional[str] = field("date_precision")
    city: Optional[str] = field("city")
    country_iso3: Optional[str] = field("country_iso3:place")
    convener: Optional[str] = field("convener")
    convener_iso3: Optional[str] = field("convener_iso3")
    meeting_level: Optional[str] = field("meeting_level")
    article_count: int = field("article_count")
    first_reported_date: Optional[pl.Date] = field("first_reported_date")
    source_count: int = field("source_count")
    max_confidence: float = field("max_confidence")
    first_url: Optional[str] = field("first_url")


class MeetingParticipants(TableModel):
    """Who took part in each meeting: countries, organisations and people."""

    meeting_id: str = field("meeting_id")
    participant_id: str = pa.Field(
        description="person_id for a person, the ISO3 code for a country, org:<slug> for an organisation.")
    participant_kind: str = field("participant_kind")
    name: str = field("name:participant")
    country_iso3: Optional[str] = field("country_iso3:party")
    role: Optional[str] = field("role")
    article_count: int = field("article_count")
    source_count: int = field("source_count")
    max_confidence: float = field("max_confidence")
    first_url: Optional[str] = field("first_url")

    class Config:
        unique = ["meeting_id", "participant_id"]


class People(TableModel):
    """People who took part in meetings, one row per person across spellings."""

    person_id: str = field("person_id:key", unique=True)
    name: str = field("name:person")
    aliases: pl.List(pl.Utf8) = field("aliases:person")
    country_iso3: Optional[str] = field("country_iso3:party")
    roles: pl.List(pl.Utf8) = pa.Field(description="Titles seen, e.g. Finance Minister.")
    article_count: int = field("article_count")
    source_count: int = field("source_count")
    max_confidence: float = field("max_confidence")
    first_url: Optional[str] = field("first_url")


class MineralRestrictions(TableModel):
    """Real-world export restrictions, one row per measure step per mineral, merged across articles."""

    restriction_id: str = field("restriction_id:key", unique=True)
    imposing_iso3: str = field("imposing_iso3")
    target_iso3: Optional[str] = field("target_iso3")
    mineral_id: str = field("mineral_id")
    measure: str = field("measure")
    action: str = field("action:merged")
    announced_date: Optional[pl.Date] = field("announced_date:merged")
    date_precision: Optional[str] = field("date_precision")
    effective_date: Optional[pl.Date] = field("effective_date:merged")
    effective_date_precision: Optional[str] = field("lifecycle_precision")
    end_date: Optional[pl.Date] = field("end_date:restriction")
    end_date_precision: Optional[str] = field("lifecycle_precision")
    product_stage: Optional[str] = field("product_stage")
    legal_instrument: Optional[str] = field("legal_instrument")
    article_count: int = field("article_count")
    first_reported_date: Optional[pl.Date] = field("first_reported_date")
    source_count: int = field("source_count")
    max_confidence: float = field("max_confidence")
    first_url: Optional[str] = field("first_url")
    suspends_restriction_id: Optional[str] = pa.Field(
        nullable=True, str_matches=r"^[0-9a-f]{16}$",
        description="For a suspension or lifting: the restriction row (imposed or expanded step) it pauses or ends.")


class MergeDecisions(TableModel):
    """Why each mention belongs to its meeting, person or restriction: the mention it matched best,
    the score and the features that decided it, so a wrong merge can be found and explained."""

    entity_kind: str = pa.Field(isin=["meeting", "person", "restriction"], description="meeting, person or restriction.")
    entity_id: str = pa.Field(description="The meeting_id, person_id or restriction_id the mention was given.")
    mention_id: str = field("mention_id:any")
    mineral_id: Optional[str] = field("mineral_id:of_mention")
    decision: str = pa.Field(isin=["new", "merged"], description="new: it started the cluster; merged: it joined one.")
    matched_mention_id: Optional[str] = pa.Field(
        nullable=True, description="The mention already in the cluster that it matched best.")
    score: Optional[float] = pa.Field(nullable=True, ge=0.0, le=1.0, description="Similarity to that mention, 0 to 1.")
    evidence: str = pa.Field(description="The features behind the decision, as JSON (name similarity, overlap, dates...); "
                             "a new meeting also names the nearest meeting it was kept from, and why.")

    class Config:
        unique = ["entity_kind", "mention_id", "mineral_id"]
