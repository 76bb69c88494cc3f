"""The warehouse's builds: each writes a folder of its own, publishes all its tables at once, holds the
warehouse alone, and leaves nothing behind that the next build does not clear."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.warehouse import (
    BUILD_RECORD,
    BuildInProgress,
    StagedBuild,
    build_folders,
    published_folder,
    read_record,
    release_problems,
    write_file_atomically,
)


def stage(warehouse: Path, run_id: str, rows: int) -> StagedBuild:
    """A build that wrote one table, `articles`, with `rows` rows."""
    build = StagedBuild(warehouse, run_id, Path("/in"))
    frame = pl.DataFrame({"n": list(range(rows))})
    write_file_atomically(build.path("articles.parquet"), frame.write_parquet)
    return build


def publish(build: StagedBuild) -> Path:
    return build.publish({"articles": "articles.parquet"}, {"articles": 0})


def count(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_a_published_build_is_what_current_and_the_database_show(tmp_path: Path, monkeypatch):
    build = stage(tmp_path, "run-one-aaaa", 3)
    assert published_folder(tmp_path) is None
    database = publish(build)
    assert published_folder(tmp_path) == build.folder.resolve()
    assert os.readlink(tmp_path / "current") == f"builds/{build.folder.name}"
    monkeypatch.chdir(tmp_path.parent)  # views hold absolute paths: they answer from any folder
    assert count(database) == 3
    record = read_record(build.folder)
    assert (record.status, record.run_id, record.tables) == ("complete", "run-one-aaaa", {"articles": 0})
    assert oct(database.stat().st_mode & 0o777) == "0o644"
    assert release_problems(tmp_path) == []


def test_a_build_that_stops_leaves_the_published_one_untouched(tmp_path: Path):
    first = stage(tmp_path, "run-one-aaaa", 3)
    database = publish(first)
    second = stage(tmp_path, "run-two-bbbb", 7)
    assert count(database) == 3  # what the second build wrote is not seen until it publishes
    second.abandon("boom in resolve")
    assert published_folder(tmp_path) == first.folder.resolve()
    assert count(database) == 3
    assert read_record(second.folder).status == "failed"
    [problem] = release_problems(tmp_path)
    assert f"build {second.folder.name}" in problem and "failed: boom in resolve" in problem


def test_the_next_build_removes_what_a_killed_one_left(tmp_path: Path):
    publish(stage(tmp_path, "run-one-aaaa", 3))
    killed = stage(tmp_path, "run-two-bbbb", 7)
    killed.close()  # as the kernel does for a killed process: the lock goes, the record still says running
    litter = [tmp_path / ".critmin.duckdb.x1.tmp", tmp_path / ".critmin.duckdb.x1.tmp.wal",
              tmp_path / "builds" / ".articles.parquet.x2.tmp"]
    for path in litter:
        path.write_bytes(b"half")
    [problem] = release_problems(tmp_path)
    assert "stopped before it finished" in problem and killed.folder.name in problem
    third = stage(tmp_path, "run-three-cccc", 5)
    assert not killed.folder.exists()
    assert not any(path.exists() for path in litter)
    assert set(third.removed) == {killed.folder, *litter}
    publish(third)
    assert count(tmp_path / "critmin.duckdb") == 5
    assert release_problems(tmp_path) == []


def test_two_builds_never_write_at_once(tmp_path: Path):
    publish(stage(tmp_path, "run-one-aaaa", 3))
    second = stage(tmp_path, "run-two-bbbb", 4)
    with pytest.raises(BuildInProgress, match="another build is writing to .*run-two-bbbb"):
        StagedBuild(tmp_path, "run-three-cccc", Path("/in"))
    assert "is still running" in release_problems(tmp_path)[0]
    publish(second)
    publish(stage(tmp_path, "run-three-cccc", 5))  # the lock is free once the second has published
    assert count(tmp_path / "critmin.duckdb") == 5


def test_only_the_last_two_published_builds_are_kept(tmp_path: Path):
    builds = []
    for n, run in enumerate(["run-a-aaaa", "run-b-bbbb", "run-c-cccc"]):
        builds.append(stage(tmp_path, run, n))
        publish(builds[-1])
    assert build_folders(tmp_path) == [builds[1].folder, builds[2].folder]


def test_a_build_of_a_few_tables_takes_the_rest_from_the_published_one(tmp_path: Path):
    first = stage(tmp_path, "run-one-aaaa", 3)
    pl.DataFrame({"x": [1]}).write_parquet(first.path("people.parquet"))
    publish(first)
    second = stage(tmp_path, "run-two-bbbb", 9)
    assert second.input_path("people.parquet") == first.folder.resolve() / "people.parquet"
    assert second.input_path("articles.parquet") == second.folder / "articles.parquet"
    publish(second)
    assert (second.folder / "people.parquet").is_file()  # linked in: the published build is whole
    assert json.loads((second.folder / BUILD_RECORD).read_text())["status"] == "complete"


def test_a_warehouse_from_before_build_folders_is_read_then_replaced(tmp_path: Path):
    pl.DataFrame({"n": [1, 2]}).write_parquet(tmp_path / "articles.parquet")
    (tmp_path / "intermediate").mkdir()
    (tmp_path / "releases").mkdir()
    assert published_folder(tmp_path) == tmp_path.resolve()
    build = StagedBuild(tmp_path, "run-one-aaaa", Path("/in"))
    assert build.previous == tmp_path.resolve()
    pl.DataFrame({"n": [1, 2, 3]}).write_parquet(build.path("articles.parquet"))
    publish(build)
    assert not (tmp_path / "articles.parquet").exists() and not (tmp_path / "intermediate").exists()
    assert (tmp_path / "releases").is_dir()
    assert count(tmp_path / "critmin.duckdb") == 3


def test_files_and_folders_get_the_same_modes_whatever_the_umask(tmp_path: Path):
    from pipeline.warehouse import table_path, write_table
    from schemas import RejectedInputs
    from schemas.base import empty_frame

    old = os.umask(0o077)  # a process that would make every file private
    try:
        build = stage(tmp_path, "run-one-aaaa", 3)
        write_table(empty_frame(RejectedInputs), RejectedInputs, table_path(build.folder, "unreadable_inputs"))
        publish(build)
    finally:
        os.umask(old)
    files = {oct(p.stat().st_mode & 0o777) for p in build.folder.rglob("*") if p.is_file()}
    folders = {oct(p.stat().st_mode & 0o777) for p in [build.folder, *build.folder.rglob("*")] if p.is_dir()}
    assert files == {"0o644"} and folders == {"0o755"}
    assert oct((tmp_path / "critmin.duckdb").stat().st_mode & 0o777) == "0o644"
