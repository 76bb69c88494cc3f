"""A build killed with SIGKILL at any moment leaves the warehouse whole: the last published build, its
foreign keys holding and its DuckDB views answering. No release is made after it, and the next build
cleans up and gives exactly what a build that was never killed gives."""

from __future__ import annotations

import contextlib
import io
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from fixture_corpus import write_corpus
from pipeline.cli import main
from pipeline.warehouse import PROJECT_ROOT
from pipeline.release.release import _foreign_key_failures, read_warehouse
from pipeline.warehouse import build_folders, published_folder, read_record, release_problems
from schemas import PUBLISHED_TABLES

pytestmark = pytest.mark.integration

NEW_ARTICLE = """---
title: Jakarta and Tokyo talk nickel
published: 2024-03-05
---
Indonesian President Joko Widodo met Japanese Prime Minister Fumio Kishida in Jakarta on March 4, 2024.
They discussed nickel processing and Indonesia's ban on exports of nickel ore.
"""

# Where the build is killed: the n-th log line holding a marker, then a pause. The resolve step logs
# once before it writes its eight tables; each SQL model logs once after writing its file. Only after
# the last model may the build get as far as publishing before the signal lands.
KILL_POINTS = {
    "resolve writing": ("- resolve - ", 1, 0.0),
    "resolve, a little later": ("- resolve - ", 1, 0.15),
    "first SQL model": ("rows to ", 1, 0.0),
    "last SQL model": ("rows to ", 5, 0.0),
}
MAY_HAVE_PUBLISHED = {"last SQL model"}


def quietly_build(input_dir: Path, warehouse: Path) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return main(["build", "--input", str(input_dir), "--warehouse", str(warehouse)])


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two input folders: the fixture corpus, and the same with one more article."""
    first = tmp_path_factory.mktemp("first")
    write_corpus(first)
    second = tmp_path_factory.mktemp("second")
    shutil.copytree(first, second, dirs_exist_ok=True)
    (second / "jakarta.md").write_text(NEW_ARTICLE, encoding="utf-8")
    return first, second


@pytest.fixture(scope="module")
def earlier(corpora, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding a published build of the first corpus."""
    warehouse = tmp_path_factory.mktemp("earlier") / "warehouse"
    assert quietly_build(corpora[0], warehouse) == 0
    return warehouse


@pytest.fixture(scope="module")
def never_killed(corpora, earlier: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    """The published tables after the second corpus is built over the first without any crash."""
    warehouse = tmp_path_factory.mktemp("reference") / "warehouse"
    shutil.copytree(earlier, warehouse, symlinks=True)
    assert quietly_build(corpora[1], warehouse) == 0
    return comparable(warehouse)


def comparable(warehouse: Path) -> dict[str, pl.DataFrame]:
    """Every published table without the columns that say when a build ran."""
    folder = published_folder(warehouse)
    tables = {}
    for table in PUBLISHED_TABLES:
        df = pl.read_parquet(folder / f"{table}.parquet")
        tables[table] = df.drop([c for c, t in df.schema.items() if isinstance(t, pl.Datetime)])
    return tables


def build_killed_at(input_dir: Path, warehouse: Path, marker: str, nth: int, pause: float) -> list[str]:
    """`critmin build` in its own process, killed with SIGKILL `pause` seconds after the nth log line
    holding `marker`; the log lines it wrote."""
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "build", "--input", str(input_dir),
                                "--warehouse", str(warehouse)], cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    lines, seen = [], 0
    try:
        for line in process.stderr:
            lines.append(line)
            seen += marker in line
            if seen == nth:
                time.sleep(pause)
                process.send_signal(signal.SIGKILL)
                break
    finally:
        process.kill()
        process.wait(timeout=60)
    assert seen == nth, f"the build ended before its log said {marker!r} {nth} times:\n{''.join(lines[-20:])}"
    assert process.returncode == -signal.SIGKILL
    return lines


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_killed_build_leaves_a_whole_warehouse_and_the_next_build_recovers(
        point: str, corpora, earlier: Path, never_killed: dict[str, pl.DataFrame], tmp_path: Path,
        capsys: pytest.CaptureFixture):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(earlier, warehouse, symlinks=True)
    published_before = published_folder(warehouse)
    build_killed_at(corpora[1], warehouse, *KILL_POINTS[point])

    # Whatever was published is one build, whole: the earlier one, or the new one if it got that far.
    published = published_folder(warehouse)
    if point not in MAY_HAVE_PUBLISHED:
        assert published == published_before
    assert read_record(published).status == "complete"
    frames = read_warehouse(published)
    assert _foreign_key_failures(frames) == []
    with duckdb.connect(str(warehouse / "critmin.duckdb"), read_only=True) as con:
        for table in PUBLISHED_TABLES:
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == frames[table].height, table
    if published == published_before:
        # The killed build is the last one and did not finish: no release is made from the warehouse.
        [problem] = release_problems(warehouse)
        assert "stopped before it finished (killed or crashed)" in problem
        assert main(["release", "--warehouse", str(warehouse)]) == 1
        assert "stopped before it finished" in capsys.readouterr().err
        assert not (warehouse / "releases").exists()

    # The next build removes what the killed one left and equals a build that was never killed.
    assert quietly_build(corpora[1], warehouse) == 0
    leftovers = [p for p in warehouse.rglob("*") if p.name.endswith((".tmp", ".wal"))]
    assert leftovers == []
    assert all(read_record(f).status == "complete" for f in build_folders(warehouse))
    again = comparable(warehouse)
    for table, expected in never_killed.items():
        assert again[table].equals(expected), table
    assert release_problems(warehouse) == []


def test_a_release_is_refused_after_a_failed_build_naming_it(corpora, earlier: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture):
    """A blocking check fails in the second build (a SQL data test that every article offends): the
    first build stays published, and no release is made from it while the failed build is the last."""
    import dagster as dg

    from pipeline.assets import BUILD_JOB, build_definitions
    from pipeline.assets.resources import CritminSettings
    from pipeline.marts.sql_models import SQL_DIR

    warehouse = tmp_path / "warehouse"
    shutil.copytree(earlier, warehouse, symlinks=True)
    published_before = published_folder(warehouse)
    sql_dir = Path(shutil.copytree(SQL_DIR, tmp_path / "sql"))
    (sql_dir / "tests" / "articles_never_pass.sql").write_text(
        "-- Every article offends: a check that always fails.\nselect article_id from articles\n", encoding="utf-8")
    settings = CritminSettings(input_dir=str(corpora[1]), warehouse_dir=str(warehouse))
    job = build_definitions(settings, sql_dir=sql_dir).resolve_job_def(BUILD_JOB)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    assert published_folder(warehouse) == published_before
    failed = build_folders(warehouse)[-1]
    record = read_record(failed)
    assert (record.status, record.run_id) == ("failed", result.run_id)

    assert main(["release", "--warehouse", str(warehouse)]) == 1
    err = capsys.readouterr().err
    assert f"build {failed.name} (Dagster run {result.run_id}" in err and "failed" in err
    assert not (warehouse / "releases").exists()
