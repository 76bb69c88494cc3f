"""The cue phrases (pipeline/extract/lexicons/patterns.yaml): every pattern matches each of its
examples and none of its counter-examples, compiled as the rules compile it; a bad entry stops the
load, naming the file and the entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.extract import meetings, reading_patterns, restrictions
from pipeline.extract.lexicon import LexiconError, compile_pattern, pattern, pattern_entries

ENTRIES = pattern_entries()
# The values the rules fill placeholders with ({months}, {count_words}, {item_count_words}).
FILLS = {**meetings.PATTERN_FILLS, **restrictions.PATTERN_FILLS}


def _finds(compiled: re.Pattern[str], entry: dict, sentence: str) -> bool:
    return bool(compiled.fullmatch(sentence) if entry.get("whole_match") else compiled.search(sentence))


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_every_example_matches_and_no_counter_example_does(name: str):
    entry = ENTRIES[name]
    compiled = pattern(name, **FILLS)
    assert [s for s in entry["examples"] if not _finds(compiled, entry, s)] == []
    assert [s for s in entry.get("counter_examples", []) if _finds(compiled, entry, s)] == []


def test_the_rules_use_the_patterns_of_the_file():
    assert meetings.NOUN_CUE is pattern("meeting_noun_cue")
    assert reading_patterns.REPORTED_BEFORE.pattern == reading_patterns.REPORTED.pattern + r"[^.]{0,12}$"
    assert reading_patterns._PINYIN_WORD.pattern == f"(?:{reading_patterns._PINYIN_SYLLABLE}){{1,2}}"
    assert meetings.FUTURE.flags & re.IGNORECASE and reading_patterns.DATE_HEADER.flags & re.MULTILINE
    assert "|".join(meetings.COUNT_WORDS) in meetings.STATED_COUNT.pattern
    assert restrictions.EXPORT_CUE is pattern("export_cue") and restrictions.STRONG_CUE is pattern("strong_cue")
    assert r"\b(\d{1,2}|" + "|".join(restrictions.NUMBER_WORDS) + ")" in restrictions.COUNT_BEFORE.pattern


def test_a_word_list_fills_its_placeholder_longest_word_first():
    assert pattern("reported").pattern.startswith(r"\b(?:announced|reported|")


def _load(tmp_path: Path, text: str, name: str = "cue") -> re.Pattern[str]:
    path = tmp_path / "patterns.yaml"
    path.write_text(text, encoding="utf-8")
    return compile_pattern(name, path=path)


@pytest.mark.parametrize(("text", "message"), [
    ("cue:\n  why: a cue\n  regex: 'met'\n  examples: [We met.]\n  flags: [i]\n",
     r"patterns.yaml: pattern 'cue' has unknown keys \['flags'\]"),
    ("cue:\n  why: a cue\n  regex: 'met'\n", r"pattern 'cue' lacks the keys \['examples'\]"),
    ("cue:\n  why: a cue\n  regex: 'met'\n  examples: []\n", "pattern 'cue' must have examples"),
    ("cue:\n  why: a cue\n  regex: '(?:met'\n  examples: [We met.]\n", "pattern 'cue' does not compile"),
    ("cue:\n  why: a cue\n  regex: '{nowhere}'\n  examples: [We met.]\n", r"pattern 'cue' names \{nowhere\}"),
    ("cue:\n  why: a cue\n  regex: 'met'\n  examples: [We met.]\n  ignore_case: yes please\n", "are true or false"),
])
def test_a_bad_entry_stops_the_load_naming_file_and_entry(tmp_path: Path, text: str, message: str):
    with pytest.raises(LexiconError, match=message):
        _load(tmp_path, text)


def test_placeholders_take_other_patterns_lists_and_given_values(tmp_path: Path):
    text = ("verb:\n  why: v\n  regex: '(?:met|saw)'\n  examples: [We met.]\n"
            "cue:\n  why: c\n  regex: '{verb} {who}, {announcing_verbs}'\n  examples: [We met them.]\n"
            "  ignore_case: true\n")
    path = tmp_path / "patterns.yaml"
    path.write_text(text, encoding="utf-8")
    compiled = compile_pattern("cue", {"who": "them"}, path)
    assert (compiled.pattern, compiled.flags & re.IGNORECASE) == ("(?:met|saw) them, announced", re.IGNORECASE)
