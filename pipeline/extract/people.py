"""Which words are people: names spaCy misses or calls an organisation but an appositive title, a title
in front or a list of people marks as people ("Giorgetti, Italy's finance minister,", "President Recep
Tayyip Erdogan"). Their titles and countries are read in person_roles.py."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.extract.entities import COMPANY_NAME_WORDS, PARTICLES, Mention, find_organizations, without_office_fields
from pipeline.extract.gazetteers import country_lexicon
from pipeline.extract.person_roles import (  # noqa: F401 - the article reader imports PersonReading and read_person from here
    TITLE_HEADS,
    PersonReading,
    read_person,
    shared_title,
)
from pipeline.extract.title_words import HONORIFICS


APPOSITIVE_PERSON = re.compile(
    r"(?<![\w-])([A-Z][\w\-’']+(?:\s+[A-Z][\w\-’']+){0,3}),\s+(?:the\s+|a\s+)?(?:[A-Z][\w.\-]*(?:[’']s)?\s+)?"
    r"((?:[a-z\-]+\s+){0,3}(?:minister|secretary|president|chancellor|premier|commissioner|ambassador|treasurer|governor))\b")


def find_appositive_people(text: str, countries: list[Mention]) -> list[Mention]:
    """Names that spaCy may miss but an appositive title marks as people: "Giorgetti, Italy's finance
    minister," or "Reeves, the British chancellor,"."""
    out = []
    for m in APPOSITIVE_PERSON.finditer(text):
        name = m.group(1)
        # The title must follow a country word ("Italy's", "British"), else it may be any noun phrase.
        if not any(m.end(1) <= c.start < m.start(2) for c in countries) or name.split()[0].lower() in {"the", "a"}:
            continue
        if any(c.start <= m.start(1) < c.end for c in countries):
            continue
        out.append(Mention("person", m.start(1), m.end(1), name, name))
    return out


# Words that make a run of capitalised words an organisation, a place or a thing rather than a name.
NOT_NAME_WORDS = {
    "ministry", "department", "office", "house", "palace", "hall", "museum", "embassy", "council", "commission",
    "committee", "agency", "authority", "administration", "bureau", "board", "bank", "fund", "group", "party",
    "union", "alliance", "club", "forum", "summit", "meeting", "conference", "dialogue", "declaration", "accords",
    "accord", "agreement", "framework", "partnership", "initiative", "treaty", "act", "law", "company", "corp",
    "corporation", "holdings", "mining", "resources", "metals", "technologies", "technology", "energy", "cobalt",
    "lithium", "minerals", "mineral", "rare", "earths", "university", "institute", "foundation", "association",
    "parliament", "congress", "senate", "court", "cabinet", "government", "republic", "kingdom", "federation",
    "state", "states", "city", "province", "island", "islands", "street", "airport", "base", "port", "centre",
    "center", "news", "times", "post", "daily", "reuters", "week", "day", "north", "south", "east", "west",
    "national", "international", "global", "general", "security", "affairs", "economic", "economy", "trade",
    "academy", "school", "college", "hospital", "fort", "mount", "lake", "river", "bay", "valley", "county",
} | COMPANY_NAME_WORDS   # "chairman of Western Strategic Materials": a company, as spaCy's people are
# Capital letters of Latin script, accented ones included: "Šefčovič", "Đedović", "Étienne".
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_CAP_RUN = re.compile(r"(?<![\w\-’'])((?:[%s][\w\-’']*|(?:%s)(?=\s+[%s]))(?:\s+(?:[%s][\w\-’']*|(?:%s)(?=\s+[%s])))*)"
                      % (UPPER, "|".join(PARTICLES), UPPER, UPPER, "|".join(PARTICLES), UPPER))
# "..., director-general of the Foreign Ministry's ..." or ", Italy's prime minister": a title after the name.
_TITLE_AFTER = re.compile(r"\s*,\s*(?:the\s+|a\s+)?(?:[\w.\-’']+\s+){0,5}?(%s)\b" % "|".join(
    re.escape(h) for h in sorted(TITLE_HEADS, key=len, reverse=True)), re.I)


def _name_like(words: list[str], text: str) -> bool:
    """Two to five words written as a name: capitalised, no word of an organisation or a place, none
    that the article also writes in lower case (a common word), the last one not a particle."""
    if not 2 <= len(words) <= 5 or words[-1].lower() in PARTICLES or words[0].lower() in PARTICLES:
        return False
    for w in words:
        low = w.lower().strip("’'")
        if low in PARTICLES:
            continue
        if (low in NOT_NAME_WORDS or low in TITLE_HEADS or low in STOP_WORDS or len(w) > 1 and w.isupper()
                or not re.fullmatch(r"[^\W\d_][^\W\d_\-’']*(?:[\-’'][^\W\d_]+)*", w)
                or re.search(rf"(?<![\w-]){re.escape(low)}(?![\w-])", text)):
            return False
    return True


def _without_lead_words(text: str, start: int, words: list[str], lexicon) -> tuple[int, int, list[str]]:
    """The run of capitalised words without what leads it and is no part of the name: a country, an
    honorific, an office's last field, an organisation; with where the fields began and where the name starts."""
    # A country run into the name ("President of Japan Shigeru Ishiba") is not part of it, nor an
    # organisation ("Vice President of the European Commission Maroš Šefčovič").
    while words and re.sub(r"[’']s$", "", words[0]).lower() in lexicon:
        start += len(words[0]) + 1
        words = words[1:]
    # "the Honourable Jane Roe": an honorific is no part of the name.
    while len(words) > 2 and (words[0].lower().strip(".") in HONORIFICS
                              or words[0] in ("His", "Her") and words[1].lower().strip(".") in HONORIFICS):
        start += len(words[0]) + 1
        words = words[1:]
    # "Minister of Natural Resources and Environment Tran Hong Ha": the office's last field is no part of the name.
    field_start = start
    start, words = without_office_fields(text, start, words)
    lead = next((o for o in find_organizations(" ".join(words)) if o.start == 0), None)
    if lead and len(words) > len(lead.text.split()):
        cut = len(lead.text.split())
        start += len(" ".join(words[:cut])) + 1
        words = words[cut:]
    return field_start, start, words


def find_titled_people(text: str, countries: list[Mention], taken: list[tuple[int, int]],
                       known: list[Mention] = ()) -> list[Mention]:
    """Names spaCy does not tag as people (it calls "Luiz Inacio Lula da Silva" an organisation) but
    their words mark as people: a title right before ("President Recep Tayyip Erdogan", "National
    Security Adviser Ajit Doval"), a title after a comma ("Masaaki Kanai, director-general of ..."),
    or the next item of a list of people ("Brazil's Lula da Silva" after "India's Narendra Modi")."""
    lexicon = country_lexicon()
    out: list[Mention] = []
    for m in _CAP_RUN.finditer(text):
        words = m.group(1).split()
        start = m.start(1)
        # A title inside the run: the name is what follows its last title word.
        heads = [i for i, w in enumerate(words) if w.lower().strip("’'s") in TITLE_HEADS or w.lower() in TITLE_HEADS
                 or w.lower().rstrip("s") in TITLE_HEADS]
        titled = bool(heads)
        if heads:
            cut = heads[-1] + 1
            start += len(" ".join(words[:cut])) + 1
            words = words[cut:]
        field_start, start, words = _without_lead_words(text, start, words, lexicon)
        name = " ".join(words)
        end = start + len(name)
        if not words or text[start:end] != name or not _name_like(words, text):
            continue
        if any(a < end and start < b for a, b in taken) or any(c.start < end and start < c.end for c in countries):
            continue
        before = text[max(0, field_start - 40):start]
        after = text[end:end + 120]
        # "Prime Minister of Japan Shigeru Ishiba": the title and its country just before.
        head_of = re.search(r"(\w+)\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w ]+?\s$", before)
        titled = titled or bool(head_of and head_of.group(1).lower() in TITLE_HEADS)
        # "Canada's Finance Minister, Francois-Philippe Champagne": a capitalised title set off by a comma.
        comma_title = re.search(r"\b([A-Z][a-z\-]+),\s+$", before)
        titled = titled or bool(comma_title and comma_title.group(1).lower() in TITLE_HEADS)
        plural = re.search(r"\b(?:ministers|leaders|presidents|premiers|chancellors|envoys|counterparts),?\s*$", before, re.I)
        appositive = bool(_TITLE_AFTER.match(after))
        owner = next((c for c in countries if c.form == "possessive" and 0 <= start - c.end <= 3), None)
        listed = owner is not None and any(
            k.start - 3 <= o.end <= k.start and o.form == "possessive" for k in known for o in countries
            if abs(k.start - start) < 200)
        follows = bool(plural) or bool(re.search(r"(?:,|\band)\s*$", before)) and any(
            0 <= start - k.end <= 6 for k in list(known) + out)
        sentence_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, start - 300)
        shared = shared_title(text[sentence_start:start], countries, [*known, *out], sentence_start)
        if titled or appositive or listed or follows or shared:
            out.append(Mention("person", start, end, name, name))
    return out
