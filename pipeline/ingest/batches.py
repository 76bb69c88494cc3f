"""Input batches: the input folder cut into parts that are read and extracted on their own (the Dagster
partitions of the ingest and extract stage), and the parts put back together in the order one reading of
the whole folder gives.

A batch is a folder directly inside the input folder (`2026-11/`, `feeds-a/`), everything below it
included; the files directly in the input folder are the batch ".". A new batch of articles is a new
folder: it is read and extracted without reading any other batch again."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.fetch.landing import MANIFEST_DIR, landing_path, read_manifest
from pipeline.ingest.records import display_path

TOP_LEVEL = "."  # the batch of the files directly in the input folder: no folder can be named "."
INGEST_DIR = Path(__file__).resolve().parent
# Dagster refuses these in a partition key; a folder name holding one is written with %XX instead.
_NOT_IN_KEYS = re.compile(r"\.\.\.|[\x00\a\b\f\n\r\t\v]")
_JSONL_LINE = r"(?i)^(.*\.jsonl):(\d+)$"


@dataclass(frozen=True, order=True)
class Batch:
    """One input batch: its partition key and the folder of the input folder it reads ("" for the files
    directly in it); `fetched` for the landing zone's batch, which reads no folder of the input folder."""

    key: str
    folder: str
    fetched: bool = False


FETCHED = Batch("/fetched", "", fetched=True)


def batch_key(folder: str) -> str:
    """The partition key of the batch read from `folder` (a name directly inside the input folder)."""
    if not folder:
        return TOP_LEVEL
    name = display_path(folder)
    return _NOT_IN_KEYS.sub(lambda m: "".join(f"%{ord(c):02X}" for c in m.group()), name)


def input_batches(root: Path) -> list[Batch]:
    """The batches of the input folder, the top level first (when it holds anything but folders), then
    one per folder in name order. Hidden folders and links to folders are not batches: the top level
    reports them."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return [Batch(TOP_LEVEL, "")]  # reading it reports why the folder could not be listed
    folders = [e.name for e in entries if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)]
    top = [Batch(TOP_LEVEL, "")] if len(folders) < len(entries) else []
    return top + [Batch(batch_key(name), name) for name in folders]


def all_batches(root: Path, warehouse: Path) -> list[Batch]:
    """The input folder's batches, then FETCHED when the warehouse has a landing zone."""
    manifest = landing_path(warehouse) / MANIFEST_DIR
    return input_batches(root) + ([FETCHED] if manifest.is_dir() and any(manifest.glob("*.parquet")) else [])


def _entry_stamp(path: Path) -> str:
    try:
        info = path.stat()
    except OSError as err:
        return f"unreadable:{err.errno}"
    return f"{info.st_mode:o}:{info.st_size}:{info.st_mtime_ns}"


def fetched_inputs(warehouse: Path) -> dict[str, str]:
    """What reading the landing zone depends on: its manifest files (a fetch adds one; snapshots are named
    by their hash) and every local web archive they list."""
    landing = landing_path(warehouse)
    stamps = {str(p): _entry_stamp(p) for p in sorted((landing / MANIFEST_DIR).glob("*.parquet"))}
    warcs = read_manifest(landing).filter(pl.col("kind") == "warc")["url"].unique().sort()
    stamps |= {url: _entry_stamp(Path(url)) for url in warcs if not url.startswith(("http://", "https://"))}
    return stamps


def batch_inputs(root: Path, batch: Batch) -> dict[str, str]:
    """What the batch's reading depends on in the folder: every entry it reads or reports (relative path
    -> type, size and modification time, links followed), hidden ones included; hidden folders are not
    entered, as reading does not enter them."""
    stamps: dict[str, str] = {}
    start = root / batch.folder if batch.folder else root
    for dirpath, dirnames, filenames in os.walk(start, onerror=lambda err: stamps.setdefault(
            f"!{err.filename}", f"unlistable:{err.errno}")):
        here = Path(dirpath)
        for name in filenames + [d for d in dirnames if d.startswith(".") or (here / d).is_symlink()]:
            stamps[(here / name).relative_to(root).as_posix()] = _entry_stamp(here / name)
        dirnames[:] = [] if not batch.folder else [d for d in dirnames if not d.startswith(".")]
    return stamps


def reader_fingerprint() -> str:
    """A hash of the reading code (pipeline/ingest/): when it changes every batch is read again."""
    digest = hashlib.sha256()
    for path in sorted(INGEST_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def batch_fingerprint(root: Path, batch: Batch, allow_outside_links: bool, extractor: str,
                      warehouse: Path | None = None) -> str:
    """Equal for two readings of a batch exactly when they would give the same tables: the same input
    folder and files (as batch_inputs sees them; the landing zone of `warehouse` for FETCHED), the same
    reading options, reader and extractor."""
    digest = hashlib.sha256(f"{root}\0{batch.key}\0{batch.folder}\0{allow_outside_links}\0{extractor}\0"
                            f"{reader_fingerprint()}\0".encode())
    inputs = fetched_inputs(warehouse) if batch.fetched else batch_inputs(root, batch)
    for relative, stamp in sorted(inputs.items()):
        digest.update(f"{relative}\0{stamp}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:16]


# --- the batches put back together ------------------------------------------------------------------

def in_reading_order(df: pl.DataFrame) -> pl.DataFrame:
    """Rows of several batches in the order one reading of the whole folder gives them: by input file
    (`source_file`, a JSONL line's `file:LINE` under its file), then line; ties keep their order. Rows of
    the FETCHED batch (a `_fetched` column says which, when there is one) follow, in their own order."""
    fetched = pl.col("_fetched") if "_fetched" in df.columns else pl.lit(False)
    line = pl.when(fetched).then(0).otherwise(pl.col("source_file").str.extract(_JSONL_LINE, 2)
                                               .cast(pl.Int64).fill_null(0))
    file = pl.when(fetched).then(pl.lit("")).otherwise(pl.col("source_file").str.replace(_JSONL_LINE, "$1"))
    return df.sort(fetched, file, line, maintain_order=True)


def tagged(batch: Batch, df: pl.DataFrame) -> pl.DataFrame:
    """A batch's rows with the batch they came from (`_batch`, its key; `_fetched`), for combining."""
    return df.with_columns(pl.lit(batch.key).alias("_batch"), pl.lit(batch.fetched).alias("_fetched"))


def combine_articles(articles: list[pl.DataFrame], texts: list[pl.DataFrame]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`articles` and `article_texts` of the whole folder from those of its batches (`articles` tagged with
    their batch): in reading order, an article read in several batches (the same text) kept once, at its
    first input, the others among its `copy_urls`, as one reading of the whole folder records them. The
    kept articles keep `_batch`, the batch each was kept from."""
    if not articles:
        raise ValueError("no batch to combine")
    every = in_reading_order(pl.concat(articles, how="vertical_relaxed")).drop("_fetched")
    kept = every.unique("article_id", keep="first", maintain_order=True)
    if kept.height < every.height:
        extra: dict[str, list[str]] = {}
        for row in every.filter(pl.col("article_id").is_duplicated()).iter_rows(named=True):
            if row["article_id"] not in extra:
                extra[row["article_id"]] = list(row["copy_urls"])
            else:
                extra[row["article_id"]] += [row["url"] or row["source_file"], *row["copy_urls"]]
        copies = pl.DataFrame({"article_id": list(extra), "_copies": list(extra.values())},
                              schema={"article_id": pl.Utf8, "_copies": pl.List(pl.Utf8)})
        kept = (kept.join(copies, on="article_id", how="left", maintain_order="left")
                .with_columns(pl.coalesce("_copies", "copy_urls").alias("copy_urls")).drop("_copies"))
    bodies = pl.concat(texts).unique("article_id", keep="first")
    return kept, kept.select("article_id").join(bodies, on="article_id", how="left", maintain_order="left")


def rows_of_kept_articles(tables: dict[str, pl.DataFrame], articles: pl.DataFrame, owners: pl.DataFrame,
                          on: str = "article_id") -> pl.DataFrame:
    """One table of the whole folder from a batch table per batch (`tables`: batch key -> rows): the rows
    of each article from the batch it was kept from, in the articles' order, row order within an article
    kept. `owners`: article_id, source_file and `_batch` of the batches' articles; `on`: the column naming
    the article in `tables` (article_id or source_file)."""
    if not tables:
        raise ValueError("no batch to combine")
    kept = (articles.select("article_id", "source_file").with_row_index("_order")
            .join(owners.select("article_id", "source_file", "_batch"), on=["article_id", "source_file"],
                  how="inner", maintain_order="left")
            .select(on, "_batch", "_order"))
    rows = pl.concat([df.with_columns(pl.lit(key).alias("_batch")) for key, df in tables.items()],
                     how="vertical_relaxed")
    return (rows.join(kept, on=[on, "_batch"], how="inner", maintain_order="left")
            .sort("_order", maintain_order=True).drop("_order", "_batch"))
