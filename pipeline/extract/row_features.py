"""What decided each row, as the flat features the trained scorer (scorer.py) reads: the cue and its
kind, how countries and people were named, the sentence structure, where the date came from, where in
the article the row was read, and the rules' own confidence. Names never appear: a feature says how a
row was read, never what it is about."""

from __future__ import annotations

from pipeline.extract.article import Article, features
from pipeline.extract.dates import DateMention
from pipeline.extract.document import Sentence
from pipeline.extract.meeting_merge import Meeting
from pipeline.extract.mineral_gazetteer import mineral_parent
from pipeline.extract.restriction_sentence import EXPORT_CUE, HEDGE_SENTENCE
from pipeline.extract.restrictions import RestrictionReading


def _position(a: Article, offset: int) -> float:
    """Where in the article, from 0 (its start) to 1 (its end): news tells its main fact first."""
    return round(offset / max(1, len(a.body)), 3)


def meeting_features(a: Article, m: Meeting, date: DateMention | None, name: str | None, confidence: float) -> dict:
    cands = [c for c, _ in m.cands]
    first = features(cands[0])
    named = {iso for c in cands for iso, how in c.country_source.items() if how != "inherited"}
    return {
        "rule_confidence": round(confidence, 3), "cands": min(len(cands), 5), "parties": min(len(m.parties), 8),
        "named_parties": min(len(named), 8), "org_parties": sum(p.startswith("org:") for p in m.parties),
        "people": min(sum(len(c.people) for c in cands), 8), "date": date.precision if date else "none",
        "named_meeting": bool(name), "bilateral": m.bilateral, "scheduled": m.scheduled,
        "place": any(c.city or c.country_iso3 for c in cands), "convener": any(c.convener for c in cands),
        "position": _position(a, cands[0].start), "cue_kind": first["cue_kind"],
        **{k: first[k] for k in ("explicit_bilateral", "pronoun_subject", "sidelines", "group_summit", "split",
                                  "participation_only", "date_source")}}


def participant_features(kind: str, source: str, has_role: bool, confidence: float) -> dict:
    """`source`: how the participant was named (name, capital, group, inherited, person, guessed person,
    person elsewhere, organisation, official, party)."""
    return {"kind": kind, "source": source, "has_role": has_role, "rule_confidence": round(confidence, 3)}


def restriction_features(a: Article, r: RestrictionReading, measure: str, date: DateMention | None, s: Sentence,
                         confidence: float) -> dict:
    return {
        "rule_confidence": round(confidence, 3), "basis": r.basis, "measure": measure, "action": r.action,
        "date": date.precision if date else "none", "target": r.target_iso3 is not None,
        "count": r.item_count is not None, "group_mineral": mineral_parent(r.mineral.value) is None and
        r.mineral.value.endswith(("elements", "materials")), "secondary": r.secondary,
        "export_word": bool(EXPORT_CUE.search(s.text)), "hedged": bool(HEDGE_SENTENCE.search(s.text)),
        "position": _position(a, s.start), "minerals_in_sentence": min(8, sum(s.holds(m) for m in a.entities.minerals))}
