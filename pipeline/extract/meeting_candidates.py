"""The meeting stage of reading one sentence: the words that signal a gathering, and for each meeting the
sentence tells of a candidate with who took part, where, when and who convened it. The patterns are in
meetings.py; how a sentence is cut into several meetings in meeting_spans.py."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from pipeline.extract import meetings as mt
from pipeline.extract.article import Article, MeetingCandidate, sources
from pipeline.extract.dates import DateMention
from pipeline.extract.document import Sentence
from pipeline.extract.entities import APOSTROPHES
from pipeline.extract.gazetteers import capital_cities, group_members_on
from pipeline.extract.lexicon import pattern
from pipeline.extract.meeting_spans import meeting_spans, separate_bilaterals, sidelines
from pipeline.extract.reading_patterns import COMMENTATOR_AFTER, COMMENTATOR_BEFORE, HEAD_OF_GOVERNMENT, PERSON_FOLLOWERS, PLACE_NOUN_AFTER, POSSESSED_EVENT, REPORTED, REPORTED_BEFORE

PLACE_WORD_BEFORE = pattern("place_word_before")
HOST_VERB = pattern("host_verb")
WITH_SOMEONE = pattern("with_someone")
VERB_BEFORE_GUEST = pattern("verb_before_guest")
PAIR_AS_SUBJECT = pattern("pair_as_subject")
BETWEEN = pattern("between_parties")
SEPARATE_MEETING = pattern("separate_meeting")
# "on Monday, days before a planned summit": the day of another event
TIME_APART = pattern("time_apart")


def participant_countries(a: Article, s: Sentence, lo: int, hi: int, places: set[int]) -> dict[str, str]:
    """Participant countries of a span, each with how it was named: name, capital or group."""
    body, out = a.body, {}
    for c in a.entities.countries:
        if not (lo <= c.start < hi) or c.start in places or c.end <= a.doc.dateline.place_end:
            continue
        if mt.TOPIC_BEFORE.search(body[max(s.start, c.start - 40): c.start]):
            continue
        right = body[c.end: c.end + 60].lstrip(APOSTROPHES).removeprefix("s")
        if c.form in ("possessive", "demonym") and not (
                PERSON_FOLLOWERS.match(right) or any(c.end <= m.start <= c.end + 60 for m in a.people.mentions_in(s.start, s.end))):
            continue
        if PLACE_NOUN_AFTER.match(right) or c.form == "capital" and mt.MEETING_NOUN_AFTER.match(right):
            continue
        # A capital stands for its government ("Tokyo said its minister met ..."), unless it is a place.
        if c.form == "capital" and PLACE_WORD_BEFORE.search(body[max(s.start, c.start - 12): c.start]):
            continue
        clause = body[c.start: min(hi, c.start + 80)]
        if mt.INVITED.search(clause) and not re.search(r"\battend(?:ed|s)\b", clause, re.I):
            continue
        out.setdefault(c.value, "capital" if c.form == "capital" else "name")
    for g in a.entities.groups:
        if lo <= g.start < hi and not mt.TOPIC_BEFORE.search(body[max(s.start, g.start - 30): g.start]):
            for iso in _members(a, g):
                out.setdefault(iso, "group")
    return out


def _members(a: Article, g) -> tuple[str, ...]:
    """A group's members as the text lists them right after its name ("BRICS (Brazil, Russia, India,
    China and South Africa)"), else its members on the day the article was published."""
    listed = _LISTED.match(a.body, g.end)
    if listed:
        named = tuple(dict.fromkeys(c.value for c in a.entities.countries if listed.start(1) <= c.start < listed.end(1)))
        if len(named) >= 2:
            return named
    return group_members_on(g.value, a.doc.published)


_LISTED = re.compile(r"\s*(?:[\w-]+\s+){0,2}?\(([^()]{4,200})\)")


def convener(a: Article, s: Sentence) -> tuple[str | None, str | None]:
    """Who convened or hosted: the person, body or country after "convened by", "hosted by", "at the
    invitation of", else the subject before "hosted" / "is hosting"."""
    people = a.people.mentions_in(s.start, s.end)
    for m in mt.CONVENED_BY.finditer(s.text):
        if m.group(0).lower().startswith("led") and re.search(r"\bdelegations?\b[^.;]{0,80}$", s.text[:m.start()]):
            continue  # "a delegation from Korea, led by Vice Minister X": a guest, not the host
        at = s.start + m.end()
        for pm in people:
            if at <= pm.start <= at + 60:
                return a.people.of(pm).name, a.people.of(pm).country
        for start, end, text in a.entities.spacy_orgs:
            if at - 4 <= start <= at + 2:
                return re.sub(r"^the\s+", "", text, flags=re.I), next(
                    (c.value for c in a.entities.countries if start <= c.start < end), None)
        for c in a.entities.countries:
            if at <= c.start <= at + 4:
                return c.text, c.value
    host = HOST_VERB.search(s.text)
    if host and not re.search(r"\bhosted by\b", s.text):
        at = s.start + host.start()
        before = [pm for pm in people if pm.start < at]
        if before:
            return a.people.of(before[-1]).name, a.people.of(before[-1]).country
        cs = [c for c in a.entities.countries if s.start <= c.start < at and c.form in ("name", "capital")]
        if cs:
            return cs[-1].text, cs[-1].value
    return None, None


def _heads_a_government(body: str, s: Sentence, m) -> bool:
    """Whether the person at `m` is named as the one a government belongs to ("the US government of X")."""
    return bool(HEAD_OF_GOVERNMENT.search(body[max(s.start, m.start - 60): m.start]))


def sentence_cues(a: Article, s: Sentence) -> list[tuple[int, int, str]]:
    """The cues of the sentence; "received" / "welcomed" only with a person (or him, her) right after it,
    "signed" only with a person named before it or as its agent ("the signing of the declaration ... by
    Rwanda's foreign minister X")."""
    people_at = [m.start - s.start for m in a.people.mentions_in(s.start, s.end) if not _heads_a_government(a.body, s, m)]

    def signers(c) -> bool:
        return any(c[0] - 120 <= at < c[0] for at in people_at) or any(
            c[1] < at <= c[1] + 200 and re.search(r"\bby\s+(?:[\w’'.-]+,?\s+){0,6}$", s.text[c[1]:at]) for at in people_at)

    return [c for c in mt.find_cues(s.text)
            if not (c[2].startswith("sign:") and not signers(c))
            and (not c[2].startswith("receive:") or any(c[1] < at <= c[1] + 60 for at in people_at)
                 or re.match(r"\s+(?:him|her|(?:a|the)\s+(?:[\w-]+\s+){0,2}delegations?)\b", s.text[c[1]:]))]


# A person reporting what the rest of the sentence tells: "X noted that the summit took place in March".
_REPORTING = re.compile(r"\s+(?:also\s+)?(?:said|says|noted|notes|stated|states|added|adds|recalled|recalls|pointed out|"
                        r"stressed|emphasi[sz]ed|told\s+(?:\w+\s+){1,2}?)(?:\s*,)?\s+(?:that\s+)?"
                        r"(?!(?:he|she|they|we|I|both|the two|his|her)\b)")


# What makes the reporter one of those who met: "that he is hosting", "the ministers were meeting".
_THEMSELVES = re.compile(r"\b(?:he|she|him|his|her|they|their|we|our|us|both|the (?:\w+ )?(?:ministers|leaders|sides|"
                         r"delegations|officials))\b", re.I)


def _reports_it(body: str, m, cue_end: int, s_end: int) -> bool:
    """Whether the person at `m` only reports the meeting whose cue ends at `cue_end`, in a sentence ending
    at `s_end`: "X noted that the summit took place"; not "X said he met Y" or "X noted that the ministers
    met", which may tell of their own."""
    said = _REPORTING.match(body, m.end)
    if not said or said.end() >= cue_end or SAID_AT_THE_MEETING.search(body, said.end(), s_end):
        return False
    return not _THEMSELVES.search(body[said.end():s_end])


def _commentator(a: Article, m) -> bool:
    """Whether the person at `m` is introduced anywhere in the article as one who comments on the news:
    an analyst, economist or scholar ("Mei Tan, an analyst at a consultancy", "said economist Li Wen")."""
    body = a.body
    return any(COMMENTATOR_AFTER.match(body[x.end:x.end + 90]) or COMMENTATOR_BEFORE.search(body[max(0, x.start - 30):x.start])
               for x in a.people.of(m).mentions)


def _participants(a: Article, s: Sentence, lo: int, hi: int, cue_end: int, places: set[int]) -> tuple[dict, tuple]:
    """How each participant country was named, and the people at the table, of the part [lo, hi); "summit
    between A and B": those of the phrase right after the cue."""
    body = a.body
    country_source = participant_countries(a, s, lo, hi, places)
    people = tuple(m for m in a.people.mentions_in(s.start, s.end) if lo <= m.start < hi
                   and not mt.TOPIC_BEFORE.search(body[max(s.start, m.start - 25): m.start])
                   # "the day after President Trump's inauguration": his, not him at the table
                   and not POSSESSED_EVENT.match(body[m.end:m.end + 40])
                   and not _heads_a_government(body, s, m)
                   and not re.search(r"\bsince\s+(?:\w+\s+){0,2}$", body[max(s.start, m.start - 30): m.start])
                   and not _reports_it(body, m, lo + cue_end, s.end)
                   and not _commentator(a, m))
    people += _named_by_office(a, s, lo, hi, people)
    between = BETWEEN.match(body[lo:hi][cue_end:])
    if between:
        b_lo, b_hi = lo + cue_end + between.start(1), lo + cue_end + between.end(1)
        scoped = tuple(m for m in people if b_lo <= m.start < b_hi)
        if scoped:
            return participant_countries(a, s, b_lo, b_hi, places), scoped
    return country_source, people


_OFFICE_REFERENCE = pattern("office_reference")


def _named_by_office(a: Article, s: Sentence, lo: int, hi: int, people: tuple) -> tuple:
    """"During his talks with the German chancellor, ...": the one person the article names elsewhere
    with that office and country ("Chancellor Olaf Scholz")."""
    found = []
    for m in _OFFICE_REFERENCE.finditer(a.body, lo, hi):
        country = next((c.value for c in a.entities.countries
                        if m.start() <= c.start < m.start(1) and c.form in ("demonym", "name", "possessive")), None)
        if country is None:
            continue
        held = [p for p in a.people.persons if p.country == country and p.role
                and m.group(1).lower() in p.role.lower() and not any(lo <= x.start < hi for x in p.mentions)]
        if len(held) == 1 and held[0].mentions[0] not in people:
            found.append(held[0].mentions[0])
    return tuple(found)


def _bilateral(body: str, text: str, lo: int, people: tuple) -> bool:
    """Whether the text says two sides met: "talks with X", "X received Y", "A and B met", "bilateral"."""
    return bool(WITH_SOMEONE.search(text)) or any(VERB_BEFORE_GUEST.search(body[lo:m.start]) for m in people) or (
        len(people) == 2 and bool(PAIR_AS_SUBJECT.search(text))) or bool(mt.BILATERAL_WORD.search(text))


SAID_AT_THE_MEETING = pattern("said_at_the_meeting")


def _usable_dates(a: Article, s: Sentence, lo: int, hi: int, dates: list[DateMention]) -> list[DateMention]:
    """Dates of the part that may date the meeting: not the dateline's, not the day a statement was made
    ("On March 6, Tokyo said ... had met"), not a day of something else ("since taking office in May")."""
    body = a.body
    # "Xi said on Tuesday in Beijing, when meeting with Boric": said at the meeting, so on its day.
    said_there = bool(SAID_AT_THE_MEETING.search(body, lo, hi))
    usable = [d for d in dates if lo <= d.start < hi and d.value is not None and d.start >= a.doc.dateline.end
            and (said_there or not REPORTED_BEFORE.search(body[max(s.start, d.start - 30): d.start]))
            and not (mt.NOT_MEETING_DATE.search(body[max(s.start, d.start - 90): d.start])
                     # "since last summer's summit" dates the summit all the same
                     and not re.match(r"[’']s\b", body[d.end:d.end + 2]))
            and not (re.fullmatch(r"\W*(?:on\s+)?", body[s.start:d.start], re.I) and REPORTED.search(body[d.end:d.end + 70]))]
    # "notified them last week that it would raise it at the meeting on January 25": a day beats a week.
    if any(d.precision == "day" for d in usable):
        usable = [d for d in usable if not re.search(r"\bweek\b", d.text, re.I)]
    return usable


def _year_in_name(body: str, lo: int, cue_start: int) -> DateMention | None:
    """"the 2026 Critical Minerals Ministerial", "the 2023 G7 summit": the year the meeting's name gives."""
    m = re.search(r"\bthe\s+((?:19|20)\d{2})\s+(?:[\w-]+\s+){0,3}$", body[lo:cue_start])
    if m is None:
        return None
    return DateMention(lo + m.start(1), lo + m.end(1), m.group(1), dt.date(int(m.group(1)), 1, 1), "year")


def meeting_date(a: Article, s: Sentence, cue_start: int, usable: list[DateMention]
                 ) -> tuple[DateMention | None, bool, int | None]:
    """The date nearest the cue, counting each "and" or comma between them as 60 characters, whether it
    is the day the meeting ended ("closed on Sunday"), and its distance; "spent Saturday and Sunday in
    talks": the first day."""
    body = a.body
    # "widened its curbs on Thursday, days before a planned summit": that day is the other event's.
    usable = [d for d in usable if not (d.end <= cue_start and TIME_APART.search(body[d.end:cue_start]))]
    if not usable:
        return None, False, None

    def distance(d):
        lo, hi = sorted((d.start, cue_start))
        return abs(d.start - cue_start) + 60 * len(re.findall(r"\band\b|;|,", body[lo:hi]))
    date = min(usable, key=distance)
    pair = [d for d in usable if d.end <= date.start and d.precision == date.precision
            and re.fullmatch(r"\s*(?:and|to|through|-|–)\s*(?:on\s+)?", body[d.end:date.start])]
    if pair and pair[-1].value < date.value:
        date = pair[-1]
    return date, bool(mt.CLOSING_BEFORE_DATE.search(body[max(s.start, date.start - 60):date.start])), distance(date)


def _absent(a: Article, text: str, lo: int) -> frozenset[str]:
    """The countries named just before "boycotted" / "stayed away": not at the meeting."""
    absent = mt.ABSENT.search(text)
    if not absent:
        return frozenset()
    at = lo + absent.start()
    return frozenset(c.value for c in a.entities.countries if at - 60 <= c.start < at and not re.search(r"[.;]", a.body[c.end:at]))


def drop_other_days(a: Article, cand: MeetingCandidate, s: Sentence, cues, dates: list[DateMention],
                    lo: int, hi: int) -> MeetingCandidate:
    """"Macron saw Trump on Monday, and Starmer is due there on Thursday": a clause with no word of
    meeting and a day of its own tells of someone else's day; its people are not at this meeting."""
    cuts = [0] + [m.start() for m in re.finditer(r",\s+and\s+|;\s+", s.text)] + [len(s.text)]
    for x, y in zip(cuts, cuts[1:]):
        x, y = s.start + x, s.start + y
        if any(x <= s.start + c[0] < y for c in cues):
            continue
        own = [d for d in dates if x <= d.start < y and d.value is not None]
        if not own or own[0].value == cand.date.value:
            continue
        inside = {c.value for c in a.entities.countries if x <= c.start < y}
        outside = {c.value for c in a.entities.countries if lo <= c.start < hi and not x <= c.start < y}
        gone = inside - outside
        cand = replace(cand, people=tuple(m for m in cand.people if not x <= m.start < y),
                       countries=cand.countries - gone,
                       country_source=sources({k: v for k, v in cand.country_source.items() if k not in gone}))
    return cand


def _place(a: Article, s: Sentence, place_text: str, lo: int, hi: int, split: bool) -> tuple:
    """City, country and the country mentions that were places; each meeting of a split sentence takes
    the place named in its own part."""
    if split:
        place_text = "".join(ch if lo <= s.start + i < hi else " " for i, ch in enumerate(place_text))
    return mt.place_of(place_text, s.start, [c for c in a.entities.countries if s.holds(c)], capital_cities(),
                       list(a.entities.places))


def _candidate(a: Article, s: Sentence, span: tuple, place: tuple, dates: list[DateMention], split: bool,
               side: re.Match | None, side_only: bool) -> MeetingCandidate:
    """The candidate of one part [lo, hi) of the sentence, read from its cues."""
    lo, hi, span_cues = span
    text, c0 = a.body[lo:hi], span_cues[0]
    named = [c for c in span_cues if c[2].startswith("named:")]
    name = named[0][2][6:] if named else None
    country_source, people = _participants(a, s, lo, hi, s.start + c0[1] - lo, place[2])
    cue_at = s.start + c0[0] - lo
    counted = mt.STATED_COUNT.search(text)
    word = counted.group(1).lower() if counted else ""
    date, date_is_end, date_distance = meeting_date(a, s, s.start + c0[0], _usable_dates(a, s, lo, hi, dates))
    date = date or next(filter(None, (_year_in_name(a.body, max(lo, s.start + c[0] - 40), s.start + c[0])
                                      for c in span_cues)), None)
    host, host_iso3 = convener(a, s)
    return MeetingCandidate(
        start=s.start + c0[0], end=s.start + c0[1], sentence_start=s.start, sentence_end=s.end, cue=c0[2],
        split_from=s.start if split else None, name=name, named=bool(named),
        country_source=sources(country_source), countries=frozenset(country_source), people=people,
        organizations=frozenset(o.value for o in a.entities.organizations if lo <= o.start < hi
                                and not mt.TOPIC_BEFORE.search(a.body[max(s.start, o.start - 30): o.start])),
        explicit_bilateral=_bilateral(a.body, text, lo, people),
        group_summit=any(lo <= g.start < hi for g in a.entities.groups) or bool(
            re.search(r"summit|ministerial|ministers", c0[2] + " " + (name or ""), re.I)),
        sidelines=side_only or bool(side) and lo > s.start + side.start(),
        sidelines_host=bool(side) and split and lo == s.start + side.start(),
        participation_only=all(c[2].startswith("part:") for c in span_cues),
        separate=bool(SEPARATE_MEETING.search(text)), pronoun_subject=bool(mt.PRONOUN_SUBJECT.search(text)),
        scheduled=bool(mt.FUTURE.search(mt.COUNTERFACTUAL.sub("", text))),
        level_text=" ".join(filter(None, [name, text[max(0, cue_at - 60): cue_at + 80]])),
        stated_parties=(int(word) if word.isdigit() else mt.COUNT_WORDS.get(word, 0)) if counted else 0,
        city=place[0], country_iso3=place[1], convener=host, convener_iso3=host_iso3,
        date=date, date_is_end=date_is_end, date_distance=date_distance, absent=_absent(a, text, lo))


def _at_main_meeting(a: Article, s: Sentence, cand: MeetingCandidate, side: re.Match, place_text: str,
                     dates: list[DateMention]) -> MeetingCandidate:
    """"A met B on the sidelines of the G20 summit in Johannesburg on Saturday": a side meeting with no
    day or place of its own is held where and when the sidelines phrase says."""
    lo, hi = s.start + side.start(), s.start + side.end()
    if cand.date is None:
        date, is_end, distance = meeting_date(a, s, lo, _usable_dates(a, s, lo, hi, dates))
        cand = replace(cand, date=date, date_is_end=is_end, date_distance=distance)
    if cand.city is None and cand.country_iso3 is None:
        city, iso3, _ = _place(a, s, place_text, lo, hi, True)
        cand = replace(cand, city=city, country_iso3=iso3)
    return cand


def _dateline_place(a: Article, cand: MeetingCandidate, span_cues) -> MeetingCandidate:
    """A meeting with no place named, held around the day of publication in person, was where the
    report was filed."""
    remote = bool(re.search(r"phone|call|video|virtual", " ".join(c[2] for c in span_cues)))
    published, dateline = a.doc.published, a.doc.dateline.city
    if cand.city is None and cand.country_iso3 is None and dateline and not cand.scheduled and not remote and (
            cand.date is None or published is None or abs((cand.date.value - published).days) <= 7):
        return replace(cand, city=dateline[0], country_iso3=dateline[1])
    return cand


def _host_country(a: Article, cand: MeetingCandidate) -> tuple[Article, MeetingCandidate]:
    """A host whose country the text does not give is taken to come from the host country."""
    host = next((a.people.of(m) for m in cand.people if a.people.of(m).name == cand.convener), None)
    if host and (host.country_source == "guess" or host.country is None and host.country_source is None) \
            and cand.country_iso3:
        a = replace(a, people=a.people.with_country(host, cand.country_iso3, "host"))
        cand = replace(cand, convener_iso3=cand.country_iso3)
    return a, cand


_SINCE_CLAUSE = re.compile(r"\bsince\s+(?:the\s+)?[^\s,;.]+\s+(?:returned|took|came|moved|arrived|was)\b[^,;.]*")


def meeting_candidates(a: Article, s: Sentence, dates: list[DateMention]) -> tuple[list[MeetingCandidate], Article]:
    """The meetings one sentence (or clause) tells of, and the article with what they taught of its
    people (a host's country)."""
    cues = sentence_cues(a, s)
    if not cues:
        return [], a
    # "a stand-in for the gathering Australia had hoped to host in Sydney": not where it was.
    counterfactual = mt.COUNTERFACTUAL.search(s.text)
    place_text = s.text[:counterfactual.start()] + " " * (len(s.text) - counterfactual.start()) \
        if counterfactual else s.text
    # "their first call since the president took office in Lima": a "since" clause tells of another time and place.
    place_text = _SINCE_CLAUSE.sub(lambda m: " " * len(m.group(0)), place_text)
    side, side_only = sidelines(s)
    spans = meeting_spans(a, s, cues, dates, side)
    place = _place(a, s, place_text, s.start, s.end, False)
    out = []
    for lo, hi, span_cues in spans:
        split = len(spans) > 1
        if split:
            place = _place(a, s, place_text, lo, hi, True)
        cand = _candidate(a, s, (lo, hi, span_cues), place, dates, split, side, side_only)
        if split and side and not cand.sidelines_host:
            cand = _at_main_meeting(a, s, cand, side, place_text, dates)
        cand = _dateline_place(a, cand, span_cues)
        a, cand = _host_country(a, cand)
        if not split and cand.date is not None:
            cand = drop_other_days(a, cand, s, span_cues, dates, lo, hi)
        out.extend(separate_bilaterals(a, cand, a.body[lo:hi], lo))
    return out, a
