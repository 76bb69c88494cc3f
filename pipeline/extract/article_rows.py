"""The last stage of reading an article: its meetings, their participants and its restrictions as rows
of the extracted mention tables, each with its evidence sentence and a confidence from
lexicons/confidence.yaml."""

from __future__ import annotations

import functools
from dataclasses import replace

from pipeline.extract import meetings as mt
from pipeline.extract.article import Article, MeetingCandidate
from pipeline.extract.confidence import weights
from pipeline.extract.dates import PRECISION_RANK, DateMention
from pipeline.extract.document import Sentence
from pipeline.extract.gazetteers import country_names
from pipeline.extract.lexicon import pattern
from pipeline.extract.meeting_merge import Meeting, interval
from pipeline.extract.mineral_gazetteer import mineral_parent
from pipeline.extract.restriction_lifecycle import Lifecycle
from pipeline.extract.restriction_sentence import MAINTAIN
from pipeline.extract.restrictions import RestrictionReading
from pipeline.extract.row_features import meeting_features, participant_features, restriction_features
from pipeline.ids import stable_id

MEETING_WEIGHTS, PARTICIPANT_WEIGHTS, RESTRICTION_WEIGHTS = (weights()[f] for f in ("meeting", "participant", "restriction"))
COUNTRY_CONFIDENCE = {source: PARTICIPANT_WEIGHTS[key] for source, key in (
    ("name", "country_named"), ("group", "country_by_group"), ("capital", "country_by_capital"),
    ("inherited", "country_inherited"))}
GATHERING_CUE = pattern("gathering_cue")


def meeting_date(cands: list[MeetingCandidate]) -> DateMention | None:
    """The most precise date; among day dates the earliest start, so "ran from June 15 to 17" wins; a
    closing day ("closed on Sunday") only when nothing gives the start; else a date carried over; else the
    day the article's opening tells, for a meeting where the report was filed."""
    dated = [d for _, d in sorted([(c.date_is_end, c.date) for c in cands if c.date is not None],
                                  key=lambda x: (x[0], -PRECISION_RANK[x[1].precision], x[1].value))]
    return dated[0] if dated else next((c.context_date for c in cands if c.context_date), None) or next(
        (c.lead_date for c in cands if c.lead_date), None)


def meeting_format(m: Meeting) -> str:
    cands = [c for c, _ in m.cands]
    group = any(c.group_summit for c in cands)
    fmt = "bilateral" if len(m.parties) == 2 and not (group and len(m.parties) > 2) else "multilateral"
    if len(m.parties) < 2 and max(c.stated_parties for c in cands) == 2:
        fmt = "bilateral"
    if len(m.parties) == 2 and any(c.named for c in cands) and not m.bilateral and group:
        fmt = "multilateral"
    return fmt


def meeting_confidence(m: Meeting, date: DateMention | None, name: str | None) -> float:
    """A word that says people gathered ("met", "talks", "summit", a meeting's name) is surer than one
    that may be about something else ("hosts", "visit", "received", "saw")."""
    cands = [c for c, _ in m.cands]
    named_parties = {iso for c in cands for iso, src in c.country_source.items() if src != "inherited"}
    strong = any(c.cue.startswith("named:") or GATHERING_CUE.search(c.cue) for c in cands)
    w = MEETING_WEIGHTS
    confidence = w["base"] + w["two_parties_named"] * (len(named_parties | {p for p in m.parties if p.startswith("org:")}) >= 2) \
        + w["date_stated"] * bool(date) + w["name_or_bilateral"] * bool(name or m.bilateral) \
        + w["several_cues"] * (len(cands) > 1) - w["one_party_penalty"] * (len(m.parties) < 2) \
        + w["gathering_word"] * strong - w["offset"]
    return min(confidence, w["cap"])


def meeting_row(a: Article, m: Meeting) -> tuple[dict, float]:
    """The meeting's row, and its confidence unrounded (its participants' confidence follows it)."""
    cands = [c for c, _ in m.cands]
    cand0, s0 = m.cands[0]
    date = meeting_date(cands)
    name = next((c.name for c in cands if c.name), None)
    convener, convener_iso3 = next(((c.convener, c.convener_iso3) for c in cands if c.convener), (None, None))
    published = a.doc.published
    confidence = meeting_confidence(m, date, name)
    return {
        "mention_id": stable_id(a.doc.article_id, "meeting", cand0.start, ",".join(sorted(m.parties))),
        "article_id": a.doc.article_id, "meeting_name": name, "meeting_format": meeting_format(m),
        "start_date": date.value if date else None, "date_precision": date.precision if date else None,
        "city": next((c.city for c in cands if c.city), None),
        "country_iso3": next((c.country_iso3 for c in cands if c.country_iso3), None),
        "convener": convener, "convener_iso3": convener_iso3,
        "meeting_level": mt.meeting_level([name] if name else [c.level_text for c in cands]),
        "status": "scheduled" if m.scheduled and not (date and published and interval(date)[1] < published) else "held",
        "evidence_text": s0.text, "char_start": s0.start, "char_end": s0.end,
        "confidence": round(confidence, 3), "features": meeting_features(a, m, date, name, confidence)}, confidence


def _participant(rows: dict, meeting_mention_id: str, a: Article, kind: str, key: str, name: str, iso3, role,
                 s: Sentence, confidence: float, source: str) -> None:
    if (kind, key) not in rows:
        rows[(kind, key)] = {
            "mention_id": stable_id(meeting_mention_id, kind, key), "meeting_mention_id": meeting_mention_id,
            "article_id": a.doc.article_id, "participant_kind": kind, "name": name, "country_iso3": iso3,
            "role": role, "evidence_text": s.text, "char_start": s.start, "char_end": s.end, "confidence": confidence,
            "features": participant_features(kind, source, role is not None, confidence)}


COMPANION_BEFORE = pattern("companion_before")


def companion(a: Article, person) -> bool:
    """A leader's spouse travelling along ("first lady Kim Keon Hee"): at the visit, not in the talks."""
    return any(COMPANION_BEFORE.search(a.body[max(0, x.start - 40):x.start]) for x in person.mentions)


def participant_rows(a: Article, meeting_mention_id: str, m: Meeting) -> list[dict]:
    """People, organisations and countries at the meeting, each once. Confidence follows how the
    participant was named: a name or a title beside the person is surer than a country guessed from the
    paragraph or inherited from another sentence."""
    rows: dict[tuple, dict] = {}
    add = functools.partial(_participant, rows, meeting_mention_id, a)
    w, names = PARTICIPANT_WEIGHTS, country_names()
    person_countries: dict[str, float] = {}
    for cand, s in m.cands:
        for pm in cand.people:
            p = a.people.of(pm)
            if companion(a, p):
                continue
            # A person named in the meeting's own words is surer than one brought in from elsewhere
            # ("talks with X": the article's protagonist) or one whose country is only guessed.
            own = any(s.start <= x.start < s.end for x in p.mentions)
            add("person", p.name.lower(), p.name, p.country, p.role, s,
                (w["person_with_role"] if p.role else w["person_without_role"])
                - w["person_elsewhere_penalty"] * (not own) - w["person_guessed_country_penalty"] * (p.country_source == "guess"),
                "person" if own and p.country_source != "guess" else "guessed person" if own else "person elsewhere")
            if p.country:
                person_countries[p.country] = max(person_countries.get(p.country, 0), w["country_of_person_guessed"]
                                                  if p.country_source == "guess" else w["country_of_person"])
            elif p.org:
                add("organization", p.org, p.org, None, None, s, w["body_of_official"], "official")
        for o in sorted(cand.organizations):
            add("organization", o, o, None, None, s, w["organization_named"], "organisation")
    absent = {iso for cand, _ in m.cands for iso in cand.absent}
    for cand, s in m.cands:
        for iso in sorted(cand.countries - absent):
            how = cand.country_source.get(iso, "inherited")
            add("country", iso, names.get(iso, iso), iso, None, s, COUNTRY_CONFIDENCE[how], how)
    for iso in sorted(p for p in m.parties if not p.startswith("org:") and p not in absent):
        add("country", iso, names.get(iso, iso), iso, None, m.cands[0][1], person_countries.get(iso, w["party_without_source"]),
            "party of a person" if iso in person_countries else "party")
    return list(rows.values())


def meeting_rows(a: Article, merged: list[Meeting]) -> tuple[list[dict], list[dict]]:
    """A row per meeting and a row per participant; a participant is only as sure as its meeting."""
    meetings, participants = [], []
    pw = PARTICIPANT_WEIGHTS
    for m in merged:
        row, confidence = meeting_row(a, m)
        meetings.append(row)
        participants += [{**p, "confidence": round(p["confidence"] * (pw["meeting_floor"] + pw["meeting_share"] * confidence), 3),
                          "features": {**p["features"], "meeting_confidence": round(confidence, 3)}}
                         for p in participant_rows(a, row["mention_id"], m)]
    return meetings, participants


def _key(r: RestrictionReading) -> tuple:
    return r.imposing_iso3, r.target_iso3, r.action


def _ancestors(mineral_id: str) -> set[str]:
    parent = mineral_parent(mineral_id)
    return {parent} | _ancestors(parent) if parent else set()


def _sharper(b: RestrictionReading, r: RestrictionReading) -> DateMention | None:
    """The more precise of two readings' dates, the first one's on a tie unless that is only the day the
    report was filed (a dateline or the publication day, text "") and the other a day the text names."""
    if r.date and b.date and r.date.precision == b.date.precision and b.date.text == "" and r.date.text:
        return r.date
    return _sharpest(b.date, r.date)


def _sharpest(a: DateMention | None, b: DateMention | None) -> DateMention | None:
    """The more precise of two dates, the first on a tie or when the second is missing."""
    return b if b and (a is None or PRECISION_RANK[b.precision] > PRECISION_RANK[a.precision]) else a


def same_measure(a: str, b: str) -> bool:
    """Whether two readings may tell one measure: the same measure, or one left unspecified."""
    return a == b or "unspecified" in (a, b)


def merged_lifecycle(a: Lifecycle, b: Lifecycle) -> Lifecycle:
    """What two readings of one step tell of its lifecycle together: each date at its sharpest, the
    first stage and instrument stated ("from 1 December" in one sentence, "Announcement No. 58" in another)."""
    return Lifecycle(_sharpest(a.effective, b.effective), _sharpest(a.end, b.end),
                     a.product_stage or b.product_stage, a.legal_instrument or b.legal_instrument)


def _split_groups(items: list[tuple[RestrictionReading, Sentence]]) -> tuple[list, list[RestrictionReading]]:
    """Within the article a group named beside its members ("rare earths ... samarium, gadolinium")
    gives way to them: the readings of members, and those of the groups that gave way."""
    members = {(_key(r), mineral_parent(r.mineral.value)) for r, _ in items}
    members |= {(k, mineral_parent(p)) for k, p in list(members) if p}
    groups = [r for r, _ in items if (_key(r), r.mineral.value) in members]
    return [(r, s) for r, s in items if (_key(r), r.mineral.value) not in members], groups


def best_readings(items: list[tuple[RestrictionReading, Sentence]], groups: list[RestrictionReading]) -> dict:
    """Per imposer, target, action and mineral, the measure and most precise date the article gives. A
    group that gave way still lends its members its measure and date ("export controls on rare earths
    on Friday ... namely samarium, gadolinium, ...")."""
    best: dict[tuple, RestrictionReading] = {}
    read = {_key(i) + (i.mineral.value,) for i, _ in items}
    for r in [i for i, _ in items] + groups:
        k = _key(r) + (r.mineral.value,)
        if r.replacement or (k in best and best[k].replacement):
            best.setdefault(k, r)
            continue  # "replaced the halt with quotas": the quotas are another measure, told in their own words
        if k not in read:
            for member in [i for i, _ in items if _key(i) == _key(r) and r.mineral.value in _ancestors(i.mineral.value)]:
                k = _key(member) + (member.mineral.value,)
                b = best.get(k, member)
                best[k] = replace(b, measure=b.measure if b.measure != "unspecified" else r.measure, date=_sharper(b, r),
                                  lifecycle=merged_lifecycle(b.lifecycle, r.lifecycle)
                                  if same_measure(b.measure, r.measure) else b.lifecycle)
            continue
        b = best.get(k)
        if b is None:
            best[k] = r
            continue
        best[k] = replace(b, item_count=b.item_count or r.item_count, date=_sharper(b, r),
                          measure=b.measure if b.measure != "unspecified" else r.measure,
                          lifecycle=merged_lifecycle(b.lifecycle, r.lifecycle)
                          if same_measure(b.measure, r.measure) else b.lifecycle)
    return best


def lifecycle_columns(life: Lifecycle) -> dict:
    """The lifecycle columns of a restriction_mentions row (SPEC): dates with their precision."""
    return {"effective_date": life.effective.value if life.effective else None,
            "effective_date_precision": life.effective.precision if life.effective else None,
            "end_date": life.end.value if life.end else None,
            "end_date_precision": life.end.precision if life.end else None,
            "product_stage": life.product_stage, "legal_instrument": life.legal_instrument}


def _row_date(r: RestrictionReading, b: RestrictionReading) -> DateMention | None:
    """The article's best date of the measure, unless the reading's own date tells another month."""
    return b.date if b.date and (r.date is None or str(b.date.value)[:7] == str(r.date.value)[:7]
                                 or str(b.date.value)[:4] == str(r.date.value)[:4] and r.date.precision == "year") else r.date


def _statement_dates(items: list[tuple[RestrictionReading, Sentence]], best: dict) -> dict:
    """"Cabinet approved the prohibition of ... lithium ore, cobalt, manganese and graphite": minerals
    listed in one sentence under one measure share the date that any of them has from the article
    (lithium's, told in the lead), per sentence, imposer, target, action and measure."""
    shared: dict = {}
    for r, s in items:
        if MAINTAIN.search(s.text):
            continue  # "The licence requirements themselves remain: every gallium, antimony or graphite ...": several measures in force
        b = best[_key(r) + (r.mineral.value,)]
        date = _row_date(r, b)
        if date is not None:
            shared.setdefault((s.start, _key(r), b.measure), date)
    return shared


def restriction_rows(a: Article, items: list[tuple[RestrictionReading, Sentence]]) -> list[dict]:
    """One row per mineral per statement, with the article's best measure and date of its measure."""
    article_id = a.doc.article_id
    items, groups = _split_groups(items)
    best = best_readings(items, groups)
    shared = _statement_dates(items, best)
    rows, seen, w = [], set(), RESTRICTION_WEIGHTS
    for r, s in items:
        b = best[_key(r) + (r.mineral.value,)]
        # Several steps of one measure can share a sentence ("halted ..., extended the halt, lifted it").
        mention_id = stable_id(article_id, "restriction", s.start, r.secondary,
                               *((r.action, r.measure) if r.basis == "follow_up" else ()))
        if (mention_id, r.mineral.value) in seen:
            continue
        seen.add((mention_id, r.mineral.value))
        date = _row_date(r, b) or shared.get((s.start, _key(r), b.measure))
        confidence = w[r.basis] + w["measure_stated"] * (b.measure != "unspecified") + w["date_stated"] * (date is not None)
        life = r.lifecycle if r.secondary or r.replacement or b.replacement or not same_measure(r.measure, b.measure) \
            else merged_lifecycle(r.lifecycle, b.lifecycle)
        if date is None:
            # "The measures came into force on February 22" with no announcement day: the step's day as stated,
            # as the shared gold dates it (effective_date holds it too)
            date = life.effective
        rows.append({
            "mention_id": mention_id, "article_id": article_id, "imposing_iso3": r.imposing_iso3,
            "target_iso3": r.target_iso3, "mineral_id": r.mineral.value, "mineral_phrase": r.mineral_phrase,
            "item_count": r.item_count or b.item_count, "measure": r.measure if r.replacement else b.measure, "action": r.action,
            "announced_date": date.value if date else None, "date_precision": date.precision if date else None,
            **lifecycle_columns(life),
            "evidence_text": s.text, "char_start": s.start, "char_end": s.end,
            "confidence": round(min(confidence, w["cap"]), 3),
            "features": restriction_features(a, r, b.measure, date, s, min(confidence, w["cap"]))})
    return rows
