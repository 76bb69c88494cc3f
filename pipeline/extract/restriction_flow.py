"""Restrictions as the reader walks through an article, sentence by sentence. What carries across
sentences is explicit in a RestrictionTrail: the country last said to restrict exports ("China unveiled
its most sweeping controls ... They cover gallium"), the measures read so far ("Beijing paused the
October package"), and a step told before the measure it acts on."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.extract.article import Article
from pipeline.extract.article_dates import DateTrail, SentenceDates
from pipeline.extract.dates import MONTHS, DateMention
from pipeline.extract.document import Sentence
from pipeline.extract.entities import Mention
from pipeline.extract.lexicon import pattern
from pipeline.extract.restriction_context import (
    MONTH_NAME,
    find_steps,
    read_follow_up,
    read_member_list,
    read_scene_list,
    scene_imposer,
)
from pipeline.extract.restriction_lifecycle import (
    EFFECTIVE_BEFORE_DATE,
    EFFECTIVE_ON,
    END_BEFORE_DATE,
    IMMEDIATE,
    NONE,
    effect_ahead,
    effect_date,
    left_of,
    stage_named,
)
from pipeline.extract.restriction_sentence import read_step
from pipeline.extract.restrictions import UNTIL_BEFORE_DATE, RestrictionReading, read_restrictions

FRESH_NEWS = pattern("fresh_news")
ORIGIN_TOLD = pattern("origin_told")
SAME_MEASURE = pattern("same_measure")
RECENT_SENTENCES = 4   # how far back "the curbs" or a list of members may refer


@dataclass(frozen=True)
class RestrictionTrail:
    imposer: str | None = None                          # the country of the scene ("China unveiled controls")
    last: tuple[RestrictionReading, ...] = ()           # the measures of the last sentence that read any
    last_index: int = -10                               # the index of that sentence
    history: tuple[RestrictionReading, ...] = ()        # every measure read so far, for "the October package"
    pending: tuple | None = None                        # (index, sentence, dates) of a step told before its measure
    previous_country: str | None = None                 # the first country of the sentence before
    scene_date: object = None                           # the date of the sentence that set the scene imposer
    ahead: tuple | None = None                          # (index, date, action) of "Since Friday, the package has been on hold"
    days: tuple[RestrictionReading, ...] = ()           # every reading with a day-precise date, earlier measures included
    steps: tuple = ()                                   # (index, readings) of the last pauses or liftings read
    scene_step: tuple = ()                              # (index, StepReading, stage) of the sentence that set the scene


def _primary(found: list[RestrictionReading]) -> list[RestrictionReading]:
    return [r for r in found if not r.secondary and r.action in ("imposed", "expanded")]


def actors(a: Article, s: Sentence) -> list[Mention]:
    """Countries of the sentence, and people standing for theirs: "Widodo announced that exports of
    bauxite would be prohibited"."""
    countries = [c for c in a.entities.countries if s.holds(c)]
    people = [Mention("country", m.start, m.end, m.text, a.people.of(m).country, "person")
              for m in a.people.mentions_in(s.start, s.end) if a.people.of(m).country]
    return sorted(countries + people, key=lambda c: c.start)


def _with_follow_ups(s: Sentence, found: list[RestrictionReading], past: list, history: list, minerals: list[Mention],
                     who: list[Mention]) -> list[RestrictionReading]:
    """"halted cobalt exports in February, extended the halt in June, and lifted it in October": the
    later steps of a measure the sentence itself names."""
    this = [r for r in found if not r.secondary]
    keys = {(r.imposing_iso3, r.target_iso3, r.mineral.value, r.action) for r in found}
    for r in read_follow_up(s.text, s.start, this, past, history + this, minerals, who):
        if (r.imposing_iso3, r.target_iso3, r.mineral.value, r.action) not in keys:
            keys.add((r.imposing_iso3, r.target_iso3, r.mineral.value, r.action))
            found.append(r)
    return found


def _read(a: Article, index: int, s: Sentence, past: list, minerals: list[Mention], trail: RestrictionTrail,
          tensed: list) -> tuple[list, RestrictionTrail]:
    """What the sentence itself says, a step on a measure read earlier, or a list of a group's members."""
    who, history = actors(a, s), list(trail.history)
    found = read_restrictions(s.text, s.start, who, minerals, past, trail.imposer, a.entities.home_country,
                              trail.previous_country, tensed, a.doc.published)
    recent = list(trail.last) if index - trail.last_index <= RECENT_SENTENCES else []
    if not found and not minerals and history:
        # "Beijing paused the October package": a step on a measure read earlier.
        found = read_follow_up(s.text, s.start, recent, past, history, countries=who)
    elif found:
        found = _with_follow_ups(s, found, past, history, minerals, who)
    elif not minerals and not history and find_steps(s.text):
        # "China said it would pause the measures it announced on October 9." The next sentence may name the minerals.
        trail = replace(trail, pending=(index, s, past))
    if not found and minerals and trail.last and index - trail.last_index <= RECENT_SENTENCES:
        found = read_member_list(s.text, list(trail.last), minerals)
    if not found and minerals and trail.scene_step and index - trail.scene_step[0] == 1:
        # "Ghana is stopping exports of raw minerals. The list includes lithium, cobalt ..."
        found = read_scene_list(s.text, trail.imposer, trail.scene_step[1:], trail.scene_date, minerals)
    if not found and not minerals and recent:
        # "The rules take effect on December 1.", "Since Friday, exporters have needed a licence": when
        # the measures just told start; those announced with them ("seven rare earths ... The seven
        # elements are samarium, ...") start then too.
        day = effect_date(s.text, s.start, tensed)
        if day is not None:
            dated = [r for r in history if r.date is not None]
            dates = {r.date.value for r in recent if r.date is not None} or ({dated[-1].date.value} if dated else set())
            told = recent + [r for r in history if r.date is not None and r.date.value in dates and r not in recent]
            found = [replace(r, basis="follow_up", lifecycle=replace(r.lifecycle, effective=r.date if day is IMMEDIATE
                                                                      else day))
                     for r in told if r.lifecycle.effective is None and (day is not IMMEDIATE or r.date is not None)]
    if not found and not minerals and trail.steps and index - trail.steps[0] <= RECENT_SENTENCES:
        found = origin_told_after(s, past, trail.steps[1], history)
    return found, trail


def origin_told_after(s: Sentence, dates: list[DateMention], steps: tuple[RestrictionReading, ...],
                      history: list[RestrictionReading]) -> list[RestrictionReading]:
    """"China has suspended a ban on ... The ministry announced the ban in December 2024.": the
    imposition of the measures a pause or a lifting just told acts on, dated by this sentence, unless
    an imposition of theirs with a date was read already."""
    day = next((d for d in dates if d.value is not None), None)
    if day is None or not ORIGIN_TOLD.search(s.text):
        return []
    known = {(r.imposing_iso3, r.target_iso3, r.mineral.value) for r in history
             if r.action in ("imposed", "expanded") and r.date is not None}
    return [replace(r, action="imposed", date=day, basis="follow_up", lifecycle=NONE) for r in steps
            if (r.imposing_iso3, r.target_iso3, r.mineral.value) not in known]


def _day_told(r: RestrictionReading, history: tuple[RestrictionReading, ...]) -> DateMention:
    """The day-precise date of the same imposer's measure in the same month, read earlier, else r's own."""
    on = ("imposed", "expanded")
    same = [h.date for h in history if h.date is not None and h.date.precision == "day"
            and h.imposing_iso3 == r.imposing_iso3 and (h.action == r.action or h.action in on and r.action in on)
            and (h.date.value.year, h.date.value.month) == (r.date.value.year, r.date.value.month)]
    return same[-1] if same else r.date


def without_dateline(a: Article, s: Sentence, dates: list[DateMention]) -> list[DateMention]:
    """The sentence's dates less the dateline's ("BEIJING, July 4 - ... Beijing said on Monday"): the day
    filed is not the day of the news when the sentence names another."""
    own = [d for d in dates if not s.start <= d.start < a.doc.dateline.end]
    return own if len(own) < len(dates) and any(d.value is not None for d in own) else dates


def strictly_past(s: Sentence, dates: list[DateMention], published) -> list[DateMention]:
    """Dates of a sentence told in the past ("halted cobalt exports in February") as days before
    publication: a month or day named without its year that was read as still to come is last year's,
    unless it is when a step starts or ends ("would end on October 16")."""
    if published is None:
        return dates
    out = []
    for d in dates:
        left = s.text[max(0, d.start - s.start - 60): d.start - s.start]
        if d.value is not None and d.value > published and d.precision in ("day", "month") \
                and not re.search(r"\b(?:19|20)\d{2}\b|\bnext\b|\bcoming\b", d.text, re.I) \
                and not (END_BEFORE_DATE.search(left[-30:]) or EFFECTIVE_BEFORE_DATE.search(left[-30:])
                         or EFFECTIVE_ON.search(left) or UNTIL_BEFORE_DATE.search(left[-30:])):
            try:
                d = replace(d, value=d.value.replace(year=d.value.year - 1))
            except ValueError:  # 29 February
                pass
        out.append(d)
    return out


def _told_dates(a: Article, index: int, s: Sentence, dates: DateTrail, trail: RestrictionTrail,
                found: list[RestrictionReading]) -> list[RestrictionReading]:
    """The readings with the dates the text around them gives when the sentence gives none of its own,
    or only the day the report was filed."""
    if trail.last and index - trail.last_index <= RECENT_SENTENCES and SAME_MEASURE.search(s.text):
        # "The same notice caught tellurium and bismuth": the date of the measure just told.
        day = next((r.date for r in trail.last if r.date is not None), None)
        found = [replace(r, date=day) if r.date is None and not r.secondary else r for r in found]
    if dates.previous_dates and not a.doc.new_paragraph_between(dates.previous_end, s.start):
        # News states the date once and details the measure in the next sentence; "That October
        # package" takes the October date of the sentence before.
        named = {MONTHS[m.group(1)] for m in MONTH_NAME.finditer(s.text)}
        day = next((d for d in dates.previous_dates if d.value.month in named and MONTH_NAME.search(d.text)),
                   dates.previous_dates[0])
        found = [r if r.date is not None or r.secondary else replace(r, date=day) for r in found]
    if a.doc.dateline.end > s.start:
        # "BEIJING, Dec 4 - China has barred ...": the day filed, which a day named later in the article
        # ("said on Tuesday") outranks (article_rows._sharper).
        found = [replace(r, date=replace(r.date, text="")) if r.date is not None
                 and s.start <= r.date.start < a.doc.dateline.end else r for r in found]
    if a.doc.published and FRESH_NEWS.search(s.text):
        # "Harare has imposed a freeze on exports of lithium ore": the news of the day of publication.
        today = DateMention(s.start, s.start, "", a.doc.published, "day")
        found = [replace(r, date=today) if r.date is None and not r.secondary and r.basis == "sentence" else r
                 for r in found]
    return found


def _with_scene(a: Article, index: int, s: Sentence, sd: SentenceDates, past: list, minerals: list,
                found: list[RestrictionReading], trail: RestrictionTrail) -> tuple[list, RestrictionTrail]:
    """What a sentence naming no mineral tells the next ones (the imposer and day of a scene, a pause in
    force since a day), or what such a sentence told before gives this one's readings."""
    countries = [c for c in a.entities.countries if s.holds(c)]
    if not found and not minerals:
        scene = scene_imposer(s.text, s.start, countries)
        if scene:
            # "China announced sweeping export controls today. They cover tungsten and bismuth."
            # not "until Dec. 31", the day the measure ends
            day = next((d for d in past if d.value is not None and d.precision in ("day", "month")
                        and not UNTIL_BEFORE_DATE.search(left_of(s.text, s.start, d))), None)
            trail = replace(trail, imposer=scene, scene_date=day, scene_step=(index, read_step(s.text, True),
                                                                                  stage_named(s.text)))
        ahead = effect_ahead(s.text, s.start, without_dateline(a, s, list(sd.dates)))
        if ahead is not None:
            trail = replace(trail, ahead=(index, *ahead))
        return found, trail
    if found and trail.scene_date is not None:
        found = [replace(r, date=trail.scene_date) if r.date is None and r.basis == "context"
                 and r.imposing_iso3 == trail.imposer else r for r in found]
    if found and trail.ahead and (trail.ahead[2] != "imposed" or index - trail.ahead[0] <= RECENT_SENTENCES):
        # the step "Since Friday ... on hold" told before (a lede may tell a pause paragraphs before its
        # details): its minerals are named now
        _, day, action = trail.ahead
        found = [replace(r, lifecycle=replace(r.lifecycle, effective=day)) if r.lifecycle.effective is None
                 and not r.secondary and (r.action == action or action == "imposed" and r.action == "expanded") else r
                 for r in found]
    return found, trail


def read_sentence_restrictions(a: Article, index: int, s: Sentence, sd: SentenceDates, dates: DateTrail,
                               trail: RestrictionTrail) -> tuple[list[tuple[RestrictionReading, Sentence]], RestrictionTrail]:
    """The restriction readings of one sentence with their evidence sentences, and the trail after it."""
    past = strictly_past(s, without_dateline(a, s, list(sd.past)), a.doc.published) if sd.prefer == "past" \
        else without_dateline(a, s, list(sd.past))
    minerals = [m for m in a.entities.minerals if s.holds(m)]
    found, trail = _read(a, index, s, past, minerals, trail, without_dateline(a, s, list(sd.dates)))
    if found:
        found = _told_dates(a, index, s, dates, trail, found)
    found, trail = _with_scene(a, index, s, sd, past, minerals, found, trail)
    if found and trail.days:
        # "measures introduced in October" after "announced on October 9": the day the article told.
        found = [replace(r, date=_day_told(r, trail.days)) if r.date is not None and r.date.precision == "month"
                 else r for r in found]
    rows = []
    if found and trail.pending and 0 < index - trail.pending[0] <= 2:
        _, told, told_dates = trail.pending
        rows += [(r, told) for r in read_follow_up(told.text, told.start, _primary(found), told_dates)]
        trail = replace(trail, pending=None)
    if found:
        rows += [(r, s) for r in found]
        trail = replace(trail, history=trail.history + tuple(_primary(found)), imposer=found[-1].imposing_iso3,
                        last=tuple(_primary(found)) or trail.last, last_index=index,
                        days=trail.days + tuple(r for r in found if r.date is not None and r.date.precision == "day"))
    paused = tuple(r for r in found if r.action in ("suspended", "lifted") and not r.secondary)
    if paused:
        trail = replace(trail, steps=(index, paused))
    countries = [c for c in a.entities.countries if s.holds(c)]
    return rows, replace(trail, previous_country=countries[0].value if countries else None)
