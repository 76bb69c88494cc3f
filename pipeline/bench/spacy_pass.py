"""The yardstick: a plain spaCy pass, one process, the whole en_core_web_sm pipeline, over the bodies of
a built warehouse's articles. `python -m pipeline.bench.spacy_pass WAREHOUSE_BUILD OUT.json` writes the
seconds to load the model and to pipe every text."""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

import polars as pl

from pipeline.extract.language import MODEL_PACKAGES
from pipeline.warehouse import table_path


def load_full_model():
    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name).load()
        except ImportError:
            continue
    raise RuntimeError("no spaCy English model installed: run `make setup`")


def main(build_folder: str, out: str) -> int:
    texts = pl.read_parquet(table_path(Path(build_folder), "article_texts"), columns=["body"])["body"].to_list()
    started = time.time()
    nlp = load_full_model()
    loaded = time.time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    ended = time.time()
    Path(out).write_text(json.dumps({"texts": len(texts), "tokens": tokens, "load": round(loaded - started, 2),
                                     "pipe": round(ended - loaded, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
