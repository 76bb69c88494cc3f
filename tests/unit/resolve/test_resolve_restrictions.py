"""The steps of resolve_restrictions (pipeline/resolve/restrictions.py), one at a time: the order
mentions are merged in, the step a mention joins, what a step keeps of its dates, and the rows it
becomes. Every row and frame is built here by hand so each expected value can be checked on paper."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from pipeline.resolve.linkage import Cluster, join
from pipeline.resolve.restrictions import (
    matching_step,
    merge_steps,
    most_common,
    new_step,
    restriction_id_frame,
    restriction_row,
    restriction_rows,
    sharpened,
    step_fingerprint,
    step_key,
)

JULY_3, AUGUST_1 = dt.date(2023, 7, 3), dt.date(2023, 8, 1)


def mention(mention_id: str, mineral_id: str = "gallium", announced_date: dt.date | None = JULY_3, **fields) -> dict:
    """A restriction mention as merge_steps reads it: China's licence requirement on a mineral, any
    destination, imposed on the day given and reported the next day, unless `fields` say otherwise."""
    row = {"mention_id": mention_id, "article_id": "a" + mention_id[1:], "story_id": None, "imposing_iso3": "CHN",
           "target_iso3": None, "mineral_id": mineral_id, "measure": "licensing_requirement", "action": "imposed",
           "announced_date": announced_date, "date_precision": "day" if announced_date else None,
           "published_date": announced_date + dt.timedelta(days=1) if announced_date else JULY_3}
    return {**row, **fields}


def step_of(*rows: dict, cluster_id: str | None = None) -> dict:
    """A step the rows were merged into, in order, as merge_steps keeps it."""
    step = new_step(rows[0], step_key(rows[0]))
    for row in rows:
        join(step["cluster"], row, None, None, {})
        step = sharpened(step, row)
    step["cluster"].id = cluster_id
    return step


# -- restriction_rows and step_key ----------------------------------------------------------------

def test_restriction_rows_puts_day_dates_first_then_earlier_articles_then_position_and_mineral():
    mentions = pl.DataFrame({
        "mention_id": ["d1", "d5", "d2", "d2", "d3", "d4"], "article_id": ["a1", "a2", "a2", "a2", "a3", "a4"],
        "mineral_id": ["gallium", "antimony", "germanium", "gallium", "gallium", "gallium"],
        "date_precision": ["month", "day", "day", "day", None, "day"], "char_start": [0, 40, 0, 0, 0, 0]})
    published = pl.DataFrame({"article_id": ["a1", "a2", "a3", "a4"],
                              "published_date": [JULY_3, AUGUST_1, JULY_3, dt.date(2023, 7, 4)]})
    rows = restriction_rows(mentions, published)
    assert rows.select("mention_id", "mineral_id").rows() == [
        ("d4", "gallium"), ("d2", "gallium"), ("d2", "germanium"), ("d5", "antimony"), ("d1", "gallium"),
        ("d3", "gallium")]
    assert rows["rank"].to_list() == [3, 3, 3, 3, 2, 0]


def test_step_key_puts_imposing_and_expanding_together():
    assert step_key(mention("d1", action="expanded", target_iso3="USA")) == ("CHN", "USA", "gallium", "on")
    assert step_key(mention("d1", action="imposed")) == ("CHN", None, "gallium", "on")
    assert step_key(mention("d1", action="suspended")) == ("CHN", None, "gallium", "suspended")
    assert step_key(mention("d1", action="lifted")) == ("CHN", None, "gallium", "lifted")


# -- matching_step --------------------------------------------------------------------------------

def test_a_dated_mention_joins_the_first_step_whose_date_is_near():
    april, july = step_of(mention("d1", announced_date=dt.date(2023, 4, 1))), step_of(mention("d2"))
    # 1 August is 29 days from 3 July (within 92) and 122 days from 1 April.
    assert matching_step(mention("d3", announced_date=AUGUST_1), [april, july]) == (1, {"date": "29 days apart"})
    assert matching_step(mention("d3", announced_date=AUGUST_1), [july, april]) == (0, {"date": "29 days apart"})
    assert matching_step(mention("d3", announced_date=dt.date(2023, 7, 1), date_precision="month"), [july]) == (
        0, {"date": "agrees at the coarser precision"})
    # 1 August is near both 3 July and 20 July: the first step listed wins.
    july_20 = step_of(mention("d4", announced_date=dt.date(2023, 7, 20)))
    assert matching_step(mention("d3", announced_date=AUGUST_1), [july, july_20]) == (0, {"date": "29 days apart"})
    assert matching_step(mention("d3", announced_date=AUGUST_1), [july_20, july]) == (0, {"date": "12 days apart"})


def test_a_dated_mention_far_from_every_step_starts_one():
    july = step_of(mention("d1"))
    assert matching_step(mention("d2", announced_date=dt.date(2023, 12, 1)), [july]) == (None, {})
    assert matching_step(mention("d2"), []) == (None, {})


def test_a_dated_mention_joins_an_undated_step():
    undated = step_of(mention("d1", announced_date=None))
    assert matching_step(mention("d2"), [undated]) == (0, {"date": "not stated on one side"})


def test_an_undated_mention_joins_the_most_reported_step():
    april = step_of(mention("d1", announced_date=dt.date(2023, 4, 1)))
    july = step_of(mention("d2"), mention("d3"))
    october = step_of(mention("d4", announced_date=dt.date(2023, 10, 9)), mention("d5"))
    joined = "not stated; joined the most reported step"
    assert matching_step(mention("d6", announced_date=None), [april, july, october]) == (1, {"date": joined})
    assert matching_step(mention("d6", announced_date=None), [april, october, july]) == (1, {"date": joined})
    assert matching_step(mention("d6", announced_date=None), []) == (None, {"date": joined})


# -- new_step and sharpened -----------------------------------------------------------------------

def test_new_step_takes_the_date_and_key_of_its_first_mention():
    step = new_step(mention("d1", date_precision="month"), ("CHN", None, "gallium", "on"))
    assert step["cluster"].members == []
    assert {k: v for k, v in step.items() if k != "cluster"} == {
        "date": JULY_3, "precision": "month", "key": ("CHN", None, "gallium", "on"), "anchor": (JULY_3, "month"),
        "effectives": []}


def test_a_headline_year_that_is_the_effective_date_joins_the_announced_measure():
    # "announced on 10 February, taking effect from 1 January 2027", then a headline's "from 2027"
    body = {**mention("d1", announced_date=dt.date(2026, 2, 10), date_precision="day"),
            "effective_date": dt.date(2027, 1, 1), "effective_date_precision": "day"}
    headline = {**mention("d2", announced_date=dt.date(2027, 1, 1), date_precision="year"),
                "effective_date": dt.date(2027, 1, 1), "effective_date_precision": "year"}
    step = new_step(body, ("CHN", None, "tungsten", "on"))
    assert matching_step(headline, [step]) == (0, {"date": "takes effect on the same day"})
    assert matching_step({**headline, "effective_date": dt.date(2029, 1, 1)}, [step]) == (None, {})


def test_a_mention_dated_only_by_its_effective_day_starts_its_own_step():
    # "The quota system took effect on Thursday": months after the halt, so another step, not the halt.
    halt = new_step(mention("d1"), ("COD", None, "cobalt", "on"))
    join_first = mention("d2", announced_date=None, date_precision=None)
    quota = {**join_first, "effective_date": dt.date(2023, 12, 1), "effective_date_precision": "day"}
    assert matching_step(quota, [halt]) == (None, {})
    assert matching_step({**quota, "effective_date": dt.date(2023, 7, 20)}, [halt])[0] == 0


def test_sharpened_takes_a_more_precise_date_only():
    month = new_step(mention("d1", announced_date=dt.date(2023, 7, 1), date_precision="month"), ())
    day = sharpened(month, mention("d2"))
    assert (day["date"], day["precision"]) == (JULY_3, "day")
    assert (month["date"], month["precision"]) == (dt.date(2023, 7, 1), "month")  # left as it was
    assert day["cluster"] is month["cluster"]
    assert sharpened(day, mention("d3", announced_date=AUGUST_1)) == day
    assert sharpened(day, mention("d3", announced_date=None)) == day


# -- merge_steps ----------------------------------------------------------------------------------

def test_merge_steps_groups_steps_by_key_in_the_order_first_seen():
    rows = pl.DataFrame([mention("d1"), mention("d1", "germanium"), mention("d2", announced_date=AUGUST_1),
                         mention("d3", announced_date=dt.date(2023, 12, 1)), mention("d4", announced_date=None)])
    steps = merge_steps(rows)
    assert [(s["key"][2], s["date"], [m["mention_id"] for m in s["cluster"].members]) for s in steps] == [
        ("gallium", JULY_3, ["d1", "d2", "d4"]), ("gallium", dt.date(2023, 12, 1), ["d3"]),
        ("germanium", JULY_3, ["d1"])]
    decisions = steps[0]["cluster"].decisions
    assert [(d["decision"], d["matched_mention_id"], d["score"]) for d in decisions] == [
        ("new", None, None), ("merged", "d1", 1.0), ("merged", "d1", 1.0)]
    assert json.loads(decisions[0]["evidence"]) == {"rule": "first report of this step"}
    assert json.loads(decisions[1]["evidence"]) == {"date": "29 days apart",
                                                    "same": "imposer, target, mineral and action"}


# -- the output rows ------------------------------------------------------------------------------

def test_step_fingerprint_is_the_first_mention_with_its_month():
    assert step_fingerprint(Cluster(members=[mention("d1"), mention("d2", announced_date=AUGUST_1)])) == (
        "CHN", None, "gallium", "imposed", "2023-07")
    assert step_fingerprint(Cluster(members=[mention("d1", announced_date=None, action="expanded")])) == (
        "CHN", None, "gallium", "expanded", "undated")


def test_most_common_breaks_ties_alphabetically():
    assert most_common(["lifted", "imposed", "lifted", "imposed"]) == "imposed"
    assert most_common(["lifted", "imposed", "lifted"]) == "lifted"


def test_restriction_row_of_a_suspension_names_the_ban_it_pauses():
    ban = step_of(mention("d1", measure="unspecified"), mention("d2", measure="export_ban", action="expanded"),
                  mention("d3", measure="export_ban", story_id="a2", published_date=dt.date(2023, 7, 2)),
                  cluster_id="r1")
    pause = step_of(mention("d4", announced_date=dt.date(2023, 11, 9), action="suspended", measure="unspecified"),
                    cluster_id="r2")
    assert restriction_row(ban, [ban, pause]) == {
        "restriction_id": "r1", "imposing_iso3": "CHN", "target_iso3": None, "mineral_id": "gallium",
        "measure": "export_ban", "action": "imposed", "announced_date": JULY_3, "date_precision": "day",
        "effective_date": None, "effective_date_precision": None, "end_date": None, "end_date_precision": None,
        "product_stage": None, "legal_instrument": None,
        "article_count": 2,  # d3 is a copy of d2's article
        "first_reported_date": dt.date(2023, 7, 2), "suspends_restriction_id": None}
    row = restriction_row(pause, [ban, pause])
    assert (row["measure"], row["action"], row["suspends_restriction_id"]) == ("unspecified", "suspended", "r1")


def test_restriction_id_frame_lists_every_mineral_of_every_mention():
    steps = [step_of(mention("d1"), mention("d2"), cluster_id="r1"),
             step_of(mention("d1", "germanium"), cluster_id="r2")]
    frame = restriction_id_frame(steps)
    assert frame.schema == {"mention_id": pl.Utf8, "mineral_id": pl.Utf8, "restriction_id": pl.Utf8}
    assert frame.rows() == [("d1", "gallium", "r1"), ("d2", "gallium", "r1"), ("d1", "germanium", "r2")]
    assert restriction_id_frame([]).height == 0
