"""Calendar dates as news writes them (2025-10-09, October 9, 9 October, October 2025, 2019-2021, a
bare month or year after a cue word): one regex and one resolver per family. dates.py says how each
family resolves and tries them in order; relative_date_rules.py holds the relative ones."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.date_values import (
    DateMention,
    MONTHS,
    resolve_day_month,
    resolve_month,
    shift_months,
    WEEKDAYS,
    _Context,
    _MAY_CUES,
    _mention,
    _MONTH_ABBREVIATIONS,
    _MONTH_CUES,
    _month_number,
    _NUMBER_WORDS,
    _possible,
    _safe_date,
    _unresolved,
    _word_before,
    _YEAR_CUES,
)

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
