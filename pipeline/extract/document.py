"""The first stage of reading an article: its sentences, the clauses news joins with semicolons, the
dateline ("KANANASKIS, Alberta, June 17 -") and, for a live blog, the day headings above its entries.
Everything later works on the body's character offsets, which these keep."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.extract import meetings as mt
from pipeline.extract.dates import find_dates
from pipeline.extract.entities import Mention
from pipeline.extract.gazetteers import capital_cities
from pipeline.extract.reading_patterns import DATE_HEADER, LIVE_ENTRY


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str

    def holds(self, m) -> bool:
        """Whether a mention (anything with a start offset) begins inside the sentence."""
        return self.start <= m.start < self.end


@dataclass(frozen=True)
class Dateline:
    """Where and when the report was filed: "SAPPORO, Japan, April 16 - ". `city` is (name, iso3) when
    the place is known; `place_end` ends the city (and country), `end` the whole dateline."""

    city: tuple[str, str] | None = None
    place_end: int = 0
    end: int = 0


OPENING_CHARS = 400   # the article's opening: its sentences start at most this far after the dateline


@dataclass(frozen=True)
class Document:
    """One article as the reader sees it: body, publication day, sentences, dateline and live-blog days."""

    article_id: str
    body: str
    published: dt.date | None
    sentences: tuple[Sentence, ...]
    dateline: Dateline
    live: bool                                         # three or more time-stamped entries
    day_headings: tuple[tuple[int, object], ...]       # (offset, DateMention) of "Saturday, November 1"

    def sentence_at(self, offset: int) -> Sentence | None:
        return next((x for x in self.sentences if x.start <= offset < x.end), None)

    def new_paragraph_between(self, a: int, b: int) -> bool:
        return "\n" in self.body[a:b]

    def in_opening(self, offset: int) -> bool:
        """Whether a sentence starting at `offset` opens the article: at most OPENING_CHARS after the dateline."""
        return offset - self.dateline.end < OPENING_CHARS


def split_sentences(doc) -> tuple[Sentence, ...]:
    """spaCy's sentences, cut again at line breaks: spaCy sometimes runs a headline into the next paragraph."""
    out = []
    for s in doc.sents:
        text = s.text.strip()
        if not text:
            continue
        start = s.start_char + (len(s.text) - len(s.text.lstrip()))
        for part in re.finditer(r"[^\n]+", text):
            piece = part.group(0).strip()
            if piece:
                p_start = start + part.start() + (len(part.group(0)) - len(part.group(0).lstrip()))
                out.append(Sentence(p_start, p_start + len(piece), piece))
    return tuple(out)


def clauses(s: Sentence) -> list[Sentence]:
    """A sentence cut at semicolons: news joins two meetings that way ("he met X; Y also held talks with Z")."""
    out, start = [], 0
    for part in re.split(r"(?<=;)\s+", s.text):
        at = s.text.index(part, start)
        out.append(Sentence(s.start + at, s.start + at + len(part), part))
        start = at + len(part)
    return out


def read_dateline(body: str, countries: list[Mention]) -> Dateline:
    """"KANANASKIS, Alberta, June 17 - ...": where the report was filed, often where the meeting was. A
    city the gazetteer does not know counts when its country follows it ("SAPPORO, Japan, April 16 -")."""
    dateline = mt.DATELINE.match(body)
    if not dateline:
        return Dateline()
    city = dateline.group(1).strip().lower()
    iso = mt.CITIES.get(city) or capital_cities().get(city)
    if iso:
        return Dateline((city.title(), iso), dateline.end(1), dateline.end())
    after = re.match(r",\s*([A-Z][\w .'-]+?)\s*,", body[dateline.end(1):dateline.end()])
    iso = next((c.value for c in countries if after and c.start == dateline.end(1) + after.start(1)
                and c.form == "name"), None)
    if iso:
        return Dateline((city.title(), iso), dateline.end(1) + after.end(1), dateline.end())
    return Dateline(None, dateline.end(1), dateline.end())


def day_headings(body: str, published: dt.date | None) -> tuple[tuple[int, object], ...]:
    """"Saturday, November 1" on a line of its own, as (offset, day): the day of the live-blog entries under it."""
    out = []
    for h in DATE_HEADER.finditer(body):
        days = [d for d in find_dates(h.group(0), published, prefer="past") if d.precision == "day"]
        if days:
            out.append((h.start(), days[0]))
    return tuple(out)


def read_document(article_id: str, doc, published: dt.date | None, countries: list[Mention],
                  body: str | None = None) -> Document:
    """The parsed article as a Document; `countries` places a dateline city the gazetteer does not know;
    `body`: doc.text, where the caller has it."""
    body = doc.text if body is None else body
    return Document(article_id, body, published, split_sentences(doc), read_dateline(body, countries),
                    len(LIVE_ENTRY.findall(body)) >= 3, day_headings(body, published))
