"""Meetings merged across articles: one meeting_id per real-world meeting, whether an article
previews it, reports it or recalls it, whatever name and date precision it gives."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
from rapidfuzz import fuzz

from pipeline.extract.dates import period
from pipeline.resolve.keys import PRECISION_RANK, dates_agree
from pipeline.resolve.linkage import Cluster, assign_ids, decisions_frame, join
from schemas import MeetingMentions, MeetingParticipants, Meetings
from schemas.base import conform, frame_of

SAME_MEETING = 0.6   # weighted score above which a mention joins a meeting
NEAR = dt.timedelta(days=31)  # an undated mention farther than this from a meeting's date needs a place or name
SLACK = dt.timedelta(days=3)  # time zones, and talks that run on for days past their start


def _city(name: str | None) -> str:
    """'Washington, D.C.' and 'Washington' are one place."""
    return re.sub(r"\b(d c|dc|city)\b", "", _norm(name)).strip()


def _time_apart(published: dt.date, date: dt.date, precision: str | None) -> dt.timedelta:
    """How far an article's date lies outside the period a meeting date stands for."""
    first, last = period(date, precision)
    return max(first - published, published - last, dt.timedelta(0))


def _timing_conflict(a: dict, c: dict) -> str | None:
    """Why mention `a` cannot be meeting `c` given when its article was written, or None. A report
    ('held') is of a meeting already begun when its article appeared; a preview ('scheduled') is of
    one not yet over; so a report published before a preview cannot be of the same meeting."""
    published = a.get("published_date")
    if published is None:
        return None
    first, last = period(c["date"], c["precision"]) if c["date"] is not None else (None, None)
    if a["status"] == "held":
        if first is not None and first > published + SLACK:
            return "reported before the meeting's date"
        if c["ahead_at"] is not None and published + SLACK < c["ahead_at"]:
            return "reported as held before an article that still previews it"
    elif a["status"] == "scheduled":
        if last is not None and last < published - SLACK:
            return "previewed after the meeting's date"
        if c["held_by"] is not None and published > c["held_by"] + SLACK:
            return "previewed after an article that reports it held"
    return None


# Heads of state or government, as a role is written once the country is taken off it.
HEAD = re.compile(r"(?:European (?:Commission|Council) )?President|Prime Minister|Premier|Chancellor|King|Emir", re.I)


def level_from_roles(roles: list[str]) -> str | None:
    """The level of a meeting whose article does not say it, from who came: leaders when two heads of
    state or government were there (whatever ministers came with them), ministers when two titled
    participants came and no head ("Vice President" and "Chancellor of the Exchequer" are not heads)."""
    heads = sum(bool(HEAD.fullmatch(r.strip())) for r in roles)
    return "leaders" if heads >= 2 else "ministers" if heads == 0 and len(roles) >= 2 else None


def _norm(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (name or "").lower().replace("’", "'")).strip()


def meeting_similarity(a: dict, c: dict) -> tuple[float, dict]:
    """Score of mention `a` against meeting cluster `c` (0 when a hard difference rules it out), with
    the features: country overlap, date agreement, name similarity, place, format and level."""
    evidence: dict = {}
    ca, cb = a["countries"], c["countries"]
    overlap = len(ca & cb) / len(ca | cb) if ca | cb else 0.0
    evidence["country_overlap"] = round(overlap, 3)
    if a["meeting_format"] != c["format"]:
        evidence["rule"] = "different formats"
        return 0.0, evidence
    level_a, level_c = a["meeting_level"] or a["role_level"], c["level"] or c["role_level"]
    if level_a and level_c and level_a != level_c:
        evidence["rule"] = f"{level_a} versus {level_c}"
        return 0.0, evidence
    if a["start_date"] is not None and c["date"] is not None:
        if not dates_agree(a["start_date"], a["date_precision"], c["date"], c["precision"]):
            evidence["rule"] = "dates differ"
            return 0.0, evidence
        # A bare year ("later this year") agrees with too much to count as agreement.
        date = 0.5 if "year" in (a["date_precision"], c["precision"]) else 1.0
    else:
        date = 0.5
    evidence["date_agreement"] = date
    timing = _timing_conflict(a, c)
    if timing:
        evidence["rule"] = timing
        return 0.0, evidence
    if a["meeting_format"] == "bilateral" and ca != cb:
        evidence["rule"] = "different pair of countries"
        return 0.0, evidence
    if a["meeting_name"] and c["names"]:
        name = max(fuzz.token_set_ratio(_norm(a["meeting_name"]), n) for n in c["names"]) / 100
        if name < 0.6 and date < 1.0:
            evidence["rule"] = "different names"
            return 0.0, evidence
    else:
        name = 0.5
    evidence["name_similarity"] = round(name, 3)
    place = 0.5 if not (a["city"] and c["cities"]) else float(_city(a["city"]) in {_city(x) for x in c["cities"]})
    evidence["same_city"] = place
    if place == 0.0:
        evidence["rule"] = "different cities"
        return 0.0, evidence
    # Same countries and no date is all an undated mention offers: enough for a meeting in the news of
    # its week, not for one months away, which the same pair may have held more than once.
    if (a["start_date"] is None and c["date"] is not None and a.get("published_date") is not None
            and _time_apart(a["published_date"], c["date"], c["precision"]) > NEAR and place < 1.0 and name < 0.8):
        evidence["rule"] = "undated, far from the meeting's date, no shared place or name"
        return 0.0, evidence
    score = 0.5 * overlap + 0.25 * date + 0.15 * name + 0.1 * place
    evidence["score"] = round(score, 3)
    return score, evidence


def mention_rows(meetings: pl.DataFrame, participants: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    """Meeting mentions with their countries, the roles of their people and their article's date, in the
    order they are merged: day-precise dates first, then month, year and none; within one precision the
    earliest article first. A mention dated 12 January 2026 comes before one dated 'January 2026'."""
    countries = (participants.filter(pl.col("country_iso3").is_not_null())
                 .group_by("meeting_mention_id").agg(pl.col("country_iso3").unique().alias("countries")))
    roles = (participants.filter(pl.col("participant_kind") == "person", pl.col("role").is_not_null())
             .group_by("meeting_mention_id").agg(pl.col("role").alias("roles")))
    return (meetings.join(countries, left_on="mention_id", right_on="meeting_mention_id", how="left")
            .join(roles, left_on="mention_id", right_on="meeting_mention_id", how="left")
            .join(published, on="article_id", how="left")
            .with_columns(rank=pl.col("date_precision").replace_strict(
                {"day": 3, "month": 2, "year": 1}, default=0, return_dtype=pl.Int8))
            .sort(["rank", "published_date", "article_id", "char_start"], descending=[True, False, False, False],
                  nulls_last=True))


def prepared(row: dict) -> dict:
    """A row of `mention_rows` ready to score: its countries as a set and the level its roles imply.
    {"countries": ["USA", "CHN"], "roles": None, ...} -> {"countries": {"USA", "CHN"}, "role_level": None, ...}."""
    return {**row, "countries": set(row["countries"] or []), "role_level": level_from_roles(row["roles"] or [])}


def best_meeting(row: dict, meetings: list[dict], candidates: list[int] | None = None
                 ) -> tuple[int | None, float | None, dict]:
    """Which of `meetings` the mention joins: (its index, the score, the evidence). When none scores
    SAME_MEETING or more: (None, None, evidence for a new meeting) naming the nearest of the meetings
    scored (those sharing a country and a date that can agree) that it was kept from. Ties go to the earlier meeting. `candidates`: the indices worth
    scoring (see merge_meetings), in order; None: all."""
    indices = range(len(meetings)) if candidates is None else candidates
    scored = sorted(((*meeting_similarity(row, meetings[i]), i) for i in indices), key=lambda x: -x[0])
    passing = [x for x in scored if x[0] >= SAME_MEETING]
    if passing:
        score, evidence, i = passing[0]
        return i, score, evidence
    evidence = {"rule": "no earlier mention of this meeting"}
    nearest = max(scored, key=lambda x: (x[0], x[1]["country_overlap"]), default=None)
    if nearest and nearest[1]["country_overlap"]:
        # The nearest meeting it was kept from, and why: the evidence for not merging.
        first = meetings[nearest[2]]["cluster"].members[0]["mention_id"]
        evidence["nearest"] = {"mention_id": first, **nearest[1]}
    return None, None, evidence


def closest_member(cluster: Cluster, row: dict) -> dict:
    """The member sharing most countries with `row` (the first of equals): what a merge names as matched.
    Members with {"USA"} and {"USA", "JPN"}, row with {"USA", "JPN", "CAN"} -> the second."""
    return max(cluster.members, key=lambda m: len(m["countries"] & row["countries"]))


def new_meeting(row: dict) -> dict:
    """The state of a meeting that `row` starts, before `row` is absorbed: its format, level, date and
    precision, with no countries, names, cities or article dates yet."""
    return {"cluster": Cluster(), "format": row["meeting_format"], "level": row["meeting_level"],
            "date": row["start_date"], "precision": row["date_precision"], "countries": set(),
            "names": set(), "cities": set(), "held_by": None, "ahead_at": None,
            "role_level": row["role_level"]}


def absorbed(st: dict, row: dict) -> dict:
    """A new meeting state with what mention `row` adds: its countries, name, city, a level if none yet,
    the earliest article reporting it held, the latest previewing it, and a sharper date. A state dated
    'January 2026' absorbing a mention of 12 January 2026 becomes dated 12 January, precision 'day'."""
    held_by, ahead_at = st["held_by"], st["ahead_at"]
    if row["published_date"] is not None and row["status"] == "held":
        held_by = min(filter(None, (held_by, row["published_date"])))
    if row["published_date"] is not None and row["status"] == "scheduled":
        ahead_at = max(filter(None, (ahead_at, row["published_date"])))
    sharper = PRECISION_RANK[row["date_precision"]] > PRECISION_RANK[st["precision"]]
    return {**st, "countries": st["countries"] | row["countries"],
            "level": st["level"] or row["meeting_level"], "role_level": st["role_level"] or row["role_level"],
            "names": st["names"] | ({_norm(row["meeting_name"])} if row["meeting_name"] else set()),
            "cities": st["cities"] | ({row["city"]} if row["city"] else set()),
            "held_by": held_by, "ahead_at": ahead_at,
            "date": row["start_date"] if sharper else st["date"],
            "precision": row["date_precision"] if sharper else st["precision"]}


def _when(date: dt.date | None, precision: str | None) -> tuple[int | None, int | None]:
    """Where a date is filed: (year, month), the month None when only the year is known, both None when
    there is no date. Two dates can agree only when their years do and, if both know it, their months."""
    if date is None:
        return None, None
    return date.year, date.month if precision in ("day", "month") else None


def merge_meetings(rows: pl.DataFrame) -> list[dict]:
    """Walk the rows of `mention_rows` in order: each joins the best-scoring meeting so far or starts a
    new one. Returns the meeting states, in the order they were started, each with its cluster.

    Blocking: a mention is scored only against meetings sharing one of its countries and, when both are
    dated, a date that can agree (the year, and the month when both know it). Any other meeting scores 0
    (dates that differ) or at most 0.5 (no shared country: date, name and place together), below
    SAME_MEETING, so this changes no merge; merging grows with the meetings of a mention's countries and
    month, not with all."""
    states: list[dict] = []
    filed: dict[str, dict[int | None, dict[int | None, set[int]]]] = {}  # country -> year -> month -> meetings

    def candidates(row: dict) -> list[int]:
        year, month = _when(row["start_date"], row["date_precision"])
        found: set[int] = set()
        for country in row["countries"]:
            by_year = filed.get(country, {})
            found.update(*by_year.get(None, {}).values())  # undated meetings
            if year is None:
                found.update(*(m for months in by_year.values() for m in months.values()))
            elif month is None:
                found.update(*by_year.get(year, {}).values())
            else:
                months = by_year.get(year, {})
                found |= months.get(month, set()) | months.get(None, set())
        return sorted(found)

    def refile(i: int, before: dict | None) -> None:
        # A meeting's countries only grow and its date only sharpens (to an agreeing one): file it anew.
        if before is not None:
            year, month = _when(before["date"], before["precision"])
            for country in before["countries"]:
                filed[country][year][month].discard(i)
        year, month = _when(states[i]["date"], states[i]["precision"])
        for country in states[i]["countries"]:
            filed.setdefault(country, {}).setdefault(year, {}).setdefault(month, set()).add(i)

    for raw in rows.iter_rows(named=True):
        row = prepared(raw)
        i, score, evidence = best_meeting(row, states, candidates(row))
        if i is None:
            st = new_meeting(row)
            join(st["cluster"], row, None, None, evidence)
            states.append(absorbed(st, row))
            before, i = None, len(states) - 1
        else:
            cluster = states[i]["cluster"]
            join(cluster, row, closest_member(cluster, row), score, evidence)
            before, states[i] = states[i], absorbed(states[i], row)
        refile(i, before)
    return states


def first_mention(cluster: Cluster) -> tuple[str]:
    """What a new meeting id is hashed from: the id of the mention that started it, ("b000000000000001",)."""
    return (cluster.members[0]["mention_id"],)


def first_stated(members: list[dict], column: str):
    """The first member's value of `column` that is not None: [{"city": None}, {"city": "Geneva"}] -> "Geneva"."""
    return next((m[column] for m in members if m[column] is not None), None)


def meeting_row(st: dict) -> dict:
    """The `meetings` row of one meeting state: names and places from the first mention that gives
    them, the date at its best precision (an end date only for a day), and how many stories report it."""
    m = st["cluster"].members
    return {
        "meeting_id": st["cluster"].id, "name": first_stated(m, "meeting_name"), "meeting_format": st["format"],
        "start_date": st["date"], "end_date": st["date"] if st["precision"] == "day" else None,
        "date_precision": st["precision"], "city": first_stated(m, "city"),
        "country_iso3": first_stated(m, "country_iso3"), "convener": first_stated(m, "convener"),
        "convener_iso3": first_stated(m, "convener_iso3"), "meeting_level": st["level"],
        "article_count": len({x.get("story_id") or x["article_id"] for x in m}),
        "first_reported_date": min((x["published_date"] for x in m if x["published_date"]), default=None)}


def meeting_id_frame(clusters: list[Cluster]) -> pl.DataFrame:
    """mention_id and meeting_id of every member of every cluster, clusters in order, members in the
    order they joined."""
    assignment = {m["mention_id"]: c.id for c in clusters for m in c.members}
    return pl.DataFrame({"mention_id": list(assignment), "meeting_id": list(assignment.values())},
                        schema={"mention_id": pl.Utf8, "meeting_id": pl.Utf8})


def article_stories(published: pl.DataFrame) -> pl.DataFrame:
    """article_id and the story it belongs to (the article itself when no story_id is given or known)."""
    if "story_id" in published.columns:
        return published.select("article_id", pl.coalesce("story_id", "article_id").alias("story"))
    return published.select("article_id", pl.col("article_id").alias("story"))


def participant_id() -> pl.Expr:
    """Who a participant is across meetings: a person's person_id, a country's ISO3 code, else
    'org:' and the name in snake case ('Asian Development Bank' -> 'org:asian_development_bank')."""
    return (pl.when(pl.col("participant_kind") == "person").then(pl.col("person_id"))
            .when(pl.col("participant_kind") == "country").then(pl.col("country_iso3"))
            .otherwise(pl.lit("org:") + pl.col("name").str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "_")))


def meeting_participants(participants: pl.DataFrame, ids: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    """One row per meeting and participant: kind, name, country and role as first stated (by article,
    then position), and how many stories name them there."""
    parts = (participants.join(ids.rename({"mention_id": "meeting_mention_id"}), on="meeting_mention_id", how="inner")
             .join(article_stories(published), on="article_id", how="left")
             .with_columns(participant_id=participant_id()))
    return (parts.sort("article_id", "char_start")
            .group_by("meeting_id", "participant_id", maintain_order=True)
            .agg(pl.col("participant_kind").first(), pl.col("name").first(),
                 pl.col("country_iso3").drop_nulls().first(), pl.col("role").drop_nulls().first(),
                 pl.col("story").n_unique().alias("article_count"))
            .sort("meeting_id", "participant_kind", "participant_id"))


def resolve_meetings(meetings: pl.DataFrame, participants: pl.DataFrame, published: pl.DataFrame,
                     previous: dict[str, str] | None = None
                     ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Give every meeting mention a meeting_id; build `meetings`, `meeting_participants` and the decisions."""
    states = merge_meetings(mention_rows(meetings, participants, published))
    clusters = [st["cluster"] for st in states]
    assign_ids(clusters, "meeting", previous or {}, first_mention)
    ids = meeting_id_frame(clusters)
    mentions = conform(meetings.join(ids, on="mention_id", how="left"), MeetingMentions)
    rows = [meeting_row(st) for st in states]
    meetings_df = frame_of(rows, Meetings)
    return (mentions, meetings_df, conform(meeting_participants(participants, ids, published), MeetingParticipants),
            decisions_frame("meeting", clusters))
