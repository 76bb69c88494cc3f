"""People in articles: their titles (roles) and the country they represent, read from the words
around the name ("Italy's Finance Minister X", "X, Japan's finance minister,")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.extract.entities import APOSTROPHES, ORGANIZATIONS, PARTICLES, Mention
from pipeline.extract.gazetteers import country_lexicon

# The last word of a title; a role must contain one.
TITLE_HEADS = {
    "minister", "secretary", "president", "chancellor", "premier", "commissioner", "ambassador",
    "governor", "representative", "chair", "chairman", "chairwoman", "chairperson", "director",
    "chief", "leader", "king", "queen", "prince", "emperor", "envoy", "secretary-general", "treasurer",
    "speaker", "senator", "mayor", "vice-president", "vice", "deputy", "head", "adviser", "advisor",
    "czar", "tsar", "ceo", "administrator", "sheikh", "emir", "sultan", "monarch", "counterpart",
    "director-general", "negotiator", "spokesperson", "spokesman", "spokeswoman",
}
# Lower-case words that may sit inside a title: "Minister of Economy and Finance".
TITLE_JOINERS = {"of", "and", "for", "the", "de", "on", "&"}

# Titles that name one country's office, so they give the country when no other word does.
COUNTRY_TITLES = {
    "treasury secretary": "USA", "secretary of the treasury": "USA", "secretary of state": "USA",
    "commerce secretary": "USA", "secretary of commerce": "USA", "trade representative": "USA",
    "interior secretary": "USA", "secretary of the interior": "USA", "energy secretary": "USA",
    "secretary of energy": "USA", "chancellor of the exchequer": "GBR", "foreign secretary": "GBR",
    "business secretary": "GBR", "external affairs minister": "IND", "minister of external affairs": "IND",
    "union minister": "IND", "chief cabinet secretary": "JPN",
}


# Bodies whose officials speak for the body, not for a country: "European Commission President X",
# "the EU's trade commissioner, X", "NATO Secretary General X". The participating organisations
# plus the other institutions of the EU whose heads news names by their office.
INTERNATIONAL_BODIES = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(f) for forms in ORGANIZATIONS.values() for f in forms if f != "the Commission")
    + r"|European Council|European Parliament|European Central Bank|ASEAN)(?![\w])")
# Capitalised words that open a sentence before a title ("Yesterday Trade Minister X"); the
# function words come from spaCy's stop words.
OPENING_WORDS = {"yesterday", "today", "tomorrow", "tonight", "earlier", "later", "recently", "monday", "tuesday",
                 "wednesday", "thursday", "friday", "saturday", "sunday"}
# Leading words that qualify a title but are not part of it ("new prime minister").
TITLE_QUALIFIERS = {"new", "newly", "former", "current", "incoming", "outgoing", "then", "acting", "interim", "top"}


@dataclass(frozen=True)
class PersonReading:
    name: str
    role: str | None
    country_iso3: str | None
    country_source: str | None   # possessive | adjective | appositive | of | represented | title |
    #                              organization (speaks for an international body: no country) | None
    role_source: str | None = None   # before (a title in front of the name) | appositive


HONORIFICS = {"dr", "mr", "mrs", "ms", "prof", "sir", "dame", "h.e", "his excellency", "her excellency"}


def _clean_role(words: list[str]) -> str | None:
    # A capitalised word that starts the sentence is not part of the title: "When Treasury Secretary X".
    while words and (words[0].lower() in TITLE_JOINERS or words[0].lower() in OPENING_WORDS
                     or words[0].lower() in STOP_WORDS and words[0].lower() not in ("first", "former")):
        words = words[1:]
    # Honorifics are no part of an office: "External Affairs Minister Dr. S. Jaishankar".
    words = [w for w in words if w.lower().strip(".,") not in HONORIFICS]
    while words and words[-1].lower() in TITLE_JOINERS:
        words = words[:-1]
    # "the first woman prime minister": a record, not part of the office.
    if len(words) > 2 and words[0].lower() == "first" and words[1].lower() in ("woman", "female", "ever", "black"):
        words = words[2:]
    if not words or not any(w.lower().strip(",") in TITLE_HEADS for w in words):
        return None
    return " ".join(words)


def _capitalised(role: str) -> str:
    """A lower-case title written as a title: "economy and finance minister" -> "Economy and Finance Minister"."""
    if not role[:1].islower():
        return role
    return " ".join(w if w in TITLE_JOINERS else w[:1].upper() + w[1:] for w in role.split())


def _up_to_title_head(words: list[str]) -> list[str]:
    """Cut what follows the last title word: "prime minister a week ago" -> "prime minister"."""
    heads = [i for i, w in enumerate(words) if w.lower() in TITLE_HEADS]
    return words[: heads[-1] + 1] if heads else words


_PLURAL_TITLE = re.compile(r"((?:[A-Za-z\-]+\s+){0,2}?)([A-Za-z\-]+)s\b")


def _shared_title(before: str, countries: list[Mention], others: list[Mention], offset: int) -> str | None:
    """A plural title shared by a list of names: "Presidents X of Congo and Y of Rwanda", "the two
    countries' foreign ministers, X and Y" -> "President", "Foreign Minister"."""
    for m in reversed(list(_PLURAL_TITLE.finditer(before))):
        if m.group(2).lower() not in TITLE_HEADS or m.group(2).lower() in ("leader", "counterpart", "head", "chief"):
            continue
        # Between the title and this name only names, countries, "of", "the", "and" and commas.
        gap = before[m.end():]
        rest = gap
        for item in sorted([*countries, *others], key=lambda x: -x.start):
            if offset + m.end() <= item.start < offset + len(before):
                a, b = item.start - offset - m.end(), item.end - offset - m.end()
                rest = rest[:a] + " " + rest[b:]
        if not re.fullmatch(r"(?:\s|,|\band\b|\bof\b|\bthe\b|[’'s])*", rest):
            return None
        words = [w for w in m.group(1).split() if w.isalpha() and not w.isupper() and w.lower() not in STOP_WORDS
                 and w.lower() not in TITLE_QUALIFIERS]
        role = " ".join([*words, m.group(2)])
        return _capitalised(role)
    return None


_WORD = re.compile(r"[\w.\-’']+|,")


def read_person(person: Mention, text: str, offset: int, countries: list[Mention],
                others: list[Mention] = ()) -> PersonReading:
    """Role and country of `person` from the sentence `text` (which starts at body offset `offset`);
    `others` are the other people of the sentence, whose names end a title ("... Minister X and
    Environment Minister Y": Y's title stops at X)."""
    country_by_end = {c.end: c for c in countries}
    # 1. Title before the name: walk back over capitalised words and joiners.
    before = text[: person.start - offset]
    tokens = list(_WORD.finditer(before))
    role_words: list[str] = []
    country = None
    source = None
    i = len(tokens) - 1
    while i >= 0:
        tok = tokens[i]
        word = tok.group(0)
        abs_end = tok.end() + offset
        # "Italy's" / "U.S." / "Japanese" just before the title: the country, and the title ends here.
        hit = country_by_end.get(abs_end) or country_by_end.get(abs_end - 2)
        if hit is not None and hit.end <= tok.start() + offset:
            hit = None  # "Korea - Trump": the country ends two characters before a dash, not inside this word
        if hit is not None and (hit.form in ("possessive", "demonym") or word.replace(".", "").isupper()
                                or hit.form == "name"):
            of_before = hit.form == "name" and re.search(r"\bof\s+(?:the\s+)?$", text[: hit.start - offset])
            if of_before and role_words:
                break  # "Modi of India and Prime Minister Kishida": India is Modi's, not Kishida's
            country, source = hit.value, ("possessive" if hit.form == "possessive" else "adjective")
            if not of_before:
                break
            # "Prime Minister of Japan Fumio Kishida": the title goes on before "of Japan".
            while i >= 0 and tokens[i].start() + offset >= hit.start:
                i -= 1
            continue
        bare = word.strip(APOSTROPHES)
        if word == "," or any(o.start <= abs_end - 1 < o.end for o in others):
            break
        if bare[:1].isupper() or bare.lower() in TITLE_JOINERS:
            role_words.insert(0, bare)
            i -= 1
            continue
        break
    role = _clean_role(role_words)
    role_source = "before" if role else None
    if role is None:
        role = _shared_title(before, countries, others, offset)
        role_source = "before" if role else None
    after = text[person.end - offset:]
    if country is None:
        # "Prime Minister Anthony Albanese of Australia": the country right after the name is theirs.
        of = re.match(r"\s+of\s+(?:the\s+)?", after)
        hit = of and next((c for c in countries if c.start == person.end + of.end() and c.form == "name"), None)
        if hit:
            country, source = hit.value, "of"
    if role is None and not role_words:
        # A lower-case title after a possessive, set off by a comma: "Japan's new prime minister, X",
        # "the EU's trade commissioner, X", "the British chancellor, X".
        m = re.search(rf"([A-Z][\w.\-]*)([{APOSTROPHES}]s)?\s+((?:[a-z\-]+\s+){{0,5}}?[a-z\-]+)\s*,\s*$", before)
        if m:
            owner_at = offset + m.start(1)
            owner = next((c for c in countries if c.start == owner_at and (m.group(2) or c.form == "demonym")), None)
            # "the European Union's internal market commissioner, X": a body named in several words.
            body = next((b for b in INTERNATIONAL_BODIES.finditer(before[max(0, m.start(1) - 40):m.end(1)])
                         if b.end() == m.end(1) - max(0, m.start(1) - 40)), None) if m.group(2) else None
            words = [w for w in m.group(3).split() if w not in TITLE_QUALIFIERS]
            cand = _clean_role(words) if words and words[-1] in TITLE_HEADS else None
            if cand and (owner or body):
                if words[-1] != "counterpart":  # "his Chinese counterpart, X" gives a side, not a title
                    role, role_source = _capitalised(cand), "before"
                if owner and country is None:
                    country, source = owner.value, "possessive" if m.group(2) else "adjective"
                elif body and country is None:
                    source = "organization"
    if role is None and not role_words:
        # "France sent its economy and finance minister, X, and Italy its economy minister, Y".
        m = re.search(r"(?:\b([A-Z][\w.\-]*)\s+(?:sent\s+)?)?\b(?:its|their)\s+((?:[a-z\-]+\s+){0,5}?[a-z\-]+)\s*,\s*$",
                      before)
        words = [w for w in m.group(2).split() if w not in TITLE_QUALIFIERS] if m else []
        if words and words[-1] in TITLE_HEADS and words[-1] != "counterpart" and _clean_role(words):
            role, role_source = _capitalised(_clean_role(words)), "before"
            owner = m.group(1) and next((c for c in countries if c.start == offset + m.start(1)), None)
            if owner and country is None:
                country, source = owner.value, "represented"
    if role is None and not role_words:
        # A capitalised title set off by a comma before the name: "Japan's Finance Minister, Satsuki Katayama" or
        # "the President of the United States, Donald J. Trump".
        m = re.search(r"(?:^|[\s(])((?:[A-Z][\w\-]*|of|and|for|the)(?:\s+(?:[A-Z][\w\-]*|of|and|for|the)){0,6})\s*,\s*$",
                      before)
        if m:
            words = m.group(1).split()
            cand = _clean_role([w for w in words if not any(c.start <= offset + m.start(1) + m.group(1).find(w) < c.end for c in countries)])
            if cand:
                role, role_source = cand, "before"
                inner = [c for c in countries if offset + m.start(1) - 12 <= c.start < offset + m.end(1)]
                if inner and country is None:
                    country, source = inner[-1].value, "appositive"
    # 2. Appositive after the name: "Giorgetti, Italy's finance minister," / "Reeves, the British chancellor".
    if role is None or country is None:
        after = text[person.end - offset:]
        m = re.match(r"\s*,\s*(?:the\s+|a\s+|who\s+is\s+|who\s+serves\s+as\s+)?(.{0,80}?)(?:,|\.(?=\s*$)|;|$| who | said| told)", after)
        if m and re.match(r"(?:and|or|but|while|with)\b", m.group(1)):
            m = None  # the next item of a list, not an appositive
        if m and any(person.end + m.start(1) <= o.start < person.end + m.end(1) for o in others):
            m = None  # "Modi, South Korean President Lee Jae-myung and ...": the next person's title
        if m:
            phrase = m.group(1)
            phrase_start = person.end + m.start(1)
            inner = [c for c in countries if phrase_start <= c.start < phrase_start + len(phrase)]
            words = phrase.split()
            body = INTERNATIONAL_BODIES.search(phrase)
            if body and not (inner and inner[0].start < phrase_start + body.start()):
                # "Kallas, the EU's foreign policy chief,": she speaks for the EU, not a country.
                tail = phrase[body.end():].lstrip(APOSTROPHES).removeprefix("s").split()
                cand = _clean_role(_up_to_title_head([w for w in tail if w.replace("-", "").isalpha() or w in TITLE_JOINERS]))
                if cand:
                    if role is None:
                        role, role_source = _capitalised(cand), "appositive"
                    if country is None:
                        source = source or "organization"
            elif inner:
                first = inner[0]
                tail = phrase[first.end - phrase_start:].lstrip(APOSTROPHES).removeprefix("s").split()
                cand = _clean_role(_up_to_title_head([w for w in tail if w.replace("-", "").isalpha() or w in TITLE_JOINERS]))
                if cand is None:
                    # "Reeves, Chancellor of the Exchequer of the United Kingdom": the title before "of COUNTRY".
                    head = re.sub(r"\s+of\s+(?:the\s+)?$", "", phrase[:first.start - phrase_start])
                    if head != phrase[:first.start - phrase_start]:
                        cand = _clean_role(head.split())
                if cand:
                    if role is None:
                        role, role_source = _capitalised(cand), "appositive"
                    if source != "organization":
                        country = country or first.value
                        source = source or "appositive"
            elif words and any(w.lower().strip(APOSTROPHES) in TITLE_HEADS for w in words) and (
                    len(words) <= 6 or len(words) <= 12 and words[0].lower() in ("its", "their", *TITLE_HEADS)
                    and words[1] in ("of", "for", *TITLE_HEADS)):
                # "the country's trade negotiator", "its minister for electronics": the country's own office.
                own = re.match(rf"(?:(?:(?:the|his|her|its|their)\s+)?(?:country|nation|government)[{APOSTROPHES}]s|its|their)\s+",
                               phrase)
                if own:
                    words = phrase[own.end():].split()
                if len(words) > 2 and words[0].lower() in TITLE_HEADS and words[1] in ("of", "for"):
                    # "Kanai, director-general of the Foreign Ministry's Asian Affairs Bureau,": the whole office.
                    cand = _clean_role(words)
                else:
                    cand = _clean_role(_up_to_title_head([w for w in words if w.replace("-", "").isalpha()
                                                          or w in TITLE_JOINERS]))
                if cand and role is None:
                    role, role_source = _capitalised(cand), "appositive"
                # "China's delegation ... and Li, the country's trade negotiator": the country named last before.
                earlier = [c for c in countries if c.end <= person.start and c.form != "capital"]
                if own and cand and country is None and earlier:
                    country, source = earlier[-1].value, "appositive"
    if country is None and source != "organization":
        # "Mexico was represented by Finance Secretary X", "France sent its finance minister, X".
        m = re.search(r"(\S+)\s+(?:(?:was|were|is|are|will be)\s+represented\s+by|sent(?:\s+(?:its|their))?)\s+"
                      r"(?:[\w\-]+\s+){0,6}?,?\s*$", before[-140:])
        if m:
            at = offset + len(before) - len(before[-140:]) + m.start(1)
            hit = next((c for c in countries if c.start == at), None)
            if hit:
                country, source = hit.value, "represented"
    if country is None and role and INTERNATIONAL_BODIES.search(role):
        source = "organization"  # "European Commission President X", "IEA Executive Director X"
    if country is None and role and source != "organization":
        # The office itself, perhaps deputy or acting, not a longer title that contains its words: China's
        # "international trade representative" is no US Trade Representative.
        bare = re.sub(r"^(?:(?:deputy|acting|interim|former|u\.?s\.?|us|american|british|uk|indian|japanese)\s+)+", "",
                      role.lower())
        if bare in COUNTRY_TITLES or bare.startswith("union minister "):
            country, source = COUNTRY_TITLES[bare], "title"
    return PersonReading(person.text, role, country, source, role_source)


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
}
_CAP_RUN = re.compile(r"(?<![\w\-’'])((?:[A-Z][\w\-’']*|(?:%s)(?=\s+[A-Z]))(?:\s+(?:[A-Z][\w\-’']*|(?:%s)(?=\s+[A-Z])))*)"
                      % ("|".join(PARTICLES), "|".join(PARTICLES)))
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
        # A country run into the name ("President of Japan Shigeru Ishiba") is not part of it.
        while words and re.sub(r"[’']s$", "", words[0]).lower() in lexicon:
            start += len(words[0]) + 1
            words = words[1:]
        name = " ".join(words)
        end = start + len(name)
        if not words or text[start:end] != name or not _name_like(words, text):
            continue
        if any(a < end and start < b for a, b in taken) or any(c.start < end and start < c.end for c in countries):
            continue
        before = text[max(0, start - 40):start]
        after = text[end:end + 120]
        # "Prime Minister of Japan Shigeru Ishiba": the title and its country just before.
        head_of = re.search(r"(\w+)\s+of\s+(?:the\s+)?[A-Z][\w ]+?\s$", before)
        titled = titled or bool(head_of and head_of.group(1).lower() in TITLE_HEADS)
        plural = re.search(r"\b(?:ministers|leaders|presidents|premiers|chancellors|envoys|counterparts),?\s*$", before, re.I)
        appositive = bool(_TITLE_AFTER.match(after))
        owner = next((c for c in countries if c.form == "possessive" and 0 <= start - c.end <= 3), None)
        listed = owner is not None and any(
            k.start - 3 <= o.end <= k.start and o.form == "possessive" for k in known for o in countries
            if abs(k.start - start) < 200)
        follows = bool(plural) or bool(re.search(r"(?:,|\band)\s*$", before)) and any(
            0 <= start - k.end <= 6 for k in list(known) + out)
        sentence_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, start - 300)
        shared = _shared_title(text[sentence_start:start], countries, [*known, *out], sentence_start)
        if titled or appositive or listed or follows or shared:
            out.append(Mention("person", start, end, name, name))
    return out
