"""Mention tables: what each article says, one row per statement, each pointing to its sentence.

The `Extracted*` models are the extract stage's output, before mentions are merged into
real-world events; the published models add the event ids the resolve stage assigns."""

from __future__ import annotations

from typing import Optional

import polars as pl
import pandera.polars as pa

from schemas.base import TableModel
from schemas.fields import field


class _Evidence(TableModel):
    evidence_text: str = field("evidence_text")
    char_start: int = field("char_start")
    char_end: int = field("char_end")
    confidence: float = field("confidence")


class ExtractedMeetingMentions(_Evidence):
    """Meetings as each article states them (extract stage, before merging across articles)."""

    mention_id: str = field("mention_id", unique=True)
    article_id: str = field("article_id")
    meeting_name: Optional[str] = pa.Field(nullable=True, description="Proper name of the meeting if stated, else null.")
    meeting_format: str = field("meeting_format")
    start_date: Optional[pl.Date] = field("start_date:stated")
    date_precision: Optional[str] = field("date_precision")
    city: Optional[str] = field("city")
    country_iso3: Optional[str] = field("country_iso3:place")
    convener: Optional[str] = field("convener")
    convener_iso3: Optional[str] = field("convener_iso3")
    status: str = field("status:meeting")
    meeting_level: Optional[str] = field("meeting_level")


class MeetingMentions(ExtractedMeetingMentions):
    """Meetings as each article states them, linked to the real-world meeting."""

    meeting_id: str = field("meeting_id")


class ExtractedParticipantMentions(_Evidence):
    """Participants of each meeting mention (extract stage, before people are merged)."""

    mention_id: str = field("mention_id", unique=True)
    meeting_mention_id: str = field("meeting_mention_id")
    article_id: str = field("article_id")
    participant_kind: str = field("participant_kind")
    name: str = field("name:participant_mention")
    country_iso3: Optional[str] = field("country_iso3:party")
    role: Optional[str] = field("role")


class ParticipantMentions(ExtractedParticipantMentions):
    """Participants of each meeting mention, persons linked to `people`."""

    person_id: Optional[str] = field("person_id")


class ExtractedRestrictionMentions(_Evidence):
    """Export restrictions as each article states them, one row per mineral (extract stage)."""

    mention_id: str = field("mention_id:per_mineral")
    article_id: str = field("article_id")
    imposing_iso3: str = field("imposing_iso3")
    target_iso3: Optional[str] = field("target_iso3")
    mineral_id: str = field("mineral_id")
    mineral_phrase: str = pa.Field(description="The words naming it, as written: seven types of rare earths.")
    item_count: Optional[int] = pa.Field(nullable=True, ge=1, description="The number of items stated, e.g. 7, else null.")
    measure: str = field("measure")
    action: str = field("action")
    announced_date: Optional[pl.Date] = field("announced_date:stated")
    date_precision: Optional[str] = field("date_precision")
    effective_date: Optional[pl.Date] = field("effective_date:stated")
    effective_date_precision: Optional[str] = field("lifecycle_precision")
    end_date: Optional[pl.Date] = field("end_date:restriction")
    end_date_precision: Optional[str] = field("lifecycle_precision")
    product_stage: Optional[str] = field("product_stage")
    legal_instrument: Optional[str] = field("legal_instrument")

    class Config:
        unique = ["mention_id", "mineral_id"]


class RestrictionMentions(ExtractedRestrictionMentions):
    """Export restrictions as each article states them, linked to the real-world measure."""

    restriction_id: str = field("restriction_id")
