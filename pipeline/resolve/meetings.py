"""Meetings merged across articles: one meeting_id per real-world meeting."""

from __future__ import annotations

import re

import polars as pl

from pipeline.resolve.keys import PRECISION_RANK, dates_agree, dates_conflict, stable_id
from schemas import MeetingMentions, MeetingParticipants, Meetings
from schemas.base import conform, empty_frame

SAME_MEETING_OVERLAP = 0.5  # Jaccard of participant countries


def _norm(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (name or "").lower().replace("’", "'")).strip()


def _same_meeting(a: dict, cluster: dict) -> bool:
    if a["meeting_format"] != cluster["format"]:
        return False
    if dates_conflict(a["start_date"], a["date_precision"], cluster["date"], cluster["precision"]):
        return False
    ca, cb = a["countries"], cluster["countries"]
    overlap = len(ca & cb) / len(ca | cb) if ca | cb else 0.0
    named = a["meeting_name"] and cluster["names"] and _norm(a["meeting_name"]) in cluster["names"]
    # Agreeing on the year alone ("later this year") is too weak to call two meetings one.
    dated = dates_agree(a["start_date"], a["date_precision"], cluster["date"], cluster["precision"]) and \
        "year" not in (a["date_precision"], cluster["precision"])
    # Two differently named meetings (a leaders' summit, a ministers' meeting) are one only if they
    # fall on the same day.
    if a["meeting_name"] and cluster["names"] and not named and not (
            dated and a["date_precision"] == "day" and cluster["precision"] == "day"):
        return False
    if a["meeting_format"] == "bilateral":
        return ca == cb and (dated or a["start_date"] is None or cluster["date"] is None)
    return overlap >= SAME_MEETING_OVERLAP and (dated or named or a["start_date"] is None or cluster["date"] is None)


def resolve_meetings(meetings: pl.DataFrame, participants: pl.DataFrame, published: pl.DataFrame
                     ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Give every meeting mention a meeting_id; build `meetings` and `meeting_participants`."""
    countries = (participants.filter(pl.col("country_iso3").is_not_null())
                 .group_by("meeting_mention_id").agg(pl.col("country_iso3").unique().alias("countries")))
    rows = (meetings.join(countries, left_on="mention_id", right_on="meeting_mention_id", how="left")
            .join(published, on="article_id", how="left")
            .with_columns(rank=pl.col("date_precision").replace_strict(
                {"day": 3, "month": 2, "year": 1}, default=0, return_dtype=pl.Int8))
            .sort(["rank", "published_date", "article_id", "char_start"], descending=[True, False, False, False],
                  nulls_last=True))
    clusters: list[dict] = []
    assignment: dict[str, str] = {}
    for row in rows.iter_rows(named=True):
        row["countries"] = set(row["countries"] or [])
        target = next((c for c in clusters if _same_meeting(row, c)), None)
        if target is None:
            target = {"id": stable_id("meeting", row["mention_id"]), "format": row["meeting_format"],
                      "date": row["start_date"], "precision": row["date_precision"], "countries": set(),
                      "names": set(), "members": []}
            clusters.append(target)
        target["members"].append(row)
        target["countries"] |= row["countries"]
        if row["meeting_name"]:
            target["names"].add(_norm(row["meeting_name"]))
        if PRECISION_RANK[row["date_precision"]] > PRECISION_RANK[target["precision"]]:
            target["date"], target["precision"] = row["start_date"], row["date_precision"]
        assignment[row["mention_id"]] = target["id"]

    def first(members, column):
        return next((m[column] for m in members if m[column] is not None), None)

    meeting_rows = []
    for c in clusters:
        m = c["members"]
        meeting_rows.append({
            "meeting_id": c["id"], "name": first(m, "meeting_name"), "meeting_format": c["format"],
            "start_date": c["date"], "end_date": c["date"] if c["precision"] == "day" else None,
            "date_precision": c["precision"], "city": first(m, "city"), "country_iso3": first(m, "country_iso3"),
            "convener": first(m, "convener"), "convener_iso3": first(m, "convener_iso3"),
            "article_count": len({x["article_id"] for x in m}),
            "first_reported_date": min((x["published_date"] for x in m if x["published_date"]), default=None)})
    ids = pl.DataFrame({"mention_id": list(assignment), "meeting_id": list(assignment.values())},
                       schema={"mention_id": pl.Utf8, "meeting_id": pl.Utf8})
    mentions = conform(meetings.join(ids, on="mention_id", how="left"), MeetingMentions)

    parts = (participants.join(ids.rename({"mention_id": "meeting_mention_id"}), on="meeting_mention_id", how="inner")
             .with_columns(participant_id=pl.when(pl.col("participant_kind") == "person").then(pl.col("person_id"))
                           .when(pl.col("participant_kind") == "country").then(pl.col("country_iso3"))
                           .otherwise(pl.lit("org:") + pl.col("name").str.to_lowercase()
                                      .str.replace_all(r"[^a-z0-9]+", "_"))))
    meeting_participants = (
        parts.sort("article_id", "char_start")
        .group_by("meeting_id", "participant_id", maintain_order=True)
        .agg(pl.col("participant_kind").first(), pl.col("name").first(), pl.col("country_iso3").drop_nulls().first(),
             pl.col("role").drop_nulls().first(), pl.col("article_id").n_unique().alias("article_count"))
        .sort("meeting_id", "participant_kind", "participant_id"))
    meetings_df = conform(pl.DataFrame(meeting_rows), Meetings) if meeting_rows else empty_frame(Meetings)
    return mentions, meetings_df, conform(meeting_participants, MeetingParticipants)
