"""How well attested an event row is (pipeline/resolve/trust.py): independent sources, best confidence,
first address."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipeline.resolve.trust import article_sources, with_trust

ARTICLES = pl.DataFrame({
    "article_id": ["a1", "a2", "a3", "a4", "a5"],
    "url": ["https://wire.example/x", "https://paper.example/x-copy", "https://www.daily.example/y", None,
            "https://blog.example/z"],
    "source": ["Wire", "Paper", None, "Ministry", "Wire"],
    "published_date": [dt.date(2025, 3, 2), dt.date(2025, 3, 1), dt.date(2025, 3, 5), dt.date(2025, 2, 1), None],
    # a2 is a syndicated copy of a1's story, published a day before the wire's own copy
    "story_id": ["a2", "a2", "a3", "a4", "a5"],
})


def test_a_story_counts_as_the_outlet_of_its_earliest_copy_and_a_missing_source_as_the_host():
    sources = article_sources(ARTICLES).sort("article_id")
    assert sources["story_outlet"].to_list() == ["Paper", "Paper", "daily.example", "Ministry", "Wire"]


def test_sources_best_confidence_and_first_address_per_event():
    mentions = pl.DataFrame({
        "meeting_id": ["m1", "m1", "m1", "m2", "m2"],
        "article_id": ["a1", "a2", "a3", "a5", "a4"],
        "confidence": [0.5, 0.7, 0.6, 0.9, 0.4],
    })
    events = pl.DataFrame({"meeting_id": ["m1", "m2"], "source_count": [None, None]},
                          schema={"meeting_id": pl.Utf8, "source_count": pl.Int64})
    out = with_trust(events, mentions, ["meeting_id"], article_sources(ARTICLES)).sort("meeting_id")
    # m1: the wire copy and the paper's are one story (one source), the daily is another
    assert out.rows() == [("m1", 2, 0.7, "https://paper.example/x-copy"), ("m2", 2, 0.9, None)]
