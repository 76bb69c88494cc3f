"""Reading articles in worker processes gives the rows one process gives, in the same order."""

import subprocess
import sys
from pathlib import Path

import pytest

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


WORKER_THREADS = """
import os
count = lambda: len(os.listdir(f"/proc/{os.getpid()}/task"))
from pipeline.extract.extract import read_chunk
from pipeline.extract.language import load_nlp
load_nlp()  # importing numpy and spaCy starts the threads they always start
before = count()
import pipeline.extract.worker  # the warm-up must start none
print(before, count(), load_nlp.cache_info().currsize)
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc (Linux)")
def test_the_fork_servers_preload_starts_no_thread():
    """Workers are forked from the process that imported pipeline.extract.worker: a pool of threads
    its warm-up started (by running spaCy's model, or polars) can hang every worker."""
    done = subprocess.run([sys.executable, "-c", WORKER_THREADS], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    before, after, models = done.stdout.split()
    assert models == "1"  # the model is loaded there: workers share it
    assert after == before
