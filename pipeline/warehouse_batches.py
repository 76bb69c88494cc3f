"""The batch folders of a warehouse: what reading and extracting one input batch gave, kept so that a
build reads again only the batches whose files changed, and so that batches can be read by separate
processes, runs or machines at once.

    <warehouse>/batches/<batch>/
      current -> versions/<version>    the batch's last complete reading (a link, replaced in one rename)
      versions/<version>/              one reading: articles, article_texts, intermediate/, state/, BATCH.json

A version is written in full, then `current` is switched to it, so a reader sees a whole reading of the
batch or the one before, never a mix. Batch runs hold the warehouse's lock shared (many at once), a build
holds it alone: no batch changes while a build reads the batches, and only a build cleans up what killed
batch runs left. Nothing here imports Dagster."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

import numpy as np
import polars as pl

from pipeline.resolve.syndication import SIGNATURE_KIND, from_bytes, signature
from pipeline.warehouse import (
    CURRENT_LINK,
    FOLDER_MODE,
    LOCK_FILE,
    TEMPORARY_PATTERNS,
    BuildInProgress,
    _iso,
    _now,
    write_file_atomically,
)

BATCHES_DIR = "batches"
VERSIONS_DIR = "versions"
BATCH_RECORD = "BATCH.json"
VERSIONS_KEPT = 2  # the current reading and the one before (a run of the same batch may still read it)


@dataclass
class BatchRecord:
    """BATCH.json of one version: which batch, read from what, by which run, and what it held."""

    key: str
    folder: str
    fingerprint: str  # batches.batch_fingerprint of the inputs and code it was read with
    run_id: str
    version: str
    status: str = "running"  # running or complete
    started_at: str = ""
    finished_at: str | None = None
    counts: dict = field(default_factory=dict)  # articles, on_topic, extracted, reused, rejected, failed


def batch_home(warehouse: Path, key: str) -> Path:
    """The folder of a batch's versions; its name is the key, %-encoded (the top level "." is %2E)."""
    return warehouse / BATCHES_DIR / ("%2E" if key == "." else quote(key, safe=" -_.,()+=@"))


def _current(home: Path) -> Path | None:
    link = home / CURRENT_LINK
    return (home / os.readlink(link)).resolve() if link.is_symlink() else None


def published_batch(warehouse: Path, key: str) -> Path | None:
    """The folder of the batch's current version; None before it was first read."""
    return _current(batch_home(warehouse, key))


def read_batch_record(folder: Path | None) -> BatchRecord | None:
    if folder is None:
        return None
    try:
        data = json.loads((folder / BATCH_RECORD).read_text(encoding="utf-8"))
        return BatchRecord(**{k: v for k, v in data.items() if k in BatchRecord.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None


def _write_record(folder: Path, record: BatchRecord) -> None:
    text = json.dumps(asdict(record), indent=2, ensure_ascii=False) + "\n"
    write_file_atomically(folder / BATCH_RECORD, lambda tmp: tmp.write_text(text, encoding="utf-8"))


class StagedBatch:
    """One reading of a batch, written into a version folder of its own and made current when complete."""

    def __init__(self, warehouse: Path, key: str, folder: str, run_id: str, fingerprint: str):
        self.home = batch_home(warehouse, key)
        self.previous = published_batch(warehouse, key)
        started = _now()
        version = f"{started:%Y%m%dT%H%M%S%fZ}-{run_id[:8]}"
        self.folder = self.home / VERSIONS_DIR / version
        self.folder.mkdir(parents=True)
        for made in (warehouse / BATCHES_DIR, self.home, self.home / VERSIONS_DIR, self.folder):
            made.chmod(FOLDER_MODE)
        self.record = BatchRecord(key=key, folder=folder, fingerprint=fingerprint, run_id=run_id, version=version,
                                  started_at=_iso(started))
        _write_record(self.folder, self.record)

    def publish(self, counts: dict) -> Path:
        """Mark the version complete and make it the batch's current one, in one rename."""
        self.record.status, self.record.finished_at, self.record.counts = "complete", _iso(_now()), counts
        _write_record(self.folder, self.record)
        fd, tmp_link = tempfile.mkstemp(prefix=f".{CURRENT_LINK}.", suffix=".tmp", dir=self.home)
        os.close(fd)
        os.unlink(tmp_link)
        try:
            os.symlink(Path(VERSIONS_DIR) / self.folder.name, tmp_link)
            os.replace(tmp_link, self.home / CURRENT_LINK)
        finally:
            Path(tmp_link).unlink(missing_ok=True)
        complete = [v for v in sorted((self.home / VERSIONS_DIR).iterdir())
                    if (r := read_batch_record(v)) is not None and r.status == "complete"]
        for old in complete[:-VERSIONS_KEPT]:
            if old != self.folder:
                shutil.rmtree(old, ignore_errors=True)
        return self.folder

    def abandon(self) -> None:
        """The reading stopped before it was complete: its version goes, the current one stays."""
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def batch_writing(warehouse: Path) -> Iterator[None]:
    """Hold the warehouse's lock shared while a batch is written: other batch runs may write too, a
    build may not start (nor may this begin while a build runs: it fails at once, saying so)."""
    warehouse.mkdir(parents=True, exist_ok=True)
    with (warehouse / LOCK_FILE).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildInProgress(f"a build is writing to {warehouse}: read the batch when it has finished "
                                  "(batches are read while no build runs)") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def remove_unfinished_batches(warehouse: Path) -> list[Path]:
    """Versions that killed batch runs left half-written, and their temporary files. Only call it
    holding the warehouse's lock alone (a build): no batch is being written then."""
    removed = []
    for home in sorted((warehouse / BATCHES_DIR).glob("*")) if (warehouse / BATCHES_DIR).is_dir() else []:
        current = _current(home)
        for version in sorted((home / VERSIONS_DIR).glob("*")) if (home / VERSIONS_DIR).is_dir() else []:
            record = read_batch_record(version)
            if version.resolve() != current and (record is None or record.status != "complete"):
                shutil.rmtree(version, ignore_errors=True)
                removed.append(version)
        for pattern in TEMPORARY_PATTERNS:
            for path in home.glob(pattern):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def _signatures_path(folder: Path) -> Path:
    return folder / "state" / f"{SIGNATURE_KIND}.parquet"


def write_signatures(folder: Path, texts: pl.DataFrame, previous: Path | None = None) -> None:
    """Keep the syndication signature of every article of a batch's reading (article_texts), so that no
    later build hashes its body again (pipeline/resolve/syndication.py). Signatures the batch's reading
    before (`previous`) kept are taken over: a batch read again for a few new files hashes only those."""
    kept_frame = _read_signature_frame(previous) if previous is not None else None
    kept = dict(kept_frame.iter_rows()) if kept_frame is not None else {}
    frame = pl.DataFrame({"article_id": texts["article_id"],
                          "signature": [kept.get(article_id) or signature(body).tobytes()
                                        for article_id, body in texts.select("article_id", "body").iter_rows()]},
                         schema={"article_id": pl.Utf8, "signature": pl.Binary})
    path = _signatures_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomically(path, lambda tmp: frame.write_parquet(tmp))


def _read_signature_frame(folder: Path) -> pl.DataFrame | None:
    path = _signatures_path(folder)
    return pl.read_parquet(path) if path.is_file() else None


def read_signatures(folders: list[Path]) -> dict[str, np.ndarray]:
    """article_id -> signature, from the batch readings that kept them with today's parameters."""
    found: dict[str, np.ndarray] = {}
    for folder in folders:
        frame = _read_signature_frame(folder)
        for article_id, data in frame.iter_rows() if frame is not None else ():
            found.setdefault(article_id, from_bytes(data))
    return found
