"""Mineral export restrictions in one sentence: who restricts which mineral, to whom, how and when.

Rules follow SPEC section 4: a government measure limiting exports of a mineral; import
tariffs, threats, proposals, denials and 'weaponization' talk are not restrictions."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.extract.dates import DateMention
from pipeline.extract.entities import Mention
from pipeline.extract.lexicon import alternation
from pipeline.extract.mineral_gazetteer import mineral_parent

EXPORT_CUE = re.compile(
    r"\b(?:export\w*|re-export\w*|shipments?|shipping|shipped|ship|ships|overseas|abroad|outbound|outflows?|"
    r"leave the country|out of the country)\b", re.I)

# Each measure with the words that signal it, most specific first.
MEASURE_CUES = [
    ("export_quota", re.compile(r"\bquotas?\b", re.I)),
    ("export_tax", re.compile(r"\b(?:export (?:tax|taxes|duty|duties|levy|levies|tariffs?)|(?:tax|duty|levy|levies|duties) on (?:the )?exports?)\b", re.I)),
    ("export_prohibition", re.compile(r"\b(?:no longer (?:approve|allow|permit|issue|grant)\w*|ban(?:s|ned|ning)?|prohibit\w*|forb[ia]d\w*|embargo\w*|block(?:s|ed|ing)?|halt(?:s|ed|ing)?|bar(?:s|red|ring)?|barring|stop(?:s|ped|ping)?)\b", re.I)),
    ("licensing_requirement", re.compile(r"\b(?:export controls?|controls?|licen[cs]\w*|permits?|approvals?|dual-use)\b", re.I)),
    ("unspecified", re.compile(r"\b(?:restrict\w*|curbs?|curbed|curbing|limit(?:s|ed|ing)?|curtail\w*|measures|requirements|rules)\b", re.I)),
]
# 'suspend' is special: suspending exports is a prohibition, suspending a restriction is action 'suspended'.
SUSPEND = re.compile(r"\b(?:suspend\w*|suspension|paus\w*|postpon\w*|defer\w*|delay\w*|shelv\w*|hold off|held off|on hold)\b", re.I)
LIFT = re.compile(r"\b(?:(?:lift(?:s|ed|ing)?|remov\w*|scrap\w*|rescind\w*|revok\w*|repeal\w*|abolish\w*)(?! (?:\w+ )?(?:prices?|output|production|investment|revenue|supply|supplies|demand|growth|value)\b)|end(?:s|ed|ing)? (?:the|its|a)|drop(?:s|ped)? (?:the|its))\b", re.I)
EXPAND = re.compile(r"\b(?:expand\w*|expansion|widen\w*|extension|add(?:s|ed|ing)? (?:new|more|further)|"
    r"add(?:s|ed|ing)?\b[^.]{0,90}?\bto (?:the|its) (?:\w+ )?(?:list|control list)|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+) more|extend\w* \w+ to|tighten\w*|tighter|stricter|broaden\w*|broader|wider|additional|extend\w* (?:the|its|controls|to)|add(?:s|ed|ing)? \w+ (?:to|more)|more (?:elements|minerals|items))\b", re.I)
IMPOSE = re.compile(r"\b(?:impos\w*|introduc\w*|announc\w*|launch\w*|unveil\w*|issu\w*|slapp?\w*|put in place|adopt\w*|enact\w*)\b", re.I)
RESTRICTION_NOUN = re.compile(r"\b(?:controls?|restrictions?|curbs?|bans?|measures?|rules?|requirements?|quotas?|licen[cs]\w*|tightening|regime|checks|reviews?)\b", re.I)
EXPORT_NOUN = re.compile(r"\b(?:exports|shipments|exporting|sales)\b", re.I)
# Kept measures have no new date: "will maintain a ban", "remains in place".
MAINTAIN = re.compile(r"\b(?:maintain\w*|keep\w*|kept|remain\w*|still in (?:place|force)|continu\w*)\b", re.I)

# A hedge right before the cue makes it a threat, plan or denial, not a measure.
HEDGE_BEFORE = re.compile(
    r"\b(?:could|might|(?-i:may)|would have|threat\w*|consider\w*|weigh\w*|mull\w*|propos\w*|plan(?:s|ned|ning)? to|"
    r"refrain\w*|not|n't|never|(?<!no longer )no(?! longer)|deny|denied|denies|rule out|ruled out|if|seek\w* to|call\w* (?:on|for)|urg\w*|"
    r"possible|potential|allow\w*|avoid\w*|nothing about|no mention of|nor|pledg\w*|promis\w*|vow\w*)\b", re.I)
HEDGE_SENTENCE = re.compile(
    r"\b(?:weaponi[sz]\w*|claim\w*|allegation\w*|dismiss\w*|rumou?r\w*|speculat\w*|refrain\w*)\b", re.I)
# Without the word 'export', a sentence still states a restriction when an earlier sentence of the
# article did and this one names a measure unambiguously ("licence requirements Beijing placed on X").
STRONG_CUE = re.compile(r"\b(?:licen[cs]\w*|permits|export controls?|controls|quotas?|ban(?:s|ned)?|barred|forb[ia]d\w*|embargo\w*)\b", re.I)
NOT_EXPORT_LICENCE = re.compile(r"\b(?:mining|exploration|operating|business|driving|import)\s+(?:licen[cs]\w*|permits?|quotas?)\b", re.I)
IMPORT_ONLY = re.compile(r"\bimports?\b", re.I)
REPORTING_BEFORE_DATE = re.compile(rf"\b(?:{alternation('reporting_verbs')})\b[^.]{{0,25}}$", re.I)
EFFECTIVE_BEFORE_DATE = re.compile(r"\b(?:from|effective|starting|start|begin\w*|as of|into force|take effect|took effect|takes effect|came into force)\b\W*$", re.I)
UNTIL_BEFORE_DATE = re.compile(r"\b(?:through|until|till|to|valid\w*|expir\w*|end(?:s|ing)?)\b\W*$", re.I)
ORIGIN_BEFORE_DATE = re.compile(
    r"\b(?:announced|introduced|imposed|unveiled|issued|placed|adopted|applied|demanded|required)\b(?:\s+\w+){0,3}?\W*(?:on|in|since)?\W*$", re.I)
CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas|which|then|plus|after|although|though)\s+|;\s+|:\s+", re.I)
NOT_A_GOVERNMENT = re.compile(r"^\s+(?:companies|company|firms?|investors?|investment|groups?|buyers?|importers?|"
                              r"manufacturers?|smelters?|refiners?|producers?|miners?|customers?|banks?|traders?)\b", re.I)
OBJECT_OF_PREPOSITION = re.compile(r"\b(?:with|against|from|on|toward|towards|at|over|than|about|into|of)\s+(?:the\s+)?$", re.I)
# "the US-specific ban", "US-bound shipments": the country is the destination.
# "politicians from Harare to Kinshasa": a span of places, not a destination.
FROM_PLACE_TO = re.compile(r"\bfrom\s+(?:[A-Z][\w'’.-]*\s+){1,3}to\s+(?:the\s+)?$")
TARGET_ADJECTIVE = re.compile(r"^-(?:specific|bound|only|targeted|focused)\b", re.I)
TARGET = re.compile(r"\b(?:to|for|bound for|destined for|towards?)\s+(?:(?:buyers|customers|users|companies|firms|importers)\s+in\s+)?(?:the\s+)?$", re.I)
# "the curbs Beijing placed on seven rare earths": a measure named with its imposer needs no word 'export'.
PLACED_ON = re.compile(r"\b(?:curbs?|restrictions?|controls?|bans?|licen[cs]\w*|quotas?|embargo\w*)\s+(?:that\s+)?"
                       r"(?:[A-Z][\w.-]*\s+){1,3}(?:has\s+|had\s+|have\s+)?(?:imposed|placed|put|applied|introduced|demanded|slapped)\b"
                       r"[^.;]{0,40}?\b(?:on|for|to)\b")
# A country followed by a verb of imposing or stepping acts: "the curbs Beijing placed", "after China suspended it".
ACTING = re.compile(r"^\s+(?:has\s+|had\s+|have\s+|also\s+|then\s+)?(?:impos|plac|put\b|appl|introduc|demand|requir|announc|"
                    r"unveil|suspend|paus|shelv|lift|ban|halt|restrict|expand|tighten|extend|barr?|block|forb[ia]d)", re.I)
# "Its regulator halted ...", "The country's ban ...": the subject is the country just named.
ANAPHORIC_SUBJECT = re.compile(r"^\W*(?:its|the country|the government|the authorities|their)\b", re.I)
# "Chinese firms have needed a licence to ship": exporters speak for their government's rules.
EXPORTING_FIRMS = re.compile(r"^\s+(?:companies|company|firms?|exporters?|producers?|miners?|suppliers?|traders?|"
                             r"smelters?|refiners?)\b", re.I)
# A heading ("Recent rare earth export controls") states no measure; a sentence has a verb.
FINITE_VERB = re.compile(r"\b(?:\w{3,}ed|must|may|will|would|can(?:not)?|has|have|had|is|are|was|were|needs?|requires?|bans?|halts?|adds?)\b", re.I)
# "controls most of the world's graphite", "dominates rare earth processing": market power, not a measure.
DOMINANCE = re.compile(r"\b(?:controls?|dominat\w*|accounts? for|produces?|supplies|mines?|holds?)\s+(?:\w+\s+)?"
                       r"(?:most|much|the bulk|nearly|about|around|roughly|over|more than|\d|half|two-thirds|"
                       r"three-quarters|the majority|a large|a \w+ share)\b", re.I)
# "technology used to extract and separate rare earths", "rare earth processing technology": the
# technology is exported, not the mineral.
TECHNOLOGY_BEFORE = re.compile(r"\b(?:technolog\w*|know-how|expertise|equipment|methods?|techniques?|processes)\s+"
                               r"(?:used\s+)?(?:to|for|of)\s+(?:[\w-]+\s+){0,10}$", re.I)
TECHNOLOGY_AFTER = re.compile(r"^(?:\s+[\w-]+){0,2}?\s+(?:technolog\w*|know-how|expertise|equipment)\b", re.I)

NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "twenty": 20}
COUNT_BEFORE = re.compile(r"\b(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\b((?:[\s-]+[\w-]+){0,5}?)[\s-]*$", re.I)


@dataclass(frozen=True)
class RestrictionReading:
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


def _hedged(sentence: str, cue_start: int) -> bool:
    window = sentence[max(0, cue_start - 40): cue_start]
    return bool(HEDGE_BEFORE.search(" ".join(window.split()[-4:])))


def _technology_for(sentence: str, mineral: Mention, s_off: int) -> bool:
    start, end = mineral.start - s_off, mineral.end - s_off
    return bool(TECHNOLOGY_BEFORE.search(sentence[max(0, start - 90): start]) or TECHNOLOGY_AFTER.match(sentence[end:]))


def _measure(sentence: str, near: int) -> str:
    """The most specific measure named in the sentence; among equals the one nearest `near`."""
    for measure, regex in MEASURE_CUES:
        hits = list(regex.finditer(sentence))
        if measure == "export_prohibition":
            hits = [h for h in hits if not _hedged(sentence, h.start())]
        if hits:
            return measure
    return "unspecified"


def _count_and_phrase(sentence: str, mineral: Mention, s_off: int) -> tuple[int | None, str]:
    start = mineral.start - s_off
    before = sentence[max(0, start - 60): start]
    m = COUNT_BEFORE.search(before)
    if m and not re.search(r"[.,;:%$]", m.group(2) or ""):
        raw = m.group(1).lower()
        count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
        phrase = sentence[start - len(before) + m.start(1): mineral.end - s_off]
        return count, phrase
    return None, mineral.text


def _action(text: str, has_export: bool) -> str | None:
    """'suspended' or 'lifted' when the text pauses or removes a restriction, else None."""
    for regex, name in ((SUSPEND, "suspended"), (LIFT, "lifted")):
        m = regex.search(text)
        if m and not _hedged(text, m.start()):
            after = text[m.end(): m.end() + 120]
            noun = RESTRICTION_NOUN.search(after)
            before = text[max(0, m.start() - 70): m.start()]
            if re.search(r"\b(?:be|been|was|were|is|are|being)\s+$", before) and RESTRICTION_NOUN.search(before):
                # Passive: "the measures announced on October 9 would be suspended".
                return name
            export = EXPORT_NOUN.search(after)
            if noun and (not export or export.start() > noun.start() or
                         re.match(r"\s*(?:controls?|restrictions?|curbs?|bans?)", after[export.end():])):
                return name
            if name == "suspended" and (export or has_export):
                return None  # "suspend cobalt exports": a prohibition, action imposed
            if noun is None and re.search(r"\bsuspension\b", m.group(0), re.I):
                return name
    return None


def _cues(text: str) -> list[re.Match]:
    cues = [m for _, r in MEASURE_CUES for m in r.finditer(text)] + list(SUSPEND.finditer(text))
    market = [m.span() for m in DOMINANCE.finditer(text)]
    return [c for c in cues if not _hedged(text, c.start()) and not any(a <= c.start() < b for a, b in market)]


def read_restrictions(sentence: str, s_off: int, countries: list[Mention], minerals: list[Mention],
                      dates: list[DateMention], context_imposer: str | None,
                      fallback_imposer: str | None = None, previous_country: str | None = None
                      ) -> list[RestrictionReading]:
    """Every restriction row the sentence states (one per mineral), or none. `context_imposer` is the
    imposer of the article's previous restriction; `fallback_imposer` the country the article is
    most about, used for a sentence about exports that names no country ("They add holmium ...");
    `previous_country` the first country of the previous sentence, for "Its regulator halted ..."."""
    minerals = [m for m in minerals if not _technology_for(sentence, m, s_off)]
    if not minerals:
        return []
    has_export = bool(EXPORT_CUE.search(sentence))
    suspend = SUSPEND.search(sentence)
    lift = LIFT.search(sentence)
    restriction_noun = RESTRICTION_NOUN.search(sentence)
    placed = PLACED_ON.search(sentence)
    if not has_export:
        # A follow-up sentence may drop the word 'export' ("the suspension applies to curbs on ...")
        # when an earlier sentence of the article set the scene, and "the curbs Beijing placed on X"
        # states a measure by itself.
        if not placed and (context_imposer is None or not (
                (restriction_noun and (suspend or lift or EXPAND.search(sentence))) or STRONG_CUE.search(sentence))):
            return []
        if IMPORT_ONLY.search(sentence) or NOT_EXPORT_LICENCE.search(sentence):
            return []
    if HEDGE_SENTENCE.search(sentence):
        return []
    cues = _cues(sentence)
    if not cues:
        return []
    # Action and measure of the whole sentence; a clause with cues of its own has its own
    # ("suspended the October controls, but the April licences are still in force").
    action = _action(sentence, has_export)
    measure = _measure(sentence, 0)
    if action is None and suspend and EXPORT_NOUN.search(sentence[suspend.end():suspend.end() + 60]):
        measure = "export_prohibition"
    clauses = [0] + [m.end() for m in CLAUSE_BREAK.finditer(sentence)] + [len(sentence) + 1]

    def clause_of(pos: int) -> int:
        return max(i for i, start in enumerate(clauses) if start <= pos)

    def clause_text(i: int) -> str:
        return sentence[clauses[i]: clauses[i + 1]]

    @functools.cache
    def clause_reading(i: int) -> tuple[str | None, str, bool, bool] | None:
        """(action, measure, maintained, expanded) of clause i, or None when it has no cue of its own."""
        text = clause_text(i)
        if not _cues(text) and not LIFT.search(text):
            return None
        own_action = _action(text, has_export)
        own_measure = _measure(text, 0)
        own_suspend = SUSPEND.search(text)
        if own_action is None and own_suspend and EXPORT_NOUN.search(text[own_suspend.end():own_suspend.end() + 60]):
            own_measure = "export_prohibition"
        return own_action, own_measure, bool(MAINTAIN.search(text)), bool(EXPAND.search(text))

    def reading_of(mineral: Mention) -> tuple[str | None, str, bool, bool]:
        own = clause_reading(clause_of(mineral.start - s_off)) if len(clauses) > 2 else None
        if own is not None:
            return own
        return action, measure, bool(MAINTAIN.search(sentence)), bool(EXPAND.search(sentence))

    # "it still controls most of the world's graphite": dominance of a market, not a measure.
    minerals = [m for m in minerals if not (DOMINANCE.search(clause_text(clause_of(m.start - s_off)))
                                            and clause_reading(clause_of(m.start - s_off)) is None)]
    if not minerals:
        return []

    # Imposer: the country nearest before the cue that governs the minerals, not a destination.
    first_mineral = min(m.start for m in minerals) - s_off
    governing = [c.start() for c in cues if c.start() <= first_mineral]
    first_cue = max(governing) if governing else min(c.start() for c in cues)
    targets: dict[int, str] = {}
    for c in countries:
        rel = c.start - s_off
        if TARGET.search(sentence[max(0, rel - 30): rel]) and EXPORT_CUE.search(sentence[:rel]) \
                and not FROM_PLACE_TO.search(sentence[max(0, rel - 40): rel]):
            targets[c.start] = c.value
        elif TARGET_ADJECTIVE.match(sentence[c.end - s_off:]):
            targets[c.start] = c.value
    imposer = None
    # An imposer is a subject ("China restricted", "Beijing's controls", "imposed by China"), never
    # the object of a preposition ("the escalation with Washington", "dependence on China").
    # Nor is a demonym describing companies ("Chinese investors"), though "Chinese exporters" is.
    companies = [c for c in countries if c.start not in targets
                 and c.form == "demonym" and NOT_A_GOVERNMENT.match(sentence[c.end - s_off:])]
    exporting = [c for c in companies if EXPORTING_FIRMS.match(sentence[c.end - s_off:]) and c.start - s_off < first_cue]
    candidates = [c for c in countries if c.start not in targets and c not in companies
                  and not OBJECT_OF_PREPOSITION.search(sentence[max(0, c.start - s_off - 14): c.start - s_off])]
    before = [c for c in candidates if c.start - s_off <= first_cue]
    # After the cue only as the agent of a passive ("controls imposed by China") or as the subject
    # of a verb of imposing ("the curbs Beijing placed on ...", "after China suspended it").
    agents = [c for c in candidates if c.start - s_off > first_cue
              and (re.search(r"\bby\s+(?:the\s+)?$", sentence[max(0, c.start - s_off - 8): c.start - s_off])
                   or ACTING.match(sentence[c.end - s_off:]))]
    basis = "sentence" if has_export else "context"
    if before:
        imposer = before[-1].value
    elif agents:
        imposer = agents[0].value
    elif exporting and has_export:
        # "Chinese companies have needed a licence to ship ... abroad": their own government restricts.
        imposer = exporting[0].value
    elif context_imposer:
        imposer, basis = context_imposer, "context"
    elif previous_country and ANAPHORIC_SUBJECT.match(sentence):
        imposer, basis = previous_country, "context"
    elif fallback_imposer and has_export and FINITE_VERB.search(sentence):
        imposer, basis = fallback_imposer, "context"
    if imposer is None:
        return []

    def imposer_of(mineral: Mention) -> str:
        """Several countries in one sentence ("Zimbabwe barred X, and Indonesia halts Y"): the one
        nearest before the mineral, when a clause break separates it from the others."""
        rel = mineral.start - s_off
        breaks = [m.end() for m in CLAUSE_BREAK.finditer(sentence) if m.end() <= rel]
        lo = breaks[-1] if breaks else 0
        own = [c for c in candidates if lo <= c.start - s_off < rel and c not in agents]
        if own:
            return own[-1].value
        preceding = [c for c in candidates if c.start - s_off < rel and c not in agents]
        return preceding[-1].value if preceding and breaks else imposer

    def target_of(mineral: Mention, imposer_iso3: str) -> str | None:
        """A destination in the mineral's own clause; the sentence's when the clause has no cue of its own."""
        clause = clause_of(mineral.start - s_off)
        own = [t for start, t in targets.items() if clause_of(start - s_off) == clause and t != imposer_iso3]
        if own or (len(clauses) > 2 and clause_reading(clause) is not None):
            return own[0] if own else None
        values = [t for t in targets.values() if t != imposer_iso3]
        return values[0] if values else None

    # Drop a group when its members are named in the same sentence ("seven rare earths — samarium, ..."),
    # unless the group's clause tells another step ("suspended the new controls on rare earths, but
    # the licences on seven heavy rare earths stay").
    def step_of(m: Mention) -> str | None:
        return reading_of(m)[0]
    kept = [m for m in minerals if not any(
        (mineral_parent(o.value) == m.value or mineral_parent(mineral_parent(o.value) or "") == m.value)
        and step_of(o) == step_of(m) for o in minerals)]
    seen = set()
    kept = [m for m in kept if not (m.value in seen or seen.add(m.value))]

    def left_of(d: DateMention) -> str:
        rel = d.start - s_off
        return sentence[max(0, rel - 30): rel]

    dated = [d for d in dates if d.value is not None and not UNTIL_BEFORE_DATE.search(left_of(d))]
    # "the ban it had imposed last December", "measures announced on October 9": the earlier measure's date.
    origin_dates = [d for d in dated if ORIGIN_BEFORE_DATE.search(left_of(d))]

    def date_for(mineral: Mention, row_action: str | None, maintained: bool, secondary: bool) -> DateMention | None:
        if secondary:
            usable = origin_dates
        elif row_action:
            usable = [d for d in dated if d not in origin_dates]
        elif maintained:
            # A measure kept in place has no new date, but "introduced in 2023" still dates the original.
            usable = origin_dates
        else:
            usable = dated
        if not usable:
            return None
        announced = [d for d in usable if not EFFECTIVE_BEFORE_DATE.search(left_of(d))] or usable
        # Dates in the mineral's own clause first ("X introduced in 2023, and Y introduced last year").
        own = [d for d in announced if clause_of(d.start - s_off) == clause_of(mineral.start - s_off)]
        pool = own or announced
        preceding = [d for d in pool if d.start <= mineral.start]
        return min(preceding or pool, key=lambda d: abs(mineral.start - d.end))

    rows = []
    for mineral in kept:
        count, phrase = _count_and_phrase(sentence, mineral, s_off)
        row_action, row_measure, maintained, expanded = reading_of(mineral)
        own_imposer = imposer_of(mineral)
        target = target_of(mineral, own_imposer)
        if row_action is None:
            # The nearest action word before the mineral decides imposed / expanded.
            left = sentence[clauses[clause_of(mineral.start - s_off)] if len(clauses) > 2 and
                            clause_reading(clause_of(mineral.start - s_off)) is not None else 0: mineral.start - s_off]
            exp = [m.end() for m in EXPAND.finditer(left)]
            imp = [m.end() for m in IMPOSE.finditer(left)]
            step = "expanded" if exp and (not imp or max(exp) > max(imp)) else "imposed"
        else:
            step = row_action
        rows.append(RestrictionReading(own_imposer, target, mineral, phrase, count, row_measure, step,
                                       date_for(mineral, row_action, maintained, False), basis=basis))
        if row_action is not None:
            # "suspended its expanded controls on X announced on October 9": the October measure is a row too.
            if expanded or origin_dates:
                rows.append(RestrictionReading(own_imposer, target, mineral, phrase, count, row_measure,
                                               "expanded" if expanded else "imposed",
                                               date_for(mineral, row_action, maintained, True), secondary=True,
                                               basis="secondary"))
    return rows
