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
# - Weeks are never one day: "last week", "next week", "this week" come back with value
#   None, precision None, tense set, so a caller can keep "scheduled next week" without
#   inventing a date.
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
from dataclasses import dataclass

LOGGER = logging.getLogger(__name__)

__all__ = [
    "DateMention",
    "MONTHS",
    "OFF_SIDE_WEIGHT",
    "WEEKDAYS",
    "find_dates",
    "resolve_day_month",
    "resolve_month",
    "resolve_weekday",
    "shift_months",
]

MONTHS: dict[str, int] = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6,
    "July": 7, "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
}
# Abbreviations only count next to a day or a year: "Mar" or "Jun" alone is too rare
# as a date and too common as something else.
_MONTH_ABBREVIATIONS: dict[str, int] = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3,
    "Friday": 4, "Saturday": 5, "Sunday": 6,
}
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# (first month, last month) of each season; winter wraps into the next year.
_SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2),
}

OFF_SIDE_WEIGHT = 3

# A word right before a bare month that makes it a date rather than a name.
_MONTH_CUES = frozenset({
    "in", "on", "since", "from", "until", "till", "by", "during", "before", "after",
    "through", "throughout", "of", "last", "next", "early", "late", "mid",
})
# "May" is also a modal verb and a surname ("after May resigned"): only these.
_MAY_CUES = frozenset({"in", "on", "since", "from", "until", "by", "last", "next", "early", "late", "mid"})
# A word right before a bare four-digit number that makes it a year.
_YEAR_CUES = frozenset({
    "in", "since", "from", "until", "till", "by", "during", "before", "after", "through",
    "throughout", "of", "for", "around", "year",
})
_SEASON_CUES = frozenset({
    "in", "during", "over", "through", "throughout", "since", "until", "by", "before", "after",
})
# "over the next year" is a duration, not the year after the anchor.
_DURATION_CUES = frozenset({"over", "within", "in", "for", "during", "throughout", "across", "into"})


@dataclass(frozen=True)
class DateMention:
    """One date expression found in a text, with its resolved value."""

    start: int
    end: int
    text: str
    value: dt.date | None
    precision: str | None
    end_value: dt.date | None = None
    relative: bool = False
    tense: str | None = None


@dataclass(frozen=True)
class _Context:
    text: str
    published: dt.date | None
    anchor: dt.date | None
    prefer: str


# ---------------------------------------------------------------- resolution helpers


def shift_months(day: dt.date, months: int) -> dt.date:
    """The 1st of the month `months` after (negative: before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# How precise a date is: a day says more than a month, a month more than a year.
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, None: 0}


def period(value: dt.date, precision: str | None) -> tuple[dt.date, dt.date]:
    """First and last day a resolved date stands for: the day, its month or its year."""
    if precision == "month":
        return value, shift_months(value, 1) - dt.timedelta(days=1)
    if precision == "year":
        return value.replace(month=1, day=1), value.replace(month=12, day=31)
    return value, value


def resolve_weekday(published: dt.date, weekday: int, prefer: str) -> dt.date:
    """The weekday (Monday=0) nearest `published` on the side `prefer` names.

    "past": the latest such day on or before published; "future": the first on or after.
    The same day counts because a Tuesday article's "on Tuesday" means that day.
    """
    if prefer == "past":
        return published - dt.timedelta(days=(published.weekday() - weekday) % 7)
    return published + dt.timedelta(days=(weekday - published.weekday()) % 7)


def _lean_cost(distance: int, prefer: str) -> int:
    on_preferred_side = distance <= 0 if prefer == "past" else distance >= 0
    return abs(distance) * (1 if on_preferred_side else OFF_SIDE_WEIGHT)


def _pick(candidates: list[tuple[int, dt.date]], prefer: str) -> dt.date | None:
    """The candidate (distance, date) with the lowest lean cost; exact ties go to `prefer`."""
    if not candidates:
        return None
    direction = 1 if prefer == "past" else -1
    return min(candidates, key=lambda c: (_lean_cost(c[0], prefer), direction * c[1].toordinal()))[1]


def resolve_day_month(published: dt.date, month: int, day: int, prefer: str = "past") -> dt.date | None:
    """The year for a day and month stated without one, or None if no nearby year has it.

    Nearest to published with distances on the non-preferred side counted
    OFF_SIDE_WEIGHT times: "December 28" in a 2026-01-05 article is 2025-12-28.
    """
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None:
            candidates.append(((candidate - published).days, candidate))
    return _pick(candidates, prefer)


def resolve_month(published: dt.date, month: int, prefer: str = "past") -> dt.date:
    """The 1st of a month stated without a year, chosen like resolve_day_month but in months.

    The published month itself is distance 0, so "in January" in a January article is
    that January whatever `prefer` says.
    """
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        distance = (year - published.year) * 12 + month - published.month
        candidates.append((distance, dt.date(year, month, 1)))
    return _pick(candidates, prefer)  # type: ignore[return-value]  # three candidates, never None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _possible(month: int, day: int) -> bool:
    return _safe_date(2024, month, day) is not None  # 2024 is a leap year: Feb 29 is possible


def _month_number(token: str) -> int:
    token = token.rstrip(".")
    return MONTHS.get(token) or _MONTH_ABBREVIATIONS[token]


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token.lower()]


_WORD_BEFORE = re.compile(r"(?<![A-Za-z])([A-Za-z]+)\s*$")


def _word_before(text: str, start: int, skip_the: bool = False) -> str:
    """The lowercased word right before `start` ("" if none); optionally looking past "the"."""
    found = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if found is None:
        return ""
    word = found.group(1).lower()
    if skip_the and word == "the":
        return _word_before(text, found.start())
    return word


def _mention(
    ctx: _Context,
    start: int,
    end: int,
    value: dt.date | None,
    precision: str,
    *,
    end_value: dt.date | None = None,
    relative: bool = False,
    tense: str | None = None,
) -> DateMention:
    return DateMention(
        start=start,
        end=end,
        text=ctx.text[start:end],
        value=value,
        precision=precision if value is not None else None,
        end_value=end_value if value is not None else None,
        relative=relative,
        tense=tense,
    )


def _unresolved(ctx: _Context, start: int, end: int, tense: str | None = None) -> DateMention:
    return DateMention(start, end, ctx.text[start:end], None, None, None, True, tense)


# ------------------------------------------------------------------- regex fragments

_FULL_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(WEEKDAYS)
_NUMBER = r"\d{1,3}|" + "|".join(_NUMBER_WORDS)
_UNITS = (
    r"(?:tonnes?|tons?|metric|mt|kg|kilo\w*|pounds?|ounces?|barrels?|units?|people|workers|"
    r"jobs|companies|firms|mines|yuan|dollars?|euros?|yen|rupees?|points?|times|MW|GW|km|"
    r"miles?|hectares?)\b"
)


def _month(name: str) -> str:
    abbreviations = "|".join(sorted(_MONTH_ABBREVIATIONS, key=len, reverse=True))
    # The abbreviation's dot belongs to the date only when a number follows, so that a
    # sentence-final "12 Jan." does not swallow the full stop.
    return rf"(?<![A-Za-z])(?P<{name}>(?:{_FULL_MONTH})\b|(?:{abbreviations})\b(?:\.(?=\s*\d))?)"


def _day(name: str) -> str:
    # Not part of a longer number or a name ("G20"), a time, a percentage, "5G" or "12-month".
    return (
        rf"(?<![\d.,:$/A-Za-z])(?P<{name}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
        rf"(?![\d%:A-Za-z]|[.,]\d|-[a-z])"
    )


def _year(name: str) -> str:
    # Not money, not part of "1,725" or "8.2025", not a decade ("1990s"), not a
    # percentage, not a quantity.
    return (
        rf"(?<![\d$€£¥#/])(?<!\d[.,])(?P<{name}>(?:19|20)\d\d|2100)"
        rf"(?![\d%]|[A-Za-z]|[.,]\d|-[a-z]|\s*(?:per\s*cent|percent)\b|\s+{_UNITS})"
    )


def _sep(name: str) -> str:
    # "and" joins a range only after "between": "on June 15 and 20" is two days.
    return (
        rf"(?P<{name}>\s*[-–—]\s*|\s+(?:to|through|thru|until|till)\s+"
        rf"|(?(between)\s+and\s+|(?!)))"
    )


_BETWEEN = r"(?:(?P<between>(?i:between))\s+)?"
# A part of a period ("early", "mid-", "end-", "the end of"); the separator is included.
_PART = (
    r"(?P<part>(?<![A-Za-z])(?:(?i:early|late|mid)(?:\s*-\s*|\s+)|(?i:end)\s*-\s*"
    r"|(?i:(?:the\s+)?(?:end|start|beginning|middle)\s+of)\s+))"
)
_WEEKDAY_PREFIX = rf"(?:(?<![A-Za-z])(?:{_WEEKDAY}),?\s+)?"


# ----------------------------------------------------------------------------- rules


_ISO = re.compile(r"(?<![\d/.-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)")


def _iso_date(m: re.Match[str], ctx: _Context) -> DateMention | None:
    year = int(m["y"])
    value = _safe_date(year, int(m["m"]), int(m["d"]))
    if value is None or not 1900 <= year <= 2100:
        return None
    return _mention(ctx, m.start(), m.end(), value, "day")


def _calendar_mention(
    ctx: _Context,
    start: int,
    end: int,
    first: tuple[int, int, int | None],
    last: tuple[int, int, int | None] | None,
) -> DateMention | None:
    """A day (or a range of days) from (month, day, year or None) parts."""
    month1, day1, year1 = first
    month2, day2, year2 = last if last is not None else (month1, day1, None)
    if not (_possible(month1, day1) and _possible(month2, day2)):
        return None
    if year1 is None and year2 is not None:
        # "December 30 to January 2, 2026": the start is in the year before.
        year1 = year2 - 1 if (month1, day1) > (month2, day2) else year2
    if year1 is not None:
        begin, relative = _safe_date(year1, month1, day1), False
    elif ctx.published is None:
        return _unresolved(ctx, start, end)
    else:
        begin, relative = resolve_day_month(ctx.published, month1, day1, ctx.prefer), True
    if begin is None:
        return None
    finish = None
    if last is not None:
        if year2 is None:
            year2 = begin.year + 1 if (month2, day2) < (month1, day1) else begin.year
        finish = _safe_date(year2, month2, day2)
        if finish is None or finish < begin:
            return None
        if finish == begin:
            finish = None
    return _mention(ctx, start, end, begin, "day", end_value=finish, relative=relative)


def _optional_int(token: str | None) -> int | None:
    return int(token) if token else None


_MONTH_DAY = re.compile(
    _BETWEEN
    + rf"(?P<first>{_WEEKDAY_PREFIX}{_month('m1')}\s+{_day('d1')}(?:,?\s+{_year('y1')})?)"
    + rf"(?:{_sep('s')}(?:{_month('m2')}\s+)?{_day('d2')}(?:,?\s+{_year('y2')})?)?"
)


def _month_day(m: re.Match[str], ctx: _Context) -> DateMention | None:
    first = (_month_number(m["m1"]), int(m["d1"]), _optional_int(m["y1"]))
    last = None
    if m["d2"]:
        month2 = _month_number(m["m2"]) if m["m2"] else first[0]
        last = (month2, int(m["d2"]), _optional_int(m["y2"]))
    return _calendar_mention(ctx, m.start("first"), m.end(), first, last)


_DAY_MONTH = re.compile(
    _BETWEEN
    + rf"(?P<first>{_WEEKDAY_PREFIX}{_day('d1')}(?:{_sep('s1')}{_day('d1b')})?"
    + rf"(?:\s+of)?\s+{_month('m1')}(?:,?\s+{_year('y1')})?)"
    + rf"(?:{_sep('s2')}{_day('d2')}(?:\s+of)?\s+{_month('m2')}(?:,?\s+{_year('y2')})?)?"
)


def _day_month(m: re.Match[str], ctx: _Context) -> DateMention | None:
    month1, year1 = _month_number(m["m1"]), _optional_int(m["y1"])
    first = (month1, int(m["d1"]), year1)
    last = None
    if m["d2"]:
        last = (_month_number(m["m2"]), int(m["d2"]), _optional_int(m["y2"]))
    elif m["d1b"]:
        last = (month1, int(m["d1b"]), year1)
    return _calendar_mention(ctx, m.start("first"), m.end(), first, last)


_MONTH_YEAR = re.compile(rf"{_PART}?{_month('m')}(?:,|\s+of)?\s+{_year('y')}")


def _month_year(m: re.Match[str], ctx: _Context) -> DateMention | None:
    value = dt.date(int(m["y"]), _month_number(m["m"]), 1)
    return _mention(ctx, m.start(), m.end(), value, "month")


_MONTH_RANGE = re.compile(
    _BETWEEN
    + rf"(?P<first>{_month('m1')}){_sep('s')}{_month('m2')}(?!\.?\s+\d{{1,2}}(?!\d))"
    + rf"(?:,?\s+{_year('y')})?"
)


def _month_range(m: re.Match[str], ctx: _Context) -> DateMention | None:
    month1, month2 = _month_number(m["m1"]), _month_number(m["m2"])
    if month1 == month2:
        return None
    start, end = m.start("first"), m.end()
    wraps = month2 < month1  # "November to February"
    if m["y"]:
        year2 = int(m["y"])
        begin, relative = dt.date(year2 - 1 if wraps else year2, month1, 1), False
    elif ctx.published is None:
        return _unresolved(ctx, start, end)
    else:
        begin, relative = resolve_month(ctx.published, month1, ctx.prefer), True
    finish = dt.date(begin.year + 1 if wraps else begin.year, month2, 1)
    return _mention(ctx, start, end, begin, "month", end_value=finish, relative=relative)


# "the previous/following/next/same ..." counts from the anchor; bare words from published.
_ANCHORED_REL = r"the\s+(?:previous|preceding|prior|following|next|same)"
_OFFSETS = {
    "last": -1, "previous": -1, "preceding": -1, "prior": -1,
    "next": 1, "following": 1, "this": 0, "same": 0,
}
_TENSES = {"last": "past", "next": "future"}


def _rel_word(rel: str) -> str:
    return rel.lower().split()[-1]


_MONTH_REL_YEAR = re.compile(
    rf"{_PART}?{_month('m')}(?:,?\s+of)?\s+(?P<rel>(?i:last|this|next|{_ANCHORED_REL}))\s+(?i:year)\b"
)


def _month_rel_year(m: re.Match[str], ctx: _Context) -> DateMention | None:
    rel = _rel_word(m["rel"])
    anchored = m["rel"].lower().startswith("the")
    reference = ctx.anchor if anchored else ctx.published
    tense = None if anchored else _TENSES.get(rel)
    if reference is None:
        return _unresolved(ctx, m.start(), m.end(), tense)
    value = dt.date(reference.year + _OFFSETS[rel], _month_number(m["m"]), 1)
    return _mention(ctx, m.start(), m.end(), value, "month", relative=True, tense=tense)


_BARE_MONTH = re.compile(
    rf"(?:(?<![A-Za-z])(?P<rel>(?i:last|next|this))\s+|{_PART})?"
    rf"(?<![A-Za-z])(?P<m>{_FULL_MONTH})\b(?!\s*\d)"
)


def _bare_month(m: re.Match[str], ctx: _Context) -> DateMention | None:
    month = MONTHS[m["m"]]
    if not (m["rel"] or m["part"]):
        cues = _MAY_CUES if month == 5 else _MONTH_CUES
        if _word_before(ctx.text, m.start()) not in cues:
            return None
    rel = m["rel"].lower() if m["rel"] else None
    tense = _TENSES.get(rel) if rel else None
    if ctx.published is None:
        return _unresolved(ctx, m.start(), m.end(), tense)
    published = ctx.published
    if rel == "last":  # strictly before the published month
        value = shift_months(published, -((published.month - month) % 12 or 12))
    elif rel == "next":
        value = shift_months(published, (month - published.month) % 12 or 12)
    elif rel == "this":
        value = dt.date(published.year, month, 1)
    else:
        value = resolve_month(published, month, ctx.prefer)
    return _mention(ctx, m.start(), m.end(), value, "month", relative=True, tense=tense)


_YEAR = re.compile(rf"{_PART}?{_year('y')}(?P<possessive>'s)?")


def _single_year(m: re.Match[str], ctx: _Context) -> DateMention | None:
    if not (m["part"] or m["possessive"]) and _word_before(ctx.text, m.start()) not in _YEAR_CUES:
        return None
    return _mention(ctx, m.start(), m.end("y"), dt.date(int(m["y"]), 1, 1), "year")


_YEAR_RANGE = re.compile(_BETWEEN + rf"(?P<first>{_year('y1')}){_sep('s')}{_year('y2')}")


def _year_range(m: re.Match[str], ctx: _Context) -> DateMention | None:
    year1, year2 = int(m["y1"]), int(m["y2"])
    dashed = m["s"].strip() in {"-", "–", "—"}
    if year2 <= year1:
        return None
    # "2019-2021" is a range on its own; "2019 to 2021" needs "from", "in", ... in front.
    if not (dashed or m["between"] or _word_before(ctx.text, m.start("first")) in _YEAR_CUES):
        return None
    return _mention(
        ctx, m.start("first"), m.end(), dt.date(year1, 1, 1), "year", end_value=dt.date(year2, 1, 1)
    )


_RELATIVE_PERIOD = re.compile(
    r"(?:(?<![A-Za-z])(?P<mod>earlier|later|early|late|mid|end|(?:the\s+)?(?:end|start|beginning|middle)\s+of)"
    r"(?:\s*-\s*|\s+))?"
    rf"(?<![A-Za-z])(?P<rel>last|next|this|{_ANCHORED_REL})\s+(?P<unit>week|month|year)\b",
    re.IGNORECASE,
)


# "at the end of the month", "the start of the year": the current month or year of the report.
_PART_OF_CURRENT = re.compile(
    r"(?<![A-Za-z])(?:the\s+)?(?:end|start|beginning|middle|close|turn)\s+of\s+the\s+(?P<unit>month|year)\b",
    re.IGNORECASE,
)


def _part_of_current(m: re.Match[str], ctx: _Context) -> DateMention | None:
    if ctx.published is None:
        return _unresolved(ctx, m.start(), m.end(), None)
    if m["unit"].lower() == "month":
        return _mention(ctx, m.start(), m.end(), ctx.published.replace(day=1), "month", relative=True)
    return _mention(ctx, m.start(), m.end(), dt.date(ctx.published.year, 1, 1), "year", relative=True)


def _relative_period(m: re.Match[str], ctx: _Context) -> DateMention | None:
    rel, unit = _rel_word(m["rel"]), m["unit"].lower()
    anchored = m["rel"].lower().startswith("the")
    before = _word_before(ctx.text, m.start())
    if not m["mod"]:
        # "over the last year" and "within the next month" are durations, not dates.
        if rel == "last" and before == "the":
            return None
        if anchored and rel == "next" and before in _DURATION_CUES:
            return None
    mod = (m["mod"] or "").lower()
    if anchored:
        tense = None
    elif mod == "earlier":
        tense = "past"
    elif mod == "later":
        tense = "future"
    else:
        tense = _TENSES.get(rel)
    reference = ctx.anchor if anchored else ctx.published
    if unit == "week" or reference is None:
        # A week is seven candidate days: no single date to report.
        return _unresolved(ctx, m.start(), m.end(), tense)
    offset = _OFFSETS[rel]
    if unit == "month":
        value = shift_months(reference, offset)
    else:
        value = dt.date(reference.year + offset, 1, 1)
    return _mention(ctx, m.start(), m.end(), value, unit, relative=True, tense=tense)


_RELATIVE_DAY = re.compile(
    r"(?<![A-Za-z])(?:the\s+day\s+(?P<around>before\s+yesterday|after\s+tomorrow)"
    r"|(?P<word>today|tonight|yesterday|tomorrow))\b",
    re.IGNORECASE,
)
_RELATIVE_DAY_OFFSETS = {
    "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
    "before yesterday": -2, "after tomorrow": 2,
}


def _relative_day(m: re.Match[str], ctx: _Context) -> DateMention | None:
    key = " ".join((m["around"] or m["word"]).lower().split())
    offset = _RELATIVE_DAY_OFFSETS[key]
    tense = "past" if offset < 0 else "future" if offset > 0 else None
    if ctx.published is None:
        return _unresolved(ctx, m.start(), m.end(), tense)
    value = ctx.published + dt.timedelta(days=offset)
    return _mention(ctx, m.start(), m.end(), value, "day", relative=True, tense=tense)


_OFFSET = re.compile(
    r"(?<![A-Za-z\d])(?:the\s+(?P<which>previous|preceding|prior|following|next|same)\s+day"
    r"|the\s+day\s+(?P<around>before|after)"
    rf"|(?P<n>{_NUMBER})\s+(?P<unit>day|week|month|year)s?\s+"
    r"(?P<direction>earlier|later|before|after|ago|previously|afterwards|prior))\b",
    re.IGNORECASE,
)
_BACKWARD = frozenset({"previous", "preceding", "prior", "before", "earlier", "ago", "previously"})


def _offset(m: re.Match[str], ctx: _Context) -> DateMention | None:
    word = (m["which"] or m["around"] or m["direction"]).lower()
    sign = -1 if word in _BACKWARD else 1
    count = 0 if word == "same" else _number(m["n"]) if m["n"] else 1
    unit = m["unit"].lower() if m["unit"] else "day"
    from_published = word == "ago"
    reference = ctx.published if from_published else ctx.anchor
    tense = "past" if from_published else None
    if word in ("before", "after") and re.match(r"\s*[\w$]", ctx.text[m.end():]):
        # "a day after China said ..." counts from an event the sentence names, which
        # is not necessarily the anchor: found, but left for the caller to resolve.
        reference = None
    if reference is None:
        return _unresolved(ctx, m.start(), m.end(), tense)
    if unit in ("day", "week"):
        days = count * (7 if unit == "week" else 1)
        value, precision = reference + dt.timedelta(days=sign * days), "day"
    elif unit == "month":
        value, precision = shift_months(reference, sign * count), "month"
    else:
        value, precision = dt.date(reference.year + sign * count, 1, 1), "year"
    return _mention(ctx, m.start(), m.end(), value, precision, relative=True, tense=tense)


_WEEKDAY_MENTION = re.compile(
    r"(?:(?<![A-Za-z])(?P<rel>(?i:this\s+past|this\s+coming|last|next|this|past|coming"
    r"|the\s+(?:previous|preceding|prior|following|next)))\s+)?"
    rf"(?<![A-Za-z])(?P<wd>{_WEEKDAY})\b"
    r"(?:(?:\s+of)?\s+(?P<week>(?i:last|next|this))\s+(?i:week)\b)?"
)


def _weekday(m: re.Match[str], ctx: _Context) -> DateMention | None:
    weekday = WEEKDAYS[m["wd"]]
    rel = " ".join(m["rel"].lower().split()) if m["rel"] else None
    anchored = rel is not None and rel.startswith("the")
    if m["week"]:
        week = m["week"].lower()
        tense = _TENSES.get(week)
    elif rel in ("last", "past", "this past"):
        tense = "past"
    elif rel in ("next", "coming", "this coming"):
        tense = "future"
    else:
        tense = None
    reference = ctx.anchor if anchored else ctx.published
    if reference is None:
        return _unresolved(ctx, m.start(), m.end(), tense)
    if m["week"]:
        monday = reference - dt.timedelta(days=reference.weekday())
        value = monday + dt.timedelta(days=7 * _OFFSETS[m["week"].lower()] + weekday)
    elif rel is None:
        value = resolve_weekday(reference, weekday, ctx.prefer)
    elif rel == "this":
        value = reference + dt.timedelta(days=weekday - reference.weekday())
    elif tense == "past" or rel in ("the previous", "the preceding", "the prior"):
        # Strictly before: "last Friday" in a Friday article is a week earlier.
        value = reference - dt.timedelta(days=(reference.weekday() - weekday) % 7 or 7)
    else:
        value = reference + dt.timedelta(days=(weekday - reference.weekday()) % 7 or 7)
    return _mention(ctx, m.start(), m.end(), value, "day", relative=True, tense=tense)


_SEASON = re.compile(
    rf"(?:(?<![A-Za-z])(?P<rel>(?i:this\s+past|this\s+coming|last|next|this|past|coming))\s+|{_PART})?"
    r"(?<![A-Za-z])(?P<season>(?i:spring|summer|autumn|fall|winter))\b"
    rf"(?:(?:\s+of)?\s+{_year('y')})?"
)


def _season_bounds(season: str, label: int) -> tuple[dt.date, dt.date]:
    """First and last day of a season occurrence; a winter is labelled by its January."""
    first_month, last_month = _SEASONS[season]
    first_year = label - 1 if first_month > last_month else label
    begin = dt.date(first_year, first_month, 1)
    finish = shift_months(dt.date(label, last_month, 1), 1) - dt.timedelta(days=1)
    return begin, finish


def _season(m: re.Match[str], ctx: _Context) -> DateMention | None:
    season = m["season"].lower()
    rel = " ".join(m["rel"].lower().split()) if m["rel"] else None
    if m["y"]:
        return _mention(ctx, m.start(), m.end(), dt.date(int(m["y"]), 1, 1), "year")
    if not (rel or m["part"]):
        if _word_before(ctx.text, m.start(), skip_the=True) not in _SEASON_CUES:
            return None
        if season == "fall" and re.match(r"\s+(?:of|in)\b", ctx.text[m.end():]):
            return None  # "the fall of the regime", "a fall in prices"
    tense = "past" if rel in ("last", "past", "this past") else "future" if rel in ("next", "coming", "this coming") else None
    if ctx.published is None:
        return _unresolved(ctx, m.start(), m.end(), tense)
    published = ctx.published
    labels = range(published.year - 2, published.year + 3)
    bounds = {label: _season_bounds(season, label) for label in labels}
    if tense == "past":
        label = max(k for k in labels if bounds[k][1] < published)
    elif tense == "future":
        label = min(k for k in labels if bounds[k][0] > published)
    elif rel == "this":
        # The occurrence nearest published: "this winter" in October is the coming one.
        label = min(labels, key=lambda k: max((bounds[k][0] - published).days, (published - bounds[k][1]).days, 0))
    elif ctx.prefer == "past":
        label = max(k for k in labels if bounds[k][0] <= published)
    else:
        label = min(k for k in labels if bounds[k][1] >= published)
    return _mention(ctx, m.start(), m.end(), dt.date(label, 1, 1), "year", relative=True, tense=tense)


_QUARTER_NUMBERS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "final": 4, "last": 4,
}
_QUARTER = re.compile(
    r"(?<![A-Za-z])(?:(?i:the)\s+)?(?P<q>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))\s+(?i:quarter)"
    rf"(?:\s+of)?\s+(?:{_year('y')}|(?P<rel>(?i:last|this|next))\s+(?i:year)\b)"
    rf"|(?<![A-Za-z])Q(?P<qn>[1-4])(?:\s+of)?\s+{_year('y2')}"
)


def _quarter(m: re.Match[str], ctx: _Context) -> DateMention | None:
    quarter = int(m["qn"]) if m["qn"] else _QUARTER_NUMBERS[m["q"].lower()]
    relative, tense = False, None
    if m["y"] or m["y2"]:
        year = int(m["y"] or m["y2"])
    else:
        rel = m["rel"].lower()
        tense = _TENSES.get(rel)
        if ctx.published is None:
            return _unresolved(ctx, m.start(), m.end(), tense)
        year, relative = ctx.published.year + _OFFSETS[rel], True
    begin = dt.date(year, 3 * quarter - 2, 1)
    return _mention(
        ctx, m.start(), m.end(), begin, "month",
        end_value=shift_months(begin, 2), relative=relative, tense=tense,
    )


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
    (_RELATIVE_PERIOD, _relative_period),
    (_PART_OF_CURRENT, _part_of_current),
    (_SEASON, _season),
    (_BARE_MONTH, _bare_month),
    (_YEAR, _single_year),
)


# Dates a news article about today's minerals trade can state: from 1900 to ten years ahead. Others
# ("9999-12-31" in a table, a year read from a code) are dropped, so no later arithmetic overflows.
EARLIEST_PLAUSIBLE_YEAR = 1900
PLAUSIBLE_YEARS_AHEAD = 10


def _implausible(mention: DateMention) -> bool:
    latest = dt.date.today().year + PLAUSIBLE_YEARS_AHEAD
    years = [d.year for d in (mention.value, mention.end_value) if d is not None]
    if all(EARLIEST_PLAUSIBLE_YEAR <= y <= latest for y in years):
        return False
    LOGGER.warning("date %r read as %s is outside %d-%d and is dropped", mention.text[:40], mention.value,
                   EARLIEST_PLAUSIBLE_YEAR, latest)
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
    for pattern, build in _RULES:
        for match in pattern.finditer(text):
            mention = build(match, ctx)
            if mention is not None and not _implausible(mention):
                candidates.append(mention)
    chosen: list[DateMention] = []
    # sorted() is stable, so between equal spans the earlier rule keeps its place.
    for mention in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(mention.end <= kept.start or mention.start >= kept.end for kept in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda c: c.start)
