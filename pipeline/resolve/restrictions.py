"""Export restrictions merged across articles: one restriction_id per real-world measure step per mineral."""

from __future__ import annotations

import polars as pl

from pipeline.resolve.keys import PRECISION_RANK, dates_agree, stable_id
from schemas import MineralRestrictions, RestrictionMentions
from schemas.base import conform, empty_frame


# Announcement and entry into force of one measure are reported weeks apart (3 July and 1 August 2023).
SAME_MEASURE_DAYS = 92


def resolve_restrictions(mentions: pl.DataFrame, published: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mentions of the same (imposer, target, mineral, action) whose dates agree are one measure;
    a mention with no date joins the best-supported measure with that key."""
    rows = (mentions.join(published, on="article_id", how="left")
            .with_columns(rank=pl.col("date_precision").replace_strict(
                {"day": 3, "month": 2, "year": 1}, default=0, return_dtype=pl.Int8))
            .sort(["rank", "published_date", "article_id", "char_start", "mineral_id"],
                  descending=[True, False, False, False, False], nulls_last=True))
    clusters: dict[tuple, list[dict]] = {}
    assignment: dict[tuple[str, str], str] = {}
    for row in rows.iter_rows(named=True):
        key = (row["imposing_iso3"], row["target_iso3"], row["mineral_id"], row["action"])
        options = clusters.setdefault(key, [])
        if row["announced_date"] is None:
            target = max(options, key=lambda c: len(c["members"]), default=None)
        else:
            target = next((c for c in options if c["date"] is None or dates_agree(
                row["announced_date"], row["date_precision"], c["date"], c["precision"])
                or abs((row["announced_date"] - c["date"]).days) <= SAME_MEASURE_DAYS), None)
        if target is None:
            anchor = str(row["announced_date"])[:7] if row["announced_date"] else "undated"
            target = {"id": stable_id("restriction", *key, anchor), "date": row["announced_date"],
                      "precision": row["date_precision"], "members": []}
            options.append(target)
        target["members"].append(row)
        if PRECISION_RANK[row["date_precision"]] > PRECISION_RANK[target["precision"]]:
            target["date"], target["precision"] = row["announced_date"], row["date_precision"]
        assignment[(row["mention_id"], row["mineral_id"])] = target["id"]
    out = []
    for (imposer, target_iso3, mineral, action), options in clusters.items():
        for c in options:
            measures = [m["measure"] for m in c["members"] if m["measure"] != "unspecified"]
            out.append({
                "restriction_id": c["id"], "imposing_iso3": imposer, "target_iso3": target_iso3,
                "mineral_id": mineral, "measure": max(set(measures), key=measures.count) if measures else "unspecified",
                "action": action, "announced_date": c["date"], "date_precision": c["precision"],
                "article_count": len({m["article_id"] for m in c["members"]}),
                "first_reported_date": min((m["published_date"] for m in c["members"] if m["published_date"]),
                                           default=None)})
    ids = pl.DataFrame({"mention_id": [k[0] for k in assignment], "mineral_id": [k[1] for k in assignment],
                        "restriction_id": list(assignment.values())},
                       schema={"mention_id": pl.Utf8, "mineral_id": pl.Utf8, "restriction_id": pl.Utf8})
    linked = conform(mentions.join(ids, on=["mention_id", "mineral_id"], how="left"), RestrictionMentions)
    table = conform(pl.DataFrame(out), MineralRestrictions) if out else empty_frame(MineralRestrictions)
    return linked, table
