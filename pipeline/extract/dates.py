"""Find date expressions in news text and resolve them against the article's published date."""

# How each family resolves (the choices a reader needs to trust the values):
#
# - Precision follows SPEC.md: "day", "month" (stored as the 1st) or "year" (stored as
#   Jan 1). `end_value` of a range follows the same convention ("June-August 2025" ends
#   2025-08-01; "2019-2021" ends 2021-01-01; "June 15-17" ends on the 17th).
# - `relative` is True whenever the value depends on `published` or `anchor`, and that
#   includes a day and month without a year ("on October 9"): the year was inferred.
#   With the reference missing such a mention keeps value None and precision None.
# - `tense` is only what the words imply ("last", "ago", "yesterday", "earlier this":
#   past; "next", "tomorrow", "later this": future). Absolute dates and bare weekdays
#   carry None; compare `value` with `published` for the actual direction.
# - A day and month without a year, or a bare month, take the year that puts them
#   nearest the published date, with distances on the side `prefer` does not point to
#   counted three times (OFF_SIDE_WEIGHT): with prefer="past" a date up to about three
#   months ahead still wins ("from August 1" published 2023-07-04 is 2023-08-01) and
#   one further ahead falls back to the year before. News dates without a year sit
#   close to publication in both directions; the weight keeps tense as the tie-breaker.
# - A bare weekday goes by `prefer`: past is the latest such day on or before published
#   (a Tuesday article's "on Tuesday" is that day), future the first on or after.
#   "last Friday" is strictly before published, "next Tuesday" strictly after, "this
#   Friday" is in published's Monday-to-Sunday week, "Thursday last week" in the week
#   before. "the following Monday" / "the previous Monday" count from `anchor`.
# - "last month" and "last year" count from published; "the previous/following month",
#   "the next year", "the same year" and "the previous day", "a day later", "two weeks
#   earlier" count from `anchor` (the date of the event the sentence is about). "N days
#   ago" counts from published. "two days before the vote" counts from the vote, which
#   only the caller knows: found, value None. "a week earlier" is a day (7 days); "a
#   month later" a month; "a year ago" a year.
# - Weeks are never one day: "last week", "next week", "this week" (Monday to Sunday) come
#   back as their month when the whole week lies in one month, else with value None,
#   precision None, tense set, so a caller can keep "scheduled next week" without inventing
#   a date.
# - Seasons (northern hemisphere: spring Mar-May, summer Jun-Aug, autumn Sep-Nov,
#   winter Dec-Feb) resolve to year precision; a winter belongs to the year of its
#   January. Quarters ("the first quarter of 2024", "Q3 2025") resolve to month
#   precision from the quarter's first month to its last (end_value).
# - "mid-2024", "late 2015", "the end of 2024" are year precision; "mid-June",
#   "end-June" month precision.
#
# Deliberately not reported: numeric slash dates ("1/12/2026" is January 12 in the US
# and December 1 elsewhere), a bare ordinal ("on the 12th"), times ("12:17 GMT"),
# quantities ("1,725 tonnes", "$8.5 billion", "60%"), years outside 1900-2100, a year
# with no preposition or modifier in front ("2,000 tonnes", "the 2023 controls"),
# lowercase month words ("may", "march") and a bare capitalised month without a cue
# word in front ("April", "June" are also first names; "May" is also a modal verb and
# a surname, so it gets the shorter cue list in MAY_CUES), and month names in capitals.

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable

from pipeline.extract.date_rules import (
    _BARE_MONTH,
    _DAY_MONTH,
    _ISO,
    _MONTH_DAY,
    _MONTH_RANGE,
    _MONTH_REL_YEAR,
    _MONTH_YEAR,
    _YEAR,
    _YEAR_RANGE,
    _bare_month,
    _day_month,
    _iso_date,
    _month_day,
    _month_range,
    _month_rel_year,
    _month_year,
    _single_year,
    _year_range,
)
from pipeline.extract.relative_date_rules import (
    _OFFSET,
    _ORDINAL_DAY,
    _PART_OF_CURRENT,
    _QUARTER,
    _RELATIVE_DAY,
    _RELATIVE_PERIOD,
    _SEASON,
    _WEEKDAY_MENTION,
    _offset,
    _ordinal_day,
    _part_of_current,
    _quarter,
    _relative_day,
    _relative_period,
    _season,
    _weekday,
)
from pipeline.extract.date_values import (
    MONTHS,
    OFF_SIDE_WEIGHT,
    PRECISION_RANK,
    WEEKDAYS,
    DateMention,
    _Context,
    period,
    resolve_day_month,
    resolve_month,
    resolve_weekday,
    shift_months,
)
from pipeline.extract.lexicon import pattern
from pipeline.ingest.records import EARLIEST_PUBLISHED, latest_published

LOGGER = logging.getLogger(__name__)

__all__ = [
    "DateMention",
    "MONTHS",
    "OFF_SIDE_WEIGHT",
    "PRECISION_RANK",
    "WEEKDAYS",
    "find_dates",
    "period",
    "resolve_day_month",
    "resolve_month",
    "resolve_weekday",
    "shift_months",
]


# Order matters only for identical spans: the earlier rule wins.
_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], _Context], DateMention | None]], ...] = (
    (_ISO, _iso_date),
    (_MONTH_DAY, _month_day),
    (_DAY_MONTH, _day_month),
    (_QUARTER, _quarter),
    (_MONTH_YEAR, _month_year),
    (_MONTH_REL_YEAR, _month_rel_year),
    (_MONTH_RANGE, _month_range),
    (_YEAR_RANGE, _year_range),
    (_RELATIVE_DAY, _relative_day),
    (_OFFSET, _offset),
    (_WEEKDAY_MENTION, _weekday),
    (_ORDINAL_DAY, _ordinal_day),
    (_RELATIVE_PERIOD, _relative_period),
    (_PART_OF_CURRENT, _part_of_current),
    (_SEASON, _season),
    (_BARE_MONTH, _bare_month),
    (_YEAR, _single_year),
)

# "Announcement No. 61 of 2025": the number of a legal text, never a date (lexicons/patterns.yaml).
LEGAL_INSTRUMENT = pattern("legal_instrument")


def _implausible(mention: DateMention) -> bool:
    """A date outside the years an article can be published in (ingest's EARLIEST_PUBLISHED to
    latest_published(): 1900 to ten years ahead), such as "9999-12-31" in a table or a year read from
    a code; dropped, so no later arithmetic overflows."""
    earliest, latest = EARLIEST_PUBLISHED.year, latest_published().year
    years = [d.year for d in (mention.value, mention.end_value) if d is not None]
    if all(earliest <= y <= latest for y in years):
        return False
    LOGGER.warning("date %r read as %s is outside %d-%d and is dropped", mention.text[:40], mention.value,
                   earliest, latest)
    return True


def find_dates(
    text: str,
    published: dt.date | None,
    *,
    prefer: str = "past",
    anchor: dt.date | None = None,
) -> list[DateMention]:
    """Every date expression in `text`, resolved, sorted by start; overlaps go to the longest.

    `published` is the article date, the reference for "on Monday", "last June", "in
    April". `anchor` (default: published) is the date of the event the sentence talks
    about, the reference for "the previous day", "two days later", "the following
    year". `prefer` ("past" or "future", usually the tense of the sentence) picks
    between candidates for bare weekdays, months and year-less days.
    """
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', got {prefer!r}")
    ctx = _Context(text, published, anchor if anchor is not None else published, prefer)
    candidates: list[DateMention] = []
    instruments = [m.span() for m in LEGAL_INSTRUMENT.finditer(text)]
    for rule, build in _RULES:
        for match in rule.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in instruments):
                continue
            mention = build(match, ctx)
            if mention is not None and not _implausible(mention):
                candidates.append(mention)
    chosen: list[DateMention] = []
    # sorted() is stable, so between equal spans the earlier rule keeps its place.
    for mention in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(mention.end <= kept.start or mention.start >= kept.end for kept in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda c: c.start)
