"""Where one sentence tells of several meetings, the parts that tell of each: a bilateral on the
sidelines of a summit, two cues with different dates, a meeting held and one still to come, clauses
with verbs of their own; and one bilateral per side listed after "separate talks with"."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.extract import meetings as mt
from pipeline.extract.article import Article, MeetingCandidate, sources
from pipeline.extract.dates import DateMention
from pipeline.extract.document import Sentence
from pipeline.extract.entities import Mention
from pipeline.extract.lexicon import pattern
from pipeline.extract.reading_patterns import REPORTED_BEFORE

Cue = tuple[int, int, str]
Span = tuple[int, int, list]


def sidelines(s: Sentence) -> tuple[re.Match | None, bool]:
    """The "on the sidelines of X," that names a main meeting to split off, and whether the whole sentence
    is a side meeting ("A and B met on the sidelines")."""
    side = mt.SIDELINES.search(s.text)
    side_only = bool(side) and not re.search(r"\bof\b", side.group(0))
    return (None if side_only else side), side_only


def _by_dates(a: Article, s: Sentence, cues: list[Cue], dates: list[DateMention]) -> list[Span]:
    """Cut between cues that each have a different date of their own nearby."""
    dated = []
    for c in cues:
        if c[2].startswith("part:"):
            continue
        near = [d for d in dates if d.value is not None and abs(d.start - (s.start + c[0])) < 40
                and not REPORTED_BEFORE.search(a.body[max(s.start, d.start - 30): d.start])]
        dated.append((c, near[0].value if near else None))
    if len({v for _, v in dated if v is not None}) <= 1:
        return []
    bounds = [s.start] + [s.start + (dated[i][0][1] + dated[i + 1][0][0]) // 2 for i in range(len(dated) - 1)] + [s.end]
    return [(bounds[i], bounds[i + 1], [c for c in cues if bounds[i] <= s.start + c[0] < bounds[i + 1]])
            for i in range(len(dated))]


def future_split(s: Sentence, cues: list[Cue]) -> list[Span]:
    """The sentence cut at the comma before a cue of a meeting still to come ("to meet", "will meet")
    when an earlier cue tells of one that is not: "emerged from two days of talks, clearing the way for
    the presidents to meet on Thursday"."""
    main = [c for c in cues if not c[2].startswith("part:")]
    for i, later in enumerate(main[1:], 1):
        if not re.search(r"\b(?:to|will|would|shall)\s+(?:\w+\s+)?$", s.text[max(0, later[0] - 20):later[0]]):
            continue
        earlier = main[:i]
        if any(mt.FUTURE.search(s.text[max(0, c[0] - 30):c[1]]) for c in earlier):
            continue
        comma = s.text.rfind(",", earlier[-1][1], later[0])
        if comma < 0:
            continue
        return [(s.start, s.start + comma, [c for c in cues if c[0] < comma]),
                (s.start + comma, s.end, [c for c in cues if c[0] >= comma])]
    return []


MEETING_SEQUENCE = pattern("meeting_sequence")


def sequence_split(s: Sentence, cues: list[Cue]) -> list[Span]:
    """The sentence cut where it tells one meeting after or before another, when each side has a cue
    of its own: "The talks in London come a few days after Trump and Xi held telephone talks"."""
    main = [c for c in cues if not c[2].startswith("part:")]
    for m in MEETING_SEQUENCE.finditer(s.text):
        if any(c[1] <= m.start() for c in main) and any(c[0] >= m.end() for c in main):
            return [(s.start, s.start + m.start(), [c for c in cues if c[0] < m.start()]),
                    (s.start + m.start(), s.end, [c for c in cues if c[0] >= m.start()])]
    return []


def clause_spans(s: Sentence, cues: list[Cue]) -> list[Span]:
    """The sentence cut at ", and" / "; " into clauses, when each clause has a cue of its own that is not
    only a word of participation: "Trump spoke by telephone with Putin, and on February 18 Rubio and
    Lavrov held talks"."""
    cuts = [m.start() for m in re.finditer(r",\s+and\s+(?:on\s+|in\s+|later\s+)?", s.text)]
    if not cuts:
        return []
    bounds = [0] + cuts + [len(s.text)]
    spans = []
    for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
        own = [c for c in cues if a <= c[0] < b]
        if not any(not c[2].startswith("part:") for c in own):
            return []
        # "met with A, B, and C during the Quad meeting": a later part without a verb of its own ends a
        # list of names, not a clause.
        if i and not any(c[2].startswith(("verb:", "receive:")) for c in own):
            return []
        spans.append((s.start + a, s.start + b, own))
    return spans


def _named_and_back(s: Sentence, cues: list[Cue]) -> list[Span]:
    """"The meeting is meant to prepare the Quad Leaders' Summit": the meeting referred back to and a named
    other one are two meetings, unless the text says one is called the other."""
    named = [c for c in cues if c[2].startswith("named:")]
    back = [c for c in cues if re.match(r"(?:the|this|that)\s+$", s.text[max(0, c[0] - 5):c[0]], re.I)
            and c[2].startswith("noun:")]
    if named and back and back[0][0] < named[0][0] and not re.search(
            r"\b(?:called|named|known as|dubbed|billed as)\b", s.text[back[0][1]:named[0][0]], re.I):
        cut = s.start + back[0][1]
        return [(s.start, cut, [back[0]]), (cut, s.end, [c for c in cues if c[0] >= back[0][1]])]
    return [(s.start, s.end, cues)]


def meeting_spans(a: Article, s: Sentence, cues: list[Cue], dates: list[DateMention], side: re.Match | None) -> list[Span]:
    """The parts of the sentence that tell of different meetings, each with its cues; one part if one meeting."""
    if side:
        # "A met B on the margins of the G20 summit", "On the sidelines of the G7 meeting, A met B": the
        # main meeting is named inside the sidelines phrase, a part of its own between the side meeting's.
        spans = [(s.start, s.start + side.start(), [c for c in cues if c[0] < side.start()]),
                 (s.start + side.start(), s.start + side.end(), [c for c in cues if side.start() <= c[0] < side.end()]),
                 (s.start + side.end(), s.end, [c for c in cues if c[0] >= side.end()])]
        if not spans[0][2] and not spans[2][2]:
            # "On the margins of a G20 meeting in Durban, Minister X announced ...": no meeting beside
            # the main one, so the people and countries of the whole sentence are at the main one.
            return [(s.start, s.end, spans[1][2])]
        return [sp for sp in spans if sp[2]]
    for split in (lambda: _by_dates(a, s, cues, dates), lambda: sequence_split(s, cues), lambda: future_split(s, cues)):
        if spans := split():
            return spans
    if len(clauses := clause_spans(s, cues)) > 1:
        return clauses
    return _named_and_back(s, cues)


SEPARATE_TALKS = pattern("separate_talks")
THEN_WITH = pattern("then_with")
LIST_STOP = pattern("list_stop")


def _listed_sides(a: Article, cand: MeetingCandidate, text: str, lo: int, m: re.Match) -> list[tuple[str, Mention | None]]:
    """Each side listed after "with", in text order: a country named, or a person standing for one."""
    at = lo + m.end()
    # The list ends where the sentence goes on to when, where or why ("... during Trump's visit").
    stop = LIST_STOP.search(text[m.end():])
    end = at + stop.start() if stop else lo + len(text)
    listed = [(c.value, None) for c in a.entities.countries if at <= c.start < end and c.value in cand.countries]
    listed += [(a.people.of(pm).country, pm) for pm in cand.people
               if at <= pm.start < end and a.people.of(pm).country]
    # "with Carney before the first session, with Starmer, ..., and with Ishiba": each "with" opens an item.
    withs = [lo + m.start() + w.end() for w in re.finditer(r"\bwith\s+", text[m.start():])]
    if len(withs) >= 2:
        listed += [(a.people.of(pm).country, pm) for pm in cand.people if a.people.of(pm).country
                   and not (at <= pm.start < end) and any(0 <= pm.start - w <= 40 for w in withs)]
    listed.sort(key=lambda x: x[1].start if x[1] else next(c.start for c in a.entities.countries
                                                             if c.start >= at and c.value == x[0]))
    return listed


def separate_bilaterals(a: Article, cand: MeetingCandidate, text: str, lo: int) -> list[MeetingCandidate]:
    """"separate deals with Malaysia and Thailand", "held talks with Macron, then with Zelensky": one
    bilateral meeting per country or person listed after "with"."""
    m = SEPARATE_TALKS.search(text) or THEN_WITH.search(text)
    if not m:
        return [cand]
    sides: dict[str, list[Mention]] = {}
    for iso, pm in _listed_sides(a, cand, text, lo, m):
        sides.setdefault(iso, [])
        if pm:
            sides[iso].append(pm)
    if len(sides) < 2:
        return [cand]
    listed_people = {id(pm) for pms in sides.values() for pm in pms}
    subject = tuple(pm for pm in cand.people if id(pm) not in listed_people)
    subject_iso = {a.people.of(pm).country for pm in subject}
    out = []
    for iso, pms in sides.items():
        if iso in subject_iso and not pms:
            continue
        countries = (cand.countries - set(sides)) | {iso} | (cand.countries & subject_iso)
        out.append(replace(cand, countries=frozenset(countries), people=subject + tuple(pms), explicit_bilateral=True,
                           country_source=sources({k: v for k, v in cand.country_source.items() if k in countries})))
    return out or [cand]
