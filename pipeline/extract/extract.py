"""Reading one article is a chain of pure stages, each handing a frozen result to the next:

    spaCy doc -> entities (article_entities) -> document: sentences, dateline, live-blog days (document)
      -> people, linked, with roles and countries (article_people, article_countries)
      -> sentence by sentence: restriction readings (restriction_flow) and meeting candidates
         (meeting_candidates, meeting_spans), with the dates earlier sentences told (article_dates)
      -> meetings within the article (meeting_merge) -> rows of the mention tables (article_rows).

What carries from one sentence to the next is explicit: the date trail, the restriction trail, and the
people (a meeting's host may teach a person's country)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from pipeline.extract.article import Article
from pipeline.extract.article_countries import guess_countries
from pipeline.extract.article_dates import DateTrail, advance, enter, read_sentence_dates, with_context_date
from pipeline.extract.article_entities import Entities, find_article_entities
from pipeline.extract.article_people import People, find_surnames, freeze, link_people, read_roles, respective_countries
from pipeline.extract.article_rows import meeting_rows, restriction_rows
from pipeline.extract.document import Document, clauses, read_document
from pipeline.extract.furniture import mask_furniture
from pipeline.extract.language import load_nlp
from pipeline.extract.meeting_candidates import meeting_candidates
from pipeline.extract.meeting_merge import merge_meetings
from pipeline.extract.parallel import processes_for, read_in_processes, read_serially
from pipeline.extract.scorer import load_model, score_rows, without_features
from pipeline.extract.restriction_flow import RestrictionTrail, read_sentence_restrictions
from schemas import ExtractedMeetingMentions, ExtractedParticipantMentions, ExtractedRestrictionMentions
from schemas.base import conform, empty_frame

LOGGER = logging.getLogger(__name__)
BATCH_SIZE = 16  # texts spaCy parses at once


@dataclass(frozen=True)
class ArticleRows:
    meetings: list[dict]
    participants: list[dict]
    restrictions: list[dict]


def read_people(doc: Document, entities: Entities) -> People:
    """Mentions linked into people; roles and countries read beside names, then for "the two countries'
    ministers, A and B", then guessed for the rest."""
    people = link_people(list(entities.people))
    find_surnames(people, doc.body)
    read_roles(people, doc, entities.countries)
    respective_countries(people, doc.body, entities.countries)
    guess_countries(people, doc, entities)
    return freeze(people, entities.organizations, doc.body)


def read_article_parts(article_id: str, parsed, published: dt.date | None) -> Article:
    """The stages before sentence-by-sentence reading: entities, document, people."""
    entities = find_article_entities(parsed)
    doc = read_document(article_id, parsed, published, list(entities.countries))
    return Article(doc, entities, read_people(doc, entities))


def read_article(article_id: str, parsed, published: dt.date | None) -> ArticleRows:
    """The mention rows of one article parsed by spaCy."""
    a = read_article_parts(article_id, parsed, published)
    told, readings = [], []
    dates, trail = DateTrail(), RestrictionTrail()
    for index, s in enumerate(a.doc.sentences):
        dates = enter(a.doc, s, dates)
        sd = read_sentence_dates(a.doc, s, dates)
        found, trail = read_sentence_restrictions(a, index, s, sd, dates, trail)
        readings += found
        for clause in clauses(s):
            cands, a = meeting_candidates(a, clause, [d for d in sd.dates if clause.start <= d.start < clause.end])
            told += [(with_context_date(a.doc, cand, sd.dates, dates), clause) for cand in cands]
        dates = advance(a.doc, s, sd, dates)
    return ArticleRows(*meeting_rows(a, merge_meetings(a, told)), restriction_rows(a, readings))


def read_chunk(articles: list[dict]) -> list[tuple[ArticleRows | None, str | None]]:
    """(rows, None) or (None, why it could not be read) for each article of a chunk, in order: spaCy over
    the chunk, then the rules article by article. Runs in a worker process when there are several."""
    nlp = load_nlp()
    # spaCy refuses a text over nlp.max_length; ingest rejects far shorter ones, so this is a last guard.
    too_long = {i for i, a in enumerate(articles) if len(a["body"] or "") > nlp.max_length}
    # Page furniture ("Advertisement", "Related: ...") is read as blanks: offsets into the body stay true.
    docs = nlp.pipe(("" if i in too_long else mask_furniture(a["body"] or "") for i, a in enumerate(articles)),
                    batch_size=BATCH_SIZE)
    out: list[tuple[ArticleRows | None, str | None]] = []
    for i, (a, doc) in enumerate(zip(articles, docs)):
        if i in too_long:
            out.append((None, f"is {len(a['body']):,} characters long, over the {nlp.max_length:,} spaCy reads: the "
                              "article is kept without mentions; split it into separate articles"))
            continue
        try:
            out.append((read_article(a["article_id"], doc, a.get("published_date")), None))
        except Exception as err:  # noqa: BLE001 - one article the rules trip on must not stop the build
            out.append((None, f"could not be read by the extractor ({type(err).__name__}: {str(err)[:200]}): the "
                              "article is kept without mentions; report it as a critmin bug with this article attached"))
    return out


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
    results = (read_in_processes(read_chunk, articles, workers) if workers > 1
               else read_serially(read_chunk, articles))
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
