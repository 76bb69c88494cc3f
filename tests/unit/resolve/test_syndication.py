"""Syndicated copies (pipeline/resolve/syndication.py): a lightly edited copy of an article is the same
story; two articles written separately about the same event are not. The articles were written for
these tests and report a public event in our own words."""

from __future__ import annotations

import random

import pytest

from pipeline.resolve.syndication import BANDS, NUM_PERM, ROWS, SAME_STORY, SEED, shingles, signature, similarity, story_ids

ORIGINAL_ID, COPY_ID, OTHER_ID, LATE_ID = "a000000000000001", "a000000000000002", "a000000000000003", "a000000000000004"

# About 150 words, as a wire service would send it.
ORIGINAL = """China restricts exports of two chip metals

China's commerce ministry said on Monday, July 3, 2023, that exports of gallium and germanium will need a licence from August 1. The rule also covers a list of compounds made from the two metals, including gallium arsenide and germanium dioxide.

Gallium goes into radio chips, power electronics and light-emitting diodes, while germanium is used in fibre-optic cables, infrared lenses and some solar cells. China mines and refines most of the world's supply of both metals.

Exporters will have to name the foreign buyer and say what the metals will be used for. Officials in Beijing described the measure as a matter of national security and said it was not aimed at any one country.

Traders in Europe and Japan said customers were already asking for extra shipments before the deadline, and prices for gallium rose in early trading. Analysts expect the licences to slow deliveries for several months."""

# The same text on another site: a new headline, the last sentence cut, a photo credit added.
COPY = """Beijing puts gallium and germanium under licence

China's commerce ministry said on Monday, July 3, 2023, that exports of gallium and germanium will need a licence from August 1. The rule also covers a list of compounds made from the two metals, including gallium arsenide and germanium dioxide.

Gallium goes into radio chips, power electronics and light-emitting diodes, while germanium is used in fibre-optic cables, infrared lenses and some solar cells. China mines and refines most of the world's supply of both metals.

Exporters will have to name the foreign buyer and say what the metals will be used for. Officials in Beijing described the measure as a matter of national security and said it was not aimed at any one country.

Traders in Europe and Japan said customers were already asking for extra shipments before the deadline, and prices for gallium rose in early trading.

Photo: a sample of refined gallium. Credit: Test Picture Desk."""

# The same announcement, written separately by another newsroom.
OTHER = """Licences needed for gallium and germanium shipments

Beijing will require companies to obtain permits before selling gallium or germanium abroad, the Ministry of Commerce announced on July 3. The controls start on the first day of August and extend to several chemical compounds of the two elements.

Both metals matter for the semiconductor industry. Gallium nitride and gallium arsenide chips power mobile phone networks and military radar, and germanium is needed for optical fibre and thermal imaging. Chinese producers account for the great majority of world output.

Applicants must report who will receive the goods and how they will be used. The ministry said the step protects national security and interests, and it did not single out the United States, which has limited sales of advanced chips to China.

Some manufacturers in South Korea and Taiwan said they held stocks for a few months. Prices outside China climbed as buyers rushed to secure material."""


def test_a_lightly_edited_copy_shares_the_story_of_the_original():
    assert 140 <= len(ORIGINAL.split()) <= 170
    stories = story_ids([(ORIGINAL_ID, ORIGINAL), (COPY_ID, COPY)])
    assert stories == {ORIGINAL_ID: ORIGINAL_ID, COPY_ID: ORIGINAL_ID}


def test_two_articles_written_separately_about_one_event_are_two_stories():
    stories = story_ids([(ORIGINAL_ID, ORIGINAL), (OTHER_ID, OTHER)])
    assert stories == {ORIGINAL_ID: ORIGINAL_ID, OTHER_ID: OTHER_ID}
    # Far below the threshold, not just under it: the two share facts, not sentences.
    assert similarity(signature(ORIGINAL), signature(OTHER)) < 0.1 < SAME_STORY


def test_the_copy_read_first_names_the_story_and_later_copies_do_not_rename_it():
    stories = story_ids([(COPY_ID, COPY), (OTHER_ID, OTHER), (ORIGINAL_ID, ORIGINAL)])
    assert stories == {COPY_ID: COPY_ID, OTHER_ID: OTHER_ID, ORIGINAL_ID: COPY_ID}
    # A third copy read later joins the same story, whichever copy it resembles most.
    late = ORIGINAL.replace("China restricts exports of two chip metals", "Two chip metals need licences")
    stories = story_ids([(ORIGINAL_ID, ORIGINAL), (COPY_ID, COPY), (OTHER_ID, OTHER), (LATE_ID, late)])
    assert stories[LATE_ID] == stories[COPY_ID] == ORIGINAL_ID
    assert stories[OTHER_ID] == OTHER_ID


def test_story_ids_are_the_same_in_every_run():
    articles = [(ORIGINAL_ID, ORIGINAL), (OTHER_ID, OTHER), (COPY_ID, COPY)]
    assert story_ids(articles) == story_ids(articles) == {
        ORIGINAL_ID: ORIGINAL_ID, OTHER_ID: OTHER_ID, COPY_ID: ORIGINAL_ID}


def test_a_rebuild_with_nothing_new_keeps_every_story_and_a_new_copy_still_joins_one():
    previous = {ORIGINAL_ID: ORIGINAL_ID, OTHER_ID: OTHER_ID}
    assert story_ids([(ORIGINAL_ID, ORIGINAL), (OTHER_ID, OTHER)], previous) == previous
    # With a new article, the known ones are hashed again, so a new copy finds its original.
    stories = story_ids([(ORIGINAL_ID, ORIGINAL), (OTHER_ID, OTHER), (COPY_ID, COPY)], previous)
    assert stories == {**previous, COPY_ID: ORIGINAL_ID}


def test_the_signature_is_datasketch_s_minhash_value_for_value_and_the_bands_its_lsh_s():
    datasketch = pytest.importorskip("datasketch")  # a dev dependency: the build does not import it
    for body in (ORIGINAL, COPY, OTHER, "", "one two"):
        theirs = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED)
        theirs.update_batch([s.encode() for s in sorted(shingles(body))])
        assert signature(body).tolist() == theirs.hashvalues.tolist()
    lsh = datasketch.MinHashLSH(threshold=SAME_STORY, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)


def test_stories_are_those_datasketch_s_index_gives_on_many_edited_copies():
    """Copies cut and edited by chance, at every distance from the threshold: the same stories as the
    index built with datasketch's MinHashLSH, the way critmin built it before."""
    datasketch = pytest.importorskip("datasketch")
    words = ORIGINAL.split() + OTHER.split()
    generator = random.Random(11)
    bodies = []
    for n in range(60):
        kept = [w for w in words if generator.random() > 0.04 * (n % 9)]
        bodies.append((f"a{n:015d}", " ".join(kept if n % 5 else reversed(kept))))
    lsh = datasketch.MinHashLSH(threshold=SAME_STORY, num_perm=NUM_PERM)
    hashes, expected = {}, {}
    for n, (article_id, body) in enumerate(bodies):
        m = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED)
        m.update_batch([s.encode() for s in sorted(shingles(body))])
        copies = [c for c in lsh.query(m) if hashes[c].jaccard(m) >= SAME_STORY]
        expected[article_id] = expected[min(copies)] if copies else article_id
        hashes[article_id] = m
        lsh.insert(article_id, m)
    assert story_ids(bodies) == expected
    assert 1 < len(set(expected.values())) < len(bodies)  # some copies, some stories of their own


def test_signatures_kept_from_an_earlier_reading_are_used_and_the_others_computed():
    articles = [(ORIGINAL_ID, ORIGINAL), (COPY_ID, COPY), (OTHER_ID, OTHER)]
    assert story_ids(articles, signatures={ORIGINAL_ID: signature(ORIGINAL)})[COPY_ID] == ORIGINAL_ID
    # A kept signature is taken as it is: the other story's makes the copy a story of its own.
    assert story_ids(articles, signatures={ORIGINAL_ID: signature(OTHER)})[COPY_ID] == COPY_ID
