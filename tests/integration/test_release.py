"""Releases made from real builds: the fixture corpus released, one article added, built and released
again; what each release holds, what it refuses, `critmin verify`, and a release read over HTTP."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import http.server
import json
import re
import shutil
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import frictionless
import polars as pl
import pytest
import yaml

from fixture_corpus import Build
from pipeline.assets import build_definitions
from pipeline.assets.release import RELEASE_JOB
from pipeline.cli import main
from pipeline.assets.resources import CritminSettings
from pipeline.warehouse import write_table
from pipeline.release.release import RELEASE_FILES, STORAGE_VERSION
from pipeline.marts.sql_models import MODELS, SQL_DIR, load_models
from schemas import PUBLISHED_TABLES, Articles
from schemas.base import column_descriptions, empty_frame, polars_schema
from schemas.keys import primary_key

pytestmark = pytest.mark.integration

# The article the second corpus adds: a public event of January 2023, in our own words. Its last
# sentence states nothing the extractors read, so it can only reach a release as article text.
NEW_ARTICLE = """---
title: Scholz takes lithium to Santiago
published: 2023-01-30
source: Critmin Test Wire
url: https://news.example.org/2023/01/scholz-boric-lithium
language: en
---
German Chancellor Olaf Scholz met Chilean President Gabriel Boric in Santiago on January 29, 2023.
The two leaders discussed lithium and a closer raw materials partnership.

Reporters waited for the press conference in a courtyard shaded by old lemon trees.
"""
TEXT_ONLY_SENTENCE = "Reporters waited for the press conference in a courtyard shaded by old lemon trees."


def this_month(n: int) -> str:
    today = dt.datetime.now(dt.timezone.utc).date()
    return f"{today.year}.{today.month}.{n}"


def file_states(*paths: Path) -> dict[str, tuple[str, int]]:
    """SHA-256 and modification time of every file at or below `paths`."""
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*")))]
    return {str(f): (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns) for f in files if f.is_file()}


@dataclass(frozen=True)
class Releases:
    home: Path              # the warehouse both releases were made from, in turn
    first: Path
    second: Path
    first_before_second: dict[str, tuple[str, int]]
    corpus_b: Path


@pytest.fixture(scope="module")
def releases(warehouse: Path, build: Build, tmp_path_factory: pytest.TempPathFactory) -> Releases:
    """Corpus A (the session's build) released, then corpus B (A plus NEW_ARTICLE) built by
    `critmin build` into the same warehouse and released: two real releases."""
    home = tmp_path_factory.mktemp("release-home")
    shutil.copytree(warehouse, home, dirs_exist_ok=True, symlinks=True)
    assert main(["release", "--warehouse", str(home)]) == 0
    first = home / "releases" / this_month(0)
    before = file_states(first, first.with_name(first.name + ".zip"))

    corpus_b = tmp_path_factory.mktemp("articles-b")
    shutil.copytree(build.input_dir, corpus_b, dirs_exist_ok=True)
    (corpus_b / "scholz.md").write_text(NEW_ARTICLE, encoding="utf-8")
    assert main(["build", "--input", str(corpus_b), "--warehouse", str(home)]) == 0
    assert main(["release", "--warehouse", str(home)]) == 0
    return Releases(home=home, first=first, second=home / "releases" / this_month(1),
                    first_before_second=before, corpus_b=corpus_b)


def both(releases: Releases) -> list[Path]:
    return [releases.first, releases.second]


def descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def ids(folder: Path, table: str) -> set[str]:
    key = primary_key(PUBLISHED_TABLES[table])
    df = pl.read_parquet(folder / f"{table}.parquet")
    return set(df.select(pl.concat_str([pl.col(c).cast(pl.Utf8) for c in key], separator="/")).to_series())


# What a release holds ----------------------------------------------------------------------------

def test_versions_are_this_month_counted_from_zero(releases: Releases):
    assert sorted(p.name for p in (releases.home / "releases").iterdir()) == sorted(
        [this_month(0), this_month(0) + ".zip", this_month(1), this_month(1) + ".zip", "latest"])
    assert descriptor(releases.first)["version"] == this_month(0)
    assert descriptor(releases.second)["version"] == this_month(1)


def test_latest_points_at_the_newest_release_even_after_an_older_version_is_made(releases: Releases,
                                                                                 tmp_path: Path):
    latest = releases.home / "releases" / "latest"
    assert latest.is_symlink() and latest.resolve() == releases.second.resolve()
    home = shutil.copytree(releases.home, tmp_path / "home", symlinks=True)
    assert main(["release", "--warehouse", str(home), "--version", "2026.1.0"]) == 0
    assert (home / "releases" / "latest").resolve() == (home / "releases" / releases.second.name).resolve()
    assert main(["verify", str(home / "releases" / "latest")]) == 0


def test_descriptors_are_valid_data_packages(releases: Releases):
    for folder in both(releases):
        report = frictionless.Package.validate_descriptor(str(folder / "datapackage.json"))
        assert report.valid, report.flatten(["type", "note"])
        package = frictionless.Package(str(folder / "datapackage.json"))
        assert package.resource_names == [t for t in PUBLISHED_TABLES if t != "article_texts"]
        meetings = package.get_resource("meetings")
        assert meetings.schema.primary_key == ["meeting_id"]
        assert meetings.rows == pl.read_parquet(folder / "meetings.parquet").height


def test_sha256sums_verify(releases: Releases):
    for folder in both(releases):
        listed = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
        files = {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
        assert set(listed) == files
        for name, digest in listed.items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_changelog_names_the_added_ids(releases: Releases):
    changelog = (releases.second / "CHANGELOG.md").read_text(encoding="utf-8")
    added_articles = ids(releases.second, "articles") - ids(releases.first, "articles")
    assert len(added_articles) == 1  # the Scholz article
    assert f"### articles\n\nAdded (1): `{added_articles.pop()}`" in changelog
    for table in PUBLISHED_TABLES:
        if table == "article_texts" or not primary_key(PUBLISHED_TABLES[table]):
            continue
        for added in ids(releases.second, table) - ids(releases.first, table):
            assert f"`{added}`" in changelog, (table, added)
        for removed in ids(releases.first, table) - ids(releases.second, table):
            assert f"`{removed}`" in changelog, (table, removed)
    assert f"## {this_month(1)} (" in changelog and f"Changes since {this_month(0)}" in changelog
    # The history goes on below: the first release's entry, as it was.
    first_entry = (releases.first / "CHANGELOG.md").read_text(encoding="utf-8").split("\n", 2)[2]
    assert changelog.endswith(first_entry)
    assert "| articles | 5 |" in first_entry and "| articles | 6 | 5 | 1 | 0 | 0 |" in changelog


def rows_by_id(folder: Path, table: str) -> dict[str, dict]:
    """Each row of a release table by its id, without the columns that say when critmin read it."""
    key = primary_key(PUBLISHED_TABLES[table])
    out = {}
    for row in pl.read_parquet(folder / f"{table}.parquet").iter_rows(named=True):
        out["/".join(str(row[c]) for c in key)] = {c: v for c, v in row.items() if c not in ("ingested_at", "detected_at")}
    return out


def diff_printed(old: Path, new: Path, capsys: pytest.CaptureFixture) -> dict[str, set[tuple[str, str]]]:
    """What `critmin diff OLD NEW` printed: per table, its (added | removed | changed, id) lines."""
    capsys.readouterr()
    assert main(["diff", str(old), str(new)]) == 0
    reported: dict[str, set[tuple[str, str]]] = {}
    table = None
    for line in capsys.readouterr().out.splitlines():
        if re.fullmatch(r"[a-z_]+:", line):
            table = line[:-1]
        elif table and (m := re.match(r"  (added|removed|changed) +([^:\s]+)", line)):
            reported.setdefault(table, set()).add((m.group(1), m.group(2)))
    return reported


def compared(old: Path, new: Path) -> dict[str, set[tuple[str, str]]]:
    """The same, by comparing every row of every keyed table directly."""
    expected: dict[str, set[tuple[str, str]]] = {}
    for name in PUBLISHED_TABLES:
        if name == "article_texts" or not primary_key(PUBLISHED_TABLES[name]):
            continue
        before, after = rows_by_id(old, name), rows_by_id(new, name)
        found = {("added", i) for i in after.keys() - before.keys()} | {("removed", i) for i in before.keys() - after.keys()}
        found |= {("changed", i) for i in after.keys() & before.keys() if after[i] != before[i]}
        if found:
            expected[name] = found
    return expected


def test_diff_reports_exactly_the_ids_that_differ(releases: Releases, tmp_path: Path, capsys: pytest.CaptureFixture):
    expected = compared(releases.first, releases.second)
    assert diff_printed(releases.first, releases.second, capsys) == expected
    assert expected["articles"] == {("added", a) for a in ids(releases.second, "articles") - ids(releases.first, "articles")}
    changelog = (releases.second / "CHANGELOG.md").read_text(encoding="utf-8")
    for name, found in expected.items():  # the CHANGELOG counts the same
        counts = [sum(1 for kind, _ in found if kind == k) for k in ("added", "removed", "changed")]
        assert f"| {name} | " in changelog and f" | {counts[0]} | {counts[1]} | {counts[2]} |" in changelog
    # Rows changed in place: a meeting renamed, a person given one more spelling, a meeting dropped.
    edited = shutil.copytree(releases.second, tmp_path / "edited")
    meetings = pl.read_parquet(edited / "meetings.parquet")
    meetings = meetings.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("Renamed talks"))
                                     .otherwise(pl.col("name")).alias("name")).slice(0, meetings.height - 1)
    meetings.write_parquet(edited / "meetings.parquet")
    people = pl.read_parquet(edited / "people.parquet")
    people.with_columns(pl.when(pl.int_range(pl.len()) == 1).then(pl.col("aliases").list.concat(pl.lit(["A. Nother"])))
                        .otherwise(pl.col("aliases")).alias("aliases")).write_parquet(edited / "people.parquet")
    expected = compared(releases.second, edited)
    assert sorted(kind for found in expected.values() for kind, _ in found) == ["changed", "changed", "removed"]
    assert diff_printed(releases.second, edited, capsys) == expected


def test_diff_refuses_a_folder_that_is_no_release(releases: Releases, tmp_path: Path, capsys: pytest.CaptureFixture):
    assert main(["diff", str(tmp_path), str(releases.second)]) == 2
    assert "no datapackage.json, so not a critmin release folder" in capsys.readouterr().err


def test_dictionary_lists_every_column_with_its_description(releases: Releases):
    for folder in both(releases):
        dictionary = (folder / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
        for table in descriptor(folder)["resources"]:
            name = table["name"]
            section = dictionary.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
            for column, description in column_descriptions(PUBLISHED_TABLES[name]).items():
                assert f"| `{column}` |" in section and description.replace("|", "\\|") in section, (name, column)


def test_second_release_did_not_modify_the_first(releases: Releases):
    assert file_states(releases.first, releases.first.with_name(releases.first.name + ".zip")) == \
        releases.first_before_second


def test_article_text_is_left_out_unless_asked(releases: Releases, tmp_path: Path):
    folder = releases.second
    assert not (folder / "article_texts.parquet").exists()
    with duckdb.connect(str(folder / "critmin.duckdb"), read_only=True) as con:
        assert "article_texts" not in {r[0] for r in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
    for table in descriptor(folder)["resources"]:
        df = pl.read_parquet(folder / table["path"])
        for column in [c for c, t in df.schema.items() if t == pl.Utf8]:
            assert not df[column].str.contains(TEXT_ONLY_SENTENCE, literal=True).any(), (table["name"], column)

    home = tmp_path / "warehouse"
    shutil.copytree(releases.home, home, ignore=shutil.ignore_patterns("releases"), symlinks=True)
    assert main(["release", "--warehouse", str(home), "--version", "2026.1.0", "--include-text"]) == 0
    with_text = home / "releases" / "2026.1.0"
    bodies = pl.read_parquet(with_text / "article_texts.parquet")["body"]
    assert bodies.str.contains(TEXT_ONLY_SENTENCE, literal=True).sum() == 1
    assert "article_texts" in [r["name"] for r in descriptor(with_text)["resources"]]
    assert "NOT licensed under CC BY 4.0" in (with_text / "LICENSE-DATA").read_text()


def test_release_states_its_licence_sources_and_citation(releases: Releases):
    folder = releases.second
    package = descriptor(folder)
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                    "title": "Creative Commons Attribution 4.0 International"}]
    assert {"title": "Critmin Test Desk: China puts chip metals under licence",
            "path": "https://news.example.org/2023/07/china-gallium-germanium"} in package["sources"]
    assert {"title": "Critmin Test Wire: Scholz takes lithium to Santiago",
            "path": "https://news.example.org/2023/01/scholz-boric-lithium"} in package["sources"]
    assert len(package["sources"]) == 6  # one per article
    assert "(CC BY 4.0)" in (folder / "LICENSE-DATA").read_text()
    assert "Critmin Test Wire: [Scholz takes lithium to Santiago](<https://news.example.org/2023/01/scholz-boric-lithium>)" \
        in (folder / "README.md").read_text()
    citation = yaml.safe_load((folder / "CITATION.cff").read_text())
    assert (citation["cff-version"], citation["type"], citation["version"], citation["license"]) == (
        "1.2.0", "dataset", this_month(1), "CC-BY-4.0")
    assert citation["authors"] == [{"name": "The critmin contributors"}]


def test_release_database_holds_the_tables_and_answers_from_any_folder(releases: Releases, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # tables, not views over paths: the folder it is opened from does not matter
    folder = releases.second
    with duckdb.connect(str(folder / "critmin.duckdb"), read_only=True) as con:
        for table in descriptor(folder)["resources"]:
            count = con.execute(f"SELECT count(*) FROM {table['name']}").fetchall()[0][0]
            assert count == table["rows"] == pl.read_parquet(folder / table["path"]).height
        comments = dict(con.sql("SELECT column_name, comment FROM duckdb_columns() "
                                "WHERE table_name = 'meetings'").fetchall())
    assert comments == column_descriptions(PUBLISHED_TABLES["meetings"])


def test_release_database_is_written_in_a_storage_format_duckdb_1_reads(releases: Releases):
    # DuckDB 1.x refuses a file in 2.0's own format ("version number 999"); the 1.0 format it reads.
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{releases.second / 'critmin.duckdb'}' AS release (READ_ONLY)")
        tags = con.execute("SELECT tags FROM duckdb_databases() WHERE database_name = 'release'").fetchall()
    assert tags == [({"storage_version": f"{STORAGE_VERSION}+"},)] and STORAGE_VERSION == "v1.0.0"
    assert "storage format of DuckDB 1.0" in (releases.second / "README.md").read_text(encoding="utf-8")


def test_release_database_holds_the_sql_models_as_views(releases: Releases, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    folder = releases.second
    models = load_models(SQL_DIR / MODELS)
    assert models, "no SQL model to check"
    dictionary = (folder / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    with duckdb.connect(str(folder / "critmin.duckdb"), read_only=True) as con:
        views = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
        for model in models:
            assert views[model.name] == model.description
            assert f"\n### {model.name}\n" in dictionary
            # the same rows the build's own result has
            result = pl.read_parquet(releases.home / "current" / f"{model.name}.parquet")
            assert con.execute(f'SELECT count(*) FROM "{model.name}"').fetchall() == [(result.height,)]
            # and as a Parquet file of its own, the same rows
            mart = pl.read_parquet(folder / f"{model.name}.parquet")
            assert mart.height == result.height and mart.columns == result.columns
            assert f"| `{model.name}.parquet` | {result.height} |" in (folder / "README.md").read_text(encoding="utf-8")


def test_release_database_answers_what_is_in_force_like_the_warehouse(releases: Releases, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    query = "SELECT * FROM restrictions_in_force(DATE '2024-01-01') ORDER BY restriction_id"
    with duckdb.connect(str(releases.second / "critmin.duckdb"), read_only=True) as con:
        released = con.execute(query).fetchall()
    with duckdb.connect(str(releases.home / "critmin.duckdb"), read_only=True) as con:
        built = con.execute(query).fetchall()
    assert released == built
    assert {row[5] for row in released} == {"in_force"}  # the fixture's 2023 gallium and germanium controls
    assert "### restrictions_in_force(d)" in (releases.second / "DATA_DICTIONARY.md").read_text(encoding="utf-8")


# What a release refuses ----------------------------------------------------------------------------

@pytest.fixture
def fresh_warehouse(warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the session's built warehouse, with no release yet, to break on purpose."""
    home = tmp_path / "warehouse"
    shutil.copytree(warehouse, home, symlinks=True)
    return home


def test_refuses_a_version_that_exists(releases: Releases, capsys: pytest.CaptureFixture):
    before = file_states(releases.home / "releases")
    assert main(["release", "--warehouse", str(releases.home), "--version", this_month(0)]) == 1
    err = capsys.readouterr().err
    assert f"version {this_month(0)} already exists" in err
    assert file_states(releases.home / "releases") == before


def test_refuses_a_version_that_is_not_a_calendar_version(fresh_warehouse: Path, capsys: pytest.CaptureFixture):
    assert main(["release", "--warehouse", str(fresh_warehouse), "--version", "1.0"]) == 1
    assert "'1.0' is not a calendar version YEAR.MONTH.N" in capsys.readouterr().err


def test_refuses_a_table_that_fails_its_blocking_checks(fresh_warehouse: Path, capsys: pytest.CaptureFixture):
    """Two defects in meetings: every format 'trilateral' (the schema check fails) and one meeting
    ending the day before it starts (only the SQL data test fails: the schema allows it)."""
    path = fresh_warehouse / "current" / "meetings.parquet"
    meetings = pl.read_parquet(path)
    first = meetings.filter(pl.col("start_date").is_not_null()).row(0, named=True)
    ends_early = pl.when(pl.col("meeting_id") == first["meeting_id"]).then(pl.col("start_date") - dt.timedelta(days=1))
    meetings.with_columns(ends_early.otherwise(pl.col("end_date")).alias("end_date"),
                          pl.lit("trilateral").alias("meeting_format")).write_parquet(path)
    assert main(["release", "--warehouse", str(fresh_warehouse)]) == 1
    err = capsys.readouterr().err
    assert f"meetings: the blocking check meetings:matches_schema fails on {meetings.height} values" in err
    assert "meeting_format isin" in err and "'trilateral'" in err
    assert "meetings: the blocking check meetings:meetings_end_not_before_start finds 1 offending rows" in err
    assert f"'meeting_id': '{first['meeting_id']}'" in err
    assert "dbt_like_sql/tests/meetings_end_not_before_start.sql" in err
    assert err.count("make ui") == 2  # where to see every failure of each check
    assert not (fresh_warehouse / "releases").exists() or not any((fresh_warehouse / "releases").iterdir())


def test_refuses_an_empty_articles_table(fresh_warehouse: Path, capsys: pytest.CaptureFixture):
    write_table(empty_frame(Articles), Articles, fresh_warehouse / "current" / "articles.parquet")
    assert main(["release", "--warehouse", str(fresh_warehouse)]) == 1
    err = capsys.readouterr().err
    assert "articles: the table is empty, and a release needs countries, minerals, articles to have rows" in err
    mentioned = pl.read_parquet(fresh_warehouse / "current" / "meeting_mentions.parquet")["article_id"].n_unique()
    assert f"meeting_mentions.article_id: {mentioned} values not in articles.article_id" in err


def test_refuses_a_warehouse_that_was_not_built(tmp_path: Path, capsys: pytest.CaptureFixture):
    assert main(["release", "--warehouse", str(tmp_path)]) == 1
    assert f"{tmp_path}: no build has been published here; run `critmin build" in capsys.readouterr().err


# critmin verify ------------------------------------------------------------------------------------

def test_verify_accepts_both_releases_and_their_zips(releases: Releases, capsys: pytest.CaptureFixture):
    for folder in both(releases):
        assert main(["verify", str(folder)]) == 0
        assert main(["verify", str(folder) + ".zip"]) == 0
    out = capsys.readouterr().out
    tables = len(PUBLISHED_TABLES) - 1  # article_texts left out
    marts = len(load_models(SQL_DIR / MODELS))  # each SQL model as Parquet too
    files = tables + marts + len(RELEASE_FILES) - 1  # every file but SHA256SUMS itself
    assert f"{releases.second}: OK: {files} files match SHA256SUMS, datapackage.json is a valid Data Package, " \
           f"{tables} Parquet files match their schemas in it" in out


def test_verify_names_the_parquet_file_with_one_byte_changed(releases: Releases, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture):
    copy = shutil.copytree(releases.first, tmp_path / "release")
    path = copy / "meetings.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    assert main(["verify", str(copy)]) == 1
    err = capsys.readouterr().err
    assert f"critmin verify: {copy}: FAILED (1 problems)" in err
    assert "meetings.parquet: SHA-256 is " in err and "the file was changed or damaged after the release was made" in err


def test_verify_names_a_missing_file_and_an_invalid_descriptor(releases: Releases, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture):
    copy = shutil.copytree(releases.first, tmp_path / "release")
    (copy / "people.parquet").unlink()
    package = descriptor(copy)
    package["resources"][0]["schema"]["fields"][0]["type"] = "text"
    (copy / "datapackage.json").write_text(json.dumps(package))
    sums = (copy / "SHA256SUMS").read_text().splitlines()
    digest = hashlib.sha256((copy / "datapackage.json").read_bytes()).hexdigest()
    (copy / "SHA256SUMS").write_text("".join(
        (f"{digest}  datapackage.json" if line.endswith("  datapackage.json") else line) + "\n" for line in sums))
    assert main(["verify", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "people.parquet: listed in SHA256SUMS but missing" in err
    assert 'datapackage.json: not a valid Data Package (field-error): field type "text" is not supported' in err


# A release where it lies: over HTTP ----------------------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


@pytest.fixture
def served(releases: Releases):
    """The releases folder served over HTTP on a free port of 127.0.0.1, as a download site would."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(releases.home / "releases")))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_verify_a_release_at_a_url(served: str, capsys: pytest.CaptureFixture):
    assert main(["verify", f"{served}/{this_month(1)}/"]) == 0
    assert main(["verify", f"{served}/{this_month(1)}.zip"]) == 0
    assert main(["verify", f"{served}/{this_month(9)}/"]) == 1
    assert "SHA256SUMS: cannot download it from" in capsys.readouterr().err


def test_query_a_release_downloaded_over_http(served: str, releases: Releases, tmp_path: Path):
    """DuckDB reads URLs through its httpfs extension, which it downloads from its own site at first
    use: not reachable here, and no PyPI package carries it for our DuckDB (README, 'Releases').
    So the test downloads the files over HTTP, as a user without httpfs would, then queries them."""
    for table in ("meetings", "meeting_participants"):
        urllib.request.urlretrieve(f"{served}/{this_month(1)}/{table}.parquet", tmp_path / f"{table}.parquet")
    query = ("SELECT count(DISTINCT m.meeting_id) FROM '{0}/meetings.parquet' m "
             "JOIN '{0}/meeting_participants.parquet' p USING (meeting_id) WHERE p.participant_kind = 'country'")
    assert duckdb.execute(query.format(tmp_path)).fetchall() == duckdb.execute(query.format(releases.second)).fetchall()
    assert duckdb.execute(query.format(tmp_path)).fetchall()[0][0] >= 2  # Yellen and He in Beijing, Scholz and Boric


def _httpfs_error() -> str | None:
    try:
        duckdb.connect(config={"autoinstall_known_extensions": False}).execute("LOAD httpfs")
        return None
    except duckdb.Error as err:
        return str(err).splitlines()[0]


HTTPFS_ERROR = _httpfs_error()


@pytest.mark.skipif(HTTPFS_ERROR is not None, reason=f"DuckDB's httpfs cannot be loaded here: {HTTPFS_ERROR}")
def test_duckdb_reads_a_release_at_a_url(served: str, releases: Releases):
    url = f"{served}/{this_month(1)}/meetings.parquet"
    con = duckdb.connect()
    con.execute("LOAD httpfs")
    rows = {r["name"]: r["rows"] for r in descriptor(releases.second)["resources"]}
    assert con.execute(f"SELECT count(*) FROM '{url}'").fetchall() == [(rows["meetings"],)]


# The same release as a Dagster job ----------------------------------------------------------------

def test_release_job_makes_a_release_and_refuses_an_existing_version(fresh_warehouse: Path):
    settings = CritminSettings(input_dir=str(fresh_warehouse), warehouse_dir=str(fresh_warehouse))
    job = build_definitions(settings).resolve_job_def(RELEASE_JOB)
    config = {"ops": {"release": {"config": {"version": "2026.2.0"}}}}
    with dg.DagsterInstance.ephemeral() as instance:
        made = job.execute_in_process(run_config=config, instance=instance)
        again = job.execute_in_process(run_config=config, instance=instance, raise_on_error=False)
    assert made.success
    metadata = made.asset_materializations_for_node("release")[0].metadata
    assert metadata["version"].value == "2026.2.0"
    assert main(["verify", str(fresh_warehouse / "releases" / "2026.2.0")]) == 0
    assert not again.success
    failure = next(e for e in again.all_events if e.is_step_failure).event_specific_data.error.message
    assert "version 2026.2.0 already exists" in failure


def test_refuses_a_damaged_parquet_file_with_a_message(fresh_warehouse: Path, capsys: pytest.CaptureFixture):
    path = fresh_warehouse / "current" / "people.parquet"
    path.write_bytes(path.read_bytes()[:100])
    assert main(["release", "--warehouse", str(fresh_warehouse)]) == 1
    err = capsys.readouterr().err
    assert f"/{path.name}: cannot be read as Parquet (" in err and "the file is damaged: run `critmin build` again" in err
    assert "Traceback" not in err
