"""Meetings in one sentence: the words that signal a gathering, who took part, where, when and
who convened it. The candidate a sentence gives is built in meeting_candidates.py and merged within
the article in meeting_merge.py."""

from __future__ import annotations

import re

from pipeline.extract.dates import MONTHS
from pipeline.extract.entities import APOSTROPHES, CITIES, LANDMARKS, Mention
from pipeline.extract.lexicon import pattern, word_values

# The regexes, each with its reason and examples, are in lexicons/patterns.yaml. Three are built
# from Python values: the apostrophes of entities.py, the month names of dates.py and COUNT_WORDS.
_NUMBERS = word_values("number_words")
# Parties are counted from two ("one country" is no meeting) to twelve, and twenty; "a dozen countries"
# is twelve too. The table's thirteen to seventeen are not read here (they never were).
COUNT_WORDS = {w: v for w, v in _NUMBERS.items() if 2 <= v <= 12} | {"dozen": 12, "twenty": _NUMBERS["twenty"]}
PATTERN_FILLS = {"apostrophes": APOSTROPHES, "months": "|".join(MONTHS), "count_words": "|".join(COUNT_WORDS)}

NAMED_MEETING = pattern("named_meeting", apostrophes=PATTERN_FILLS["apostrophes"])
NOUN_CUE = pattern("meeting_noun_cue")
VERB_CUE = pattern("meeting_verb_cue")
# "He received Prime Minister Albanese", "Xi welcomed his Russian counterpart": a host and a guest;
# extract.py keeps the cue only when a person follows it.
RECEIVE_CUE = pattern("meeting_receive_cue")
# "X and Y signed a memorandum": a signing the two took part in; meeting_candidates keeps it only after a person.
SIGNING_CUE = pattern("meeting_signing_cue")
# Plans that did not happen: "had originally been due to host", "had hoped to host".
COUNTERFACTUAL = pattern("counterfactual_plan")
NOT_A_MEETING = pattern("not_a_meeting")
# "On the sidelines of X, A met B": the part up to the comma names the main meeting, the rest the side one.
SIDELINES = pattern("sidelines")
# Words that say who took part in a meeting already introduced; they never start a meeting of their own.
PARTICIPATION = pattern("participation")
# "the London round", "the Geneva talks": a capital naming where a meeting was, not a government.
MEETING_NOUN_AFTER = pattern("meeting_noun_after")
# "The United States boycotted it", "Russia stayed away": a member that was not there.
ABSENT = pattern("absent_member")
# "closed on Sunday", "ended on June 17": the date a gathering ended.
CLOSING_BEFORE_DATE = pattern("closing_before_date")
BILATERAL_WORD = pattern("bilateral_word")
PRONOUN_SUBJECT = pattern("pronoun_subject")
NOT_MEETING_DATE = pattern("not_meeting_date")
FUTURE = pattern("meeting_future", months=PATTERN_FILLS["months"])
INVITED = pattern("invited")
CONVENED_BY = pattern("convened_by")
STATED_COUNT = pattern("stated_count", count_words=PATTERN_FILLS["count_words"])
LEADERS = pattern("leaders_level")
MINISTERS = pattern("ministers_level")


def meeting_level(texts: list[str]) -> str | None:
    """leaders or ministers, from the meeting's name or the words around its cue; None if neither."""
    joined = " ".join(texts)
    if LEADERS.search(joined):
        return "leaders"
    if MINISTERS.search(joined):
        return "ministers"
    return None


DATELINE = pattern("dateline")
TOPIC_BEFORE = pattern("topic_before")
# Continents and regions are where a tour went, never the city of a meeting.
REGION = pattern("region")
# Forums whose members are not listed in the gazetteer but whose meetings are many-sided.
FORUM = pattern("forum")


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
    for regex, kind in ((NOUN_CUE, "noun"), (VERB_CUE, "verb"), (RECEIVE_CUE, "receive"), (SIGNING_CUE, "sign"),
                        (PARTICIPATION, "part")):
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
