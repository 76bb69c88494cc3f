"""How well attested each event row is, so it can be filtered and cited without joins: how many
independent sources report it (distinct outlets, a syndicated story counted once, as the outlet of its
earliest copy), the highest confidence among its mentions, and the address of the first article that
reported it."""

from __future__ import annotations

import polars as pl

from pipeline.resolve.meetings import participant_id

TRUST_COLUMNS = ("source_count", "max_confidence", "first_url")


def article_sources(articles: pl.DataFrame) -> pl.DataFrame:
    """article_id, the outlet that counts for it (its story's earliest copy's: articles.source, else the
    address's host, else the article itself), its url and its published date."""
    outlet = pl.coalesce(pl.col("source"), pl.col("url").str.extract(r"^[A-Za-z][\w+.-]*://(?:www\.)?([^/:?#]+)"),
                         pl.col("article_id"))
    story = pl.coalesce("story_id", "article_id") if "story_id" in articles.columns else pl.col("article_id")
    frame = articles.select("article_id", "url", "published_date", story.alias("story"), outlet.alias("outlet"))
    first_copy = (frame.sort("published_date", "article_id", nulls_last=True)
                  .group_by("story", maintain_order=True).agg(pl.col("outlet").first().alias("story_outlet")))
    return frame.join(first_copy, on="story", how="left").select("article_id", "url", "published_date", "story_outlet")


def with_trust(events: pl.DataFrame, mentions: pl.DataFrame, key: list[str], sources: pl.DataFrame) -> pl.DataFrame:
    """`events` with the three trust columns, from `mentions` (key columns, article_id, confidence)."""
    reported = (mentions.select(*key, "article_id", "confidence").join(sources, on="article_id", how="left")
                .sort("published_date", "article_id", nulls_last=True)
                .group_by(key, maintain_order=True)
                .agg(pl.col("story_outlet").n_unique().alias("source_count"),
                     pl.col("confidence").max().alias("max_confidence"),
                     pl.col("url").first().alias("first_url")))
    return events.drop(TRUST_COLUMNS, strict=False).join(reported, on=key, how="left")


def add_trust(tables: dict[str, pl.DataFrame], articles: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The resolved tables, with the trust columns on meetings, meeting_participants, people and
    mineral_restrictions."""
    sources = article_sources(articles)
    meeting_ids = tables["meeting_mentions"].select(pl.col("mention_id").alias("meeting_mention_id"), "meeting_id")
    participants = (tables["participant_mentions"].join(meeting_ids, on="meeting_mention_id", how="inner")
                    .with_columns(participant_id=participant_id()))
    return {
        **tables,
        "meetings": with_trust(tables["meetings"], tables["meeting_mentions"], ["meeting_id"], sources),
        "meeting_participants": with_trust(tables["meeting_participants"], participants,
                                           ["meeting_id", "participant_id"], sources),
        "people": with_trust(tables["people"], tables["participant_mentions"].filter(pl.col("person_id").is_not_null()),
                             ["person_id"], sources),
        "mineral_restrictions": with_trust(tables["mineral_restrictions"], tables["restriction_mentions"],
                                           ["restriction_id"], sources),
    }
