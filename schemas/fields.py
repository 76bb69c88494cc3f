"""Every column of critmin described once: its checks and its description, by the concept it holds.

A table model takes each column with `field(concept)`, adding only what is particular to that table
(`unique=True` for its own key). A column name that holds two concepts has two entries, named
`<column>:<meaning>`: `country_iso3:place` (where a meeting took place) and `country_iso3:party`
(whom a participant represents) are both `country_iso3` in the tables."""

from __future__ import annotations

from typing import Any

import pandera.polars as pa

from schemas.vocabularies import (
    ACTIONS, DATE_PRECISIONS, FETCH_OUTCOMES, MEASURES, MEETING_FORMATS, MINERAL_KINDS, PARTICIPANT_KINDS,
    PRODUCT_STAGES, SNAPSHOT_KINDS,
)

HEX_ID = r"^[0-9a-f]{16}$"
ISO3 = r"^[A-Z]{3}$"

FIELDS: dict[str, dict[str, Any]] = {
    # Identifiers ----------------------------------------------------------------------------------
    "article_id": dict(str_matches=HEX_ID, description="First 16 hex characters of the SHA-256 of the normalised body."),
    "mention_id": dict(str_matches=HEX_ID, description="Id of this statement (hash of article and offsets)."),
    "mention_id:per_mineral": dict(
        str_matches=HEX_ID,
        description="Id of the statement; not unique: a statement naming three minerals gives three rows."),
    "mention_id:any": dict(description="The mention (meeting_mentions, participant_mentions or restriction_mentions)."),
    "meeting_mention_id": dict(str_matches=HEX_ID, description="The meeting statement it belongs to (fk meeting_mentions)."),
    "meeting_id:key": dict(str_matches=HEX_ID, description="Deterministic id of the meeting."),
    "meeting_id": dict(str_matches=HEX_ID, description="The real-world meeting (fk meetings)."),
    "person_id:key": dict(str_matches=HEX_ID, description="Deterministic id of the person."),
    "person_id": dict(nullable=True, str_matches=HEX_ID, description="The person (fk people); persons only."),
    "restriction_id:key": dict(str_matches=HEX_ID, description="Deterministic id of the measure on this mineral."),
    "restriction_id": dict(
        str_matches=HEX_ID, description="The real-world measure on this mineral (fk mineral_restrictions)."),
    "mineral_id": dict(description="The mineral (fk minerals)."),
    "source_file": dict(description="Input file, relative to the input folder; name.jsonl:LINE for one line of a JSONL "
                                    "file; the address fetched, for a page or feed of the sources file. Bytes of a "
                                    "file name that are not UTF-8 are written as \\xNN."),
    "snapshot_sha256": dict(
        nullable=True, str_matches=r"^[0-9a-f]{64}$",
        description="SHA-256 of the fetched body, stored once as landing/snapshots/<first 2>/<sha256> in the warehouse; "
                    "null when nothing was stored (an article read from a plain file, a failed fetch)."),
    "url:article": dict(nullable=True, description="Address of the article as published."),
    "url:fetched": dict(description="Address as configured in the sources file (or found in a feed)."),
    "source:publisher": dict(nullable=True, description="Publisher, e.g. Reuters."),
    "source:configured": dict(description="Name of the configured source (its name:, else its host; for a page "
                                          "found in a feed, the feed's)."),
    "reason:rejected": dict(description="What is wrong and how to fix it."),
    "reason:fetch": dict(nullable=True, description="Why it was not fetched, and what to do (timeout, too large, "
                                                    "redirect refused, robots.txt, HTTP status, not HTML...); null "
                                                    "when fetched."),
    "status:meeting": dict(isin=["held", "scheduled"],
                           description="held (reported as past) or scheduled (reported as planned)."),
    "status:http": dict(nullable=True, description="HTTP status; null when no response came."),
    "kind:mineral": dict(isin=list(MINERAL_KINDS), description="element, group or material."),
    "fetch_outcome": dict(isin=list(FETCH_OUTCOMES),
                          description="fetched (a body stored), unchanged (304 to a conditional request), failed, or "
                                      "skipped (robots.txt disallows it)."),
    "kind:snapshot": dict(isin=list(SNAPSHOT_KINDS),
                          description="feed (RSS/Atom), page (an article page), warc (a web archive the sources file "
                                      "lists, read in place by every build; bytes is its size) or sources (the sources "
                                      "file itself)."),
    # Countries -----------------------------------------------------------------------------------
    "country_iso3:place": dict(nullable=True, str_matches=ISO3,
                               description="Country where the meeting took place (ISO 3166-1 alpha-3)."),
    "country_iso3:party": dict(
        nullable=True, str_matches=ISO3,
        description="Country the participant represents; itself for a country; null for international organisations."),
    "convener_iso3": dict(nullable=True, str_matches=ISO3, description="Country of the convener."),
    "imposing_iso3": dict(str_matches=ISO3, description="Country imposing the measure."),
    "target_iso3": dict(nullable=True, str_matches=ISO3,
                        description="Destination hit; null = all destinations or not stated."),
    # Meetings ------------------------------------------------------------------------------------
    "meeting_format": dict(isin=list(MEETING_FORMATS), description="bilateral (two parties) or multilateral."),
    "date_precision": dict(nullable=True, isin=list(DATE_PRECISIONS),
                           description="day, month or year; null when no date is stated."),
    "city": dict(nullable=True, description="City where the meeting took place."),
    "convener": dict(nullable=True, description="Who convened or hosted it, as stated."),
    "meeting_level": dict(nullable=True, isin=["leaders", "ministers"],
                          description="Who met: leaders (summit, heads of state or government) or ministers; null if not said."),
    "role": dict(nullable=True, description="A person's title at the meeting, without the country adjective, "
                                            "e.g. Treasury Secretary."),
    "participant_kind": dict(
        isin=list(PARTICIPANT_KINDS),
        description="country, organization or person; an organization is named in the text or is the body a "
                    "participating official speaks for (\"the EU's trade commissioner, X\")."),
    # Restrictions --------------------------------------------------------------------------------
    "measure": dict(isin=list(MEASURES),
                    description="export_prohibition, licensing_requirement, export_quota, export_tax or unspecified."),
    "action": dict(isin=list(ACTIONS), description="imposed, expanded, suspended or lifted."),
    # Events merged across articles ---------------------------------------------------------------
    "article_count": dict(
        ge=1, description="Number of distinct stories that report it (syndicated copies of one story count once)."),
    "first_reported_date": dict(nullable=True, description="Earliest published date among the articles that report it."),
    # How well attested a row is, to filter and cite it without joins (README, "Filter for well-attested rows").
    "source_count": dict(
        ge=1, description="Number of independent sources that report it: distinct outlets (articles.source, else the "
                          "address's host), where syndicated copies of one story count once, as the outlet of its "
                          "earliest copy."),
    "max_confidence": dict(ge=0.0, le=1.0, description="The highest confidence among the mentions it was merged from."),
    "first_url": dict(nullable=True, description="Address of the earliest published article that reports it (by "
                                                 "published date, then article_id); null when that article has none."),
    # Evidence: every mention table ends with these --------------------------------------------------
    "evidence_text": dict(description="The sentence the row was read from, as it stands in the body."),
    "char_start": dict(ge=0, description="Offset of the evidence sentence's first character in article_texts.body."),
    "char_end": dict(ge=0, description="Offset just past the evidence sentence's last character in article_texts.body."),
    "confidence": dict(
        ge=0.0, le=1.0,
        description="How sure the extractor is that this row is right, from 0 to 1, from how it was read: a meeting "
                    "word that says people gathered, named parties, a date and a name raise it; a participant named "
                    "beside a title or in the meeting's own sentence is surer than a country guessed from the "
                    "paragraph or a person brought in from another sentence, and no surer than its meeting; a "
                    "restriction read from one sentence is surer than a later step told without the mineral. "
                    "For the tables pipeline/extract/models/use.yaml names (none today: the rules' score was the "
                    "better calibrated on real news held out) it is instead the probability the trained scorer gives. `make eval` checks it against precision "
                    "(README, Extraction quality)."),
    # Columns whose name holds a different concept in each table ------------------------------------
    "name:country": dict(description="Common English short name, e.g. South Korea."),
    "name:mineral": dict(description="English display name."),
    "name:meeting": dict(nullable=True, description="Proper name, when any article states one."),
    "name:participant_mention": dict(description="Country name, organisation name, or the person's name as written."),
    "name:participant": dict(description="Display name."),
    "name:person": dict(description="Canonical name (the most frequent full spelling)."),
    "aliases:country": dict(description="Other names and demonyms seen in news, e.g. Republic of Korea, Korean."),
    "aliases:mineral": dict(description="Names news uses for it: plurals, spellings, rare earths, REEs."),
    "aliases:person": dict(description="Every spelling seen, e.g. Koo Yoon-chul, Koo Yun-cheol."),
    "mineral_id:key": dict(str_matches=r"^[a-z][a-z0-9_]*$",
                           description="snake_case English name, e.g. dysprosium, rare_earth_elements."),
    "mineral_id:of_mention": dict(
        nullable=True, description="For a restriction mention, which of its minerals (a statement can name several)."),
    "start_date:stated": dict(
        nullable=True,
        description="First day of the meeting, resolved against the published date; 1st of the month for month precision, "
                    "1 January for year precision. When the meeting's own sentence states no date, the day the text "
                    "around it gives (the sentence or paragraph before, a live blog's day heading or publication day); "
                    "when only the day it closed is stated, that day."),
    "start_date:merged": dict(nullable=True, description="First day (most precise date reported)."),
    "announced_date:stated": dict(
        nullable=True, description="When the measure (or this step of it) was announced, as stated; when the text gives "
                                   "only the day it takes or took effect, that day (effective_date holds it too)."),
    "effective_date:stated": dict(
        nullable=True, description="When this step takes or took effect, as stated (\"from 1 December\", \"with immediate "
                                   "effect\" on the day announced, \"starting next year\"); null when the text does not say."),
    "effective_date:merged": dict(
        nullable=True, description="When this step takes or took effect (most precise date reported); null when no "
                                   "article says, and the step is then taken to be in force from its announced_date."),
    "end_date:meeting": dict(nullable=True, description="Last day, for meetings over several days."),
    "end_date:restriction": dict(
        nullable=True, description="When this temporary step ends, as stated: a suspension \"until November 10, 2026\", "
                                   "\"for four months\" from its start, a quota's year; null when the text does not say."),
    "lifecycle_precision": dict(nullable=True, isin=list(DATE_PRECISIONS),
                                description="day, month or year of the date beside it; null when that date is null."),
    "product_stage": dict(
        nullable=True, isin=list(PRODUCT_STAGES),
        description="The form of the mineral restricted, as the text says: ore, concentrate, refined, metal, compound, "
                    "product (magnets, batteries), technology or equipment; null when not stated."),
    "legal_instrument": dict(
        nullable=True, description="The legal text the step is issued under, as written (\"Announcement No. 61 of 2025\"); "
                                   "its numbers are never read as dates. Null when none is named."),
    "announced_date:merged": dict(nullable=True, description="When it was announced (most precise date reported)."),
    "action:merged": dict(
        isin=list(ACTIONS), description="imposed, expanded, suspended or lifted; for a step that articles call imposed "
                                        "or expanded, the label most of them give."),
}


def field(concept: str, **overrides: Any) -> Any:
    """The pandera Field of a column holding `concept`, with what is particular to one table (its own
    key's `unique=True`) in `overrides`; a description is never overridden: add a concept instead."""
    if "description" in overrides:
        raise ValueError(f"{concept}: describe a new meaning as an entry of schemas/fields.py, not in a table")
    return pa.Field(**(FIELDS[concept] | overrides))
