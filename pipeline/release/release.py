"""Versioned releases of the dataset: a folder and a zip archive under `<warehouse>/releases/` with
every published table as Parquet, a DuckDB database, a Data Package descriptor, checksums, a data
dictionary, a changelog, citation metadata and the data licence, all made from one checked build."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandera.errors
import polars as pl
import yaml

from pipeline.release.datapackage import (
    DATA_AUTHOR,
    DATA_LICENSE,
    DESCRIPTOR_NAME,
    article_sources,
    data_dictionary,
    dataset_summary,
    web_copies,
    package_descriptor,
    table_resource,
)
from pipeline.warehouse import DATABASE_NAME, read_table, table_path, write_table
from pipeline.warehouse import published_folder, release_problems
from pipeline.marts.sql_models import MODELS, SQL_DIR, TESTS, SqlFileError, SqlModel, load_models, load_tests, run_test
from schemas import PUBLISHED_TABLES
from schemas.keys import FOREIGN_KEYS, primary_key

RELEASES_DIR = "releases"
TEXT_TABLE = "article_texts"
# A corpus may hold no meeting or no restriction, but a release without articles or without the
# reference tables every other table points to is broken.
NON_EMPTY_TABLES = ("countries", "minerals", "articles")
CHECKSUMS = "SHA256SUMS"
README = "README.md"
DICTIONARY = "DATA_DICTIONARY.md"
CHANGELOG = "CHANGELOG.md"
CITATION = "CITATION.cff"
DATA_LICENSE_FILE = "LICENSE-DATA"
# Every release holds these besides its Parquet files (which its descriptor lists).
RELEASE_FILES = (DESCRIPTOR_NAME, DATABASE_NAME, README, DICTIONARY, CHANGELOG, CITATION, DATA_LICENSE_FILE, CHECKSUMS)
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


def key_values(df: pl.DataFrame, key: list[str]) -> set[str]:
    """A table's primary-key values as strings; a key of several columns joins them with '/'."""
    return set(df.select(pl.concat_str([pl.col(c).cast(pl.Utf8) for c in key], separator="/")).to_series().to_list())


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


# Documents ---------------------------------------------------------------------------------------

def _ids(values: list[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def changelog_entry(version: str, date: dt.date, rows: dict[str, int], folder: Path,
                    previous: str | None, previous_folder: Path | None) -> str:
    """This release's CHANGELOG entry: rows per table and, against the previous release, the ids
    (primary-key values) added and removed in each table."""
    lines = [f"## {version} ({date.isoformat()})", ""]
    if previous is None or previous_folder is None:
        lines += ["First release." if previous is None else
                  f"The previous release, {previous}, is not in releases/ as a folder: no ids compared.",
                  "", "| table | rows |", "| --- | ---: |"]
        lines += [f"| {table} | {n} |" for table, n in rows.items()]
        return "\n".join(lines) + "\n"
    lines += [f"Changes since {previous}: ids are primary-key values (columns joined by `/` where a key has several).",
              "", f"| table | rows | rows in {previous} | ids added | ids removed |", "| --- | ---: | ---: | ---: | ---: |"]
    details = []
    tables = list(rows) + [t for t in PUBLISHED_TABLES if t not in rows and (previous_folder / f"{t}.parquet").exists()]
    for table in tables:
        now_path, before_path = folder / f"{table}.parquet", previous_folder / f"{table}.parquet"
        if table not in rows:
            lines.append(f"| {table} | not in this release | {pl.scan_parquet(before_path).select(pl.len()).collect().item()} | | |")
            continue
        if not before_path.exists():
            lines.append(f"| {table} | {rows[table]} | not in {previous} | | |")
            continue
        before = pl.read_parquet(before_path)
        key = primary_key(PUBLISHED_TABLES[table])
        if not key:
            lines.append(f"| {table} | {rows[table]} | {before.height} | no key | no key |")
            continue
        now_ids, before_ids = key_values(pl.read_parquet(now_path), key), key_values(before, key)
        added, removed = sorted(now_ids - before_ids), sorted(before_ids - now_ids)
        lines.append(f"| {table} | {rows[table]} | {before.height} | {len(added)} | {len(removed)} |")
        if added or removed:
            details += ["", f"### {table}", ""]
            details += [f"Added ({len(added)}): {_ids(added)}"] if added else []
            details += [""] if added and removed else []
            details += [f"Removed ({len(removed)}): {_ids(removed)}"] if removed else []
    return "\n".join(lines + details) + "\n"


def changelog(entry: str, previous_folder: Path | None) -> str:
    """The whole history: this entry first, then every entry of the previous release's changelog."""
    older = ""
    if previous_folder is not None and (previous_folder / CHANGELOG).exists():
        older = (previous_folder / CHANGELOG).read_text(encoding="utf-8").split("\n", 2)[-1].lstrip("\n")
    return "# critmin changelog\n\n" + entry + ("\n" + older if older else "")


def citation(version: str, date: dt.date) -> str:
    cff = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": f"critmin: {dataset_summary()}",
        "version": version,
        "date-released": date.isoformat(),
        "license": DATA_LICENSE["name"],
        "authors": [{"name": DATA_AUTHOR}],
        "abstract": f"{dataset_summary()}. Every row points back to the sentence of the article it was read from.",
        "keywords": ["critical minerals", "export restrictions", "diplomacy", "news", "open data"],
    }
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True)


def licence_text(version: str, date: dt.date, include_text: bool) -> str:
    text = (
        f"critmin {version}: data licence\n\n"
        f"Copyright (c) {date.year} {DATA_AUTHOR}\n\n"
        f"The data in this release is licensed under the {DATA_LICENSE['title']} licence\n"
        f"(CC BY 4.0): {DATA_LICENSE['path']}, legal code at {DATA_LICENSE['path']}legalcode\n\n"
        "You may share and adapt it for any purpose, commercial ones included, if you give appropriate\n"
        "credit (cite it as CITATION.cff says), link to the licence and say whether you changed it.\n\n"
        "Every row points back to the news article it was read from (articles.url and articles.source;\n"
        "datapackage.json lists them under sources). Those articles are their publishers' work and are\n"
        "not part of this licence; only the short evidence sentences the rows quote are included.\n"
    )
    if include_text:
        text += ("\narticle_texts.parquet holds the full text of those articles. Its copyright stays with\n"
                 "their publishers: it is NOT licensed under CC BY 4.0. Do not redistribute it without\n"
                 "their permission.\n")
    return text + "\nThe code that builds this dataset (critmin) is under the MIT licence.\n"


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError


def views_dictionary(views: dict[str, list[tuple[str, str]]], models: list[SqlModel]) -> str:
    """The data dictionary's part on the database's views, from the SQL models' own docs."""
    if not views:
        return ""
    docs = {m.name: m for m in models}
    lines = ["", f"## Views in {DATABASE_NAME}", "",
             "SQL models of critmin's `dbt_like_sql/models/`, run by DuckDB over the tables above when queried;",
             "they are in the database only, not Parquet files. Their docs come from each model's `.yml` file."]
    for name, columns in views.items():
        lines += ["", f"### {name}", "", docs[name].description, "",
                  "| column | type | description |", "| --- | --- | --- |"]
        lines += [f"| `{column}` | {dtype} | {docs[name].column_docs.get(column, '')} |" for column, dtype in columns]
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
_WEB_ADDRESS = re.compile(r"^https?://[^\s<>]+$", re.IGNORECASE)


def markdown_text(text: str) -> str:
    """Text from an article (a title, a publisher) as plain Markdown text: every character that could
    start a link, an image, HTML or emphasis is escaped, and line breaks become spaces."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def markdown_code(text: str) -> str:
    """Text shown as code: a value that is not a web address is quoted, never linked."""
    text = " ".join(str(text).split()).replace("`", "'")
    return f"`{text}`"


def is_web_address(url: str | None) -> bool:
    """Only http(s) addresses without spaces or angle brackets become links (no javascript:, data:...)."""
    return bool(url) and bool(_WEB_ADDRESS.match(url))


def release_readme(descriptor: dict, folder: Path, articles: pl.DataFrame, include_text: bool,
                   views: list[str]) -> str:
    version = descriptor["version"]
    lines = [
        f"# critmin {version}",
        "",
        f"{descriptor['description']}. Every row points back to the sentence it was read from.",
        "",
        f"Data licence: CC BY 4.0 (`{DATA_LICENSE_FILE}`). Cite it as `{CITATION}` says.",
        "Article text: " + ("included (`article_texts.parquet`; it stays its publishers' copyright, see "
                            f"`{DATA_LICENSE_FILE}`)." if include_text else
                            "not included (rows quote only the evidence sentence; follow `articles.url`)."),
        "",
        "## Files",
        "",
        "| file | rows | size | what |",
        "| --- | ---: | ---: | --- |",
    ]
    for res in descriptor["resources"]:
        lines.append(f"| `{res['path']}` | {res['rows']} | {_size(res['bytes'])} | {res['description']} |")
    lines += [
        f"| `{DATABASE_NAME}` | | {_size((folder / DATABASE_NAME).stat().st_size)} | every table above in one DuckDB "
        "database, with column comments" + (f", and the views {', '.join(f'`{v}`' for v in views)}" if views else "") + " |",
        f"| `{DESCRIPTOR_NAME}` | | | Frictionless Data Package descriptor: every column's type, description and constraints, keys, sources |",
        f"| `{DICTIONARY}` | | | the same, for people |",
        f"| `{CHANGELOG}` | | | rows per table and ids added or removed in each release |",
        f"| `{CHECKSUMS}` | | | SHA-256 of every other file |",
        "",
        "## Use it",
        "",
        "```sh",
        "sha256sum -c SHA256SUMS                 # or: critmin verify .",
        f"duckdb {DATABASE_NAME} -c 'SELECT * FROM meetings'",
        "```",
        "",
        "```python",
        "import duckdb",
        f"con = duckdb.connect('{DATABASE_NAME}', read_only=True)   # tables, not views: works from any folder",
        "print(con.sql('SELECT start_date, city, name FROM meetings ORDER BY start_date'))",
        "duckdb.sql(\"SELECT count(*) FROM 'mineral_restrictions.parquet'\")   # or any Parquet file directly",
        "```",
        "",
        "## Sources",
        "",
        f"The {articles.height} articles this release was read from, by publisher:",
        "",
    ]
    for row in articles.sort("source", "published_date", "title", nulls_last=True).iter_rows(named=True):
        headline = markdown_text(row["title"] or row["source_file"])
        link = f"[{headline}](<{row['url']}>)" if is_web_address(row["url"]) else headline
        link += f" ({markdown_code(row['url'])})" if row["url"] and not is_web_address(row["url"]) else ""
        date = f", {row['published_date'].isoformat()}" if row["published_date"] else ""
        copies = "".join(f", also at <{copy}>" for copy in web_copies(row) if is_web_address(copy))
        lines.append(f"- {markdown_text(row['source'] or 'publisher not stated')}: {link}{date}{copies}")
    return "\n".join(lines) + "\n"


def write_database(folder: Path, descriptor: dict, models: list[SqlModel]) -> dict[str, list[tuple[str, str]]]:
    """The release's DuckDB database: the tables themselves, copied from the release's Parquet files
    (views over them would hold absolute paths of the machine that made them), and every SQL model
    whose tables the release holds as a view, with every description as a comment.

    Returns the views made: their columns and DuckDB types, in order."""

    def literal(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    views = {}
    with duckdb.connect(str(folder / DATABASE_NAME)) as con:
        statements = []
        for res in descriptor["resources"]:
            name = res["name"]
            statements += [f"CREATE TABLE {name} AS SELECT * FROM read_parquet({literal(str(folder / res['path']))})",
                           f"COMMENT ON TABLE {name} IS {literal(res['description'])}"]
            statements += [f"COMMENT ON COLUMN {name}.{field['name']} IS {literal(field['description'])}"
                           for field in res["schema"]["fields"]]
        con.execute("\n;\n".join(statements))  # a line of its own: a query may end in a -- comment
        names = {res["name"] for res in descriptor["resources"]}
        for model in models:  # in dependency order
            if not set(model.reads) <= names:
                continue  # it reads a table left out (article_texts), or a model that does
            statements = [f'CREATE VIEW "{model.name}" AS {model.sql.strip().rstrip(";")}',
                          f'COMMENT ON VIEW "{model.name}" IS {literal(model.description)}']
            statements += [f'COMMENT ON COLUMN "{model.name}"."{column}" IS {literal(doc)}'
                           for column, doc in model.column_docs.items()]
            con.execute("\n;\n".join(statements))
            views[model.name] = con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
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

def make_release(warehouse: Path, version: str | None = None, include_text: bool = False,
                 now: dt.datetime | None = None, sql_dir: Path = SQL_DIR) -> Release:
    """Release the tables of `warehouse` as `<warehouse>/releases/<version>/` and `<version>.zip`.

    Refuses (ReleaseRefused) when the version is not a calendar version or already exists, when a
    table is missing, fails a blocking check (its schema, a SQL data test of `sql_dir`), is empty and
    should not be, or breaks a foreign key. The SQL models of `sql_dir` become views in its database.
    The folder is built under a hidden name and renamed when complete: an existing release folder
    is always whole, and no release ever writes into another one."""
    now = now or dt.datetime.now(dt.timezone.utc)
    releases = warehouse / RELEASES_DIR
    version = version or next_version(releases, now.date())
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

    tables = [t for t in PUBLISHED_TABLES if include_text or t != TEXT_TABLE]
    earlier = [v for v in release_versions(releases) if version_key(v) < version_key(version)]
    previous = earlier[-1] if earlier else None
    previous_folder = releases / previous if previous and (releases / previous).is_dir() else None

    releases.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{version}.", suffix=".partial", dir=releases))
    archive, partial_archive = releases / f"{version}.zip", folder.with_suffix(".zip")
    try:
        resources, rows = [], {}
        for table in tables:
            path = folder / f"{table}.parquet"
            df = write_table(frames[table], PUBLISHED_TABLES[table], path)
            rows[table] = df.height
            resources.append(table_resource(table, PUBLISHED_TABLES[table], path.name, df.height,
                                            path.stat().st_size, sha256(path), tables))
        created = now.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        descriptor = package_descriptor(version, created, resources, article_sources(frames["articles"]))
        (folder / DESCRIPTOR_NAME).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        views = write_database(folder, descriptor, models)
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
        write_archive(folder, version, partial_archive)
        folder.rename(releases / version)
        partial_archive.rename(archive)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        partial_archive.unlink(missing_ok=True)
        raise
    return Release(version=version, folder=releases / version, archive=archive, rows=rows, previous=previous)
