"""The questions in README.md run on a fresh build of the sample corpus and print exactly the output the
README shows; `critmin build` prints the marts' row counts.

When extraction changes the sample output on purpose, refresh the README's outputs with
`CRITMIN_UPDATE_README=1 .venv/bin/pytest tests/integration/test_readme_queries.py`, then read the diff."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.warehouse import DATABASE_NAME, PROJECT_ROOT, mart_path
from pipeline.marts.sql_models import MODELS, SQL_DIR, load_models
from pipeline.release.documents import release_tree
from pipeline.release.release import make_release

pytestmark = pytest.mark.integration

README = PROJECT_ROOT / "README.md"
SECTION = "## Questions the data answers"
# A question's SQL block, then the block with its output.
EXAMPLE = re.compile(r"```sql\n(?P<sql>.*?)\n```\n\n```\n(?P<output>.*?)\n```", re.S)


def section_bounds(text: str) -> tuple[int, int]:
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return start, len(text) if end == -1 else end


def examples(text: str) -> list[re.Match]:
    start, end = section_bounds(text)
    return list(EXAMPLE.finditer(text, start, end))


def render(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """What `print(con.sql(sql))` shows, without trailing spaces (editors strip them from the README)."""
    return "\n".join(line.rstrip() for line in str(con.sql(sql)).strip("\n").splitlines())


def test_readme_has_nine_questions_with_sql_and_output():
    found = examples(README.read_text(encoding="utf-8"))
    assert len(found) == 9
    assert all(m["sql"].strip() and m["output"].strip() for m in found)


def test_readme_queries_return_the_rows_shown(sample_build: tuple[Path, str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch):
    warehouse, _ = sample_build
    monkeypatch.chdir(tmp_path)  # the database answers from any folder
    text = README.read_text(encoding="utf-8")
    found = examples(text)
    with duckdb.connect(str(warehouse / DATABASE_NAME), read_only=True) as con:
        actual = [render(con, m["sql"]) for m in found]
    if os.environ.get("CRITMIN_UPDATE_README"):
        for m, output in reversed(list(zip(found, actual))):
            text = text[:m.start("output")] + output + text[m.end("output"):]
        README.write_text(text, encoding="utf-8")
        return
    for m, output in zip(found, actual):
        shown = "\n".join(line.rstrip() for line in m["output"].splitlines())
        assert output == shown, (
            f"README.md shows other output for\n{m['sql']}\n(refresh: CRITMIN_UPDATE_README=1 .venv/bin/pytest "
            f"{Path(__file__).relative_to(PROJECT_ROOT)})")


def test_build_prints_every_mart_with_its_row_count(sample_build: tuple[Path, str]):
    warehouse, printed = sample_build
    for model in load_models(SQL_DIR / MODELS):
        path = mart_path(warehouse / "current", model.name)
        rows = pl.read_parquet(path).height
        assert re.search(rf"^{model.name}\s+{rows}\s+{re.escape(str(path))}$", printed, re.M), (model.name, printed)
        assert rows > 0, f"{model.name} is empty on the sample corpus"


RELEASE_LISTING = re.compile(r"as `critmin release` lists it[^`]*(?:`[^`]*`[^`]*)*?\n```\n"
                             r"(?P<tree>warehouse/releases/latest/(?:\n[├└].*)*)\n```")


def test_readme_lists_the_files_of_a_real_release_of_the_sample(sample_build: tuple[Path, str], tmp_path: Path):
    warehouse = shutil.copytree(sample_build[0], tmp_path / "warehouse", symlinks=True)
    made = make_release(warehouse)
    assert (warehouse / "releases" / "latest").resolve() == made.folder.resolve()
    actual = release_tree(warehouse / "releases" / "latest", "warehouse/releases/latest/", list(made.views))
    text = README.read_text(encoding="utf-8")
    shown = RELEASE_LISTING.search(text)
    assert shown, "README.md has no release listing after 'as `critmin release` lists it'"
    if os.environ.get("CRITMIN_UPDATE_README"):
        README.write_text(text[:shown.start("tree")] + actual + text[shown.end("tree"):], encoding="utf-8")
        return
    assert shown["tree"] == actual, f"README.md lists other release files (refresh: CRITMIN_UPDATE_README=1 " \
                                    f".venv/bin/pytest {Path(__file__).relative_to(PROJECT_ROOT)})"


QUALITY_COMMITTED = Path(__file__).with_name("quality-committed.yaml")
SCREENSHOT = PROJECT_ROOT / "warehouse" / "sample" / "overview.png"
CHROMIUM = Path("/usr/bin/chromium")
QUALITY_TABLE = re.compile(r"^\| corpus \| meetings P/R/F1 .*?(?=\n\n)", re.S | re.M)
README_QUALITY = re.compile(r"QUALITY\.md`, first table.*?\n\n(?P<table>\| corpus \| meetings P/R/F1 .*?)(?=\n\n)",
                            re.S)


def shoot(page_file: Path, png: Path) -> None:
    """A screenshot of a release's overview.html, opened from disk in headless Chromium, offline."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_context(offline=True, viewport={"width": 1100, "height": 800}).new_page()
            page.goto(page_file.as_uri(), wait_until="load")
            page.wait_for_function("document.querySelectorAll('section[data-chart] svg.main-svg').length >= 4",
                                   timeout=30_000)
            page.screenshot(path=str(png), full_page=True)
        finally:
            browser.close()


def test_readme_shows_the_quality_table_and_overview_of_a_real_sample_release(sample_build: tuple[Path, str],
                                                                               tmp_path: Path):
    warehouse = shutil.copytree(sample_build[0], tmp_path / "warehouse", symlinks=True)
    made = make_release(warehouse, quality=QUALITY_COMMITTED)
    actual = QUALITY_TABLE.search((made.folder / "QUALITY.md").read_text(encoding="utf-8"))[0]
    assert actual.count("\n") == 6  # header, rule, and the five committed corpora
    text = README.read_text(encoding="utf-8")
    shown = README_QUALITY.search(text)
    assert shown, "README.md has no QUALITY.md table after 'QUALITY.md`, first table'"
    if os.environ.get("CRITMIN_UPDATE_README"):
        README.write_text(text[:shown.start("table")] + actual + text[shown.end("table"):], encoding="utf-8")
        shoot(made.folder / "overview.html", SCREENSHOT)
        return
    assert shown["table"] == actual, f"README.md shows another QUALITY.md table (refresh: CRITMIN_UPDATE_README=1 " \
                                     f".venv/bin/pytest {Path(__file__).relative_to(PROJECT_ROOT)})"
    assert f"]({SCREENSHOT.relative_to(PROJECT_ROOT)})" in text
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
