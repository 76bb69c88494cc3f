"""The benchmark's generated corpora: the same every time, distinct articles, the stated share on topic,
and the relevance gate reading exactly the on-topic ones."""

import hashlib
from pathlib import Path

import polars as pl

from pipeline.bench.corpus import write_stream
from pipeline.extract.relevance import on_topic
from pipeline.ingest.readers import read_corpus


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.md"))}


def test_stream_is_deterministic_distinct_and_one_in_ten_on_topic(tmp_path: Path):
    counts = write_stream(tmp_path / "a", 300, 0.1)
    write_stream(tmp_path / "b", 300, 0.1)
    first = digests(tmp_path / "a")
    assert first == digests(tmp_path / "b")
    assert len(first) == 300
    assert 15 <= counts["on_topic"] <= 45
    raw, rejected = read_corpus(tmp_path / "a")
    assert rejected == [] and len({a.body for a in raw}) == 300
    gate = pl.DataFrame({"body": [a.body for a in raw]}).select(on_topic(pl.col("body")))["body"]
    assert gate.sum() == counts["on_topic"]  # the off-topic articles we write name no mineral and no meeting
