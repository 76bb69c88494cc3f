"""Who restricts exports in a sentence, and to whom: the imposing government ("China restricted",
"imposed by China") and the destination ("exports to Japan", "the US-specific ban"), never a country
that is only the object of a preposition or a demonym describing companies. What the sentence
states is restriction_sentence.py; the rows restrictions.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.entities import Mention
from pipeline.extract.lexicon import pattern
from pipeline.extract.restriction_sentence import CLAUSE_BREAK, EXPORT_CUE, Clauses, clause_at, own_step

NOT_A_GOVERNMENT = pattern("not_a_government")
OBJECT_OF_PREPOSITION = pattern("object_of_preposition")
# "the US-specific ban", "US-bound shipments": the country is the destination.
# "politicians from Harare to Kinshasa": a span of places, not a destination.
FROM_PLACE_TO = pattern("from_place_to")
TARGET_ADJECTIVE = pattern("target_adjective")
TARGET = pattern("target_before")
TO_NOT_DESTINATION = pattern("to_not_destination")
# "closed the border to China": the object of "to" imposes nothing, unless a possessive ("due to China's curbs").
AFTER_TO = pattern("object_of_to")
# "China's imports of nickel ore ...": the buyer restricts nothing.
IMPORTER = pattern("importer_after")
# "... imports of nickel ore from Indonesia ... before an export ban": the seller's government bans.
IMPORT_SOURCE = pattern("import_source")
FACILITY = pattern("facility_after")
COMPANY_SUBJECT = pattern("company_subject")
# A country followed by a verb of imposing or stepping acts: "the curbs Beijing placed", "after China suspended it".
ACTING = pattern("acting_after")
# "Its regulator halted ...", "The country's ban ...": the subject is the country just named.
ANAPHORIC_SUBJECT = pattern("anaphoric_subject")
# "Chinese firms have needed a licence to ship": exporters speak for their government's rules.
EXPORTING_FIRMS = pattern("exporting_firms")
# A heading ("Recent rare earth export controls") states no measure; a sentence has a verb.
FINITE_VERB = pattern("finite_verb")


@dataclass(frozen=True)
class Hints:
    """What the article told before the sentence, for a sentence that names no imposer."""

    context_imposer: str | None     # the imposer of the article's previous restriction
    fallback_imposer: str | None    # the country the article is most about: "They add holmium ..."
    previous_country: str | None    # the first country of the previous sentence: "Its regulator halted ..."


@dataclass(frozen=True)
class Actors:
    """The countries of a sentence that restricts exports: its imposer and each one's part."""

    imposer: str                            # the sentence's imposer, when a mineral's own clause names none
    basis: str                              # sentence, or context when the imposer or the word export came from before
    targets: tuple[tuple[int, str], ...]    # (start, iso3) of each destination, in the order named
    candidates: tuple[Mention, ...]         # countries that may impose: no destination, company or object
    agents: tuple[Mention, ...]             # candidates after the cue that act: "controls imposed by China"


def governing_cue(cues: list[re.Match], minerals: list[Mention], s_off: int) -> int:
    """Where the cue that governs the minerals starts: the last one before the first mineral
    ("China banned exports of gallium"), else the first of all ("gallium exports were banned")."""
    first_mineral = min(m.start for m in minerals) - s_off
    governing = [c.start() for c in cues if c.start() <= first_mineral]
    return max(governing) if governing else min(c.start() for c in cues)


def find_targets(sentence: str, s_off: int, countries: list[Mention]) -> tuple[tuple[int, str], ...]:
    """The destinations of the exports: "exports to Japan", "shipments bound for the US", "the
    US-specific ban"; not "politicians from Harare to Kinshasa" nor "in response to U.S. tariffs"."""
    targets: dict[int, str] = {}
    for c in countries:
        rel = c.start - s_off
        if TARGET.search(sentence[max(0, rel - 30): rel]) and any(e.start() < rel for e in EXPORT_CUE.finditer(sentence)) \
                and not FROM_PLACE_TO.search(sentence[max(0, rel - 40): rel]) \
                and not TO_NOT_DESTINATION.search(sentence[max(0, rel - 40): rel]):
            targets[c.start] = c.value
        elif TARGET_ADJECTIVE.match(sentence[c.end - s_off:]):
            targets[c.start] = c.value
    return tuple(targets.items())


def company_demonyms(sentence: str, s_off: int, countries: list[Mention], target_starts: set[int]) -> list[Mention]:
    """Demonyms describing companies, not their government: "Chinese investors", "Japanese buyers"."""
    return [c for c in countries if c.start not in target_starts
            and c.form == "demonym" and NOT_A_GOVERNMENT.match(sentence[c.end - s_off:])]


def imposer_candidates(sentence: str, s_off: int, countries: list[Mention], target_starts: set[int],
                       companies: list[Mention]) -> list[Mention]:
    """Countries that may impose: a subject ("China restricted", "Beijing's controls"), never a
    destination, a company's demonym or the object of a preposition ("dependence on China")."""
    return [c for c in countries if c.start not in target_starts and c not in companies
            and not OBJECT_OF_PREPOSITION.search(sentence[max(0, c.start - s_off - 14): c.start - s_off])
            and not (c.form != "possessive" and AFTER_TO.search(sentence[max(0, c.start - s_off - 8): c.start - s_off]))
            and not IMPORTER.match(sentence[c.end - s_off:]) and not FACILITY.match(sentence[c.end - s_off:])]


def acting_agents(sentence: str, s_off: int, candidates: list[Mention], first_cue: int) -> list[Mention]:
    """Candidates after the cue that impose: the agent of a passive ("controls imposed by China") or
    the subject of a verb of imposing ("the curbs Beijing placed on ...", "after China suspended it")."""
    return [c for c in candidates if c.start - s_off > first_cue
            and (re.search(r"\bby\s+(?:the\s+)?$", sentence[max(0, c.start - s_off - 8): c.start - s_off])
                 or ACTING.match(sentence[c.end - s_off:]))]


def choose_imposer(sentence: str, has_export: bool, hints: Hints, before: list[Mention], agents: list[Mention],
                   exporting: list[Mention], sellers: list[Mention] = ()) -> tuple[str | None, str]:
    """(imposer, basis): the last candidate before the cue ("China banned"), else the first agent
    after it ("imposed by China"), else exporters' own government ("Chinese firms need a licence to
    ship"), else what the article told before (`hints`). The imposer is None when nothing names one."""
    basis = "sentence" if has_export else "context"
    if before:
        return before[-1].value, basis
    if agents:
        return agents[0].value, basis
    if exporting and has_export:
        # "Chinese companies have needed a licence to ship ... abroad": their own government restricts.
        return exporting[0].value, basis
    if sellers and has_export:
        return sellers[0].value, basis
    if hints.context_imposer:
        return hints.context_imposer, "context"
    if hints.previous_country and ANAPHORIC_SUBJECT.match(sentence):
        return hints.previous_country, "context"
    if hints.fallback_imposer and has_export and FINITE_VERB.search(sentence):
        return hints.fallback_imposer, "context"
    return None, basis


def read_actors(sentence: str, s_off: int, countries: list[Mention], minerals: list[Mention], cues: list[re.Match],
                has_export: bool, hints: Hints) -> Actors | None:
    """Imposer, destinations and candidate imposers of a sentence: "China banned gallium exports to
    the US" is imposer CHN, target USA. None when no imposer is named or told before."""
    first_cue = governing_cue(cues, minerals, s_off)
    targets = find_targets(sentence, s_off, countries)
    target_starts = {start for start, _ in targets}
    companies = company_demonyms(sentence, s_off, countries, target_starts)
    exporting = [c for c in companies if EXPORTING_FIRMS.match(sentence[c.end - s_off:]) and c.start - s_off < first_cue]
    candidates = imposer_candidates(sentence, s_off, countries, target_starts, companies)
    before = [c for c in candidates if c.start - s_off <= first_cue]
    agents = acting_agents(sentence, s_off, candidates, first_cue)
    if not before and not agents and COMPANY_SUBJECT.match(sentence):
        return None  # "Harbor Metals said it has stopped shipping ore to China": a company's decision
    sellers = [c for c in countries if IMPORT_SOURCE.search(sentence[max(0, c.start - s_off - 60): c.start - s_off])]
    imposer, basis = choose_imposer(sentence, has_export, hints, before, agents, exporting, sellers)
    if imposer is None:
        return None
    return Actors(imposer, basis, targets, tuple(candidates), tuple(agents))


def imposer_of(sentence: str, s_off: int, actors: Actors, mineral: Mention) -> str:
    """The imposer of one mineral: with several countries ("Zimbabwe barred lithium, and Indonesia
    halts nickel") the one nearest before the mineral, when a clause break separates it from the others."""
    rel = mineral.start - s_off
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(sentence) if m.end() <= rel]
    lo = breaks[-1] if breaks else 0
    # In the mineral's own clause an acting country counts too: "..., and in June Namibia barred lithium".
    own = [c for c in actors.candidates if lo <= c.start - s_off < rel and (c not in actors.agents or lo > 0)]
    if own:
        return own[-1].value
    preceding = [c for c in actors.candidates if c.start - s_off < rel and c not in actors.agents]
    return preceding[-1].value if preceding and breaks else actors.imposer


def target_of(actors: Actors, clauses: Clauses, s_off: int, mineral: Mention, imposer_iso3: str) -> str | None:
    """The destination of one mineral: one in its own clause ("and lithium to Japan"); the sentence's
    when the clause has no cue of its own. Never the mineral's own imposer."""
    clause = clause_at(clauses, mineral.start - s_off)
    own = [t for start, t in actors.targets if clause_at(clauses, start - s_off) == clause and t != imposer_iso3]
    if own or own_step(clauses, mineral.start - s_off) is not None:
        return own[0] if own else None
    values = [t for _, t in actors.targets if t != imposer_iso3]
    return values[0] if values else None
