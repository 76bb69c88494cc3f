"""What the later stages of reading read from: the document, what it names, and its people; and the
meeting candidate, the hand-off from reading sentences to merging meetings within the article."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from pipeline.extract.article_entities import Entities
from pipeline.extract.article_people import People
from pipeline.extract.dates import DateMention
from pipeline.extract.document import Document
from pipeline.extract.entities import Mention


@dataclass(frozen=True)
class Article:
    doc: Document
    entities: Entities
    people: People

    @property
    def body(self) -> str:
        return self.doc.body


@dataclass(frozen=True, eq=False)
class MeetingCandidate:
    """What one sentence (or one part of it) says about one meeting, with the features that decided it:
    the cue, how each country was named, whether the text says two sides met, and where its date came from."""

    start: int                                   # body offset of the cue
    end: int
    sentence_start: int
    sentence_end: int
    cue: str                                     # kind:words, e.g. "verb:met", "named:G7 Summit"
    name: str | None = None
    named: bool = False
    countries: frozenset[str] = frozenset()      # explicit participant countries and group members
    country_source: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # iso3 -> name | capital | group | inherited
    organizations: frozenset[str] = frozenset()
    people: tuple[Mention, ...] = ()
    date: DateMention | None = None
    city: str | None = None
    country_iso3: str | None = None
    convener: str | None = None
    convener_iso3: str | None = None
    scheduled: bool = False
    explicit_bilateral: bool = False             # "meeting with X", "talks between A and B"
    group_summit: bool = False
    sidelines: bool = False
    participation_only: bool = False             # only "attended", "took part": refers back
    level_text: str = ""                         # the words around the cue that say who met
    stated_parties: int = 0                      # "finance ministers from 12 countries"
    context_date: DateMention | None = None      # a date of an earlier sentence, used if no mention has one
    lead_date: DateMention | None = None         # the day the opening tells, used last, after merging
    pronoun_subject: bool = False                # "he and Carney held a bilateral meeting"
    date_is_end: bool = False                    # "the summit closed on Sunday": the last day
    date_distance: int | None = None             # characters from cue to date, each "and" or comma 60 more
    split_from: int | None = None                # the sentence it was cut from, when one told of several
    separate: bool = False                       # "in a separate meeting": not one told before
    sidelines_host: bool = False                 # named in "on the sidelines of X": the main meeting
    absent: frozenset[str] = frozenset()         # "The United States boycotted it"


def features(cand: MeetingCandidate) -> dict[str, object]:
    """The candidate as the flat features a scorer reads: the cue and its kind, how its countries were
    named, the sentence structure (sides, subject, tense, split) and where its date came from."""
    kind, _, words = cand.cue.partition(":")
    named = list(cand.country_source.values())
    return {
        "cue_kind": kind, "cue": words if kind != "named" else "named", "countries": len(cand.countries),
        **{f"countries_by_{how}": named.count(how) for how in ("name", "capital", "group", "inherited")},
        "organizations": len(cand.organizations), "people": len(cand.people), "named_meeting": cand.named,
        "explicit_bilateral": cand.explicit_bilateral, "pronoun_subject": cand.pronoun_subject,
        "scheduled": cand.scheduled, "sidelines": cand.sidelines, "participation_only": cand.participation_only,
        "split": cand.split_from is not None, "separate": cand.separate, "group_summit": cand.group_summit,
        "stated_parties": cand.stated_parties, "absent": len(cand.absent),
        "date_source": "own" if cand.date else "context" if cand.context_date else "none",
        "date_precision": (cand.date or cand.context_date).precision if (cand.date or cand.context_date) else None,
        "date_distance": cand.date_distance, "place_named": cand.city is not None or cand.country_iso3 is not None,
        "convener_named": cand.convener is not None}


def sources(mapping: dict[str, str]) -> MappingProxyType:
    """A read-only copy of a country -> how-it-was-named mapping."""
    return MappingProxyType(dict(mapping))
