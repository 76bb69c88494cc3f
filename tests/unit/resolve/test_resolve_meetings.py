"""The steps of resolve_meetings (pipeline/resolve/meetings.py), one at a time: the order mentions are
merged in, the choice of meeting, what a meeting keeps from each mention, and the rows it becomes.
Every row and frame is built here by hand so each expected value can be checked on paper."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from pipeline.resolve.linkage import Cluster, join
from pipeline.resolve.meetings import (
    absorbed,
    article_stories,
    best_meeting,
    closest_member,
    first_mention,
    first_stated,
    meeting_id_frame,
    meeting_participants,
    meeting_row,
    mention_rows,
    merge_meetings,
    new_meeting,
    participant_id,
    prepared,
)

JAN_9, JAN_12, JAN_13 = dt.date(2026, 1, 9), dt.date(2026, 1, 12), dt.date(2026, 1, 13)


def mention(mention_id: str, countries: set[str], **fields) -> dict:
    """A meeting mention as merge_meetings sees it once `prepared`: a held bilateral of 12 January 2026
    reported on 13 January, no name, city or level, unless `fields` say otherwise."""
    row = {"mention_id": mention_id, "article_id": "a" + mention_id[1:], "story_id": None,
           "meeting_name": None, "meeting_format": "bilateral", "meeting_level": None, "role_level": None,
           "start_date": JAN_12, "date_precision": "day", "city": None, "country_iso3": None,
           "convener": None, "convener_iso3": None, "status": "held", "published_date": JAN_13,
           "countries": countries}
    return {**row, **fields}


def meeting_of(*rows: dict) -> dict:
    """The state of a meeting the rows were merged into, in order, as merge_meetings keeps it."""
    st = new_meeting(rows[0])
    for row in rows:
        join(st["cluster"], row, None, None, {})
        st = absorbed(st, row)
    return st


# -- mention_rows and prepared --------------------------------------------------------------------

def test_mention_rows_puts_day_dates_first_then_earlier_articles():
    meetings = pl.DataFrame({
        "mention_id": ["b1", "b2", "b3", "b4"], "article_id": ["a1", "a2", "a3", "a4"],
        "date_precision": ["month", "day", None, "day"], "char_start": [0, 0, 0, 0]})
    participants = pl.DataFrame({
        "meeting_mention_id": ["b2", "b2", "b2", "b4"], "country_iso3": ["USA", None, "USA", "JPN"],
        "participant_kind": ["country", "person", "person", "person"], "role": [None, "President", None, None]})
    published = pl.DataFrame({"article_id": ["a1", "a2", "a3", "a4"],
                              "published_date": [JAN_9, JAN_13, JAN_9, JAN_12]})
    rows = mention_rows(meetings, participants, published)
    # Day precision (b4 published before b2), then month, then none.
    assert rows["mention_id"].to_list() == ["b4", "b2", "b1", "b3"]
    assert rows["rank"].to_list() == [3, 3, 2, 0]
    by_id = {r["mention_id"]: r for r in rows.iter_rows(named=True)}
    assert by_id["b2"]["countries"] == ["USA"]  # once, however many participants give it
    assert by_id["b2"]["roles"] == ["President"]
    assert by_id["b1"]["countries"] is None and by_id["b1"]["roles"] is None


def test_mention_rows_breaks_ties_by_article_then_position():
    meetings = pl.DataFrame({"mention_id": ["b1", "b2", "b3"], "article_id": ["a2", "a1", "a1"],
                             "date_precision": ["day", "day", "day"], "char_start": [0, 30, 5]})
    participants = pl.DataFrame({"meeting_mention_id": ["b1"], "country_iso3": ["USA"],
                                 "participant_kind": ["country"], "role": [None]},
                                schema={"meeting_mention_id": pl.Utf8, "country_iso3": pl.Utf8,
                                        "participant_kind": pl.Utf8, "role": pl.Utf8})
    published = pl.DataFrame({"article_id": ["a1", "a2"], "published_date": [JAN_13, JAN_13]})
    assert mention_rows(meetings, participants, published)["mention_id"].to_list() == ["b3", "b2", "b1"]


def test_prepared_makes_a_set_of_countries_and_a_level_from_roles():
    raw = {"mention_id": "b1", "countries": ["USA", "CHN", "USA"], "roles": ["President", "President"]}
    row = prepared(raw)
    assert row == {"mention_id": "b1", "countries": {"USA", "CHN"}, "roles": ["President", "President"],
                   "role_level": "leaders"}
    assert raw["countries"] == ["USA", "CHN", "USA"]  # the input row is left as it was
    assert prepared({"countries": None, "roles": None}) == {"countries": set(), "roles": None, "role_level": None}


# -- best_meeting and closest_member --------------------------------------------------------------

def test_best_meeting_picks_the_meeting_with_the_same_countries():
    meetings = [meeting_of(mention("b1", {"USA", "CHN"})), meeting_of(mention("b2", {"USA", "JPN"}))]
    i, score, evidence = best_meeting(mention("b3", {"USA", "JPN"}), meetings)
    # 0.5 * all countries shared + 0.25 * same day + 0.15 * 0.5 (no names) + 0.1 * 0.5 (no cities)
    assert (i, score) == (1, pytest.approx(0.875))
    assert evidence == {"country_overlap": 1.0, "date_agreement": 1.0, "name_similarity": 0.5,
                        "same_city": 0.5, "score": 0.875}


def test_best_meeting_prefers_the_earlier_of_two_equal_meetings():
    meetings = [meeting_of(mention("b1", {"USA", "JPN"})), meeting_of(mention("b2", {"USA", "JPN"}))]
    assert best_meeting(mention("b3", {"USA", "JPN"}), meetings)[0] == 0


def test_best_meeting_names_the_nearest_meeting_it_was_kept_from():
    geneva = meeting_of(mention("b1", {"USA", "CHN"}, city="Geneva"))
    other_pair = meeting_of(mention("b2", {"IND", "BRA"}))
    i, score, evidence = best_meeting(mention("b3", {"USA", "CHN"}, city="Madrid"), [other_pair, geneva])
    assert (i, score) == (None, None)
    assert evidence == {"rule": "no earlier mention of this meeting",
                        "nearest": {"mention_id": "b1", "country_overlap": 1.0, "date_agreement": 1.0,
                                    "name_similarity": 0.5, "same_city": 0.0, "rule": "different cities"}}


def test_best_meeting_names_no_nearest_meeting_without_a_shared_country():
    other_pair = meeting_of(mention("b1", {"IND", "BRA"}))
    assert best_meeting(mention("b2", {"USA", "CHN"}), [other_pair]) == (
        None, None, {"rule": "no earlier mention of this meeting"})
    assert best_meeting(mention("b2", {"USA", "CHN"}), []) == (
        None, None, {"rule": "no earlier mention of this meeting"})


def test_closest_member_is_the_one_sharing_most_countries():
    cluster = Cluster(members=[mention("b1", {"USA"}), mention("b2", {"USA", "JPN"}), mention("b3", {"USA", "JPN"})])
    assert closest_member(cluster, mention("b4", {"USA", "JPN", "CAN"}))["mention_id"] == "b2"


# -- new_meeting and absorbed ---------------------------------------------------------------------

def test_new_meeting_takes_format_level_and_date_of_its_first_mention():
    st = new_meeting(mention("b1", {"USA", "JPN"}, meeting_level="ministers", role_level="leaders"))
    assert st["cluster"].members == []
    assert {k: v for k, v in st.items() if k != "cluster"} == {
        "format": "bilateral", "level": "ministers", "date": JAN_12, "precision": "day", "countries": set(),
        "names": set(), "cities": set(), "held_by": None, "ahead_at": None, "role_level": "leaders"}


def test_absorbed_adds_countries_name_city_and_a_sharper_date():
    st = new_meeting(mention("b1", {"USA"}, start_date=dt.date(2026, 1, 1), date_precision="month"))
    row = mention("b2", {"USA", "JPN"}, meeting_name="Finance Ministers’ Meeting", city="Washington",
                  meeting_level="ministers")
    after = absorbed(st, row)
    assert after["countries"] == {"USA", "JPN"}
    assert after["names"] == {"finance ministers meeting"}
    assert after["cities"] == {"Washington"}
    assert after["level"] == "ministers"
    assert (after["date"], after["precision"]) == (JAN_12, "day")
    assert after["cluster"] is st["cluster"]
    # The state it was given is left as it was.
    assert (st["countries"], st["names"], st["date"], st["precision"]) == (set(), set(), dt.date(2026, 1, 1), "month")


def test_absorbed_keeps_a_date_as_precise_and_a_level_already_known():
    st = absorbed(new_meeting(mention("b1", {"USA"}, meeting_level="leaders")), mention("b1", {"USA"}))
    after = absorbed(st, mention("b2", {"USA"}, start_date=dt.date(2026, 1, 14), meeting_level="ministers"))
    assert (after["date"], after["level"]) == (JAN_12, "leaders")


def test_absorbed_keeps_the_earliest_report_and_the_latest_preview():
    st = new_meeting(mention("b1", {"USA"}))
    st = absorbed(st, mention("b1", {"USA"}, status="held", published_date=JAN_13))
    st = absorbed(st, mention("b2", {"USA"}, status="held", published_date=dt.date(2026, 1, 15)))
    st = absorbed(st, mention("b3", {"USA"}, status="scheduled", published_date=JAN_9))
    st = absorbed(st, mention("b4", {"USA"}, status="scheduled", published_date=dt.date(2026, 1, 5)))
    st = absorbed(st, mention("b5", {"USA"}, status="scheduled", published_date=None))
    assert (st["held_by"], st["ahead_at"]) == (JAN_13, JAN_9)


# -- merge_meetings -------------------------------------------------------------------------------

def rows_frame(*rows: dict) -> pl.DataFrame:
    """Rows as mention_rows gives them: countries as a list, roles, no role_level yet."""
    return pl.DataFrame([{**{k: v for k, v in r.items() if k != "role_level"}, "countries": sorted(r["countries"]),
                          "roles": None} for r in rows])


def test_merge_meetings_joins_a_mention_to_its_meeting_and_starts_another():
    rows = rows_frame(mention("b1", {"USA", "JPN"}), mention("b2", {"USA", "CHN"}),
                      mention("b3", {"USA", "JPN"}, city="Washington"))
    states = merge_meetings(rows)
    assert [[m["mention_id"] for m in st["cluster"].members] for st in states] == [["b1", "b3"], ["b2"]]
    assert [d["decision"] for d in states[0]["cluster"].decisions] == ["new", "merged"]
    assert states[0]["cluster"].decisions[1]["matched_mention_id"] == "b1"
    assert json.loads(states[1]["cluster"].decisions[0]["evidence"])["nearest"]["mention_id"] == "b1"
    assert states[0]["cities"] == {"Washington"} and states[1]["cities"] == set()


# -- the output rows ------------------------------------------------------------------------------

def test_first_mention_and_first_stated():
    cluster = Cluster(members=[mention("b1", {"USA"}), mention("b2", {"USA"}, city="Geneva"),
                               mention("b3", {"USA"}, city="Madrid")])
    assert first_mention(cluster) == ("b1",)
    assert first_stated(cluster.members, "city") == "Geneva"
    assert first_stated(cluster.members, "convener") is None


def test_meeting_row_counts_stories_and_takes_the_first_stated_values():
    st = meeting_of(mention("b1", {"USA", "JPN"}, published_date=JAN_13),
                    mention("b2", {"USA", "JPN"}, city="Washington", country_iso3="USA", published_date=JAN_9),
                    mention("b3", {"USA", "JPN"}, city="Washington DC", story_id="a2", published_date=JAN_13))
    st["cluster"].id = "0123456789abcdef"
    assert meeting_row(st) == {
        "meeting_id": "0123456789abcdef", "name": None, "meeting_format": "bilateral", "start_date": JAN_12,
        "end_date": JAN_12, "date_precision": "day", "city": "Washington", "country_iso3": "USA",
        "convener": None, "convener_iso3": None, "meeting_level": None,
        "article_count": 2,  # b3 is a copy of b2's article
        "first_reported_date": JAN_9}


def test_meeting_row_has_no_end_date_for_a_month():
    st = meeting_of(mention("b1", {"USA"}, start_date=dt.date(2026, 1, 1), date_precision="month"))
    row = meeting_row(st)
    assert (row["start_date"], row["end_date"], row["date_precision"]) == (dt.date(2026, 1, 1), None, "month")


def test_meeting_id_frame_lists_every_member_by_cluster():
    first = Cluster(members=[{"mention_id": "b1"}, {"mention_id": "b3"}], id="m1")
    second = Cluster(members=[{"mention_id": "b2"}], id="m2")
    frame = meeting_id_frame([first, second])
    assert frame.schema == {"mention_id": pl.Utf8, "meeting_id": pl.Utf8}
    assert frame.rows() == [("b1", "m1"), ("b3", "m1"), ("b2", "m2")]
    assert meeting_id_frame([]).height == 0


def test_article_stories_falls_back_to_the_article():
    with_stories = pl.DataFrame({"article_id": ["a1", "a2"], "story_id": [None, "a1"]})
    assert article_stories(with_stories).rows() == [("a1", "a1"), ("a2", "a1")]
    assert article_stories(pl.DataFrame({"article_id": ["a1", "a2"]})).rows() == [("a1", "a1"), ("a2", "a2")]


def test_participant_id_by_kind():
    frame = pl.DataFrame({"participant_kind": ["person", "country", "organisation"],
                          "person_id": ["p1", None, None], "country_iso3": ["USA", "JPN", None],
                          "name": ["Scott Bessent", "Japan", "Asian Development Bank"]})
    assert frame.select(participant_id()).to_series().to_list() == [
        "p1", "JPN", "org:asian_development_bank"]


def test_meeting_participants_merges_a_participant_named_in_two_stories():
    # Koo is named in two stories, twice in the second: first (by position) as Deputy Prime Minister.
    participants = pl.DataFrame({
        "meeting_mention_id": ["b1", "b2", "b2", "b2", "b3"], "article_id": ["a1", "a2", "a2", "a2", "a3"],
        "char_start": [5, 9, 1, 3, 0], "participant_kind": ["person", "person", "country", "person", "country"],
        "person_id": ["p1", "p1", None, "p1", None], "country_iso3": [None, "KOR", "KOR", "KOR", "USA"],
        "name": ["Koo Yoon-chul", "Koo Yun-cheol", "South Korea", "Koo Yun-cheol", "United States"],
        "role": [None, "Finance Minister", None, "Deputy Prime Minister", None]})
    ids = pl.DataFrame({"mention_id": ["b1", "b2"], "meeting_id": ["m1", "m1"]})  # b3 is in no meeting
    published = pl.DataFrame({"article_id": ["a1", "a2"], "story_id": ["a1", "a2"]})
    table = meeting_participants(participants, ids, published)
    assert table.rows() == [("m1", "KOR", "country", "South Korea", "KOR", None, 1),
                            ("m1", "p1", "person", "Koo Yoon-chul", "KOR", "Deputy Prime Minister", 2)]
