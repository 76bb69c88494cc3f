"""Reading articles in worker processes gives the rows one process gives, in the same order."""

from pathlib import Path

from pipeline.extract.parallel import processes_for, read_in_processes, read_serially
from pipeline.ingest.readers import read_corpus
from pipeline.warehouse import DEFAULT_INPUT_DIR


def sample_articles() -> list[dict]:
    raw, _ = read_corpus(Path(DEFAULT_INPUT_DIR))
    return [{"article_id": a.source_file, "published_date": a.published, "body": a.body} for a in raw]


def test_two_processes_read_the_sample_as_one_does():
    articles = sample_articles()
    serial = list(read_serially(articles))
    parallel = list(read_in_processes(articles, 2, chunk=4))  # five chunks over two workers
    assert len(parallel) == len(articles) == 18
    assert [p for _, p in parallel] == [None] * 18  # every article read
    assert [r for r, _ in parallel] == [r for r, _ in serial]
    assert sum(len(r.restrictions) for r, _ in parallel) > 20  # the rows are real, not empty


def test_processes_follow_the_work():
    assert processes_for(4, 100) == 4
    assert processes_for(4, 30) == 2   # twelve articles at least per process
    assert processes_for(4, 5) == 1
    assert processes_for(1, 1000) == 1
