"""People merged across articles: one person_id for every spelling of one person."""

from __future__ import annotations

import polars as pl
from rapidfuzz import fuzz

from pipeline.resolve.keys import name_key, stable_id
from schemas import ParticipantMentions, People
from schemas.base import conform, empty_frame

SAME_NAME_SCORE = 88  # rapidfuzz ratio on accent-free, space-free names: Yoon-chul vs Yun-cheol passes


def _same_person(a: dict, b: dict) -> bool:
    if a["country_iso3"] and b["country_iso3"] and a["country_iso3"] != b["country_iso3"]:
        return False
    ka, kb = a["key"], b["key"]
    return ka == kb or fuzz.ratio(ka, kb) >= SAME_NAME_SCORE


def resolve_people(participants: pl.DataFrame, published: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Give every person mention a person_id and build `people`."""
    people_rows = (participants.filter(pl.col("participant_kind") == "person")
                   .join(published, on="article_id", how="left")
                   .sort("published_date", "article_id", "char_start", nulls_last=True))
    clusters: list[dict] = []
    assignment: dict[str, str] = {}
    for row in people_rows.iter_rows(named=True):
        row["key"] = name_key(row["name"])
        target = next((c for c in clusters if any(_same_person(row, m) for m in c["members"])), None)
        if target is None:
            # Two different people with the same name differ by country; the id says which.
            base = stable_id("person", row["key"], row["country_iso3"])
            taken = {c["id"] for c in clusters}
            pid, n = base, 1
            while pid in taken:
                pid, n = stable_id("person", row["key"], row["country_iso3"], n), n + 1
            target = {"id": pid, "members": []}
            clusters.append(target)
        target["members"].append(row)
        assignment[row["mention_id"]] = target["id"]
    out_rows = []
    for c in clusters:
        members = c["members"]
        spellings = [m["name"] for m in members]
        name = max(set(spellings), key=lambda s: (spellings.count(s), len(s), s))
        roles = sorted({m["role"] for m in members if m["role"]})
        countries = [m["country_iso3"] for m in members if m["country_iso3"]]
        out_rows.append({"person_id": c["id"], "name": name, "aliases": sorted(set(spellings)),
                         "country_iso3": max(set(countries), key=countries.count) if countries else None,
                         "roles": roles, "article_count": len({m["article_id"] for m in members})})
    ids = pl.DataFrame({"mention_id": list(assignment), "person_id": list(assignment.values())},
                       schema={"mention_id": pl.Utf8, "person_id": pl.Utf8})
    mentions = conform(participants.join(ids, on="mention_id", how="left"), ParticipantMentions)
    people = conform(pl.DataFrame(out_rows), People) if out_rows else empty_frame(People)
    return mentions, people
