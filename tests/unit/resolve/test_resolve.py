"""Merging mentions across articles (pipeline/resolve/): meetings, people and restrictions, the merge
decisions that explain them, and ids that stay put. Every frame is built here by hand, with the
columns the extract stage writes, so each expected id, count and score can be checked on paper."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline.ids import stable_id
from pipeline.resolve.meetings import resolve_meetings
from pipeline.resolve.people import resolve_people
from pipeline.resolve.restrictions import resolve_restrictions
from schemas import ExtractedMeetingMentions, ExtractedParticipantMentions, ExtractedRestrictionMentions, MergeDecisions
from schemas.base import conform

# Ids are 16 hex characters like the real ones; the first characters say what they name
# (a = article, b = meeting mention, c = participant mention, d = restriction mention).


def published(*rows: tuple[str, dt.date]) -> pl.DataFrame:
    """The columns of `articles` the resolvers read; every article is its own story here."""
    return pl.DataFrame({"article_id": [r[0] for r in rows], "published_date": [r[1] for r in rows],
                         "story_id": [r[0] for r in rows]},
                        schema={"article_id": pl.Utf8, "published_date": pl.Date, "story_id": pl.Utf8})


def evidence(char_start: int = 0) -> dict:
    return {"evidence_text": "(sentence)", "char_start": char_start, "char_end": char_start + 10, "confidence": 0.9}


def meeting(mention_id, article_id, start_date, *, precision="day", status="held", meeting_format="multilateral",
            level=None, name=None, city=None, country_iso3=None) -> dict:
    return {"mention_id": mention_id, "article_id": article_id, "meeting_name": name,
            "meeting_format": meeting_format, "start_date": start_date, "date_precision": precision, "city": city,
            "country_iso3": country_iso3, "convener": None, "convener_iso3": None, "status": status,
            "meeting_level": level, **evidence()}


def participant(mention_id, meeting_mention_id, article_id, name, country_iso3, *, kind="person", role=None,
                char_start=0) -> dict:
    return {"mention_id": mention_id, "meeting_mention_id": meeting_mention_id, "article_id": article_id,
            "participant_kind": kind, "name": name, "country_iso3": country_iso3, "role": role,
            **evidence(char_start)}


def countries(prefix: str, meeting_mention_id: str, article_id: str, *iso3: str) -> list[dict]:
    """Country participants of one meeting mention, ids prefix01, prefix02, ..."""
    return [participant(f"{prefix}{i:02d}", meeting_mention_id, article_id, code, code, kind="country")
            for i, code in enumerate(iso3, start=1)]


def restriction(mention_id, article_id, mineral_id, announced_date, *, imposer="CHN", target=None,
                measure="licensing_requirement", action="imposed", precision="day") -> dict:
    return {"mention_id": mention_id, "article_id": article_id, "imposing_iso3": imposer, "target_iso3": target,
            "mineral_id": mineral_id, "mineral_phrase": mineral_id, "item_count": None, "measure": measure,
            "action": action, "announced_date": announced_date, "date_precision": precision, **evidence()}


def frame(rows: list[dict], model) -> pl.DataFrame:
    return conform(pl.DataFrame(rows, infer_schema_length=None), model)


def resolve_all_meetings(meetings: list[dict], participants: list[dict], articles: pl.DataFrame,
                         previous_people=None, previous_meetings=None):
    """People first, then meetings, as the resolve asset chains them."""
    person_mentions, people, _ = resolve_people(frame(participants, ExtractedParticipantMentions), articles,
                                                previous_people)
    mentions, table, meeting_participants, decisions = resolve_meetings(
        frame(meetings, ExtractedMeetingMentions), person_mentions, articles, previous_meetings)
    return mentions, table, decisions


def meeting_ids(mentions: pl.DataFrame) -> dict[str, str]:
    return dict(mentions.select("mention_id", "meeting_id").iter_rows())


# -- meetings ---------------------------------------------------------------------------------------

# A finance ministers' meeting in Washington on 12 January 2026: one article previews it three days
# before, another reports it the next day and names one country more.
PREVIEW, REPORT = "a000000000000001", "a000000000000002"
PREVIEW_MEETING, REPORT_MEETING = "b000000000000001", "b000000000000002"
JAN_12 = dt.date(2026, 1, 12)
FINANCE_ARTICLES = published((PREVIEW, dt.date(2026, 1, 9)), (REPORT, dt.date(2026, 1, 13)))
FINANCE_MEETINGS = [
    meeting(PREVIEW_MEETING, PREVIEW, JAN_12, status="scheduled", level="ministers"),
    meeting(REPORT_MEETING, REPORT, JAN_12, status="held", level="ministers", city="Washington",
            country_iso3="USA"),
]
FINANCE_PARTICIPANTS = [*countries("c1000000000000", PREVIEW_MEETING, PREVIEW, "USA", "JPN", "CAN"),
                        *countries("c2000000000000", REPORT_MEETING, REPORT, "USA", "JPN", "CAN", "AUS")]


def test_preview_and_report_of_one_meeting_get_one_meeting_id():
    mentions, meetings, _ = resolve_all_meetings(FINANCE_MEETINGS, FINANCE_PARTICIPANTS, FINANCE_ARTICLES)
    ids = meeting_ids(mentions)
    assert ids[PREVIEW_MEETING] == ids[REPORT_MEETING]
    assert meetings.height == 1
    row = meetings.row(0, named=True)
    assert (row["meeting_id"], row["start_date"], row["date_precision"], row["city"], row["meeting_level"],
            row["article_count"], row["first_reported_date"]) == (
        ids[PREVIEW_MEETING], JAN_12, "day", "Washington", "ministers", 2, dt.date(2026, 1, 9))


def test_merge_decision_of_a_meeting_records_score_and_features():
    _, _, decisions = resolve_all_meetings(FINANCE_MEETINGS, FINANCE_PARTICIPANTS, FINANCE_ARTICLES)
    assert decisions.columns == list(MergeDecisions.to_schema().columns)
    MergeDecisions.validate(decisions)
    assert sorted(decisions["mention_id"]) == [PREVIEW_MEETING, REPORT_MEETING]  # one row per mention
    rows = {r["mention_id"]: r for r in decisions.iter_rows(named=True)}
    # The preview was published first, so it started the meeting; the report joined it.
    first, second = rows[PREVIEW_MEETING], rows[REPORT_MEETING]
    assert (first["entity_kind"], first["decision"], first["matched_mention_id"], first["score"]) == (
        "meeting", "new", None, None)
    assert (second["decision"], second["matched_mention_id"]) == ("merged", PREVIEW_MEETING)
    # 0.5 * 3/4 countries shared + 0.25 * same day + 0.15 * 0.5 (no name on either side)
    # + 0.1 * 0.5 (the preview names no city) = 0.75
    assert second["score"] == pytest.approx(0.75)
    features = json.loads(second["evidence"])
    assert features == {"country_overlap": 0.75, "date_agreement": 1.0, "name_similarity": 0.5,
                        "same_city": 0.5, "score": 0.75}
    assert json.loads(first["evidence"]) == {"rule": "no earlier mention of this meeting"}
    assert first["entity_id"] == second["entity_id"]


G7 = ("USA", "JPN", "DEU", "FRA", "GBR", "ITA", "CAN")


def test_g7_leaders_summit_and_g7_finance_ministers_in_the_same_month_stay_apart():
    summit, ministers = "a000000000000011", "a000000000000012"
    articles = published((summit, dt.date(2023, 5, 21)), (ministers, dt.date(2023, 5, 30)))
    meetings = [
        meeting("b000000000000011", summit, dt.date(2023, 5, 19), level="leaders", name="G7 summit",
                city="Hiroshima", country_iso3="JPN"),
        # "G7 finance ministers met in Japan in May": agrees with 19 May at month precision.
        meeting("b000000000000012", ministers, dt.date(2023, 5, 1), precision="month", level="ministers",
                name="G7 finance ministers' meeting"),
    ]
    participants = [*countries("c3000000000000", "b000000000000011", summit, *G7),
                    *countries("c4000000000000", "b000000000000012", ministers, *G7)]
    mentions, table, decisions = resolve_all_meetings(meetings, participants, articles)
    ids = meeting_ids(mentions)
    assert ids["b000000000000011"] != ids["b000000000000012"]
    assert sorted(table["meeting_level"]) == ["leaders", "ministers"]
    assert decisions["decision"].to_list() == ["new", "new"]


def test_bilateral_on_the_sidelines_stays_apart_from_the_summit():
    summit, sidelines = "a000000000000021", "a000000000000022"
    may_21 = dt.date(2023, 5, 21)
    articles = published((summit, may_21), (sidelines, may_21))
    meetings = [
        meeting("b000000000000021", summit, may_21, level="leaders", city="Hiroshima", country_iso3="JPN"),
        # Japan's and South Korea's leaders met in Hiroshima on the summit's last day.
        meeting("b000000000000022", sidelines, may_21, meeting_format="bilateral", level="leaders",
                city="Hiroshima", country_iso3="JPN"),
    ]
    # The summit article names only three of the countries there, two of them the pair that met apart:
    # were it not for the format, countries, day and city would be enough to merge them.
    participants = [*countries("c5000000000000", "b000000000000021", summit, "JPN", "USA", "KOR"),
                    *countries("c6000000000000", "b000000000000022", sidelines, "JPN", "KOR")]
    mentions, table, _ = resolve_all_meetings(meetings, participants, articles)
    ids = meeting_ids(mentions)
    assert ids["b000000000000021"] != ids["b000000000000022"]
    assert dict(table.select("meeting_id", "meeting_format").iter_rows()) == {
        ids["b000000000000021"]: "multilateral", ids["b000000000000022"]: "bilateral"}


# -- people -----------------------------------------------------------------------------------------

def people_of(participants: list[dict], articles: pl.DataFrame, previous=None):
    return resolve_people(frame(participants, ExtractedParticipantMentions), articles, previous)


# South Korea's finance minister, spelt three ways by three articles about the Washington meeting.
KOO_ARTICLES = published(("a000000000000031", dt.date(2026, 1, 9)), ("a000000000000032", dt.date(2026, 1, 12)),
                         ("a000000000000033", dt.date(2026, 1, 13)))
KOO = [
    participant("c000000000000031", "b000000000000031", "a000000000000031", "Koo Yoon-chul", "KOR",
                role="Finance Minister"),
    participant("c000000000000032", "b000000000000032", "a000000000000032", "Koo Yun-cheol", "KOR",
                role="Finance Minister"),
    participant("c000000000000033", "b000000000000033", "a000000000000033", "KOO Yun-Cheol", "KOR",
                role="Deputy Prime Minister"),
]


def test_one_person_in_three_spellings_gets_one_person_id_with_every_spelling():
    mentions, people, decisions = people_of(KOO, KOO_ARTICLES)
    assert mentions["person_id"].n_unique() == 1
    assert people.height == 1
    row = people.row(0, named=True)
    assert row["person_id"] == mentions["person_id"][0]
    assert row["aliases"] == ["KOO Yun-Cheol", "Koo Yoon-chul", "Koo Yun-cheol"]
    assert (row["country_iso3"], row["roles"], row["article_count"]) == (
        "KOR", ["Deputy Prime Minister", "Finance Minister"], 3)
    rows = {r["mention_id"]: r for r in decisions.iter_rows(named=True)}
    assert [rows[m]["decision"] for m in ("c000000000000031", "c000000000000032", "c000000000000033")] == [
        "new", "merged", "merged"]
    # Yoon-chul / Yun-cheol differ only in vowels: the family name and the given name's consonants match.
    romanised = json.loads(rows["c000000000000032"]["evidence"])
    assert (romanised["rule"], romanised["names"], romanised["same_country"], rows["c000000000000032"]["score"]) == (
        "family name and similar given name", ["Koo Yun-cheol", "Koo Yoon-chul"], True, 1.0)


def test_two_people_with_the_same_surname_stay_apart():
    # South Korea's industry minister and its prime minister, both Kim, each named in two articles.
    articles = published(("a000000000000041", dt.date(2025, 9, 1)), ("a000000000000042", dt.date(2025, 9, 2)))
    kims = [
        participant("c000000000000041", "b000000000000041", "a000000000000041", "Kim Jung-kwan", "KOR",
                    role="Industry Minister"),
        participant("c000000000000042", "b000000000000041", "a000000000000041", "Kim Min-seok", "KOR",
                    role="Prime Minister", char_start=40),
        participant("c000000000000043", "b000000000000042", "a000000000000042", "Kim Min-seok", "KOR",
                    role="Prime Minister"),
        participant("c000000000000044", "b000000000000042", "a000000000000042", "Kim Jung-kwan", "KOR",
                    role="Industry Minister", char_start=40),
    ]
    mentions, people, decisions = people_of(kims, articles)
    ids = dict(mentions.select("mention_id", "person_id").iter_rows())
    assert ids["c000000000000041"] == ids["c000000000000044"]
    assert ids["c000000000000042"] == ids["c000000000000043"]
    assert ids["c000000000000041"] != ids["c000000000000042"]
    assert sorted(people["name"]) == ["Kim Jung-kwan", "Kim Min-seok"]
    assert sorted(map(tuple, people["aliases"].to_list())) == [("Kim Jung-kwan",), ("Kim Min-seok",)]
    assert people["article_count"].to_list() == [2, 2]
    assert decisions.filter(pl.col("decision") == "new").height == 2


ALBANESE = [
    participant("c000000000000045", "b000000000000045", "a000000000000045", "Anthony Norman Albanese", "AUS",
                role="Prime Minister"),
    participant("c000000000000046", "b000000000000046", "a000000000000046", "Anthony Albanese", "AUS",
                role="Prime Minister"),
]
ALBANESE_ARTICLES = published(("a000000000000045", dt.date(2023, 5, 18)), ("a000000000000046", dt.date(2023, 5, 21)))


def test_a_middle_name_does_not_make_another_person():
    mentions, people, decisions = people_of(ALBANESE, ALBANESE_ARTICLES)
    assert mentions["person_id"].n_unique() == 1
    assert people.select("name", "aliases").rows() == [
        ("Anthony Norman Albanese", ["Anthony Albanese", "Anthony Norman Albanese"])]
    # Albanese taken as the family name: 'anthonynorman' against 'anthony' (Jaro-Winkler 0.9077),
    # 0.5 + 0.5 * 0.9077 = 0.954.
    merged = decisions.filter(pl.col("decision") == "merged")
    assert merged["score"].to_list() == [pytest.approx(0.9538, abs=1e-4)]


PEOPLE_IN_A_CHILD = """
import datetime as dt, json, sys
sys.path.insert(0, {tests!r})
from test_resolve import ALBANESE, ALBANESE_ARTICLES, people_of
_, people, decisions = people_of(ALBANESE, ALBANESE_ARTICLES)
print(json.dumps([people["person_id"].to_list(), decisions["score"].to_list()]))
"""


def test_merging_people_does_not_depend_on_the_hash_seed():
    # Python orders a set of strings differently under each PYTHONHASHSEED; a decision that follows
    # a set's order would differ between two runs on the same input. Seeds 0 and 2 once disagreed here.
    script = PEOPLE_IN_A_CHILD.format(tests=str(Path(__file__).parent))
    children = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONHASHSEED": seed}) for seed in ("0", "2")]
    outputs = {child.communicate(timeout=120)[0] for child in children}
    assert [child.returncode for child in children] == [0, 0]
    assert len(outputs) == 1, outputs
    person_ids, scores = json.loads(outputs.pop())
    assert len(person_ids) == 1 and scores[1] == pytest.approx(0.9538, abs=1e-4)


# -- restrictions -----------------------------------------------------------------------------------

def restrictions_of(rows: list[dict], articles: pl.DataFrame, previous=None):
    return resolve_restrictions(frame(rows, ExtractedRestrictionMentions), articles, previous)


# China's licence requirement on gallium and germanium: announced 3 July 2023, in force 1 August 2023.
ANNOUNCED, IN_FORCE = "a000000000000051", "a000000000000052"
LICENCE_ARTICLES = published((ANNOUNCED, dt.date(2023, 7, 4)), (IN_FORCE, dt.date(2023, 8, 1)))
LICENCE = [
    restriction("d000000000000051", ANNOUNCED, "gallium", dt.date(2023, 7, 3)),
    restriction("d000000000000051", ANNOUNCED, "germanium", dt.date(2023, 7, 3)),
    restriction("d000000000000052", IN_FORCE, "gallium", dt.date(2023, 8, 1)),
    restriction("d000000000000052", IN_FORCE, "germanium", dt.date(2023, 8, 1)),
]


def test_restriction_reported_at_announcement_and_at_entry_into_force_gets_one_id():
    mentions, table, decisions = restrictions_of(LICENCE, LICENCE_ARTICLES)
    ids = {(m, mineral): rid for m, mineral, rid in mentions.select("mention_id", "mineral_id", "restriction_id")
           .iter_rows()}
    assert ids[("d000000000000051", "gallium")] == ids[("d000000000000052", "gallium")]
    assert ids[("d000000000000051", "germanium")] == ids[("d000000000000052", "germanium")]
    assert ids[("d000000000000051", "gallium")] != ids[("d000000000000051", "germanium")]
    assert table.sort("mineral_id").select(
        "mineral_id", "measure", "action", "announced_date", "article_count", "first_reported_date").rows() == [
        ("gallium", "licensing_requirement", "imposed", dt.date(2023, 7, 3), 2, dt.date(2023, 7, 4)),
        ("germanium", "licensing_requirement", "imposed", dt.date(2023, 7, 3), 2, dt.date(2023, 7, 4)),
    ]
    # One decision per (mention, mineral); the in-force report joined the announcement, 29 days later.
    assert decisions.height == 4
    joined = decisions.filter((pl.col("mention_id") == "d000000000000052") & (pl.col("mineral_id") == "gallium"))
    assert (joined["decision"].item(), joined["matched_mention_id"].item(), joined["score"].item()) == (
        "merged", "d000000000000051", 1.0)
    assert json.loads(joined["evidence"].item()) == {"date": "29 days apart",
                                                     "same": "imposer, target, mineral and action"}


def test_suspension_is_its_own_row_linked_to_the_ban_it_pauses():
    ban, pause = "a000000000000061", "a000000000000062"
    articles = published((ANNOUNCED, dt.date(2023, 7, 4)), (ban, dt.date(2024, 12, 4)), (pause, dt.date(2025, 11, 10)))
    rows = [
        # The 2023 licence on all destinations: same imposer and mineral, but not what was suspended.
        restriction("d000000000000051", ANNOUNCED, "gallium", dt.date(2023, 7, 3)),
        restriction("d000000000000061", ban, "gallium", dt.date(2024, 12, 3), target="USA",
                    measure="export_prohibition"),
        restriction("d000000000000061", ban, "antimony", dt.date(2024, 12, 3), target="USA",
                    measure="export_prohibition"),
        restriction("d000000000000062", pause, "gallium", dt.date(2025, 11, 9), target="USA",
                    measure="export_prohibition", action="suspended"),
        restriction("d000000000000062", pause, "antimony", dt.date(2025, 11, 9), target="USA",
                    measure="export_prohibition", action="suspended"),
    ]
    _, table, _ = restrictions_of(rows, articles)
    assert table.height == 5
    by_step = {(r["mineral_id"], r["target_iso3"], r["action"], r["announced_date"]): r
               for r in table.iter_rows(named=True)}
    for mineral in ("gallium", "antimony"):
        imposed = by_step[(mineral, "USA", "imposed", dt.date(2024, 12, 3))]
        suspended = by_step[(mineral, "USA", "suspended", dt.date(2025, 11, 9))]
        assert suspended["restriction_id"] != imposed["restriction_id"]
        assert suspended["suspends_restriction_id"] == imposed["restriction_id"]
        assert imposed["suspends_restriction_id"] is None
    assert by_step[("gallium", None, "imposed", dt.date(2023, 7, 3))]["suspends_restriction_id"] is None


# -- stable ids -------------------------------------------------------------------------------------

def resolve_everything() -> list[pl.DataFrame]:
    """Every output of the three resolvers: the Washington meeting with Koo named in both articles
    (spelt two ways), and the gallium and germanium licences."""
    participants = [
        *FINANCE_PARTICIPANTS,
        participant("c100000000000009", PREVIEW_MEETING, PREVIEW, "Koo Yoon-chul", "KOR", role="Finance Minister",
                    char_start=20),
        participant("c200000000000009", REPORT_MEETING, REPORT, "KOO Yun-Cheol", "KOR", role="Finance Minister",
                    char_start=20),
    ]
    person_mentions, people, person_decisions = resolve_people(frame(participants, ExtractedParticipantMentions),
                                                               FINANCE_ARTICLES)
    meeting_outputs = resolve_meetings(frame(FINANCE_MEETINGS, ExtractedMeetingMentions), person_mentions,
                                       FINANCE_ARTICLES)
    return [person_mentions, people, person_decisions, *meeting_outputs, *restrictions_of(LICENCE, LICENCE_ARTICLES)]


def test_running_the_resolvers_twice_gives_the_same_ids_and_tables():
    first, second = resolve_everything(), resolve_everything()
    for a, b in zip(first, second, strict=True):
        assert_frame_equal(a, b)
    meeting_participants = first[5]
    koo = meeting_participants.filter(pl.col("participant_kind") == "person")
    assert koo.select("name", "country_iso3", "article_count").rows() == [("Koo Yoon-chul", "KOR", 2)]
    assert koo["participant_id"].item() == first[1]["person_id"].item()


def test_ids_do_not_depend_on_the_order_of_the_input_rows():
    reversed_ = resolve_all_meetings(FINANCE_MEETINGS[::-1], FINANCE_PARTICIPANTS[::-1], FINANCE_ARTICLES.reverse())
    forward = resolve_all_meetings(FINANCE_MEETINGS, FINANCE_PARTICIPANTS, FINANCE_ARTICLES)
    assert meeting_ids(reversed_[0]) == meeting_ids(forward[0])
    assert (dict(people_of(KOO[::-1], KOO_ARTICLES)[0].select("mention_id", "person_id").iter_rows())
            == dict(people_of(KOO, KOO_ARTICLES)[0].select("mention_id", "person_id").iter_rows()))
    assert (restrictions_of(LICENCE[::-1], LICENCE_ARTICLES)[1].sort("restriction_id")
            .equals(restrictions_of(LICENCE, LICENCE_ARTICLES)[1].sort("restriction_id")))


def test_a_new_meeting_gets_the_hash_of_its_first_mention():
    mentions, _, _ = resolve_all_meetings(FINANCE_MEETINGS, FINANCE_PARTICIPANTS, FINANCE_ARTICLES)
    assert set(mentions["meeting_id"]) == {stable_id("meeting", PREVIEW_MEETING)}


OLD_MEETING, OLD_PERSON, OLD_RESTRICTION = "0123456789abcdef", "fedcba9876543210", "00000000deadbeef"


def test_ids_from_an_earlier_build_are_kept():
    mentions, meetings, decisions = resolve_all_meetings(FINANCE_MEETINGS, FINANCE_PARTICIPANTS, FINANCE_ARTICLES,
                                                         previous_meetings={REPORT_MEETING: OLD_MEETING})
    assert set(mentions["meeting_id"]) == {OLD_MEETING}
    assert meetings["meeting_id"].to_list() == [OLD_MEETING]
    assert set(decisions["entity_id"]) == {OLD_MEETING}

    person_mentions, people, _ = people_of(KOO, KOO_ARTICLES, {"c000000000000033": OLD_PERSON})
    assert set(person_mentions["person_id"]) == {OLD_PERSON}
    assert people["person_id"].to_list() == [OLD_PERSON]

    # Restriction mentions are keyed by mention and mineral (one statement can name several minerals).
    restriction_mentions, table, _ = restrictions_of(LICENCE, LICENCE_ARTICLES,
                                                     {"d000000000000052:gallium": OLD_RESTRICTION})
    ids = dict(table.select("mineral_id", "restriction_id").iter_rows())
    assert ids["gallium"] == OLD_RESTRICTION
    # The other mineral has no earlier id: a hash of its key and the month of its first report.
    assert ids["germanium"] == stable_id("restriction", "CHN", None, "germanium", "imposed", "2023-07")


def test_an_earlier_report_added_later_does_not_rename_the_meeting():
    # Batch 1: only the report. Batch 2 adds the preview, published earlier, which now comes first
    # and would name a fresh meeting after itself.
    report_only = resolve_all_meetings(FINANCE_MEETINGS[1:], FINANCE_PARTICIPANTS[3:], FINANCE_ARTICLES)[0]
    batch1 = meeting_ids(report_only)
    both_fresh = meeting_ids(resolve_all_meetings(FINANCE_MEETINGS, FINANCE_PARTICIPANTS, FINANCE_ARTICLES)[0])
    assert both_fresh[REPORT_MEETING] != batch1[REPORT_MEETING]  # why the earlier ids must be passed on
    both = meeting_ids(resolve_all_meetings(FINANCE_MEETINGS, FINANCE_PARTICIPANTS, FINANCE_ARTICLES,
                                            previous_meetings=batch1)[0])
    assert both == {PREVIEW_MEETING: batch1[REPORT_MEETING], REPORT_MEETING: batch1[REPORT_MEETING]}


def test_a_meeting_split_by_new_evidence_keeps_its_id_once():
    # Batch 1: "in January" (month) and "on January 12" (day), same countries: one meeting.
    # Batch 2 adds a preview of a meeting of the same countries on January 20, published earlier; it
    # comes first, the 12 January report no longer agrees with it, and "in January" joins the 20th.
    # Both new clusters hold a mention of the old meeting; only one may keep its id.
    month, day, other = "a000000000000071", "a000000000000072", "a000000000000073"
    articles = published((month, dt.date(2026, 1, 25)), (day, dt.date(2026, 1, 13)), (other, dt.date(2026, 1, 8)))
    batch1_meetings = [meeting("b000000000000071", month, dt.date(2026, 1, 1), precision="month"),
                       meeting("b000000000000072", day, dt.date(2026, 1, 12))]
    batch1_participants = [*countries("c7100000000000", "b000000000000071", month, "USA", "JPN"),
                           *countries("c7200000000000", "b000000000000072", day, "USA", "JPN")]
    batch1 = meeting_ids(resolve_all_meetings(batch1_meetings, batch1_participants, articles)[0])
    assert batch1["b000000000000071"] == batch1["b000000000000072"]
    old = batch1["b000000000000071"]

    mentions, table, _ = resolve_all_meetings(
        [*batch1_meetings, meeting("b000000000000073", other, dt.date(2026, 1, 20), status="scheduled")],
        [*batch1_participants, *countries("c7300000000000", "b000000000000073", other, "USA", "JPN")],
        articles, previous_meetings=batch1)
    ids = meeting_ids(mentions)
    assert ids["b000000000000073"] == ids["b000000000000071"] != ids["b000000000000072"]
    assert table["meeting_id"].is_unique().all()
    # The larger of the two clusters (20 January plus "in January") keeps the old id.
    assert ids["b000000000000073"] == old
