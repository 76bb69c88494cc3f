"""Reading a batch of articles: the rules' rows of every article, read in worker processes when there are
enough (parallel.py), then judged by the trained scorer and made into the three extracted mention tables.
Nothing here imports spaCy: when workers read, the build process never loads it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import polars as pl

from pipeline.extract.parallel import processes_for, read_in_processes, read_serially
from pipeline.extract.scorer import load_model, score_rows, without_features
from schemas import ExtractedMeetingMentions, ExtractedParticipantMentions, ExtractedRestrictionMentions
from schemas.base import conform, empty_frame

LOGGER = logging.getLogger(__name__)


def extract_rows(articles: Iterable[dict], on_article: Callable[[int], None] | None = None,
                 on_failure: Callable[[dict, str], None] | None = None, processes: int | None = 1
                 ) -> tuple[list[dict], list[dict], list[dict]]:
    """The rules' rows of the three mention tables, each with its `features`, for articles given as dicts
    with article_id, published_date and body; an article the extractor fails on gives no rows and is
    passed to `on_failure` with the reason (one odd article never stops a build). `processes`: how many
    worker processes read them (None or 0: every core, see parallel.default_processes); the rows are
    the same, in the same order, whatever the number."""
    articles = list(articles)
    meetings, participants, restrictions = [], [], []
    workers = processes_for(processes, len(articles))
    results = (read_in_processes(articles, workers) if workers > 1 else read_serially(articles))
    for done, (a, (rows, problem)) in enumerate(zip(articles, results), start=1):
        if rows is None:
            LOGGER.warning("article %s: %s", a["article_id"], problem)
            if on_failure:
                on_failure(a, problem)
        else:
            meetings += rows.meetings
            participants += rows.participants
            restrictions += rows.restrictions
        if on_article:
            on_article(done)
    return meetings, participants, restrictions


def extract_articles(articles: Iterable[dict], on_article: Callable[[int], None] | None = None,
                     on_failure: Callable[[dict, str], None] | None = None, model: dict | None | bool = True,
                     processes: int | None = 1) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Rows of the three extracted mention tables for articles given as dicts with article_id,
    published_date and body: the rules' rows, judged by the trained scorer when there is one (`model`
    True: the shipped model file; None: the rules alone). An article the extractor fails on gives no
    rows and is passed to `on_failure` with the reason; the others are read as usual. `processes`: as
    for extract_rows."""
    rows = extract_rows(articles, on_article, on_failure, processes)
    meetings, participants, restrictions = score_rows(*rows, load_model() if model is True else model)

    def frame(rows, schema):
        rows = without_features(rows)
        return conform(pl.DataFrame(rows, infer_schema_length=None), schema) if rows else empty_frame(schema)

    return (frame(meetings, ExtractedMeetingMentions), frame(participants, ExtractedParticipantMentions),
            frame(restrictions, ExtractedRestrictionMentions))
