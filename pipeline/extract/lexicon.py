"""The language of the extraction rules as data, loaded and checked once.

lexicons/words.yaml holds the shared word lists (a list of words, or a table of words with a number
each); lexicons/patterns.yaml holds the cue phrases, each a regex with a reason, example sentences
it must match and counter-examples it must not. A list or pattern of an unknown shape stops the
load, naming the file and the entry."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
LEXICON_FILE = LEXICON_DIR / "words.yaml"
PATTERN_FILE = LEXICON_DIR / "patterns.yaml"
_LIST_KEYS = ({"why", "words", "examples"}, {"why", "values", "examples"})
_PATTERN_KEYS = {"why", "regex", "examples"}
_PATTERN_OPTIONS = {"counter_examples", "ignore_case", "multiline", "whole_match"}
_FLAGS = {"ignore_case": re.IGNORECASE, "multiline": re.MULTILINE}
# "{reporting_verbs}", "{reporting_verbs+announcing_verbs}", "{pinyin_syllable}", "{months}"
_PLACEHOLDER = re.compile(r"(?<!\\)\{([a-z_]+(?:\+[a-z_]+)*)\}")


class LexiconError(ValueError):
    """A word list or pattern of a lexicon file that cannot be used as it is."""


@functools.cache
def _entries(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _checked_list(path: Path, name: str, entry: object) -> dict[str, int | None]:
    """The words of one list in file order, each with its number (None in a plain list of words)."""
    if not isinstance(entry, dict) or set(entry) not in _LIST_KEYS:
        raise LexiconError(f"{path}: list {name!r} must have exactly the keys ['examples', 'why'] "
                           "and one of 'words' or 'values'")
    table = entry.get("values", {})
    if not isinstance(table, dict) or not all(isinstance(v, int) and not isinstance(v, bool) for v in table.values()):
        raise LexiconError(f"{path}: list {name!r} must map each word to a whole number")
    words = entry.get("words", list(table))
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() == w and w for w in words):
        raise LexiconError(f"{path}: list {name!r} must hold non-empty words without surrounding spaces")
    if len(set(words)) != len(words):
        raise LexiconError(f"{path}: list {name!r} holds a word twice")
    return {w: table.get(w) for w in words}


@functools.cache
def _tables(path: Path) -> dict[str, dict[str, int | None]]:
    return {name: _checked_list(path, name, entry) for name, entry in _entries(path).items()}


@functools.cache
def word_lists(path: Path = LEXICON_FILE) -> dict[str, tuple[str, ...]]:
    """Every list of the lexicon file by name, its words in file order."""
    return {name: tuple(table) for name, table in _tables(path).items()}


def words(*names: str) -> tuple[str, ...]:
    """The words of one or more lists, in order, each once."""
    lists = word_lists()
    unknown = [n for n in names if n not in lists]
    if unknown:
        raise LexiconError(f"{LEXICON_FILE}: no list named {unknown}")
    return tuple(dict.fromkeys(w for n in names for w in lists[n]))


def word_values(name: str) -> dict[str, int]:
    """The words of a table (a list written as `values:`) with their numbers, in file order."""
    table = _tables(LEXICON_FILE).get(name)
    if table is None or None in table.values():
        raise LexiconError(f"{LEXICON_FILE}: no table of values named {name!r}")
    return dict(table)  # type: ignore[arg-type]  # checked: every value is a number


def alternation(*names: str) -> str:
    """The words of the lists as a regex alternation, longest first (so no word shadows a longer one)."""
    return "|".join(re.escape(w) for w in sorted(words(*names), key=len, reverse=True))


def examples(name: str, path: Path = LEXICON_FILE) -> list[str]:
    """The example sentences of a list (a test checks each holds one of its words)."""
    return list(_entries(path)[name]["examples"])


# ---------------------------------------------------------------- patterns


def _strings(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


def _checked_pattern(path: Path, name: str, entry: object) -> dict:
    """One entry of the pattern file with its regex pieces joined, or a LexiconError naming it."""
    where = f"{path}: pattern {name!r}"
    if not isinstance(entry, dict):
        raise LexiconError(f"{where} must be a mapping with the keys {sorted(_PATTERN_KEYS)}")
    if missing := _PATTERN_KEYS - set(entry):
        raise LexiconError(f"{where} lacks the keys {sorted(missing)}")
    if unknown := set(entry) - _PATTERN_KEYS - _PATTERN_OPTIONS:
        raise LexiconError(f"{where} has unknown keys {sorted(unknown)}; it may have {sorted(_PATTERN_OPTIONS)}")
    if not isinstance(entry["why"], str) or not entry["why"].strip():
        raise LexiconError(f"{where} must say why it exists")
    if not _strings(entry["examples"]) or not _strings(entry.get("counter_examples", ["-"])):
        raise LexiconError(f"{where} must have examples (and any counter_examples) as a list of sentences")
    if not all(isinstance(entry.get(flag, False), bool) for flag in (*_FLAGS, "whole_match")):
        raise LexiconError(f"{where}: {sorted(_FLAGS)} and whole_match are true or false")
    pieces = [entry["regex"]] if isinstance(entry["regex"], str) else entry["regex"]
    if not _strings(pieces) or any("\n" in p for p in pieces):
        raise LexiconError(f"{where}: regex must be one line or a list of one-line pieces")
    return {**entry, "regex": "".join(pieces)}


@functools.cache
def pattern_entries(path: Path = PATTERN_FILE) -> dict[str, dict]:
    """Every entry of the pattern file by name, its shape checked, its regex still with placeholders."""
    data = _entries(path)
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: must map pattern names to entries")
    if clash := set(data) & set(word_lists()):
        raise LexiconError(f"{path}: {sorted(clash)} name both a pattern and a list of {LEXICON_FILE.name}")
    return {name: _checked_pattern(path, name, entry) for name, entry in data.items()}


def expand(name: str, fills: dict[str, str], path: Path = PATTERN_FILE, outer: tuple[str, ...] = ()) -> str:
    """The regex text of a pattern with each placeholder replaced: {x} by the value the caller gives
    for x, else by the regex text of the pattern x, else by the words of list x of words.yaml
    (lexicon.alternation; {x+y} joins lists x and y)."""
    entries = pattern_entries(path)
    if name not in entries:
        raise LexiconError(f"{path}: no pattern named {name!r}")
    if name in outer:
        raise LexiconError(f"{path}: pattern {name!r} holds itself through {' -> '.join(outer)}")

    def fill(m: re.Match[str]) -> str:
        key = m.group(1)
        if key in fills:
            return fills[key]
        if key in entries:
            return expand(key, fills, path, (*outer, name))
        if all(n in word_lists() for n in key.split("+")):
            return alternation(*key.split("+"))
        raise LexiconError(f"{path}: pattern {name!r} names {{{key}}}, which is no pattern, no list of "
                           f"{LEXICON_FILE.name} and no value the caller gave")

    return _PLACEHOLDER.sub(fill, entries[name]["regex"])


def compile_pattern(name: str, fills: dict[str, str] | None = None, path: Path = PATTERN_FILE) -> re.Pattern[str]:
    """A pattern of the file compiled with its flags (see expand for the placeholders)."""
    entry = pattern_entries(path).get(name, {})
    flags = 0
    for key, flag in _FLAGS.items():
        flags |= flag if entry.get(key) else 0
    text = expand(name, fills or {}, path)
    try:
        return re.compile(text, flags)
    except re.error as error:
        raise LexiconError(f"{path}: pattern {name!r} does not compile: {error}") from None


@functools.cache
def pattern(name: str, **fills: str) -> re.Pattern[str]:
    """The pattern `name` of lexicons/patterns.yaml, compiled once. Keyword arguments fill the
    placeholders a rule builds from its own Python values ({months}, {count_words})."""
    return compile_pattern(name, fills)
