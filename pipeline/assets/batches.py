"""The partitioned assets: the ingest and extract stage of one input batch (pipeline/ingest/batches.py),
one Dagster partition per batch. A batch is read into a version folder of its own in the warehouse and made
current when whole (pipeline/warehouse_batches.py), so batches can be read at once by separate processes
(a backfill with the multiprocess executor), runs or machines; the build then reads every batch without
reading its articles again."""

from pathlib import Path

import dagster as dg

from pipeline.assets.extract import extract_batch
from pipeline.assets.metadata import batch_asset_key, column_schema
from pipeline.assets.resources import CritminSettings
from pipeline.extract.parallel import processes_for, warm_up
from pipeline.extract.relevance import gate
from pipeline.ingest.batches import FETCHED, Batch, all_batches, batch_fingerprint
from pipeline.ingest.incremental import extractor_fingerprint, write_extraction_log
from pipeline.ingest.tables import read_batch_inputs
from pipeline.warehouse import BuildInProgress, published_folder, table_path, write_table
from pipeline.warehouse_batches import (
    StagedBatch,
    batch_writing,
    published_batch,
    read_batch_record,
    write_signatures,
)
from schemas import ALL_TABLES
from schemas.base import table_description

BATCHES = dg.DynamicPartitionsDefinition(name="batches")
BATCH_GROUP = "batches"
BATCH_TABLES = ("articles", "article_texts", "unreadable_inputs", "extracted_meeting_mentions",
                "extracted_participant_mentions", "extracted_restriction_mentions", "unreadable_articles")


def require_input_folder(settings: CritminSettings) -> Path:
    root = settings.input_path
    if not root.is_dir():
        raise dg.Failure(
            description=f"input folder {root} does not exist or is not a folder: "
            "pass an existing folder (critmin build --input DIR, or input_dir in the launchpad)")
    return root


def read_batch(context: dg.OpExecutionContext, settings: CritminSettings, warehouse: Path, batch: Batch,
               fingerprint: str) -> StagedBatch:
    """Read and extract one batch into a new version of it, made current when every table is written.
    Extractions are reused from the batch's current version, else from the published build."""
    staged = StagedBatch(warehouse, batch.key, batch.folder, context.run.run_id, fingerprint)
    try:
        counts = _read_into(context, settings, warehouse, staged.folder, batch,
                            staged.previous or published_folder(warehouse))
        staged.publish(counts)
    except BaseException:
        staged.abandon()
        raise
    return staged


def _read_into(context: dg.OpExecutionContext, settings: CritminSettings, warehouse: Path, folder: Path,
               batch: Batch, reuse_from: Path | None) -> dict:
    root = settings.input_path
    inputs = read_batch_inputs(root, batch, settings.allow_outside_links, warehouse)
    for r in inputs.rejections:
        context.log.warning(f"rejected {r.source_file if batch.fetched else root / r.source_file}: {r.reason}")
    # The relevance gate: off-topic articles stay articles, marked, and are not read by spaCy.
    gated = gate(inputs.texts)
    articles = inputs.articles.with_columns(gated)
    on_topic = int(gated["on_topic"].sum())
    if processes_for(settings.processes, on_topic) > 1:
        warm_up()  # the reading processes' spaCy loads on another core meanwhile
    extraction = extract_batch(context, settings.processes, articles, inputs.texts, reuse_from)
    tables = {"articles": articles, "article_texts": inputs.texts, "unreadable_inputs": inputs.rejected,
              **extraction.tables}
    rows = {table: write_table(df, ALL_TABLES[table], table_path(folder, table)).height
            for table, df in tables.items()}
    write_extraction_log(folder, extraction.log)
    write_signatures(folder, inputs.texts, reuse_from)
    context.log.info(f"batch {batch.key}: {articles.height} articles ({inputs.copies} copies, "
                     f"{articles.height - on_topic} off topic), {len(inputs.rejections)} rejected inputs; "
                     f"{extraction.counts['extracted']} articles extracted, {extraction.counts['reused']} reused")
    return {**extraction.counts, "articles": articles.height, "copies": inputs.copies,
            "off_topic": articles.height - on_topic, "rejected": len(inputs.rejections), "rows": rows,
            "warcs": inputs.warcs}


def stale_batches(settings: CritminSettings, warehouse: Path, batches: list[Batch]) -> dict[Batch, str]:
    """The batches whose current version was read from other files or code than now (or never read),
    with the fingerprint a reading now would have."""
    extractor = extractor_fingerprint()
    stale = {}
    for batch in batches:
        fingerprint = batch_fingerprint(settings.input_path, batch, settings.allow_outside_links, extractor, warehouse)
        record = read_batch_record(published_batch(warehouse, batch.key))
        if record is None or record.status != "complete" or record.fingerprint != fingerprint:
            stale[batch] = fingerprint
    return stale


def bring_batches_up_to_date(context: dg.OpExecutionContext, settings: CritminSettings, warehouse: Path,
                             batches: list[Batch]) -> list[str]:
    """Read every batch whose files or code changed since it was last read; the others are not read.
    Call it holding the warehouse (a build). Returns the keys of the batches read."""
    stale = stale_batches(settings, warehouse, batches)
    for batch, fingerprint in stale.items():
        read_batch(context, settings, warehouse, batch, fingerprint)
    _show_in_ui(context, warehouse, batches, [b.key for b in stale])
    context.log.info(f"{len(batches)} input batches: {len(stale)} read"
                     + (f" ({', '.join(b.key for b in stale)})" if stale else "")
                     + f", {len(batches) - len(stale)} unchanged since they were last read")
    return [b.key for b in stale]


def _show_in_ui(context: dg.OpExecutionContext, warehouse: Path, batches: list[Batch], read: list[str]) -> None:
    """Every batch becomes a partition of the `batches` partitions, and a batch this run read shows as
    materialized there, as if its partition had been run on its own."""
    known = set(context.instance.get_dynamic_partitions(BATCHES.name))
    new = [b.key for b in batches if b.key not in known]
    if new:
        context.instance.add_dynamic_partitions(BATCHES.name, new)
    for key in read:
        folder = published_batch(warehouse, key)
        rows = read_batch_record(folder).counts.get("rows", {})
        for table in BATCH_TABLES:
            context.log_event(dg.AssetMaterialization(
                asset_key=batch_asset_key(table), partition=key,
                metadata={"path": dg.MetadataValue.path(str(table_path(folder, table))),
                          "dagster/row_count": rows.get(table, 0)}))


@dg.multi_asset(
    specs=[dg.AssetSpec(batch_asset_key(table), group_name=BATCH_GROUP, kinds={"polars", "parquet"},
                        description=f"One input batch of `{table}`: " + table_description(ALL_TABLES[table]),
                        metadata={"dagster/column_schema": column_schema(ALL_TABLES[table])})
           for table in BATCH_TABLES],
    partitions_def=BATCHES,
    can_subset=False,
)
def batch(context: dg.AssetExecutionContext, settings: CritminSettings):
    """Read the articles of one input batch (a folder of the input folder, or "." for its top-level
    files), pass them through the relevance gate and extract the on-topic ones, into the batch's folder
    in the warehouse. Many batches may be read at once; the `build` job then reads them all."""
    root = require_input_folder(settings)
    warehouse = settings.warehouse_path
    found = [b for b in all_batches(root, warehouse) if b.key == context.partition_key]
    if not found:
        raise dg.Failure(description=f"no batch {context.partition_key!r} in {root}: a batch is a folder of the "
                                     f"input folder, '.' for the files directly in it, or {FETCHED.key!r} for "
                                     "the pages critmin fetch stored in the warehouse")
    fingerprint = batch_fingerprint(root, found[0], settings.allow_outside_links, extractor_fingerprint(), warehouse)
    try:
        with batch_writing(warehouse):
            staged = read_batch(context, settings, warehouse, found[0], fingerprint)
    except BuildInProgress as busy:
        raise dg.Failure(description=str(busy)) from None
    for table in BATCH_TABLES:
        yield dg.MaterializeResult(asset_key=batch_asset_key(table), metadata={
            "path": dg.MetadataValue.path(str(table_path(staged.folder, table))),
            "dagster/row_count": staged.record.counts["rows"][table]})
