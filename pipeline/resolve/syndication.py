"""Syndicated copies: the same story on several sites, found by near-duplicate detection on the body
(MinHash over word shingles, banded into an LSH index), so it counts once.

The MinHash is datasketch's (its default `affine32` scheme: SHA-1 of each shingle, the MurmurHash3
finalizer, then odd affine permutations modulo 2^32, seeded) and the index uses the bands datasketch's
MinHashLSH chooses for this threshold, written here with numpy alone: importing datasketch imports scipy,
over a second of every cold build. tests/unit/resolve/test_syndication.py checks both against
datasketch, value for value."""

from __future__ import annotations

import hashlib
import re
import struct

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 7
# Jaccard similarity of 5-word shingles above which two bodies are copies of one story: an edited
# headline, a different photo caption or a trimmed last paragraph stay above it; two stories on one
# event written separately fall far below it.
SAME_STORY = 0.7
# The LSH bands MinHashLSH(threshold=SAME_STORY, num_perm=NUM_PERM) picks (it minimises the sum of
# false-positive and false-negative probabilities): 14 bands of 9 values.
BANDS, ROWS = 14, 9

_FMIX = tuple(np.uint32(c) for c in (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16))


def _permutations(seed: int, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_A, _B = _permutations(SEED, NUM_PERM)


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def shingles(body: str) -> set[str]:
    words = re.findall(r"\w+", body.lower())
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def signature(body: str) -> np.ndarray:
    """The MinHash of the body's shingles: NUM_PERM uint32 values."""
    hashed = np.array([struct.unpack("<I", hashlib.sha1(s.encode()).digest()[:4])[0] for s in shingles(body)],
                      dtype=np.uint32).reshape(-1, 1)
    return (_fmix32(hashed) * _A + _B).min(axis=0)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate of the Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def _bands(sig: np.ndarray) -> list[bytes]:
    return [bytes(sig[i * ROWS:(i + 1) * ROWS].byteswap().data) for i in range(BANDS)]


# Names the signatures' parameters, so that signatures kept from an earlier reading (a batch's
# state/, pipeline/assets/batches.py) are used only while they are computed the same way.
SIGNATURE_KIND = f"minhash-affine32-{SHINGLE_WORDS}w-{NUM_PERM}p-s{SEED}"


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint32)


def story_ids(articles: list[tuple[str, str]], previous: dict[str, str] | None = None,
              signatures: dict[str, np.ndarray] | None = None) -> dict[str, str]:
    """article_id -> story_id for (article_id, body) pairs given in reading order: the story_id is the
    article_id of the first copy read. Articles an earlier build already placed (`previous`, article_id
    -> story_id) keep their story and are read first, so a copy added later never renames a story.
    `signatures`: article_id -> signature already computed (the others are computed here)."""
    previous, known_signatures = previous or {}, signatures or {}
    known = [a for a in articles if a[0] in previous]
    new = [a for a in articles if a[0] not in previous]
    if not new:  # a rebuild with nothing new: every article keeps its story, nothing to hash
        return {article_id: previous[article_id] for article_id, _ in articles}
    tables: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]
    signatures: dict[str, np.ndarray] = {}
    order: dict[str, int] = {}
    story: dict[str, str] = {}
    for article_id, body in known + new:
        sig = known_signatures[article_id] if article_id in known_signatures else signature(body)
        bands = _bands(sig)
        if article_id in previous:
            story[article_id] = previous[article_id]
        else:
            candidates = {c for band, table in zip(bands, tables) for c in table.get(band, ())}
            copies = [c for c in candidates if similarity(signatures[c], sig) >= SAME_STORY]
            story[article_id] = story[min(copies, key=order.__getitem__)] if copies else article_id
        order[article_id] = len(order)
        signatures[article_id] = sig
        for band, table in zip(bands, tables):
            table.setdefault(band, []).append(article_id)
    return story
