"""What is in force on a date: a small corpus of our own articles built through `critmin build`, then
the `restrictions_in_force(d)` macro of the warehouse's DuckDB database asked about several days, and
the per-measure restriction_timeline mart. The statuses are those a careful reader of the five articles
would give."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main

ARTICLES = {
    "gallium-ban.md": ("2024-12-04", "China bans gallium sales to US",
                       "China banned exports of gallium to the United States on December 3, 2024, a day after "
                       "Washington widened its chip curbs."),
    "gallium-pause.md": ("2025-11-10", "China pauses gallium ban",
                         "China suspended its ban on gallium exports to the United States on November 9, 2025, "
                         "until November 27, 2026."),
    "tungsten-licences.md": ("2026-02-11", "Tungsten licences from 2027",
                             "Beijing said on February 10 that export licences for tungsten would be required from "
                             "1 January 2027."),
    # the same measure told the next day by its start only: it must stay one measure
    "tungsten-brief.md": ("2026-02-12", "China to require tungsten export licences from 2027",
                          "China will require licences for exports of tungsten from 2027, traders said."),
    "guinea-bauxite.md": ("2025-10-15", "Guinea swaps bauxite halt for quota",
                          "Guinea halted bauxite exports on 3 March 2025. On 14 October 2025 it replaced the halt "
                          "with an export quota for 2026."),
    "malaysia-background.md": ("2026-03-02", "Rare earth processing in Malaysia",
                               "Malaysia has long kept a ban on exports of raw rare earths, officials in Kuala Lumpur "
                               "said. Processors there want more ore from abroad."),
}


def _article(published: str, title: str, body: str, name: str) -> str:
    return (f"---\ntitle: {title}\npublished: {published}\nsource: Critmin Test Desk\n"
            f"url: https://news.example.org/in-force/{name}\nlanguage: en\n---\n{body}\n")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = tmp_path_factory.mktemp("in_force_articles")
    for name, (published, title, body) in ARTICLES.items():
        (articles / name).write_text(_article(published, title, body, name.removesuffix(".md")), encoding="utf-8")
    warehouse = tmp_path_factory.mktemp("in_force_warehouse")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["build", "--input", str(articles), "--warehouse", str(warehouse)])
    assert code == 0, printed.getvalue()
    return warehouse / "critmin.duckdb"


def statuses(database: Path, day: str) -> dict[tuple, str]:
    """(imposer, target, mineral, measure) -> status on `day`."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("SELECT imposing_iso3, target_iso3, mineral_id, measure, status "
                           "FROM restrictions_in_force(CAST(? AS DATE))", [day]).fetchall()
    return {row[:4]: row[4] for row in rows}


GALLIUM = ("CHN", "USA", "gallium", "export_prohibition")
HALT = ("GIN", None, "bauxite", "export_prohibition")
QUOTA = ("GIN", None, "bauxite", "export_quota")
TUNGSTEN = ("CHN", None, "tungsten", "licensing_requirement")
MALAYSIA = ("MYS", None, "rare_earth_elements", "export_prohibition")


@pytest.mark.parametrize(("day", "expected"), [
    # before any announcement nothing is known
    ("2024-06-01", {}),
    ("2025-01-01", {GALLIUM: "in_force"}),
    ("2025-05-01", {GALLIUM: "in_force", HALT: "in_force"}),
    # the quota replaced the halt; the gallium ban is paused
    ("2026-01-01", {GALLIUM: "suspended", HALT: "lifted", QUOTA: "in_force"}),
    # the tungsten licences are announced but not yet in force; Malaysia's ban, reported on 2 March
    # with no date, is known from then on and never counted as in force
    ("2026-03-01", {GALLIUM: "suspended", HALT: "lifted", QUOTA: "in_force", TUNGSTEN: "announced"}),
    ("2026-03-02", {GALLIUM: "suspended", HALT: "lifted", QUOTA: "in_force", TUNGSTEN: "announced",
                    MALAYSIA: "undated"}),
    # the pause ran to 27 November 2026 included: the ban is back in force the day after
    ("2026-11-27", {GALLIUM: "suspended", HALT: "lifted", QUOTA: "in_force", TUNGSTEN: "announced",
                    MALAYSIA: "undated"}),
    ("2026-11-28", {GALLIUM: "in_force", HALT: "lifted", QUOTA: "in_force", TUNGSTEN: "announced",
                    MALAYSIA: "undated"}),
    # the 2026 quota ran out with its year; the licences started on 1 January
    ("2027-01-01", {GALLIUM: "in_force", HALT: "lifted", QUOTA: "expired", TUNGSTEN: "in_force",
                    MALAYSIA: "undated"}),
])
def test_restrictions_in_force_gives_each_measure_its_status_on_the_day(database, day, expected):
    assert statuses(database, day) == expected


def test_no_measure_is_in_force_without_a_date(database):
    with duckdb.connect(str(database), read_only=True) as con:
        undated = con.execute("SELECT count(*) FROM restrictions_in_force(DATE '2030-01-01') AS f "
                              "JOIN mineral_restrictions USING (restriction_id) "
                              "WHERE f.status = 'in_force' AND coalesce(effective_date, announced_date) IS NULL"
                              ).fetchone()[0]
    assert undated == 0


def test_the_timeline_has_one_row_per_measure_with_its_later_steps(database):
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("SELECT mineral_id, measure, step_count, latest_step, status, status_date, next_change "
                           "FROM restriction_timeline ORDER BY mineral_id, measure").fetchall()
    by_measure = {(r[0], r[1]): r[2:] for r in rows}
    status_day = rows[0][5]
    assert str(status_day) == "2026-03-02"  # the newest report
    assert by_measure[("gallium", "export_prohibition")][:3] == (2, "suspended", "suspended")
    assert str(by_measure[("gallium", "export_prohibition")][4]) == "2026-11-28"
    assert by_measure[("bauxite", "export_prohibition")][:3] == (2, "lifted", "lifted")
    assert by_measure[("bauxite", "export_quota")][:3] == (1, "imposed", "in_force")
    assert by_measure[("tungsten", "licensing_requirement")][2] == "announced"
    tungsten = [r for r in rows if r[0] == "tungsten"]
    assert len(tungsten) == 1  # the brief's "from 2027" joined the measure announced on 10 February


@pytest.mark.parametrize("day", ["2023-01-01", "2024-06-01", "2025-06-01", "2026-01-01", "2026-12-04", "2028-01-01"])
def test_on_the_sample_no_measure_is_in_force_before_it_starts_after_a_lifting_or_without_a_date(sample_build, day):
    warehouse, _ = sample_build
    with duckdb.connect(str(warehouse / "critmin.duckdb"), read_only=True) as con:
        (known,) = con.execute("SELECT count(*) FROM restrictions_in_force(CAST(? AS DATE))", [day]).fetchone()
        wrong = con.execute("""
            SELECT f.restriction_id, f.status
            FROM restrictions_in_force(CAST(? AS DATE)) AS f
            JOIN mineral_restrictions AS m USING (restriction_id)
            WHERE f.status = 'in_force' AND (
                coalesce(m.effective_date, m.announced_date) IS NULL
                OR coalesce(m.effective_date, m.announced_date) > CAST(? AS DATE)
                OR EXISTS (SELECT 1 FROM mineral_restrictions AS l
                           WHERE l.suspends_restriction_id = m.restriction_id AND l.action = 'lifted'
                             AND coalesce(l.effective_date, l.announced_date, l.first_reported_date) <= CAST(? AS DATE)))
            """, [day, day, day]).fetchall()
    assert wrong == []
    assert known > 0  # Indonesia's nickel ban (2020) is known on every one of these days
