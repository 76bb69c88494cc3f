"""Export restrictions merged across articles: one restriction_id per real-world measure step per
mineral, however often and however late it is reported; a suspension or lifting is its own row,
linked to the measure it pauses or ends."""

from __future__ import annotations

import polars as pl

from pipeline.resolve.keys import PRECISION_RANK, dates_agree
from pipeline.resolve.linkage import Cluster, assign_ids, decisions_frame, join
from schemas import MineralRestrictions, RestrictionMentions
from schemas.base import conform, empty_frame

# Announcement and entry into force of one measure are reported weeks apart (3 July and 1 August 2023).
SAME_MEASURE_DAYS = 92
STEP_KIND = {"imposed": "on", "expanded": "on", "suspended": "suspended", "lifted": "lifted"}


def registry_key(mention: dict) -> str:
    """A restriction mention is one mineral of one statement."""
    return f"{mention['mention_id']}:{mention['mineral_id']}"


def _date_relation(row: dict, c: dict) -> tuple[bool, dict]:
    if row["announced_date"] is None or c["date"] is None:
        return True, {"date": "not stated on one side"}
    if dates_agree(row["announced_date"], row["date_precision"], c["date"], c["precision"]):
        return True, {"date": "agrees at the coarser precision"}
    days = abs((row["announced_date"] - c["date"]).days)
    return days <= SAME_MEASURE_DAYS, {"date": f"{days} days apart"}


def resolve_restrictions(mentions: pl.DataFrame, published: pl.DataFrame, previous: dict[str, str] | None = None
                         ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Mentions of the same (imposer, target, mineral, action) whose dates agree are one measure step;
    a mention with no date joins the best-supported step with that key."""
    rows = (mentions.join(published, on="article_id", how="left")
            .with_columns(rank=pl.col("date_precision").replace_strict(
                {"day": 3, "month": 2, "year": 1}, default=0, return_dtype=pl.Int8))
            .sort(["rank", "published_date", "article_id", "char_start", "mineral_id"],
                  descending=[True, False, False, False, False], nulls_last=True))
    by_key: dict[tuple, list[dict]] = {}
    clusters: list[Cluster] = []
    for row in rows.iter_rows(named=True):
        # Imposing and expanding are one kind of step (articles label one measure either way); dates
        # keep an April imposition apart from an October expansion.
        key = (row["imposing_iso3"], row["target_iso3"], row["mineral_id"], STEP_KIND[row["action"]])
        options = by_key.setdefault(key, [])
        target, evidence = None, {}
        if row["announced_date"] is None:
            target = max(options, key=lambda o: len(o["cluster"].members), default=None)
            evidence = {"date": "not stated; joined the most reported step"}
        else:
            for o in options:
                ok, evidence = _date_relation(row, o)
                if ok:
                    target = o
                    break
        evidence.update({"same": "imposer, target, mineral and action"})
        if target is None:
            target = {"cluster": Cluster(), "date": row["announced_date"], "precision": row["date_precision"],
                      "key": key}
            options.append(target)
            clusters.append(target["cluster"])
            join(target["cluster"], row, None, None, {"rule": "first report of this step"})
        else:
            join(target["cluster"], row, target["cluster"].members[0], 1.0, evidence)
        if PRECISION_RANK[row["date_precision"]] > PRECISION_RANK[target["precision"]]:
            target["date"], target["precision"] = row["announced_date"], row["date_precision"]
    steps = [o for options in by_key.values() for o in options]
    key_of = {id(o["cluster"]): o["key"] for o in steps}
    assign_ids([o["cluster"] for o in steps], "restriction", previous or {},
               lambda c: (*key_of[id(c)][:3], c.members[0]["action"],
                          str(c.members[0]["announced_date"])[:7] if c.members[0]["announced_date"] else "undated"),
               member_key=registry_key)
    out = []
    for o in steps:
        members = o["cluster"].members
        imposer, target_iso3, mineral, _ = o["key"]
        actions = [m["action"] for m in members]
        action = max(sorted(set(actions)), key=actions.count)
        measures = [m["measure"] for m in members if m["measure"] != "unspecified"]
        out.append({
            "restriction_id": o["cluster"].id, "imposing_iso3": imposer, "target_iso3": target_iso3,
            "mineral_id": mineral, "measure": max(sorted(set(measures)), key=measures.count) if measures else "unspecified",
            "action": action, "announced_date": o["date"], "date_precision": o["precision"],
            "article_count": len({m.get("story_id") or m["article_id"] for m in members}),
            "first_reported_date": min((m["published_date"] for m in members if m["published_date"]), default=None),
            "suspends_restriction_id": _earlier_step(o, steps)})
    assignment = {(m["mention_id"], m["mineral_id"]): o["cluster"].id for o in steps for m in o["cluster"].members}
    ids = pl.DataFrame({"mention_id": [k[0] for k in assignment], "mineral_id": [k[1] for k in assignment],
                        "restriction_id": list(assignment.values())},
                       schema={"mention_id": pl.Utf8, "mineral_id": pl.Utf8, "restriction_id": pl.Utf8})
    linked = conform(mentions.join(ids, on=["mention_id", "mineral_id"], how="left"), RestrictionMentions)
    table = conform(pl.DataFrame(out), MineralRestrictions) if out else empty_frame(MineralRestrictions)
    decisions = decisions_frame("restriction", [o["cluster"] for o in steps])
    return linked, table, decisions


def _earlier_step(step: dict, steps: list[dict]) -> str | None:
    """For a suspension or lifting: the latest imposed or expanded step on the same imposer and mineral
    (and the same destination, else any) dated no later than it."""
    imposer, target, mineral, action = step["key"]
    if action not in ("suspended", "lifted"):
        return None
    candidates = [o for o in steps if o["key"][0] == imposer and o["key"][2] == mineral
                  and o["key"][3] == "on"
                  and (step["date"] is None or o["date"] is None or o["date"] <= step["date"])]
    same_target = [o for o in candidates if o["key"][1] == target] or candidates
    if not same_target:
        return None
    best = max(same_target, key=lambda o: (o["date"].toordinal() if o["date"] else 0, len(o["cluster"].members)))
    return best["cluster"].id
