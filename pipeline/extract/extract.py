"""Reading one article is a chain of pure stages, each handing a frozen result to the next:

    spaCy doc -> entities (article_entities) -> document: sentences, dateline, live-blog days (document)
      -> people, linked, with roles and countries (article_people, article_countries)
      -> sentence by sentence: restriction readings (restriction_flow) and meeting candidates
         (meeting_candidates, meeting_spans), with the dates earlier sentences told (article_dates)
      -> meetings within the article (meeting_merge) -> rows of the mention tables (article_rows).

What carries from one sentence to the next is explicit: the date trail, the restriction trail, and the
people (a meeting's host may teach a person's country). Reading many articles, in worker processes,
and making the mention tables is batch.py's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.extract.article import Article
from pipeline.extract.article_countries import guess_countries
from pipeline.extract.article_dates import DateTrail, advance, enter, read_sentence_dates, with_context_date
from pipeline.extract.article_entities import Entities, find_article_entities
from pipeline.extract.article_people import People, find_given_names, find_surnames, freeze, link_people, read_roles, respective_countries
from pipeline.extract.article_rows import meeting_rows, restriction_rows
from pipeline.extract.document import Document, clauses, read_document
from pipeline.extract.furniture import mask_furniture
from pipeline.extract.language import load_nlp
from pipeline.extract.meeting_candidates import meeting_candidates
from pipeline.extract.meeting_merge import merge_meetings
from pipeline.extract.restriction_flow import RestrictionTrail, read_sentence_restrictions

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
    find_given_names(people, doc.body, [(m.start, m.end) for kind in (entities.countries, entities.groups,
                                        entities.organizations) for m in kind] + [(a, b) for a, b, _ in entities.places])
    find_surnames(people, doc.body)
    read_roles(people, doc, entities.countries)
    respective_countries(people, doc.body, entities.countries)
    guess_countries(people, doc, entities)
    return freeze(people, entities.organizations, doc.body)


def read_article_parts(article_id: str, parsed, published: dt.date | None, body: str | None = None) -> Article:
    """The stages before sentence-by-sentence reading: entities, document, people. `body`: the text
    spaCy parsed, where the caller has it (parsed.text joins it again from every token)."""
    body = parsed.text if body is None else body
    entities = find_article_entities(parsed, body)
    doc = read_document(article_id, parsed, published, list(entities.countries), body)
    return Article(doc, entities, read_people(doc, entities))


def read_article(article_id: str, parsed, published: dt.date | None, body: str | None = None) -> ArticleRows:
    """The mention rows of one article parsed by spaCy (`body`: as for read_article_parts)."""
    a = read_article_parts(article_id, parsed, published, body)
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
    texts = ["" if i in too_long else mask_furniture(a["body"] or "") for i, a in enumerate(articles)]
    docs = nlp.pipe(texts, batch_size=BATCH_SIZE)
    out: list[tuple[ArticleRows | None, str | None]] = []
    for i, (a, doc, text) in enumerate(zip(articles, docs, texts)):
        if i in too_long:
            out.append((None, f"is {len(a['body']):,} characters long, over the {nlp.max_length:,} spaCy reads: the "
                              "article is kept without mentions; split it into separate articles"))
            continue
        try:
            out.append((read_article(a["article_id"], doc, a.get("published_date"), text), None))
        except Exception as err:  # noqa: BLE001 - one article the rules trip on must not stop the build
            out.append((None, f"could not be read by the extractor ({type(err).__name__}: {str(err)[:200]}): the "
                              "article is kept without mentions; report it as a critmin bug with this article attached"))
    return out
