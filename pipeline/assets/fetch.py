"""Fetch stage: the sources file's feeds and pages fetched into the landing zone (`raw_snapshots`), before
ingest reads them; and the sensor that polls the feeds, off until switched on."""

import time

import dagster as dg
import polars as pl

from pipeline.assets.metadata import column_schema, table_metadata
from pipeline.assets.resources import CritminSettings
from pipeline.fetch.landing import landing_path, read_manifest
from pipeline.fetch.run import fetch_sources_file, summary_table
from schemas import RawSnapshots
from schemas.base import table_description

FETCH_GROUP = "fetch"


@dg.asset(group_name=FETCH_GROUP, kinds={"httpx", "parquet"}, description=table_description(RawSnapshots),
          metadata={"dagster/column_schema": column_schema(RawSnapshots)})
def raw_snapshots(context: dg.AssetExecutionContext, settings: CritminSettings) -> dg.Output[pl.DataFrame]:
    """Fetch the settings' sources file (if any), then every fetch attempt the landing zone records."""
    warehouse, sources = settings.warehouse_path, settings.sources_path
    if sources is not None:
        report, error = fetch_sources_file(sources, warehouse, progress=context.log.debug)
        if error:  # the run goes on with the snapshots already stored; rejected_inputs shows the error
            context.log.warning(f"nothing fetched: {error}")
        else:
            context.log.info("fetched:\n" + summary_table(report))
    df = read_manifest(landing_path(warehouse))
    return dg.Output(df, metadata=table_metadata(df))


def poll_feeds_sensor(build_job, settings: CritminSettings, minutes: int = 60) -> dg.SensorDefinition:
    """Every `minutes`, when a sources file is set, polls its feeds and pages itself (conditional requests: a
    feed with nothing new costs one small request and a 304) and starts a build only when the poll stored
    pages the landing zone did not hold; otherwise it says what the poll found. Off until switched on."""

    @dg.sensor(job=build_job, minimum_interval_seconds=minutes * 60, default_status=dg.DefaultSensorStatus.STOPPED,
               description="Polls the feeds of the sources file (settings.sources_file or $CRITMIN_SOURCES) at "
                           f"most every {minutes} minutes and starts a build when new pages arrived; off until "
                           "switched on.")
    def poll_feeds(context: dg.SensorEvaluationContext):
        sources = settings.sources_path
        if sources is None:
            return dg.SkipReason("no sources file: set sources_file of the settings resource or $CRITMIN_SOURCES")
        report, error = fetch_sources_file(sources, settings.warehouse_path, progress=context.log.debug)
        if error:
            return dg.SkipReason(f"the sources file could not be read: {error}")
        new = sum(t.new_pages for t in report.tallies.values())
        if not new:
            return dg.SkipReason(f"nothing new: {report.requests} requests, no page the landing zone did not hold")
        # The run key names the poll's manifest, so one poll's pages start one build.
        return dg.RunRequest(run_key=f"poll-feeds-{report.manifest.name if report.manifest else time.time_ns()}",
                             tags={"critmin/trigger": "poll_feeds", "critmin/new_pages": str(new)})

    return poll_feeds
