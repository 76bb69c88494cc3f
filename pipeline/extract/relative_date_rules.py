"""Relative dates as news writes them ("last month", "two days later", "on Tuesday", "this summer",
"the third quarter"): one regex and one resolver per family, resolved against the published date or
the event the sentence is about (see dates.py)."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.date_rules import (
    _ANCHORED_REL,
    _NUMBER,
    _OFFSETS,
    _PART,
    _rel_word,
    _TENSES,
    _WEEKDAY,
    _year,
)
from pipeline.extract.date_values import (
    DateMention,
    resolve_weekday,
    shift_months,
    WEEKDAYS,
    _Context,
    _DURATION_CUES,
    _mention,
    _number,
    _safe_date,
    _SEASON_CUES,
    _SEASONS,
    _unresolved,
    _word_before,
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
    if reference is None:
        return _unresolved(ctx, m.start(), m.end(), tense)
    if unit == "week":
        # A week is seven candidate days, no one day; a week inside one month dates to that month.
        monday = reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(weeks=_OFFSETS[rel])
        sunday = monday + dt.timedelta(days=6)
        # "a year ago this week", "this week last year": the week of another year.
        other_year = re.search(r"\bago\s*$", ctx.text[:m.start()]) or re.match(r"\s+(?:last|next) year\b", ctx.text[m.end():])
        if other_year or (monday.year, monday.month) != (sunday.year, sunday.month):
            return _unresolved(ctx, m.start(), m.end(), tense)
        return _mention(ctx, m.start(), m.end(), monday.replace(day=1), "month", relative=True, tense=tense)
    offset = _OFFSETS[rel]
    if unit == "month":
        value = shift_months(reference, offset)
    else:
        value = dt.date(reference.year + offset, 1, 1)
    return _mention(ctx, m.start(), m.end(), value, unit, relative=True, tense=tense)


_RELATIVE_DAY = re.compile(
    r"(?<![A-Za-z])(?:the\s+day\s+(?P<around>before\s+yesterday|after\s+tomorrow)"
    r"|(?P<word>today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night))\b",
    re.IGNORECASE,
)
_RELATIVE_DAY_OFFSETS = {
    "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
    "this morning": 0, "this afternoon": 0, "this evening": 0, "last night": -1,
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


# "On the 4th, China designated ...": a day of the month the article is published in, or of the month
# before when that day is still to come; "the 4th round", "the 19th century" are no days.
_ORDINAL_DAY = re.compile(
    r"\b[Oo]n the (?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:of|century|anniversary|round|time|floor|"
    r"day|week|month|year|edition|session|meeting|summit|plenum|congress|largest|biggest|place)\b)")


def _ordinal_day(m: re.Match[str], ctx: _Context) -> DateMention | None:
    if ctx.published is None:
        return None
    day, ref = int(m["day"]), ctx.published
    value = _safe_date(ref.year, ref.month, day)
    if value is None or value > ref:
        before = shift_months(ref, -1)
        value = _safe_date(before.year, before.month, day)
    return None if value is None else _mention(ctx, m.start() + 3, m.end(), value, "day", relative=True)
