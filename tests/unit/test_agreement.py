"""`make agreement`: one gold turned into the scorer's tables and scored against another."""

from __future__ import annotations

import copy
import json

import pytest

from pipeline.agreement import compare, full_date, gold_tables, markdown, paired
from pipeline.evaluation import SCORER

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason=f"the project's scorer is not at {SCORER}")

GOLD = {
    "url": "https://example.org/a-mines-meeting",
    "published": "2025-03-14",
    "meetings": [{
        "key": "2025-03-12-lima-per-chl", "name": None, "format": "bilateral", "date": "2025-03-12",
        "precision": "day", "city": "Lima", "country": "PER", "convener": None,
        "participants": [
            {"kind": "country", "iso3": "PER"}, {"kind": "country", "iso3": "CHL"},
            {"kind": "person", "key": "ana-rojas", "name": "Ana Rojas", "aliases": [], "country": "PER",
             "role": "Mines Minister"},
            {"kind": "person", "key": "luis-soto", "name": "Luis Soto", "aliases": [], "country": "CHL",
             "role": "Mining Minister"}]}],
    "restrictions": [{
        "key": "per-all-copper-2025-03", "imposer": "PER", "target": None, "minerals": ["copper", "zinc"],
        "item_count": None, "measure": "export_ban", "action": "imposed", "date": "2025-03",
        "precision": "month", "effective_date": None, "effective_precision": None, "end_date": None,
        "end_precision": None, "product_stage": "concentrate"}],
}


def _write(folder, name, gold):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(json.dumps(gold))


def test_gold_dates_are_stored_as_the_tables_store_them():
    assert [full_date(d) for d in ("2025", "2025-07", "2025-07-09", None)] == [
        "2025-01-01", "2025-07-01", "2025-07-09", None]


def test_a_gold_becomes_one_meeting_mention_and_a_restriction_row_per_mineral(tmp_path):
    _write(tmp_path, "a.json", GOLD)
    t = gold_tables([tmp_path / "a.json"])
    assert [(m["meeting_id"], m["start_date"]) for m in t["meeting_mentions"]] == [("2025-03-12-lima-per-chl", "2025-03-12")]
    assert sorted((p["participant_kind"], p["name"]) for p in t["participant_mentions"]) == [
        ("country", "CHL"), ("country", "PER"), ("person", "Ana Rojas"), ("person", "Luis Soto")]
    assert [(r["mineral_id"], r["announced_date"]) for r in t["restriction_mentions"]] == [
        ("copper", "2025-03-01"), ("zinc", "2025-03-01")]


def test_a_gold_agrees_with_itself_and_a_second_reader_is_scored_by_the_scorers_matching(tmp_path):
    second = copy.deepcopy(GOLD)
    second["meetings"][0]["participants"].pop()           # missed Luis Soto
    second["meetings"][0]["date"] = "2025-03-13"          # another day
    second["restrictions"][0]["minerals"] = ["copper"]    # missed zinc
    _write(tmp_path / "first", "a.json", GOLD)
    _write(tmp_path / "second", "a.json", second)
    same = compare(tmp_path / "first", tmp_path / "first")
    assert same["articles"] == 1 and same["second vs first"]["extraction_f1"] == 1.0
    r = compare(tmp_path / "second", tmp_path / "first")
    ahead = r["second vs first"]
    assert (ahead["persons"]["precision"], ahead["persons"]["recall"]) == (1.0, 0.5)
    assert (ahead["restrictions"]["tp"], ahead["restrictions"]["fn"]) == (1, 1)
    assert ahead["meeting_date"] == 0.0 and ahead["meetings"]["f1"] == 1.0
    assert r["first vs second"]["persons"]["precision"] == 0.5      # the reverse reads recall as precision
    assert "| second vs first | 1.000 | 1.000 | - | 0.667 | 0.667 |" in markdown(r)


def test_a_second_gold_without_a_first_names_the_file_and_the_fix(tmp_path):
    _write(tmp_path / "first", "a.json", GOLD)
    _write(tmp_path / "second", "b.json", {**GOLD, "url": "https://example.org/another"})
    with pytest.raises(SystemExit, match=r"b\.json has no first gold .* remove it or add the first gold"):
        paired(tmp_path / "second", tmp_path / "first")
