"""Where the steps of a batch run execute: in processes of this machine (Dagster's multiprocess
executor, the default) or on the workers of a Celery cluster (dagster-celery), chosen by
$CRITMIN_EXECUTOR when the definitions load (`multiprocess` or `celery`).

Only batch runs (`read_batches`, one input batch per partition) are spread out. A build's steps share
one process, which holds the warehouse's lock while it writes its build folder (pipeline/warehouse.py).
Every worker must see the same input folder and warehouse at the same paths (a shared volume), and
run this code with the same settings.

With Celery, the broker and result backend are the run config's `execution: config:` (`broker`,
`backend`, `config_source`), as dagster-celery documents; workers start with the same values
(`dagster-celery worker start -A dagster_celery.app -y celery.yaml`). README, "Running on more machines",
shows both."""

from __future__ import annotations

import os

import dagster as dg

EXECUTOR_VARIABLE = "CRITMIN_EXECUTOR"
EXECUTORS = ("multiprocess", "celery")


class UnknownExecutor(ValueError):
    """$CRITMIN_EXECUTOR (or the name given) names no executor critmin ships."""


def executor_name(name: str | None = None) -> str:
    """The executor of batch runs: `name`, else $CRITMIN_EXECUTOR, else multiprocess."""
    chosen = (name or os.environ.get(EXECUTOR_VARIABLE) or "multiprocess").strip().lower()
    if chosen not in EXECUTORS:
        raise UnknownExecutor(f"{EXECUTOR_VARIABLE}={chosen!r} names no executor: use one of {', '.join(EXECUTORS)} "
                              "(or leave it unset for multiprocess)")
    return chosen


def batch_executor(name: str | None = None) -> dg.ExecutorDefinition:
    """The executor definition for `executor_name(name)`."""
    if executor_name(name) == "celery":
        from dagster_celery import celery_executor  # imports Celery only where it is used

        return celery_executor
    return dg.multiprocess_executor
