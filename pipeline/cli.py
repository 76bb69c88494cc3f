"""The `critmin` command: fetch the configured feeds and pages, build the dataset through the same Dagster
asset graph the UI shows, release it, and verify a release."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

# Only light modules here: `critmin build` starts the reading processes' fork server (spaCy loading on
# another core) before Dagster and the stages are imported, so the two overlap. Each command imports
# what it needs.
from pipeline.extract.parallel import start_early
from pipeline.locations import DEFAULT_INPUT_DIR, DEFAULT_WAREHOUSE_DIR, URL, WAREHOUSE_NOT_URL

def _instance():
    # With DAGSTER_HOME set (as `make ui` does) the run lands in the UI's run history.
    import dagster as dg

    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def warehouse_folder(value: str) -> Path:
    """--warehouse: a folder; an object-store or web URL is refused with the fix (assets/resources.py)."""
    if URL.match(value):
        raise argparse.ArgumentTypeError(f"{value} is a URL; {WAREHOUSE_NOT_URL}")
    return Path(value)


def fetch(sources: Path, warehouse_dir: Path, refetch: bool = False) -> int:
    from pipeline.fetch.run import fetch_sources_file, summary_table

    """Fetch the sources file into the warehouse's landing zone, one progress line per address (stderr),
    then the per-source summary."""
    report, error = fetch_sources_file(sources, warehouse_dir.resolve(), refetch=refetch,
                                       progress=lambda line: print(line, file=sys.stderr, flush=True))
    if error:
        print(f"critmin fetch: nothing fetched: {error}", file=sys.stderr)
        return 2
    print(summary_table(report))
    return 0


def files_beside_snapshots(warehouse_dir: Path) -> Path:
    """The input folder of a build from fetched pages alone: landing/files/ in the warehouse, for article
    files added by hand (empty at first)."""
    from pipeline.fetch.landing import landing_path

    folder = landing_path(warehouse_dir.resolve()) / "files"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def single_file_folder(path: Path, warehouse_dir: Path) -> Path:
    """A folder of the warehouse's landing zone holding only a link to `path`, so that a build reads one
    article file or one WARC exactly as it reads a folder (`--input FILE`). Named by the file's absolute
    path, so building the same file again finds the same folder and reads again only what changed."""
    path = path.resolve()
    from pipeline.fetch.landing import landing_path

    folder = landing_path(warehouse_dir.resolve()) / "inputs" / hashlib.sha256(str(path).encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / path.name
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(path)
    return folder


def build(input_dir: Path, warehouse_dir: Path, allow_outside_links: bool = False, processes: int = 0) -> int:
    if input_dir.is_file():
        # One article file or one WARC: read through a folder holding only it (the link points outside it).
        input_dir, allow_outside_links = single_file_folder(input_dir, warehouse_dir), True
    if not input_dir.is_dir():
        problem = "is neither a folder nor a file" if input_dir.exists() else "does not exist"
        print(f"critmin build: input {input_dir} {problem}; pass --input with a folder of articles or one "
              "article or WARC file",
              file=sys.stderr)
        return 2
    import dagster as dg
    import polars as pl

    from pipeline.assets import BUILD_JOB, build_definitions
    from pipeline.assets.extract import PROGRESS_BAR_TAG
    from pipeline.assets.resources import CritminSettings
    from pipeline.marts.sql_models import MODELS, SQL_DIR, load_models
    from pipeline.warehouse import CURRENT_LINK, DATABASE_NAME, mart_path, published_folder, table_path
    from schemas import PUBLISHED_TABLES

    settings = CritminSettings(input_dir=str(input_dir.resolve()), warehouse_dir=str(warehouse_dir.resolve()),
                               allow_outside_links=allow_outside_links, processes=processes)
    job = build_definitions().resolve_job_def(BUILD_JOB)
    with _instance() as instance:
        # Dagster's step-by-step DEBUG events stay in the run record; the terminal gets INFO and up.
        result = job.execute_in_process(instance=instance, raise_on_error=False, tags={PROGRESS_BAR_TAG: "1"},
                                        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}},
                                                    "resources": {"settings": {"config": settings.model_dump()}}})
    warehouse = settings.warehouse_path
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        published = published_folder(warehouse)
        kept = (f"the warehouse still holds the last complete build ({published})" if published
                else "nothing was published")
        print(f"critmin build: the run failed (steps: {', '.join(failed) or 'see log above'}); {kept}",
              file=sys.stderr)
        return 1
    checks = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    # A failed warn-level (plausibility) check is reported; only an error-level one fails the build.
    failed_checks = [c.asset_check_key.to_user_string() for c in checks
                     if not c.passed and c.severity == dg.AssetCheckSeverity.ERROR]
    warnings = [f"{c.asset_check_key.to_user_string()} ({c.description})" for c in checks
                if not c.passed and c.severity == dg.AssetCheckSeverity.WARN]
    folder = warehouse / CURRENT_LINK  # the published build; stays the path of the tables after later builds
    print(f"\ncritmin build: {len(checks) - len(failed_checks) - len(warnings)}/{len(checks)} checks passed"
          + (f", {len(warnings)} warned: {'; '.join(warnings)}" if warnings else ""))
    print(f"{'table':24} {'rows':>8}  file")
    for table in PUBLISHED_TABLES:
        path = table_path(folder, table)
        rows = pl.scan_parquet(path).select(pl.len()).collect().item()
        print(f"{table:24} {rows:8d}  {path}")
    for mart in load_models(SQL_DIR / MODELS):  # the SQL models' results, also views in the database
        path = mart_path(folder, mart.name)
        rows = pl.scan_parquet(path).select(pl.len()).collect().item()
        print(f"{mart.name:24} {rows:8d}  {path}")
    print(f"DuckDB database: {warehouse / DATABASE_NAME}")
    if failed_checks:
        print(f"critmin build: failed checks: {', '.join(failed_checks)}", file=sys.stderr)
        return 1
    return 0


def release(warehouse_dir: Path, version: str | None, include_text: bool, quality: Path | None = None) -> int:
    from pipeline.release.documents import release_tree
    from pipeline.release.release import LATEST, ReleaseRefused, make_release

    try:
        made = make_release(warehouse_dir.resolve(), version=version, include_text=include_text, quality=quality)
    except ReleaseRefused as refused:
        print("critmin release: refused, nothing was written:", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    since = f"changes since {made.previous}" if made.previous else "first release"
    print(f"critmin release {made.version} ({since}: see CHANGELOG.md)")
    latest = made.folder.parent / LATEST
    print(release_tree(made.folder, f"{made.folder}/  (also {latest}/)", list(made.views)))
    print(f"archive: {made.archive}\ncheck it: critmin verify {latest}")
    return 0


def verify(location: str) -> int:
    from pipeline.release.verify import verify_release  # frictionless takes a second to import; only verify needs it

    result = verify_release(location)
    if result.ok:
        print(f"critmin verify: {location}: OK: {result.files_checked} files match SHA256SUMS, datapackage.json "
              f"is a valid Data Package, {result.tables_checked} Parquet files match their schemas in it")
        return 0
    print(f"critmin verify: {location}: FAILED ({len(result.problems)} problems)", file=sys.stderr)
    for problem in result.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def diff(old: Path, new: Path) -> int:
    from pipeline.release.diff import NotARelease, diff_releases, diff_report

    try:
        diffs = diff_releases(old, new)
    except NotARelease as err:
        print(f"critmin diff: {err}", file=sys.stderr)
        return 2
    print(diff_report(diffs, old.resolve().name, new.resolve().name))
    return 0


def serve(folder: Path, port: int) -> int:
    from pipeline.release.overview import OVERVIEW, release_server

    try:
        server = release_server(folder.resolve(), port)
    except (FileNotFoundError, OSError) as err:
        print(f"critmin serve: {err}", file=sys.stderr)
        return 2
    host, bound = server.server_address[:2]
    print(f"critmin serve: {folder} at http://{host}:{bound}/{OVERVIEW} (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="critmin", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="read articles, extract, resolve, write Parquet tables and DuckDB")
    b.add_argument("--input", type=Path, default=None,
                   help=f"folder of articles, or one article or .warc/.warc.gz file (default: the bundled sample "
                        f"corpus, {DEFAULT_INPUT_DIR}; with --sources, the warehouse's landing/files/)")
    b.add_argument("--sources", type=Path, metavar="FILE",
                   help="sources.yaml: fetch its feeds and pages first, then build from every snapshot fetched so far")
    b.add_argument("--warehouse", type=warehouse_folder, default=DEFAULT_WAREHOUSE_DIR,
                   help=f"folder for the tables and database (default: {DEFAULT_WAREHOUSE_DIR})")
    b.add_argument("--allow-outside-links", action="store_true",
                   help="read symbolic links in the input folder that point outside it (default: reject them)")
    b.add_argument("--processes", type=int, default=0, metavar="N",
                   help="worker processes reading articles (default 0: every core; rows do not depend on it)")
    f = commands.add_parser("fetch", help="fetch the feeds and pages of a sources file into the warehouse's landing zone")
    f.add_argument("--sources", type=Path, required=True, metavar="FILE", help="sources.yaml (see README)")
    f.add_argument("--warehouse", type=warehouse_folder, default=DEFAULT_WAREHOUSE_DIR,
                   help=f"the warehouse whose landing/ receives the snapshots (default: {DEFAULT_WAREHOUSE_DIR})")
    f.add_argument("--refetch", action="store_true", help="fetch pages already stored again, and feeds unconditionally")
    r = commands.add_parser("release", help="release the last build as warehouse/releases/<version>/ and <version>.zip")
    r.add_argument("--version", help="calendar version YEAR.MONTH.N, e.g. 2026.11.0 (default: the next one this month)")
    r.add_argument("--warehouse", type=warehouse_folder, default=DEFAULT_WAREHOUSE_DIR,
                   help=f"the built warehouse; the release goes to its releases/ (default: {DEFAULT_WAREHOUSE_DIR})")
    r.add_argument("--include-text", action="store_true",
                   help="also ship article_texts, the articles' full text (their publishers' copyright)")
    r.add_argument("--quality", type=Path, metavar="FILE",
                   help="the corpora to score into QUALITY.md and the floors to clear (default: $CRITMIN_QUALITY, "
                        "else pipeline/release/quality.yaml)")
    v = commands.add_parser("verify", help="check a release (folder, zip or URL): checksums, descriptor, Parquet schemas")
    v.add_argument("location", metavar="PATH_OR_URL", help="release folder, <version>.zip, or the URL of either")
    d = commands.add_parser("diff", help="rows added, removed and changed per table between two release folders")
    d.add_argument("old", type=Path, metavar="OLD", help="the earlier release folder, e.g. warehouse/releases/2026.12.0")
    d.add_argument("new", type=Path, metavar="NEW", help="the later release folder, e.g. warehouse/releases/latest")
    s = commands.add_parser("serve", help="serve a release folder on 127.0.0.1 for a look at its overview.html")
    s.add_argument("folder", type=Path, nargs="?", default=DEFAULT_WAREHOUSE_DIR / "releases" / "latest",
                   help="the release folder (default: warehouse/releases/latest)")
    s.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0: any free one)")
    args = parser.parse_args(argv)
    if args.command == "build":
        if args.processes < 0:
            parser.error("--processes must be 0 (every core) or more")
        start_early(args.processes)  # spaCy loads on another core while the rest starts
        input_dir = args.input or (files_beside_snapshots(args.warehouse) if args.sources else DEFAULT_INPUT_DIR)
        if args.sources and fetch(args.sources, args.warehouse) == 2:
            print("critmin build: building from the snapshots already stored", file=sys.stderr)
        return build(input_dir, args.warehouse, args.allow_outside_links, args.processes)
    if args.command == "fetch":
        return fetch(args.sources, args.warehouse, args.refetch)
    if args.command == "release":
        return release(args.warehouse, args.version, args.include_text, args.quality)
    if args.command == "verify":
        return verify(args.location)
    if args.command == "diff":
        return diff(args.old, args.new)
    if args.command == "serve":
        return serve(args.folder, args.port)
    return 2


if __name__ == "__main__":
    sys.exit(main())
