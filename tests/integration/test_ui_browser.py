"""The asset graph page of the real Dagster UI in headless Chromium: the system's /usr/bin/chromium,
driven by Playwright. The screenshot is kept in test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagster_ui import DagsterUI
from pipeline.warehouse import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
# Without the background-networking flags Chromium keeps calling Google's hosts, which this network refuses.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
# One group's graph: every node is drawn large enough to carry its name; the window is tall enough for
# the whole group, because the graph only draws the nodes inside the window.
GROUP_ASSETS = {"ingest": ["articles", "article_texts", "rejected_inputs"],
                "resolve": ["meetings", "people", "mineral_restrictions"]}


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: apt-get install chromium "
                                                  "(.ci/run does) to run the browser test")
@pytest.mark.parametrize("group", sorted(GROUP_ASSETS))
def test_the_asset_graph_page_shows_the_assets(dagster_ui: DagsterUI, tmp_path: Path, group: str):
    from playwright.sync_api import sync_playwright

    url = f"{dagster_ui.url}/locations/{dagster_ui.location}/asset-groups/{group}"
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / f"asset_graph_{group}.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": 1600, "height": 3200})
        try:
            page = browser.new_page()
            page.goto(url, wait_until="domcontentloaded", timeout=60_000)
            try:
                for name in GROUP_ASSETS[group]:
                    page.get_by_text(name, exact=True).first.wait_for(state="visible", timeout=60_000)
                page.wait_for_load_state("networkidle", timeout=30_000)
            finally:  # the screenshot also shows what went wrong
                page.screenshot(path=str(screenshot), full_page=True)
            text = page.inner_text("body")
        finally:
            browser.close()
    for name in GROUP_ASSETS[group]:
        assert name in text, f"{name} is not on {url}"
    assert screenshot.stat().st_size > 10_000
