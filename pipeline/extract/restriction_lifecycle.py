"""The lifecycle of one restriction step as a sentence tells it (SPEC, restriction_mentions): when it
takes effect ("from 1 January 2027", "with immediate effect"), when it ends ("until November 10, 2026",
"for four months", a quota's year), which form of the mineral it covers (product_stage) and the legal
text it is issued under ("Announcement No. 61 of 2025", kept as written, never read as a date)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from pipeline.extract.dates import LEGAL_INSTRUMENT, DateMention
from pipeline.extract.lexicon import pattern, word_values

EFFECTIVE_BEFORE_DATE = pattern("effective_before_date")
EFFECTIVE_SINCE = pattern("effective_since")
EFFECTIVE_ON = pattern("effective_on")
ORIGIN_BEFORE_DATE = pattern("origin_before_date")
BEGAN_STEP = pattern("began_step")
EFFECT_SENTENCE = pattern("effect_sentence")
# "exporters have needed a licence", "shipments require permits": a sentence about the measure in force
NEEDED = re.compile(r"\b(?:need|needs|needed|require|requires|required|must\s+(?:obtain|apply|seek))\b"
                    r"[^.;]{0,40}\b(?:licen[cs]es?|permits?|approvals?)\b", re.I)
END_BEFORE_DATE = pattern("end_before_date")
IMMEDIATE_EFFECT = pattern("immediate_effect")
STEP_DURATION = pattern("step_duration")
QUOTA_YEAR = pattern("quota_year")
STAGE_WORDS = pattern("stage_words")
CLAUSE_BREAK = pattern("clause_break")
RESTRICTION_NOUN = pattern("restriction_noun")
# ", and of the magnets containing them": a list going on, not a new clause
LIST_GOES_ON = re.compile(r"(?:of|to|on|for|in|from|with|including)\b", re.I)
STAGES = ("ore", "concentrate", "refined", "metal", "compound", "product", "technology", "equipment")
NUMBER_WORDS = {**word_values("number_words"), "a": 1, "an": 1}
STAGE_WINDOW = 40   # characters either side of the mineral where a word of its form counts


@dataclass(frozen=True)
class Lifecycle:
    """"suspended gallium exports to the US until November 27, 2026 under Announcement No. 72" has end
    2026-11-27 and instrument "Announcement No. 72"; what the text does not state is None."""

    effective: DateMention | None = None
    end: DateMention | None = None
    product_stage: str | None = None
    legal_instrument: str | None = None


NONE = Lifecycle()


def left_of(sentence: str, s_off: int, d: DateMention, width: int = 30) -> str:
    """The `width` characters before a date (body offsets): "took effect on" before "December 1"."""
    rel = d.start - s_off
    return sentence[max(0, rel - width): rel]


def _nearest(dates: list[DateMention], pos: int) -> DateMention | None:
    return min(dates, key=lambda d: abs(d.start - pos)) if dates else None


def _plus(value: dt.date, n: int, unit: str) -> dt.date:
    """`value` moved on by n days, weeks, months or years; 31 January + 1 month is 28 or 29 February."""
    if unit.startswith("day"):
        return value + dt.timedelta(days=n)
    if unit.startswith("week"):
        return value + dt.timedelta(weeks=n)
    months = n * (12 if unit.startswith("year") else 1)
    year, month = divmod(value.month - 1 + months, 12)
    year += value.year
    return dt.date(year, month + 1, min(value.day, calendar.monthrange(year, month + 1)[1]))


def _duration_end(segment: str, start: DateMention | None) -> DateMention | None:
    """"for four months" from a start: the day it ends, at the start's precision."""
    m = STEP_DURATION.search(segment)
    if m is None or start is None or start.value is None or start.precision == "year":
        return None
    if start.relative and re.search(r"\bwould\b", segment[:m.start()]):
        return None  # "said this evening it would hold off for one year": when the pause starts is not told
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
    if not n:
        return None
    end = _plus(start.value, n, m.group("unit").lower())
    if start.precision == "month":
        end = end.replace(day=1)
    return DateMention(start.start, start.end, m.group(0), end, start.precision)


def _quota_end(segment: str, s_off: int, offset: int) -> DateMention | None:
    """"the export quota for 2024": a quota ends with its year."""
    m = QUOTA_YEAR.search(segment)
    if m is None:
        return None
    group = "y1" if m.group("y1") else "y2"
    year = int(m.group(group))
    return DateMention(s_off + offset + m.start(group), s_off + offset + m.end(group), m.group(group),
                       dt.date(year, 1, 1), "year")


def stage_named(sentence: str) -> str | None:
    """The first form of a mineral a sentence names anywhere ("banning the export of raw minerals": ore)."""
    hit = STAGE_WORDS.search(sentence)
    return next(name for name in STAGES if hit.group(name)) if hit else None


def product_stage(sentence: str, s_off: int, mineral_start: int, mineral_end: int, lo: int, hi: int,
                  others: tuple[int, ...] = ()) -> str | None:
    """The form of the mineral the words next to it name, within its clause [lo, hi): "raw nickel ore"
    is ore, "refined cobalt" refined; the word nearest the mineral wins."""
    start, end = mineral_start - s_off, mineral_end - s_off
    window_lo, window_hi = max(lo, start - STAGE_WINDOW), min(hi, end + STAGE_WINDOW)
    hits = []
    for m in STAGE_WORDS.finditer(sentence, window_lo, window_hi):
        stage = next(name for name in STAGES if m.group(name))
        if start <= m.start() < end and stage in ("metal", "product"):
            continue  # "rare earth metals", "battery materials": the name of a group, not a form of it
        gap = sentence[m.end():start] if m.end() <= start else sentence[end:m.start()]
        a, b = sorted((m.start(), start))
        if re.search(r"[,;:()]", gap) or len(gap.split()) > 3 or any(a < o - s_off <= b for o in others if o != mineral_start):
            continue  # "the extra rare earths, the equipment and technology rules": another item of a list
        distance = start - m.end() if m.end() <= start else max(0, m.start() - end)
        # "exports of raw materials" and "products" before the mineral are about trade, not its form
        if stage == "product" and m.group(0).lower().startswith("product") and m.end() <= start:
            continue
        hits.append((distance, stage))
    return min(hits)[1] if hits else None


GIVEN_UNTIL = re.compile(r"\W*(?:to|in\s+which\s+to)\s+(?:stop|cease|end|halt|wind\s+down|phase\s+out)\b", re.I)


def ends_of(sentence: str, s_off: int, dates: list[DateMention]) -> list[DateMention]:
    """The dates that end a period: "until November 27, 2026", "expires in June"."""
    return [d for d in dates if END_BEFORE_DATE.search(left_of(sentence, s_off, d))]


@dataclass(frozen=True)
class _Scope:
    """Where one row's lifecycle is read: the sentence, the clause [lo, hi) of its mineral, the mineral's
    position and the other minerals' (body offsets)."""

    sentence: str
    s_off: int
    lo: int
    hi: int
    pos: int
    others: tuple[int, ...]

    def left(self, d: DateMention, width: int = 30) -> str:
        return left_of(self.sentence, self.s_off, d, width)

    def across(self, d: DateMention) -> bool:
        """Whether a clause break and another mineral stand between the date and this mineral."""
        a, b = sorted((d.start, self.pos))
        between = [o for o in self.others if o != self.pos and a < o < b]
        if between and any(not LIST_GOES_ON.match(self.sentence, m.end())
                           for m in CLAUSE_BREAK.finditer(self.sentence, a - self.s_off, b - self.s_off)):
            return True
        # "curbs on gallium and under the licences it has demanded since April for seven rare earths":
        # another measure named between the mineral and the date, which stands nearer another mineral
        nearer = any(o > d.start and o - d.start < d.start - self.pos for o in self.others if o != self.pos)
        return d.start > self.pos and nearer and bool(
            RESTRICTION_NOUN.search(self.sentence, self.pos - self.s_off, d.start - self.s_off))

    def mineral_in_clause(self, d: DateMention) -> bool:
        """Whether the clause holding the date names another mineral and not this one ("banned nickel
        ore since 2020, and it plans to stop bauxite exports", "but the licensing applied since April to
        seven rare earths")."""
        rel = d.start - self.s_off
        breaks = [m for m in CLAUSE_BREAK.finditer(self.sentence) if not LIST_GOES_ON.match(self.sentence, m.end())]
        a = max([0] + [m.end() for m in breaks if m.end() <= rel])
        b = min([m.start() for m in breaks if m.start() > rel] or [len(self.sentence)])
        return not a <= self.pos - self.s_off < b and any(a <= o - self.s_off < b for o in self.others if o != self.pos)


def _effective(scope: _Scope, inside: list[DateMention], beyond: list[DateMention], announced: DateMention | None,
               action: str, published: dt.date | None) -> DateMention | None:
    """The day the step takes effect, by the first rule that gives one."""
    segment = scope.sentence[scope.lo:scope.hi]
    told = [d for d in inside if (EFFECTIVE_BEFORE_DATE.search(scope.left(d)) or EFFECTIVE_SINCE.search(scope.left(d))
                                  or EFFECTIVE_ON.search(scope.left(d, 60))) and not END_BEFORE_DATE.search(scope.left(d))]
    if told or beyond:
        # "from 1 December", "since 2020", "took effect on August 1", or a clause of its own saying so
        return _nearest(told or beyond, scope.pos)
    if announced is not None and IMMEDIATE_EFFECT.search(segment) and announced.precision == "day":
        return announced  # "with immediate effect": the day announced
    if published is not None and action in ("imposed", "expanded"):
        # "plans to stop bauxite exports in June 2023": a later day than publication can only be the start.
        # Only a date that names its year or says "next": a bare "in April" read as future may be past.
        later = [d for d in inside if d.value > published and d not in ends_of(scope.sentence, scope.s_off, inside)
                 and re.search(r"\b(?:19|20)\d{2}\b|\bnext\b", d.text, re.I)]
        if later:
            return _nearest(later, scope.pos)
    if action == "lifted":
        # "the outright ban ended on Thursday": the day the lifting took effect.
        ended = [d for d in inside if re.search(r"\bended\s+(?:on|in)\W*$", scope.left(d))]
        if ended:
            return _nearest(ended, scope.pos)
    if announced is not None and BEGAN_STEP.search(segment):
        return announced  # "began requiring licences in April"
    return None


def read_lifecycle(sentence: str, s_off: int, dates: list[DateMention], announced: DateMention | None,
                   measure: str, action: str, lo: int = 0, hi: int | None = None,
                   mineral: tuple[int, int] | None = None, replaces: bool = False, others: tuple[int, ...] = (),
                   published: dt.date | None = None) -> Lifecycle:
    """The lifecycle the part [lo, hi) of a sentence states for one step. `dates` are the sentence's
    dates read in its own tense ("would take effect from 1 January" looks ahead), in body offsets;
    `announced` the step's announced date; `mineral` the body offsets (start, end) of its mineral;
    `replaces`: the step brings in a measure in place of another, whose end is its start; `others` where
    the sentence's minerals start: a date beyond another mineral belongs to that one ("banned nickel ore
    since 2020, and plans to stop bauxite exports in June"); `published` the article's date."""
    hi = len(sentence) if hi is None else hi
    scope = _Scope(sentence, s_off, lo, hi, mineral[0] if mineral else s_off + lo, others)
    segment = sentence[lo:hi]
    inside = [d for d in dates if d.value is not None and lo <= d.start - s_off < hi and not scope.across(d)
              and not scope.mineral_in_clause(d)]
    # "and the rule took effect on August 1", "Since April, exporters of X, and of Y, have needed": a clause
    # that only says when the measure started
    beyond = [d for d in dates if d.value is not None and not lo <= d.start - s_off < hi
              and (EFFECTIVE_ON.search(scope.left(d, 60)) or EFFECTIVE_SINCE.search(scope.left(d)))
              and not scope.across(d) and not scope.mineral_in_clause(d)]
    effective = _effective(scope, inside, beyond, announced, action, published)
    ends = ends_of(sentence, s_off, inside)
    given = [d for d in ends if GIVEN_UNTIL.match(sentence[d.end - s_off:])]
    if given and effective is None:
        # "gives miners until 2029 to stop shipping raw ore": the day the ban starts.
        effective, ends = given[0], [d for d in ends if d not in given]
    ranges = [d for d in inside if d.end_value is not None and d.end_value != d.value]
    if effective is None and ranges and action != "lifted":
        # "halted exports from March to June": a range gives both ends.
        effective = DateMention(ranges[0].start, ranges[0].end, ranges[0].text, ranges[0].value, ranges[0].precision)
    end = _nearest(ends, scope.pos)
    if (action == "lifted" or replaces) and end is not None:
        # "the suspension would end on October 16 (and be replaced by quotas)": the day the lifting, or
        # the measure in its place, takes effect.
        effective, end = effective or end, None
    if end is None and ranges and action != "lifted":
        end = DateMention(ranges[0].start, ranges[0].end, ranges[0].text, ranges[0].end_value, ranges[0].precision)
    start = effective or announced
    if end is None and action != "lifted" and start is not None and not (
            effective is None and ORIGIN_BEFORE_DATE.search(left_of(sentence, s_off, start))):
        # "for one year" from the day the step starts; not from "the measures it announced on October 9".
        end = _duration_end(segment, start)
    if end is None and measure == "export_quota" and action in ("imposed", "expanded"):
        end = _quota_end(segment, s_off, lo)
    stage = product_stage(sentence, s_off, *mineral, lo, hi, others) if mineral else None
    instrument = LEGAL_INSTRUMENT.search(sentence)
    return Lifecycle(effective, end, stage, re.sub(r"\s+", " ", instrument.group(0)) if instrument else None)


IMMEDIATE = DateMention(0, 0, "immediately", None, None)  # effect_date's answer for "took effect immediately"


def effect_date(sentence: str, s_off: int, dates: list[DateMention]) -> DateMention | None:
    """When a sentence that names no mineral says the measure just told takes effect: "The rules take
    effect on December 1.", "Since Friday, exporters have needed a licence." (the date), "The notice
    took effect immediately." (IMMEDIATE: the measure's own day), else None."""
    told = EFFECT_SENTENCE.search(sentence)
    if IMMEDIATE_EFFECT.search(sentence) and (told or RESTRICTION_NOUN.search(sentence)):
        return IMMEDIATE  # "the rules ... applied immediately"
    dated = [d for d in dates if d.value is not None]
    if told:
        return next((d for d in dated if d.start - s_off > told.start()), None)
    if not NEEDED.search(sentence):
        return None
    return next((d for d in dated if EFFECTIVE_SINCE.search(left_of(sentence, s_off, d))
                 or EFFECTIVE_BEFORE_DATE.search(left_of(sentence, s_off, d))), None)


# "Since Friday, most of that package has been on hold": a step in force since a day, told before the
# sentences that name its minerals.
STEP_IN_FORCE = re.compile(r"\b(?:(?P<suspended>on\s+hold|suspended|paused)|(?P<lifted>lifted|scrapped|removed)|"
                           r"(?P<imposed>in\s+force|in\s+effect|banned|prohibited|required|restricted))\b", re.I)


def effect_ahead(sentence: str, s_off: int, dates: list[DateMention]) -> tuple[DateMention, str] | None:
    """(date, action) of a sentence naming no mineral that says a step has held since a day ("Since
    Friday, most of that package has been on hold" is Friday, suspended), else None."""
    since = [d for d in dates if d.value is not None and EFFECTIVE_SINCE.search(left_of(sentence, s_off, d))]
    step = STEP_IN_FORCE.search(sentence, since[0].end - s_off) if since else None
    if step is None:
        return None
    return since[0], next(name for name in ("suspended", "lifted", "imposed") if step.group(name))
