"""`make train`: the threshold that maximises F1, a seeded fit that gives the same model twice, and a
plain message (no model written) when the real-news texts are absent."""

from __future__ import annotations

from pathlib import Path

from pipeline.train import best_threshold, fit_table, main


def test_the_threshold_keeps_the_rows_that_raise_f1_and_counts_what_no_row_found():
    probabilities = [0.9, 0.8, 0.3, 0.2, 0.1]
    right = [True, True, False, False, True]
    assert best_threshold(probabilities, right, unfound=0) == 0.5          # two wrong rows go, one right row too
    assert best_threshold(probabilities, right, unfound=3) == 0.0          # with misses, every right row counts
    assert best_threshold(probabilities[:4], right[:4], unfound=0) == 0.5  # the two wrong rows go


def test_a_fit_is_the_same_twice_and_learns_which_feature_tells_right_from_wrong():
    rows = [({"features": {"basis": "sentence" if i % 3 else "context", "rule_confidence": 0.5}}, bool(i % 3))
            for i in range(30)]
    first, second = fit_table(rows, [], 0), fit_table(rows, [], 0)
    assert first == second
    assert first["weights"]["basis=sentence"] > 0 > first["weights"]["basis=context"]
    assert (first["rows"], first["right"]) == (30, 20) and first["regularisation"] in (0.1, 0.3, 1.0, 3.0)


def test_without_the_texts_nothing_is_trained_and_the_user_is_told_why(tmp_path: Path, capsys):
    out = tmp_path / "model.json"
    assert main(["--out", str(out), "--work", str(tmp_path / "w"), "--realnews", str(tmp_path)]) == 2
    assert not out.exists()
    assert "none of the development texts is present" in capsys.readouterr().err
