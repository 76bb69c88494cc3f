"""Titles (roles) of people and the country they represent, read from the words around the name
("Italy's Finance Minister X", "X, Japan's finance minister,"). Which words are people is people.py;
the country a person stands for when no title gives it is person_countries.py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.extract.entities import APOSTROPHES, Mention
from pipeline.extract.person_countries import (PersonInSentence, PersonReading, country_after_of, country_from_title,
                                               represented_country)
from pipeline.extract.title_words import (HONORIFICS, INTERNATIONAL_BODIES, OPENING_WORDS, TITLE_HEADS, TITLE_JOINERS,
                                          TITLE_QUALIFIERS)


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


def shared_title(before: str, countries: Sequence[Mention], others: Sequence[Mention], offset: int) -> str | None:
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


# "... of Economy", "... for Economic Growth, Energy": the fields an office is for, listed with commas.
_FIELDS = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
_MINISTRY_LIST = re.compile(rf"\b(?:for|of)\s+(?:the\s+)?{_FIELDS}(?:,\s+(?:and\s+)?(?:the\s+)?{_FIELDS})*$")
# "Ambassador to Chile", "Special Envoy to the Philippines": the country the post is sent to.
_SENT_TO = re.compile(r"\b(?:[Aa]mbassador|[Ee]nvoy|[Rr]epresentative|[Cc]onsul(?:[ -][Gg]eneral)?|[Hh]igh [Cc]ommissioner)"
                      r"\s+(to\s+(?:the\s+)?)$")


def _ministry_list(before_comma: str) -> bool:
    return bool(_MINISTRY_LIST.search(before_comma))


def title_words_before(at: PersonInSentence) -> tuple[list[str], str | None, str | None]:
    """The capitalised words and joiners right before the name, and the country word in front of them
    with how it was written: "Italy's Finance Minister X" -> ["Finance", "Minister"], "ITA", "possessive"."""
    country_by_end = {c.end: c for c in at.countries}
    tokens = list(_WORD.finditer(at.before))
    role_words: list[str] = []
    country = None
    source = None
    comma = False
    i = len(tokens) - 1
    while i >= 0:
        tok = tokens[i]
        word = tok.group(0)
        abs_end = tok.end() + at.offset
        # "Italy's" / "U.S." / "Japanese" just before the title: the country, and the title ends here.
        hit = country_by_end.get(abs_end) or country_by_end.get(abs_end - 2)
        if hit is not None and hit.end <= tok.start() + at.offset:
            hit = None  # "Korea - Trump": the country ends two characters before a dash, not inside this word
        sent_to = hit is not None and hit.form == "name" and _SENT_TO.search(at.text[: hit.start - at.offset])
        if sent_to:
            # "Canadian Ambassador to Chile X": the host country is part of the title, not the envoy's own.
            role_words[:0] = (sent_to.group(1) + at.text[hit.start - at.offset: hit.end - at.offset]).split()
            while i >= 0 and tokens[i].start() >= sent_to.start(1):
                i -= 1
            continue
        if hit is not None and hit.form == "name" and re.search(r"\bfor\s+(?:the\s+)?$", at.text[: hit.start - at.offset]):
            break  # "Greer for the U.S. and Vice Premier He Lifeng": the country closes the item before
        if hit is not None and (hit.form in ("possessive", "demonym") or word.replace(".", "").isupper()
                                or hit.form == "name"):
            of_before = hit.form == "name" and re.search(r"\bof\s+(?:the\s+)?$", at.text[: hit.start - at.offset])
            if of_before and role_words:
                break  # "Modi of India and Prime Minister Kishida": India is Modi's, not Kishida's
            country, source = hit.value, ("possessive" if hit.form == "possessive" else "adjective")
            if not of_before:
                break
            # "Prime Minister of Japan Fumio Kishida": the title goes on before "of Japan".
            while i >= 0 and tokens[i].start() + at.offset >= hit.start:
                i -= 1
            continue
        bare = word.strip(APOSTROPHES)
        if word == "," and role_words and _ministry_list(at.before[:tok.start()]):
            i -= 1  # "Minister of Economy, Trade and Industry X": the comma lists the office's fields
            comma = True
            continue
        if word == "," or any(o.start <= abs_end - 1 < o.end for o in at.others):
            break
        if bare[:1].isupper() or bare.lower() in TITLE_JOINERS:
            role_words.insert(0, bare + ("," if comma else ""))
            comma = False
            i -= 1
            continue
        break
    return role_words, country, source


def owned_title_before_comma(at: PersonInSentence, reading: PersonReading) -> PersonReading:
    """A lower-case title after a possessive or an adjective, set off by a comma: "Japan's new prime
    minister, X", "the EU's trade commissioner, X", "the British chancellor, X"; or right before the name
    when it is only title words: "Rwanda's foreign affairs minister X"."""
    m = re.search(rf"([A-Z][\w.\-]*)([{APOSTROPHES}]s)?\s+((?:[a-z\-]+\s+){{0,5}}?[a-z\-]+)\s*(,)?\s*$", at.before)
    if not m or not m.group(4) and any(w in STOP_WORDS and w not in TITLE_JOINERS for w in m.group(3).split()):
        return reading
    # The country the title belongs to ends right before it; a plain name only for "DR Congo counterpart X".
    owner_ends = {at.offset + m.end(1), at.offset + m.end(2 if m.group(2) else 1)}  # with or without the 's
    counterpart = m.group(3).split() == ["counterpart"]
    owner = next((c for c in at.countries if c.end in owner_ends and c.start <= at.offset + m.start(1)
                  and (m.group(2) or c.form == "demonym" or counterpart)), None)
    # "the European Union's internal market commissioner, X": a body named in several words.
    near = max(0, m.start(1) - 40)
    body = next((b for b in INTERNATIONAL_BODIES.finditer(at.before[near:m.end(1)])
                 if b.end() == m.end(1) - near), None) if m.group(2) else None
    words = [w for w in m.group(3).split() if w not in TITLE_QUALIFIERS]
    cand = _clean_role(words) if words and words[-1] in TITLE_HEADS else None
    if not (cand and (owner or body)):
        return reading
    if words[-1] != "counterpart":  # "his Chinese counterpart, X" gives a side, not a title
        reading = replace(reading, role=_capitalised(cand), role_source="before")
    if owner and reading.country_iso3 is None:
        reading = replace(reading, country_iso3=owner.value,
                          country_source="possessive" if m.group(2) else "adjective")
    elif body and reading.country_iso3 is None:
        reading = replace(reading, country_source="organization")
    return reading


def sent_title_before_comma(at: PersonInSentence, reading: PersonReading) -> PersonReading:
    """A country's own lower-case title set off by a comma: "France sent its economy and finance
    minister, X, and Italy its economy minister, Y"."""
    m = re.search(r"(?:\b([A-Z][\w.\-]*)\s+(?:sent\s+)?)?\b(?:its|their)\s+((?:[a-z\-]+\s+){0,5}?[a-z\-]+)\s*,\s*$",
                  at.before)
    words = [w for w in m.group(2).split() if w not in TITLE_QUALIFIERS] if m else []
    if not (words and words[-1] in TITLE_HEADS and words[-1] != "counterpart" and _clean_role(words)):
        return reading
    reading = replace(reading, role=_capitalised(_clean_role(words)), role_source="before")
    owner = m.group(1) and next((c for c in at.countries if c.start == at.offset + m.start(1)), None)
    if owner and reading.country_iso3 is None:
        reading = replace(reading, country_iso3=owner.value, country_source="represented")
    return reading


def capitalised_title_before_comma(at: PersonInSentence, reading: PersonReading) -> PersonReading:
    """A capitalised title set off by a comma before the name: "Japan's Finance Minister, Satsuki
    Katayama", "the President of the United States, Donald J. Trump"."""
    m = re.search(r"(?:^|[\s(])((?:[A-Z][\w\-]*|of|and|for|the)(?:\s+(?:[A-Z][\w\-]*|of|and|for|the)){0,6})\s*,\s*$",
                  at.before)
    if not m:
        return reading
    start = at.offset + m.start(1)
    # The words of a country inside the title are no part of it.
    cand = _clean_role([w for w in m.group(1).split()
                        if not any(c.start <= start + m.group(1).find(w) < c.end for c in at.countries)])
    if not cand:
        return reading
    reading = replace(reading, role=cand, role_source="before")
    inner = [c for c in at.countries if start - 12 <= c.start < at.offset + m.end(1)]
    if inner and reading.country_iso3 is None:
        reading = replace(reading, country_iso3=inner[-1].value, country_source="appositive")
    return reading


def appositive_phrase(at: PersonInSentence) -> tuple[str, int] | None:
    """The clause set off by a comma after the name and where it starts in the body: "X, Italy's
    finance minister, said" -> "Italy's finance minister"; none for the next item of a list."""
    m = re.match(r"\s*,\s*(?:the\s+|a\s+|who\s+is\s+|who\s+serves\s+as\s+)?(.{0,80}?)(?:,|\.(?=\s*$)|;|$| who | said| told)",
                 at.after)
    if m and re.match(r"(?:and|or|but|while|with)\b", m.group(1)):
        return None  # the next item of a list, not an appositive
    if m and any(at.person.end + m.start(1) <= o.start < at.person.end + m.end(1) for o in at.others):
        return None  # "Modi, South Korean President Lee Jae-myung and ...": the next person's title
    return (m.group(1), at.person.end + m.start(1)) if m else None


def _title_after_owner(tail: str) -> str | None:
    """The title after the owner's name in an appositive: "'s foreign policy chief" -> "foreign policy chief"."""
    words = tail.lstrip(APOSTROPHES).removeprefix("s").split()
    return _clean_role(_up_to_title_head([w for w in words if w.replace("-", "").isalpha() or w in TITLE_JOINERS]))


def _title_before_body(head: str) -> str | None:
    """"Commissioner for Trade of the European Commission" -> "Commissioner for Trade"."""
    cut = re.sub(r"\s+(?:of|at)\s+(?:the\s+)?$", "", head)
    return _clean_role([w for w in cut.split() if w.replace("-", "").isalpha() or w in TITLE_JOINERS]) if cut != head else None


def read_appositive(at: PersonInSentence, reading: PersonReading) -> PersonReading:
    """Title and country from the clause after the name: "Giorgetti, Italy's finance minister,", "Reeves,
    the British chancellor", "Kallas, the EU's foreign policy chief,", "Li, the country's trade negotiator"."""
    found = appositive_phrase(at)
    if found is None:
        return reading
    phrase, phrase_start = found
    inner = [c for c in at.countries if phrase_start <= c.start < phrase_start + len(phrase)]
    body = INTERNATIONAL_BODIES.search(phrase)
    if body and not (inner and inner[0].start < phrase_start + body.start()):
        # "Kallas, the EU's foreign policy chief,": she speaks for the EU, not a country.
        cand = _title_after_owner(phrase[body.end():]) or _title_before_body(phrase[:body.start()])
        if cand and reading.role is None:
            reading = replace(reading, role=_capitalised(cand), role_source="appositive")
        if cand and reading.country_iso3 is None:
            reading = replace(reading, country_source=reading.country_source or "organization")
        return reading
    if inner:
        return appositive_with_country(phrase, phrase_start, inner[0], reading)
    return appositive_own_office(at, phrase, reading)


def appositive_with_country(phrase: str, phrase_start: int, first: Mention, reading: PersonReading) -> PersonReading:
    """An appositive that names a country (`first`, the first in it): "Italy's finance minister",
    or the title before "of COUNTRY": "Chancellor of the Exchequer of the United Kingdom"."""
    cand = _title_after_owner(phrase[first.end - phrase_start:])
    if cand is None:
        head = re.sub(r"\s+of\s+(?:the\s+)?$", "", phrase[:first.start - phrase_start])
        if head != phrase[:first.start - phrase_start]:
            cand = _clean_role(head.split())
    if not cand:
        return reading
    if reading.role is None:
        reading = replace(reading, role=_capitalised(cand), role_source="appositive")
    if reading.country_source != "organization":
        reading = replace(reading, country_iso3=reading.country_iso3 or first.value,
                          country_source=reading.country_source or "appositive")
    return reading


def appositive_own_office(at: PersonInSentence, phrase: str, reading: PersonReading) -> PersonReading:
    """An appositive title without a country: "the country's trade negotiator", "its minister for
    electronics" (the country named last before the name), "director-general of the Foreign Ministry"."""
    words = phrase.split()
    if not (words and any(w.lower().strip(APOSTROPHES) in TITLE_HEADS for w in words) and (
            len(words) <= 6 or len(words) <= 12 and words[0].lower() in ("its", "their", *TITLE_HEADS)
            and words[1] in ("of", "for", *TITLE_HEADS))):
        return reading
    own = re.match(rf"(?:(?:(?:the|his|her|its|their)\s+)?(?:country|nation|government)[{APOSTROPHES}]s|its|their)\s+",
                   phrase)
    if own:
        words = phrase[own.end():].split()
    if len(words) > 2 and words[0].lower() in TITLE_HEADS and words[1] in ("of", "for"):
        # "Kanai, director-general of the Foreign Ministry's Asian Affairs Bureau,": the whole office.
        cand = _clean_role(words)
    else:
        cand = _clean_role(_up_to_title_head([w for w in words if w.replace("-", "").isalpha() or w in TITLE_JOINERS]))
    if cand and reading.role is None:
        reading = replace(reading, role=_capitalised(cand), role_source="appositive")
    # "China's delegation ... and Li, the country's trade negotiator": the country named last before.
    earlier = [c for c in at.countries if c.end <= at.person.start and c.form != "capital"]
    if own and cand and reading.country_iso3 is None and earlier:
        reading = replace(reading, country_iso3=earlier[-1].value, country_source="appositive")
    return reading


def read_person(person: Mention, text: str, offset: int, countries: list[Mention],
                others: list[Mention] = ()) -> PersonReading:
    """Role and country of `person` from the sentence `text` (which starts at body offset `offset`);
    `others` are the other people of the sentence, whose names end a title ("... Minister X and
    Environment Minister Y": Y's title stops at X). The readers below go from the surest to the
    loosest, and each adds only what the ones before it did not find."""
    at = PersonInSentence(person, text, offset, tuple(countries), tuple(others))
    # 1. Title before the name: "Italy's Finance Minister X", else a plural one shared by a list of names.
    words, country, source = title_words_before(at)
    role = _clean_role(words) or shared_title(at.before, at.countries, at.others, offset)
    reading = PersonReading(person.text, role, country, source, "before" if role else None)
    reading = country_after_of(at, reading)
    if not words:
        # No capitalised words before the name: a title may be set off by a comma.
        for read in (owned_title_before_comma, sent_title_before_comma, capitalised_title_before_comma):
            if reading.role is None:
                reading = read(at, reading)
    # 2. Appositive after the name: "Giorgetti, Italy's finance minister," / "Reeves, the British chancellor".
    if reading.role is None or reading.country_iso3 is None:
        reading = read_appositive(at, reading)
    reading = represented_country(at, reading)
    return country_from_title(reading)
