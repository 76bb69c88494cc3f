"""Source tables: the articles read, their texts, and every input that could not be read."""

from __future__ import annotations

from typing import Optional

import polars as pl
import pandera.polars as pa

from schemas.base import TableModel
from schemas.fields import field


class Articles(TableModel):
    """One row per article read: its provenance and metadata, without the text."""

    article_id: str = field("article_id", unique=True)
    url: Optional[str] = field("url:article")
    source: Optional[str] = field("source:publisher")
    title: Optional[str] = pa.Field(nullable=True, description="Headline.")
    published_date: Optional[pl.Date] = pa.Field(
        nullable=True, description="Date of publication; relative dates in the text are resolved against it.")
    language: Optional[str] = pa.Field(nullable=True, description="Language code as given by the source, e.g. en.")
    word_count: int = pa.Field(ge=0, description="Number of words in the body.")
    source_file: str = field("source_file")
    snapshot_sha256: Optional[str] = field("snapshot_sha256")
    story_id: str = pa.Field(
        str_matches=r"^[0-9a-f]{16}$",
        description="The story this article is a copy of: the article_id of the first copy read. Syndicated "
                    "copies (near-identical text on several sites) share it and count once in article_count.")
    copy_urls: pl.List(pl.Utf8) = pa.Field(
        description="Addresses (else input files) of other inputs with exactly this text, read as this article.")
    on_topic: bool = pa.Field(
        description="Whether the relevance gate let the article through to spaCy and the rules: it names a "
                    "mineral, 'minerals', 'raw materials' or 'supply chains', or a meeting word and two countries "
                    "(pipeline/extract/relevance.py). An article that is not on topic yields no mentions.")
    off_topic_reason: Optional[str] = pa.Field(
        nullable=True, description="Why the gate left the article unread; null when it is on topic.")
    ingested_at: pl.Datetime("us", "UTC") = pa.Field(description="When this build read the file (UTC).")


class ArticleTexts(TableModel):
    """The body of every article, kept apart so a release can leave copyrighted text out."""

    article_id: str = field("article_id", unique=True)
    body: str = pa.Field(description="Normalised article text; every char_start/char_end points into it.")


class RejectedInputs(TableModel):
    """Every input file (or JSONL line) that could not be read as an article, and every article the
    extractor could not read (kept in articles, with no mentions), and why."""

    source_file: str = field("source_file")
    reason: str = field("reason:rejected")
    detected_at: pl.Datetime("us", "UTC") = pa.Field(description="When this build found the problem (UTC).")


class UnreadableInputs(RejectedInputs):
    """Input files (or JSONL lines) the ingest stage could not read as articles, and why; part of
    rejected_inputs."""


class UnreadableArticles(RejectedInputs):
    """Articles the extract stage could not read, and why; they stay in articles, with no mentions, and
    are part of rejected_inputs."""


class RawSnapshots(TableModel):
    """One row per fetch attempt from the sources file (a feed, or a page from a feed or a URL list): what was
    asked, what came back and, for anything not fetched, why. The bodies themselves are stored once each under
    the warehouse's landing/snapshots/, named by their SHA-256; a refetch adds rows, never rewrites them."""

    url: str = field("url:fetched")
    final_url: Optional[str] = pa.Field(nullable=True, description="Address the body came from, after redirects.")
    source: str = field("source:configured")
    kind: str = field("kind:snapshot")
    fetched_at: pl.Datetime("us", "UTC") = pa.Field(description="When the attempt ended (UTC).")
    status: Optional[pl.Int32] = field("status:http")
    outcome: str = field("fetch_outcome")
    reason: Optional[str] = field("reason:fetch")
    content_type: Optional[str] = pa.Field(nullable=True, description="Content-Type header as sent.")
    bytes: Optional[pl.Int64] = pa.Field(nullable=True, ge=0, description="Size of the stored body.")
    sha256: Optional[str] = field("snapshot_sha256")
    etag: Optional[str] = pa.Field(nullable=True, description="ETag header, sent back as If-None-Match next time.")
    last_modified: Optional[str] = pa.Field(
        nullable=True, description="Last-Modified header, sent back as If-Modified-Since next time.")
