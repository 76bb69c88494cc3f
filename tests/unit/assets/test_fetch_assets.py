"""The fetch stage in Dagster: raw_snapshots runs before ingest in its own group, fetches the settings'
sources file (here from a site the test starts on 127.0.0.1), and the feed sensor is off until switched on."""

from __future__ import annotations

import dagster as dg
import pytest

from news_server import start_site
from pipeline.assets import build_definitions
from pipeline.assets.fetch import FETCH_GROUP, raw_snapshots
from pipeline.assets.resources import CritminSettings


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    return build_definitions()


def test_raw_snapshots_is_its_own_group_upstream_of_ingest(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    assert graph.get(dg.AssetKey("raw_snapshots")).group_name == FETCH_GROUP
    assert dg.AssetKey("raw_snapshots") in graph.get(dg.AssetKey("articles")).parent_keys


def test_feed_sensor_is_off_and_skips_without_a_readable_sources_file(defs: dg.Definitions, tmp_path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sensor = defs.resolve_sensor_def("poll_feeds")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    monkeypatch.delenv("CRITMIN_SOURCES", raising=False)
    with dg.build_sensor_context(definitions=defs) as context:
        result = sensor.evaluate_tick(context)
    assert result.run_requests == [] and "no sources file" in result.skip_message
    monkeypatch.setenv("CRITMIN_SOURCES", str(tmp_path / "sources.yaml"))
    monkeypatch.setenv("CRITMIN_WAREHOUSE", str(tmp_path / "warehouse"))
    with dg.build_sensor_context(definitions=defs) as context:
        result = sensor.evaluate_tick(context)
    assert result.run_requests == [] and "the sources file could not be read" in result.skip_message


def feed_settings(site, tmp_path) -> CritminSettings:
    """Settings whose sources file follows the test site's RSS feed."""
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"feeds: [{site.base}/rss.xml]\nallow_private: true\nlimits: {{min_delay_s: 0}}\n")
    return CritminSettings(warehouse_dir=str(tmp_path / "warehouse"), sources_file=str(sources))


def test_feed_sensor_polls_the_feeds_and_builds_only_when_new_pages_arrived(tmp_path) -> None:
    site, server = start_site()
    try:
        settings = feed_settings(site, tmp_path)
        defs = build_definitions(settings)
        sensor = defs.resolve_sensor_def("poll_feeds")
        with dg.build_sensor_context(definitions=defs) as context:
            first = sensor.evaluate_tick(context)
        with dg.build_sensor_context(definitions=defs) as context:
            second = sensor.evaluate_tick(context)
    finally:
        server.shutdown()
        server.server_close()
    [request] = first.run_requests
    assert (request.tags["critmin/trigger"], request.tags["critmin/new_pages"]) == ("poll_feeds", "2")
    assert second.run_requests == [] and second.skip_message.startswith("nothing new: 2 requests")
    # The second poll read robots.txt and asked for the feed again (conditionally), and fetched no page.
    assert site.paths() == ["/robots.txt", "/rss.xml", "/news/gallium.html", "/news/cobalt.html",
                            "/robots.txt", "/rss.xml"]


def test_raw_snapshots_asset_fetches_the_sources_file_of_its_settings(tmp_path) -> None:
    site, server = start_site()
    try:
        settings = feed_settings(site, tmp_path)
        result = dg.materialize([raw_snapshots], resources={"settings": settings, "io_manager": dg.mem_io_manager})
    finally:
        server.shutdown()
        server.server_close()
    assert result.success
    df = result.output_for_node("raw_snapshots")
    assert df.select("kind", "outcome", "status").rows() == [
        ("feed", "fetched", 200), ("page", "fetched", 200), ("page", "fetched", 200), ("sources", "fetched", None)]
    assert site.paths() == ["/robots.txt", "/rss.xml", "/news/gallium.html", "/news/cobalt.html"]
