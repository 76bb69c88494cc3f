"""The trained scorer as the build applies it: probabilities from a model file, rows under a table's
threshold dropped, a participant going with its meeting; without a model the rules' rows stand."""

from __future__ import annotations

import math

from pipeline.extract.scorer import MODEL_FILE, encode, load_model, probability, score_rows

MODEL = {"tables": {
    "meetings": {"intercept": 0.0, "weights": {"parties": 1.0}, "threshold": 0.6},
    "participant_countries": {"intercept": -1.0, "weights": {"source=name": 3.0}, "threshold": 0.5},
    "restrictions": {"intercept": 2.0, "weights": {"basis=context": -4.0}, "threshold": 0.0}}}


def meeting(mid: str, parties: int) -> dict:
    return {"mention_id": mid, "confidence": 0.7, "features": {"parties": parties}}


def country(mid: str, source: str) -> dict:
    return {"meeting_mention_id": mid, "participant_kind": "country", "confidence": 0.7, "features": {"source": source}}


def test_words_are_one_hot_and_numbers_stay_numbers():
    assert encode({"basis": "context", "target": True, "parties": 3}) == {"basis=context": 1.0, "target": 1.0, "parties": 3.0}


def test_the_probability_is_the_logistic_of_the_weighted_features():
    p = probability(MODEL["tables"]["participant_countries"], {"source": "name", "kind": "country"})
    assert math.isclose(p, 1 / (1 + math.exp(-2.0)))


def test_rows_under_the_threshold_go_and_a_participant_goes_with_its_meeting():
    meetings, participants, restrictions = score_rows(
        [meeting("m1", 2), meeting("m2", 0)],
        [country("m1", "name"), country("m1", "inherited"), country("m2", "name")],
        [{"confidence": 0.9, "features": {"basis": "context"}}], MODEL)
    assert [(m["mention_id"], m["confidence"]) for m in meetings] == [("m1", 0.881)]
    assert [(p["features"]["source"], p["confidence"]) for p in participants] == [("name", 0.881)]
    assert [r["confidence"] for r in restrictions] == [0.119]


def test_without_a_model_the_rules_rows_stand():
    rows = [meeting("m1", 0)], [country("m1", "inherited")], []
    assert score_rows(*rows, None) == rows


def test_the_shipped_model_scores_every_table_and_drops_nothing_it_finds_likely():
    model = load_model(MODEL_FILE, use=None)
    assert set(model["tables"]) == {"meetings", "participant_countries", "persons", "organizations", "restrictions"}
    assert all(0.0 <= t["threshold"] <= 0.5 and t["weights"] for t in model["tables"].values())


def test_only_the_tables_use_yaml_gives_the_model_are_scored_by_it(tmp_path):
    use = tmp_path / "use.yaml"
    use.write_text("persons: true\nmeetings: false\n")
    assert set(load_model(MODEL_FILE, use=use)["tables"]) == {"persons"}
    assert load_model()["tables"] == {}  # the shipped choice (models/use.yaml): the rules won every table held out
