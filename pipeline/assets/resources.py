"""Dagster resources: the settings a run is launched with, the build it writes, and the IO manager that
stores each asset as Parquet in that build. Stage code never sees them; it gets folders and frames."""

import os
from pathlib import Path

import dagster as dg
import polars as pl
from pydantic import Field, PrivateAttr

from pipeline.locations import URL, WAREHOUSE_NOT_URL
from pipeline.warehouse import (
    CURRENT_LINK,
    DEFAULT_INPUT_DIR,
    DEFAULT_WAREHOUSE_DIR,
    BuildInProgress,
    StagedBuild,
    published_folder,
    read_table_file,
    table_path,
    write_table,
)
from pipeline.warehouse_batches import remove_unfinished_batches
from schemas import ALL_TABLES




class CritminSettings(dg.ConfigurableResource):
    """Where critmin reads articles and writes its tables, set when a run is launched (the launchpad in
    the Dagster UI, `critmin build --input --warehouse`). Left empty, a folder comes from the
    environment variable CRITMIN_INPUT or CRITMIN_WAREHOUSE, read when the run starts, else the bundled
    sample corpus and `warehouse/` in the project."""

    input_dir: str = Field(default="", description="Folder of articles; empty: $CRITMIN_INPUT, else the sample corpus.")
    warehouse_dir: str = Field(default="", description="Folder for the tables; empty: $CRITMIN_WAREHOUSE, else warehouse/.")
    allow_outside_links: bool = Field(
        default=False, description="Read symbolic links in the input folder that point outside it (off: such a "
                                   "link is rejected, so no file from elsewhere can reach a release).")
    sources_file: str = Field(
        default="", description="sources.yaml of feeds and pages to fetch into the warehouse's landing zone before "
                                "ingest; empty: $CRITMIN_SOURCES, else nothing is fetched (snapshots already there are "
                                "still read).")
    processes: int = Field(
        default=0, ge=0, description="Worker processes that read articles with spaCy and the rules; 0: every core "
                                     "(at most 2 when the CI environment variable is set). Rows do not depend on it.")

    @property
    def input_path(self) -> Path:
        folder = self.input_dir or os.environ.get("CRITMIN_INPUT") or str(DEFAULT_INPUT_DIR)
        return Path(folder).expanduser().resolve()

    @property
    def sources_path(self) -> Path | None:
        file = self.sources_file or os.environ.get("CRITMIN_SOURCES")
        return Path(file).expanduser().resolve() if file else None

    @property
    def warehouse_path(self) -> Path:
        folder = self.warehouse_dir or os.environ.get("CRITMIN_WAREHOUSE") or str(DEFAULT_WAREHOUSE_DIR)
        if URL.match(folder):
            raise dg.Failure(description=f"warehouse {folder} is a URL; {WAREHOUSE_NOT_URL}")
        return Path(folder).expanduser().resolve()


class WarehouseBuild(dg.ConfigurableResource):
    """The build a run writes: its own folder under `<warehouse>/builds/`, started when the run first
    writes, published as a whole by the `critmin_database` step (pipeline/warehouse.py). Assets, checks
    and the IO manager all take it from here, so a run reads and writes only where its settings say."""

    settings: dg.ResourceDependency[CritminSettings]
    _run_id: str = PrivateAttr(default="")
    _staged: StagedBuild | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._run_id = context.run.run_id if context.run else "norun"

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._staged is not None and not self._staged.published:
            self._staged.abandon("the run ended before its tables were published: a step or a blocking check "
                                 "failed (see the run's log), or the run did not include critmin_database")

    @property
    def warehouse(self) -> Path:
        return self.settings.warehouse_path

    @property
    def staged(self) -> StagedBuild:
        """This run's build, started on first use: takes the warehouse's lock and clears what killed
        builds left behind."""
        if self._staged is None:
            try:
                self._staged = StagedBuild(self.warehouse, self._run_id, self.settings.input_path)
            except BuildInProgress as busy:
                raise dg.Failure(description=str(busy)) from None
            # Holding the warehouse alone, the build also clears what killed batch runs left.
            self._staged.removed += remove_unfinished_batches(self.warehouse)
        return self._staged

    @property
    def folder(self) -> Path:
        """Where this run writes its tables."""
        return self.staged.folder

    @property
    def previous(self) -> Path | None:
        """The published build this run follows (its ids and extractions are reused), if any."""
        return self._staged.previous if self._staged is not None else published_folder(self.warehouse)

    @property
    def read_folder(self) -> Path:
        """The folder this run reads first: its own build once started, else the published build (what
        it lacks is read from `previous`)."""
        if self._staged is not None:
            return self._staged.folder
        return self.previous or self.warehouse / CURRENT_LINK

    def read_path(self, table: str) -> Path:
        """A table as this run sees it: its own once written, else the published build's. Reading
        starts no build: a run of checks alone reads the published tables."""
        relative = table_path(Path(), table)
        if self._staged is not None:
            return self._staged.input_path(relative)
        return self.read_folder / relative

    def read_table(self, table: str) -> pl.DataFrame:
        """The table at `read_path`, or an error naming the file and the command to run."""
        return read_table_file(self.read_path(table), table)


class ParquetIOManager(dg.ConfigurableIOManager):
    """Stores each asset as one Parquet file named after it in the run's build folder, cast to its
    schema in `schemas/`; reads what the run has not written from the published build."""

    build: dg.ResourceDependency[WarehouseBuild]

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame) -> None:
        table = context.asset_key.path[-1]
        path = table_path(self.build.folder, table)
        df = write_table(obj, ALL_TABLES[table], path)
        context.add_output_metadata({"path": dg.MetadataValue.path(str(path)), "dagster/row_count": df.height})

    def load_input(self, context: dg.InputContext) -> pl.DataFrame:
        return self.build.read_table(context.upstream_output.asset_key.path[-1])
