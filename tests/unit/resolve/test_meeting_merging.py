"""Which meeting mentions become one meeting: the place, the article's date and the mention's status
(a preview or a report) keep apart what countries and a loose date alone would merge. Rows are
invented here; helpers come from test_resolve."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from pipeline.resolve.meetings import level_from_roles
from tests.unit.resolve.test_resolve import countries, meeting, meeting_ids, participant, published, resolve_all_meetings


def rules(decisions: pl.DataFrame) -> dict[str, str | None]:
    return {r["mention_id"]: json.loads(r["evidence"]).get("rule") for r in decisions.iter_rows(named=True)}


def test_same_pair_in_two_cities_are_two_meetings():
    # Two trade ministers meet in Geneva in May; a later article has them in Madrid, no date given.
    geneva, madrid = "a000000000000101", "a000000000000102"
    articles = published((geneva, dt.date(2025, 5, 12)), (madrid, dt.date(2025, 5, 20)))
    meetings = [meeting("b000000000000101", geneva, dt.date(2025, 5, 11), meeting_format="bilateral", city="Geneva"),
                meeting("b000000000000102", madrid, None, precision=None, meeting_format="bilateral", city="Madrid")]
    participants = [*countries("c1010000000000", "b000000000000101", geneva, "USA", "CHN"),
                    *countries("c1020000000000", "b000000000000102", madrid, "USA", "CHN")]
    mentions, table, decisions = resolve_all_meetings(meetings, participants, articles)
    ids = meeting_ids(mentions)
    assert ids["b000000000000101"] != ids["b000000000000102"]
    assert sorted(table["city"]) == ["Geneva", "Madrid"]
    # The decision to start a second meeting names the one it was kept from, and why.
    madrid_decision = decisions.filter(pl.col("mention_id") == "b000000000000102").row(0, named=True)
    assert madrid_decision["decision"] == "new"
    assert json.loads(madrid_decision["evidence"]) == {
        "rule": "no earlier mention of this meeting",
        "nearest": {"mention_id": "b000000000000101", "country_overlap": 1.0, "date_agreement": 0.5,
                    "name_similarity": 0.5, "same_city": 0.0, "rule": "different cities"}}


def test_washington_dc_and_washington_are_one_city():
    first, second = "a000000000000103", "a000000000000104"
    articles = published((first, dt.date(2025, 4, 2)), (second, dt.date(2025, 4, 3)))
    meetings = [meeting("b000000000000103", first, dt.date(2025, 4, 1), meeting_format="bilateral",
                        city="Washington, D.C."),
                meeting("b000000000000104", second, dt.date(2025, 4, 1), meeting_format="bilateral",
                        city="Washington")]
    participants = [*countries("c1030000000000", "b000000000000103", first, "USA", "JPN"),
                    *countries("c1040000000000", "b000000000000104", second, "USA", "JPN")]
    mentions, _, _ = resolve_all_meetings(meetings, participants, articles)
    assert mentions["meeting_id"].n_unique() == 1


def test_a_plan_published_after_the_meeting_month_is_another_meeting():
    # One article of 20 August: the foreign ministers met 'last month', and the leaders are 'due to meet'
    # (no date). The plan cannot be the July meeting, which was over when the article was written.
    article = "a000000000000105"
    articles = published((article, dt.date(2025, 8, 20)))
    meetings = [meeting("b000000000000105", article, dt.date(2025, 7, 1), precision="month",
                        meeting_format="bilateral"),
                meeting("b000000000000106", article, None, precision=None, status="scheduled",
                        meeting_format="bilateral", city="Tianjin")]
    participants = [*countries("c1050000000000", "b000000000000105", article, "IND", "CHN"),
                    *countries("c1060000000000", "b000000000000106", article, "IND", "CHN")]
    mentions, _, decisions = resolve_all_meetings(meetings, participants, articles)
    ids = meeting_ids(mentions)
    assert ids["b000000000000105"] != ids["b000000000000106"]
    assert decisions["decision"].to_list() == ["new", "new"]


def test_a_report_of_a_meeting_dated_after_its_article_is_another_meeting():
    # A report published on 3 March cannot be of a meeting in April.
    plan, report = "a000000000000107", "a000000000000108"
    articles = published((plan, dt.date(2025, 3, 1)), (report, dt.date(2025, 3, 3)))
    meetings = [meeting("b000000000000107", plan, dt.date(2025, 4, 15), status="scheduled",
                        meeting_format="bilateral"),
                meeting("b000000000000108", report, None, precision=None, status="held",
                        meeting_format="bilateral")]
    participants = [*countries("c1070000000000", "b000000000000107", plan, "KOR", "JPN"),
                    *countries("c1080000000000", "b000000000000108", report, "KOR", "JPN")]
    mentions, _, _ = resolve_all_meetings(meetings, participants, articles)
    ids = meeting_ids(mentions)
    assert ids["b000000000000107"] != ids["b000000000000108"]


def test_an_undated_report_months_after_a_meeting_of_the_same_pair_is_another_meeting():
    # Korea's and Japan's ministers met on 29 October; an article of 13 January says they met, no date,
    # no place: a new meeting, which a second January article, naming the city, joins.
    october, january, january_city = "a000000000000109", "a000000000000110", "a000000000000111"
    articles = published((october, dt.date(2025, 10, 30)), (january, dt.date(2026, 1, 13)),
                         (january_city, dt.date(2026, 1, 14)))
    meetings = [meeting("b000000000000109", october, dt.date(2025, 10, 29), meeting_format="bilateral",
                        city="Gyeongju"),
                meeting("b000000000000110", january, None, precision=None, meeting_format="bilateral",
                        level="ministers"),
                meeting("b000000000000111", january_city, None, precision=None, meeting_format="bilateral",
                        level="ministers", city="Washington")]
    participants = [*countries("c1090000000000", "b000000000000109", october, "KOR", "JPN"),
                    *countries("c1100000000000", "b000000000000110", january, "KOR", "JPN"),
                    *countries("c1110000000000", "b000000000000111", january_city, "KOR", "JPN")]
    mentions, _, decisions = resolve_all_meetings(meetings, participants, articles)
    ids = meeting_ids(mentions)
    assert ids["b000000000000109"] != ids["b000000000000110"]
    assert ids["b000000000000110"] == ids["b000000000000111"]
    assert decisions.filter(pl.col("decision") == "merged")["matched_mention_id"].to_list() == ["b000000000000110"]


def test_an_undated_report_in_the_week_of_the_meeting_joins_it():
    report, wrap = "a000000000000112", "a000000000000113"
    articles = published((report, dt.date(2025, 6, 10)), (wrap, dt.date(2025, 6, 16)))
    meetings = [meeting("b000000000000112", report, dt.date(2025, 6, 9), meeting_format="bilateral",
                        city="London"),
                meeting("b000000000000113", wrap, None, precision=None, meeting_format="bilateral")]
    participants = [*countries("c1120000000000", "b000000000000112", report, "USA", "CHN"),
                    *countries("c1130000000000", "b000000000000113", wrap, "USA", "CHN")]
    mentions, _, decisions = resolve_all_meetings(meetings, participants, articles)
    assert mentions["meeting_id"].n_unique() == 1
    assert rules(decisions)["b000000000000113"] is None


def test_level_from_roles_needs_two_heads_for_leaders_and_no_head_for_ministers():
    assert level_from_roles(["President", "Prime Minister", "Commerce Secretary"]) == "leaders"
    assert level_from_roles(["European Commission President", "Premier"]) == "leaders"
    assert level_from_roles(["Vice Premier", "Treasury Secretary"]) == "ministers"
    assert level_from_roles(["Chancellor of the Exchequer", "Vice President"]) == "ministers"
    assert level_from_roles(["President", "Foreign Minister"]) is None  # a head receiving a minister
    assert level_from_roles(["Trade Representative"]) is None


def test_a_call_between_two_presidents_stays_apart_from_their_ministers_talks_that_month():
    # Ministers meet in London on 9 June; the two presidents spoke by phone on 5 June. A third article
    # says only that the presidents "spoke earlier this month": their call, not the ministers' talks,
    # which fit its date as well and were reported first.
    talks, call, recap = "a000000000000114", "a000000000000115", "a000000000000116"
    articles = published((talks, dt.date(2025, 6, 10)), (call, dt.date(2025, 6, 10)), (recap, dt.date(2025, 6, 11)))
    meetings = [meeting("b000000000000114", talks, dt.date(2025, 6, 9), meeting_format="bilateral",
                        level="ministers", city="London"),
                meeting("b000000000000115", call, dt.date(2025, 6, 5), meeting_format="bilateral"),
                meeting("b000000000000116", recap, dt.date(2025, 6, 1), precision="month",
                        meeting_format="bilateral")]
    participants = [*countries("c1140000000000", "b000000000000114", talks, "USA", "CHN"),
                    *countries("c1150000000000", "b000000000000115", call, "USA", "CHN"),
                    *countries("c1160000000000", "b000000000000116", recap, "USA", "CHN"),
                    participant("c000000000000117", "b000000000000116", recap, "Ann Example", "USA",
                                role="President"),
                    participant("c000000000000118", "b000000000000116", recap, "Bo Sample", "CHN",
                                role="President")]
    mentions, table, _ = resolve_all_meetings(meetings, participants, articles)
    ids = meeting_ids(mentions)
    assert ids["b000000000000116"] == ids["b000000000000115"] != ids["b000000000000114"]
    # The level found from the titles decides the merge; the table keeps what the articles said.
    assert sorted(table["meeting_level"].to_list(), key=str) == [None, "ministers"]
