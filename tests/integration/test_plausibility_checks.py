"""The warn-level plausibility checks run in every build, per asset, and report the share they measured."""

from __future__ import annotations

import dagster as dg
import polars as pl

from fixture_corpus import Build
from pipeline.warehouse import table_path
from pipeline.warehouse import published_folder


def evaluations(build: Build) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.event_specific_data.asset_check_key.to_user_string(): e.event_specific_data
            for e in build.result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"}


def test_plausibility_checks_warn_and_report_their_share(build: Build, warehouse):
    checks = evaluations(build)
    names = ["articles:articles_with_no_extraction", "meeting_mentions:low_confidence_share",
             "participant_mentions:low_confidence_share", "restriction_mentions:low_confidence_share"]
    for name in names:
        assert checks[name].severity == dg.AssetCheckSeverity.WARN, name
        assert not checks[name].blocking, name
    restrictions = pl.read_parquet(table_path(published_folder(warehouse), "restriction_mentions"))
    expected = (restrictions["confidence"] < 0.5).mean()
    assert checks["restriction_mentions:low_confidence_share"].metadata["share"].value == round(expected, 4)
    # Every good fixture article states a meeting or a restriction.
    assert checks["articles:articles_with_no_extraction"].metadata["share"].value == 0.0
    assert checks["articles:articles_with_no_extraction"].passed
