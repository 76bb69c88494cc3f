"""How good a release is, measured when it is made: the gold corpora named in a quality file are built
and scored with the release's own code (the same as `make eval`), written into the release as
QUALITY.md and quality.json, and checked against the file's floors: a table below its floor refuses the
release, naming the corpus and the table."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

QUALITY_FILE = Path(__file__).with_name("quality.yaml")
QUALITY_REPORT, QUALITY_DATA = "QUALITY.md", "quality.json"
MEASURES = ("meetings", "participant_countries", "organizations", "persons", "restrictions", "extraction_f1")


@dataclass
class Quality:
    config: Path
    results: dict           # evaluation.evaluate's, without the diagram
    floors: dict[str, dict[str, float]]
    problems: list[str]     # each floor not met


def quality_config(path: Path | None = None) -> Path:
    """The quality file: `path`, else $CRITMIN_QUALITY, else the project's pipeline/release/quality.yaml."""
    return path or Path(os.environ.get("CRITMIN_QUALITY") or QUALITY_FILE)


def read_config(path: Path) -> tuple[list[str], dict[str, dict[str, float]]]:
    """The corpora to score and the floors, or ValueError naming the file and what is wrong."""
    from pipeline.evaluation import CORPORA, REALNEWS_PARTS

    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise ValueError(f"{path}: cannot read the quality file ({str(err).splitlines()[0]}); fix it or pass "
                         "another with --quality") from None
    corpora, floors = config.get("corpora") or [], config.get("floors") or {}
    known = set(CORPORA) | set(REALNEWS_PARTS)
    unknown = sorted({*corpora, *floors} - known)
    bad = sorted(f"{c}.{m}" for c, f in floors.items() for m, v in (f or {}).items()
                 if m not in MEASURES or not isinstance(v, (int, float)) or not 0 <= v <= 1)
    if unknown or bad or set(floors) - set(corpora):
        raise ValueError(f"{path}: unknown corpora {unknown}, bad floors {bad} (a measure of {list(MEASURES)} and "
                         f"a number from 0 to 1), or floors for corpora not scored {sorted(set(floors) - set(corpora))}")
    return list(corpora), {c: dict(f or {}) for c, f in floors.items()}


def measure_quality(config: Path) -> Quality:
    """Score the corpora of `config` with this code; the floors they miss are `problems`."""
    from pipeline.evaluation import SCORER, evaluate

    corpora, floors = read_config(config)
    if corpora and not SCORER.exists():
        raise ValueError(f"the project's scorer is not at {SCORER}: put the shared folder beside the project, or "
                         "release with a quality file that scores no corpus")
    with tempfile.TemporaryDirectory(prefix="critmin-quality-") as work, contextlib.redirect_stdout(io.StringIO()):
        results = evaluate(corpora, Path(work)) if corpora else {"scores": {}, "calibration": [], "absent": []}
    if results is None:
        raise ValueError(f"building a corpus of {config} failed: run `make eval` to see why")
    results.pop("diagram", None)
    problems = []
    for corpus, minimums in floors.items():
        scores = results["scores"].get(corpus)
        if scores is None:
            continue  # absent here (real-news texts): stated in QUALITY.md, not a refusal
        for measure, floor in minimums.items():
            value = scores[measure] if measure == "extraction_f1" else scores[measure]["f1"]
            if value is not None and value < floor:
                problems.append(f"quality: {measure} F1 on {corpus} is {value:.3f}, below its floor {floor} in "
                                f"{config}: the extraction got worse; fix it (make eval shows where) before releasing")
    return Quality(config, results, floors, problems)


def write_quality(folder: Path, quality: Quality, version: str) -> None:
    """QUALITY.md and quality.json into the release folder."""
    from pipeline.evaluation import markdown

    results = quality.results
    data = {"version": version, "config": quality.config.name, "floors": quality.floors, **results}
    (folder / QUALITY_DATA).write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    lines = [f"# How good critmin {version} is", "",
             "Measured when this release was made, with its own code: each corpus below (articles with gold "
             "annotations written by hand) was built and scored as `make eval` does. Precision, recall and F1 per "
             "table, slot accuracy, merging B-cubed F1, errors by category, and whether `confidence` tracks "
             "precision. `quality.json` holds the same numbers.", ""]
    if results["absent"]:
        lines += [f"Not measured here, their files being absent when the release was made: {', '.join(results['absent'])}"
                  " (the real-news texts are someone else's and never shipped).", ""]
    if not results["scores"]:
        lines += ["No corpus was scored for this release.", ""]
    else:
        lines += [markdown(results).replace("each listed in <corpus>/errors.md",
                                            "`make eval` lists each in warehouse/eval/<corpus>/errors.md"), ""]
    if quality.floors:
        lines += ["Floors this release had to clear (F1; from the quality file):", ""]
        lines += [f"- {corpus}: " + ", ".join(f"{m} {v}" for m, v in f.items()) for corpus, f in quality.floors.items()]
    (folder / QUALITY_REPORT).write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
