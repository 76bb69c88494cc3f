"""The `critmin` command: build the dataset through the same Dagster asset graph the UI shows."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import dagster as dg
import polars as pl

from pipeline.assets import BUILD_JOB, build_definitions
from pipeline.io import DATABASE_NAME, DEFAULT_INPUT_DIR, DEFAULT_WAREHOUSE_DIR, CritminSettings, table_path
from schemas import PUBLISHED_TABLES


def _instance() -> dg.DagsterInstance:
    # With DAGSTER_HOME set (as `make ui` does) the run lands in the UI's run history.
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def build(input_dir: Path, warehouse_dir: Path) -> int:
    if not input_dir.is_dir():
        problem = "is not a folder" if input_dir.exists() else "does not exist"
        print(f"critmin build: input folder {input_dir} {problem}; pass --input DIR with your articles",
              file=sys.stderr)
        return 2
    settings = CritminSettings(input_dir=str(input_dir.resolve()), warehouse_dir=str(warehouse_dir.resolve()))
    job = build_definitions(settings).resolve_job_def(BUILD_JOB)
    with _instance() as instance:
        # Dagster's step-by-step DEBUG events stay in the run record; the terminal gets INFO and up.
        result = job.execute_in_process(instance=instance, raise_on_error=False,
                                        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}})
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        print(f"critmin build: the run failed (steps: {', '.join(failed) or 'see log above'})", file=sys.stderr)
        return 1
    checks = [e for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    failed_checks = [e.event_specific_data.asset_check_key.to_user_string()
                     for e in checks if not e.event_specific_data.passed]
    warehouse = settings.warehouse_path
    print(f"\ncritmin build: {len(checks) - len(failed_checks)}/{len(checks)} checks passed")
    print(f"{'table':24} {'rows':>8}  file")
    for table in PUBLISHED_TABLES:
        path = table_path(warehouse, table)
        rows = pl.scan_parquet(path).select(pl.len()).collect().item()
        print(f"{table:24} {rows:8d}  {path}")
    print(f"DuckDB database: {warehouse / DATABASE_NAME}")
    if failed_checks:
        print(f"critmin build: failed checks: {', '.join(failed_checks)}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="critmin", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="read articles, extract, resolve, write Parquet tables and DuckDB")
    b.add_argument("--input", type=Path, default=DEFAULT_INPUT_DIR,
                   help=f"folder of articles (default: the bundled sample corpus, {DEFAULT_INPUT_DIR})")
    b.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE_DIR,
                   help=f"folder for the tables and database (default: {DEFAULT_WAREHOUSE_DIR})")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.input, args.warehouse)
    return 2


if __name__ == "__main__":
    sys.exit(main())
