"""The shared word lists (pipeline/extract/lexicons/words.yaml): each loads, has a reason, and each of
its examples holds one of its words; a list of another shape stops the load, naming the list. A list
may be a table of words with their numbers (number_words), which every rule that counts reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.extract import date_values, meetings
from pipeline.extract.lexicon import LexiconError, alternation, examples, word_lists, word_values, words


@pytest.mark.parametrize("name", sorted(word_lists()))
def test_every_example_holds_a_word_of_its_list(name: str):
    pattern = re.compile(rf"\b(?:{alternation(name)})\b")
    assert examples(name)
    assert all(pattern.search(example) for example in examples(name)), name


def test_lists_combine_in_order_each_word_once():
    assert words("reporting_verbs", "announcing_verbs")[-1] == "announced"
    assert alternation("announcing_verbs", "reporting_verbs").split("|")[0] == "announced"  # longest first


def test_a_list_without_a_reason_stops_the_load(tmp_path: Path):
    bad = tmp_path / "words.yaml"
    bad.write_text("hedges:\n  words: [might, could]\n  examples: [\"It might.\"]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="list 'hedges' must have exactly the keys"):
        word_lists(bad)


def test_a_table_gives_its_words_and_numbers_in_file_order():
    numbers = word_values("number_words")
    assert list(numbers)[:3] == ["one", "two", "three"] and numbers["twenty"] == 20
    assert words("number_words") == tuple(numbers)
    with pytest.raises(LexiconError, match="no table of values named 'reporting_verbs'"):
        word_values("reporting_verbs")


def test_the_rules_count_with_the_one_table_and_their_own_extra_words():
    numbers = word_values("number_words")
    assert {w: v for w, v in date_values._NUMBER_WORDS.items() if w not in ("a", "an")}.items() <= numbers.items()
    assert {w: v for w, v in meetings.COUNT_WORDS.items() if w != "dozen"}.items() <= numbers.items()


def test_a_table_with_a_word_that_is_no_number_stops_the_load(tmp_path: Path):
    bad = tmp_path / "words.yaml"
    bad.write_text("counts:\n  why: counts\n  values: {two: 2, three: many}\n  examples: [\"two\"]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="list 'counts' must map each word to a whole number"):
        word_lists(bad)
