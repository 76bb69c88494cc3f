"""People merged across articles: one person_id for every spelling of one person, kept apart from
other people who share a surname."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

import polars as pl
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from pipeline.resolve.keys import name_key
from pipeline.resolve.linkage import Cluster, assign_ids, decisions_frame, join
from schemas import ParticipantMentions, People
from schemas.base import conform, frame_of

SAME_PERSON = 0.92      # score above which two spellings are one person
SAME_PERSON_ACROSS_COUNTRIES = 0.97  # a country that disagrees (often a guess) needs a near-identical name


@functools.lru_cache(maxsize=65536)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(name_key(t) for t in re.split(r"\s+", name.strip()) if len(name_key(t)) > 1)


def name_tokens(name: str) -> list[str]:
    """Lower-case name parts without initials: 'Donald J. Trump' -> ['donald', 'trump']."""
    return list(_tokens(name))


@functools.lru_cache(maxsize=65536)
def _skeleton(text: str) -> str:
    consonants = re.sub(r"[aeiouyw]", "", text)
    return re.sub(r"(.)\1+", r"\1", consonants)


def blocking_keys(name: str) -> frozenset[str]:
    """The keys a mention is filed under; two mentions are compared only when they share one. Every rule
    of person_similarity that can reach SAME_PERSON needs a shared name part (a family name, a surname
    alone) or a near-identical whole name: for names of several parts, one part the same or with the
    same consonant skeleton (Papadopoulos, Papadopulos); for a one-part name, the same first or last
    four letters (Kingbeil, Klingbeil). Skeletons count from three letters.
    'Koo Yoon-chul' -> {t:koo, t:yoonchul, s:nchl}."""
    tokens = _tokens(name)
    keys = {f"t:{t}" for t in tokens} | {f"s:{_skeleton(t)}" for t in tokens if len(_skeleton(t)) >= 3}
    if len(tokens) == 1:
        keys |= {f"p:{tokens[0][:4]}", f"e:{tokens[0][-4:]}"}
    return frozenset(keys or {"none:"})  # names with no part of two letters are compared among themselves


def person_similarity(a: dict, b: dict) -> tuple[float, dict]:
    """How likely two person mentions are one person, and the features behind it.

    Whole-name similarity catches misspellings (Kingbeil, Klingbeil); a shared family name plus
    similar given names catches romanisations (Koo Yoon-chul, Koo Yun-cheol); a surname alone
    matches a full name with that surname."""
    ta, tb = _tokens(a["name"]), _tokens(b["name"])
    ka, kb = "".join(ta), "".join(tb)
    whole = fuzz.ratio(ka, kb) / 100
    score, rule = whole, "whole name"
    ends_a, ends_b = {ta[0], ta[-1]} if ta else set(), {tb[0], tb[-1]} if tb else set()
    shared = ends_a & ends_b
    if shared and len(ta) > 1 and len(tb) > 1:
        # When both ends are shared (Anthony Norman Albanese, Anthony Albanese) either may be the family
        # name: try each in a fixed order and keep the best, since a set's own order changes from run
        # to run (PYTHONHASHSEED) and the merge with it.
        for family in sorted(shared):
            given_a = "".join(t for t in ta if t != family)
            given_b = "".join(t for t in tb if t != family)
            # Romanisations differ in vowels (Yoon-chul, Yun-cheol): equal consonant skeletons count as equal.
            given = 1.0 if _skeleton(given_a) == _skeleton(given_b) else JaroWinkler.similarity(given_a, given_b)
            if 0.5 + 0.5 * given > score:
                score, rule = 0.5 + 0.5 * given, "family name and similar given name"
    elif shared and (len(ta) == 1) != (len(tb) == 1):
        score, rule = max(score, 0.93), "surname alone"
    same_country = None
    if a["country_iso3"] and b["country_iso3"]:
        same_country = a["country_iso3"] == b["country_iso3"]
    evidence = {"rule": rule, "name_similarity": round(whole, 3), "score": round(score, 3),
                "names": [a["name"], b["name"]], "same_country": same_country}
    return score, evidence


def _accepts(score: float, evidence: dict) -> bool:
    if evidence["same_country"] is False:
        return score >= SAME_PERSON_ACROSS_COUNTRIES
    return score >= SAME_PERSON


def resolve_people(participants: pl.DataFrame, published: pl.DataFrame, previous: dict[str, str] | None = None
                   ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Give every person mention a person_id; build `people` and the merge decisions."""
    rows = (participants.filter(pl.col("participant_kind") == "person")
            .join(published, on="article_id", how="left")
            # Full names first, so a surname alone finds the person it belongs to.
            .with_columns(words=pl.col("name").str.count_matches(r"\s+"))
            .sort(["words", "published_date", "article_id", "char_start"], descending=[True, False, False, False],
                  nulls_last=True))
    clusters: list[Cluster] = []
    # Every member filed under its blocking keys as (cluster index, member index), so a mention is compared
    # only with those that can be the same person, in the order the full comparison would meet them.
    filed: dict[str, list[tuple[int, int]]] = defaultdict(list)
    seen: set[tuple] = set()
    for row in rows.iter_rows(named=True):
        keys = blocking_keys(row["name"])
        candidates = sorted({place for k in keys for place in filed.get(k, ())})
        best = None
        for ci, mi in candidates:
            c = clusters[ci]
            m = c.members[mi]
            score, evidence = person_similarity(row, m)
            if _accepts(score, evidence) and (best is None or score > best[0]):
                best = (score, evidence, ci, m)
        if best is None:
            clusters.append(Cluster())
            ci = len(clusters) - 1
            join(clusters[ci], row, None, None, {"rule": "no similar name seen before"})
        else:
            score, evidence, ci, m = best
            join(clusters[ci], row, m, score, evidence)
        # person_similarity reads only the name and the country: a spelling a cluster already holds with the
        # same country scores the same, so only its first member is filed (and recorded as the match).
        signature = (ci, row["name"], row["country_iso3"])
        if signature not in seen:
            seen.add(signature)
            for k in keys:
                filed[k].append((ci, len(clusters[ci].members) - 1))
    assign_ids(clusters, "person", previous or {},
               lambda c: (name_key(c.members[0]["name"]), c.members[0]["country_iso3"]))
    assignment = {m["mention_id"]: c.id for c in clusters for m in c.members}
    out_rows = []
    for c in clusters:
        members = c.members
        spellings = [m["name"] for m in members]
        full = [s for s in spellings if len(s.split()) > 1] or spellings
        name = max(set(full), key=lambda s: (full.count(s), len(s), s))
        countries = [m["country_iso3"] for m in members if m["country_iso3"]]
        out_rows.append({"person_id": c.id, "name": name, "aliases": sorted(set(spellings)),
                         "country_iso3": max(sorted(set(countries)), key=countries.count) if countries else None,
                         "roles": sorted({m["role"] for m in members if m["role"]}),
                         "article_count": len({m.get("story_id") or m["article_id"] for m in members})})
    ids = pl.DataFrame({"mention_id": list(assignment), "person_id": list(assignment.values())},
                       schema={"mention_id": pl.Utf8, "person_id": pl.Utf8})
    mentions = conform(participants.join(ids, on="mention_id", how="left"), ParticipantMentions)
    people = frame_of(out_rows, People)
    return mentions, people, decisions_frame("person", clusters)
