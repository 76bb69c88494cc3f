"""The relevance gate: which articles can hold a meeting or an export restriction on critical minerals,
decided before spaCy from the text alone, so that a news stream's sport, weather and company pages
cost a regular-expression scan and not a parse.

An article is read when either
- it names a mineral of our gazetteer (any of its forms and aliases, but not the forms that are also
  common words: "lead", "tin", "silver", "magnets"), or says "minerals", "raw materials" or "supply
  chains": it may hold a restriction, or a meeting on minerals;
- or it has a meeting word of the rules (lexicons/patterns.yaml: meeting_noun_cue, meeting_verb_cue,
  "signed") and names countries or groups at least twice: SPEC counts any gathering of two countries'
  representatives (a Quad summit that names no mineral is a meeting).
The test is polars string expressions (Rust regex, all cores), so it costs little beside spaCy."""

from __future__ import annotations

import functools
import re

import polars as pl

from pipeline.extract.gazetteers import country_lexicon, group_lexicon
from pipeline.extract.lexicon import pattern
from pipeline.extract.mineral_gazetteer import AMBIGUOUS_MINERAL_FORMS, mineral_lexicon

# What every article the gate stops is told, in `articles.off_topic_reason`.
OFF_TOPIC_REASON = ("relevance gate: names no mineral (pipeline/extract/data/minerals.yaml), no 'minerals', "
                    "'raw materials' or 'supply chains', and no meeting word with two country names; "
                    "not read for meetings or restrictions")
GENERIC_WORDS = ("minerals?", "raw materials?", "supply chains?")
# Country and group forms of three letters or fewer count only in capitals: "US", "EU", not "us".
SHORT = 3
_RUST_META = re.compile(r"([\\.+*?()|\[\]{}^$#&~-])")


@functools.cache
def relevance_pattern() -> str:
    """The gate as a Rust-regex pattern (polars `str.contains`): every unambiguous mineral form, longest
    first, then the generic words, between word boundaries, case-insensitive."""
    forms = [f for f in mineral_lexicon() if f not in AMBIGUOUS_MINERAL_FORMS]
    return rf"(?i)\b(?:{_alternation(forms)}|{'|'.join(GENERIC_WORDS)})\b"


def _alternation(forms) -> str:
    return "|".join(_RUST_META.sub(r"\\\1", f) for f in sorted(forms, key=lambda f: (-len(f), f)))


@functools.cache
def country_pattern() -> str:
    """Any country or group form of the gazetteers (names, demonyms, capitals, "G7", "the Quad")."""
    forms = set(country_lexicon()) | set(group_lexicon())
    long, short = [f for f in forms if len(f) > SHORT], [f.upper() for f in forms if len(f) <= SHORT]
    return rf"(?i)\b(?:{_alternation(long)}|(?-i:{_alternation(short)}))\b"


@functools.cache
def meeting_word_pattern() -> str:
    """The rules' meeting nouns and verbs, and "signed" (a memorandum signed together)."""
    cues = [pattern(name).pattern for name in ("meeting_noun_cue", "meeting_verb_cue")] + [r"\bsign(?:ed|s|ing)\b"]
    return "(?i)" + "|".join(f"(?:{c})" for c in cues)


def on_topic(body: pl.Expr) -> pl.Expr:
    """Whether each body passes the gate; a null body does not."""
    minerals = body.str.contains(relevance_pattern())
    meeting = body.str.contains(meeting_word_pattern()) & (body.str.count_matches(country_pattern()) >= 2)
    return (minerals | meeting).fill_null(False)


def gate_columns(body: pl.Expr) -> list[pl.Expr]:
    """The two `articles` columns the gate fills: on_topic, and off_topic_reason (null when on topic).
    The regexes run once per body: the reason is derived from the flag in a second, lazy step."""
    flag = pl.col("on_topic")
    return [on_topic(body).alias("on_topic"),
            pl.when(flag).then(None).otherwise(pl.lit(OFF_TOPIC_REASON)).alias("off_topic_reason")]


def gate(frame: pl.DataFrame, body: str = "body") -> pl.DataFrame:
    """on_topic and off_topic_reason for every row of `frame`, from its `body` column."""
    flag, reason = gate_columns(pl.col(body))
    return frame.lazy().select(flag).with_columns(reason).collect()
