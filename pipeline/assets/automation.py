"""Builds without a command: a sensor that starts the `build` job when files arrive in the input folder,
and a daily schedule. Both start switched off; turn them on under Automation in `make ui`."""

import hashlib
import json

import dagster as dg

from pipeline.ingest.incremental import ingested_files, input_files, new_files
from pipeline.assets.resources import CritminSettings
from pipeline.warehouse import published_folder


def automations(build_job, settings: CritminSettings) -> tuple[dg.SensorDefinition, dg.ScheduleDefinition]:
    """The folder sensor and the daily schedule, both starting `build_job` with its default settings."""
    return new_articles_sensor(build_job, settings), daily_build_schedule(build_job)


def new_articles_sensor(build_job, settings: CritminSettings) -> dg.SensorDefinition:
    """The sensor watches the folders of the `settings` the build job starts with (a launchpad's config
    is per run, so a sensor cannot follow it); they read CRITMIN_INPUT and CRITMIN_WAREHOUSE at each
    evaluation when left empty."""

    @dg.sensor(job=build_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
               description="Starts a build when files are added to or changed in the input folder (settings.input_dir). "
                           "Only new articles are extracted; the others are reused from the last build.")
    def new_articles(context: dg.SensorEvaluationContext):
        root = settings.input_path
        if not root.is_dir():
            return dg.SkipReason(f"input folder {root} does not exist; set input_dir of the settings resource")
        current = input_files(root)
        if context.cursor:
            seen = json.loads(context.cursor)
        else:
            # First look: what the last build in the warehouse read counts as seen, whatever its timestamps.
            already = ingested_files(published_folder(settings.warehouse_path))
            seen = {f: stamp for f, stamp in current.items() if f in already}
        arrived = new_files(current, seen)
        cursor = json.dumps(current, sort_keys=True)
        if not arrived:
            return dg.SensorResult(skip_reason=dg.SkipReason(f"no new files in {root}"), cursor=cursor)
        shown = ", ".join(arrived[:5]) + (f" and {len(arrived) - 5} more" if len(arrived) > 5 else "")
        context.log.info(f"{len(arrived)} new or changed files in {root}: {shown}")
        run_key = hashlib.sha256(json.dumps({f: current[f] for f in arrived}, sort_keys=True).encode()).hexdigest()[:16]
        return dg.SensorResult(
            run_requests=[dg.RunRequest(run_key=run_key, tags={"critmin/new_files": str(len(arrived))})],
            cursor=cursor)

    return new_articles


def daily_build_schedule(build_job) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="daily_build", job=build_job, cron_schedule="0 6 * * *", execution_timezone="UTC",
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Builds everything at 06:00 UTC every day (only new articles are extracted).")
