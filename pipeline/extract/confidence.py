"""The confidence weights of the extractor (lexicons/confidence.yaml), loaded and checked once: each
has a value and a reason, and a weight of another shape stops the load, naming it."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

CONFIDENCE_FILE = Path(__file__).resolve().parent / "lexicons" / "confidence.yaml"


@functools.cache
def weights(path: Path = CONFIDENCE_FILE) -> dict[str, dict[str, float]]:
    """Family (meeting, participant, restriction) -> weight name -> value."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, dict[str, float]] = {}
    for family, entries in data.items():
        out[family] = {}
        for name, entry in entries.items():
            if not isinstance(entry, dict) or set(entry) != {"value", "why"} or not str(entry["why"]).strip():
                raise ValueError(f"{path}: {family}.{name} must be {{value: <number>, why: <reason>}}")
            if not isinstance(entry["value"], (int, float)) or not 0 <= entry["value"] <= 1:
                raise ValueError(f"{path}: {family}.{name} must be a number from 0 to 1 (penalties are subtracted)")
            out[family][name] = float(entry["value"])
    return out
