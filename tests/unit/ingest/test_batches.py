"""Input batches: how the input folder is cut, when a batch counts as changed, and that batches read one by
one and put together give what one reading of the whole folder gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl

from pipeline.ingest.batches import (
    FETCHED,
    Batch,
    batch_fingerprint,
    batch_key,
    combine_articles,
    in_reading_order,
    input_batches,
    rows_of_kept_articles,
    tagged,
)
from pipeline.ingest.readers import read_corpus
from pipeline.ingest.tables import read_batch_inputs
from pipeline.resolve.syndication import signature
from pipeline.warehouse_batches import read_signatures, write_signatures


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_batch_is_a_folder_of_the_input_folder_and_the_top_level_files_are_one_more(tmp_path):
    write(tmp_path, "z.txt", "Zinc traders met in Lima.")
    write(tmp_path, "2026-11/a.md", "Antimony buyers met in Hanoi.")
    write(tmp_path, "2026-10/deeper/b.md", "Tin miners met in La Paz.")
    write(tmp_path, ".git/config", "[core]")
    assert input_batches(tmp_path) == [Batch(".", ""), Batch("2026-10", "2026-10"), Batch("2026-11", "2026-11")]


def test_only_folders_make_no_top_level_batch(tmp_path):
    write(tmp_path, "feed-a/a.md", "Antimony buyers met in Hanoi.")
    assert input_batches(tmp_path) == [Batch("feed-a", "feed-a")]
    assert input_batches(tmp_path / "missing") == [Batch(".", "")]  # its reading says why


def test_a_folder_name_dagster_refuses_as_a_key_is_written_with_percent_codes():
    assert batch_key("wait...what") == "wait%2E%2E%2Ewhat"
    assert batch_key("tab\there") == "tab%09here"
    assert batch_key("2026-11") == "2026-11"


def corpus(root: Path) -> None:
    write(root, "z.txt", "Zinc traders met in Lima.")
    write(root, "a/b.txt", "Antimony buyers met in Hanoi.")
    write(root, "a.txt", "Tin miners met in La Paz.")
    write(root, "m.pdf", "%PDF")
    write(root, "a/.hidden.md", "Nothing.")
    lines = [json.dumps({"text": f"Feed item {n} about graphite anodes."}) for n in range(1, 12)]
    lines[1] = "{broken"
    write(root, "feed.jsonl", "\n".join(lines))
    write(root, "c/d.md", "Cobalt quotas were set in Kinshasa.")
    write(root, "c/copy.md", "Tin miners met in La Paz.")  # the text of a.txt, in another batch


def test_batches_read_one_by_one_and_put_together_are_the_whole_folder_read_at_once(tmp_path):
    corpus(tmp_path)
    whole, rejections = read_corpus(tmp_path)
    batches = input_batches(tmp_path)
    parts = [read_batch_inputs(tmp_path, batch, False, tmp_path / "warehouse") for batch in batches]
    articles, texts = combine_articles([tagged(b, p.articles) for b, p in zip(batches, parts)],
                                       [p.texts for p in parts])
    assert articles["source_file"].to_list() == [a.source_file for a in whole] == [
        "a.txt", "a/b.txt", "c/d.md", "feed.jsonl:1", *[f"feed.jsonl:{n}" for n in range(3, 12)], "z.txt"]
    # a.txt is kept once, at its first input; the copy in batch c is one of its addresses.
    assert articles["copy_urls"].to_list() == [list(a.copies) for a in whole]
    assert articles.filter(pl.col("source_file") == "a.txt")["copy_urls"].item().to_list() == ["c/copy.md"]
    assert articles.filter(pl.col("source_file") == "a.txt")["_batch"].item() == "."
    assert texts["article_id"].to_list() == articles["article_id"].to_list()
    assert texts["body"].to_list() == [a.body for a in whole]
    rejected = in_reading_order(pl.concat([tagged(b, p.rejected) for b, p in zip(batches, parts)]))
    assert rejected["source_file"].to_list() == [r.source_file for r in rejections] == [
        "a/.hidden.md", "feed.jsonl:2", "m.pdf"]


def test_a_batch_changes_when_its_own_files_do_and_only_then(tmp_path):
    corpus(tmp_path)
    top, a = Batch(".", ""), Batch("a", "a")
    before = {b: batch_fingerprint(tmp_path, b, False, "extractor-1") for b in (top, a)}
    write(tmp_path, "a/new.md", "Lithium talks opened in Santiago.")
    assert batch_fingerprint(tmp_path, a, False, "extractor-1") != before[a]
    assert batch_fingerprint(tmp_path, top, False, "extractor-1") == before[top]
    # A file touched (same size, new time), a hidden file added, other options or code: changed too.
    os.utime(tmp_path / "z.txt", ns=(1, 1))
    assert batch_fingerprint(tmp_path, top, False, "extractor-1") != before[top]
    again = batch_fingerprint(tmp_path, top, False, "extractor-1")
    write(tmp_path, ".notes", "x")
    assert batch_fingerprint(tmp_path, top, False, "extractor-1") != again
    assert batch_fingerprint(tmp_path, top, True, "extractor-1") != batch_fingerprint(tmp_path, top, False, "extractor-1")
    assert batch_fingerprint(tmp_path, top, False, "extractor-2") != batch_fingerprint(tmp_path, top, False, "extractor-1")


def test_rows_of_an_article_read_in_two_batches_come_from_the_batch_it_was_kept_from():
    articles = pl.DataFrame({"article_id": ["x", "y"], "source_file": ["a.txt", "b/y.md"]})
    owners = pl.DataFrame({"article_id": ["x", "y", "x", "x"], "source_file": ["a.txt", "b/y.md", "b/x.md", "c/x.md"],
                           "_batch": [".", "b", "b", "c"]})
    mentions = {
        ".": pl.DataFrame({"article_id": ["x", "x"], "mention_id": ["x1", "x2"]}),
        "b": pl.DataFrame({"article_id": ["y", "x"], "mention_id": ["y1", "x-again"]}),
        "c": pl.DataFrame({"article_id": ["x"], "mention_id": ["x-third"]}),
    }
    rows = rows_of_kept_articles(mentions, articles, owners)
    assert rows.rows() == [("x", "x1"), ("x", "x2"), ("y", "y1")]


def test_the_fetched_batch_follows_the_input_folder_and_its_copies_join_the_folder_s_article():
    folder = pl.DataFrame({"article_id": ["t", "z"], "source_file": ["t.txt", "z.txt"], "url": [None, None],
                           "copy_urls": [[], []]}, schema_overrides={"url": pl.Utf8, "copy_urls": pl.List(pl.Utf8)})
    fetched = pl.DataFrame({"article_id": ["p", "t"], "source_file": ["https://b.example/p", "https://a.example/t"],
                            "url": ["https://b.example/p", "https://a.example/t"], "copy_urls": [[], []]},
                           schema_overrides={"copy_urls": pl.List(pl.Utf8)})
    texts = [pl.DataFrame({"article_id": ids, "body": ids}) for ids in (["t", "z"], ["p", "t"])]
    articles, _ = combine_articles([tagged(FETCHED, fetched), tagged(Batch(".", ""), folder)], texts)
    # Fetched pages come after every file, in the order their batch read them (not by address).
    assert articles.select("article_id", "_batch").rows() == [("t", "."), ("z", "."), ("p", FETCHED.key)]
    assert articles["copy_urls"].to_list() == [["https://a.example/t"], [], []]


def test_a_batch_read_again_takes_over_the_signatures_its_last_reading_kept(tmp_path):
    before, again = tmp_path / "v1", tmp_path / "v2"
    # An id names one body (its hash); here "a" is given another body the first time, to see whose
    # signature the second reading keeps.
    write_signatures(before, pl.DataFrame({"article_id": ["a", "b"], "body": ["Lithium talks opened.", "Zinc traders met."]}))
    more = pl.DataFrame({"article_id": ["c", "a", "b"], "body": ["Cobalt quotas were set.", "Tin miners met.", "Zinc traders met."]})
    write_signatures(again, more, previous=before)
    assert pl.read_parquet(next((again / "state").glob("*.parquet")))["article_id"].to_list() == ["c", "a", "b"]
    kept = {k: v.tolist() for k, v in read_signatures([again]).items()}
    assert kept == {"a": signature("Lithium talks opened.").tolist(), "b": signature("Zinc traders met.").tolist(),
                    "c": signature("Cobalt quotas were set.").tolist()}
