"""overview.html of a real release, opened from disk in headless Chromium with the network off: every
chart drawn, no script error, one mark per row of the query behind it. Also `critmin serve`."""

from __future__ import annotations

import threading
import urllib.request
from pathlib import Path

import duckdb
import pytest

from pipeline.release.diff import diff_releases
from pipeline.release.overview import MEETINGS_SQL, PAIRS_SQL, TIMELINE_SQL, release_server
from pipeline.warehouse import PROJECT_ROOT
from test_release import Releases, releases  # noqa: F401 - the two real releases of test_release.py

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
COUNT_CHARTS = """() => [...document.querySelectorAll('section[data-chart]')].map(s => {
    const div = s.querySelector('.plotly-graph-div');
    return {id: s.dataset.chart, rows: Number(s.dataset.rows), svg: s.querySelectorAll('svg.main-svg').length,
            points: div.data.reduce((n, t) => n + (t.x ? t.x.length : 0), 0),
            marks: s.querySelectorAll('g.point').length};
})"""


def query_rows(folder: Path, previous: Path) -> dict[str, int]:
    """The rows each chart's query gives, run here on the release's own database and diff."""
    with duckdb.connect(str(folder / "critmin.duckdb"), read_only=True) as con:
        rows = {chart: len(con.execute(sql).fetchall()) for chart, sql in
                (("restriction-timeline", TIMELINE_SQL), ("meetings-per-month", MEETINGS_SQL),
                 ("country-pairs", PAIRS_SQL))}
    rows["changes"] = sum(bool(n) for d in diff_releases(previous, folder) if d.keyed
                          for n in (len(d.added), len(d.removed), len(d.changed)))
    return rows


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: apt-get install chromium "
                                                  "(.ci/run does) to run the browser test")
def test_overview_draws_every_chart_offline_with_one_mark_per_query_row(releases: Releases,  # noqa: F811
                                                                         tmp_path: Path):
    from playwright.sync_api import sync_playwright

    folder = releases.second
    errors: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_context(offline=True, viewport={"width": 1300, "height": 900}).new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((folder / "overview.html").as_uri(), wait_until="load")
            page.wait_for_function("document.querySelectorAll('section[data-chart] svg.main-svg').length >= 4",
                                   timeout=30_000)
            charts = page.evaluate(COUNT_CHARTS)
            page.screenshot(path=str(ARTIFACTS / "release_overview.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    expected = query_rows(folder, releases.first)
    assert [c["id"] for c in charts] == list(expected)
    for chart in charts:
        assert chart["svg"] >= 1 and chart["rows"] == expected[chart["id"]] > 0, chart
        assert chart["points"] == chart["marks"] == chart["rows"], chart


def test_serve_gives_the_release_on_localhost(releases: Releases):  # noqa: F811
    server = release_server(releases.second, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/overview.html", timeout=10) as response:
            assert response.read() == (releases.second / "overview.html").read_bytes()
    finally:
        server.shutdown()
        server.server_close()


def test_serve_refuses_a_folder_that_is_no_release(tmp_path: Path, capsys: pytest.CaptureFixture):
    from pipeline.cli import main

    assert main(["serve", str(tmp_path), "--port", "0"]) == 2
    assert "no overview.html, so not a release folder" in capsys.readouterr().err
