"""Syndicated copies: the same story on several sites, found by near-duplicate detection on the body
(MinHash over word shingles), so it counts once."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
# Jaccard similarity of 5-word shingles above which two bodies are copies of one story: an edited
# headline, a different photo caption or a trimmed last paragraph stay above it; two stories on one
# event written separately fall far below it.
SAME_STORY = 0.7


def _minhash(body: str) -> MinHash:
    from datasketch import MinHash  # with scipy, a second to import: only when there is something to hash

    words = re.findall(r"\w+", body.lower())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=7)
    m.update_batch([s.encode() for s in sorted(shingles)])  # one numpy pass: the same values as one by one
    return m


def story_ids(articles: list[tuple[str, str]], previous: dict[str, str] | None = None) -> dict[str, str]:
    """article_id -> story_id for (article_id, body) pairs given in reading order: the story_id is the
    article_id of the first copy read. Articles an earlier build already placed (`previous`, article_id
    -> story_id) keep their story and are read first, so a copy added later never renames a story."""
    previous = previous or {}
    known = [a for a in articles if a[0] in previous]
    new = [a for a in articles if a[0] not in previous]
    if not new:  # a rebuild with nothing new: every article keeps its story, nothing to hash
        return {article_id: previous[article_id] for article_id, _ in articles}
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=SAME_STORY, num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    order: dict[str, int] = {}
    story: dict[str, str] = {}
    for article_id, body in known + new:
        m = _minhash(body)
        if article_id in previous:
            story[article_id] = previous[article_id]
        else:
            copies = [c for c in lsh.query(m) if hashes[c].jaccard(m) >= SAME_STORY]
            story[article_id] = story[min(copies, key=order.__getitem__)] if copies else article_id
        order[article_id] = len(order)
        hashes[article_id] = m
        lsh.insert(article_id, m)
    return story
