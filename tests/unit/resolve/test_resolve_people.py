"""Blocking in people merging: a mention is compared only with those sharing a blocking key, and that
must never lose a pair the full comparison would merge."""

from __future__ import annotations

from pipeline.resolve.people import _accepts, blocking_keys, person_similarity

SPELLINGS = ["Koo Yoon-chul", "Koo Yun-cheol", "Lars Klingbeil", "Klingbeil", "Kingbeil", "Anthony Albanese",
             "Anthony Norman Albanese", "Albanese", "Scott Bessent", "Bessent", "Katsunobu Kato", "Kato",
             "Alexandros Papadopoulos", "Alexandras Papadopulos", "He Lifeng", "Li Qiang", "J. Smith", "John Smith"]


def test_every_pair_the_full_comparison_accepts_shares_a_blocking_key():
    rows = [{"name": n, "country_iso3": None} for n in SPELLINGS]
    accepted = [(a["name"], b["name"]) for i, a in enumerate(rows) for b in rows[i + 1:]
                if _accepts(*person_similarity(a, b))]
    assert ("Koo Yoon-chul", "Koo Yun-cheol") in accepted and ("Klingbeil", "Kingbeil") in accepted
    assert [(a, b) for a, b in accepted if not blocking_keys(a) & blocking_keys(b)] == []


def test_blocking_keys_keep_different_people_apart():
    assert not blocking_keys("Scott Bessent") & blocking_keys("He Lifeng")
    # the family name, the given name and its consonant skeleton (Yoon-chul, Yun-cheol romanise alike)
    assert blocking_keys("Koo Yoon-chul") == frozenset({"t:koo", "t:yoonchul", "s:nchl"})
