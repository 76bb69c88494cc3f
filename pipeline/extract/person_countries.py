"""One person's mention in its sentence, what is read of it, and the country the person stands for
when no title in front of the name gave it: "X of Japan", "Mexico was represented by X", "a delegation
from Korea, led by X", "Treasury Secretary X". The titles themselves are person_roles.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.extract.entities import Mention
from pipeline.extract.title_words import COUNTRY_TITLES, INTERNATIONAL_BODIES


@dataclass(frozen=True)
class PersonReading:
    name: str
    role: str | None
    country_iso3: str | None
    country_source: str | None   # possessive | adjective | appositive | of | represented | title |
    #                              organization (speaks for an international body: no country) | None
    role_source: str | None = None   # before (a title in front of the name) | appositive


@dataclass(frozen=True)
class PersonInSentence:
    """One mention of a person in its sentence: `text` starts at body offset `offset`, and `countries`
    and `others` (the sentence's other people) are mentions at body offsets."""

    person: Mention
    text: str
    offset: int
    countries: tuple[Mention, ...]
    others: tuple[Mention, ...] = ()

    @property
    def before(self) -> str:
        """The sentence up to the name."""
        return self.text[: self.person.start - self.offset]

    @property
    def after(self) -> str:
        """The sentence after the name."""
        return self.text[self.person.end - self.offset:]


def country_after_of(at: PersonInSentence, reading: PersonReading) -> PersonReading:
    """A country named right after the name with "of": "Prime Minister Anthony Albanese of Australia", or
    with "for" ending the list item: "led by Scott Bessent for the U.S. and He Lifeng for China"."""
    if reading.country_iso3 is not None:
        return reading
    of = re.match(r"\s+(?:of|for)\s+(?:the\s+)?", at.after)
    hit = of and next((c for c in at.countries if c.start == at.person.end + of.end() and c.form == "name"), None)
    if hit and "for" in of.group(0) and not re.match(r"\s*(?:[.,;)]|and\b|$)", at.text[hit.end - at.offset:]):
        hit = None  # "He Lifeng for China." is China's; "X for China to ..." says nothing of X
    if hit:
        return replace(reading, country_iso3=hit.value, country_source="of")
    return reading


def represented_country(at: PersonInSentence, reading: PersonReading) -> PersonReading:
    """The country that sent the person or that they represent: "Mexico was represented by Finance
    Secretary X", "France sent its finance minister, X"."""
    if reading.country_iso3 is not None or reading.country_source == "organization":
        return reading
    before = at.before
    m = re.search(r"(\S+)\s+(?:(?:was|were|is|are|will be)\s+represented\s+by|sent(?:\s+(?:its|their))?)\s+"
                  r"(?:[\w\-]+\s+){0,6}?,?\s*$", before[-140:])
    if not m:
        return _delegation_leader(at, reading)
    at_start = at.offset + len(before) - len(before[-140:]) + m.start(1)
    hit = next((c for c in at.countries if c.start == at_start), None)
    return replace(reading, country_iso3=hit.value, country_source="represented") if hit else reading


def _delegation_leader(at: PersonInSentence, reading: PersonReading) -> PersonReading:
    """"a delegation from South Korea, led by Vice Minister X", "the Chilean delegation led by X": the
    leader is of the one country the words about the delegation name."""
    m = re.search(r"\bdelegations?\b[^.;]{0,80}?\bled\s+by\s+(?:[\w\-.]+\s+){0,6}?$", at.before)
    if not m:
        return reading
    lo, hi = at.offset + max(0, m.start() - 30), at.offset + m.end()
    named = {c.value for c in at.countries if lo <= c.start < hi}
    return replace(reading, country_iso3=named.pop(), country_source="represented") if len(named) == 1 else reading


def country_from_title(reading: PersonReading) -> PersonReading:
    """With no country yet, what the title itself tells: an international body ("European Commission
    President") speaks for no country; one country's office ("Treasury Secretary") gives that country."""
    if reading.country_iso3 is not None or not reading.role:
        return reading
    if INTERNATIONAL_BODIES.search(reading.role):
        return replace(reading, country_source="organization")  # "IEA Executive Director X"
    if reading.country_source == "organization":
        return reading
    # The office itself, perhaps deputy or acting, not a longer title that contains its words: China's
    # "international trade representative" is no US Trade Representative.
    bare = re.sub(r"^(?:(?:deputy|acting|interim|former|u\.?s\.?|us|american|british|uk|indian|japanese)\s+)+", "",
                  reading.role.lower())
    if bare in COUNTRY_TITLES or bare.startswith("union minister "):
        # "Union Minister for Commerce": any Union Minister is India's.
        return replace(reading, country_iso3=COUNTRY_TITLES.get(bare, COUNTRY_TITLES["union minister"]),
                       country_source="title")
    return reading
