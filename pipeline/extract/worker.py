"""Imported once by the fork server of parallel reading (pipeline/extract/parallel.py): the rules' modules
and the spaCy model are loaded here, before any worker is forked from it, so workers start at once and
share the model's memory. The fork server is a fresh single-threaded process, so forking it is safe
(forking the build process itself, with Dagster's and polars' threads, can deadlock)."""

from pipeline.extract.extract import read_chunk  # noqa: F401 - imported for the workers
from pipeline.extract.language import load_nlp

load_nlp()
