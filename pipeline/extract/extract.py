"""Extraction of one article: sentences and entities from spaCy, then our rules for meetings,
participants and export restrictions, merged within the article, as rows of the mention tables."""

from __future__ import annotations

import datetime as dt
import copy
import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import polars as pl
from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.extract import meetings as mt
from pipeline.extract.confidence import weights
from pipeline.extract.dates import PRECISION_RANK, DateMention, find_dates, period
from pipeline.extract.entities import (
    APOSTROPHES,
    LANDMARKS,
    Mention,
    find_countries,
    find_groups,
    find_minerals,
    find_organizations,
    find_people,
)
from pipeline.extract.gazetteers import countries_frame
from pipeline.extract.language import load_nlp
from pipeline.extract.mineral_gazetteer import AMBIGUOUS_MINERAL_FORMS, mineral_parent
from pipeline.extract.people import PersonReading, find_appositive_people, find_titled_people, read_person
from pipeline.extract.reading_patterns import (
    ANCHORED_DATE,
    BACK_REFERENCE,
    COMPANY_WORDS,
    DATE_HEADER,
    LIVE_ENTRY,
    OPPOSITE_SIDES,
    PERSON_FOLLOWERS,
    PLACE_BEFORE,
    PLACE_NOUN_AFTER,
    POSSESSED_EVENT,
    REPORTED,
    REPORTED_BEFORE,
    SAME_PARTIES,
    THAT_DAY,
    THAT_YEAR,
    TWO_COUNTRIES_PEOPLE,
    _OFFICE_WORDS,
    _PINYIN_SYLLABLE,
    _PINYIN_WORD,
)
from pipeline.extract.restriction_context import find_steps, read_follow_up, read_member_list, scene_imposer
from pipeline.extract.restrictions import RestrictionReading, read_restrictions
from pipeline.ids import stable_id
from schemas import ExtractedMeetingMentions, ExtractedParticipantMentions, ExtractedRestrictionMentions
from schemas.base import conform, empty_frame

LOGGER = logging.getLogger(__name__)

# Confidence weights: lexicons/confidence.yaml, each with its reason.
MEETING_WEIGHTS, PARTICIPANT_WEIGHTS, RESTRICTION_WEIGHTS = (weights()[f] for f in ("meeting", "participant", "restriction"))
COUNTRY_CONFIDENCE = {source: PARTICIPANT_WEIGHTS[key] for source, key in (
    ("name", "country_named"), ("group", "country_by_group"), ("capital", "country_by_capital"),
    ("inherited", "country_inherited"))}


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Person:
    """One person in one article: every mention of them, their best name, role and country."""

    name: str
    mentions: list[Mention] = field(default_factory=list)
    role: str | None = None
    role_source: str | None = None
    country: str | None = None
    country_source: str | None = None


@dataclass
class ArticleRows:
    meetings: list[dict]
    participants: list[dict]
    restrictions: list[dict]


def _capitals() -> dict[str, str]:
    return {c.lower(): iso3 for iso3, c in countries_frame().select("iso3", "capital").iter_rows() if c}


def _sentences(doc) -> list[Sentence]:
    out = []
    for s in doc.sents:
        text = s.text.strip()
        if not text:
            continue
        start = s.start_char + (len(s.text) - len(s.text.lstrip()))
        # spaCy sometimes runs a headline into the next paragraph: cut at blank/new lines.
        for part in re.finditer(r"[^\n]+", text):
            piece = part.group(0).strip()
            if piece:
                p_start = start + part.start() + (len(part.group(0)) - len(part.group(0).lstrip()))
                out.append(Sentence(p_start, p_start + len(piece), piece))
    return out


def _clauses(s: Sentence) -> list[Sentence]:
    """A sentence cut at semicolons: news joins two meetings that way ("he met X; Y also held talks with Z")."""
    out, start = [], 0
    for part in re.split(r"(?<=;)\s+", s.text):
        at = s.text.index(part, start)
        out.append(Sentence(s.start + at, s.start + at + len(part), part))
        start = at + len(part)
    return out


def _in(m: Mention, s: Sentence) -> bool:
    return s.start <= m.start < s.end


NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _name_words(name: str) -> list[str]:
    """The words of a name that identify the person: "Joseph R. Biden Jr." -> Joseph, Biden."""
    words = name.split()
    core = [w for w in words if w.lower().strip(".,") not in NAME_SUFFIXES and not re.fullmatch(r"[A-Z]\.?", w)]
    return core or words


def _office(role: str) -> str:
    return " ".join(w.lower() for w in _OFFICE_WORDS.findall(role))


def _pinyin_name(name: str) -> bool:
    """"Wang Wentao", "Xi Jinping", "He Lifeng": two or three words, each one or two pinyin syllables,
    the family name first and one syllable long."""
    words = name.lower().split()
    return 2 <= len(words) <= 3 and all(_PINYIN_WORD.fullmatch(w) for w in words) and len(words[0]) <= 5 and bool(
        re.fullmatch(_PINYIN_SYLLABLE, words[0]))


def _link_people(mentions: list[Mention]) -> list[Person]:
    """Group a person's mentions in one article: a surname alone joins the full name it belongs to."""
    people: list[Person] = []
    for m in mentions:
        tokens = " ".join(_name_words(m.text)).lower().replace("-", " ").split()
        match = None
        for p in people:
            full = " ".join(_name_words(p.name)).lower().replace("-", " ").split()
            if tokens == full or (len(tokens) == 1 and tokens[0] in full) or (
                    len(tokens) < len(full) and tokens and tokens[-1] == full[-1] and tokens[0] in full):
                match = p
                break
            if len(full) == 1 and len(tokens) > 1 and full[0] in tokens:
                p.name = m.text
                match = p
                break
        if match is None:
            match = Person(m.text)
            people.append(match)
        match.mentions.append(m)
    return people


class ArticleReader:
    """Reads one parsed article; every method works on the body's character offsets."""

    def __init__(self, article_id: str, doc, published: dt.date | None):
        self.article_id = article_id
        self.body = doc.text
        self.published = published
        self.sentences = _sentences(doc)
        person_mentions = find_people(doc)
        person_spans = [(p.start, p.end) for p in person_mentions]
        companies = [(e.start_char, e.end_char) for e in doc.ents
                     if e.label_ == "ORG" and COMPANY_WORDS.search(e.text)]
        self.groups = find_groups(self.body)
        group_spans = [(g.start, g.end) for g in self.groups]
        self.organizations = [o for o in find_organizations(self.body)
                              if not any(s <= o.start < e for s, e in group_spans)]
        org_spans = [(o.start, o.end) for o in self.organizations]
        self.countries = [c for c in find_countries(self.body, 0, person_spans)
                          if not any(s <= c.start < e for s, e in group_spans + companies + org_spans)]
        minerals = [m for m in find_minerals(self.body) if not any(s <= m.start < e for s, e in companies)]
        # "magnets", "lead", "tin" count only beside an unambiguous mineral ("rare earths and magnets").
        self.minerals = [m for m in minerals if m.text.lower() not in AMBIGUOUS_MINERAL_FORMS or any(
            o.text.lower() not in AMBIGUOUS_MINERAL_FORMS and abs(o.start - m.start) <= 50 for o in minerals)]
        self.orgs_spacy = [e for e in doc.ents if e.label_ == "ORG"]
        self.gpes = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
        spacy_spans = [(p.start, p.end) for p in person_mentions]
        extra = [m for m in find_appositive_people(self.body, self.countries)
                 if not any(a < m.end and m.start < b for a, b in spacy_spans)]
        # Spans spaCy tagged as people but find_people dropped (places, clergy) stay unavailable.
        dropped = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        extra += find_titled_people(self.body, self.countries, spacy_spans + dropped + [(m.start, m.end) for m in extra]
                                    + org_spans + group_spans, person_mentions + extra)
        self.people = _link_people(sorted(person_mentions + extra, key=lambda m: m.start))
        self._find_surnames()
        self.person_of = {m.start: p for p in self.people for m in p.mentions}
        counts = Counter(c.value for c in self.countries)
        self.home_country = counts.most_common(1)[0][0] if counts else None
        self.capitals = _capitals()
        # "KANANASKIS, Alberta, June 17 - ...": where the report was filed, often where the meeting was.
        dateline = mt.DATELINE.match(self.body)
        self.dateline_city = None
        self.dateline_end = dateline.end(1) if dateline else 0        # the city (and country) of the dateline
        self.dateline_span_end = dateline.end() if dateline else 0   # "LONDON, June 11 - ": the day it was filed
        if dateline:
            city = dateline.group(1).strip().lower()
            iso = mt.CITIES.get(city) or self.capitals.get(city)
            if iso:
                self.dateline_city = (city.title(), iso)
            else:
                # "SAPPORO, Japan, April 16 -": a city the gazetteer does not know, with its country after it.
                after = re.match(r",\s*([A-Z][\w .'-]+?)\s*,", self.body[dateline.end(1):dateline.end()])
                iso = next((c.value for c in self.countries if after and c.start == dateline.end(1) + after.start(1)
                            and c.form == "name"), None)
                if iso:
                    self.dateline_city = (city.title(), iso)
                    self.dateline_end = dateline.end(1) + after.end(1)
        self._orgs_of: dict[int, str | None] = {}
        self._read_people()
        self._respective_countries()
        self._guess_countries()

    # ---------------------------------------------------------------- people

    def _find_surnames(self) -> None:
        """Later mentions by surname alone ("Carney and Modi met") that spaCy did not tag as people."""
        taken = [(m.start, m.end) for p in self.people for m in p.mentions]
        for p in self.people:
            words = _name_words(p.name)
            if len(p.name.split()) < 2:
                continue
            # Family name first in "Koo Yoon-chul", "Xi Jinping", "Wang Wentao": the hyphen, a short first word
            # or a pinyin name tells.
            keys = {words[-1]}
            if "-" in words[-1] or len(words) == 2 and (len(words[0]) <= 3 or _pinyin_name(p.name)):
                keys.add(words[0])
            for key in keys:
                # A family name that is also an English word ("He Lifeng", "Long Hui") counts only inside
                # a sentence, where the capital shows it is a name: "met He in London", not "He said".
                common = key.lower() in STOP_WORDS or re.search(rf"(?<![\w-]){re.escape(key.lower())}(?![\w-])", self.body)
                for m in re.finditer(rf"(?<![\w-]){re.escape(key)}(?![\w-])", self.body):
                    if any(a <= m.start() < b for a, b in taken):
                        continue
                    if common and self.body[:m.start()].rstrip(" \t")[-1:] in ("", *".!?:;\n\"“‘(-–—"):
                        continue
                    p.mentions.append(Mention("person", m.start(), m.end(), key, p.name))
                    taken.append((m.start(), m.end()))
            p.mentions.sort(key=lambda m: m.start)

    def _read_people(self) -> None:
        for s in self.sentences:
            countries = [c for c in self.countries if _in(c, s)]
            for p in self.people:
                for m in p.mentions:
                    if not _in(m, s):
                        continue
                    others = [o for q in self.people if q is not p for o in q.mentions if _in(o, s)]
                    r: PersonReading = read_person(m, s.text, s.start, countries, others)
                    # A title in front of the name beats one read from an appositive clause.
                    # ... unless it only repeats a word of it: "Minister X" later, "X, Minister of Finance" first.
                    wider = p.role and r.role and set(p.role.lower().split()) < set(r.role.lower().split())
                    narrower = p.role and r.role and set(r.role.lower().split()) < set(p.role.lower().split())
                    better = r.role and not narrower and (
                        p.role is None or wider or (r.role_source == "before" and p.role_source != "before")
                        or (r.role_source == p.role_source and len(r.role) > len(p.role)))
                    if better:
                        p.role, p.role_source = r.role, r.role_source
                    if p.country_source == "organization":
                        continue
                    if r.country_iso3 and (p.country is None or p.country_source == "title"):
                        p.country, p.country_source = r.country_iso3, r.country_source
                    elif r.country_source == "organization" and p.country_source in (None, "title"):
                        p.country, p.country_source = None, "organization"

    def _respective_countries(self) -> None:
        """"Presidents X of Congo and Y of Rwanda ... the two countries' foreign ministers, A and B": A
        stands for the first of the two countries named last, B for the second."""
        for m in TWO_COUNTRIES_PEOPLE.finditer(self.body):
            named = []
            for c in sorted((c for c in self.countries if c.end <= m.start() and c.form != "capital"),
                            key=lambda c: -c.start):
                if c.value not in named:
                    named.insert(0, c.value)
                if len(named) == 2:
                    break
            listed, at = [], m.end()
            for start, _, p in sorted((x.start, x.end, q) for q in self.people for x in q.mentions if x.start >= at):
                if not re.fullmatch(r"\s*(?:,|,?\s*and)?\s*", self.body[at:start]):
                    break
                listed.append(p)
                at = next(x.end for x in p.mentions if x.start == start)
            if len(named) == 2 and len(listed) == 2:
                for p, iso in zip(listed, named):
                    if p.country is None and p.country_source != "organization":
                        p.country, p.country_source = iso, "respective"

    def _guess_countries(self) -> None:
        """A person with no country next to the name gets the one the text around their mentions is
        most about: their sentence counts most, then their paragraph, then the article. Places they
        travel to or meet in ("flew to Seoul", "talks in London") count little; a government named by
        its seat ("the White House said", "Beijing's curbs") counts as that country. Never the country
        of someone across the table ("Albanese met Trump": Albanese is not American) or of someone
        who holds the same office ("Chinese President Xi" and "President Trump"). People who meet each
        other in one sentence ("Trump and Xi met in Busan") get different guesses, since a meeting
        needs two parties."""
        guessed = [p for p in self.people if not p.country and p.country_source != "organization"]
        firm = [q for q in self.people if q.country and q.country_source not in ("guess", "organization")]
        seats = self._seats()
        ranked: dict[int, list[str]] = {}
        score_of: dict[int, Counter] = {}
        for p in guessed:
            taken = {q.country for q in firm if p.role and q.role and _office(p.role) == _office(q.role)}
            scores: Counter = Counter()
            for n, m in enumerate(p.mentions):
                sentence = self._sentence_at(m.start)
                if sentence is None:
                    continue
                # Across the table in the sentence that first names the person; in later sentences only
                # the person named right beside them across "met" or "with" (a long sentence may go on
                # to other talks: "Trump spoke with Putin, and Rubio met Lavrov").
                opposed = self._opposed(sentence)
                if n:
                    spots = self._spots(sentence)
                    at = next(i for i, spot in enumerate(spots) if spot[0] == m.start)
                    beside = {id(spots[j][2]) for j in (at - 1, at + 1) if 0 <= j < len(spots)}
                    opposed = {pair for pair in opposed if pair[1] in beside}
                taken |= {q.country for q in firm if (id(p), id(q)) in opposed}
                lo = self.body.rfind("\n", 0, m.start) + 1
                hi = self.body.find("\n", m.start)
                hi = len(self.body) if hi < 0 else hi
                for c in self.countries + seats:
                    if not lo <= c.start < hi or PLACE_NOUN_AFTER.match(self.body[c.end:c.end + 20]):
                        continue
                    place = c.start < self.dateline_span_end or PLACE_BEFORE.search(self.body[max(lo, c.start - 25):c.start])
                    weight = (3 if sentence.start <= c.start < sentence.end else 1) * (1 if n == 0 else 0.5)
                    scores[c.value] += weight / 3 if place else weight
            for c in self.countries:
                scores[c.value] += 0.05
            # A name romanised from Mandarin ("Wang Wentao") in an article about China; another name
            # makes China a little less likely.
            if "CHN" in scores:
                scores["CHN"] += 2 if _pinyin_name(p.name) else -1
            order = sorted((iso for iso in scores if iso not in taken), key=lambda iso: -scores[iso])
            ranked[id(p)] = order
            score_of[id(p)] = scores
            p.country, p.country_source = (order or [None])[0], "guess"
        for s in self.sentences:
            here = [p for p in guessed if any(_in(m, s) for m in p.mentions)]
            opposed = self._opposed(s) if 2 <= len(here) <= 4 else set()
            parties = {q.country for q in self.people if q.country and any(_in(m, s) for m in q.mentions)} | {
                o.value for o in self.organizations if _in(o, s)}
            if len(parties) >= 2:
                continue  # "the two met Xi and then Li": two parties already; Xi and Li may be one side
            pairs = [(a, b) for a in here for b in here if (id(a), id(b)) in opposed and a.country == b.country]
            if not pairs:
                continue
            # The guesses with the best ranks in which people across the table stand for different countries.
            choices = [ranked[id(p)][:4] or [None] for p in here]
            best = min((combo for combo in itertools.product(*choices)
                        if all(combo[i] != combo[j] or combo[i] is None for i, a in enumerate(here)
                               for j, b in enumerate(here) if (id(a), id(b)) in opposed)),
                       key=lambda combo: -sum(score_of[id(p)][c] for p, c in zip(here, combo) if c), default=None)
            for p, iso in zip(here, best or ()):
                p.country = iso

    def _seats(self) -> list[Mention]:
        """Governments named by a building ("the White House said") as mentions of their country; a
        capital as a seat of government is already a country mention of form capital."""
        out = []
        for landmark, (_, iso3) in LANDMARKS.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(landmark)}(?![\w-])", self.body, re.I):
                out.append(Mention("seat", m.start(), m.end(), m.group(0), iso3))
        return out

    def _spots(self, s: Sentence) -> list[tuple[int, int, Person]]:
        return sorted(((m.start, m.end, p) for p in self.people for m in p.mentions if _in(m, s)), key=lambda x: x[0])

    def _cut_between(self, a: int, b: int, s: Sentence) -> bool:
        return bool(OPPOSITE_SIDES.search(self.body[a:b])) and bool(mt.find_cues(s.text))

    def _opposed(self, s: Sentence) -> set[tuple[int, int]]:
        """Pairs of people (by id) of a sentence who may stand for different countries. Where a word
        such as "met" or "with" splits the people into sides, those across it ("Bessent and Greer met
        He and Li": not Bessent and Greer); otherwise every pair if the sentence has such a word ("Trump
        and Xi met in Busan", "a meeting between X and Y"), and none if not ("a delegation headed by X
        and including Y", "his meeting with X and Y"). Two people in one office ("President X and President Y") are always opposed."""
        spots = self._spots(s)
        sides = [[]]
        for i, (start, end, p) in enumerate(spots):
            if i and self._cut_between(spots[i - 1][1], start, s):
                sides.append([])
            sides[-1].append(p)
        same_office = {(id(a), id(b)) for _, _, a in spots for _, _, b in spots
                       if a is not b and a.role and b.role and _office(a.role) and _office(a.role) == _office(b.role)}
        if len(sides) == 1:
            if not spots or not (OPPOSITE_SIDES.search(self.body[spots[0][1]:s.end])
                                 or re.search(r"\bbetween\b", self.body[s.start:spots[0][0]])):
                return same_office
            return {(id(a), id(b)) for _, _, a in spots for _, _, b in spots if a is not b}
        return same_office | {(id(a), id(b)) for i, side in enumerate(sides) for a in side
                for j, other in enumerate(sides) if i != j for b in other if a is not b}

    def person_country(self, p: Person) -> str | None:
        return p.country

    # ---------------------------------------------------------------- meetings

    def _participant_countries(self, s: Sentence, lo: int, hi: int, places: set[int]) -> dict[str, str]:
        """Participant countries of a span, each with how it was named: name, capital or group."""
        out: dict[str, str] = {}
        for c in self.countries:
            if not (lo <= c.start < hi) or c.start in places or c.end <= self.dateline_end:
                continue
            left = self.body[max(s.start, c.start - 40): c.start]
            if mt.TOPIC_BEFORE.search(left):
                continue
            right = self.body[c.end: c.end + 60].lstrip(APOSTROPHES).removeprefix("s")
            if c.form in ("possessive", "demonym") and not (
                    PERSON_FOLLOWERS.match(right) or any(c.end <= m.start <= c.end + 60 for m in self._person_mentions(s))):
                continue
            if PLACE_NOUN_AFTER.match(right) or c.form == "capital" and mt.MEETING_NOUN_AFTER.match(right):
                continue
            # A capital stands for its government ("Tokyo said its minister met ..."), unless it is a place.
            if c.form == "capital" and re.search(r"\b(?:in|at|to|from|near|outside|for|via)\s+(?:the\s+)?$",
                                                 self.body[max(s.start, c.start - 12): c.start]):
                continue
            clause = self.body[c.start: min(hi, c.start + 80)]
            if mt.INVITED.search(clause) and not re.search(r"\battend(?:ed|s)\b", clause, re.I):
                continue
            out.setdefault(c.value, "capital" if c.form == "capital" else "name")
        for g in self.groups:
            if lo <= g.start < hi and not mt.TOPIC_BEFORE.search(self.body[max(s.start, g.start - 30): g.start]):
                for iso in g.members:
                    out.setdefault(iso, "group")
        return out

    def _person_mentions(self, s: Sentence) -> list[Mention]:
        return [m for p in self.people for m in p.mentions if _in(m, s)]

    def _convener(self, s: Sentence) -> tuple[str | None, str | None]:
        """Who convened or hosted: the person, body or country after "convened by", "hosted by",
        "at the invitation of", else the subject before "hosted" / "is hosting"."""
        for m in mt.CONVENED_BY.finditer(s.text):
            at = s.start + m.end()
            for pm in self._person_mentions(s):
                if at <= pm.start <= at + 60:
                    p = self.person_of[pm.start]
                    return p.name, self.person_country(p)
            for e in self.orgs_spacy:
                if at - 4 <= e.start_char <= at + 2:
                    name = re.sub(r"^the\s+", "", e.text, flags=re.I)
                    iso = next((c.value for c in self.countries if e.start_char <= c.start < e.end_char), None)
                    return name, iso
            for c in self.countries:
                if at <= c.start <= at + 4:
                    return c.text, c.value
        host = re.search(r"\b(?:hosted|hosts|hosting|will host|to host|convened|chaired)\b|\bas host\b", s.text)
        if host and not re.search(r"\bhosted by\b", s.text):
            at = s.start + host.start()
            before = [pm for pm in self._person_mentions(s) if pm.start < at]
            if before:
                p = self.person_of[before[-1].start]
                return p.name, self.person_country(p)
            cs = [c for c in self.countries if s.start <= c.start < at and c.form in ("name", "capital")]
            if cs:
                return cs[-1].text, cs[-1].value
        return None, None

    def meeting_candidates(self, s: Sentence, dates: list[DateMention]) -> list[mt.MeetingCandidate]:
        cues = mt.find_cues(s.text)
        people_at = [m.start - s.start for m in self._person_mentions(s)]
        cues = [c for c in cues if not c[2].startswith("receive:") or any(c[1] < at <= c[1] + 60 for at in people_at)
                or re.match(r"\s+(?:him|her)\b", s.text[c[1]:])]
        if not cues:
            return []
        # "a stand-in for the gathering Australia had hoped to host in Sydney": not where it was.
        counterfactual = mt.COUNTERFACTUAL.search(s.text)
        place_text = s.text[:counterfactual.start()] + " " * (len(s.text) - counterfactual.start()) \
            if counterfactual else s.text
        city, place_iso3, places = mt.place_of(place_text, s.start, [c for c in self.countries if _in(c, s)],
                                               self.capitals, self.gpes)
        # Split the sentence between cues only where they are different meetings: a bilateral on
        # the sidelines of a summit, or two cues with their own different dates.
        side = mt.SIDELINES.search(s.text)
        # "A and B met on the sidelines": the whole sentence is the side meeting; only "on the sidelines
        # of X," names a main meeting to split off.
        side_only = bool(side) and not re.search(r"\bof\b", side.group(0))
        if side_only:
            side = None
        spans: list[tuple[int, int, list]] = []
        if side:
            spans = [(s.start, s.start + side.start(), [c for c in cues if c[0] < side.start()]),
                     (s.start + side.end(), s.end, [c for c in cues if c[0] >= side.end()])]
            spans = [sp for sp in spans if sp[2]]
        else:
            dated = []
            for c in cues:
                if c[2].startswith("part:"):
                    continue
                near = [d for d in dates if d.value is not None and abs(d.start - (s.start + c[0])) < 40
                        and not REPORTED_BEFORE.search(self.body[max(s.start, d.start - 30): d.start])]
                dated.append((c, near[0].value if near else None))
            distinct = {v for _, v in dated if v is not None}
            if len(distinct) > 1:
                bounds = [s.start] + [s.start + (dated[i][0][1] + dated[i + 1][0][0]) // 2 for i in range(len(dated) - 1)] + [s.end]
                spans = [(bounds[i], bounds[i + 1], [c for c in cues if bounds[i] <= s.start + c[0] < bounds[i + 1]])
                         for i in range(len(dated))]
            elif future := self._future_split(s, cues):
                # "... emerged from two days of talks, clearing the way for the presidents to meet on
                # Thursday": a meeting held and one still to come.
                spans = future
            elif len(clauses := self._clause_spans(s, cues)) > 1:
                # "Trump spoke by telephone with Putin, and on February 18 Rubio and Lavrov held talks":
                # two meetings, one per clause with its own cue.
                spans = clauses
            else:
                spans = [(s.start, s.end, cues)]
                # "The meeting is meant to prepare the Quad Leaders' Summit": the meeting referred back
                # to and a named other one are two meetings, unless the text says one is called the other.
                named = [c for c in cues if c[2].startswith("named:")]
                back = [c for c in cues if re.match(r"(?:the|this|that)\s+$", s.text[max(0, c[0] - 5):c[0]], re.I)
                        and c[2].startswith("noun:")]
                if named and back and back[0][0] < named[0][0] and not re.search(
                        r"\b(?:called|named|known as|dubbed|billed as)\b", s.text[back[0][1]:named[0][0]], re.I):
                    cut = s.start + back[0][1]
                    spans = [(s.start, cut, [back[0]]), (cut, s.end, [c for c in cues if c[0] >= back[0][1]])]
        out = []
        for lo, hi, span_cues in spans:
            if len(spans) > 1:
                # Each meeting of a split sentence takes the place named in its own part.
                own = "".join(ch if lo <= s.start + i < hi else " " for i, ch in enumerate(place_text))
                city, place_iso3, places = mt.place_of(own, s.start, [c for c in self.countries if _in(c, s)],
                                                       self.capitals, self.gpes)
            c0 = span_cues[0]
            cand = mt.MeetingCandidate(start=s.start + c0[0], end=s.start + c0[1], sentence_start=s.start,
                                       sentence_end=s.end, cue=c0[2], split_from=s.start if len(spans) > 1 else None)
            named = [c for c in span_cues if c[2].startswith("named:")]
            if named:
                cand.name, cand.named = named[0][2][6:], True
            text = self.body[lo:hi]
            # "summit between A and B": participants are those of the phrase right after the cue.
            cue_end = s.start + c0[1] - lo
            between = re.match(r"\W*(?:\w+\s+){0,2}?between\s+(.*?)(?:[,;]|\bto discuss\b|\bon\b|\bin\b|\bat\b|$)",
                               text[cue_end:])
            cand.country_source = self._participant_countries(s, lo, hi, places)
            cand.countries = set(cand.country_source)
            cand.organizations = {o.value for o in self.organizations if lo <= o.start < hi
                                  and not mt.TOPIC_BEFORE.search(self.body[max(s.start, o.start - 30): o.start])}
            cand.people = [m for m in self._person_mentions(s) if lo <= m.start < hi
                           and not mt.TOPIC_BEFORE.search(self.body[max(s.start, m.start - 25): m.start])
                           # "the day after President Trump's inauguration": his, not him at the table
                           and not POSSESSED_EVENT.match(self.body[m.end:m.end + 40])
                           and not re.search(r"\bsince\s+(?:\w+\s+){0,2}$", self.body[max(s.start, m.start - 30): m.start])]
            if between:
                b_lo, b_hi = lo + cue_end + between.start(1), lo + cue_end + between.end(1)
                scoped = [m for m in cand.people if b_lo <= m.start < b_hi]
                if scoped:
                    cand.people = scoped
                    cand.country_source = self._participant_countries(s, b_lo, b_hi, places)
                    cand.countries = set(cand.country_source)
            cand.explicit_bilateral = bool(re.search(
                r"\b(?:meeting|talks|discussions|call|met|spoke|talked)(?:\s+[^,.;:]{0,40}?)?\s+with\b|"
                r"\bwith\s+(?:his|her|their)\s+(?:\w+\s+){0,2}counterparts?\b", text, re.I)) or any(
                re.search(r"\b(?:met|meet|meets|visit|visits|visited|received|receives|welcomed|welcomes|saw|sees)\s+"
                          r"(?:with\s+)?(?:\S+\s+){0,5}$", self.body[lo:m.start])
                for m in cand.people)
            cand.group_summit = any(lo <= g.start < hi for g in self.groups) or bool(
                re.search(r"summit|ministerial|ministers", c0[2] + " " + (cand.name or ""), re.I))
            cand.sidelines = side_only or bool(side) and lo > s.start + side.start()
            cand.participation_only = all(c[2].startswith("part:") for c in span_cues)
            cand.separate = bool(re.search(r"\b(?:a|another) separate (?:\w+ )?(?:meeting|talks|session|call)\b", text, re.I))
            # Two people named together as the subject of a meeting verb met each other: a bilateral.
            if len(cand.people) == 2 and re.search(
                    r"\band\s+(?:\S+\s+){0,4}?(?:met|meet|meets|talked|talk|talks|held|hold|holds|spoke|speak)\b", text):
                cand.explicit_bilateral = True
            if mt.BILATERAL_WORD.search(text):
                cand.explicit_bilateral = True
            if mt.PRONOUN_SUBJECT.search(text):
                cand.pronoun_subject = True
            cand.scheduled = bool(mt.FUTURE.search(mt.COUNTERFACTUAL.sub("", text)))
            cue_at = s.start + c0[0] - lo
            cand.level_text = " ".join(filter(None, [cand.name, text[max(0, cue_at - 60): cue_at + 80]]))
            counted = mt.STATED_COUNT.search(text)
            if counted:
                word = counted.group(1).lower()
                cand.stated_parties = int(word) if word.isdigit() else mt.COUNT_WORDS.get(word, 0)
            cand.city, cand.country_iso3 = city, place_iso3
            cand.convener, cand.convener_iso3 = self._convener(s)
            usable = [d for d in dates if lo <= d.start < hi and d.value is not None and d.start >= self.dateline_span_end
                      and not REPORTED_BEFORE.search(self.body[max(s.start, d.start - 30): d.start])
                      and not (mt.NOT_MEETING_DATE.search(self.body[max(s.start, d.start - 30): d.start])
                               # "since last summer's summit" dates the summit all the same
                               and not re.match(r"[’']s\b", self.body[d.end:d.end + 2]))
                      # "On March 6, Tokyo said ... had met": the day of the statement, not of the meeting.
                      and not (re.fullmatch(r"\W*(?:on\s+)?", self.body[s.start:d.start], re.I)
                               and REPORTED.search(self.body[d.end:d.end + 70]))]
            if usable:
                def distance(d):
                    a, b = sorted((d.start, cand.start))
                    between_text = self.body[a:b]
                    return abs(d.start - cand.start) + 60 * len(re.findall(r"\band\b|;|,", between_text))
                cand.date = min(usable, key=distance)
                # "spent Saturday and Sunday in talks": the first day of the pair.
                pair = [d for d in usable if d.end <= cand.date.start and d.precision == cand.date.precision
                        and re.fullmatch(r"\s*(?:and|to|through|-|–)\s*(?:on\s+)?", self.body[d.end:cand.date.start])]
                if pair and pair[-1].value < cand.date.value:
                    cand.date = pair[-1]
                cand.date_is_end = bool(mt.CLOSING_BEFORE_DATE.search(self.body[max(s.start, cand.date.start - 60):
                                                                                 cand.date.start]))
            absent = mt.ABSENT.search(text)
            if absent:
                # The countries named just before "boycotted" / "stayed away" were not at the meeting.
                cand.absent = {c.value for c in self.countries if lo + absent.start() - 60 <= c.start < lo + absent.start()
                               and not re.search(r"[.;]", self.body[c.end:lo + absent.start()])}
            remote = bool(re.search(r"phone|call|video|virtual", " ".join(c[2] for c in span_cues)))
            if cand.city is None and cand.country_iso3 is None and self.dateline_city and not cand.scheduled and not remote and (
                    cand.date is None or self.published is None
                    or abs((cand.date.value - self.published).days) <= 7):
                cand.city, cand.country_iso3 = self.dateline_city
            # A host whose country the text does not give is taken to come from the host country.
            host = next((self.person_of[m.start] for m in cand.people if self.person_of[m.start].name == cand.convener), None)
            if host and host.country_source == "guess" and cand.country_iso3:
                host.country, host.country_source = cand.country_iso3, "host"
                cand.convener_iso3 = cand.country_iso3
            if len(spans) == 1 and cand.date is not None:
                self._drop_other_days(cand, s, span_cues, dates, lo, hi)
            out.extend(self._separate_bilaterals(cand, text, lo))
        return out

    def _drop_other_days(self, cand: mt.MeetingCandidate, s: Sentence, cues, dates: list[DateMention],
                         lo: int, hi: int) -> None:
        """"Macron saw Trump on Monday, and Starmer is due there on Thursday": a clause with no word of
        meeting and a day of its own tells of someone else's day; its people are not at this meeting."""
        cuts = [0] + [m.start() for m in re.finditer(r",\s+and\s+|;\s+", s.text)] + [len(s.text)]
        for a, b in zip(cuts, cuts[1:]):
            a, b = s.start + a, s.start + b
            if any(a <= s.start + c[0] < b for c in cues):
                continue
            own = [d for d in dates if a <= d.start < b and d.value is not None]
            if not own or own[0].value == cand.date.value:
                continue
            cand.people = [m for m in cand.people if not a <= m.start < b]
            inside = {c.value for c in self.countries if a <= c.start < b}
            outside = {c.value for c in self.countries if lo <= c.start < hi and not a <= c.start < b}
            for iso in inside - outside:
                cand.countries.discard(iso)
                cand.country_source.pop(iso, None)

    def _future_split(self, s: Sentence, cues) -> list[tuple[int, int, list]]:
        """The sentence cut at the comma before a cue of a meeting still to come ("to meet", "will
        meet") when an earlier cue tells of one that is not."""
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

    def _clause_spans(self, s: Sentence, cues) -> list[tuple[int, int, list]]:
        """The sentence cut at ", and" / "; " into clauses, when each clause has a cue of its own
        that is not only a word of participation."""
        cuts = [m.start() for m in re.finditer(r",\s+and\s+(?:on\s+|in\s+|later\s+)?", s.text)]
        if not cuts:
            return []
        bounds = [0] + cuts + [len(s.text)]
        spans = []
        for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
            own = [c for c in cues if a <= c[0] < b]
            if not any(not c[2].startswith("part:") for c in own):
                return []
            # "met with A, B, and C during the Quad meeting": a later part without a verb of its own
            # ends a list of names, not a clause.
            if i and not any(c[2].startswith(("verb:", "receive:")) for c in own):
                return []
            spans.append((s.start + a, s.start + b, own))
        return spans

    def _separate_bilaterals(self, cand: mt.MeetingCandidate, text: str, lo: int) -> list[mt.MeetingCandidate]:
        """"separate deals with Malaysia and Thailand", "held talks with Macron, then with Zelensky":
        one bilateral meeting per country or person listed after "with"."""
        m = re.search(r"\b(?:separate(?:ly)?|one[ -]on[ -]one|individual(?:ly)?|in turn|several|a (?:series|string|round) of|"
                      r"back-to-back|multiple|(?:two|three|four|five) (?:\w+ )?(?:meetings|talks|bilaterals))\b.*?\bwith\b",
                      text, re.I) \
            or re.search(r"\bwith\b(?=[^.;]*?,?\s+(?:and\s+)?(?:then|later|next|afterwards)\s+with\b)", text, re.I)
        if not m:
            return [cand]
        at = lo + m.end()
        # The list ends where the sentence goes on to when, where or why ("... during Trump's visit").
        stop = re.search(r"\b(?:during|at|in|on|for|to|after|before|while|when|who|which|where|as|amid|over)\b",
                         text[m.end():])
        end = at + stop.start() if stop else lo + len(text)
        # Each listed side in text order: a country named, or a person standing for one.
        listed: list[tuple[str, Mention | None]] = []
        for c in self.countries:
            if at <= c.start < end and c.value in cand.countries:
                listed.append((c.value, None))
        for pm in cand.people:
            iso = self.person_country(self.person_of[pm.start])
            if at <= pm.start < end and iso:
                listed.append((iso, pm))
        # "with Carney before the first session, with Starmer, ..., and with Ishiba": each "with" opens an item.
        withs = [lo + m.start() + w.end() for w in re.finditer(r"\bwith\s+", text[m.start():])]
        if len(withs) >= 2:
            for pm in cand.people:
                iso = self.person_country(self.person_of[pm.start])
                if iso and not (at <= pm.start < end) and any(0 <= pm.start - w <= 40 for w in withs):
                    listed.append((iso, pm))
        listed.sort(key=lambda x: x[1].start if x[1] else next(c.start for c in self.countries
                                                                 if c.start >= at and c.value == x[0]))
        sides: dict[str, list[Mention]] = {}
        for iso, pm in listed:
            sides.setdefault(iso, [])
            if pm:
                sides[iso].append(pm)
        if len(sides) < 2:
            return [cand]
        listed_people = {id(pm) for pms in sides.values() for pm in pms}
        subject = [pm for pm in cand.people if id(pm) not in listed_people]
        subject_iso = {self.person_country(self.person_of[pm.start]) for pm in subject}
        out = []
        for iso, pms in sides.items():
            if iso in subject_iso and not pms:
                continue
            one = copy.copy(cand)
            one.countries = (cand.countries - set(sides)) | {iso} | (cand.countries & subject_iso)
            one.country_source = {k: v for k, v in cand.country_source.items() if k in one.countries}
            one.people = subject + pms
            one.explicit_bilateral = True
            out.append(one)
        return out or [cand]

    # ---------------------------------------------------------------- whole article

    def _dates(self, s: Sentence, prefer: str, anchor: dt.date | None = None) -> list[DateMention]:
        """Dates of the sentence in body offsets; relative ones ("the previous day") count from the
        sentence's own absolute date when it has one, else from `anchor`, the last day its paragraph named."""
        dates = find_dates(s.text, self.published, prefer=prefer)
        anchored = [d for d in dates if ANCHORED_DATE.search(d.text)]
        calendar = [d for d in dates if d.value is not None and d.precision == "day" and d not in anchored]
        if anchored and (calendar or anchor):
            # "The same day, ..., and on February 18 ...": a relative date ahead of the sentence's own
            # calendar date counts from the paragraph's.
            before = [d for d in calendar if d.start < anchored[0].start]
            pick = before[0].value if before else anchor if anchor else calendar[0].value
            dates = find_dates(s.text, self.published, prefer=prefer, anchor=pick)
        else:
            # "the summer of that year", "the same year" point at a year another sentence named: unknown here.
            dates = [d for d in dates if not (THAT_YEAR.match(s.text[d.end:]) or THAT_YEAR.match(d.text))]
        return [DateMention(d.start + s.start, d.end + s.start, d.text, d.value, d.precision,
                            d.end_value, d.relative, d.tense) for d in dates]

    def read(self) -> ArticleRows:
        meetings: list[tuple[mt.MeetingCandidate, Sentence]] = []
        restriction_rows: list[tuple[RestrictionReading, Sentence]] = []
        context_imposer = None
        last_restrictions: list[RestrictionReading] = []
        last_restriction_index = -10
        last_dates: list[DateMention] = []
        previous_dates: list[DateMention] = []
        previous_end = 0
        live = len(LIVE_ENTRY.findall(self.body)) >= 3
        headers = []
        for h in DATE_HEADER.finditer(self.body):
            found_dates = [d for d in find_dates(h.group(0), self.published, prefer="past") if d.precision == "day"]
            if found_dates:
                headers.append((h.start(), found_dates[0]))
        paragraph_day: dt.date | None = None
        last_day_seen: DateMention | None = None     # the article's latest day so far, for "that evening"
        paragraph_date: DateMention | None = None   # the paragraph's latest day or month, for undated meetings
        previous_country = None
        history: list[RestrictionReading] = []   # every measure read so far, for "the October package"
        pending = None                           # a step told before the measure it acts on
        for index, s in enumerate(self.sentences):
            prefer = "future" if mt.FUTURE.search(s.text) else "past"
            if "\n" in self.body[previous_end:s.start]:
                paragraph_day = paragraph_date = None
            # "On the same day": the day last told, in this paragraph or before it.
            dates = self._dates(s, prefer, paragraph_day or (last_day_seen.value if last_day_seen else None))
            countries = [c for c in self.countries if _in(c, s)]
            minerals = [m for m in self.minerals if _in(m, s)]
            # People act for their governments: "Widodo announced that exports of bauxite would be prohibited".
            actors = sorted(countries + [Mention("country", m.start, m.end, m.text, self.person_of[m.start].country, "person")
                                         for m in self._person_mentions(s) if self.person_of[m.start].country],
                            key=lambda c: c.start)
            # Announcements precede publication: restriction dates lean to the past, whatever the tense.
            past_dates = dates if prefer == "past" else self._dates(s, "past", paragraph_day)
            found = read_restrictions(s.text, s.start, actors, minerals, past_dates, context_imposer, self.home_country,
                                      previous_country)
            recent = last_restrictions if index - last_restriction_index <= 4 else []
            if not found and not minerals and history:
                # "Beijing paused the October package": a step on a measure read earlier.
                found = read_follow_up(s.text, s.start, recent, past_dates, history, countries=actors)
            elif found:
                # "halted cobalt exports in February, extended the halt in June, and lifted it in October"
                this = [r for r in found if not r.secondary]
                keys = {(r.imposing_iso3, r.target_iso3, r.mineral.value, r.action) for r in found}
                for r in read_follow_up(s.text, s.start, this, past_dates, history + this, minerals, actors):
                    if (r.imposing_iso3, r.target_iso3, r.mineral.value, r.action) not in keys:
                        keys.add((r.imposing_iso3, r.target_iso3, r.mineral.value, r.action))
                        found.append(r)
            elif not minerals and not history and find_steps(s.text):
                # "China said it would pause the measures it announced on October 9." The next sentence
                # may name the minerals.
                pending = (index, s, past_dates)
            if not found and minerals and last_restrictions and index - last_restriction_index <= 4:
                found = read_member_list(s.text, last_restrictions, minerals)
            if found and previous_dates and self.body[previous_end:s.start].count("\n") == 0:
                # News states the date once and details the measure in the next sentence.
                found = [r if r.date is not None or r.secondary else replace(r, date=previous_dates[0]) for r in found]
            if not found and not minerals:
                context_imposer = scene_imposer(s.text, s.start, countries) or context_imposer
            if found and pending and 0 < index - pending[0] <= 2:
                named = [r for r in found if not r.secondary and r.action in ("imposed", "expanded")]
                restriction_rows += [(r, pending[1]) for r in read_follow_up(
                    pending[1].text, pending[1].start, named, pending[2])]
                pending = None
            if found:
                restriction_rows += [(r, s) for r in found]
                history += [r for r in found if not r.secondary and r.action in ("imposed", "expanded")]
                context_imposer = found[-1].imposing_iso3
                last_restrictions = [r for r in found if not r.secondary and r.action in ("imposed", "expanded")] \
                    or last_restrictions
                last_restriction_index = index
            for clause in _clauses(s):
                for cand in self.meeting_candidates(clause, [d for d in dates if clause.start <= d.start < clause.end]):
                    # "On Saturday he welcomed X, and he later hosted Y": the day of the sentence, else the one
                    # before; never the day in the dateline, which is when the report was filed.
                    earlier = [d for d in dates if d.value is not None and d.start < cand.start and d.precision == "day"
                               and d.start >= self.dateline_span_end]
                    if cand.date is None and not cand.scheduled and last_day_seen and THAT_DAY.search(
                            self.body[cand.sentence_start:cand.sentence_end]):
                        # "That evening the four leaders held their own meeting": the day last told.
                        cand.context_date = last_day_seen
                    elif cand.date is None and not cand.scheduled and (earlier or last_dates or paragraph_date):
                        cand.context_date = earlier[-1] if earlier else last_dates[0] if last_dates else paragraph_date
                    elif cand.date is None and not cand.scheduled and live and self.published:
                        # A live blog's entries happen on the day of the heading above them, else on the
                        # day it is published.
                        header = next((d for at, d in reversed(headers) if at <= cand.start), None)
                        cand.context_date = DateMention(cand.start, cand.end, "", header.value if header else
                                                        self.published, "day")
                    meetings.append((cand, clause))
            previous_dates = [d for d in past_dates if d.value is not None and d.precision in ("day", "month")
                              and not re.search(r"\b(?:through|until|till)\W*$", self.body[max(s.start, d.start - 12):d.start])]
            previous_end = s.end
            paragraph_day = next((d.value for d in reversed(dates) if d.value is not None and d.precision == "day"
                                  and not ANCHORED_DATE.search(d.text)), paragraph_day)
            previous_country = countries[0].value if countries else None
            # Days of the sentence that are not the day something was said, for the sentences after it.
            told = [d for d in dates if d.value is not None and not REPORTED.search(self.body[d.end:d.end + 60])]
            last_day_seen = next((d for d in reversed(told) if d.precision == "day"), last_day_seen)
            paragraph_date = next((d for d in reversed(told) if d.precision in ("day", "month")
                                   and not ANCHORED_DATE.search(d.text)
                                   # a day still to come dates no meeting that was held
                                   and (self.published is None or d.value <= self.published)
                                   and not REPORTED.search(self.body[max(s.start, d.start - 30):d.start])),
                                  paragraph_date)
            last_dates = [d for d in told if d.precision == "day"]
        merged = self._merge_meetings(meetings)
        return ArticleRows(*self._meeting_rows(merged), self._restriction_rows(restriction_rows))

    # ---------------------------------------------------------------- merging within the article

    def _parties(self, cand: mt.MeetingCandidate) -> set[str]:
        countries = set(cand.countries)
        orgs = set(cand.organizations)
        for m in cand.people:
            p = self.person_of[m.start]
            iso = self.person_country(p)
            if iso:
                countries.add(iso)
            elif org := self._person_org(p):
                orgs.add(org)
        return countries | {"org:" + o for o in orgs}

    def _person_org(self, p: Person) -> str | None:
        """The international organisation a person speaks for, from the title next to any of their
        mentions: "European Commission President X", "the EU's trade commissioner, X", "X, head of the IEA"."""
        if id(p) not in self._orgs_of:
            self._orgs_of[id(p)] = None
            for m in p.mentions:
                for o in self.organizations:
                    before = 0 <= m.start - o.end <= 45 and not re.search(r"[.;]|\b(?:and|with|met)\b",
                                                                          self.body[o.end:m.start])
                    after = 0 <= o.start - m.end <= 45 and re.match(r",\s+(?:the\s+)?(?:[\w-]+\s+){0,4}(?:of|at)\s+(?:the\s+)?$",
                                                                     self.body[m.end:o.start])
                    if before or after:
                        self._orgs_of[id(p)] = o.value
                        break
                if self._orgs_of[id(p)]:
                    break
        return self._orgs_of[id(p)]

    def _merge_meetings(self, items):
        """Mentions of one meeting in one article become one: 'the meeting' refers back, a
        participant list completes an earlier sentence; different dates or formats stay apart."""
        merged: list[dict] = []
        for cand, s in items:
            parties = self._parties(cand)
            # The person an implicit side refers to ("he met X", "talks with X"): the latest one named
            # before this sentence who is not already in it and represents another country.
            present = {id(self.person_of[m.start]) for m in cand.people}
            lone_iso = {p for p in parties if not p.startswith("org:")}
            # The most-mentioned such person is the article's protagonist; ties go to the latest named.
            earlier = [(sum(1 for x in p.mentions if x.start < cand.sentence_start),
                        max(x.start for x in p.mentions if x.start < cand.sentence_start), p)
                       for p in self.people if id(p) not in present and self.person_country(p) not in lone_iso
                       and any(x.start < cand.sentence_start for x in p.mentions)]
            # "he met X": the latest person named as a subject, before the verb of their sentence;
            # "talks with X": the article's protagonist.
            subjects = [e for e in earlier if self._as_subject(e[2], cand.sentence_start)]
            if cand.pronoun_subject and subjects:
                earlier = subjects
            rank = (lambda e: e[1]) if cand.pronoun_subject else (lambda e: (e[0], e[1]))
            protagonist = max(earlier, key=rank)[2] if earlier else None
            if cand.participation_only and merged:
                # "Australia, India and South Korea took part": the meeting already introduced.
                target = next((m for m in reversed(merged) if not m["bilateral"]), merged[-1])
                target["cands"].append((cand, s))
                target["parties"] |= parties
                continue
            if cand.participation_only:
                continue
            back = BACK_REFERENCE.search(self.body[cand.sentence_start:cand.sentence_end])
            if merged and not cand.named and back and (len(parties) <= 1 or re.search(r"\b(?:it|them)$", back.group(0))):
                # "Ruto hosted the two-day meeting": the host of the meeting already introduced; a bare
                # year in the sentence ("which holds the presidency this year, hosted it") dates nothing.
                if cand.date is not None and cand.date.precision == "year":
                    cand.date = None
                target = next((m for m in reversed(merged) if not m["bilateral"]
                               and self._compatible(m, cand, parties if len(parties) > 1 else set(), False, merged)),
                              None)
                if target is not None:
                    target["cands"].append((cand, s))
                    target["parties"] |= parties
                    continue
            lone = len(parties) == 1
            if (cand.explicit_bilateral or cand.pronoun_subject) and lone and protagonist:
                iso = self.person_country(protagonist)
                if iso and iso not in parties:
                    cand.people = cand.people + [protagonist.mentions[0]]
                    parties = self._parties(cand)
            home = self._home_other_than(parties)
            if lone and cand.explicit_bilateral and home and re.search(r"\bcounterparts?\b", s.text):
                # "An official held talks in Beijing with his Chinese counterpart": the other side is the
                # country the report is filed from or is most about, when no person of it is named.
                cand.countries = cand.countries | {home}
                cand.country_source = {**cand.country_source, home: "inherited"}
                parties = self._parties(cand)
            if cand.date is not None and len(parties) <= 1 and merged and SAME_PARTIES.search(s.text):
                # "The same four ministers last met on January 21": the parties of the meeting before.
                inherited = {p for p in merged[-1]["parties"] if not p.startswith("org:")}
                cand.countries |= inherited
                parties |= inherited
            bilateral = (cand.explicit_bilateral or cand.pronoun_subject) and len(parties) == 2
            target = None
            for m in reversed(merged):
                if self._compatible(m, cand, parties, bilateral, merged):
                    target = m
                    break
            if target is None:
                merged.append({"cands": [(cand, s)], "parties": set(parties), "bilateral": bilateral})
            else:
                target["cands"].append((cand, s))
                target["parties"] |= parties
        # Inherit countries for a dated meeting with none ("finance ministers held a virtual meeting
        # in December") from the other meetings of the same sentence.
        for m in merged:
            if not self._parties(m["cands"][0][0]) and not m["cands"][0][0].participation_only:
                cand0, s = m["cands"][0]
                same = [(abs(c.start - cand0.start), o) for o in merged if o is not m
                        for c, cs in o["cands"] if self._sentence_at(c.start) is self._sentence_at(cand0.start)]
                if same:
                    o = min(same, key=lambda x: x[0])[1]
                    inherited = {p for p in o["parties"] if not p.startswith("org:")}
                    m["parties"] |= inherited
                    cand0.countries |= inherited
        # A meeting needs two parties: named ones, or a stated count ("ministers from 12 countries").
        return [m for m in merged if len(m["parties"]) >= 2 or any(c.stated_parties >= 2 for c, _ in m["cands"])]

    def _sentence_at(self, offset: int) -> Sentence | None:
        return next((x for x in self.sentences if x.start <= offset < x.end), None)

    def _group_named(self, cand: mt.MeetingCandidate) -> bool:
        """Whether the meeting's name holds a group of countries ("G7 Summit", "APEC ... Meeting")."""
        return bool(cand.name) and (bool(find_groups(cand.name)) or bool(mt.FORUM.search(cand.name)))

    def _home_other_than(self, parties: set[str]) -> str | None:
        """The dateline's country, else the article's most named country, that is not among `parties`."""
        if self.dateline_city and self.dateline_city[1] not in parties:
            return self.dateline_city[1]
        counts = Counter(c.value for c in self.countries if c.value not in parties)
        return counts.most_common(1)[0][0] if counts else None

    def _as_subject(self, p: Person, before: int) -> bool:
        """Whether the person's latest mention before `before` comes ahead of any verb of meeting in its sentence."""
        at = max(x.start for x in p.mentions if x.start < before)
        s = self._sentence_at(at)
        if s is None:
            return False
        cues = [c for c in mt.find_cues(s.text) if not c[2].startswith("named:")]
        return not any(s.start + c[0] < at for c in cues)

    def _compatible(self, m: dict, cand: mt.MeetingCandidate, parties: set[str], bilateral: bool,
                    merged: list[dict]) -> bool:
        first = m["cands"][0][0]
        # "were at the table, ... after Trump flew home on Thursday": a participation sentence's date
        # is seldom the meeting's.
        dates = [c.date for c, _ in m["cands"] if c.date is not None and not c.participation_only]
        if not dates:
            dates = [c.context_date for c, _ in m["cands"] if c.context_date is not None and c.context_date.value
                     and not c.participation_only]
        # A date carried over from the sentence before counts too: "Zelensky received him" is on the
        # day the previous sentence gave, not at a meeting the article dates weeks later.
        own = cand.date or (cand.context_date if cand.context_date is not None and cand.context_date.value else None)
        if own is not None and dates:
            # Overlapping dates agree, but a bare year ("last summer") says too little to join a dated meeting.
            lo, hi = _interval(own)
            if cand.date_is_end:
                lo -= dt.timedelta(days=4)
            ends = {id(c.date) for c, _ in m["cands"] if c.date is not None and c.date_is_end}
            if not any(lo <= _interval(d)[1] + dt.timedelta(days=4 * (id(d) in ends)) and
                       _interval(d)[0] - dt.timedelta(days=4 * (id(d) in ends)) <= hi
                       and (d.precision == "year") == (own.precision == "year") for d in dates):
                return False
        names = [c.name for c, _ in m["cands"] if c.name]
        if cand.name and names and _norm(cand.name) != _norm(names[0]) and not (
                _norm(cand.name) in _norm(names[0]) or _norm(names[0]) in _norm(cand.name)):
            return False
        if cand.sidelines != first.sidelines:
            return False
        if cand.separate and parties != m["parties"]:
            return False
        # The parts of a sentence cut because they tell of different meetings stay different meetings.
        if cand.split_from is not None and any(c.split_from == cand.split_from for c, _ in m["cands"]):
            return False
        # A group's named meeting ("the APEC Economic Leaders' Meeting") is not the unnamed talks of two
        # of its members ("Xi and Lee hold first summit"), and the other way round.
        countries_m = {p for p in m["parties"] if not p.startswith("org:")}
        countries_c = {p for p in parties if not p.startswith("org:")}
        if cand.named and not names and len(countries_m) == 2 and self._group_named(cand) or \
                names and not cand.name and len(countries_c) == 2 and any(self._group_named(c) for c, _ in m["cands"]):
            return False
        # A meeting still to come is not one that already took place.
        if self.published and cand.scheduled != any(c.scheduled for c, _ in m["cands"]):
            spans = [_interval(d) for d in dates + ([cand.date] if cand.date else [])]
            if any(hi < self.published for _, hi in spans) and (
                    cand.scheduled or any(lo >= self.published for lo, _ in spans)):
                return False
            # "emerged from talks, clearing the way for their leaders to meet on Friday"
            if cand.scheduled and cand.date is not None and _interval(cand.date)[0] > self.published:
                return False
        # "last month ... met" is not the meeting still to come that the article announced.
        if own is not None and self.published and not cand.scheduled and _interval(own)[1] < self.published \
                and any(c.scheduled and c.date is None for c, _ in m["cands"]) and not dates:
            return False
        if not parties:
            # "Next week's meeting" refers back to the meeting still to come, not to the last one told;
            # "last month ... met" is not a meeting still to come.
            m_scheduled = any(c.scheduled for c, _ in m["cands"])
            return cand.scheduled == m_scheduled or not any(
                o is not m and any(c.scheduled for c, _ in o["cands"]) == cand.scheduled for o in merged)
        if m["bilateral"] or bilateral:
            return parties == m["parties"] or (not bilateral and parties <= m["parties"] and len(parties) <= 2)
        return parties <= m["parties"] or m["parties"] <= parties or (
            len(parties & m["parties"]) / len(parties | m["parties"]) >= 0.5)

    def _meeting_rows(self, merged) -> tuple[list[dict], list[dict]]:
        meeting_rows, participant_rows = [], []
        for m in merged:
            cands = [c for c, _ in m["cands"]]
            cand0, s0 = m["cands"][0]
            # The most precise date; among day dates the earliest start, so "ran from June 15 to 17" wins;
            # a closing day ("closed on Sunday") only when nothing gives the start.
            dated = [d for _, d in sorted([(c.date_is_end, c.date) for c in cands if c.date is not None],
                                          key=lambda x: (x[0], -PRECISION_RANK[x[1].precision], x[1].value))]
            date = dated[0] if dated else next((c.context_date for c in cands if c.context_date), None)
            name = next((c.name for c in cands if c.name), None)
            city = next((c.city for c in cands if c.city), None)
            place = next((c.country_iso3 for c in cands if c.country_iso3), None)
            convener, convener_iso3 = next(((c.convener, c.convener_iso3) for c in cands if c.convener), (None, None))
            parties = m["parties"]
            group = any(c.group_summit for c in cands)
            fmt = "bilateral" if len(parties) == 2 and not (group and len(parties) > 2) else "multilateral"
            if len(parties) < 2 and max(c.stated_parties for c in cands) == 2:
                fmt = "bilateral"
            if len(parties) == 2 and any(c.named for c in cands) and not m["bilateral"] and group:
                fmt = "multilateral"
            mention_id = stable_id(self.article_id, "meeting", cand0.start, ",".join(sorted(parties)))
            evidence = s0
            named_parties = {iso for c in cands for iso, src in c.country_source.items() if src != "inherited"}
            # A word that says people gathered ("met", "talks", "summit", a meeting's name) is surer than
            # one that may be about something else ("hosts", "visit", "received", "saw").
            strong = any(c.cue.startswith("named:") or re.search(r"\b(?:met|meet\w*|talk\w*|summit|ministerial|"
                                                                 r"call|phone|video|conference)\b", c.cue) for c in cands)
            w = MEETING_WEIGHTS
            confidence = w["base"] + w["two_parties_named"] * (len(named_parties | {p for p in parties if p.startswith("org:")}) >= 2) \
                + w["date_stated"] * bool(date) + w["name_or_bilateral"] * bool(name or m["bilateral"]) \
                + w["several_cues"] * (len(cands) > 1) - w["one_party_penalty"] * (len(parties) < 2) \
                + w["gathering_word"] * strong - w["offset"]
            meeting_rows.append({
                "mention_id": mention_id, "article_id": self.article_id, "meeting_name": name,
                "meeting_format": fmt, "start_date": date.value if date else None,
                "date_precision": date.precision if date else None, "city": city, "country_iso3": place,
                "convener": convener, "convener_iso3": convener_iso3,
                "meeting_level": mt.meeting_level([name] if name else [c.level_text for c in cands]),
                "status": "scheduled" if any(c.scheduled for c in cands) and not (
                    date and self.published and _interval(date)[1] < self.published) else "held",
                "evidence_text": evidence.text, "char_start": evidence.start, "char_end": evidence.end,
                "confidence": round(min(confidence, w["cap"]), 3)})
            # A participant is only as sure as the meeting it is read into.
            pw = PARTICIPANT_WEIGHTS
            participant_rows += [{**row, "confidence": round(row["confidence"] * (pw["meeting_floor"] + pw["meeting_share"]
                                                                                  * min(confidence, w["cap"])), 3)}
                                 for row in self._participant_rows(mention_id, m)]
        return meeting_rows, participant_rows

    def _participant_rows(self, meeting_mention_id: str, m: dict) -> list[dict]:
        rows: dict[tuple, dict] = {}
        names = {r[0]: r[1] for r in countries_frame().select("iso3", "name").iter_rows()}

        def add(kind, key, name, iso3, role, s: Sentence, confidence):
            if (kind, key) in rows:
                return
            rows[(kind, key)] = {
                "mention_id": stable_id(meeting_mention_id, kind, key), "meeting_mention_id": meeting_mention_id,
                "article_id": self.article_id, "participant_kind": kind, "name": name, "country_iso3": iso3,
                "role": role, "evidence_text": s.text, "char_start": s.start, "char_end": s.end,
                "confidence": confidence}

        # Confidence follows how the participant was named: a name or a title beside the person is
        # surer than a country guessed from the paragraph or inherited from another sentence.
        w = PARTICIPANT_WEIGHTS
        person_countries: dict[str, float] = {}
        for cand, s in m["cands"]:
            for pm in cand.people:
                p = self.person_of[pm.start]
                iso = self.person_country(p)
                # A person named in the meeting's own words is surer than one brought in from elsewhere
                # ("talks with X": the article's protagonist) or one whose country is only guessed.
                own = any(s.start <= x.start < s.end for x in p.mentions)
                add("person", p.name.lower(), p.name, iso, p.role, s,
                    (w["person_with_role"] if p.role else w["person_without_role"])
                    - w["person_elsewhere_penalty"] * (not own)
                    - w["person_guessed_country_penalty"] * (p.country_source == "guess"))
                if iso:
                    person_countries[iso] = max(person_countries.get(iso, 0), w["country_of_person_guessed"]
                                                if p.country_source == "guess" else w["country_of_person"])
                elif org := self._person_org(p):
                    add("organization", org, org, None, None, s, w["body_of_official"])
            for o in sorted(cand.organizations):
                add("organization", o, o, None, None, s, w["organization_named"])
        absent = {iso for cand, _ in m["cands"] for iso in cand.absent}
        for cand, s in m["cands"]:
            for iso in sorted(cand.countries - absent):
                source = cand.country_source.get(iso, "inherited")
                add("country", iso, names.get(iso, iso), iso, None, s, COUNTRY_CONFIDENCE[source])
        for iso in sorted(p for p in m["parties"] if not p.startswith("org:") and p not in absent):
            add("country", iso, names.get(iso, iso), iso, None, m["cands"][0][1],
                person_countries.get(iso, w["party_without_source"]))
        return list(rows.values())

    # ---------------------------------------------------------------- restrictions

    def _restriction_rows(self, items: list[tuple[RestrictionReading, Sentence]]) -> list[dict]:
        """One row per mineral per statement; within the article a group named beside its members
        gives way to them, and the most precise date and measure of one measure are shared."""
        key = lambda r: (r.imposing_iso3, r.target_iso3, r.action)
        members = {(key(r), mineral_parent(r.mineral.value)) for r, _ in items}
        members |= {(k, mineral_parent(p)) for k, p in list(members) if p}
        groups = [r for r, _ in items if (key(r), r.mineral.value) in members]
        items = [(r, s) for r, s in items if (key(r), r.mineral.value) not in members]
        best: dict[tuple, RestrictionReading] = {}

        def ancestors(mineral_id: str) -> set[str]:
            parent = mineral_parent(mineral_id)
            return {parent} | ancestors(parent) if parent else set()
        # A group that gives way to its members still lends them its measure and date ("export controls
        # on rare earths on Friday ... namely samarium, gadolinium, ...").
        read = {key(i) + (i.mineral.value,) for i, _ in items}
        for r in [i for i, _ in items] + groups:
            k = key(r) + (r.mineral.value,)
            if k not in read:
                for member in [i for i, _ in items if key(i) == key(r) and r.mineral.value in ancestors(i.mineral.value)]:
                    k = key(member) + (member.mineral.value,)
                    b = best.get(k, member)
                    date = r.date if r.date and (b.date is None or PRECISION_RANK[r.date.precision] > PRECISION_RANK[b.date.precision]) else b.date
                    best[k] = replace(b, measure=b.measure if b.measure != "unspecified" else r.measure, date=date)
                continue
            b = best.get(k)
            if b is None:
                best[k] = r
                continue
            date = r.date if r.date and (b.date is None or PRECISION_RANK[r.date.precision] > PRECISION_RANK[b.date.precision]) else b.date
            measure = b.measure if b.measure != "unspecified" else r.measure
            best[k] = replace(b, item_count=b.item_count or r.item_count, measure=measure, date=date)
        rows, seen = [], set()
        for r, s in items:
            b = best[key(r) + (r.mineral.value,)]
            # Several steps of one measure can share a sentence ("halted ..., extended the halt, lifted it").
            mention_id = stable_id(self.article_id, "restriction", s.start, r.secondary,
                                  *((r.action, r.measure) if r.basis == "follow_up" else ()))
            if (mention_id, r.mineral.value) in seen:
                continue
            seen.add((mention_id, r.mineral.value))
            date = b.date if b.date and (r.date is None or str(b.date.value)[:7] == str(r.date.value)[:7]
                                         or str(b.date.value)[:4] == str(r.date.value)[:4] and r.date.precision == "year") else r.date
            w = RESTRICTION_WEIGHTS
            confidence = w[r.basis] + w["measure_stated"] * (b.measure != "unspecified") + w["date_stated"] * (date is not None)
            rows.append({
                "mention_id": mention_id, "article_id": self.article_id, "imposing_iso3": r.imposing_iso3,
                "target_iso3": r.target_iso3, "mineral_id": r.mineral.value, "mineral_phrase": r.mineral_phrase,
                "item_count": r.item_count or b.item_count, "measure": b.measure, "action": r.action,
                "announced_date": date.value if date else None, "date_precision": date.precision if date else None,
                "evidence_text": s.text, "char_start": s.start, "char_end": s.end,
                "confidence": round(min(confidence, w["cap"]), 3)})
        return rows


def _interval(d: DateMention) -> tuple[dt.date, dt.date]:
    """The days a date covers: a day, a range, a whole month or year."""
    _, end = period(d.value, d.precision)
    return d.value, d.end_value if d.end_value is not None else end


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("’", "'")).strip()


def extract_articles(articles: Iterable[dict], on_article: Callable[[int], None] | None = None,
                     on_failure: Callable[[dict, str], None] | None = None
                     ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Rows of the three extracted mention tables for articles given as dicts with article_id,
    published_date and body. An article the extractor fails on gives no rows and is passed to
    `on_failure` with the reason; the others are read as usual (one odd article never stops a build)."""
    nlp = load_nlp()
    articles = list(articles)
    meetings, participants, restrictions = [], [], []

    def failed(article: dict, reason: str) -> None:
        LOGGER.warning("article %s: %s", article["article_id"], reason)
        if on_failure:
            on_failure(article, reason)

    # spaCy refuses a text over nlp.max_length; ingest rejects far shorter ones, so this is a last guard.
    too_long = {i for i, a in enumerate(articles) if len(a["body"] or "") > nlp.max_length}
    docs = nlp.pipe(("" if i in too_long else a["body"] or "" for i, a in enumerate(articles)), batch_size=16)
    for done, (a, doc) in enumerate(zip(articles, docs), start=1):
        if done - 1 in too_long:
            failed(a, f"is {len(a['body']):,} characters long, over the {nlp.max_length:,} spaCy reads: the article "
                      "is kept without mentions; split it into separate articles")
        else:
            try:
                rows = ArticleReader(a["article_id"], doc, a.get("published_date")).read()
            except Exception as err:  # noqa: BLE001 - one article the rules trip on must not stop the build
                failed(a, f"could not be read by the extractor ({type(err).__name__}: {str(err)[:200]}): the article "
                          "is kept without mentions; report it as a critmin bug with this article attached")
            else:
                meetings += rows.meetings
                participants += rows.participants
                restrictions += rows.restrictions
        if on_article:
            on_article(done)

    def frame(rows, model):
        return conform(pl.DataFrame(rows, infer_schema_length=None), model) if rows else empty_frame(model)

    return (frame(meetings, ExtractedMeetingMentions), frame(participants, ExtractedParticipantMentions),
            frame(restrictions, ExtractedRestrictionMentions))
