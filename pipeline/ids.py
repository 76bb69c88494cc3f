"""Deterministic ids: every id critmin gives (mentions, meetings, people, restrictions) is a hash of a
canonical key, so the same input gives the same ids in every run and every release."""

import hashlib


def stable_id(*parts) -> str:
    """First 16 hex characters of the SHA-256 of the parts joined by '|' (None as empty)."""
    return hashlib.sha256("|".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:16]
