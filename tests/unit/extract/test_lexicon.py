"""The shared word lists (pipeline/extract/lexicons/words.yaml): each loads, has a reason, and each of
its examples holds one of its words; a list of another shape stops the load, naming the list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.extract.lexicon import LexiconError, alternation, examples, word_lists, words


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
