"""The warehouse's landing zone: every fetched body stored once, named by its SHA-256, and the manifest
of fetch attempts (one Parquet file per fetch, never rewritten), which together make `raw_snapshots`."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import polars as pl

from pipeline.warehouse import FILE_MODE, FOLDER_MODE, write_file_atomically, write_table
from schemas import RawSnapshots
from schemas.base import empty_frame, frame_of

LANDING_DIR = "landing"
SNAPSHOTS_DIR = "snapshots"
MANIFEST_DIR = "manifest"


def landing_path(warehouse: Path) -> Path:
    return Path(warehouse) / LANDING_DIR


def snapshot_path(landing: Path, sha256: str) -> Path:
    return landing / SNAPSHOTS_DIR / sha256[:2] / sha256


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(FOLDER_MODE)
    return path


def store_body(landing: Path, body: bytes) -> str:
    """Store `body` once under its SHA-256 (an existing copy is left as it is: the name proves the bytes)."""
    sha256 = hashlib.sha256(body).hexdigest()
    path = snapshot_path(landing, sha256)
    if not path.exists():
        _folder(path.parent)
        write_file_atomically(path, lambda tmp: Path(tmp).write_bytes(body))
        path.chmod(FILE_MODE)
    return sha256


def write_manifest(landing: Path, rows: list[dict]) -> Path | None:
    """The rows of one fetch as a new manifest file, named by when it ended; None when there are no rows."""
    if not rows:
        return None
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    path = _folder(landing / MANIFEST_DIR) / f"{stamp}-{os.getpid()}.parquet"
    write_table(frame_of(rows, RawSnapshots), RawSnapshots, path)
    path.chmod(FILE_MODE)
    return path


def read_manifest(landing: Path) -> pl.DataFrame:
    """Every fetch attempt recorded in the landing zone, oldest first (empty when nothing was fetched)."""
    files = sorted((landing / MANIFEST_DIR).glob("*.parquet")) if (landing / MANIFEST_DIR).is_dir() else []
    if not files:
        return empty_frame(RawSnapshots)
    frames = [pl.read_parquet(f) for f in files]
    return pl.concat(frames, how="vertical_relaxed").sort("fetched_at", maintain_order=True)
