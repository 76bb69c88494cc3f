"""Imported once by the fork server of parallel reading (pipeline/extract/parallel.py): the rules' modules
and the spaCy model are loaded here, before any worker is forked from it, so workers start at once and
share the model's memory. The fork server is a fresh single-threaded process, so forking it is safe
(forking the build process itself, with Dagster's and polars' threads, can deadlock).

The rules load their gazetteers and compile their patterns on first use, about 0.7 s that every worker
would otherwise spend again, so they read one short article of our own here first. Only spaCy's
tokenizer runs on it, and the rules never touch polars: the model's linear algebra and polars both
start pools of threads, and a process forked from one that has such a pool can hang on its first use
(polars' pool did, when the rules still read the country gazetteer through a polars frame)."""

import datetime as dt

from spacy.tokens import Doc

from pipeline.extract.extract import read_article, read_chunk  # noqa: F401 - read_chunk for the workers
from pipeline.extract.language import load_nlp

WARM_UP = {
    "article_id": "warm-up",
    "published_date": dt.date(2026, 3, 4),
    "body": ("OTTAWA, March 4 - Canada's trade minister met her Japanese counterpart in Ottawa on Tuesday to "
             "discuss supplies of lithium, graphite and rare earths, the ministry said.\n\n"
             "China said last week it would restrict exports of gallium and germanium to the United States "
             "from December 1, and the Democratic Republic of Congo extended its suspension of cobalt exports."),
}


def warm_up_rules() -> None:
    """The rules over WARM_UP, tokenized only: one sentence per line, no entities."""
    tokens = load_nlp().tokenizer(WARM_UP["body"])
    starts = [i == 0 or "\n" in tokens[i - 1].whitespace_ + tokens[i - 1].text for i in range(len(tokens))]
    doc = Doc(tokens.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens],
              sent_starts=starts)
    read_article(WARM_UP["article_id"], doc, WARM_UP["published_date"], WARM_UP["body"])


load_nlp()
warm_up_rules()
