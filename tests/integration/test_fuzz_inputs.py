"""A few hundred odd inputs (seeded) beside the good articles of the fixture corpus: the build succeeds,
every input is an article or a rejected input, the good articles give exactly the rows they give
alone, and memory stays small with a YAML bomb among them."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from fixture_corpus import write_corpus
from fuzz_corpus import write_fuzz_inputs
from pipeline.warehouse import PROJECT_ROOT
from pipeline.warehouse import published_folder

pytestmark = pytest.mark.integration

SEED = 20261204
COUNT = 300
PEAK_MEMORY_LIMIT_MB = 1024
# Tables the odd inputs must leave exactly as the good articles alone make them (timestamps aside).
SAME_TABLES = ("meeting_mentions", "participant_mentions", "restriction_mentions", "meetings",
               "meeting_participants", "people", "mineral_restrictions")


def build_in_a_process(input_dir: Path, warehouse: Path) -> tuple[int, float, str]:
    """`critmin build` in a process of its own: exit code, peak resident memory (MB), what it said."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "build", "--input", str(input_dir),
                           "--warehouse", str(warehouse)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=900)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak >= before
    return done.returncode, peak / 1024, done.stdout + done.stderr


def input_entries(root: Path) -> set[str]:
    """Every file, link and hidden folder below `root`, named as critmin names them (relative POSIX
    path; bytes of a name that are not UTF-8 as \\xNN)."""
    entries = set()
    for dirpath, dirnames, filenames in os.walk(os.fsencode(root)):
        relative = os.path.relpath(dirpath, os.fsencode(root))
        for name in [*filenames, *(d for d in dirnames if d.startswith(b".") or os.path.islink(os.path.join(dirpath, d)))]:
            path = os.path.normpath(os.path.join(relative, name)).decode("utf-8", "backslashreplace")
            entries.add(path)
        dirnames[:] = [d for d in dirnames if not d.startswith(b".") and not os.path.islink(os.path.join(dirpath, d))]
    return entries


def without_timestamps(df: pl.DataFrame) -> pl.DataFrame:
    return df.drop([c for c, t in df.schema.items() if isinstance(t, pl.Datetime)])


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory):
    good_dir = tmp_path_factory.mktemp("good")
    write_corpus(good_dir)
    fuzz_dir = tmp_path_factory.mktemp("fuzz")
    write_corpus(fuzz_dir)
    written = write_fuzz_inputs(fuzz_dir / "odd", SEED, COUNT)
    assert len(written) >= COUNT * 0.9
    write_hostile_inputs(fuzz_dir / "hostile")  # the YAML bomb and the big files among them, for the memory
    good, fuzz = tmp_path_factory.mktemp("good_wh") / "w", tmp_path_factory.mktemp("fuzz_wh") / "w"
    good_code, _, good_log = build_in_a_process(good_dir, good)
    assert good_code == 0, good_log[-3000:]
    fuzz_code, peak_mb, fuzz_log = build_in_a_process(fuzz_dir, fuzz)
    return fuzz_dir, good, fuzz, fuzz_code, peak_mb, fuzz_log


def test_the_build_succeeds_within_a_gigabyte(fuzzed):
    _, _, _, code, peak_mb, log = fuzzed
    assert code == 0, log[-3000:]
    assert peak_mb < PEAK_MEMORY_LIMIT_MB


def test_every_input_is_an_article_a_copy_or_a_rejected_input(fuzzed):
    fuzz_dir, _, fuzz, *_ = fuzzed
    folder = published_folder(fuzz)
    articles = pl.read_parquet(folder / "articles.parquet")
    rejected = pl.read_parquet(folder / "rejected_inputs.parquet")
    named = {f.rsplit(":", 1)[0] if f.rsplit(":", 1)[-1].isdigit() else f
             for f in [*articles["source_file"], *rejected["source_file"], *articles["copy_urls"].explode().drop_nulls()]}
    missing = {entry for entry in input_entries(fuzz_dir)
               if entry not in named and not any(entry.startswith(n + "/") for n in named)}
    assert missing == set()
    assert rejected.filter(pl.col("reason").str.contains("critmin bug")).height == 0


def test_the_good_articles_give_the_rows_they_give_alone(fuzzed):
    _, good, fuzz, *_ = fuzzed
    for table in SAME_TABLES:
        alone = without_timestamps(pl.read_parquet(published_folder(good) / f"{table}.parquet"))
        among = without_timestamps(pl.read_parquet(published_folder(fuzz) / f"{table}.parquet"))
        assert among.equals(alone), table


def billion_laughs() -> str:
    """Nine levels of YAML aliases, each ten times the one before: about 500 bytes of front matter."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[level]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\nThe body of a bomb.\n"


def write_hostile_inputs(odd: Path) -> None:
    """The inputs that each stopped a whole build on 2026-12-04 (issue 12), in `odd`."""
    odd.mkdir(parents=True)
    (odd / "big_number.json").write_text('{"text": "Lorem ipsum dolor.", "views": ' + "7" * 5000 + "}")
    (odd / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (odd / "surrogate.json").write_text('{"title": "A \\ud800 title", "text": "Ipsum \\ud800 dolor sit."}')
    (odd / "surrogate.jsonl").write_text('{"title": "T", "text": "Amet \\udfff consectetur."}\n')
    with open(os.fsencode(odd) + b"/caf\xe9.md", "w", encoding="utf-8") as f:
        f.write("Adipiscing elit sed do.\n")
    (odd / "far_future.md").write_text("---\npublished: 9999-12-31T23:59:59-12:00\n---\nEiusmod tempor.\n")
    (odd / "year_zero.md").write_text("---\npublished: 0000-01-01\n---\nIncididunt ut labore.\n")
    (odd / "one_line.txt").write_text("lorem " * 900_000)
    (odd / "huge.html").write_text("<html><body><article><p>" + "magna aliqua " * 200_000 + "</p></article></body></html>")
    (odd / "bomb.md").write_text(billion_laughs())
    (odd / "hostname.txt").symlink_to("/etc/hostname")


def test_each_hostile_input_of_the_report_is_an_article_or_a_rejected_input(tmp_path: Path):
    """The inputs that each stopped a whole build on 2026-12-04 (issue 12), together beside the good
    articles: the build succeeds and each is accounted for as stated."""
    from fixture_corpus import GOOD_FILES
    from pipeline.cli import main

    root = tmp_path / "articles"
    write_corpus(root)
    write_hostile_inputs(root / "odd")
    warehouse = tmp_path / "warehouse"
    assert main(["build", "--input", str(root), "--warehouse", str(warehouse)]) == 0

    folder = published_folder(warehouse)
    articles = pl.read_parquet(folder / "articles.parquet")
    reasons = dict(pl.read_parquet(folder / "rejected_inputs.parquet").select("source_file", "reason").iter_rows())
    read = {row["source_file"]: row for row in articles.iter_rows(named=True)}
    assert GOOD_FILES <= set(read)
    for kept in ("odd/big_number.json", "odd/surrogate.json", "odd/surrogate.jsonl:1", "odd/caf\\xe9.md",
                 "odd/far_future.md", "odd/year_zero.md"):
        assert kept in read, (kept, reasons.get(kept))
    assert read["odd/surrogate.json"]["title"] == "A \\ud800 title"
    assert read["odd/far_future.md"]["published_date"] is None and read["odd/year_zero.md"]["published_date"] is None
    for rejected in ("odd/deep.json", "odd/one_line.txt", "odd/huge.html", "odd/bomb.md", "odd/hostname.txt"):
        assert rejected in reasons and "critmin bug" not in reasons[rejected], (rejected, reasons.get(rejected))
    assert "outside the input folder" in reasons["odd/hostname.txt"]
    assert "alias" in reasons["odd/bomb.md"]
