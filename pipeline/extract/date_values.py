"""The values of date mentions: DateMention, the calendar words they are read with, and how a day,
a month or a weekday without a year is placed against the published date (see dates.py for the rules
of each family)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.extract.lexicon import word_values

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
# Number words of lexicons/words.yaml up to twelve (relative dates read no more), and "a week ago",
# "an hour later": one.
_NUMBER_WORDS: dict[str, int] = {"a": 1, "an": 1} | {w: v for w, v in word_values("number_words").items() if v <= 12}
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
