"""What every resolver shares: ids that stay put as articles are added, and a record of why each
mention joined the cluster it joined."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from pipeline.ids import stable_id
from schemas import MergeDecisions
from schemas.base import conform, empty_frame


@dataclass
class Cluster:
    """Mentions found to be one real-world thing, in the order they joined."""

    members: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)
    id: str | None = None


def join(cluster: Cluster, row: dict, matched: dict | None, score: float | None, evidence: dict) -> None:
    """Add `row` to `cluster`, noting the mention it matched best, the score and the features."""
    cluster.members.append(row)
    cluster.decisions.append({
        "mention_id": row["mention_id"], "mineral_id": row.get("mineral_id"), "decision": "merged" if matched else "new",
        "matched_mention_id": matched["mention_id"] if matched else None,
        "score": None if score is None else round(float(score), 4),
        "evidence": json.dumps(evidence, sort_keys=True, default=str)})


def assign_ids(clusters: list[Cluster], kind: str, previous: dict[str, str],
               fresh: Callable[[Cluster], tuple], member_key: Callable[[dict], str] = lambda m: m["mention_id"]) -> None:
    """Give each cluster an id. A cluster holding mentions that an earlier build already placed keeps
    that earlier id (the largest cluster wins a contested id), so adding articles never renames an
    event; a new cluster gets a hash of its first mention, the same in every run on the same input."""
    taken: set[str] = set()
    order = sorted(range(len(clusters)), key=lambda i: -len(clusters[i].members))
    for i in order:
        c = clusters[i]
        old = Counter(previous[member_key(m)] for m in c.members if member_key(m) in previous)
        for old_id, _ in old.most_common():
            if old_id not in taken:
                c.id = old_id
                taken.add(old_id)  # else a smaller cluster with a mention of the same old event takes it too
                break
    for c in clusters:
        if c.id is None:
            base, n = stable_id(kind, *fresh(c)), 1
            c.id = base
            while c.id in taken:
                c.id, n = stable_id(kind, *fresh(c), n), n + 1
        taken.add(c.id)


def decisions_frame(kind: str, clusters: list[Cluster]) -> pl.DataFrame:
    rows = [{"entity_kind": kind, "entity_id": c.id, **d} for c in clusters for d in c.decisions]
    return conform(pl.DataFrame(rows, infer_schema_length=None), MergeDecisions) if rows else empty_frame(MergeDecisions)
