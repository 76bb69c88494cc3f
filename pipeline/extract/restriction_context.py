"""Restrictions told across sentences: later steps on a measure told before ("Beijing suspended it in
November"), the country a passage is about when a sentence names none, and the members of a group
listed after it. The sentence-by-sentence reading is restrictions.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.extract.dates import MONTHS, DateMention
from pipeline.extract.entities import Mention
from pipeline.extract.lexicon import pattern
from pipeline.extract.mineral_gazetteer import mineral_groups, mineral_parent
from pipeline.extract.restriction_lifecycle import END_BEFORE_DATE, Lifecycle, left_of, read_lifecycle
from pipeline.extract.restrictions import (
    EXPORT_CUE,
    HEDGE_SENTENCE,
    OBJECT_OF_PREPOSITION,
    RestrictionReading,
    STRONG_CUE,
    TARGET_ADJECTIVE,
    UNTIL_BEFORE_DATE,
    _hedged,
)


# A later step of a measure named earlier, without the mineral: "ARECOMS extended it by three months",
# "Beijing paused the October package", "the suspension will be lifted on 16 October".
STEP_NOUN = pattern("step_noun").pattern  # also searched on its own, as text
STEP_REFERENCE = pattern("step_reference").pattern
# Active: the verb, then the measure it acts on ("suspended for a year the October package", "lifted it").
STEP_ACTIVE = [(action, pattern(f"step_active_{action}")) for action in ("expanded", "suspended", "lifted")]
# Passive: the measure, then what happens to it ("the suspension ... will be lifted", "prolonged in June").
STEP_PASSIVE = [(action, pattern(f"step_passive_{action}")) for action in ("expanded", "suspended", "lifted")]
# The measure that takes the place of a lifted one: "lifted it and brought in export quotas in its place".
REPLACEMENT = pattern("replacement")
REPLACES = pattern("replaces")
STEP_HEDGE = pattern("step_hedge")
NOUN_MEASURE = [("export_quota", pattern("noun_quota")), ("export_tax", pattern("noun_tax")),
                ("licensing_requirement", pattern("noun_licensing")),
                ("export_prohibition", pattern("noun_prohibition"))]
MONTH_NAME = pattern("month_name", months="|".join(MONTHS))
SINCE_BEFORE_DATE = pattern("since_before_date")


def _step_hedged(text: str, start: int) -> bool:
    """A wish, expectation or denial in the step's own clause: "he expected Beijing to put it on hold"."""
    clause = re.split(r"[,;:]", text[max(0, start - 90): start])[-1]
    return bool(STEP_HEDGE.search(clause))


@dataclass(frozen=True)
class Step:
    action: str
    start: int
    end: int
    reference: str          # the words naming the measure stepped on
    replacement: str | None = None  # measure that replaces a lifted one


def find_steps(text: str) -> list[Step]:
    """Steps a text takes on measures it names by noun or pronoun, in text order."""
    steps: list[Step] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    for action, regex in STEP_ACTIVE:
        for m in regex.finditer(text):
            if not _step_hedged(text, m.start()) and free(*m.span()):
                steps.append(Step(action, m.start(), m.end(), m.group(0)))
                taken.append(m.span())
    for action, regex in STEP_PASSIVE:
        for m in regex.finditer(text):
            subject = re.search(rf"\b{STEP_NOUN}\b", text[max(0, m.start() - 100): m.start()], re.I)
            if subject and free(*m.span()) and not _step_hedged(text, m.start()):
                steps.append(Step(action, m.start(), m.end(), text[max(0, m.start() - 100): m.start()]))
                taken.append(m.span())
    for m in REPLACEMENT.finditer(text):
        noun = m.group(1).lower()
        measure = next(name for name, r in NOUN_MEASURE if r.search(noun))
        if free(*m.span()) and REPLACES.search(text[max(0, m.start() - 10): m.end() + 40]):
            steps.append(Step("imposed", m.start(), m.end(), m.group(0), replacement=measure))
            taken.append(m.span())
    return sorted(steps, key=lambda x: x.start)


def _referred(step: Step, recent: list[RestrictionReading], history: list[RestrictionReading]
              ) -> list[RestrictionReading]:
    """The earlier rows a step acts on: by month ("the October package"), by measure ("the quotas and
    the duties"), else the rows just read."""
    month = MONTH_NAME.search(step.reference)
    if month:
        n = MONTHS[month.group(1)]
        dated = [r for r in history if r.date is not None and r.date.value.month == n and r.date.precision != "year"]
        if dated:
            return dated
    nouns = re.findall(rf"\b{STEP_NOUN}\b", step.reference, re.I)
    measures = {name for n in nouns for name, r in NOUN_MEASURE if r.search(n)} if nouns else set()
    if measures and not re.search(r"\b(?:it|them)\b", step.reference, re.I):
        same = [r for r in recent if r.measure in measures] or [r for r in history if r.measure in measures]
        if same:
            return same
    return recent


def read_follow_up(sentence: str, s_off: int, recent: list[RestrictionReading], dates: list[DateMention],
                   history: list[RestrictionReading] | None = None, minerals: list[Mention] = (),
                   countries: list[Mention] = ()) -> list[RestrictionReading]:
    """Rows for steps a sentence takes on measures read earlier, named without their mineral
    ("extended the halt in June, and in mid-October lifted it"); each step dated by the date
    nearest it. In a sentence that names minerals, only steps away from them count."""
    history = history or recent
    if not history or HEDGE_SENTENCE.search(sentence):
        return []
    steps = [st for st in find_steps(sentence)
             if not any(st.start - 5 <= m.start - s_off <= st.end + 25 for m in minerals)]
    pool = [d for d in dates if d.value is not None
            and not UNTIL_BEFORE_DATE.search(left_of(sentence, s_off, d))
            and not END_BEFORE_DATE.search(left_of(sentence, s_off, d))
            and not re.search(r"\b(?:since|announced|introduced|imposed|unveiled)\W*(?:on|in)?\W*$",
                              left_of(sentence, s_off, d), re.I)]
    rows = []
    previous_date = None
    for i, st in enumerate(steps):
        lo = steps[i - 1].end if i else 0
        hi = steps[i + 1].start if i + 1 < len(steps) else len(sentence)
        near = [d for d in pool if lo <= d.start - s_off < hi]
        date = min(near, key=lambda d: min(abs(d.start - s_off - st.end), abs(d.end - s_off - st.start))) if near \
            else (previous_date if i and "," not in sentence[steps[i - 1].end: st.start] else None)
        if not near and not i and pool and len(steps) == 1:
            date = pool[0]
        previous_date = date
        # "Washington, for its part, tightened its own restrictions": another government's measure.
        subjects = [c for c in countries if lo <= c.start - s_off < st.start
                    and not OBJECT_OF_PREPOSITION.search(sentence[max(0, c.start - s_off - 14): c.start - s_off])]
        referred = _referred(st, recent, history)
        # "the US-specific ban": the measure on that destination, or none read so far.
        destinations = {c.value for c in countries if st.start <= c.start - s_off < st.end
                        and TARGET_ADJECTIVE.match(sentence[c.end - s_off:])}
        if destinations:
            referred = [r for r in history if r.target_iso3 in destinations]
        for r in referred:
            if subjects and subjects[-1].value != r.imposing_iso3:
                continue
            measure = st.replacement or r.measure
            # "extended the halt until June": the step's own dates, the measure's product stage.
            life = read_lifecycle(sentence, s_off, dates, date, measure, st.action, lo, hi,
                                  replaces=st.replacement is not None)
            life = replace(life, product_stage=r.lifecycle.product_stage if not st.replacement else None)
            rows.append(RestrictionReading(r.imposing_iso3, r.target_iso3, r.mineral, r.mineral_phrase, None,
                                           measure, st.action, date, basis="follow_up", lifecycle=life,
                                           replacement=st.replacement is not None))
            if st.replacement and not any(other.action == "lifted" for other in steps):
                # "replaced the halt with export quotas": the halt ends the day the quotas come.
                rows.append(RestrictionReading(r.imposing_iso3, r.target_iso3, r.mineral, r.mineral_phrase, None,
                                               r.measure, "lifted", date, basis="follow_up",
                                               lifecycle=Lifecycle(effective=life.effective)))
    return rows


def scene_imposer(sentence: str, s_off: int, countries: list[Mention]) -> str | None:
    """The country a sentence says restricts exports, when it names no mineral ("China unveiled its
    most sweeping export controls to date"): later sentences may name the minerals."""
    if not EXPORT_CUE.search(sentence) or HEDGE_SENTENCE.search(sentence):
        return None
    cue = STRONG_CUE.search(sentence)
    if cue is None or _hedged(sentence, cue.start()):
        return None
    before = [c for c in countries if c.start - s_off < cue.start()]
    if before:
        return before[-1].value
    # "approved a ban on exports of ingots from Kazakhstan": the country the goods leave
    origin = [c for c in countries if c.start - s_off > cue.start()
              and re.search(r"\bfrom\s+(?:the\s+)?$", sentence[max(0, c.start - s_off - 12):c.start - s_off])]
    return origin[0].value if origin else None


def _root(mineral_id: str) -> str:
    while mineral_parent(mineral_id):
        mineral_id = mineral_parent(mineral_id)
    return mineral_id




LIST_CUE = pattern("list_cue")


def read_member_list(sentence: str, previous: list[RestrictionReading], minerals: list[Mention]
                     ) -> list[RestrictionReading]:
    """Members of a group an earlier sentence restricted, listed on their own ("The seven elements
    are samarium, gadolinium, ..."): each member gets the group's restriction."""
    if not previous or HEDGE_SENTENCE.search(sentence) or not LIST_CUE.search(sentence):
        return []
    # Compare families at their root: samarium (light) belongs to "seven medium and heavy rare earths".
    groups = {_root(r.mineral.value): r for r in previous if r.mineral.value in mineral_groups()}
    rows, seen = [], set()
    for m in minerals:
        parent = groups.get(_root(m.value)) if mineral_parent(m.value) else None
        if parent is None or m.value in seen:
            continue
        seen.add(m.value)
        rows.append(RestrictionReading(parent.imposing_iso3, parent.target_iso3, m, m.text, parent.item_count,
                                       parent.measure, parent.action, parent.date, basis="member_list",
                                       lifecycle=parent.lifecycle))
    return rows if len(rows) >= 2 else []


SCENE_LIST = pattern("scene_list")


def read_scene_list(sentence: str, imposer: str | None, scene: tuple, date: DateMention | None,
                    minerals: list[Mention]) -> list[RestrictionReading]:
    """The minerals a measure covers, listed in the sentence after the one that told it without any
    ("Ghana is stopping exports of raw minerals. The list includes lithium, cobalt and graphite."):
    each gets the measure, its step, its date and the form it names. `scene`: (StepReading, product
    stage) of the sentence that set the scene."""
    step, stage = scene
    if imposer is None or step is None or not minerals or HEDGE_SENTENCE.search(sentence) \
            or not SCENE_LIST.search(sentence):
        return []
    action = step.action or ("expanded" if step.expanded else "imposed")
    measure = "export_prohibition" if step.measure == "unspecified" else step.measure
    seen: set[str] = set()
    rows = []
    for m in minerals:
        if m.value not in seen:
            seen.add(m.value)
            rows.append(RestrictionReading(imposer, None, m, m.text, None, measure, action, date, basis="context",
                                           lifecycle=Lifecycle(product_stage=stage)))
    return rows

