"""The quality file a release is measured with (pipeline/release/quality.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.release.quality import QUALITY_FILE, quality_config, read_config


def test_the_shipped_quality_file_scores_every_corpus_and_sets_floors_on_known_measures():
    corpora, floors = read_config(QUALITY_FILE)
    assert corpora == ["sample", "ours", "ours2", "holdout", "shared", "realnews-dev", "realnews-heldout"]
    assert floors["shared"] == {"extraction_f1": 0.95} and set(floors) <= set(corpora)


@pytest.mark.parametrize("text, problem", [
    ("corpora: [sample]\nfloors:\n  sample: {speed: 0.5}\n", "bad floors ['sample.speed']"),
    ("corpora: [sample]\nfloors:\n  sample: {meetings: 1.5}\n", "bad floors ['sample.meetings']"),
    ("corpora: []\nfloors:\n  ours: {meetings: 0.5}\n", "floors for corpora not scored ['ours']"),
    ("corpora: [sample\n", "cannot read the quality file"),
])
def test_a_bad_quality_file_is_refused_naming_the_file_and_the_fault(tmp_path: Path, text: str, problem: str):
    path = tmp_path / "quality.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        read_config(path)
    assert str(err.value).startswith(str(path)) and problem in str(err.value)


def test_the_file_is_the_one_passed_else_the_environments_else_the_projects(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("CRITMIN_QUALITY", raising=False)
    assert quality_config() == QUALITY_FILE
    monkeypatch.setenv("CRITMIN_QUALITY", str(tmp_path / "q.yaml"))
    assert quality_config() == tmp_path / "q.yaml" and quality_config(Path("x.yaml")) == Path("x.yaml")
