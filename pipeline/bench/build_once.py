"""One timed build, run by the benchmark in a process of its own:
`python -m pipeline.bench.build_once INPUT WAREHOUSE PROCESSES OUT.json`. Writes the seconds from the
process's start to the first step (startup), each stage's step seconds, and the run's end."""

from __future__ import annotations

import time

STARTED = time.time()  # before the imports below: startup counts them

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from pipeline.extract.parallel import start_early  # noqa: E402

if __name__ == "__main__":
    start_early(int(sys.argv[3]))  # as `critmin build` does: spaCy loads while Dagster imports

import dagster as dg  # noqa: E402

from pipeline.assets import BUILD_JOB, build_definitions  # noqa: E402
from pipeline.assets.resources import CritminSettings  # noqa: E402

STAGES = ("ingest", "extract", "resolve")


def step_times(instance: dg.DagsterInstance, run_id: str) -> dict[str, tuple[float, float]]:
    """step key -> (start, end) in seconds since the epoch, from the run's event log."""
    times: dict[str, list[float]] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event and event.step_key and event.event_type_value in ("STEP_START", "STEP_SUCCESS", "STEP_FAILURE"):
            times.setdefault(event.step_key, []).append(entry.timestamp)
    return {k: (min(v), max(v)) for k, v in times.items()}


def extraction_counts(result) -> dict[str, int]:
    """articles_extracted, articles_reused and articles_off_topic, as the extract step told them."""
    for event in result.all_events:
        if event.event_type_value == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            if materialization.asset_key.to_user_string() == "extracted_meeting_mentions":
                return {k: v.value for k, v in materialization.metadata.items() if k.startswith("articles_")}
    return {}


def main(input_dir: str, warehouse: str, processes: int, out: str) -> int:
    settings = CritminSettings(input_dir=input_dir, warehouse_dir=warehouse, processes=processes)
    job = build_definitions().resolve_job_def(BUILD_JOB)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            instance=instance, raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}},
                        "resources": {"settings": {"config": settings.model_dump()}}})
        ended = time.time()
        steps = step_times(instance, result.run_id)
    first = min(start for start, _ in steps.values())
    stages = {s: round(steps[s][1] - steps[s][0], 2) if s in steps else None for s in STAGES}
    resolved = steps.get("resolve", (first, first))[1]
    Path(out).write_text(json.dumps({
        "success": result.success, "startup": round(first - STARTED, 2), **stages,
        "after_resolve": round(ended - resolved, 2), "total": round(ended - STARTED, 2),
        **extraction_counts(result)}))
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]))
