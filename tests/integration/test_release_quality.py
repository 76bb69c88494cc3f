"""A release says how good it is (pipeline/release/quality.py): QUALITY.md and quality.json hold the
numbers `make eval` gives on the same code, and a floor above the current score refuses the release."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import evaluation
from pipeline.cli import main
from pipeline.evaluation import TABLES
from pipeline.release.release import release_versions

pytestmark = pytest.mark.integration

NEW_ARTICLE = """---
title: Ministers of Chile and Japan meet on lithium
url: https://fixture.critmin.example/chile-japan-lithium
published: 2026-03-04
source: Fixture Wire
---
The trade ministers of Chile and Japan met in Santiago on Tuesday to discuss lithium supply chains.
"""


def quality_file(folder: Path, floors: str = "") -> Path:
    path = folder / "quality.yaml"
    path.write_text("corpora: [sample]\n" + (f"floors:\n  sample: {{{floors}}}\n" if floors else ""), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def eval_sample(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`make eval` on the sample corpus, with this code."""
    out = tmp_path_factory.mktemp("eval")
    assert evaluation.main(["--out", str(out), "--corpus", "sample"]) == 0
    return json.loads((out / "results.json").read_text())


def test_two_releases_of_two_corpora_state_the_scores_make_eval_gives(warehouse: Path, build, tmp_path: Path,
                                                                      eval_sample: dict):
    home = shutil.copytree(warehouse, tmp_path / "home", symlinks=True)
    config = quality_file(tmp_path, "extraction_f1: 0.9")
    assert main(["release", "--warehouse", str(home), "--quality", str(config)]) == 0
    corpus_b = shutil.copytree(build.input_dir, tmp_path / "corpus-b")
    (corpus_b / "chile-japan.md").write_text(NEW_ARTICLE, encoding="utf-8")
    assert main(["build", "--input", str(corpus_b), "--warehouse", str(home)]) == 0
    assert main(["release", "--warehouse", str(home), "--quality", str(config)]) == 0
    expected = eval_sample["scores"]["sample"]
    for version in release_versions(home / "releases"):
        folder = home / "releases" / version
        measured = json.loads((folder / "quality.json").read_text())
        assert measured["scores"]["sample"] == expected and measured["floors"] == {"sample": {"extraction_f1": 0.9}}
        report = (folder / "QUALITY.md").read_text()
        cells = "/".join(f"{expected[t]['precision']:.3f}/{expected[t]['recall']:.3f}/{expected[t]['f1']:.3f}"
                         for t in TABLES).split("/")
        assert f"| sample | {' | '.join('/'.join(cells[i:i + 3]) for i in range(0, len(cells), 3))} | " \
               f"**{expected['extraction_f1']:.3f}** |" in report
        descriptor = json.loads((folder / "datapackage.json").read_text())
        assert descriptor["quality"] == {"report": "QUALITY.md", "data": "quality.json", "corpora": ["sample"],
                                         "absent": []}
        assert main(["verify", str(folder)]) == 0


def test_a_floor_above_the_score_refuses_the_release_naming_the_table(warehouse: Path, tmp_path: Path,
                                                                      eval_sample: dict,
                                                                      capsys: pytest.CaptureFixture):
    home = shutil.copytree(warehouse, tmp_path / "home", symlinks=True)
    score = eval_sample["scores"]["sample"]["restrictions"]["f1"]
    config = quality_file(tmp_path, f"restrictions: {min(1.0, round(score + 0.01, 3))}")
    capsys.readouterr()
    assert main(["release", "--warehouse", str(home), "--quality", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"quality: restrictions F1 on sample is {score:.3f}, below its floor" in err
    assert release_versions(home / "releases") == []  # nothing written


def test_a_quality_file_naming_an_unknown_corpus_refuses_with_the_file(warehouse: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture):
    home = shutil.copytree(warehouse, tmp_path / "home", symlinks=True)
    config = tmp_path / "bad.yaml"
    config.write_text("corpora: [nowhere]\n", encoding="utf-8")
    assert main(["release", "--warehouse", str(home), "--quality", str(config)]) == 1
    assert f"{config}: unknown corpora ['nowhere']" in capsys.readouterr().err
