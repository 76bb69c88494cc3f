"""The shared word lists of the extraction rules (lexicons/words.yaml), loaded and checked once: every
list has a reason and examples, and a list of an unknown shape stops the load, naming it."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

LEXICON_FILE = Path(__file__).resolve().parent / "lexicons" / "words.yaml"
_KEYS = {"why", "words", "examples"}


class LexiconError(ValueError):
    """A word list of the lexicon file that cannot be used as it is."""


@functools.cache
def _entries(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def word_lists(path: Path = LEXICON_FILE) -> dict[str, tuple[str, ...]]:
    """Every list of the lexicon file by name, its words in file order."""
    data = _entries(path)
    lists = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != _KEYS:
            raise LexiconError(f"{path}: list {name!r} must have exactly the keys {sorted(_KEYS)}")
        words = entry["words"]
        if not words or not all(isinstance(w, str) and w.strip() == w and w for w in words):
            raise LexiconError(f"{path}: list {name!r} must hold non-empty words without surrounding spaces")
        if len(set(words)) != len(words):
            raise LexiconError(f"{path}: list {name!r} holds a word twice")
        lists[name] = tuple(words)
    return lists


def words(*names: str) -> tuple[str, ...]:
    """The words of one or more lists, in order, each once."""
    lists = word_lists()
    unknown = [n for n in names if n not in lists]
    if unknown:
        raise LexiconError(f"{LEXICON_FILE}: no list named {unknown}")
    return tuple(dict.fromkeys(w for n in names for w in lists[n]))


def alternation(*names: str) -> str:
    """The words of the lists as a regex alternation, longest first (so no word shadows a longer one)."""
    return "|".join(re.escape(w) for w in sorted(words(*names), key=len, reverse=True))


def examples(name: str, path: Path = LEXICON_FILE) -> list[str]:
    """The example sentences of a list (a test checks each holds one of its words)."""
    return list(_entries(path)[name]["examples"])
