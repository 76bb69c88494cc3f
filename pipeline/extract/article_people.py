"""The third stage of reading an article: its people. Mentions of one person are linked ("Xi Jinping"
... "Xi"), each person gets the best role the text gives and a country: read beside a name, stated for
"the two countries' ministers, A and B", else guessed from the text around them (article_countries.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.extract.document import Document
from pipeline.extract.entities import OFFICE_FIELDS, Mention
from pipeline.extract.people import PersonReading, read_person
from pipeline.extract.person_roles import HONORIFICS, OPENING_WORDS, TITLE_HEADS, TITLE_QUALIFIERS
from pipeline.extract.reading_patterns import _OFFICE_WORDS, _PINYIN_SYLLABLE, _PINYIN_WORD, TWO_COUNTRIES_PEOPLE

NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


@dataclass(frozen=True)
class Person:
    """One person in one article: every mention of them, their best name, role and country, and how each
    was found. `org` is the international body they speak for ("European Commission President X")."""

    key: int
    name: str
    mentions: tuple[Mention, ...]
    role: str | None = None
    role_source: str | None = None          # before (a title in front) | appositive
    country: str | None = None
    country_source: str | None = None       # as read by people.read_person, respective, guess, host, organization
    org: str | None = None


@dataclass(frozen=True)
class People:
    """The people of one article, found by any of their mentions."""

    persons: tuple[Person, ...] = ()
    _by_start: MappingProxyType = field(default_factory=lambda: MappingProxyType({}), repr=False)

    @classmethod
    def of_persons(cls, persons) -> "People":
        persons = tuple(persons)
        return cls(tuple(persons), MappingProxyType({m.start: p.key for p in persons for m in p.mentions}))

    def of(self, m: Mention) -> Person:
        """The person a mention belongs to."""
        return self.persons[self._by_start[m.start]]

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        """Person mentions starting in [lo, hi), person by person."""
        return [m for p in self.persons for m in p.mentions if lo <= m.start < hi]

    def with_country(self, p: Person, iso3: str, source: str) -> "People":
        persons = list(self.persons)
        persons[p.key] = replace(p, country=iso3, country_source=source)
        return People(tuple(persons), self._by_start)


@dataclass
class Draft:
    """A person while the people stage reads them; frozen into a Person at its end."""

    key: int
    name: str
    mentions: list[Mention] = field(default_factory=list)
    role: str | None = None
    role_source: str | None = None
    country: str | None = None
    country_source: str | None = None


def name_words(name: str) -> list[str]:
    """The words of a name that identify the person: "Joseph R. Biden Jr." -> Joseph, Biden."""
    words = name.split()
    core = [w for w in words if w.lower().strip(".,") not in NAME_SUFFIXES and not re.fullmatch(r"[A-Z]\.?", w)]
    return core or words


def office(role: str) -> str:
    """The words of a role that name the office whichever country holds it: "South Korean President" -> "president"."""
    return " ".join(w.lower() for w in _OFFICE_WORDS.findall(role))


def pinyin_name(name: str) -> bool:
    """"Wang Wentao", "Xi Jinping", "He Lifeng": two or three words, each one or two pinyin syllables,
    the family name first and one syllable long."""
    words = name.lower().split()
    return 2 <= len(words) <= 3 and all(_PINYIN_WORD.fullmatch(w) for w in words) and len(words[0]) <= 5 and bool(
        re.fullmatch(_PINYIN_SYLLABLE, words[0]))


def link_people(mentions: list[Mention]) -> list[Draft]:
    """Group a person's mentions in one article: a surname alone joins the full name it belongs to."""
    people: list[Draft] = []
    for m in mentions:
        tokens = " ".join(name_words(m.text)).lower().replace("-", " ").split()
        match = None
        for p in people:
            full = " ".join(name_words(p.name)).lower().replace("-", " ").split()
            if tokens == full or (len(tokens) == 1 and tokens[0] in full) or (
                    len(tokens) < len(full) and tokens and tokens[-1] == full[-1] and tokens[0] in full):
                match = p
                break
            if len(full) == 1 and len(tokens) > 1 and full[0] in tokens:
                p.name = m.text
                match = p
                break
        if match is None:
            match = Draft(len(people), m.text)
            people.append(match)
        match.mentions.append(m)
    return people


def _surname_keys(p: Draft, others: list[Draft]) -> set[str]:
    """The words a person is later called by: the family name, first in "Koo Yoon-chul", "Xi Jinping",
    "Wang Wentao" (the hyphen, a short first word or a pinyin name tells). The first word of any other
    full name too: news calls "Yoon Suk Yeol" Yoon, "Prabowo Subianto" Prabowo, "Anwar Ibrahim" Anwar
    (family name first, or a given name used as the name), while a first name such as "Scott" alone is
    rare and, where it occurs, most often means the article's only Scott. A first word that another
    person of the article also has in their name ("Kim Min-jun", "Kim Tae-ho") is no key of either."""
    words = name_words(p.name)
    keys = {words[-1]}
    if len(words) < 2 or any(words[0] in name_words(o.name) for o in others if o is not p):
        return keys
    if "-" in words[-1] or len(words) == 2 and (len(words[0]) <= 3 or pinyin_name(p.name)) or (
            len(words[0]) >= 3 and words[0].lower() not in STOP_WORDS):
        keys.add(words[0])
    return keys


def find_surnames(people: list[Draft], body: str) -> None:
    """Later mentions by surname alone ("Carney and Modi met") that spaCy did not tag as people; a person
    spaCy knew by one name in one sentence ("Trump said") is the same name in the others ("after Trump and
    Xi held talks")."""
    taken = [(m.start, m.end) for p in people for m in p.mentions]
    for p in people:
        if len(p.name.split()) < 2 and not re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", p.name):
            continue
        for key in _surname_keys(p, people):
            # A family name that is also an English word ("He Lifeng", "Long Hui") counts only inside
            # a sentence, where the capital shows it is a name: "met He in London", not "He said".
            common = key.lower() in STOP_WORDS or re.search(rf"(?<![\w-]){re.escape(key.lower())}(?![\w-])", body)
            for m in re.finditer(rf"(?<![\w-]){re.escape(key)}(?![\w-])", body):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                if common and body[:m.start()].rstrip(" \t")[-1:] in ("", *".!?:;\n\"“‘(-–—"):
                    continue
                p.mentions.append(Mention("person", m.start(), m.end(), key, p.name))
                taken.append((m.start(), m.end()))
        p.mentions.sort(key=lambda m: m.start)



# A given name or a middle initial: "Caleb", "Đedović", "C.".
_GIVEN = r"(?:[A-ZÀ-ÖØ-ÞĀ-ſ][a-zà-öø-ÿĀ-ſ’']+(?:-[A-Za-zà-öø-ÿĀ-ſ’']+)*|[A-Z]\.)"
# Capitalised words in front of a surname that are no given name ("Affairs Orr", "Minister Orr").
_NOT_GIVEN = {"affairs", "state", "foreign", "trade", "prime", "general", "finance", "economy", "energy",
              "commerce", "defence", "defense", "mines", "mining", "resources", "treasury", "industry", "exchequer",
              "cabinet", "council", "commission", "parliament", "senate", "ministry", "department", "office", "agency",
              "january", "february", "march", "april", "june", "july", "august", "september", "october",
              "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "honourable", "honorable", "hon"}   # "the Honourable Jane Roe"


def find_given_names(people: list[Draft], body: str, elsewhere: list[tuple[int, int]]) -> None:
    """A person spaCy knew only by surname ("Orr said") whose full name the text gives where spaCy did not
    tag it, after a long title ("Assistant Secretary of State for Economic Affairs Caleb Orr"): the full
    name becomes theirs, and that place one of their mentions (its title and country are read there).
    A capitalised word that is a title, a stop word, a month or day, inside another entity
    (`elsewhere`), or written in lower case elsewhere in the text is no given name."""
    taken = [(m.start, m.end) for q in people for m in q.mentions] + list(elsewhere)
    for p in people:
        # A surname, or two names of which spaCy may have left out the first ("counterpart Therese
        # Kayikwamba Wagner" tagged "Kayikwamba Wagner").
        if not re.fullmatch(r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w’'-]+(?: [A-ZÀ-ÖØ-ÞĀ-ſ][\w’'-]+)?", p.name):
            continue
        own = {(x.start, x.end) for x in p.mentions}
        for m in re.finditer(rf"(?<![\w’'-])((?:{_GIVEN}\s){{1,3}}){re.escape(p.name)}(?![\w-])", body):
            words = m.group(1).split()
            while words and not all(_given_name(w, body) for w in words):
                words.pop(0)  # "Affairs Caleb Orr": the given name is what follows the title
            start, name_start = m.end() - len(p.name) - len(" ".join(words)) - 1, m.end() - len(p.name)
            if not words or body[start:m.end()] != f"{' '.join(words)} {p.name}" or any(
                    a < m.end() and start < b for a, b in taken if (a, b) != (name_start, m.end()) or (a, b) not in own):
                continue
            p.name = body[start:m.end()]
            p.mentions = sorted([*(x for x in p.mentions if (x.start, x.end) != (name_start, m.end())),
                                 Mention("person", start, m.end(), p.name, p.name)], key=lambda x: x.start)
            break


def _given_name(word: str, body: str) -> bool:
    low = word.lower().rstrip(".")
    if len(word) == 2 and word.endswith("."):
        return True
    titled = any(part in TITLE_HEADS or part.removesuffix("s") in TITLE_HEADS for part in low.split("-"))
    return not (titled or low in STOP_WORDS or low in _NOT_GIVEN or low in TITLE_QUALIFIERS or low in OPENING_WORDS
                or low in HONORIFICS or low in OFFICE_FIELDS or re.search(rf"(?<![\w-]){re.escape(low)}(?![\w-])", body))


def _better_role(p: Draft, r: PersonReading) -> bool:
    """A title in front of the name beats one read from an appositive clause, unless it only repeats a
    word of it: "Minister X" later, "X, Minister of Finance" first."""
    wider = p.role and r.role and set(p.role.lower().split()) < set(r.role.lower().split())
    narrower = p.role and r.role and set(r.role.lower().split()) < set(p.role.lower().split())
    return bool(r.role and not narrower and (
        p.role is None or wider or (r.role_source == "before" and p.role_source != "before")
        or (r.role_source == p.role_source and len(r.role) > len(p.role))))


def read_roles(people: list[Draft], doc: Document, countries: tuple[Mention, ...]) -> None:
    """Each person's role and country as read beside their mentions, sentence by sentence."""
    for s in doc.sentences:
        here = [c for c in countries if s.holds(c)]
        for p in people:
            for m in p.mentions:
                if not s.holds(m):
                    continue
                others = [o for q in people if q is not p for o in q.mentions if s.holds(o)]
                r: PersonReading = read_person(m, s.text, s.start, here, others)
                if _better_role(p, r):
                    p.role, p.role_source = r.role, r.role_source
                if p.country_source == "organization":
                    continue
                if r.country_iso3 and (p.country is None or p.country_source == "title"):
                    p.country, p.country_source = r.country_iso3, r.country_source
                elif r.country_source == "organization" and p.country_source in (None, "title"):
                    p.country, p.country_source = None, "organization"


def respective_countries(people: list[Draft], body: str, countries: tuple[Mention, ...]) -> None:
    """"Presidents X of Congo and Y of Rwanda ... the two countries' foreign ministers, A and B": A
    stands for the first of the two countries named last, B for the second."""
    for m in TWO_COUNTRIES_PEOPLE.finditer(body):
        named = []
        for c in sorted((c for c in countries if c.end <= m.start() and c.form != "capital"), key=lambda c: -c.start):
            if c.value not in named:
                named.insert(0, c.value)
            if len(named) == 2:
                break
        listed, at = [], m.end()
        for start, _, _, p in sorted((x.start, x.end, q.key, q) for q in people for x in q.mentions if x.start >= at):
            if not re.fullmatch(r"\s*(?:,|,?\s*and)?\s*", body[at:start]):
                break
            listed.append(p)
            at = next(x.end for x in p.mentions if x.start == start)
        if len(named) == 2 and len(listed) == 2:
            for p, iso in zip(listed, named):
                if p.country is None and p.country_source != "organization":
                    p.country, p.country_source = iso, "respective"


def person_org(p: Draft, organizations: tuple[Mention, ...], body: str) -> str | None:
    """The international organisation a person speaks for, from the title next to any of their
    mentions: "European Commission President X", "the EU's trade commissioner, X", "X, head of the IEA"."""
    for m in p.mentions:
        for o in organizations:
            before = 0 <= m.start - o.end <= 45 and not re.search(r"[.;]|\b(?:and|with|met)\b", body[o.end:m.start])
            after = 0 <= o.start - m.end <= 45 and re.match(r",\s+(?:the\s+)?(?:[\w-]+\s+){0,4}(?:of|at)\s+(?:the\s+)?$",
                                                             body[m.end:o.start])
            if before or after:
                return o.value
    return None


def freeze(people: list[Draft], organizations: tuple[Mention, ...], body: str) -> People:
    return People.of_persons(Person(p.key, p.name, tuple(p.mentions), p.role, p.role_source, p.country,
                                    p.country_source, person_org(p, organizations, body)) for p in people)
