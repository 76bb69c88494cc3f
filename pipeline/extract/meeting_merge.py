"""The stage after reading sentences: the candidates of one meeting within an article become one. "The
meeting" refers back, a participant list completes an earlier sentence, "he met X" takes its subject
from the sentence before; different dates, names, formats or sides stay apart."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace

from pipeline.extract import meetings as mt
from pipeline.extract.article import Article, MeetingCandidate, sources
from pipeline.extract.article_people import Person
from pipeline.extract.dates import DateMention, period
from pipeline.extract.document import Sentence
from pipeline.extract.entities import find_groups
from pipeline.extract.reading_patterns import BACK_REFERENCE, SAME_PARTIES

Told = tuple[MeetingCandidate, Sentence]


@dataclass
class Meeting:
    """One meeting of the article: its candidates with their sentences, the parties of all of them, and
    whether the text says it was two sides meeting each other."""

    cands: list[Told]
    parties: set[str]
    bilateral: bool = False

    def add(self, told: Told, parties: set[str]) -> None:
        self.cands.append(told)
        self.parties |= parties

    @property
    def scheduled(self) -> bool:
        return any(c.scheduled for c, _ in self.cands)


def interval(d: DateMention) -> tuple[dt.date, dt.date]:
    """The days a date covers: a day, a range, a whole month or year."""
    _, end = period(d.value, d.precision)
    return d.value, d.end_value if d.end_value is not None else end


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("’", "'")).strip()


def parties(a: Article, cand: MeetingCandidate) -> set[str]:
    """The sides of a candidate: its countries, the countries of its people, and "org:" + the bodies
    its organisations and officials speak for."""
    countries, orgs = set(cand.countries), set(cand.organizations)
    for m in cand.people:
        p = a.people.of(m)
        if p.country:
            countries.add(p.country)
        elif p.org:
            orgs.add(p.org)
    return countries | {"org:" + o for o in orgs}


def _as_subject(a: Article, p: Person, before: int) -> bool:
    """Whether the person's latest mention before `before` comes ahead of any verb of meeting in its sentence."""
    at = max(x.start for x in p.mentions if x.start < before)
    s = a.doc.sentence_at(at)
    if s is None:
        return False
    return not any(s.start + c[0] < at for c in mt.find_cues(s.text) if not c[2].startswith("named:"))


def protagonist(a: Article, cand: MeetingCandidate, sides: set[str]) -> Person | None:
    """The person an implicit side refers to ("he met X", "talks with X"): of those named before this
    sentence who are not in it and stand for another country, the latest subject for "he met X", else
    the most mentioned (the article's protagonist), ties to the latest named."""
    present = {a.people.of(m).key for m in cand.people}
    lone_iso = {p for p in sides if not p.startswith("org:")}
    at = cand.sentence_start
    earlier = [(sum(1 for x in p.mentions if x.start < at), max(x.start for x in p.mentions if x.start < at), p)
               for p in a.people.persons if p.key not in present and p.country not in lone_iso
               and any(x.start < at for x in p.mentions)]
    subjects = [e for e in earlier if _as_subject(a, e[2], at)]
    if cand.pronoun_subject and subjects:
        earlier = subjects
    rank = (lambda e: e[1]) if cand.pronoun_subject else (lambda e: (e[0], e[1]))
    return max(earlier, key=rank)[2] if earlier else None


def home_other_than(a: Article, sides: set[str]) -> str | None:
    """The dateline's country, else the article's most named country, that is not among `sides`."""
    city = a.doc.dateline.city
    if city and city[1] not in sides:
        return city[1]
    counts = Counter(c.value for c in a.entities.countries if c.value not in sides)
    return counts.most_common(1)[0][0] if counts else None


# "the next Quad leaders' summit", "their next round of talks": a meeting after the one told.
_NEXT_MEETING = re.compile(r"\b(?:the|its|their|a)\s+(?:next|further|follow-up)\s+(?:[\w'’-]+\s+){0,3}?"
                           r"(?:summit|meeting|round|talks|dialogue|session|ministerial)\b", re.I)
# A sentence that opens on what came after a meeting told before: "After the summit, ...".
_AFTER_THE_MEETING = re.compile(r"\W*(?:After|Following)\s+(?:the|this|that|their|his|her|its)\s+(?:[\w'’-]+\s+){0,2}?"
                                r"(?:summit|meeting|talks|session|ministerial|call)\s*,")
# A sentence that opens on a meeting noun alone: "The first meeting is due ...", "The talks are set to ...".
_THE_MEETING = re.compile(r"\s*The\s+(?:(?:first|next|inaugural|initial|opening)\s+)?(?:meeting|talks|round of talks|dialogue)\b")

# A sentence that opens on "this" or "that" and a meeting noun: "This gathering featured delegates from ...".
THIS_MEETING = re.compile(r"\W*(?:This|That)\s+(?:[\w'’-]+\s+){0,2}?(?:meeting|gathering|summit|session|talks|call|"
                          r"conference|dialogue|roundtable|ministerial)\b")


# "During the meeting, ...": a meeting the article has told of without naming it one.
_DURING_THE_MEETING = re.compile(r"\s*(?:During|At|In)\s+the\s+(?:meeting|talks)\s*,")


def _with_the_opening_people(a: Article, cand: MeetingCandidate, s: Sentence) -> MeetingCandidate:
    """"LIMA - President X and Minister Y agreed on a plan ... During the meeting, Y said":
    the article's first meeting, told as "the meeting", is between the people its opening names together."""
    opening = next((x for x in a.doc.sentences if x.start < s.start and a.doc.in_opening(x.start)
                    and len({a.people.of(m).key for m in a.people.mentions_in(x.start, x.end)}) >= 2), None)
    if opening is None:
        return cand
    known = {a.people.of(m).key for m in cand.people}
    extra = tuple(m for m in a.people.mentions_in(opening.start, opening.end) if a.people.of(m).key not in known)
    return replace(cand, people=cand.people + extra)


def complete_sides(a: Article, cand: MeetingCandidate, s: Sentence, merged: list[Meeting]
                   ) -> tuple[MeetingCandidate, set[str]]:
    """A candidate with one side named gets the other: the protagonist for "he met X" / "talks with X",
    the home country for "with his Chinese counterpart", the sides of the meeting before for "the same
    four ministers"."""
    sides = parties(a, cand)
    lone = len(sides) == 1
    if (cand.explicit_bilateral or cand.pronoun_subject) and lone:
        p = protagonist(a, cand, sides)
        if p and p.country and p.country not in sides:
            cand = replace(cand, people=cand.people + (p.mentions[0],))
            sides = parties(a, cand)
    home = home_other_than(a, sides)
    if lone and cand.explicit_bilateral and home and re.search(r"\bcounterparts?\b", s.text):
        # "An official held talks in Beijing with his Chinese counterpart": the other side is the country
        # the report is filed from or is most about, when no person of it is named.
        cand = replace(cand, countries=cand.countries | {home}, country_source=sources({**cand.country_source, home: "inherited"}))
        sides = parties(a, cand)
    if not sides and not merged and _THE_MEETING.match(s.text):
        # "A and B signed an accord on copper. The first meeting is due next month":
        # the article's first meeting, told by its noun alone, is between the countries just named.
        before = [x for x in a.doc.sentences if x.end <= s.start][-1:]
        named = {c.value for c in a.entities.countries if before and before[0].holds(c)}
        if len(named) >= 2:
            cand = replace(cand, countries=named, country_source=sources({k: "inherited" for k in named}))
            sides = parties(a, cand)
    if not merged and _DURING_THE_MEETING.match(s.text):
        cand = _with_the_opening_people(a, cand, s)
        sides = parties(a, cand)
    if cand.date is not None and len(sides) <= 1 and merged and SAME_PARTIES.search(s.text):
        inherited = {p for p in merged[-1].parties if not p.startswith("org:")}
        cand = replace(cand, countries=cand.countries | inherited)
        sides = sides | inherited
    return cand, sides


def group_named(cand: MeetingCandidate) -> bool:
    """Whether the meeting's name holds a group of countries ("G7 Summit", "APEC ... Meeting")."""
    return bool(cand.name) and (bool(find_groups(cand.name)) or bool(mt.FORUM.search(cand.name)))


def _dates_agree(m: Meeting, cand: MeetingCandidate, own: DateMention, dates: list[DateMention]) -> bool:
    """Overlapping dates agree, a closing day ("closed on Sunday") within four days of the start; a bare
    year ("last summer") says too little to join a dated meeting."""
    lo, hi = interval(own)
    if cand.date_is_end:
        lo -= dt.timedelta(days=4)
    ends = {id(c.date) for c, _ in m.cands if c.date is not None and c.date_is_end}
    return any(lo <= interval(d)[1] + dt.timedelta(days=4 * (id(d) in ends)) and
               interval(d)[0] - dt.timedelta(days=4 * (id(d) in ends)) <= hi
               and (d.precision == "year") == (own.precision == "year") for d in dates)


def _same_kind(m: Meeting, cand: MeetingCandidate, sides: set[str]) -> bool:
    """Same name if both have one, both or neither on the sidelines, not "a separate meeting", not two
    parts of one cut sentence, and not a group's named meeting against two members' unnamed talks."""
    first = m.cands[0][0]
    names = [c.name for c, _ in m.cands if c.name]
    if cand.name and names and norm(cand.name) != norm(names[0]) and not (
            norm(cand.name) in norm(names[0]) or norm(names[0]) in norm(cand.name)):
        return False
    if cand.sidelines != first.sidelines or cand.separate and sides != m.parties:
        return False
    # The summit named in "on the margins of the G20 summit" is joined only by mentions of that name.
    if (cand.sidelines_host or first.sidelines_host) and not (cand.name and names and norm(cand.name) == norm(names[0])):
        return False
    if cand.split_from is not None and any(c.split_from == cand.split_from for c, _ in m.cands):
        return False
    countries_m = {p for p in m.parties if not p.startswith("org:")}
    countries_c = {p for p in sides if not p.startswith("org:")}
    return not (cand.named and not names and len(countries_m) == 2 and group_named(cand) or
                names and not cand.name and len(countries_c) == 2 and any(group_named(c) for c, _ in m.cands))


def _same_time(a: Article, m: Meeting, cand: MeetingCandidate, own: DateMention | None, dates: list[DateMention]) -> bool:
    """A meeting still to come is not one that already took place; "last month ... met" is not the
    meeting still to come that the article announced."""
    published = a.doc.published
    if published and cand.scheduled != m.scheduled:
        spans = [interval(d) for d in dates + ([cand.date] if cand.date else [])]
        if any(hi < published for _, hi in spans) and (cand.scheduled or any(lo >= published for lo, _ in spans)):
            return False
        # "emerged from talks, clearing the way for their leaders to meet on Friday"
        if cand.scheduled and cand.date is not None and interval(cand.date)[0] > published:
            return False
    if _AFTER_THE_MEETING.match(a.body, cand.sentence_start, cand.sentence_end):
        return False  # "After the summit, the president will attend a dinner hosted by X": another gathering
    if cand.scheduled and not m.scheduled and _NEXT_MEETING.search(a.body[cand.sentence_start:cand.sentence_end]):
        return False  # "Chile will host the next summit" is not the meeting the article reports
    if not cand.scheduled and own is None and not dates and all(c.scheduled for c, _ in m.cands):
        return False  # "The first meeting is due next month" is not the signing the article then tells
    return not (own is not None and published and not cand.scheduled and interval(own)[1] < published
                and any(c.scheduled and c.date is None for c, _ in m.cands) and not dates)


def compatible(a: Article, m: Meeting, cand: MeetingCandidate, sides: set[str], bilateral: bool,
               merged: list[Meeting]) -> bool:
    """Whether the candidate tells of meeting `m`: dates, names and time agree, and its sides fit."""
    # "were at the table, ... after Trump flew home on Thursday": a participation sentence's date is
    # seldom the meeting's. A date carried over from the sentence before counts too.
    dates = [c.date for c, _ in m.cands if c.date is not None and not c.participation_only] or [
        c.context_date for c, _ in m.cands if c.context_date is not None and c.context_date.value and not c.participation_only]
    own = cand.date or (cand.context_date if cand.context_date is not None and cand.context_date.value else None)
    if own is not None and dates and not _dates_agree(m, cand, own, dates):
        return False
    if not _same_kind(m, cand, sides) or not _same_time(a, m, cand, own, dates):
        return False
    if not sides:
        # "Next week's meeting" refers back to the meeting still to come, not to the last one told.
        return cand.scheduled == m.scheduled or not any(o is not m and o.scheduled == cand.scheduled for o in merged)
    if m.bilateral or bilateral:
        return sides == m.parties or (not bilateral and sides <= m.parties and len(sides) <= 2)
    return sides <= m.parties or m.parties <= sides or len(sides & m.parties) / len(sides | m.parties) >= 0.5


def _refers_back(a: Article, cand: MeetingCandidate, s: Sentence, sides: set[str], merged: list[Meeting]
                 ) -> tuple[MeetingCandidate, Meeting | None]:
    """"Ruto hosted the two-day meeting": the host of the meeting already introduced; a bare year in the
    sentence ("which holds the presidency this year, hosted it") dates nothing."""
    back = BACK_REFERENCE.search(a.body[cand.sentence_start:cand.sentence_end])
    if merged and not cand.named and THIS_MEETING.match(a.body, cand.sentence_start, cand.end + 1) \
            and cand.start - cand.sentence_start < 40:
        # "This gathering, chaired by X, featured delegates from A and B": the meeting just told, and
        # those it names join it.
        last = merged[-1]
        return cand, last if compatible(a, last, cand, set(), False, merged) else None
    if not (merged and not cand.named and back and (len(sides) <= 1 or re.search(r"\b(?:it|them)$", back.group(0)))):
        return cand, None
    if cand.date is not None and cand.date.precision == "year":
        cand = replace(cand, date=None)
    return cand, next((m for m in reversed(merged) if not m.bilateral
                       and compatible(a, m, cand, sides if len(sides) > 1 else set(), False, merged)), None)


def _inherit_from_sentence(a: Article, merged: list[Meeting]) -> None:
    """A dated meeting with no sides ("finance ministers held a virtual meeting in December") takes the
    countries of the nearest other meeting of the same sentence."""
    for m in merged:
        cand0, s = m.cands[0]
        if parties(a, cand0) or cand0.participation_only:
            continue
        if cand0.sidelines_host:
            continue  # "met ... on the sidelines of an OECD meeting": the two meetings' sides are their own
        same = [(abs(c.start - cand0.start), o) for o in merged if o is not m
                for c, _ in o.cands if a.doc.sentence_at(c.start) is a.doc.sentence_at(cand0.start)
                and not c.sidelines_host]
        if same:
            o = min(same, key=lambda x: x[0])[1]
            inherited = {p for p in o.parties if not p.startswith("org:")}
            m.parties |= inherited
            m.cands[0] = (replace(cand0, countries=cand0.countries | inherited), s)


def _on_the_day_of(cand: MeetingCandidate, before: Meeting) -> MeetingCandidate:
    """"After the summit, the president will attend a dinner": with no day of its own, the summit's day."""
    day = next((c.date for c, _ in before.cands if c.date is not None and c.date.precision == "day"), None)
    return replace(cand, context_date=day) if day and cand.date is None and cand.context_date is None else cand


def merge_meetings(a: Article, told: list[Told]) -> list[Meeting]:
    """The meetings of the article from its candidates in text order. A meeting needs two parties:
    named ones, or a stated count ("ministers from 12 countries")."""
    merged: list[Meeting] = []
    for cand, s in told:
        sides = parties(a, cand)
        if cand.participation_only:
            # "Australia, India and South Korea took part": the meeting already introduced.
            if merged:
                next((m for m in reversed(merged) if not m.bilateral), merged[-1]).add((cand, s), sides)
            continue
        cand, target = _refers_back(a, cand, s, sides, merged)
        if target is not None:
            target.add((cand, s), sides)
            continue
        cand, sides = complete_sides(a, cand, s, merged)
        bilateral = (cand.explicit_bilateral or cand.pronoun_subject) and len(sides) == 2
        target = next((m for m in reversed(merged) if compatible(a, m, cand, sides, bilateral, merged)), None)
        if target is None and _AFTER_THE_MEETING.match(a.body, cand.sentence_start, cand.sentence_end):
            before = next((m for m in reversed(merged) if m.parties & sides and len(m.parties) >= 2), None)
            cand = _on_the_day_of(cand, before) if before else cand
        if target is None:
            merged.append(Meeting([(cand, s)], set(sides), bilateral))
        else:
            target.add((cand, s), sides)
    _inherit_from_sentence(a, merged)
    return [m for m in merged if len(m.parties) >= 2 or any(c.stated_parties >= 2 for c, _ in m.cands)]
