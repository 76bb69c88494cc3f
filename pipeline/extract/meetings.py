"""Meetings in one sentence: the words that signal a gathering, who took part, where, when and
who convened it. Merging the mentions of one meeting within an article happens in extract.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.dates import MONTHS
from pipeline.extract.entities import APOSTROPHES, CITIES, LANDMARKS, Mention

NAMED_MEETING = re.compile(
    r"((?:(?:[A-Z][\w\-]*|G\d+|of|on|and|for|the)(?:[" + APOSTROPHES + r"]s?)?\s+){1,8}?"
    r"(?:Meeting|Summit|Ministerial|Conference|Dialogue|Forum|Talks|Roundtable))\b")
NOUN_CUE = re.compile(
    r"\b(?:meetings?|summits?|ministerials?|talks|discussions with|conference|video ?conference|video call|"
    r"phone call|call with|telephone call|gathering|state visit|visit to|sidelines|roundtable|dialogue|"
    r"video link|by video|virtual meeting|virtually)\b", re.I)
VERB_CUE = re.compile(
    r"\b(?:met|meet(?:s|ing)?|host(?:s|ed|ing)?|convene[sd]?|convening|gather(?:ed|ing)?|"
    r"talked with|spoke with|spoke by (?:tele)?phone|phoned|held talks|hold talks|sat down with|sit down|"
    r"face[ -]to[ -]face|telephone conversation|call(?:ed|s)? on|paid (?:a )?(?:courtesy )?call on)\b", re.I)
# "He received Prime Minister Albanese", "Xi welcomed his Russian counterpart": a host and a guest;
# extract.py keeps the cue only when a person follows it.
RECEIVE_CUE = re.compile(r"\b(?:received|receives|receiving|welcomed|welcomes|welcoming|visit|visits|visited|visiting|"
                         r"saw|sees|see)\b(?=\s+(?:(?:his\s+|her\s+|the\s+)?(?:visiting\s+)?(?:[A-Z]|counterparts?\b)|"
                         r"(?:him|her)\b))")
# Plans that did not happen: "had originally been due to host", "had hoped to host".
COUNTERFACTUAL = re.compile(r"\bhad (?:\w+ )?(?:been (?:due|scheduled|set|expected|supposed|meant)|hoped|planned|wanted|"
                            r"intended) to (?:host|meet|hold|attend|see|visit|talk|join)\b|"
                            r"\b(?:lost|cancel\w*|scrapped|called off|postponed) (?:\w+ )?(?:scheduled |planned )?"
                            r"(?:sessions?|meetings?|talks|visits?|summits?)\b", re.I)
NOT_A_MEETING = re.compile(
    r"\b(?:(?:before|after|ahead of|since|following|builds? up to|leads? up to|in the run-up to) (?:the|his|her|their|its) "
    r"(?:\w+ )?(?:meeting|summit|ministerial|talks|gathering)|"
    r"conference (?:room|hall|centre|center)|press conference|cabinet meeting|party meeting|news conference|earnings call|conference call|general meeting|board meeting|"
    r"shareholders?'? meeting|(?:are|is|was|were|been|be|remain\w*|still) in talks|trade talks(?! (?:in|at) [A-Z])|meet(?:s|ing)? (?:the )?(?:demand|needs|targets?|requirements|"
    r"standards|criteria|goals?|deadline|challenge|expectations|obligations)|host(?:s|ed|ing)?\s+"
    # "Malaysia already hosts one of the biggest rare earth refineries": a site, not a meeting.
    r"(?:(?!leaders|ministers|summit|talks|delegat|counterpart|president|prime|officials)\S+\s+){0,6}?"
    r"(?:deposits?|reserves?|mines?|plants?|refiner\w*|facilit\w*|factor\w*|smelters?|operations|projects?|"
    r"industr\w*|headquarters)|host(?:s|ed|ing)? the (?:largest|world)|"
    # What is no one gathering: "no plans to meet", "meet regularly" (plans that did not happen are
    # COUNTERFACTUAL, which find_cues blocks to the end of their clause).
    r"(?:no plans?|not plan\w*|refus\w*|declin\w*|won't|will not|would not|did not|does not|do not|never) to meet|"
    r"(?:won't|will not|would not|did not|does not|do not|never|not) (?:meet|hold talks|host)|"
    r"(?:met|meet|meets|meeting) (?:regularly|routinely|annually|every year|each year|twice a year|once a year))\b", re.I)
# "On the sidelines of X, A met B": the part up to the comma names the main meeting, the rest the side one.
SIDELINES = re.compile(r"\b(?:on|at) the (?:sidelines|margins|fringes?)\b(?: of [^,]*,?)?", re.I)
# Words that say who took part in a meeting already introduced; they never start a meeting of their own.
PARTICIPATION = re.compile(
    r"\b(?:attend(?:s|ed|ing|ees)?|took part|take part|taking part|joined(?:\s+[\w-]+){0,5}\s+by|participants|represented by|"
    r"around the table|at the table|at one table|sent|delegations?|took (?:their|its|his|her|a) seats?|"
    r"among the (?:\w+\s+){0,2}(?:leaders|heads of (?:state|government)|participants|attendees|guests|delegates)|"
    r"boycott(?:ed|s)?|stayed away|skipped|absent|^\W*so (?:have|has|will|did|do|does)|"
    r"joined (?:the|its|their) (?:[\w'’-]+\s+){0,3}?(?:summit|meeting|gathering|talks|session|ministerial)(?:[’']s)?|"
    r"(?:team|delegation|side)\s+(?:was|were|is|are)\s+(?:led|headed)\s+by)\b", re.I)
# "the London round", "the Geneva talks": a capital naming where a meeting was, not a government.
MEETING_NOUN_AFTER = re.compile(r"^\s*(?:round|talks|summit|meeting|conference|process|framework|agreement|accord|"
                                r"declaration|communiqu[eé]|format|group|dialogue)\b", re.I)
# "The United States boycotted it", "Russia stayed away": a member that was not there.
ABSENT = re.compile(r"\b(?:boycott(?:ed|s|ing)?|stayed away|stays away|skipped|skips|was absent|were absent|"
                    r"did not (?:attend|take part|come)|declined to (?:attend|come)|was not (?:invited|represented))\b", re.I)
# "closed on Sunday", "ended on June 17": the date a gathering ended.
CLOSING_BEFORE_DATE = re.compile(r"\b(?:closed|closes|ended|ends|concluded|concludes|wrapped up|wraps up|finished|"
                                 r"came to an end|ran (?:\w+ )?(?:into|until|through)|lasted (?:\w+ )?(?:into|until)|"
                                 r"continued (?:\w+ )?(?:into|until))\b[^.;,]{0,40}$", re.I)
BILATERAL_WORD = re.compile(r"\bbilateral\b", re.I)
PRONOUN_SUBJECT = re.compile(r"\b(?:he|she)\b(?:\s+and\s+|\s+(?:met|held|also|later|then|received|welcomed|hosted|spoke|talked|"
                             r"called on|visited|saw))|"
                             r"\b(?:received|welcomed|hosted|met|saw|visited)\s+(?:him|her)\b", re.I)
NOT_MEETING_DATE = re.compile(r"\b(?:taking office|took office|came to power|elected|born|founded)\b[^.,;]{0,20}$|"
                              # "their first talks since 2019": the last time, not this meeting
                              r"\b(?:since|first\s+(?:\w+\s+){0,3}in)\s+(?:early\s+|late\s+|mid-?)?$|"
                              # "meeting for the second time this year": a count of meetings, not a date
                              r"\btime\s+$", re.I)
FUTURE = re.compile(
    r"\b(?:will (?:\w+ )?(?:meet|host|hold|attend|gather|travel|visit|join|convene|chair|sit|talk|speak|be held|"
    r"be hosted|take place|take part|welcome|receive|fly|go|head|have|be in|be at)|'ll|shall|would join|scheduled|"
    r"(?:is|are|was|were) (?:set|slated|due|expected) (?:to|for)|due to|to be held|plans? to|planned|"
    r"(?:expects?|hopes?|intends?|aims?|wants?) to (?:meet|visit|host|hold|travel|see|attend)|"
    # "The deals will be put to them when they meet on Thursday"
    r"when (?:they|the two|the leaders|he|she) (?:meet|sit down|hold talks|visit)\b|"
    # "France hosts the G7 leaders in Evian in June": a host in the present tense with a month is ahead.
    r"(?:hosts|holds|convenes) [^.;]{0,60}\bin (?:" + "|".join(MONTHS) + r")|"
    r"upcoming|next (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"is hosting|are meeting|is expected to|are expected to|will host|to host|to meet|"
    r"(?-i:[A-Z])[\w'’.-]+ to (?:see|visit|receive|welcome))\b", re.I)
INVITED = re.compile(r"\b(?:was|were|has been|have been|is|are)\s+(?:also\s+)?invited\b", re.I)
CONVENED_BY = re.compile(r"\b(?:convened|hosted|chaired|led|organi[sz]ed|called) by\s+(?:the\s+)?|"
                         r"\bat the invitation of\s+(?:the\s+)?", re.I)
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20}
STATED_COUNT = re.compile(r"\b(\d{1,3}|" + "|".join(COUNT_WORDS) + r")\s+(?:other\s+|partner\s+|allied\s+)?"
                          r"(?:countries|nations|economies|governments|member states)\b", re.I)
LEADERS = re.compile(r"\b(?:leaders?'?|summit|heads? of (?:state|government)|presidents|prime ministers)\b", re.I)
MINISTERS = re.compile(r"\b(?:ministers?'?|ministerial|secretaries|finance chiefs|chancellors|treasurers)\b", re.I)


def meeting_level(texts: list[str]) -> str | None:
    """leaders or ministers, from the meeting's name or the words around its cue; None if neither."""
    joined = " ".join(texts)
    if LEADERS.search(joined):
        return "leaders"
    if MINISTERS.search(joined):
        return "ministers"
    return None


DATELINE = re.compile(r"^\s*([A-Z][A-Z .'\-]{2,}?)(?:/[A-Z .'\-]+)?(?:,\s*(?:[A-Z][a-z]+,\s*)?(?:[A-Z][a-z]{2,}\.? \d{1,2}|"
                      r"\d{1,2} [A-Z][a-z]+)?(?:[^\n]{0,12}?|\s*\([^)\n]{0,40}\))?)?\s[-–—]\s")
TOPIC_BEFORE = re.compile(
    r"\b(?:discuss\w*|about|regarding|over|against|without|excluding|except|counter(?!parts?\b)\w*|dominance|reliance|dependence|concern\w*|"
    r"amid|despite|rivalry|tensions?|on how|focused on|aimed at|depend\w*|rel(?:y|ies|ied|iance)|"
    r"war|conflict|crisis|dispute|overshadowed|"
    # a destination, right before the name: "flew to Tokyo", not "the visit to hold talks with Carney"
    r"(?:leave|leaves|left|travel\w*|trip|visit\w*|arriv\w*|flew|fl(?:y|ies)|head\w*|return\w*|back)\s+(?:to|for|in)"
    r"(?=\s+(?:the\s+)?(?:(?-i:[A-Z])[\w.'’-]*\s*)*$))\b", re.I)
# Continents and regions are where a tour went, never the city of a meeting.
REGION = re.compile(r"(?:(?:South|North|East|West|Southeast|Northeast|Central|Eastern|Western|Southern|Northern)[\s-]+)?"
                    r"(?:Asia|Europe|Africa|America|Americas|Latin America|Middle East|Pacific|Asia[\s-]Pacific|"
                    r"Indo[\s-]Pacific|Arctic|Caribbean|Gulf|Balkans|Sahel)", re.I)
# Forums whose members are not listed in the gazetteer but whose meetings are many-sided.
FORUM = re.compile(r"\b(?:APEC|Asia-Pacific Economic Cooperation|SCO|Shanghai Cooperation Organi[sz]ation|OPEC|"
                   r"Commonwealth|African Union|NATO|East Asia Summit|Summit of the Americas)\b")


@dataclass
class MeetingCandidate:
    """What one sentence says about one meeting."""

    start: int                       # body offset of the cue
    end: int
    sentence_start: int
    sentence_end: int
    cue: str
    name: str | None = None
    named: bool = False
    countries: set[str] = field(default_factory=set)       # explicit participant countries and group members
    country_source: dict[str, str] = field(default_factory=dict)  # iso3 -> name | capital | group | inherited
    organizations: set[str] = field(default_factory=set)
    people: list[Mention] = field(default_factory=list)
    date: object = None                                    # DateMention
    city: str | None = None
    country_iso3: str | None = None
    convener: str | None = None
    convener_iso3: str | None = None
    scheduled: bool = False
    explicit_bilateral: bool = False                       # "meeting with X", "talks between A and B"
    group_summit: bool = False
    sidelines: bool = False
    participation_only: bool = False                       # only "attended", "took part": refers back
    level_text: str = ""                                   # the words around the cue that say who met
    stated_parties: int = 0                                # "finance ministers from 12 countries"
    context_date: object = None                            # a date of the previous sentence, used if no mention has one
    pronoun_subject: bool = False                          # "he and Carney held a bilateral meeting"
    date_is_end: bool = False                              # "the summit closed on Sunday": the last day
    split_from: int | None = None                          # the sentence it was cut from, when one told of several
    separate: bool = False                                 # "in a separate meeting": not one told before
    absent: set[str] = field(default_factory=set)          # "The United States boycotted it"


def find_cues(sentence: str) -> list[tuple[int, int, str]]:
    """Cue spans (relative to the sentence); named meetings first, overlapping cues dropped."""
    blocked = [(m.start(), m.end()) for m in NOT_A_MEETING.finditer(sentence)]
    # "Albanese had been due to see Trump ... for his first face-to-face meeting": the rest of the clause
    # tells of the meeting that did not happen.
    for m in COUNTERFACTUAL.finditer(sentence):
        stop = re.search(r"[;.]|,\s+(?:and|but)\s", sentence[m.end():])
        blocked.append((m.start(), m.end() + (stop.start() if stop else len(sentence))))
    cues: list[tuple[int, int, str]] = []
    for m in NAMED_MEETING.finditer(sentence):
        name = m.group(1)
        words = name.split()
        while words and words[0].lower() in {"the", "a", "of", "on", "and", "for", "latest", "first"}:
            words = words[1:]
        if len(words) >= 2:
            start = m.end(1) - len(" ".join(words))
            cues.append((start, m.end(1), "named:" + " ".join(words)))
    for regex, kind in ((NOUN_CUE, "noun"), (VERB_CUE, "verb"), (RECEIVE_CUE, "receive"), (PARTICIPATION, "part")):
        for m in regex.finditer(sentence):
            if any(s <= m.start() < e for s, e in blocked):
                continue
            if any(s <= m.start() < e for s, e, _ in cues):
                continue
            cues.append((m.start(), m.end(), f"{kind}:{m.group(0).lower()}"))
    # "joined the summit's outreach day": the summit is the one already told, not a new one
    parts = [(a, b) for a, b, k in cues if k.startswith("part:")]
    cues = [c for c in cues if not (c[2].startswith("noun:") and any(a <= c[0] < b for a, b in parts))]
    return sorted(cues)


def place_of(sentence: str, s_off: int, countries: list[Mention], capitals: dict[str, str],
             gpes: list[tuple[int, int, str]] = ()) -> tuple[str | None, str | None, set[int]]:
    """City and country where the meeting took place, and which country mentions were places."""
    lowered = sentence.lower()
    for landmark, (city, iso3) in LANDMARKS.items():
        if landmark in lowered:
            return city, iso3, set()
    for m in re.finditer(r"\b(?:(?:in|at)\s+(?:the\s+)?|city of\s+|(?:visit|trip|travel\w*) to\s+)([A-Z][\w\-]+(?:[ ,]+(?:D\.?C\.?|[A-Z][\w\-]+)){0,2})",
                         sentence):
        phrase = m.group(1).strip(" ,")
        low = phrase.lower()
        words = low.replace(",", "").split()
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n])
            if cand in CITIES or cand in capitals:
                iso3 = CITIES.get(cand) or capitals[cand]
                city = " ".join(w.capitalize() for w in phrase.replace(",", "").split()[:n])
                city = re.sub(r"\s+D\.?c\.?$", "", city, flags=re.I)
                places = {c.start for c in countries if m.start(1) + s_off <= c.start < m.end(1) + s_off + 12}
                return city, iso3, places
        inner = [c for c in countries if c.start == m.start(1) + s_off and c.form == "name"]
        if inner:
            return None, inner[0].value, {inner[0].start}
        # A place spaCy knows but our gazetteer does not ("in Evian"): the city, country unknown.
        gpe = next((g for g in gpes if g[0] == m.start(1) + s_off), None)
        if gpe and not any(c.start == gpe[0] for c in countries) and not REGION.fullmatch(gpe[2]):
            return gpe[2], None, set()
    return None, None, set()
