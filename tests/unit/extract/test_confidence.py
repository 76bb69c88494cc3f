"""Confidence weights live in one table (pipeline/extract/lexicons/confidence.yaml), each with a reason;
a weight of another shape stops the load, naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.confidence import weights


def test_every_weight_family_is_there_with_its_numbers():
    w = weights()
    assert set(w) == {"meeting", "participant", "restriction"}
    assert (w["meeting"]["base"], w["meeting"]["cap"], w["restriction"]["follow_up"]) == (0.4, 0.95, 0.4)
    assert w["participant"]["meeting_floor"] + w["participant"]["meeting_share"] == 1.0


def test_a_weight_without_a_reason_stops_the_load(tmp_path: Path):
    bad = tmp_path / "confidence.yaml"
    bad.write_text("meeting:\n  base: {value: 0.4}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="meeting.base must be"):
        weights(bad)
