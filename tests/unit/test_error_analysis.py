"""The error table of `make eval`: each wrong row of an article gets the category that says what went
wrong, judged with the project's scorer on hand-made rows."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline import error_analysis
from pipeline.evaluation import SCORER, _scorer

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason=f"the project's scorer is not at {SCORER}")

GOLD = {"url": "https://example.org/a1", "meetings": [], "restrictions": [
    {"imposer": "CHN", "target": None, "minerals": ["gallium", "germanium"], "action": "imposed",
     "date": "2023-07-03", "precision": "day"},
    {"imposer": "IDN", "target": None, "minerals": ["nickel"], "action": "imposed", "date": None, "precision": None},
    {"imposer": "COD", "target": None, "minerals": ["cobalt"], "action": "lifted", "date": None, "precision": None}]}


def row(imposer, mineral, action="imposed", date=None, target=None):
    return {"imposing_iso3": imposer, "target_iso3": target, "mineral_id": mineral, "action": action,
            "announced_date": date, "date_precision": "day" if date else None, "evidence_text": f"{imposer} {mineral}"}


def test_each_wrong_restriction_gets_its_category():
    found = [row("CHN", "gallium", date=dt.date(2023, 7, 3)),          # right
             row("CHN", "germanium", date=dt.date(2023, 8, 1)),        # date wrong
             row("PHL", "nickel"),                                      # wrong imposer
             row("COD", "cobalt", action="imposed"),                    # wrong step
             row("ZWE", "lithium")]                                     # invented
    errors = error_analysis.restriction_errors(GOLD, found, _scorer())
    assert sorted((e["category"], e["evidence"]) for e in errors) == [
        ("date wrong", "CHN germanium"), ("restriction invented", "ZWE lithium"),
        ("wrong imposer or target", "PHL nickel"), ("wrong step", "COD cobalt")]


def test_a_restriction_with_no_row_of_its_mineral_is_missed():
    errors = error_analysis.restriction_errors(GOLD, [], _scorer())
    assert [e["category"] for e in errors] == ["restriction missed"] * 4
    assert error_analysis.report(errors, "t").count("| restriction missed | 4 |") == 1


def test_a_gold_meeting_is_missed_or_split_by_whether_a_found_one_shares_a_country():
    gold = {"meetings": [{"format": "bilateral", "date": None, "participants": [
        {"kind": "country", "iso3": "JPN"}, {"kind": "country", "iso3": "IND"}]}]}
    found = [{"mention_id": "m1", "meeting_format": "multilateral", "start_date": None, "date_precision": None,
              "evidence_text": "Japan, India and five others met."}]
    parts = {"m1": [{"participant_kind": "country", "country_iso3": c} for c in ("JPN", "USA", "FRA", "DEU", "ITA")]}
    sc = _scorer()
    assert [e["category"] for e in error_analysis.meeting_errors(gold, found, parts, sc)] == [
        "meeting split or merged", "meeting invented"]
    assert [e["category"] for e in error_analysis.meeting_errors(gold, [], {}, sc)] == ["meeting missed"]
