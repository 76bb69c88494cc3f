"""Input batches as Dagster partitions, run for real: two batch runs side by side, each with the
multiprocess executor (steps in their own processes), then the build job, which reads no batch again and
gives the tables one build of the same folder gives; a new folder is read alone."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from fixture_corpus import RESTRICTION_SENTENCE, write_corpus
from pipeline.assets import BUILD_JOB, build_definitions
from pipeline.assets.batches import BATCHES
from pipeline.assets.resources import CritminSettings
from pipeline.resolve.syndication import SIGNATURE_KIND
from pipeline.warehouse import published_folder, read_record
from pipeline.warehouse_batches import published_batch

# Columns that say when a row was read or built, which two builds never share.
WHEN = {"ingested_at", "detected_at", "built_at", "extracted_at", "resolved_at", "created_at"}


def batched_corpus(root: Path) -> list[str]:
    """The integration corpus with two of its files moved into month folders: four batches."""
    write_corpus(root)
    for name, month in (("good.md", "2023-07"), ("x.jsonl", "2023-10")):
        (root / month).mkdir()
        shutil.move(root / name, root / month / name)
    return [".", "2023-07", "2023-10", "web"]


def run_config(settings: CritminSettings) -> dict:
    return {"resources": {"settings": {"config": {"input_dir": settings.input_dir,
                                                  "warehouse_dir": settings.warehouse_dir, "processes": 1}}}}


def build(settings: CritminSettings, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    result = build_definitions(settings).resolve_job_def(BUILD_JOB).execute_in_process(instance=instance)
    assert result.success
    return result


def tables(warehouse: Path) -> dict[str, pl.DataFrame]:
    folder = published_folder(warehouse)
    files = [*folder.glob("*.parquet"), *folder.glob("intermediate/*.parquet")]
    return {p.stem: pl.read_parquet(p).drop(WHEN, strict=False) for p in sorted(files)}


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory: pytest.TempPathFactory):
    """Every batch read by a run of its own, two runs at a time, before any build."""
    root = tmp_path_factory.mktemp("batched")
    keys = batched_corpus(root / "articles")
    settings = CritminSettings(input_dir=str(root / "articles"), warehouse_dir=str(root / "warehouse"))
    (root / "dagster").mkdir()
    instance = dg.DagsterInstance.local_temp(tempdir=str(root / "dagster"))
    instance.add_dynamic_partitions(BATCHES.name, keys)
    job = dg.build_reconstructable_job("pipeline.assets", "batch_job")

    def read(key: str) -> dg.ExecutionResult:
        return dg.execute_job(job, instance=instance, run_config=run_config(settings),
                              tags={"dagster/partition": key})

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(keys, pool.map(read, keys)))
    yield settings, instance, keys, results
    instance.dispose()


def test_a_backfill_reads_each_batch_in_a_run_of_its_own_with_the_multiprocess_executor(backfilled):
    settings, instance, keys, results = backfilled
    assert {key: result.success for key, result in results.items()} == dict.fromkeys(keys, True)
    for key, result in results.items():
        run = instance.get_run_by_id(result.run_id)
        assert run.tags["dagster/partition"] == key
        engine = [e.message for e in result.all_events if e.event_type_value == "ENGINE_EVENT"]
        assert any("multiprocess" in m.lower() for m in engine), engine[:3]
        materialized = instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=dg.AssetKey(["batch", "articles"]), asset_partitions=[key]), limit=1)
        assert materialized.records and materialized.records[0].run_id == result.run_id


def test_the_build_after_a_backfill_reads_no_batch_again_and_equals_one_build(backfilled, tmp_path):
    settings, instance, keys, _ = backfilled
    build(settings, instance)
    record = read_record(published_folder(settings.warehouse_path))
    assert record.inputs["batches_read"] == []
    assert sorted(record.inputs["batches"]) == sorted(keys)
    # The same folder built in one go, with no batch read before, into another warehouse.
    once = CritminSettings(input_dir=settings.input_dir, warehouse_dir=str(tmp_path / "once"))
    with dg.DagsterInstance.ephemeral() as other:
        build(once, other)
    assert read_record(published_folder(once.warehouse_path)).inputs["batches_read"] == sorted(keys)
    ours, theirs = tables(settings.warehouse_path), tables(once.warehouse_path)
    assert set(ours) == set(theirs) and len(ours) > 10
    for name in ours:
        assert ours[name].equals(theirs[name]), name
    assert ours["articles"].height == 5 and ours["extracted_restriction_mentions"].height > 0
    # Each batch kept its articles' syndication signatures: no later build hashes those bodies again.
    for key in keys:
        folder = published_batch(settings.warehouse_path, key)
        kept = pl.read_parquet(folder / "state" / f"{SIGNATURE_KIND}.parquet")
        assert kept["article_id"].to_list() == pl.read_parquet(folder / "article_texts.parquet")["article_id"].to_list()
        assert set(kept["signature"].bin.size().to_list()) <= {4 * 128}


def test_a_new_folder_is_the_only_batch_read_and_its_article_the_only_one_extracted(backfilled):
    settings, instance, _, _ = backfilled
    new = settings.input_path / "2023-12"
    new.mkdir()
    (new / "cobalt.txt").write_text("The Democratic Republic of Congo suspended cobalt exports on "
                                    "February 22, 2025. " + RESTRICTION_SENTENCE.replace("July 3", "July 4"),
                                    encoding="utf-8")
    result = build(settings, instance)
    record = read_record(published_folder(settings.warehouse_path))
    assert record.inputs["batches_read"] == ["2023-12"]
    extracted = [m for m in result.asset_materializations_for_node("extract")
                 if m.asset_key == dg.AssetKey("extracted_restriction_mentions")]
    assert extracted[0].metadata["articles_extracted"].value == 1
    assert "2023-12" in instance.get_dynamic_partitions(BATCHES.name)
    restrictions = pl.read_parquet(published_folder(settings.warehouse_path) / "mineral_restrictions.parquet")
    assert restrictions.filter(pl.col("imposing_iso3") == "COD")["mineral_id"].to_list() == ["cobalt"]
