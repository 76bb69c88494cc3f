"""A country for each person the text does not give one: the country the text around their mentions is
most about, never that of someone across the table from them. Part of the people stage (article_people.py)."""

from __future__ import annotations

import itertools
import re
from collections import Counter

from pipeline.extract import meetings as mt
from pipeline.extract.article_entities import Entities
from pipeline.extract.article_people import Draft, office, pinyin_name
from pipeline.extract.document import Document, Sentence
from pipeline.extract.entities import LANDMARKS, Mention
from pipeline.extract.reading_patterns import OPPOSITE_SIDES, PLACE_BEFORE, PLACE_NOUN_AFTER
from pipeline.extract.title_words import TITLE_HEADS


def seats(body: str) -> list[Mention]:
    """Governments named by a building ("the White House said") as mentions of their country; a
    capital as a seat of government is already a country mention of form capital."""
    out = []
    for landmark, (_, iso3) in LANDMARKS.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(landmark)}(?![\w-])", body, re.I):
            out.append(Mention("seat", m.start(), m.end(), m.group(0), iso3))
    return out


def spots(people: list[Draft], s: Sentence) -> list[tuple[int, int, Draft]]:
    """(start, end, person) of each person mention in the sentence, in text order."""
    return sorted(((m.start, m.end, p) for p in people for m in p.mentions if s.holds(m)), key=lambda x: x[0])


def opposed(people: list[Draft], s: Sentence, body: str) -> set[tuple[int, int]]:
    """Pairs of people (by key) of a sentence who may stand for different countries. Where a word
    such as "met" or "with" splits the people into sides, those across it ("Bessent and Greer met
    He and Li": not Bessent and Greer); otherwise every pair if the sentence has such a word ("Trump
    and Xi met in Busan", "a meeting between X and Y"), and none if not ("a delegation headed by X
    and including Y", "his meeting with X and Y"). Two people in one office ("President X and
    President Y") are always opposed."""
    here = spots(people, s)
    sides = [[]]
    for i, (start, end, p) in enumerate(here):
        if i and OPPOSITE_SIDES.search(body[here[i - 1][1]:start]) and mt.find_cues(s.text):
            sides.append([])
        sides[-1].append(p)
    same_office = {(a.key, b.key) for _, _, a in here for _, _, b in here
                   if a is not b and a.role and b.role and office(a.role) and office(a.role) == office(b.role)}
    if len(sides) == 1:
        if not here or not (OPPOSITE_SIDES.search(body[here[0][1]:s.end])
                            or re.search(r"\bbetween\b", body[s.start:here[0][0]])):
            return same_office
        return {(a.key, b.key) for _, _, a in here for _, _, b in here if a is not b}
    return same_office | {(a.key, b.key) for i, side in enumerate(sides) for a in side
                          for j, other in enumerate(sides) if i != j for b in other if a is not b}


def _across_the_table(p: Draft, n: int, m: Mention, sentence: Sentence, people: list[Draft], body: str) -> set[tuple[int, int]]:
    """Across the table in the sentence that first names the person; in later sentences only the person
    named right beside them across "met" or "with" (a long sentence may go on to other talks: "Trump
    spoke with Putin, and Rubio met Lavrov")."""
    pairs = opposed(people, sentence, body)
    if n:
        here = spots(people, sentence)
        at = next(i for i, spot in enumerate(here) if spot[0] == m.start)
        beside = {here[j][2].key for j in (at - 1, at + 1) if 0 <= j < len(here)}
        pairs = {pair for pair in pairs if pair[1] in beside}
    return pairs


def _scores(p: Draft, firm: list[Draft], people: list[Draft], doc: Document, entities: Entities,
            seat_mentions: list[Mention]) -> tuple[Counter, set]:
    """How much the text around the person is about each country, and the countries they cannot be:
    their sentence counts most, then their paragraph, then the article; a place they travel to or meet
    in ("flew to Seoul", "talks in London") counts little."""
    body = doc.body
    taken = {q.country for q in firm if p.role and q.role and office(p.role) == office(q.role)}
    scores: Counter = Counter()
    for n, m in enumerate(p.mentions):
        sentence = doc.sentence_at(m.start)
        if sentence is None:
            continue
        pairs = _across_the_table(p, n, m, sentence, people, body)
        taken |= {q.country for q in firm if (p.key, q.key) in pairs}
        lo = body.rfind("\n", 0, m.start) + 1
        hi = body.find("\n", m.start)
        hi = len(body) if hi < 0 else hi
        for c in list(entities.countries) + seat_mentions:
            if not lo <= c.start < hi or PLACE_NOUN_AFTER.match(body[c.end:c.end + 20]):
                continue
            place = c.start < doc.dateline.end or PLACE_BEFORE.search(body[max(lo, c.start - 25):c.start])
            weight = (3 if sentence.start <= c.start < sentence.end else 1) * (1 if n == 0 else 0.5)
            scores[c.value] += weight / 3 if place else weight
    for c in entities.countries:
        scores[c.value] += 0.05
    # A name romanised from Mandarin ("Wang Wentao") in an article about China; another name makes
    # China a little less likely.
    if "CHN" in scores:
        scores["CHN"] += 2 if pinyin_name(p.name) else -1
    return scores, taken


def _keep_sides_apart(guessed: list[Draft], people: list[Draft], ranked: dict, score_of: dict, doc: Document,
                      entities: Entities) -> None:
    """People who meet each other in one sentence ("Trump and Xi met in Busan") get different guesses,
    since a meeting needs two parties: the best-ranked guesses that keep them apart."""
    for s in doc.sentences:
        here = [p for p in guessed if any(s.holds(m) for m in p.mentions)]
        pairs = opposed(people, s, doc.body) if 2 <= len(here) <= 4 else set()
        parties = {q.country for q in people if q.country and any(s.holds(m) for m in q.mentions)} | {
            o.value for o in entities.organizations if s.holds(o)}
        if len(parties) >= 2:
            continue  # "the two met Xi and then Li": two parties already; Xi and Li may be one side
        if not any((a.key, b.key) in pairs and a.country == b.country for a in here for b in here):
            continue
        choices = [ranked[p.key][:4] or [None] for p in here]
        best = min((combo for combo in itertools.product(*choices)
                    if all(combo[i] != combo[j] or combo[i] is None for i, a in enumerate(here)
                           for j, b in enumerate(here) if (a.key, b.key) in pairs)),
                   key=lambda combo: -sum(score_of[p.key][c] for p, c in zip(here, combo) if c), default=None)
        for p, iso in zip(here, best or ()):
            p.country = iso


def _titled_by_a_body(p: Draft, organizations: tuple[Mention, ...], body: str) -> bool:
    """"EU trade chief X", "the Commission's trade commissioner X": one whose title names the body they
    speak for is of no country."""
    for m in p.mentions:
        for o in organizations:
            between = body[o.end:m.start]
            if 0 <= m.start - o.end <= 40 and re.fullmatch(r"(?:[’']s)?\s+(?:[\w-]+\s+){1,4}", between) \
                    and any(w.lower() in TITLE_HEADS for w in between.split()):
                return True
    return False


def guess_countries(people: list[Draft], doc: Document, entities: Entities) -> None:
    """A person with no country next to the name gets the one the text around their mentions is most
    about; a government named by its seat ("the White House said", "Beijing's curbs") counts as that
    country. Never the country of someone across the table ("Albanese met Trump": Albanese is not
    American) or of someone who holds the same office ("Chinese President Xi" and "President Trump")."""
    guessed = [p for p in people if not p.country and p.country_source != "organization"
               and not _titled_by_a_body(p, entities.organizations, doc.body)]
    firm = [q for q in people if q.country and q.country_source not in ("guess", "organization")]
    seat_mentions = seats(doc.body)
    ranked, score_of = {}, {}
    for p in guessed:
        scores, taken = _scores(p, firm, people, doc, entities, seat_mentions)
        order = sorted((iso for iso in scores if iso not in taken), key=lambda iso: -scores[iso])
        ranked[p.key], score_of[p.key] = order, scores
        p.country, p.country_source = (order or [None])[0], "guess"
    _keep_sides_apart(guessed, people, ranked, score_of, doc, entities)
