"""The benchmark's corpora: deterministic, distinct articles in the input format of SPEC section 1.

On-topic articles are recombined from the articles we wrote ourselves (the sample corpus and our
evaluation corpora, never the third-party real-news texts): one article's paragraphs, with one to three
paragraphs of others added, under a new outlet and a publication date moved by up to a year and a
half. Off-topic articles come from offtopic.py. A stream mixes them so that `on_topic_share` of the
articles are on topic, in a seeded order."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from pipeline.bench.offtopic import off_topic_article
from pipeline.ingest.readers import read_corpus
from pipeline.warehouse import DEFAULT_INPUT_DIR

ROOT = Path(__file__).resolve().parents[2]
OUR_CORPORA = (DEFAULT_INPUT_DIR, ROOT / "tests/eval_corpus/articles", ROOT / "tests/eval_corpus2/articles",
               ROOT / "tests/eval_holdout/articles")
OUTLETS = [f"{a} {b}" for a in ("Harbour", "Capital", "Northern", "Pacific", "Continental", "Metro", "Coastal",
                                "Central") for b in ("Ledger", "Times", "Wire", "Courier", "Post")]
SEED = 20261205


@dataclass(frozen=True)
class Source:
    title: str
    published: dt.date
    paragraphs: tuple[str, ...]


def our_articles() -> list[Source]:
    """Every article of our own corpora with a date and at least two paragraphs."""
    sources = []
    for folder in OUR_CORPORA:
        raw, _ = read_corpus(Path(folder))
        for a in raw:
            paragraphs = tuple(p.strip() for p in a.body.split("\n\n") if p.strip())
            if a.published and len(paragraphs) >= 2:
                sources.append(Source(a.title or paragraphs[0][:80], a.published, paragraphs))
    return sorted(sources, key=lambda s: (s.published, s.title))


def on_topic_article(rng: random.Random, sources: list[Source]) -> tuple[str, dt.date, str]:
    base, *others = rng.sample(sources, 4)
    extra = [rng.choice(o.paragraphs[1:]) for o in others[:rng.randint(1, 3)]]
    paragraphs = list(base.paragraphs)
    for p in extra:
        paragraphs.insert(rng.randint(1, len(paragraphs)), p)
    published = base.published + dt.timedelta(days=rng.randint(0, 540))
    return base.title, published, "\n\n".join(paragraphs)


def _front_matter(title: str, published: dt.date, source: str, url: str) -> str:
    return (f"---\nurl: {url}\ntitle: {json.dumps(title)}\npublished: {published.isoformat()}\n"
            f"source: {source}\nlanguage: en\n---\n")


def write_stream(folder: Path, articles: int, on_topic_share: float, seed: int = SEED) -> dict:
    """Write `articles` distinct articles into `folder` (made empty first); returns counts. The same
    arguments always write the same files."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    rng = random.Random(f"{seed}:{articles}:{on_topic_share}")
    sources = our_articles()
    seen: set[str] = set()
    on_topic = 0
    for i in range(articles):
        topical = rng.random() < on_topic_share
        while True:
            if topical:
                title, published, body = on_topic_article(rng, sources)
            else:
                title, body = off_topic_article(rng)
                published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2900))
            digest = hashlib.sha256(body.encode()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                break
        on_topic += topical
        outlet = rng.choice(OUTLETS)
        url = f"https://bench.critmin.example/{outlet.split()[0].lower()}/{i:06d}"
        (folder / f"bench-{i:06d}.md").write_text(_front_matter(title, published, outlet, url) + body + "\n",
                                                  encoding="utf-8")
    return {"articles": articles, "on_topic": on_topic, "sources": len(sources)}
