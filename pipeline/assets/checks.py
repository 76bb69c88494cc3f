"""Asset checks: one blocking schema check per table asset, generated from `schemas/`, and warn-level
plausibility checks."""


import dagster as dg
import pandera.errors
import polars as pl

from pipeline.assets.metadata import markdown_preview
from pipeline.assets.resources import WarehouseBuild
from schemas.base import TableModel


def error_result(description: str, rows: pl.DataFrame, count_key: str, rows_key: str) -> dg.AssetCheckResult:
    """A failed blocking check, with the number of offending rows and the first 20 of them."""
    return dg.AssetCheckResult(
        passed=False, severity=dg.AssetCheckSeverity.ERROR, description=description,
        metadata={count_key: rows.height, rows_key: dg.MetadataValue.md(markdown_preview(rows, rows=20))})


def schema_check(table: str, model: type[TableModel]) -> dg.AssetChecksDefinition:
    """Validate the Parquet file written for `table` against its model: every column, type,
    uniqueness and value check. Blocking: a failure stops everything downstream."""

    @dg.asset_check(asset=table, name="matches_schema", blocking=True,
                    description=f"{table} matches schemas.{model.__name__}: columns, types and checks.")
    def _check(build: WarehouseBuild) -> dg.AssetCheckResult:
        df = build.read_table(table)
        try:
            model.validate(df, lazy=True)
        except pandera.errors.SchemaErrors as err:
            failures = err.failure_cases
            return error_result(f"{failures.height} failing values in {table}; see the failures table",
                                failures, count_key="failure_count", rows_key="failures")
        return dg.AssetCheckResult(passed=True, metadata={"rows_checked": df.height})

    return _check


def schema_checks(tables: dict[str, type[TableModel]]) -> list[dg.AssetChecksDefinition]:
    return [schema_check(table, model) for table, model in tables.items()]


# Warn-level plausibility checks: the build goes on, the UI shows the share and the rows behind it.
NO_EXTRACTION_WARN_SHARE = 0.5     # most articles of a critical-minerals corpus state a meeting or a measure
LOW_CONFIDENCE = 0.5
LOW_CONFIDENCE_WARN_SHARE = 0.25
EXTRACTED = ("extracted_meeting_mentions", "extracted_participant_mentions", "extracted_restriction_mentions")
MENTIONS = ("meeting_mentions", "participant_mentions", "restriction_mentions")


def share_without_extraction(articles: pl.DataFrame, extracted: list[pl.DataFrame]) -> tuple[float, pl.DataFrame]:
    """The share of articles no mention was extracted from, and those articles."""
    found = pl.concat([df.select("article_id") for df in extracted])
    empty = articles.join(found, on="article_id", how="anti")
    return (empty.height / articles.height if articles.height else 0.0), empty


def share_low_confidence(mentions: pl.DataFrame, below: float = LOW_CONFIDENCE) -> tuple[float, pl.DataFrame]:
    """The share of mentions with a confidence below `below`, and those mentions."""
    low = mentions.filter(pl.col("confidence") < below)
    return (low.height / mentions.height if mentions.height else 0.0), low


def _warn_result(share: float, limit: float, what: str, rows: pl.DataFrame) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=share <= limit, severity=dg.AssetCheckSeverity.WARN,
        description=f"{share:.0%} of {what} (warns above {limit:.0%})",
        metadata={"share": dg.MetadataValue.float(round(share, 4)), "rows": rows.height,
                  "first_rows": dg.MetadataValue.md(markdown_preview(rows, rows=10))})


@dg.asset_check(asset="articles", name="articles_with_no_extraction", additional_deps=list(EXTRACTED),
                description=f"Warns when more than {NO_EXTRACTION_WARN_SHARE:.0%} of the articles gave no meeting, "
                            "participant or restriction mention: off-topic input, or rules that miss a phrasing.")
def articles_with_no_extraction(build: WarehouseBuild) -> dg.AssetCheckResult:
    articles = build.read_table("articles").select("article_id", "source_file", "title")
    share, empty = share_without_extraction(articles, [build.read_table(t) for t in EXTRACTED])
    return _warn_result(share, NO_EXTRACTION_WARN_SHARE, "articles gave no mention", empty)


def low_confidence_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table, name="low_confidence_share",
                    description=f"Warns when more than {LOW_CONFIDENCE_WARN_SHARE:.0%} of the rows have a confidence "
                                f"below {LOW_CONFIDENCE}: many guesses (inherited countries, follow-up sentences).")
    def _check(build: WarehouseBuild) -> dg.AssetCheckResult:
        share, low = share_low_confidence(build.read_table(table))
        return _warn_result(share, LOW_CONFIDENCE_WARN_SHARE, f"{table} below confidence {LOW_CONFIDENCE}",
                            low.select("mention_id", "article_id", "confidence", "evidence_text"))

    return _check


def plausibility_checks() -> list[dg.AssetChecksDefinition]:
    return [articles_with_no_extraction, *(low_confidence_check(t) for t in MENTIONS)]
