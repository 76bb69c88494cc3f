"""Finding the things critmin cares about in a parsed article: countries, groups, international
organisations, minerals and people, each as a span with character offsets in the body."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.extract.date_values import MONTHS
from pipeline.extract.gazetteers import country_lexicon, group_lexicon, group_members, organisation_groups
from pipeline.extract.lexicon import alternation, words
from pipeline.extract.mineral_gazetteer import mineral_lexicon

APOSTROPHES = "'’"

# International organisations that take part in meetings as themselves (SPEC 3: the EU and the
# European Commission are organisation participants). Canonical name -> surface forms.
ORGANIZATIONS = {
    "European Union": ["European Union", "EU", "E.U."],
    "European Commission": ["European Commission", "EC", "the Commission"],
    "International Energy Agency": ["International Energy Agency", "IEA"],
    "International Monetary Fund": ["International Monetary Fund", "IMF"],
    "World Bank": ["World Bank"],
    "United Nations": ["United Nations", "UN", "U.N."],
    "World Trade Organization": ["World Trade Organization", "World Trade Organisation", "WTO"],
    "Organisation for Economic Co-operation and Development": [
        "Organisation for Economic Co-operation and Development", "OECD"],
    "African Union": ["African Union"],
    "NATO": ["NATO", "North Atlantic Treaty Organization"],
    "Asian Development Bank": ["Asian Development Bank", "ADB"],
    "African Development Bank": ["African Development Bank", "AfDB"],
    "Afreximbank": ["Afreximbank", "African Export-Import Bank"],
    "International Conference on the Great Lakes Region": [
        "International Conference on the Great Lakes Region", "International Conference on Great Lakes Region", "ICGLR"],
    "Southern African Development Community": ["Southern African Development Community", "SADC"],
    "Economic Community of West African States": ["Economic Community of West African States", "ECOWAS"],
    "United Nations Conference on Trade and Development": ["United Nations Conference on Trade and Development", "UNCTAD"],
    "International Renewable Energy Agency": ["International Renewable Energy Agency", "IRENA"],
    "European Investment Bank": ["European Investment Bank", "EIB"],
    "European Bank for Reconstruction and Development": ["European Bank for Reconstruction and Development", "EBRD"],
}

# Cities that host meetings but are not capitals, with their country; capitals come from the gazetteer.
CITIES = {
    "kananaskis": "CAN", "toronto": "CAN", "montreal": "CAN", "vancouver": "CAN", "banff": "CAN",
    "busan": "KOR", "gyeongju": "KOR", "incheon": "KOR", "osaka": "JPN", "hiroshima": "JPN", "niigata": "JPN",
    "new york": "USA", "camp david": "USA", "palm beach": "USA", "san francisco": "USA", "los angeles": "USA",
    "geneva": "CHE", "davos": "CHE", "sydney": "AUS", "melbourne": "AUS", "perth": "AUS", "shanghai": "CHN",
    "rio de janeiro": "BRA", "sao paulo": "BRA", "johannesburg": "ZAF", "cape town": "ZAF", "durban": "ZAF",
    "munich": "DEU", "frankfurt": "DEU", "milan": "ITA", "apulia": "ITA", "biarritz": "FRA", "cornwall": "GBR",
    "elmau": "DEU", "dubai": "ARE", "istanbul": "TUR", "mumbai": "IND", "bali": "IDN", "hanoi": "VNM",
    "washington d.c.": "USA", "washington, d.c.": "USA", "washington dc": "USA",
}
LANDMARKS = {"white house": ("Washington", "USA"), "kremlin": ("Moscow", "RUS"),
             "elysee palace": ("Paris", "FRA"), "élysée palace": ("Paris", "FRA"),
             "downing street": ("London", "GBR"), "zhongnanhai": ("Beijing", "CHN")}


@dataclass(frozen=True)
class Mention:
    """One thing named in the text: kind is country, group, organization, mineral or person."""

    kind: str
    start: int
    end: int
    text: str
    value: str                      # iso3, group code, organisation name, mineral id, person name
    form: str = "name"              # country: name | demonym | capital | possessive
    members: tuple[str, ...] = ()   # a group's member countries


def _alternation(forms) -> str:
    """One regex for many lowercase forms (matched with IGNORECASE), as a trie: "u(?:s(?:a)?|k)" for
    us, usa, uk. It matches what the plain alternation longest-first matches, trying the longer form
    first at each position, but the engine walks a shared prefix once instead of trying every form at
    every character: the gazetteers' 2,000 forms cost a tenth of the time."""
    trie: dict = {}
    for form in set(forms):
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}  # a form ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body  # the longer forms first, then the form ending here

    return pattern(trie)


@functools.cache
def _country_regex() -> re.Pattern:
    forms = [f for f in country_lexicon() if len(f) > 1]
    # "US-specific", "China-made": a country before a hyphenated modifier still counts.
    # "US-China talks", "EU-Japan summit": a hyphen between two names joins two parties.
    hyphened = r"-(?=specific|bound|only|targeted|focused|led|based|backed|made|origin|[A-Z])"
    return re.compile(rf"(?<![\w.])({_alternation(forms)})(?=[{APOSTROPHES}]s\b|[^\w-]|{hyphened}|$)", re.IGNORECASE)


@functools.cache
def _group_regex() -> re.Pattern:
    return re.compile(rf"(?<![\w-])({_alternation(group_lexicon())})(?![\w-])", re.IGNORECASE)


@functools.cache
def _organization_regex() -> tuple[re.Pattern, dict[str, str]]:
    canonical = {form.lower(): name for name, forms in ORGANIZATIONS.items() for form in forms}
    return re.compile(rf"(?<![\w.])({_alternation(canonical)})(?![\w])", re.IGNORECASE), canonical


@functools.cache
def _mineral_regex() -> re.Pattern:
    # "antimony-based materials", "lithium-bearing ore" name the mineral; "gallium-arsenide" does not.
    return re.compile(rf"(?<![\w-])({_alternation(mineral_lexicon())})(?!\w|-(?!(?:based|bearing|containing|related)\b))",
                      re.IGNORECASE)


def _case_ok(text: str) -> bool:
    """Proper names start with a capital; short forms (US, UK, EU) must be all capitals so that
    the pronoun 'us' or the word 'eu' never count."""
    bare = text.replace(".", "")
    if len(bare) <= 3:
        return bare.isupper()
    return text[0].isupper()


def _overlaps(start: int, end: int, spans) -> bool:
    return any(start < e and s < end for s, e in spans)


def find_countries(text: str, offset: int = 0, person_spans=()) -> list[Mention]:
    lexicon = country_lexicon()
    out = []
    for m in _country_regex().finditer(text):
        surface = m.group(1)
        if not _case_ok(surface):
            continue
        s, e = m.start(1) + offset, m.end(1) + offset
        if _overlaps(s, e, person_spans):
            continue
        # After a hyphen only as the second name of a pair ("EU-China"), not in "pro-China" or "non-US".
        if m.start(1) > 0 and text[m.start(1) - 1] == "-" and not re.search(r"[A-Z][\w.]*-$", text[:m.start(1)]):
            continue
        iso3, form = lexicon[surface.lower()]
        if form == "demonym" and re.search(r"\b(?:Latin|South|North|Central|Pan)[ -]$", text[max(0, m.start(1) - 8):m.start(1)]):
            continue  # "Latin American countries": a region, not the United States
        tail = text[m.end(1): m.end(1) + 2]
        if tail[:1] in APOSTROPHES and tail[1:2] == "s":
            form = "possessive"
        out.append(Mention("country", s, e, surface, iso3, form))
    return out


def find_groups(text: str, offset: int = 0) -> list[Mention]:
    lexicon = group_lexicon()
    out = []
    for m in _group_regex().finditer(text):
        surface, start = m.group(1), m.start(1)
        code = lexicon[surface.lower()]
        if code in organisation_groups():
            continue  # the EU takes part as an organisation (SPEC 3), not as its 27 members
        if surface.lower().startswith("the "):
            surface, start = surface[4:], start + 4
        if not surface[0].isupper() and not surface[0].isdigit():
            continue
        if surface.lower() == "quad" and surface != "Quad" and surface != "QUAD":
            continue
        out.append(Mention("group", start + offset, m.end(1) + offset, surface, code,
                           members=tuple(group_members(code))))
    return out


def find_organizations(text: str, offset: int = 0) -> list[Mention]:
    regex, canonical = _organization_regex()
    out = []
    for m in regex.finditer(text):
        surface = m.group(1)
        if not _case_ok(surface) and not surface.lower().startswith("the "):
            continue
        if surface.lower() == "the commission" and not surface[4].isupper():
            continue
        out.append(Mention("organization", m.start(1) + offset, m.end(1) + offset, surface,
                           canonical[surface.lower()]))
    return out


def find_minerals(text: str, offset: int = 0) -> list[Mention]:
    lexicon = mineral_lexicon()
    return [Mention("mineral", m.start(1) + offset, m.end(1) + offset, m.group(1), lexicon[m.group(1).lower()])
            for m in _mineral_regex().finditer(text)]


# Lower-case words inside names ("Ursula von der Leyen"): lexicons/words.yaml, name_particles.
PARTICLES = frozenset(words("name_particles"))
_PERSON_NOISE = re.compile(rf"^(?:{alternation('news_agencies')}|photo|file)$", re.IGNORECASE)


# Titles spaCy sometimes takes into a PERSON entity ("Treasurer Jim Chalmers").
LEADING_TITLES = {"president", "prime", "minister", "treasurer", "secretary", "chancellor", "premier", "deputy",
                  "vice", "commissioner", "ambassador", "governor", "senator", "mr", "mrs", "ms", "dr", "king",
                  "queen", "prince", "sheikh", "general", "foreign", "finance", "trade", "state", "honourable",
                  "honorable", "hon", "excellency", "h.e"}
# The fields an office is for, the last of which spaCy may run into the name after it: "Minister of
# Natural Resources and Environment Tran Hong Ha".
OFFICE_FIELDS = {"environment", "energy", "trade", "industry", "finance", "economy", "mines", "mining", "resources",
                 "affairs", "commerce", "development", "planning", "investment", "agriculture", "defence", "defense",
                 "infrastructure", "transport", "technology", "innovation", "security", "cooperation", "growth"}


def clean_person_name(text: str) -> str:
    name = re.sub(rf"[{APOSTROPHES}]s?$", "", text.strip()).strip(" ,.;:")
    words = re.sub(r"\s+", " ", name).split(" ")
    while len(words) > 2 and words[0].lower().strip(".") in LEADING_TITLES:
        words = words[1:]
    # "Ms Wong", "Mr. Albanese": the surname, which links to the full name told before.
    if len(words) == 2 and words[0].lower().strip(".") in ("mr", "mrs", "ms", "miss", "dr"):
        words = words[1:]
    # "President of Zambia Hakainde Hichilema": spaCy may run the country into the name.
    if len(words) > 2 and words[0].lower() in country_lexicon() and words[1][:1].isupper():
        words = words[1:]
    return " ".join(words)


# Saints and clergy: a church or a feast ("St Peter's Basilica"), or someone who speaks for no government.
RELIGIOUS_TITLES = {"st", "saint", "pope", "cardinal", "archbishop", "bishop", "rev", "reverend", "patriarch"}


# Words of a company's or a plant's name, never of a person's: "Ganfeng Lithium", "Syrah Technologies".
COMPANY_NAME_WORDS = {"cobalt", "lithium", "nickel", "copper", "graphite", "mining", "mines", "minerals", "mineral",
                      "metals", "resources", "rare", "earths", "technologies", "technology", "materials", "holdings",
                      "industries", "corp", "corporation", "company", "group", "ltd", "inc", "plc", "refinery",
                      "smelter", "energy", "motors", "steel", "chemicals", "chemical"}
def without_office_fields(text: str, start: int, words: list[str]) -> tuple[int, list[str]]:
    """The words of a name that starts at `start` in `text`, less the fields of an office run into it
    after "of", "and", "for" ("Minister of Natural Resources and Environment Tran Hong Ha"), and where
    what is left starts."""
    while len(words) > 2 and words[0].lower() in OFFICE_FIELDS and re.search(r"\b(?:of|and|for|&)\s+$", text[:start]):
        start += len(words[0]) + 1
        words = words[1:]
    return start, words


# The last word of an event's name, never of a person's: "the Rwandan Genocide", "the Washington Accords".
EVENT_NAME_WORDS = {"genocide", "war", "crisis", "revolution", "massacre", "conflict", "ceasefire", "accords", "accord",
                    "agreement", "treaty", "declaration", "summit", "conference", "talks", "protocol"}
# A dateline ("SEJONG, January 14 -") or a heading label ("Background:") at the start of a line.
_LINE_OPENER = re.compile(r"(?:^|\n)[ \t]*$")
_DATELINE_OR_LABEL = re.compile(r":|,\s*(?:[A-Z][\w.]*,\s*)?(?:" + "|".join(m[:3] for m in MONTHS) + r"|\d)")


# A plural subject: "Quotas are shared", "Volumes were cut" (a person takes "is", "was", "has"); not the
# last of two subjects joined ("Lula and Xi have met").
_PLURAL_SUBJECT = re.compile(r"(?<!\band )(?<!& )(?<!, )\b[A-Z][a-z]+s\s+(?:are|were|have|remain)\b")


def _common_word(text: str, ent, name: str) -> bool:
    """A one-word "person" that is an ordinary word: a plural noun as a subject ("Volumes are shared"),
    a word that also appears in lower case in the article ("Producer governments" beside "a producer"),
    a word that opens the article or a line before a comma or colon (a dateline or a heading label)."""
    if _PLURAL_SUBJECT.match(text, ent.start_char):
        return True
    if re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", text):
        return True
    return bool(_LINE_OPENER.search(text[:ent.start_char])) and bool(_DATELINE_OR_LABEL.match(text[ent.end_char:]))


def _beside_company(text: str, ents: tuple, ent) -> bool:
    """"Zhejiang Huayou Cobalt and Sinomine": a one-word name listed beside a company is a company.
    `text` and `ents`: doc.text and doc.ents, taken once (spaCy builds each anew from every token on
    each access)."""
    for other in ents:
        gap = text[other.end_char:ent.start_char] if other.end_char <= ent.start_char else \
            text[ent.end_char:other.start_char]
        if other is not ent and re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or)\s*", gap) and any(
                w.lower() in COMPANY_NAME_WORDS for w in other.text.split()):
            return True
    return False


# ", a British-Australian mining consortium": an appositive that makes the name a company's.
_COMPANY_APPOSITIVE = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){0,3}?(?:company|consortium|miner|producer|firm|corporation|conglomerate|"
    r"refiner|smelter|developer|joint venture|trader|manufacturer|carmaker|automaker|supplier)\b")
# "lithium mined by Rio Tinto": who mines, owns or runs a thing is a company.
_RUN_BY = re.compile(r"\b(?:mined|owned|operated|produced|run|developed|refined|processed|smelted)\s+by\s+$")
# "the Lobito transport corridor", "the Trump administration": a name used as a modifier of a common noun.
_MODIFIER_AFTER_THE = re.compile(r"(?:^|\W)[Tt]he\s+$")
# The first field of a minister's office, which spaCy may tag as a person: "Coal and Mines Minister X",
# "Trade and Industry Secretary X".
_FIELD_OF_AN_OFFICE = re.compile(r"\s+and\s+(?:[A-Z][a-z]+\s+){1,3}(?:Minister|Secretary|Commissioner)\b")


def _without_country_after_of(name: str) -> str:
    """"Smailov of Kazakhstan" (spaCy runs the country into the name): the name without it, so that the
    country is read as the person's (person_countries.country_after_of)."""
    m = re.fullmatch(r"(.+?)\s+of\s+(?:the\s+)?(.+)", name)
    return m.group(1) if m and m.group(2).lower() in country_lexicon() else name


def _names_a_thing(text: str, ent) -> bool:
    """A PERSON span that names a company or a thing: set off by a company appositive, after "mined by",
    or between "the" and a lower-case noun."""
    before = text[max(0, ent.start_char - 30): ent.start_char]
    after = text[ent.end_char: ent.end_char + 80]
    return bool(_COMPANY_APPOSITIVE.match(after) or _RUN_BY.search(before)
                or _MODIFIER_AFTER_THE.search(before) and re.match(r"\s+[a-z]{3,}\b(?<!\bsaid)", after))


def find_people(doc: Doc, ents: tuple | None = None, text: str | None = None) -> list[Mention]:
    """PERSON entities that look like people's names (not bylines, photo credits, places or clergy).
    `ents` and `text`: doc.ents and doc.text when the caller has them (spaCy builds each anew from every
    token on each access)."""
    # spaCy labels one word differently in different sentences: a name it also calls a place is a place.
    text, ents = doc.text if text is None else text, doc.ents if ents is None else ents
    places = {e.text.lower() for e in ents if e.label_ in ("GPE", "LOC", "FAC")}
    out = []
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        name = clean_person_name(ent.text)
        if not name or _PERSON_NOISE.match(name) or not name[0].isupper():
            continue
        before = text[max(0, ent.start_char - 12): ent.start_char]
        if "/" in before[-2:] or re.search(r"\b(?:By|Photo|Credit|Reporting by|Editing by)\s*:?\s*$", before):
            continue
        if any(ch.isdigit() for ch in name):
            continue
        name = _without_country_after_of(name)
        name = " ".join(without_office_fields(text, ent.start_char + ent.text.find(name), name.split())[1])
        if _names_a_thing(text, ent):
            continue
        # A one-word "person" right after "in" or "at" is a place spaCy mislabelled (in Wilmington).
        if " " not in name and re.search(r"\b(?:in|at|near|from|to|outside)\s+(?:the\s+)?$", before):
            continue
        if name.lower() in country_lexicon() or name.lower() in group_lexicon() or name.lower() in CITIES \
                or name.lower() in LANDMARKS or name.lower() in places:
            continue
        if " " not in name and _common_word(text, ent, name):
            continue
        if name.split()[-1].lower() in EVENT_NAME_WORDS:
            continue  # "the Rwandan Genocide", "the Washington Accords": an event spaCy called a person
        if any(w.lower() in COMPANY_NAME_WORDS for w in name.split()) or " " not in name and any(
                o.label_ == "ORG" and o.text.startswith(name + " ") for o in ents):
            continue  # "Lynas Rare Earths" elsewhere makes "Lynas" the company
        if " " not in name and _beside_company(text, ents, ent):
            continue
        if " " not in name and _FIELD_OF_AN_OFFICE.match(text, ent.end_char):
            continue
        title = re.search(r"(\w+)\.?\s+$", before)
        if name.split()[0].lower().strip(".") in RELIGIOUS_TITLES or (title and title.group(1).lower() in RELIGIOUS_TITLES):
            continue
        start = ent.start_char + ent.text.find(name.split(" ")[0])
        end = start + len(name)
        # spaCy may stop at a hyphen inside a romanised given name: "Koo Yoon" + "-chul".
        tail = re.match(r"-[a-z]+\b|(?:\s(?:von|van|der|den|de|da|del|di|la|le|bin|al))+\s[A-Z][\w\-]+", text[end:end + 30])
        if tail is None and name.split()[-1] in PARTICLES:
            tail = re.match(r"(?:\s(?:von|van|der|den|de|da|del|di|la|le|bin|al))*\s[A-Z][\w\-]+", text[end:end + 30])
        if tail:
            name, end = name + tail.group(0), end + tail.end()
        out.append(Mention("person", start, end, name, name))
    return out
