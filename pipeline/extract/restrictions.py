"""Mineral export restrictions in one sentence: who restricts which mineral, to whom, how and when.

Rules follow SPEC section 4: a government measure limiting exports of a mineral; import
tariffs, threats, proposals, denials and 'weaponization' talk are not restrictions. Whether the
sentence states a measure and what each clause tells is restriction_sentence.py, who imposes it on
whom restriction_actors.py; this module makes the rows: one per mineral, with its count, step and date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.extract.dates import DateMention
from pipeline.extract.entities import Mention
from pipeline.extract.lexicon import pattern, word_values
from pipeline.extract.mineral_gazetteer import mineral_parent
from pipeline.extract.reading_patterns import REPORTED_BEFORE
from pipeline.extract.restriction_lifecycle import (  # noqa: F401 - restriction_context imports some from here
    EFFECTIVE_BEFORE_DATE,
    NONE,
    ORIGIN_BEFORE_DATE,
    Lifecycle,
    left_of,
    read_lifecycle,
)
from pipeline.extract.restriction_actors import (  # noqa: F401 - restriction_context imports some from here
    OBJECT_OF_PREPOSITION,
    TARGET_ADJECTIVE,
    Actors,
    Hints,
    imposer_of,
    read_actors,
    target_of,
)
from pipeline.extract.restriction_sentence import (  # noqa: F401 - restriction_context imports some from here
    EXPAND,
    EXPORT_CUE,
    HEDGE_SENTENCE,
    STRONG_CUE,
    Clauses,
    StepReading,
    _cues,
    _hedged,
    clause_at,
    market_power_only,
    own_step,
    read_step,
    split_clauses,
    states_a_measure,
    step_at,
)

# Words of imposing: against EXPAND, the nearer one before a mineral tells imposed or expanded.
IMPOSE = pattern("impose_cue")
ANNOUNCED_BEFORE_DATE = pattern("announced_before_date")
UNTIL_BEFORE_DATE = pattern("until_before_date")
OTHER_EVENT_BEFORE_DATE = pattern("other_event_before_date")
# "technology used to extract and separate rare earths", "rare earth processing technology": the
# technology is exported, not the mineral.
TECHNOLOGY_BEFORE = pattern("technology_before")
TECHNOLOGY_AFTER = pattern("technology_after")
# "rare earths used to make magnets": magnets are what the restricted mineral is for.
USE_BEFORE = pattern("use_before")

# "seven rare earths": a count of items is two or more (lexicons/words.yaml, number_words).
NUMBER_WORDS = {w: v for w, v in word_values("number_words").items() if v >= 2}
# The placeholders of this module's patterns that are filled from Python values.
PATTERN_FILLS = {"item_count_words": "|".join(NUMBER_WORDS)}
COUNT_BEFORE = pattern("count_before", item_count_words=PATTERN_FILLS["item_count_words"])


@dataclass(frozen=True)
class RestrictionReading:
    """One restriction row: "China banned gallium exports to the US in 2023" is CHN, USA, gallium,
    export_prohibition, imposed, 2023."""

    imposing_iso3: str | None
    target_iso3: str | None
    mineral: Mention
    mineral_phrase: str
    item_count: int | None
    measure: str
    action: str
    date: DateMention | None
    secondary: bool = False      # the earlier measure a suspension or lifting refers to
    # How the row was read: sentence (imposer and export named in it), context (imposer or the word
    # export from earlier sentences), follow_up, member_list, secondary. Confidence follows it.
    basis: str = "sentence"
    lifecycle: Lifecycle = NONE  # effective and end dates, product stage, legal instrument
    replacement: bool = False    # a measure brought in in place of another ("replaced the halt with quotas")


@dataclass(frozen=True)
class DatePools:
    """The dates a sentence's rows may take."""

    dated: tuple[DateMention, ...]      # dates with a value, not the end of a period ("valid until 2026")
    origin: tuple[DateMention, ...]     # dates of the earlier measure: "the ban it had imposed last December"
    tensed: tuple[DateMention, ...] = ()  # every date read in the sentence's tense, for effective and end dates


@dataclass(frozen=True)
class SentenceFacts:
    """What every mineral of a restricting sentence shares, read once before its rows are made."""

    sentence: str
    s_off: int                  # where the sentence starts in the body; mentions carry body offsets
    clauses: Clauses
    whole: StepReading          # the step of the whole sentence, for a clause without cues of its own
    actors: Actors
    dates: DatePools
    minerals: tuple[int, ...] = ()          # where each mineral of the sentence starts (body offsets)
    published: dt.date | None = None        # the article's date: a later date cannot be an announcement


def _technology_for(sentence: str, mineral: Mention, s_off: int) -> bool:
    """Whether technology for the mineral is what is exported: "technology used to refine gallium"."""
    start, end = mineral.start - s_off, mineral.end - s_off
    return bool(TECHNOLOGY_BEFORE.search(sentence[max(0, start - 90): start]) or TECHNOLOGY_AFTER.match(sentence[end:]))


def _a_use_of_another(sentence: str, mineral: Mention, s_off: int, minerals: list[Mention]) -> bool:
    """Whether the mineral is what another mineral named before it is used for, or is named as in demand:
    "terbium, which goes into the manufacture of magnets" (magnets), "amid demand for metals such as
    neodymium" (neodymium)."""
    start = mineral.start - s_off
    return any(o.end <= mineral.start for o in minerals) and bool(USE_BEFORE.search(sentence[max(0, start - 60): start]))


def _count_and_phrase(sentence: str, mineral: Mention, s_off: int) -> tuple[int | None, str]:
    """How many items the mineral's phrase counts and the phrase: "seven rare earths" is (7, "seven rare earths")."""
    start = mineral.start - s_off
    before = sentence[max(0, start - 60): start]
    m = COUNT_BEFORE.search(before)
    if m and not re.search(r"[.,;:%$]", m.group(2) or ""):
        raw = m.group(1).lower()
        count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
        phrase = sentence[start - len(before) + m.start(1): mineral.end - s_off]
        return count, phrase
    return None, mineral.text


def date_pools(sentence: str, s_off: int, dates: list[DateMention], tensed: list[DateMention] | None = None
               ) -> DatePools:
    """The dates rows may take: not "until June", which ends a period; "the ban it had imposed last
    December", "measures announced on October 9" date the earlier measure (origin). `tensed`: the
    same dates read in the sentence's tense ("will take effect from January" looks ahead). Not the day of
    another event told after the measure ("at the next session of the council on May 3")."""
    dated = [d for d in dates if d.value is not None and not UNTIL_BEFORE_DATE.search(left_of(sentence, s_off, d))
             and not OTHER_EVENT_BEFORE_DATE.search(left_of(sentence, s_off, d, 120))]
    origin = [d for d in dated if ORIGIN_BEFORE_DATE.search(left_of(sentence, s_off, d))]
    return DatePools(tuple(dated), tuple(origin), tuple(dates if tensed is None else tensed))


def date_for(facts: SentenceFacts, mineral: Mention, row_action: str | None, maintained: bool, secondary: bool
             ) -> DateMention | None:
    """The date of one row: a suspension or lifting takes the new date ("lifted on May 2 the ban
    imposed in March" is May 2), the earlier measure (`secondary`) and a kept one the origin date."""
    pools = facts.dates
    if secondary:
        usable = pools.origin
    elif row_action:
        # "announced on Friday the suspension of the curbs imposed on Oct 9": with no other date, the
        # day the step was announced, ahead of the mineral; never the day the earlier measure was
        # imposed, nor "the controls on rare earths announced on October 9".
        usable = [d for d in pools.dated if d not in pools.origin] or [
            d for d in pools.origin if d.start < mineral.start
            and ANNOUNCED_BEFORE_DATE.search(left_of(facts.sentence, facts.s_off, d))]
    elif maintained:
        # A measure kept in place has no new date, but "introduced in 2023" still dates the original.
        usable = pools.origin
    else:
        usable = pools.dated
    if not usable:
        return None
    # "banned exports from January 1, 2020" states when the ban took effect, not when it was announced.
    announced = [d for d in usable if not EFFECTIVE_BEFORE_DATE.search(left_of(facts.sentence, facts.s_off, d))]
    if not announced:
        return None
    # "will ban exports of bauxite next year, the president said on Wednesday": a day still to come when
    # the article was published is when the measure starts; the day it was said is when it was announced.
    said = [d for d in announced if facts.published and d.value <= facts.published
            and REPORTED_BEFORE.search(left_of(facts.sentence, facts.s_off, d))]
    if said and any(d.value > facts.published for d in announced):
        announced = said
    # Dates in the mineral's own clause first ("X introduced in 2023, and Y introduced last year").
    clause = clause_at(facts.clauses, mineral.start - facts.s_off)
    own = [d for d in announced if clause_at(facts.clauses, d.start - facts.s_off) == clause]
    pool = own or announced
    # "for graphite since December and for antimony since September": a date right after the mineral is its own.
    right_after = [d for d in pool if 0 <= d.start - mineral.end <= 14 and re.fullmatch(
        r"\s+(?:since|in|on)\s+", facts.sentence[mineral.end - facts.s_off: d.start - facts.s_off])]
    if right_after:
        return right_after[0]
    preceding = [d for d in pool if d.start <= mineral.start]
    return min(preceding or pool, key=lambda d: abs(mineral.start - d.end))


def _member_of(child: str, group: str) -> bool:
    """Whether a mineral belongs to a group, directly or a level down: samarium to rare earths."""
    return mineral_parent(child) == group or mineral_parent(mineral_parent(child) or "") == group


def without_listed_groups(minerals: list[Mention], actions: list[str | None]) -> list[Mention]:
    """The minerals less a group whose members the sentence names ("seven rare earths: samarium,
    ..."), unless the group's clause tells another step (`actions`, one per mineral: "suspended the
    new controls on rare earths, but the licences on seven heavy rare earths stay"). Each mineral once."""
    kept = [m for m, action in zip(minerals, actions) if not any(
        _member_of(o.value, m.value) and other == action for o, other in zip(minerals, actions))]
    seen: set[str] = set()
    return [m for m in kept if not (m.value in seen or seen.add(m.value))]


def imposed_or_expanded(sentence: str, clauses: Clauses, pos: int) -> str:
    """The step of a row no suspension or lifting names, by the nearest action word before the
    mineral in its clause: "expanded its controls to gallium" is expanded, "imposed a ban on tin" imposed."""
    own = own_step(clauses, pos)
    lo = clauses.starts[clause_at(clauses, pos)] if own is not None else 0
    left = sentence[lo: pos]
    # A widening that begins before the mineral counts even where it ends after it: "had brought holmium
    # into the licensing system", "added gallium to its control list".
    exp = [min(m.end(), pos - lo) for m in EXPAND.finditer(sentence[lo: pos + 120]) if m.start() < pos - lo]
    imp = [m.end() for m in IMPOSE.finditer(left)]
    return "expanded" if exp and (not imp or max(exp) > max(imp)) else "imposed"


def rows_for(facts: SentenceFacts, mineral: Mention) -> list[RestrictionReading]:
    """The rows of one mineral: one for the step told ("China lifted its ban on tin"), and for a
    suspension or lifting of a dated or expanded measure one more for that measure (secondary)."""
    sentence, s_off, pos = facts.sentence, facts.s_off, mineral.start - facts.s_off
    count, phrase = _count_and_phrase(sentence, mineral, s_off)
    step = step_at(facts.clauses, facts.whole, pos)
    imposer = imposer_of(sentence, s_off, facts.actors, mineral)
    target = target_of(facts.actors, facts.clauses, s_off, mineral, imposer)
    action = imposed_or_expanded(sentence, facts.clauses, pos) if step.action is None else step.action
    date = date_for(facts, mineral, step.action, step.maintained, False)
    # The lifecycle is read in the mineral's clause when that clause tells a step of its own.
    lo, hi = (facts.clauses.starts[clause_at(facts.clauses, pos)], facts.clauses.starts[clause_at(facts.clauses, pos) + 1]) \
        if own_step(facts.clauses, pos) is not None else (0, len(sentence))
    life = read_lifecycle(sentence, s_off, list(facts.dates.tensed), date, step.measure, action, lo, hi,
                          (mineral.start, mineral.end), others=facts.minerals, published=facts.published)
    rows = [RestrictionReading(imposer, target, mineral, phrase, count, step.measure, action, date,
                               basis=facts.actors.basis, lifecycle=life)]
    if step.action is not None and (step.expanded or facts.dates.origin):
        # "suspended its expanded controls on X announced on October 9": the October measure is a row too,
        # expanded when told so after its date ("..., which had brought X into the licensing system").
        grew = step.expanded or any(EXPAND.search(sentence[d.end - s_off: pos + 120]) for d in facts.dates.origin
                                    if d.end - s_off <= pos)
        rows.append(RestrictionReading(imposer, target, mineral, phrase, count, step.measure,
                                       "expanded" if grew else "imposed",
                                       date_for(facts, mineral, step.action, step.maintained, True), secondary=True,
                                       basis="secondary", lifecycle=Lifecycle(product_stage=life.product_stage)))
    return rows


def read_restrictions(sentence: str, s_off: int, countries: list[Mention], minerals: list[Mention],
                      dates: list[DateMention], context_imposer: str | None,
                      fallback_imposer: str | None = None, previous_country: str | None = None,
                      tensed: list[DateMention] | None = None, published: dt.date | None = None
                      ) -> list[RestrictionReading]:
    """Every restriction row the sentence states (one per mineral), or none. `context_imposer` is the
    imposer of the article's previous restriction; `fallback_imposer` the country the article is
    most about, used for a sentence about exports that names no country ("They add holmium ...");
    `previous_country` the first country of the previous sentence, for "Its regulator halted ...";
    `tensed` the sentence's dates read in its own tense (default: `dates`), for effective and end dates;
    `published` the article's date."""
    minerals = [m for m in minerals if not _technology_for(sentence, m, s_off)
                and not _a_use_of_another(sentence, m, s_off, minerals)]
    if not minerals:
        return []
    has_export = bool(EXPORT_CUE.search(sentence))
    if not states_a_measure(sentence, has_export, context_imposer):
        return []
    cues = _cues(sentence)
    if not cues:
        return []
    # Step of the whole sentence; a clause with cues of its own has its own
    # ("suspended the October controls, but the April licences are still in force").
    whole = read_step(sentence, has_export)
    clauses = split_clauses(sentence, has_export)
    # "it still controls most of the world's graphite": dominance of a market, not a measure.
    minerals = [m for m in minerals if not market_power_only(clauses, m.start - s_off)]
    if not minerals:
        return []
    actors = read_actors(sentence, s_off, countries, minerals, cues, has_export,
                         Hints(context_imposer, fallback_imposer, previous_country))
    if actors is None:
        return []
    facts = SentenceFacts(sentence, s_off, clauses, whole, actors, date_pools(sentence, s_off, dates, tensed),
                          tuple(m.start for m in minerals), published)
    kept = without_listed_groups(minerals, [step_at(clauses, whole, m.start - s_off).action for m in minerals])
    return [row for mineral in kept for row in rows_for(facts, mineral)]
