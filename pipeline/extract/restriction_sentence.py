"""Does a sentence state a mineral export restriction, and which step of which measure does each of
its clauses tell? The words of SPEC section 4: hedges, cues of each measure, suspending, lifting,
expanding and keeping a measure. Who imposes it is restriction_actors.py; the rows restrictions.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.lexicon import pattern

EXPORT_CUE = pattern("export_cue")

# Each measure with the words that signal it, most specific first.
MEASURE_CUES = [
    ("export_quota", pattern("measure_quota")),
    ("export_tax", pattern("measure_tax")),
    ("export_prohibition", pattern("measure_prohibition")),
    ("licensing_requirement", pattern("measure_licensing")),
    ("unspecified", pattern("measure_unspecified")),
]
# 'suspend' is special: suspending exports is a prohibition, suspending a restriction is action 'suspended'.
SUSPEND = pattern("suspend_cue")
LIFT = pattern("lift_cue")
EXPAND = pattern("expand_cue")
RESTRICTION_NOUN = pattern("restriction_noun")
EXPORT_NOUN = pattern("export_noun")
# Kept measures have no new date: "will maintain a ban", "remains in place".
MAINTAIN = pattern("maintain_cue")

# A hedge right before the cue makes it a threat, plan or denial, not a measure.
HEDGE_BEFORE = pattern("hedge_before")
HEDGE_GOVERNS = pattern("hedge_governs")
HEDGE_SENTENCE = pattern("hedge_sentence")
# Without the word 'export', a sentence still states a restriction when an earlier sentence of the
# article did and this one names a measure unambiguously ("licence requirements Beijing placed on X").
STRONG_CUE = pattern("strong_cue")
NOT_EXPORT_LICENCE = pattern("not_export_licence")
IMPORT_ONLY = pattern("import_only")
CLAUSE_BREAK = pattern("clause_break")
# "the curbs Beijing placed on seven rare earths": a measure named with its imposer needs no word 'export'.
PLACED_ON = pattern("placed_on")
# "controls most of the world's graphite", "dominates rare earth processing": market power, not a measure.
DOMINANCE = pattern("dominance")


@dataclass(frozen=True)
class StepReading:
    """The step a text tells on a measure: "suspended the controls" is action 'suspended'."""

    action: str | None      # 'suspended' or 'lifted'; None: imposed or expanded, told by the words before a mineral
    measure: str
    maintained: bool        # "remain in place": a kept measure, with no new date
    expanded: bool          # "expanded its controls": the measure grew


@dataclass(frozen=True)
class Clauses:
    """A sentence cut at its clause breaks ("banned cobalt, but the licences remain"), with the step
    each clause tells by cues of its own."""

    starts: tuple[int, ...]                  # 0, the end of each break, then len(sentence) + 1
    texts: tuple[str, ...]                   # the text of each clause
    steps: tuple[StepReading | None, ...]    # None: the clause has no cue of its own


def _hedged(sentence: str, cue_start: int) -> bool:
    """A hedge in the four words before the cue ("could ban" is a threat, not a ban), or a wish or plan
    governing the cue's clause ("hoped that exports would be stopped")."""
    window = sentence[max(0, cue_start - 40): cue_start]
    return bool(HEDGE_BEFORE.search(" ".join(window.split()[-4:]))
                or HEDGE_GOVERNS.search(sentence[max(0, cue_start - 140): cue_start]))


def _measure(sentence: str, near: int) -> str:
    """The most specific measure named in the sentence: "quotas and licences" is an export quota."""
    for measure, regex in MEASURE_CUES:
        hits = list(regex.finditer(sentence))
        if measure == "export_prohibition":
            hits = [h for h in hits if not _hedged(sentence, h.start())]
        if hits:
            return measure
    return "unspecified"


_TAX_NOUN = re.compile(r"\b(?:duty|duties|tax|taxes|levy|levies)\b", re.I)


def _action(text: str, has_export: bool) -> str | None:
    """'suspended' or 'lifted' when the text pauses or removes a restriction ("lifted the ban"), else None."""
    for regex, name in ((SUSPEND, "suspended"), (LIFT, "lifted")):
        m = regex.search(text)
        if m and not _hedged(text, m.start()):
            after = text[m.end(): m.end() + 120]
            # "lifted the ban", and "abolished its export duty": an export tax is a measure too
            noun = min(filter(None, (RESTRICTION_NOUN.search(after), _TAX_NOUN.search(after))),
                       key=lambda n: n.start(), default=None)
            before = text[max(0, m.start() - 70): m.start()]
            if re.search(r"\b(?:be|been|was|were|is|are|being)\s+$", before) and RESTRICTION_NOUN.search(before):
                # Passive: "the measures announced on October 9 would be suspended".
                return name
            export = EXPORT_NOUN.search(after)
            if noun and (not export or export.start() > noun.start() or
                         re.match(r"\s*(?:controls?|restrictions?|curbs?|bans?|duty|duties|tax(?:es)?|levy)\b",
                                  after[export.end():])):
                return name
            if name == "suspended" and (export or has_export):
                return None  # "suspend cobalt exports": a prohibition, action imposed
            if noun is None and re.search(r"\bsuspension\b", m.group(0), re.I):
                return name
    return None


def _cues(text: str) -> list[re.Match]:
    """The unhedged words of a measure ("banned", "quotas"), leaving out market power ("controls most of")."""
    cues = [m for _, r in MEASURE_CUES for m in r.finditer(text)] + list(SUSPEND.finditer(text))
    market = [m.span() for m in DOMINANCE.finditer(text)]
    return [c for c in cues if not _hedged(text, c.start()) and not any(a <= c.start() < b for a, b in market)]


def states_a_measure(sentence: str, has_export: bool, context_imposer: str | None) -> bool:
    """Whether the sentence may state a restriction before its cues are weighed: "banned cobalt
    exports" may, "the suspension applies to curbs on gallium" only after an earlier restriction
    (`context_imposer`), "a ban on cobalt imports" and "rumours of a ban" never."""
    if not has_export:
        # A follow-up sentence may drop the word 'export' ("the suspension applies to curbs on ...")
        # when an earlier sentence of the article set the scene, and "the curbs Beijing placed on X"
        # states a measure by itself.
        restriction_noun = RESTRICTION_NOUN.search(sentence)
        stepped = SUSPEND.search(sentence) or LIFT.search(sentence) or EXPAND.search(sentence)
        if not PLACED_ON.search(sentence) and (context_imposer is None or not (
                (restriction_noun and stepped) or STRONG_CUE.search(sentence))):
            return False
        if IMPORT_ONLY.search(sentence) or NOT_EXPORT_LICENCE.search(sentence):
            return False
    return not HEDGE_SENTENCE.search(sentence)


def read_step(text: str, has_export: bool) -> StepReading:
    """The step a sentence or clause tells: "lifted the ban on tin" is lifted, "suspended cobalt
    exports" a prohibition imposed, "kept its quotas" maintained, "tightened its controls" expanded."""
    action = _action(text, has_export)
    measure = _measure(text, 0)
    suspend = SUSPEND.search(text)
    if action is None and suspend and EXPORT_NOUN.search(text[suspend.end():suspend.end() + 60]):
        measure = "export_prohibition"
    return StepReading(action, measure, bool(MAINTAIN.search(text)), bool(EXPAND.search(text)))


def clause_step(text: str, has_export: bool) -> StepReading | None:
    """The step a clause tells by cues of its own ("but the April licences remain in force"), or
    None when it has none ("and it said so on Monday")."""
    if not _cues(text) and not LIFT.search(text):
        return None
    return read_step(text, has_export)


def split_clauses(sentence: str, has_export: bool) -> Clauses:
    """The sentence's clauses: "Chile banned lithium exports, but Peru lifted its copper quotas" is two."""
    starts = (0, *(m.end() for m in CLAUSE_BREAK.finditer(sentence)), len(sentence) + 1)
    texts = tuple(sentence[a: b] for a, b in zip(starts, starts[1:]))
    return Clauses(starts, texts, tuple(clause_step(text, has_export) for text in texts))


def clause_at(clauses: Clauses, pos: int) -> int:
    """The index of the clause a position of the sentence falls in."""
    return max(i for i, start in enumerate(clauses.starts) if start <= pos)


def own_step(clauses: Clauses, pos: int) -> StepReading | None:
    """The step of the clause at `pos` when the sentence has several clauses and that one has cues of
    its own ("but the April licences remain"); None when the whole sentence's step applies."""
    if len(clauses.starts) <= 2:
        return None
    return clauses.steps[clause_at(clauses, pos)]


def step_at(clauses: Clauses, whole: StepReading, pos: int) -> StepReading:
    """The step told at `pos`: its clause's own, else `whole`, the step of the whole sentence."""
    own = own_step(clauses, pos)
    return own if own is not None else whole


def market_power_only(clauses: Clauses, pos: int) -> bool:
    """Whether the clause at `pos` tells market power and no measure: "it still controls much of the
    world's copper"."""
    i = clause_at(clauses, pos)
    return bool(DOMINANCE.search(clauses.texts[i])) and clauses.steps[i] is None
