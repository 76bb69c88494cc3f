"""Which executor runs the batch job's steps: multiprocess unless $CRITMIN_EXECUTOR (or the caller) asks
for Celery; a name critmin does not ship is refused, naming the variable and the choices. A warehouse given
as an object-store URL is refused too: machines share a warehouse through a mounted volume."""

from __future__ import annotations

import dagster as dg
import pytest

from pipeline.assets import BATCH_JOB, BUILD_JOB, build_definitions
from pipeline.assets.executors import EXECUTOR_VARIABLE, UnknownExecutor, executor_name
from pipeline.assets.resources import CritminSettings
from pipeline.cli import main


def test_the_batch_job_runs_on_celery_when_the_environment_says_so_and_the_build_stays_in_one_process(monkeypatch):
    monkeypatch.setenv(EXECUTOR_VARIABLE, "Celery")
    defs = build_definitions()
    assert defs.resolve_job_def(BATCH_JOB).executor_def.name == "celery"
    assert defs.resolve_job_def(BUILD_JOB).executor_def.name == "in_process"
    # Its run config takes the broker and backend, as dagster-celery documents them.
    fields = defs.resolve_job_def(BATCH_JOB).executor_def.config_schema.config_type.fields
    assert {"broker", "backend", "config_source", "include"} <= set(fields)


def test_the_caller_s_choice_wins_and_unset_means_multiprocess(monkeypatch):
    monkeypatch.setenv(EXECUTOR_VARIABLE, "celery")
    assert build_definitions(executor="multiprocess").resolve_job_def(BATCH_JOB).executor_def.name == "multiprocess"
    monkeypatch.delenv(EXECUTOR_VARIABLE)
    assert executor_name() == "multiprocess"


def test_an_unknown_executor_is_refused_with_the_choices(monkeypatch):
    monkeypatch.setenv(EXECUTOR_VARIABLE, "k8s")
    with pytest.raises(UnknownExecutor, match=r"CRITMIN_EXECUTOR='k8s' names no executor: use one of multiprocess, celery"):
        build_definitions()


@pytest.mark.parametrize("url", ["s3://critmin-data/warehouse", "gs://bucket/w", "https://example.org/w"])
def test_a_warehouse_on_object_storage_is_refused_with_the_fix(url, capsys):
    with pytest.raises(dg.Failure, match=r"is a URL; the warehouse must be a folder of a file system.*shared volume"):
        CritminSettings(warehouse_dir=url).warehouse_path
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--warehouse", url])
    assert stopped.value.code == 2
    assert f"argument --warehouse: {url} is a URL; the warehouse must be a folder" in capsys.readouterr().err
