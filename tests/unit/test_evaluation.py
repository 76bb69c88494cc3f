"""The confidence-against-precision table of `make eval`: each mention row is judged the way the
project's scorer matches it, on a tiny warehouse written here."""

from __future__ import annotations

import json

import polars as pl
import pytest

from pipeline.evaluation import SCORER, calibration_rows, calibration_table

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason=f"the project's scorer is not at {SCORER}")


def write(warehouse, name, rows):
    pl.DataFrame(rows).write_parquet(warehouse / f"{name}.parquet")


@pytest.fixture
def warehouse(tmp_path):
    w = tmp_path / "w"
    w.mkdir()
    write(w, "articles", [{"article_id": "a1", "url": "https://example.org/a1", "source_file": "a1.md"}])
    meeting = {"article_id": "a1", "meeting_format": "bilateral", "start_date": None, "date_precision": None}
    write(w, "meeting_mentions", [
        {**meeting, "mention_id": "m1", "confidence": 0.9},                 # the talks in the gold
        {**meeting, "mention_id": "m2", "confidence": 0.3}])                # a meeting the gold does not have
    part = {"article_id": "a1", "role": None}
    write(w, "participant_mentions", [
        {**part, "meeting_mention_id": "m1", "participant_kind": "country", "name": "Japan", "country_iso3": "JPN",
         "confidence": 0.85},
        {**part, "meeting_mention_id": "m1", "participant_kind": "country", "name": "Chile", "country_iso3": "CHL",
         "confidence": 0.85},
        {**part, "meeting_mention_id": "m1", "participant_kind": "person", "name": "Taro Yamada",
         "country_iso3": "JPN", "confidence": 0.85},
        {**part, "meeting_mention_id": "m1", "participant_kind": "country", "name": "Peru", "country_iso3": "PER",
         "confidence": 0.4},
        {**part, "meeting_mention_id": "m2", "participant_kind": "country", "name": "Brazil", "country_iso3": "BRA",
         "confidence": 0.4},
        {**part, "meeting_mention_id": "m2", "participant_kind": "country", "name": "Peru", "country_iso3": "PER",
         "confidence": 0.4}])
    write(w, "restriction_mentions", [
        {"article_id": "a1", "imposing_iso3": "CHL", "target_iso3": None, "mineral_id": "lithium", "confidence": 0.9},
        {"article_id": "a1", "imposing_iso3": "JPN", "target_iso3": None, "mineral_id": "lithium", "confidence": 0.45}])
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a1.json").write_text(json.dumps({
        "url": "https://example.org/a1", "published": "2025-01-10",
        "meetings": [{"key": "k1", "format": "bilateral", "date": None, "precision": None, "participants": [
            {"kind": "country", "iso3": "JPN"}, {"kind": "country", "iso3": "CHL"},
            {"kind": "person", "name": "Taro Yamada", "aliases": [], "country": "JPN", "role": None}]}],
        "restrictions": [{"key": "r1", "imposer": "CHL", "target": None, "minerals": ["lithium"], "item_count": None,
                          "measure": "export_prohibition", "action": "imposed", "date": None, "precision": None}]}))
    return w, gold


def test_rows_are_right_when_the_scorer_would_count_them_right(warehouse):
    rows = sorted(calibration_rows(*warehouse))
    assert rows == sorted([
        ("meetings", 0.9, True), ("meetings", 0.3, False),
        ("participant_countries", 0.85, True), ("participant_countries", 0.85, True),
        ("participant_countries", 0.4, False),                       # Peru is not in the gold meeting
        ("participant_countries", 0.4, False), ("participant_countries", 0.4, False),  # the meeting is not
        ("persons", 0.85, True),
        ("restrictions", 0.9, True), ("restrictions", 0.45, False)])


def test_the_table_puts_each_row_in_its_confidence_bucket(warehouse):
    table = calibration_table(calibration_rows(*warehouse))
    assert table == [{"confidence": "below 0.5", "rows": 5, "precision": 0.0},
                     {"confidence": "0.5 to 0.8", "rows": 0, "precision": None},
                     {"confidence": "0.8 and above", "rows": 5, "precision": 1.0}]
