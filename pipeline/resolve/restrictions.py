"""Export restrictions merged across articles: one restriction_id per real-world measure step per
mineral, however often and however late it is reported; a suspension or lifting is its own row,
linked to the measure it pauses or ends."""

from __future__ import annotations

import polars as pl

from pipeline.resolve.keys import PRECISION_RANK, dates_agree
from pipeline.resolve.linkage import Cluster, assign_ids, decisions_frame, join
from schemas import MineralRestrictions, RestrictionMentions
from schemas.base import conform, frame_of

# Announcement and entry into force of one measure are reported weeks apart (3 July and 1 August 2023).
SAME_MEASURE_DAYS = 92
STEP_KIND = {"imposed": "on", "expanded": "on", "suspended": "suspended", "lifted": "lifted"}


def registry_key(mention: dict) -> str:
    """A restriction mention is one mineral of one statement."""
    return f"{mention['mention_id']}:{mention['mineral_id']}"


def anchor(row: dict) -> tuple:
    """(date, precision) a mention is placed by: its announced date, else the day it takes effect ("the
    quota system took effect on Thursday" names no announcement), else (None, None)."""
    if row["announced_date"] is not None:
        return row["announced_date"], row["date_precision"]
    return row.get("effective_date"), row.get("effective_date_precision")


def _date_relation(row: dict, c: dict) -> tuple[bool, dict]:
    effective, effective_precision = row.get("effective_date"), row.get("effective_date_precision")
    if effective is not None and any(dates_agree(effective, effective_precision, e, p) for e, p in c.get("effectives", ())):
        # "announced on 10 February, taking effect from 1 January 2027" and a headline's "from 2027"
        return True, {"date": "takes effect on the same day"}
    date, precision = anchor(row)
    other, other_precision = (c["date"], c["precision"]) if c["date"] is not None else c.get("anchor", (None, None))
    if date is None or other is None:
        return True, {"date": "not stated on one side"}
    if dates_agree(date, precision, other, other_precision):
        return True, {"date": "agrees at the coarser precision"}
    days = abs((date - other).days)
    return days <= SAME_MEASURE_DAYS, {"date": f"{days} days apart"}


def restriction_rows(mentions: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    """Restriction mentions with their article's date, in the order they are merged: day-precise dates
    first, then month, year and none; within one precision the earliest article first, then position
    and mineral. A mention dated 3 July 2023 comes before one dated 'July 2023'."""
    return (mentions.join(published, on="article_id", how="left")
            .with_columns(rank=pl.col("date_precision").replace_strict(
                {"day": 3, "month": 2, "year": 1}, default=0, return_dtype=pl.Int8))
            .sort(["rank", "published_date", "article_id", "char_start", "mineral_id"],
                  descending=[True, False, False, False, False], nulls_last=True))


def step_key(row: dict) -> tuple:
    """What mentions of one step share: (imposer, target, mineral, kind of step). Imposing and expanding
    are one kind, "on" (articles label one measure either way); dates keep an April imposition apart from
    an October expansion. {"imposing_iso3": "CHN", "target_iso3": None, "mineral_id": "gallium",
    "action": "expanded", ...} -> ("CHN", None, "gallium", "on")."""
    return (row["imposing_iso3"], row["target_iso3"], row["mineral_id"], STEP_KIND[row["action"]])


def matching_step(row: dict, options: list[dict]) -> tuple[int | None, dict]:
    """Which of the steps with the mention's key it joins, and why: an undated mention joins the most
    reported (the first of equals), a dated one the first whose date agrees or lies within
    SAME_MEASURE_DAYS. (None, {}) when there is none: the mention starts a new step."""
    if anchor(row)[0] is None:
        i = max(range(len(options)), key=lambda j: len(options[j]["cluster"].members), default=None)
        return i, {"date": "not stated; joined the most reported step"}
    for i, o in enumerate(options):
        ok, evidence = _date_relation(row, o)
        if ok:
            return i, evidence
    return None, {}


def new_step(row: dict, key: tuple) -> dict:
    """The state of a step that `row` starts: an empty cluster, the row's date and precision, and `key`."""
    return {"cluster": Cluster(), "date": row["announced_date"], "precision": row["date_precision"], "key": key,
            "anchor": anchor(row), "effectives": _effective_of(row)}


def _effective_of(row: dict) -> list[tuple]:
    """[(effective date, precision)] of a mention, [] when it states none."""
    return [(row["effective_date"], row["effective_date_precision"])] if row.get("effective_date") is not None else []


def sharpened(step: dict, row: dict) -> dict:
    """The step with the mention's date when that is more precise: a step dated 'July 2023' and a
    mention of 3 July 2023 give a step dated 3 July 2023, precision 'day'. Else the step unchanged."""
    if PRECISION_RANK[row["date_precision"]] > PRECISION_RANK[step["precision"]]:
        return {**step, "date": row["announced_date"], "precision": row["date_precision"]}
    return step


def merge_steps(rows: pl.DataFrame) -> list[dict]:
    """Walk the rows of `restriction_rows` in order: each joins a step of its key or starts one.
    Returns the steps grouped by key (keys in the order first seen), each with its cluster."""
    by_key: dict[tuple, list[dict]] = {}
    for row in rows.iter_rows(named=True):
        key = step_key(row)
        options = by_key.setdefault(key, [])
        i, evidence = matching_step(row, options)
        if i is None:
            options.append(new_step(row, key))
            i = len(options) - 1
            join(options[i]["cluster"], row, None, None, {"rule": "first report of this step"})
        else:
            cluster = options[i]["cluster"]
            join(cluster, row, cluster.members[0], 1.0, {**evidence, "same": "imposer, target, mineral and action"})
        options[i] = sharpened(options[i], row)
        options[i]["effectives"] = options[i].get("effectives", []) + _effective_of(row)
    return [o for options in by_key.values() for o in options]


def step_fingerprint(cluster: Cluster) -> tuple:
    """What a new restriction id is hashed from, all of the first mention: imposer, target, mineral,
    action and month, e.g. ("CHN", None, "gallium", "imposed", "2023-07"); "undated" for no date."""
    m = cluster.members[0]
    month = str(m["announced_date"])[:7] if m["announced_date"] else "undated"
    return (m["imposing_iso3"], m["target_iso3"], m["mineral_id"], m["action"], month)


def most_common(values: list[str]) -> str:
    """The most frequent value, the alphabetically first of equals: ["lifted", "imposed", "lifted",
    "imposed"] -> "imposed"."""
    return max(sorted(set(values)), key=values.count)


def sharpest_date(members: list[dict], column: str) -> tuple:
    """(date, precision) of the most precise `column` date the mentions give, the most reported of equals,
    then the earliest: "2027" and "1 January 2027" give 1 January 2027, day. (None, None) when none does."""
    dated = [(m[column], m[f"{column}_precision"]) for m in members if m.get(column) is not None]
    if not dated:
        return None, None
    return max(dated, key=lambda d: (PRECISION_RANK[d[1]], dated.count(d), -d[0].toordinal()))


def lifecycle_of(members: list[dict]) -> dict:
    """The lifecycle columns of a step from its mentions: each date at its sharpest, the most common stage
    and instrument stated."""
    effective, effective_precision = sharpest_date(members, "effective_date")
    end, end_precision = sharpest_date(members, "end_date")
    stages = [m["product_stage"] for m in members if m.get("product_stage")]
    instruments = [m["legal_instrument"] for m in members if m.get("legal_instrument")]
    return {"effective_date": effective, "effective_date_precision": effective_precision,
            "end_date": end, "end_date_precision": end_precision,
            "product_stage": most_common(stages) if stages else None,
            "legal_instrument": most_common(instruments) if instruments else None}


def restriction_row(step: dict, steps: list[dict]) -> dict:
    """The `mineral_restrictions` row of one step: its key, the most reported action and measure
    ("unspecified" only when no mention names one), its best date, and the step it suspends or lifts
    (among `steps`: every step, or those of the same imposer and mineral)."""
    members = step["cluster"].members
    imposer, target_iso3, mineral, _ = step["key"]
    measures = [m["measure"] for m in members if m["measure"] != "unspecified"]
    return {
        "restriction_id": step["cluster"].id, "imposing_iso3": imposer, "target_iso3": target_iso3,
        "mineral_id": mineral, "measure": most_common(measures) if measures else "unspecified",
        "action": most_common([m["action"] for m in members]), "announced_date": step["date"],
        "date_precision": step["precision"], **lifecycle_of(members),
        "article_count": len({m.get("story_id") or m["article_id"] for m in members}),
        "first_reported_date": min((m["published_date"] for m in members if m["published_date"]), default=None),
        "suspends_restriction_id": _earlier_step(step, steps)}


def restriction_id_frame(steps: list[dict]) -> pl.DataFrame:
    """mention_id, mineral_id and restriction_id of every member of every step, in step order."""
    assignment = {(m["mention_id"], m["mineral_id"]): o["cluster"].id for o in steps for m in o["cluster"].members}
    return pl.DataFrame({"mention_id": [k[0] for k in assignment], "mineral_id": [k[1] for k in assignment],
                         "restriction_id": list(assignment.values())},
                        schema={"mention_id": pl.Utf8, "mineral_id": pl.Utf8, "restriction_id": pl.Utf8})


def resolve_restrictions(mentions: pl.DataFrame, published: pl.DataFrame, previous: dict[str, str] | None = None
                         ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Mentions of the same (imposer, target, mineral, action) whose dates agree are one measure step;
    a mention with no date joins the best-supported step with that key."""
    steps = merge_steps(restriction_rows(mentions, published))
    clusters = [o["cluster"] for o in steps]
    assign_ids(clusters, "restriction", previous or {}, step_fingerprint, member_key=registry_key)
    # A suspension or lifting looks for its measure among the steps of its imposer and mineral only.
    same_pair: dict[tuple, list[dict]] = {}
    for o in steps:
        same_pair.setdefault((o["key"][0], o["key"][2]), []).append(o)
    out = [restriction_row(o, same_pair[(o["key"][0], o["key"][2])]) for o in steps]
    ids = restriction_id_frame(steps)
    linked = conform(mentions.join(ids, on=["mention_id", "mineral_id"], how="left"), RestrictionMentions)
    table = frame_of(out, MineralRestrictions)
    return linked, table, decisions_frame("restriction", clusters)


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
    # "lifted the halt" after quotas replaced it: the halt, not the quotas, when the measures are told.
    told = {m["measure"] for m in step["cluster"].members} - {"unspecified"}
    same_target = [o for o in same_target if {m["measure"] for m in o["cluster"].members} & told] or same_target
    if not same_target:
        return None
    best = max(same_target, key=lambda o: (o["date"].toordinal() if o["date"] else 0, len(o["cluster"].members)))
    return best["cluster"].id
