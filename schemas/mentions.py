"""Mention tables: what each article says, one row per statement, each pointing to its sentence.

The `Extracted*` models are the extract stage's output, before mentions are merged into
real-world events; the published models add the event ids the resolve stage assigns."""

from __future__ import annotations

from typing import Optional

import polars as pl
import pandera.polars as pa

from schemas.base import TableModel
from schemas.sources import ARTICLE_ID
from schemas.vocabularies import ACTIONS, DATE_PRECISIONS, MEASURES, MEETING_FORMATS, PARTICIPANT_KINDS

ISO3 = dict(nullable=True, str_matches=r"^[A-Z]{3}$")
MENTION_ID = dict(str_matches=r"^[0-9a-f]{16}$")
LEVEL = dict(nullable=True, isin=["leaders", "ministers"],
             description="Who met: leaders (summit, heads of state or government) or ministers; null if not said.")


class _Evidence(TableModel):
    evidence_text: str = pa.Field(description="The sentence the row was read from, as it stands in the body.")
    char_start: int = pa.Field(ge=0, description="Offset of the evidence sentence's first character in article_texts.body.")
    char_end: int = pa.Field(ge=0, description="Offset just past the evidence sentence's last character in article_texts.body.")
    confidence: float = pa.Field(
        ge=0.0, le=1.0,
        description="How sure the extractor is that this row is right, from 0 to 1, from how it was read: a meeting "
                    "word that says people gathered, named parties, a date and a name raise it; a participant named "
                    "beside a title or in the meeting's own sentence is surer than a country guessed from the "
                    "paragraph or a person brought in from another sentence, and no surer than its meeting; a "
                    "restriction read from one sentence is surer than a later step told without the mineral. "
                    "`make eval` checks it against precision (README, Extraction quality).")


class ExtractedMeetingMentions(_Evidence):
    """Meetings as each article states them (extract stage, before merging across articles)."""

    mention_id: str = pa.Field(unique=True, **MENTION_ID, description="Id of this statement (hash of article and offsets).")
    article_id: str = pa.Field(**ARTICLE_ID)
    meeting_name: Optional[str] = pa.Field(nullable=True, description="Proper name of the meeting if stated, else null.")
    meeting_format: str = pa.Field(isin=list(MEETING_FORMATS), description="bilateral (two parties) or multilateral.")
    start_date: Optional[pl.Date] = pa.Field(
        nullable=True,
        description="First day of the meeting, resolved against the published date; 1st of the month for month precision, "
                    "1 January for year precision. When the meeting's own sentence states no date, the day the text "
                    "around it gives (the sentence or paragraph before, a live blog's day heading or publication day); "
                    "when only the day it closed is stated, that day.")
    date_precision: Optional[str] = pa.Field(
        nullable=True, isin=list(DATE_PRECISIONS), description="day, month or year; null when no date is stated.")
    city: Optional[str] = pa.Field(nullable=True, description="City where the meeting took place.")
    country_iso3: Optional[str] = pa.Field(**ISO3, description="Country where the meeting took place (ISO 3166-1 alpha-3).")
    convener: Optional[str] = pa.Field(nullable=True, description="Who convened or hosted it, as stated.")
    convener_iso3: Optional[str] = pa.Field(**ISO3, description="Country of the convener.")
    status: str = pa.Field(isin=["held", "scheduled"], description="held (reported as past) or scheduled (reported as planned).")
    meeting_level: Optional[str] = pa.Field(**LEVEL)


class MeetingMentions(ExtractedMeetingMentions):
    """Meetings as each article states them, linked to the real-world meeting."""

    meeting_id: str = pa.Field(**MENTION_ID, description="The real-world meeting (fk meetings).")


class ExtractedParticipantMentions(_Evidence):
    """Participants of each meeting mention (extract stage, before people are merged)."""

    mention_id: str = pa.Field(unique=True, **MENTION_ID, description="Id of this participant statement.")
    meeting_mention_id: str = pa.Field(**MENTION_ID, description="The meeting statement it belongs to (fk meeting_mentions).")
    article_id: str = pa.Field(**ARTICLE_ID)
    participant_kind: str = pa.Field(
        isin=list(PARTICIPANT_KINDS),
        description="country, organization or person; an organization is named in the text or is the body a "
                    "participating official speaks for (\"the EU's trade commissioner, X\").")
    name: str = pa.Field(description="Country name, organisation name, or the person's name as written.")
    country_iso3: Optional[str] = pa.Field(
        **ISO3, description="Country the participant represents; itself for a country; null for international organisations.")
    role: Optional[str] = pa.Field(
        nullable=True, description="A person's title without the country adjective, e.g. Treasury Secretary.")


class ParticipantMentions(ExtractedParticipantMentions):
    """Participants of each meeting mention, persons linked to `people`."""

    person_id: Optional[str] = pa.Field(nullable=True, **MENTION_ID, description="The person (fk people); persons only.")


class ExtractedRestrictionMentions(_Evidence):
    """Export restrictions as each article states them, one row per mineral (extract stage)."""

    mention_id: str = pa.Field(
        **MENTION_ID, description="Id of the statement; not unique: a statement naming three minerals gives three rows.")
    article_id: str = pa.Field(**ARTICLE_ID)
    imposing_iso3: str = pa.Field(str_matches=r"^[A-Z]{3}$", description="Country imposing the measure.")
    target_iso3: Optional[str] = pa.Field(**ISO3, description="Destination hit; null = all destinations or not stated.")
    mineral_id: str = pa.Field(description="The mineral (fk minerals).")
    mineral_phrase: str = pa.Field(description="The words naming it, as written: seven types of rare earths.")
    item_count: Optional[int] = pa.Field(nullable=True, ge=1, description="The number of items stated, e.g. 7, else null.")
    measure: str = pa.Field(isin=list(MEASURES), description="export_prohibition, licensing_requirement, export_quota, export_tax or unspecified.")
    action: str = pa.Field(isin=list(ACTIONS), description="imposed, expanded, suspended or lifted.")
    announced_date: Optional[pl.Date] = pa.Field(
        nullable=True, description="When the measure (or this step of it) was announced or took effect, as stated.")
    date_precision: Optional[str] = pa.Field(
        nullable=True, isin=list(DATE_PRECISIONS), description="day, month or year; null when no date is stated.")

    class Config:
        unique = ["mention_id", "mineral_id"]


class RestrictionMentions(ExtractedRestrictionMentions):
    """Export restrictions as each article states them, linked to the real-world measure."""

    restriction_id: str = pa.Field(**MENTION_ID, description="The real-world measure on this mineral (fk mineral_restrictions).")
