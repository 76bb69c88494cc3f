"""Reading many articles on every core: spaCy and the rules of one chunk of articles run in one worker
process, and the rows come back in article order, so the output is the same whatever the number of
processes.

Workers are forked from a fork server that has loaded the rules and the spaCy model (worker.py), so
they start at once and share its memory; where there is no fork server (Windows) they are spawned and
load the model themselves.
Only rows travel back (no spaCy Doc is ever pickled), and chunks are handed out a few at a time, so
memory does not grow with the corpus beyond the rows themselves."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

ARTICLES_PER_CHUNK = 24
# A pool costs a fork and some pickling: below this many articles per process one process is quicker.
MIN_ARTICLES_PER_PROCESS = 12
CHUNKS_AHEAD = 4  # per process: chunks submitted before their rows are collected


def available_cores() -> int:
    """The cores this process may run on (a container's or a CPU set's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_processes() -> int:
    """Every core, but at most 2 under CI (the CI machine has two)."""
    cores = available_cores()
    return min(cores, 2) if os.environ.get("CI") else cores


def processes_for(requested: int | None, articles: int) -> int:
    """How many processes to read `articles` articles with: `requested` (0 or None: default_processes),
    never more than the work fills. 100 articles and 4 requested -> 4; 30 and 4 -> 2; 5 -> 1."""
    wanted = requested or default_processes()
    return max(1, min(wanted, articles // MIN_ARTICLES_PER_PROCESS))


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


WORKER_MODULE = "pipeline.extract.worker"


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([WORKER_MODULE])
    return context


def warm_up() -> None:
    """Start the fork server now, so that it loads spaCy while this process does other work (ingest);
    returns at once. Does nothing where there is no fork server."""
    context = _context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver
        forkserver.ensure_running()


def start_early(requested: int | None) -> None:
    """At the start of a build that may read in several processes (`requested`, as for processes_for):
    start the fork server, so that spaCy loads while the build imports and starts. A build that then
    reads nothing leaves it unused (it stops with the build)."""
    if (requested or default_processes()) > 1:
        warm_up()


def read_chunk(articles: list[dict]) -> list:
    """extract.read_chunk, imported where it runs: in a worker (which has it from the fork server) or,
    reading serially, in this process."""
    from pipeline.extract.extract import read_chunk as read

    return read(articles)


def read_in_processes(articles: list[dict], processes: int, chunk: int = ARTICLES_PER_CHUNK) -> Iterator:
    """(rows, problem) of every article (see extract.read_chunk), read in parts of `chunk` articles by
    `processes` worker processes, yielded one by one in article order."""
    context = _context()
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        pending = []
        for part in _chunks(articles, chunk):
            pending.append(pool.submit(read_chunk, part))
            if len(pending) >= processes * CHUNKS_AHEAD:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


def read_serially(articles: Iterable[dict]) -> Iterator:
    """The same, in this process: chunk by chunk, so that progress is told as often."""
    for chunk in _chunks(list(articles), ARTICLES_PER_CHUNK):
        yield from read_chunk(chunk)
