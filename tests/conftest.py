"""Shared by unit and integration tests: pytest puts this folder on sys.path (it holds a conftest.py), so
helpers that both use, such as fuzz_corpus.py, import by name."""
