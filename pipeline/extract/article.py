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
    pronoun_subject: bool = False                # "he and Carney held a bilateral meeting"
    date_is_end: bool = False                    # "the summit closed on Sunday": the last day
    split_from: int | None = None                # the sentence it was cut from, when one told of several
    separate: bool = False                       # "in a separate meeting": not one told before
    absent: frozenset[str] = frozenset()         # "The United States boycotted it"


def sources(mapping: dict[str, str]) -> MappingProxyType:
    """A read-only copy of a country -> how-it-was-named mapping."""
    return MappingProxyType(dict(mapping))
