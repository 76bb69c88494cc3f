"""The second stage of reading an article: what it names. Countries, groups of countries, international
organisations and minerals from our gazetteers, people from spaCy and our title and appositive rules,
with the overlaps between them settled once ("Rio Tinto Group" names no country, "the G7" no member)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.extract.entities import Mention, find_countries, find_groups, find_minerals, find_organizations, find_people
from pipeline.extract.mineral_gazetteer import AMBIGUOUS_MINERAL_FORMS
from pipeline.extract.people import find_appositive_people, find_titled_people
from pipeline.extract.reading_patterns import COMPANY_WORDS

Span = tuple[int, int]


@dataclass(frozen=True)
class Entities:
    """Every mention of one article, in body offsets."""

    countries: tuple[Mention, ...]
    groups: tuple[Mention, ...]
    organizations: tuple[Mention, ...]
    minerals: tuple[Mention, ...]
    people: tuple[Mention, ...]                        # person mentions in text order, before linking
    spacy_orgs: tuple[tuple[int, int, str], ...]       # spaCy's ORG spans: a convener may be one
    places: tuple[tuple[int, int, str], ...]           # spaCy's GPE, LOC and FAC spans: a city we do not list

    @property
    def home_country(self) -> str | None:
        """The country the article names most."""
        counts = Counter(c.value for c in self.countries)
        return counts.most_common(1)[0][0] if counts else None


def _outside(spans: list[Span]):
    return lambda m: not any(s <= m.start < e for s, e in spans)


COMPANY_AFTER = re.compile(r"(?:\s+[A-Z][\w&'’.-]*){0,2}\s+(?:Corp\w*|Inc|Ltd|Limited|Group|Holdings|Co|Company|"
                           r"Mining|Resources|Metals|Minerals|PLC|plc|AG|SA|NV|LLC)\b")
NAME_BEFORE = re.compile(r"(?<![.!?:;\"“‘(]\s)(?<!^)\b[A-Z][\w&'’.-]*\s+$")


def _in_a_name(body: str, m: Mention) -> bool:
    """"Zhejiang Huayou Cobalt", "Ganfeng Lithium": a capitalised mineral after a capitalised word inside a
    sentence ends a company's name; a headline in title case ("China Curbs Gallium Exports") is no name."""
    line_start = body.rfind("\n", 0, m.start) + 1
    line_end = body.find("\n", m.end)
    line = body[line_start:len(body) if line_end < 0 else line_end]
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    title_case = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)
    before = body[max(line_start, m.start - 40):m.start]
    if m.text[:1].isupper() and not title_case and COMPANY_AFTER.match(body, m.end):
        return True  # "Nickel Asia Corp.", "Lithium Americas Inc."
    return m.text[:1].isupper() and not title_case and bool(NAME_BEFORE.search(before)) and \
        bool(re.search(r"\w\s+\S+\s+$", before))


def _minerals(body: str, companies: list[Span]) -> tuple[Mention, ...]:
    """Minerals outside company names; "magnets", "lead", "tin" count only beside an unambiguous mineral
    ("rare earths and magnets")."""
    found = [m for m in find_minerals(body) if _outside(companies)(m) and not _in_a_name(body, m)]
    return tuple(m for m in found if m.text.lower() not in AMBIGUOUS_MINERAL_FORMS or any(
        o.text.lower() not in AMBIGUOUS_MINERAL_FORMS and abs(o.start - m.start) <= 50 for o in found))


def _people(ents: tuple, body: str, spacy_people: list[Mention], countries: list[Mention], taken: list[Span]
            ) -> tuple[Mention, ...]:
    """spaCy's people, then people it missed: "X, the trade minister", "Trade Minister X". Spans spaCy
    tagged as people but find_people dropped (places, clergy) stay unavailable; so do organisations and groups."""
    spacy_spans = [(p.start, p.end) for p in spacy_people]
    extra = [m for m in find_appositive_people(body, countries) if not any(a < m.end and m.start < b for a, b in spacy_spans)]
    dropped = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
    extra += find_titled_people(body, countries, spacy_spans + dropped + [(m.start, m.end) for m in extra] + taken,
                                spacy_people + extra)
    return tuple(sorted(spacy_people + extra, key=lambda m: m.start))


def find_article_entities(doc, body: str | None = None) -> Entities:
    """Everything one parsed article names. A country inside a company's, a group's or an organisation's
    name is not a country mention; a group's span is not an organisation. `body`: doc.text, where the
    caller has it (spaCy joins doc.text and builds doc.ents anew from every token on each access)."""
    body, ents = doc.text if body is None else body, doc.ents
    spacy_people = find_people(doc, ents, body)
    person_spans = [(p.start, p.end) for p in spacy_people]
    companies = [(e.start_char, e.end_char) for e in ents if e.label_ == "ORG" and COMPANY_WORDS.search(e.text)]
    groups = find_groups(body)
    group_spans = [(g.start, g.end) for g in groups]
    organizations = [o for o in find_organizations(body) if _outside(group_spans)(o)]
    org_spans = [(o.start, o.end) for o in organizations]
    countries = [c for c in find_countries(body, 0, person_spans) if _outside(group_spans + companies + org_spans)(c)]
    return Entities(
        countries=tuple(countries), groups=tuple(groups), organizations=tuple(organizations),
        minerals=_minerals(body, companies), people=_people(ents, body, spacy_people, countries, org_spans + group_spans),
        spacy_orgs=tuple((e.start_char, e.end_char, e.text) for e in ents if e.label_ == "ORG"),
        places=tuple((e.start_char, e.end_char, e.text) for e in ents if e.label_ in ("GPE", "LOC", "FAC")))
