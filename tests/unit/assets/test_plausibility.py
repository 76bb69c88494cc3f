"""The shares behind the warn-level plausibility checks, on frames a reader can count by hand."""

from __future__ import annotations

import polars as pl

from pipeline.assets.checks import share_low_confidence, share_without_extraction


def test_share_of_articles_without_any_mention():
    articles = pl.DataFrame({"article_id": ["a", "b", "c", "d"]})
    meetings = pl.DataFrame({"article_id": ["a", "a"]})
    restrictions = pl.DataFrame({"article_id": ["c"]})
    share, empty = share_without_extraction(articles, [meetings, restrictions])
    assert share == 0.5
    assert sorted(empty["article_id"]) == ["b", "d"]


def test_share_of_mentions_below_the_confidence_floor():
    mentions = pl.DataFrame({"mention_id": ["m1", "m2", "m3", "m4"], "confidence": [0.8, 0.5, 0.45, 0.4]})
    share, low = share_low_confidence(mentions)
    assert share == 0.5  # 0.5 itself is not below 0.5
    assert low["mention_id"].to_list() == ["m3", "m4"]
    assert share_low_confidence(mentions.head(0))[0] == 0.0
