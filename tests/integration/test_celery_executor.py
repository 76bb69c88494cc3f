"""A batch run on a real Celery worker (dagster-celery): the worker is a process of its own, started here,
and the broker and result backend are folders (Kombu's filesystem transport, Celery's file backend), so no
server is needed. The same definitions with a RabbitMQ or Redis broker run on workers of other machines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from fixture_corpus import RESTRICTION_SENTENCE
from pipeline.assets.batches import BATCHES
from pipeline.warehouse_batches import published_batch, read_batch_record

REPO = Path(__file__).resolve().parents[2]


def celery_settings(root: Path) -> dict:
    """Celery settings of the worker and the executor alike: folders for the broker and the results."""
    for name in ("queue", "processed", "results", "control"):
        (root / name).mkdir(parents=True)
    return {"broker_url": "filesystem://", "result_backend": f"file://{root / 'results'}",
            "broker_transport_options": {"data_folder_in": str(root / "queue"), "data_folder_out": str(root / "queue"),
                                         "processed_folder": str(root / "processed"),
                                         "control_folder": str(root / "control")}}  # else ./control/


@pytest.fixture
def worker(tmp_path: Path):
    """A Celery worker listening on dagster-celery's queue, configured as `dagster-celery worker start`
    configures one (a dagster_celery_config module on its path)."""
    settings = celery_settings(tmp_path / "celery")
    conf = tmp_path / "worker-conf"
    conf.mkdir()
    (conf / "dagster_celery_config.py").write_text(
        "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items()), encoding="utf-8")
    log = tmp_path / "worker.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(conf), str(REPO)])}
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "celery", "-A", "dagster_celery.app", "worker",
                                    "--pool", "solo", "-Q", "dagster", "--hostname", "critmin-test@%h",
                                    "--loglevel", "INFO"],
                                   cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while "ready." not in log.read_text(encoding="utf-8", errors="replace"):
            assert process.poll() is None, f"the Celery worker stopped:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"the Celery worker did not start:\n{log.read_text()}"
            time.sleep(0.2)
        yield settings, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_batch_run_executes_its_step_on_a_celery_worker(worker, tmp_path: Path):
    settings, log = worker
    articles = tmp_path / "articles"
    (articles / "2023-07").mkdir(parents=True)
    (articles / "2023-07" / "gallium.txt").write_text(RESTRICTION_SENTENCE + "\n", encoding="utf-8")
    warehouse = tmp_path / "warehouse"
    (tmp_path / "dagster").mkdir()
    instance = dg.DagsterInstance.local_temp(tempdir=str(tmp_path / "dagster"))
    instance.add_dynamic_partitions(BATCHES.name, ["2023-07"])
    job = dg.build_reconstructable_job("pipeline.assets", "batch_job", reconstructable_kwargs={"executor": "celery"})
    run_config = {
        "resources": {"settings": {"config": {"input_dir": str(articles), "warehouse_dir": str(warehouse),
                                              "processes": 1}}},
        "execution": {"config": {"broker": settings["broker_url"], "backend": settings["result_backend"],
                                 "config_source": {"broker_transport_options": settings["broker_transport_options"]}}},
    }
    try:
        result = dg.execute_job(job, instance=instance, run_config=run_config, tags={"dagster/partition": "2023-07"})
        engine = [e.message for e in result.all_events if e.event_type_value == "ENGINE_EVENT"]
        assert result.success, engine
    finally:
        instance.dispose()
    assert "[CeleryExecutor] Executing steps batch in celery worker" in engine
    # The worker ran the step: its log has the run's step, and the batch is in the warehouse.
    assert f"{result.run_id}" in log.read_text(encoding="utf-8", errors="replace")
    record = read_batch_record(published_batch(warehouse, "2023-07"))
    assert (record.status, record.run_id, record.counts["extracted"]) == ("complete", result.run_id, 1)
    assert record.counts["rows"]["extracted_restriction_mentions"] == 2  # gallium and germanium
