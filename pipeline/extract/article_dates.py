"""Dates as the reader walks through an article: each sentence's dates in body offsets, and the trail
of days earlier sentences told, which dates what a sentence does not ("On the same day", "That
evening", a meeting in a paragraph that named its day before, a live blog's entry under its heading)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from pipeline.extract import meetings as mt
from pipeline.extract.article import MeetingCandidate
from pipeline.extract.dates import MONTHS, DateMention, find_dates
from pipeline.extract.lexicon import pattern
from pipeline.extract.document import Document, Sentence
from pipeline.extract.reading_patterns import ANCHORED_DATE, REPORTED, THAT_DAY, THAT_YEAR

THAT_PERIOD = pattern("that_period")


@dataclass(frozen=True)
class SentenceDates:
    prefer: str                          # future when the sentence tells of something still to come
    dates: tuple[DateMention, ...]       # read with the sentence's tense
    past: tuple[DateMention, ...]        # read as past: announcements precede publication


@dataclass(frozen=True)
class DateTrail:
    """What earlier sentences said of days."""

    paragraph_day: dt.date | None = None          # the paragraph's last day, for "the previous day"
    last_day_seen: DateMention | None = None      # the article's latest day so far, for "that evening"
    paragraph_date: DateMention | None = None     # the paragraph's latest day or month, for undated meetings
    last_days: tuple[DateMention, ...] = ()       # the days of the sentence before
    previous_dates: tuple[DateMention, ...] = ()  # days and months of the sentence before (restrictions)
    previous_end: int = 0                         # where the sentence before ended
    told_year: int | None = None                  # the year of the last date written with its year, for "that summer"
    lead_day: DateMention | None = None           # the day the article's opening tells, for its main event


SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def that_period(text: str, year: int) -> list[DateMention]:
    """"That December", "that summer", "in the summer of that year" in a year told before: December,
    June (a season by its first month, month precision) or the year itself."""
    out = []
    for m in THAT_PERIOD.finditer(text):
        name = (m.group("name") or m.group("season")).lower()
        if name == "year":
            out.append(DateMention(m.start(), m.end(), m.group(0), dt.date(year, 1, 1), "year", relative=True))
        else:
            month = SEASON_MONTH.get(name) or MONTHS[name.capitalize()]
            out.append(DateMention(m.start(), m.end(), m.group(0), dt.date(year, month, 1), "month", relative=True))
    return out


def sentence_dates_at(doc: Document, s: Sentence, prefer: str, anchor: dt.date | None = None,
                      told_year: int | None = None) -> list[DateMention]:
    """Dates of the sentence in body offsets; relative ones ("the previous day") count from the
    sentence's own absolute date when it has one, else from `anchor`, the last day its paragraph named;
    "that summer" from `told_year`, the year last written out."""
    dates = find_dates(s.text, doc.published, prefer=prefer)
    anchored = [d for d in dates if ANCHORED_DATE.search(d.text)]
    calendar = [d for d in dates if d.value is not None and d.precision == "day" and d not in anchored]
    if anchored and (calendar or anchor):
        # "The same day, ..., and on February 18 ...": a relative date ahead of the sentence's own
        # calendar date counts from the paragraph's.
        before = [d for d in calendar if d.start < anchored[0].start]
        pick = before[0].value if before else anchor if anchor else calendar[0].value
        dates = find_dates(s.text, doc.published, prefer=prefer, anchor=pick)
    else:
        # "the summer of that year", "the same year" point at a year another sentence named: `told_year`.
        dates = [d for d in dates if not (THAT_YEAR.match(s.text[d.end:]) or THAT_YEAR.match(d.text))]
        if told_year is not None:
            pointed = that_period(s.text, told_year)
            dates = sorted([d for d in dates if not any(p.start < d.end and d.start < p.end for p in pointed)] + pointed,
                           key=lambda d: d.start)
    return [replace(d, start=d.start + s.start, end=d.end + s.start) for d in dates]


def enter(doc: Document, s: Sentence, trail: DateTrail) -> DateTrail:
    """A new paragraph forgets the last paragraph's day and date."""
    if doc.new_paragraph_between(trail.previous_end, s.start):
        return replace(trail, paragraph_day=None, paragraph_date=None)
    return trail


def read_sentence_dates(doc: Document, s: Sentence, trail: DateTrail) -> SentenceDates:
    """The sentence's dates; "On the same day" is the day last told, in this paragraph or before it."""
    prefer = "future" if mt.FUTURE.search(s.text) else "past"
    dates = sentence_dates_at(doc, s, prefer, trail.paragraph_day or (trail.last_day_seen.value if trail.last_day_seen else None),
                              trail.told_year)
    past = dates if prefer == "past" else sentence_dates_at(doc, s, "past", trail.paragraph_day, trail.told_year)
    return SentenceDates(prefer, tuple(dates), tuple(past))


def advance(doc: Document, s: Sentence, sd: SentenceDates, trail: DateTrail) -> DateTrail:
    """The trail after the sentence: its days that are not the day something was said."""
    body = doc.body
    told = [d for d in sd.dates if d.value is not None and not REPORTED.search(body[d.end:d.end + 60])]
    return DateTrail(
        previous_dates=tuple(d for d in sd.past if d.value is not None and d.precision in ("day", "month")
                             and not re.search(r"\b(?:through|until|till)\W*$", body[max(s.start, d.start - 12):d.start])),
        previous_end=s.end,
        paragraph_day=next((d.value for d in reversed(sd.dates) if d.value is not None and d.precision == "day"
                            and not ANCHORED_DATE.search(d.text)), trail.paragraph_day),
        last_day_seen=next((d for d in reversed(told) if d.precision == "day"), trail.last_day_seen),
        paragraph_date=next((d for d in reversed(told) if d.precision in ("day", "month")
                             and not ANCHORED_DATE.search(d.text)
                             # a day still to come dates no meeting that was held
                             and (doc.published is None or d.value <= doc.published)
                             and not REPORTED.search(body[max(s.start, d.start - 30):d.start])), trail.paragraph_date),
        last_days=tuple(d for d in told if d.precision == "day"),
        told_year=next((d.value.year for d in reversed(sd.dates) if d.value is not None
                        and re.search(r"\b(?:19|20)\d{2}\b", d.text)), trail.told_year),
        lead_day=trail.lead_day or (next((d for d in told if d.precision == "day" and not ANCHORED_DATE.search(d.text)
                                          and doc.published is not None and d.value <= doc.published), None)
                                    if doc.in_opening(s.start) else None))


def with_context_date(doc: Document, cand: MeetingCandidate, dates: tuple[DateMention, ...], trail: DateTrail
                      ) -> MeetingCandidate:
    """An undated meeting that happened takes a day from around it: "On Saturday he welcomed X, and he
    later hosted Y" the day of the sentence, else the one before; never the dateline's day, which is when
    the report was filed. "That evening the four leaders met": the day last told. A live blog's entries
    happen on the day of the heading above them, else on the day it is published."""
    if cand.date is not None or cand.sidelines_host:
        # "met on May 20 on the sidelines of the G7 summit": that day is the side meeting's, not the summit's
        return cand
    if cand.scheduled:
        # "On Tuesday, she will travel to Astana. She will hold talks with ...": a meeting still to come
        # takes a day still to come that the sentence before, in its paragraph, told.
        ahead = [d for d in trail.last_days if doc.published is not None and d.value > doc.published]
        if ahead and not doc.new_paragraph_between(trail.previous_end, cand.sentence_start):
            return replace(cand, context_date=ahead[-1])
        return cand
    if cand.cue.startswith("noun:") and not cand.countries and not cand.people and re.match(
            r"\W*(?:the|this|that)\s+(?:[\w-]+\s+){0,2}$", doc.body[cand.sentence_start:cand.start], re.I):
        # "The summit will provide an opportunity ...": the meeting told before, whose day is its own.
        return cand
    earlier = [d for d in dates if d.value is not None and d.start < cand.start and d.precision == "day"
               and d.start >= doc.dateline.end]
    if trail.last_day_seen and THAT_DAY.search(doc.body[cand.sentence_start:cand.sentence_end]):
        return replace(cand, context_date=trail.last_day_seen)
    if earlier or trail.last_days or trail.paragraph_date:
        return replace(cand, context_date=earlier[-1] if earlier else trail.last_days[0] if trail.last_days
                       else trail.paragraph_date)
    if trail.lead_day and doc.dateline.city and cand.city == doc.dateline.city[0] and trail.last_day_seen \
            and trail.last_day_seen.value == trail.lead_day.value:
        # "SOFIA - ... the two governments sealed a pact on Friday", then "X and Y signed it": a meeting
        # where the report was filed, with no day of its own, was held on the day the opening tells, when
        # the article has told no other day since.
        return replace(cand, lead_date=trail.lead_day)
    if doc.live and doc.published:
        heading = next((d for at, d in reversed(doc.day_headings) if at <= cand.start), None)
        return replace(cand, context_date=DateMention(cand.start, cand.end, "", heading.value if heading else doc.published, "day"))
    return cand
