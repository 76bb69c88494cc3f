"""Versioned releases of the dataset: a folder and a zip archive under `<warehouse>/releases/` with
every published table as Parquet, a DuckDB database, a Data Package descriptor, checksums, a data
dictionary, a changelog, citation metadata and the data licence, all made from one checked build."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandera.errors
import polars as pl

from pipeline.release.overview import write_overview
from pipeline.release.quality import QUALITY_DATA, QUALITY_REPORT, Quality, measure_quality, quality_config, write_quality
from pipeline.release.datapackage import DESCRIPTOR_NAME, article_sources, data_dictionary, package_descriptor, table_resource
from pipeline.release.documents import (
    CHANGELOG,
    CHECKSUMS,
    CITATION,
    DATA_LICENSE_FILE,
    DICTIONARY,
    README,
    RELEASE_FILES,
    changelog,
    changelog_entry,
    citation,
    key_values,
    licence_text,
    release_readme,
    views_dictionary,
)
from pipeline.warehouse import DATABASE_NAME, published_folder, read_table, release_problems, table_path, write_table
from pipeline.marts.sql_models import (
    MODELS,
    SQL_DIR,
    TESTS,
    SqlFileError,
    SqlModel,
    install_macros,
    load_models,
    load_tests,
    run_test,
)
from schemas import PUBLISHED_TABLES
from schemas.keys import FOREIGN_KEYS, primary_key

RELEASES_DIR = "releases"
TEXT_TABLE = "article_texts"
# A corpus may hold no meeting or no restriction, but a release without articles or without the
# reference tables every other table points to is broken.
NON_EMPTY_TABLES = ("countries", "minerals", "articles")
# Calendar versions: year.month.N, the month without a leading zero, N counting from 0 within the month.
CALVER = re.compile(r"^(\d{4})\.([1-9]|1[0-2])\.(0|[1-9]\d*)$")


class ReleaseRefused(Exception):
    """The warehouse cannot be released as it is; `problems` says why, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Release:
    version: str
    folder: Path
    archive: Path
    rows: dict[str, int]
    previous: str | None
    views: tuple[str, ...] = ()     # the SQL models in its database, each also `<name>.parquet`


def version_key(version: str) -> tuple[int, int, int]:
    match = CALVER.match(version)
    if not match:
        raise ValueError(f"'{version}' is not a calendar version YEAR.MONTH.N, e.g. 2026.11.0 "
                         "(month without a leading zero, N from 0)")
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]


def release_versions(releases: Path) -> list[str]:
    """Versions released into `releases/`, oldest first: every folder or zip archive named by a version."""
    if not releases.is_dir():
        return []
    names = {p.name.removesuffix(".zip") for p in releases.iterdir() if not p.name.startswith(".")}
    return sorted((n for n in names if CALVER.match(n)), key=version_key)


LATEST = "latest"   # releases/latest: a link to the newest release, kept by make_release


def point_latest(releases: Path) -> Path:
    """Point `releases/latest` at the newest version released (a relative link, replaced in one step),
    so that commands and links can name it without a version."""
    newest = release_versions(releases)[-1]
    staged = releases / f".{LATEST}.{os.getpid()}"
    staged.unlink(missing_ok=True)
    staged.symlink_to(newest, target_is_directory=True)
    staged.replace(releases / LATEST)
    return releases / LATEST


def next_version(releases: Path, today: dt.date) -> str:
    """`today`'s year.month with N one past the highest N released this month (0 for the first)."""
    this_month = [version_key(v)[2] for v in release_versions(releases) if version_key(v)[:2] == (today.year, today.month)]
    return f"{today.year}.{today.month}.{max(this_month) + 1 if this_month else 0}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# Refusals ----------------------------------------------------------------------------------------

def _schema_failures(table: str, df: pl.DataFrame) -> str | None:
    """The table's blocking asset check (`<table>:matches_schema`, pipeline/assets/checks.py) run
    again: the same pandera model, so a release never ships what the build would have refused."""
    try:
        PUBLISHED_TABLES[table].validate(df, lazy=True)
    except pandera.errors.SchemaErrors as err:
        failures = err.failure_cases
        examples = "; ".join(f"{r['column']} {r['check']}: {r['failure_case']!r}"
                             for r in failures.head(5).iter_rows(named=True))
        return (f"{table}: the blocking check {table}:matches_schema fails on {failures.height} values "
                f"(first ones: {examples}). To see every failure, run the build job in the Dagster UI (`make ui`) "
                f"and open asset {table}, tab Checks; fix the build, then release.")
    return None


def _foreign_key_failures(frames: dict[str, pl.DataFrame]) -> list[str]:
    problems = []
    for table, references in FOREIGN_KEYS.items():
        for column, target in references.items():
            if table not in frames or target not in frames:
                continue
            key = primary_key(PUBLISHED_TABLES[target])
            missing = sorted(set(frames[table][column].drop_nulls().to_list()) - key_values(frames[target], key))
            if missing:
                problems.append(
                    f"{table}.{column}: {len(missing)} values not in {target}.{key[0]} (e.g. {missing[0]!r}); "
                    "the tables come from different builds or a step lost rows: run `critmin build` again")
    return problems


def _sql_test_failures(warehouse: Path, sql_dir: Path, models: list[SqlModel]) -> list[str]:
    """The blocking SQL data tests (`<sql_dir>/tests/`, asset checks of the build) run again over
    the warehouse: each names its offending rows."""
    try:
        tests = load_tests(sql_dir / TESTS, {m.name for m in models})
    except SqlFileError as err:
        return [str(err)]
    problems = []
    for test in tests:
        check = f"{test.subject}:{test.name}"
        try:
            offending = run_test(test, warehouse)
        except (FileNotFoundError, duckdb.Error) as err:
            problems.append(f"{test.subject}: the blocking check {check} cannot run ({err})")
            continue
        if offending.height:
            problems.append(
                f"{test.subject}: the blocking check {check} finds {offending.height} offending rows "
                f"(first: {offending.row(0, named=True)}). To see them all, run the build job in the Dagster UI "
                f"(`make ui`) and open asset {test.subject}, tab Checks, or run {test.path} against the "
                f"warehouse's {DATABASE_NAME}; fix the build, then release.")
    return problems


def blocking_problems(frames: dict[str, pl.DataFrame], warehouse: Path, sql_dir: Path,
                      models: list[SqlModel]) -> list[str]:
    """Why the warehouse's tables must not be released: a failed blocking check (the schema checks
    and the SQL data tests, run again), an empty table that needs rows, a broken foreign key.
    Empty when they may be released."""
    problems = [p for table, df in frames.items() if (p := _schema_failures(table, df))]
    problems += _sql_test_failures(warehouse, sql_dir, models)
    problems += [f"{table}: the table is empty, and a release needs {', '.join(NON_EMPTY_TABLES)} to have rows; "
                 f"check the input folder and the log of `critmin build`"
                 for table in NON_EMPTY_TABLES if table in frames and frames[table].height == 0]
    return problems + _foreign_key_failures(frames)


def read_warehouse(folder: Path) -> dict[str, pl.DataFrame]:
    """Every published table of the build in `folder`; refuses, naming each file, when one is missing or
    cannot be read."""
    missing = [str(table_path(folder, t)) for t in PUBLISHED_TABLES if not table_path(folder, t).exists()]
    if missing:
        raise ReleaseRefused([f"{path}: not built; run `critmin build` first" for path in missing])
    frames, problems = {}, []
    for table in PUBLISHED_TABLES:
        try:
            frames[table] = read_table(folder, table)
        except Exception as err:  # noqa: BLE001 - polars and the OS raise several kinds for a damaged file
            problems.append(f"{table_path(folder, table)}: cannot be read as Parquet ({type(err).__name__}: "
                            f"{str(err).splitlines()[0][:200]}); the file is damaged: run `critmin build` again")
    if problems:
        raise ReleaseRefused(problems)
    return frames


# The storage format of the release database: DuckDB 1.0's, so DuckDB 1.0 and every later version opens it.
STORAGE_VERSION = "v1.0.0"


def write_database(folder: Path, descriptor: dict, models: list[SqlModel]) -> dict[str, list[tuple[str, str]]]:
    """The release's DuckDB database: the tables themselves, copied from the release's Parquet files
    (views over them would hold absolute paths of the machine that made them), and every SQL model
    whose tables the release holds as a view, with every description as a comment, and as
    `<model>.parquet` beside the tables.

    Returns the views made: their columns and DuckDB types, in order."""

    def literal(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    views = {}
    with duckdb.connect() as con:
        # Written in the storage format of DuckDB 1.0, which every client since reads; this DuckDB's own
        # format would open only in DuckDB 2.0 and later ("database file with version number 999").
        con.execute(f"ATTACH {literal(str(folder / DATABASE_NAME))} AS release (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("USE release")
        statements = []
        for res in descriptor["resources"]:
            name = res["name"]
            statements += [f"CREATE TABLE {name} AS SELECT * FROM read_parquet({literal(str(folder / res['path']))})",
                           f"COMMENT ON TABLE {name} IS {literal(res['description'])}"]
            statements += [f"COMMENT ON COLUMN {name}.{field['name']} IS {literal(field['description'])}"
                           for field in res["schema"]["fields"]]
        con.execute("\n;\n".join(statements))  # a line of its own: a query may end in a -- comment
        names = {res["name"] for res in descriptor["resources"]}
        install_macros(con, names)  # restrictions_in_force(d), over the tables just copied
        for model in models:  # in dependency order
            if not set(model.reads) <= names:
                continue  # it reads a table left out (article_texts), or a model that does
            statements = [f'CREATE VIEW "{model.name}" AS {model.sql.strip().rstrip(";")}',
                          f'COMMENT ON VIEW "{model.name}" IS {literal(model.description)}']
            statements += [f'COMMENT ON COLUMN "{model.name}"."{column}" IS {literal(doc)}'
                           for column, doc in model.column_docs.items()]
            con.execute("\n;\n".join(statements))
            # The mart as a file too, for those who read Parquet and not DuckDB databases.
            con.execute(f'COPY (SELECT * FROM "{model.name}") TO {literal(str(folder / f"{model.name}.parquet"))} '
                        "(FORMAT parquet)")
            views[model.name] = con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'release' AND table_name = ? "
                "ORDER BY column_index",
                [model.name]).fetchall()
            names.add(model.name)
        con.execute("CHECKPOINT")
    return views


def write_checksums(folder: Path) -> Path:
    """SHA256SUMS in the format of `sha256sum`, so `sha256sum -c SHA256SUMS` checks the folder."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS)
    text = "".join(f"{sha256(p)}  {p.relative_to(folder).as_posix()}\n" for p in files)
    path = folder / CHECKSUMS
    path.write_text(text, encoding="utf-8")
    return path


def write_archive(folder: Path, version: str, path: Path) -> None:
    """A zip archive of the folder, its files under `<version>/`."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(file, f"{version}/{file.relative_to(folder).as_posix()}")
    path.chmod(0o644)


# The release -------------------------------------------------------------------------------------

def _checked_frames(warehouse: Path, releases: Path, version: str, sql_dir: Path
                    ) -> tuple[dict[str, pl.DataFrame], list[SqlModel]]:
    """The published tables and the SQL models, once every reason to refuse is ruled out."""
    try:
        version_key(version)
    except ValueError as err:
        raise ReleaseRefused([str(err)]) from None
    if version in release_versions(releases):
        raise ReleaseRefused([f"{releases / version}: version {version} already exists; a release is never "
                              "rewritten: omit --version to get the next one, or pass a new one"])
    if problems := release_problems(warehouse):
        raise ReleaseRefused(problems)
    built = published_folder(warehouse)
    frames = read_warehouse(built)
    try:
        models = load_models(sql_dir / MODELS)
    except SqlFileError as err:
        raise ReleaseRefused([str(err)]) from None
    if problems := blocking_problems(frames, built, sql_dir, models):
        raise ReleaseRefused(problems)
    return frames, models


def _write_release(folder: Path, version: str, now: dt.datetime, frames: dict[str, pl.DataFrame],
                   models: list[SqlModel], include_text: bool, previous: str | None,
                   previous_folder: Path | None, measured: Quality) -> tuple[dict[str, int], tuple[str, ...]]:
    """Every file of the release into `folder`; the rows of each table, and the views."""
    tables = [t for t in PUBLISHED_TABLES if include_text or t != TEXT_TABLE]
    resources, rows = [], {}
    for table in tables:
        path = folder / f"{table}.parquet"
        df = write_table(frames[table], PUBLISHED_TABLES[table], path)
        rows[table] = df.height
        resources.append(table_resource(table, PUBLISHED_TABLES[table], path.name, df.height,
                                        path.stat().st_size, sha256(path), tables))
    created = now.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    descriptor = package_descriptor(version, created, resources, article_sources(frames["articles"]))
    descriptor["quality"] = {"report": QUALITY_REPORT, "data": QUALITY_DATA,
                             "corpora": list(measured.results["scores"]), "absent": measured.results["absent"]}
    write_quality(folder, measured, version)
    (folder / DESCRIPTOR_NAME).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    views = write_database(folder, descriptor, models)
    write_overview(folder, folder / DATABASE_NAME, version, previous_folder)
    (folder / DICTIONARY).write_text(data_dictionary(descriptor) + views_dictionary(views, models), encoding="utf-8")
    entry = changelog_entry(version, now.date(), rows, folder, previous, previous_folder)
    (folder / CHANGELOG).write_text(changelog(entry, previous_folder), encoding="utf-8")
    (folder / CITATION).write_text(citation(version, now.date()), encoding="utf-8")
    (folder / DATA_LICENSE_FILE).write_text(licence_text(version, now.date(), include_text), encoding="utf-8")
    (folder / README).write_text(release_readme(descriptor, folder, frames["articles"], include_text, list(views)),
                                 encoding="utf-8")
    write_checksums(folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    folder.chmod(0o755)
    return rows, tuple(views)


def _measured(quality: Path | None) -> Quality:
    """The release's quality, measured now, or ReleaseRefused naming each floor it misses."""
    try:
        measured = measure_quality(quality_config(quality))
    except ValueError as err:
        raise ReleaseRefused([str(err)]) from None
    if measured.problems:
        raise ReleaseRefused(measured.problems)
    return measured


def make_release(warehouse: Path, version: str | None = None, include_text: bool = False,
                 now: dt.datetime | None = None, sql_dir: Path = SQL_DIR, quality: Path | None = None) -> Release:
    """Release the tables of `warehouse` as `<warehouse>/releases/<version>/` and `<version>.zip`.

    Refuses (ReleaseRefused) when the version is not a calendar version or already exists, when the
    last build did not finish, when a table is missing, fails a blocking check (its schema, a SQL data
    test of `sql_dir`), is empty and should not be, or breaks a foreign key. The SQL models of `sql_dir`
    become views in its database. The folder is built under a hidden name and renamed when complete: an
    existing release folder is always whole, and no release ever writes into another one. Then
    `releases/latest` points at the newest release."""
    now = now or dt.datetime.now(dt.timezone.utc)
    releases = warehouse / RELEASES_DIR
    version = version or next_version(releases, now.date())
    frames, models = _checked_frames(warehouse, releases, version, sql_dir)
    measured = _measured(quality)
    earlier = [v for v in release_versions(releases) if version_key(v) < version_key(version)]
    previous = earlier[-1] if earlier else None
    previous_folder = releases / previous if previous and (releases / previous).is_dir() else None

    releases.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{version}.", suffix=".partial", dir=releases))
    archive, partial_archive = releases / f"{version}.zip", folder.with_suffix(".zip")
    try:
        rows, views = _write_release(folder, version, now, frames, models, include_text, previous, previous_folder,
                                     measured)
        write_archive(folder, version, partial_archive)
        folder.rename(releases / version)
        partial_archive.rename(archive)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        partial_archive.unlink(missing_ok=True)
        raise
    point_latest(releases)
    return Release(version=version, folder=releases / version, archive=archive, rows=rows, previous=previous,
                   views=views)
