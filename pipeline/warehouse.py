"""The warehouse folder: every build writes into a folder of its own and is published, all its tables
at once, by pointing `current` and the DuckDB database at it; a build that fails or is killed leaves
the last published build exactly as it was.

    <warehouse>/
      critmin.duckdb        one view per table over current/ (replaced in one rename when a build publishes)
      current -> builds/<build_id>    the published build (a symbolic link, replaced in one rename)
      builds/<build_id>/    one build: its tables, intermediate/, state/ and BUILD.json
      releases/             versioned releases, made from the published build
      .build.lock           held by the build that is running, so two builds never write at once

A build id is the UTC time the build started and the first 8 characters of its Dagster run id, so
builds sort in the order they started. The Parquet tables of a build folder are read and written here
too (`table_path`, `write_table`, `read_table`), cast to their models in `schemas/`. Nothing here
imports Dagster: pipeline/assets/resources.py wraps it for runs."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipeline.locations import DEFAULT_INPUT_DIR, DEFAULT_WAREHOUSE_DIR, PROJECT_ROOT  # noqa: F401 - re-exported
from schemas import PUBLISHED_TABLES
from schemas.base import TableModel, conform

INTERMEDIATE_DIR = "intermediate"
BUILDS_DIR = "builds"
CURRENT_LINK = "current"
BUILD_RECORD = "BUILD.json"
LOCK_FILE = ".build.lock"
DATABASE_NAME = "critmin.duckdb"
# Published files are readable by everyone who can reach the folder, writable by their owner only,
# whatever the umask of the process that wrote them (a file server shares all tables or none).
FILE_MODE = 0o644
FOLDER_MODE = 0o755
# The published build and the one before it are kept: a DuckDB session opened on the previous
# database keeps answering while a new build is published. Older ones are removed.
PUBLISHED_KEPT = 2
# What a build writes while it runs and renames when done; a killed build leaves these behind.
TEMPORARY_PATTERNS = (".*.tmp", ".*.tmp.wal")


class BuildInProgress(Exception):
    """Another build holds the warehouse."""


@dataclass
class BuildRecord:
    """BUILD.json of one build folder: what the build read and whether it finished."""

    build_id: str
    run_id: str
    status: str  # running, complete or failed (a killed build stays `running` with nobody holding the lock)
    started_at: str
    input_dir: str
    finished_at: str | None = None
    error: str | None = None
    inputs: dict = field(default_factory=dict)  # files read, articles, rejected inputs
    tables: dict = field(default_factory=dict)  # published table or mart -> rows
    pid: int | None = None
    host: str | None = None

    def describe(self) -> str:
        return f"build {self.build_id} (Dagster run {self.run_id}, started {self.started_at}, input {self.input_dir})"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def read_record(folder: Path) -> BuildRecord | None:
    """The build record of a build folder; None when there is none or it cannot be read."""
    try:
        data = json.loads((folder / BUILD_RECORD).read_text(encoding="utf-8"))
        return BuildRecord(**{k: v for k, v in data.items() if k in BuildRecord.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None


def write_file_atomically(path: Path, write) -> None:
    """Write through a hidden temporary file in the same folder, then rename it over `path`, so a
    reader sees the old file or the new one, never half of one. Files get FILE_MODE, folders it
    creates FOLDER_MODE."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(FOLDER_MODE)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_record(folder: Path, record: BuildRecord) -> None:
    text = json.dumps(asdict(record), indent=2, ensure_ascii=False) + "\n"
    write_file_atomically(folder / BUILD_RECORD, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def published_folder(warehouse: Path) -> Path | None:
    """The folder holding the published tables: where `current` points; the warehouse itself when it
    was built by a critmin that wrote its tables straight into it; None before the first build."""
    link = warehouse / CURRENT_LINK
    if link.is_symlink():
        return (warehouse / os.readlink(link)).resolve()
    if (warehouse / "articles.parquet").is_file():
        return warehouse.resolve()
    return None


def build_folders(warehouse: Path) -> list[Path]:
    """Every build folder, oldest first."""
    builds = warehouse / BUILDS_DIR
    return sorted(p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")) if builds.is_dir() else []


def _holder(lock) -> str:
    """Who holds the lock `lock` (an open lock file) wants: batch runs hold it shared, a build alone."""
    try:
        fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return "batch runs reading input batches into it (pipeline/warehouse_batches.py)"
    except BlockingIOError:
        lock.seek(0)
        return lock.read().strip()


def build_running(warehouse: Path) -> bool:
    """Whether a build holds the warehouse's lock right now."""
    path = warehouse / LOCK_FILE
    if not path.exists():
        return False
    with path.open("a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
    return False


def release_problems(warehouse: Path) -> list[str]:
    """Why the published build must not be released: the last build did not finish (it failed, was
    killed, or is still running), or none finished. Empty when the last build is the published one."""
    published = published_folder(warehouse)
    if published is None:
        return [f"{warehouse}: no build has been published here; run `critmin build --warehouse {warehouse}` first"]
    folders = build_folders(warehouse)
    if not folders:
        return []  # a warehouse written before builds had folders: its tables are one build
    last = folders[-1]
    record = read_record(last)
    what = record.describe() if record else f"build {last.name}"
    if record is not None and record.status == "complete" and last.resolve() == published:
        return []
    if record is not None and record.status == "complete":
        return [f"{what} finished but was not published (the process stopped while publishing); "
                f"run `critmin build --warehouse {warehouse}` again, then release"]
    if build_running(warehouse):
        return [f"{what} is still running; wait for it to finish, then release"]
    if record is not None and record.status == "failed":
        why = f": {record.error}" if record.error else ""
        return [f"{what} failed{why}. The published tables come from an earlier build and are not released "
                "after a failed one: fix the cause, run `critmin build` again, then release"]
    return [f"{what} stopped before it finished (killed or crashed). The published tables come from an earlier "
            "build and are not released after an unfinished one: run `critmin build` again, then release"]


def remove_leftovers(warehouse: Path) -> list[Path]:
    """Remove what builds that did not finish left behind: their build folders and the temporary files
    of an interrupted write. Only call it holding the lock. Returns what was removed."""
    removed = []
    published = published_folder(warehouse)
    for folder in build_folders(warehouse):
        record = read_record(folder)
        if folder.resolve() == published or (record is not None and record.status == "complete"):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    for place in (warehouse, warehouse / INTERMEDIATE_DIR, warehouse / "state", warehouse / BUILDS_DIR):
        for pattern in TEMPORARY_PATTERNS:
            for path in place.glob(pattern):
                if path.is_symlink() or path.is_file():
                    path.unlink(missing_ok=True)
                    removed.append(path)
    return removed


class StagedBuild:
    """One build, from its start to its publication. It holds the warehouse's lock until it is
    published or abandoned (or its process ends: the lock is the kernel's, so a killed build frees it)."""

    def __init__(self, warehouse: Path, run_id: str, input_dir: Path):
        self.warehouse = warehouse
        warehouse.mkdir(parents=True, exist_ok=True)
        self._lock = (warehouse / LOCK_FILE).open("a+")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(self._lock)
            self._lock.close()
            raise BuildInProgress(
                f"another build is writing to {warehouse} ({holder or 'holder unknown'}): wait for it to finish, "
                "or build into another warehouse folder") from None
        started = _now()
        self.previous = published_folder(warehouse)
        self.removed = remove_leftovers(warehouse)
        build_id = f"{started:%Y%m%dT%H%M%S%fZ}-{run_id[:8]}"
        self.folder = warehouse / BUILDS_DIR / build_id
        self.folder.mkdir(parents=True)
        for folder in (warehouse / BUILDS_DIR, self.folder):
            folder.chmod(FOLDER_MODE)
        self.record = BuildRecord(build_id=build_id, run_id=run_id, status="running", started_at=_iso(started),
                                  input_dir=str(input_dir), pid=os.getpid(), host=socket.gethostname())
        write_record(self.folder, self.record)
        self._lock.seek(0)
        self._lock.truncate()
        self._lock.write(f"{self.record.describe()}, pid {os.getpid()} on {self.record.host}\n")
        self._lock.flush()
        self.published = False

    def path(self, relative: Path | str) -> Path:
        """Where this build writes a file given relative to a build folder."""
        return self.folder / relative

    def input_path(self, relative: Path | str) -> Path:
        """Where this build reads a file: its own copy once written, else the published build's (a run
        that materialises a few assets reads the others from the last build)."""
        own = self.folder / relative
        if own.exists() or self.previous is None:
            return own
        return self.previous / relative

    def note(self, **facts) -> None:
        """Add what the build read (inputs=...) to its record."""
        for key, value in facts.items():
            setattr(self.record, key, value)
        write_record(self.folder, self.record)

    def publish(self, database_views: dict[str, str], tables: dict[str, int],
                install: Callable[[duckdb.DuckDBPyConnection], object] | None = None) -> Path:
        """Make this build the published one: files it did not write itself are taken from the previous
        build, the DuckDB database is made with one view per name over the file given relative to the
        build folder (`database_views`) and what `install` adds over them (the SQL macros), then `current`
        and the database switch to it, each in one rename. Older builds beyond PUBLISHED_KEPT go."""
        if self.previous is not None:
            _link_missing(self.previous, self.folder, flat=self.previous == self.warehouse.resolve())
        self.record.status, self.record.finished_at, self.record.tables = "complete", _iso(_now()), tables
        write_record(self.folder, self.record)

        def write_database(tmp: Path) -> None:
            tmp.unlink()  # DuckDB wants to create the file itself
            with duckdb.connect(str(tmp)) as con:
                for name, relative in database_views.items():
                    parquet = str((self.folder / relative).resolve()).replace("'", "''")
                    con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet(\'{parquet}\')')
                if install is not None:
                    install(con)

        database = self.warehouse / DATABASE_NAME
        fd, tmp_db = tempfile.mkstemp(prefix=f".{DATABASE_NAME}.", suffix=".tmp", dir=self.warehouse)
        os.close(fd)
        fd, tmp_link = tempfile.mkstemp(prefix=f".{CURRENT_LINK}.", suffix=".tmp", dir=self.warehouse)
        os.close(fd)
        try:
            write_database(Path(tmp_db))
            os.chmod(tmp_db, FILE_MODE)
            os.unlink(tmp_link)
            os.symlink(Path(BUILDS_DIR) / self.folder.name, tmp_link)
            os.replace(tmp_link, self.warehouse / CURRENT_LINK)
            os.replace(tmp_db, database)
        finally:
            for tmp in (tmp_db, tmp_link, tmp_db + ".wal"):
                Path(tmp).unlink(missing_ok=True)
        self.published = True
        if self.previous == self.warehouse.resolve():
            _remove_flat_layout(self.warehouse)
        _prune(self.warehouse, self.folder)
        self.close()
        return database

    def abandon(self, error: str) -> None:
        """The build stops without publishing: its record says why; the next build removes its folder."""
        if not self.published and self.folder.exists():
            self.record.status, self.record.finished_at, self.record.error = "failed", _iso(_now()), error
            write_record(self.folder, self.record)
        self.close()

    def close(self) -> None:
        if not self._lock.closed:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()


def _link_missing(source: Path, target: Path, flat: bool) -> None:
    """Every file of the build in `source` that `target` lacks, hard-linked (copied across file systems);
    `flat`: `source` is a warehouse written before builds had folders."""
    paths = ([*source.glob("*.parquet"), *source.glob("intermediate/*"), *source.glob("state/*")] if flat
             else source.rglob("*"))
    for path in paths:
        relative = path.relative_to(source)
        if not path.is_file() or relative.name == BUILD_RECORD or relative.name.startswith("."):
            continue
        dest = target / relative
        if dest.exists():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copy2(path, dest)


def _remove_flat_layout(warehouse: Path) -> None:
    """The tables of a warehouse written before builds had their own folders, once a build replaced them."""
    for path in warehouse.glob("*.parquet"):
        path.unlink(missing_ok=True)
    for folder in (INTERMEDIATE_DIR, "state"):
        shutil.rmtree(warehouse / folder, ignore_errors=True)


def _prune(warehouse: Path, published: Path) -> None:
    complete = [f for f in build_folders(warehouse) if (r := read_record(f)) is not None and r.status == "complete"]
    keep = set(complete[-PUBLISHED_KEPT:]) | {published}
    for folder in build_folders(warehouse):
        if folder not in keep:
            shutil.rmtree(folder, ignore_errors=True)


# Tables in a build folder ------------------------------------------------------------------------

def table_path(warehouse: Path, table: str) -> Path:
    if table in PUBLISHED_TABLES:
        return warehouse / f"{table}.parquet"
    return warehouse / INTERMEDIATE_DIR / f"{table}.parquet"


def mart_path(warehouse: Path, model: str) -> Path:
    """Where a SQL model (dbt_like_sql/models/<model>.sql) writes its result: next to the published tables."""
    return warehouse / f"{model}.parquet"


def copy_query_to_parquet(relation: duckdb.DuckDBPyRelation, path: Path) -> Path:
    """Run a DuckDB query and write its result as Parquet, atomically, rows in the query's order."""
    write_file_atomically(path, lambda tmp: relation.write_parquet(str(tmp), compression="zstd"))
    return path


def write_table(df: pl.DataFrame, model: type[TableModel], path: Path) -> pl.DataFrame:
    """Cast `df` to the model's schema (declared columns, order and types) and write it as Parquet."""
    df = conform(df, model)
    write_file_atomically(path, lambda tmp: df.write_parquet(tmp, compression="zstd", statistics=True))
    return df


def read_table(folder: Path, table: str) -> pl.DataFrame:
    """A table of the build in `folder` (a build folder, or the published one: `published_folder`)."""
    return read_table_file(table_path(folder, table), table)


def read_table_file(path: Path, table: str) -> pl.DataFrame:
    """The Parquet file of `table` at `path`, or an error naming the file and the command to run."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: table '{table}' has not been built; run `critmin build` first")
    return pl.read_parquet(path)


def previous_ids(previous: Path | None, table: str, id_column: str, key_columns: tuple[str, ...] = ("mention_id",)
                 ) -> dict[str, str]:
    """The ids the published build in `previous` gave each mention (key -> id), empty on a first build;
    the resolvers keep them so that adding articles never renames an event."""
    if previous is None:
        return {}
    path = table_path(previous, table)
    if not path.exists():
        return {}
    df = pl.read_parquet(path)
    if id_column not in df.columns or any(c not in df.columns for c in key_columns):
        return {}
    key = pl.concat_str([pl.col(c) for c in key_columns], separator=":")
    return dict(df.select(key.alias("key"), pl.col(id_column)).drop_nulls().iter_rows())
