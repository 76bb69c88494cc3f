"""The trained scorer: a logistic model per table, trained on the development part of the real-news gold
(`make train`, pipeline/train.py), that reads each row's features (row_features.py), sets its
`confidence` to the probability that the row is right, and drops rows under the table's threshold.
The model is a small JSON file in the repository, and models/use.yaml says which tables use it (a table
whose rules' confidence beat the model on held-out real news keeps the rules'); without the model the
rules' own confidence stands and no row is dropped. Nothing is downloaded."""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import yaml

MODEL_FILE = Path(__file__).resolve().parent / "models" / "scorer.json"
PARTICIPANT_TABLES = {"country": "participant_countries", "person": "persons", "organization": "organizations"}


USE_FILE = MODEL_FILE.parent / "use.yaml"


@functools.cache
def load_model(path: Path = MODEL_FILE, use: Path | None = USE_FILE) -> dict | None:
    """The model file with the tables use.yaml gives the scorer (the others keep the rules' confidence),
    or None when there is none (the rule path)."""
    if not path.exists():
        return None
    model = json.loads(path.read_text(encoding="utf-8"))
    if use is not None and use.exists():
        chosen = yaml.safe_load(use.read_text(encoding="utf-8")) or {}
        model["tables"] = {t: m for t, m in model["tables"].items() if chosen.get(t, False)}
    return model


def encode(features: dict) -> dict[str, float]:
    """Numbers and yes/no as they are, words one-hot: {"basis": "context"} -> {"basis=context": 1.0}."""
    out = {}
    for name, value in features.items():
        if isinstance(value, bool) or isinstance(value, (int, float)):
            out[name] = float(value)
        else:
            out[f"{name}={value}"] = 1.0
    return out


def probability(table: dict, features: dict) -> float:
    z = table["intercept"] + sum(table["weights"].get(name, 0.0) * x for name, x in encode(features).items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _judged(rows: list[dict], table_of, model: dict) -> list[dict]:
    kept = []
    for row in rows:
        table = model["tables"].get(table_of(row))
        if table is None:
            kept.append(row)
            continue
        p = probability(table, row["features"])
        if p >= table["threshold"]:
            kept.append({**row, "confidence": round(p, 3)})
    return kept


def score_rows(meetings: list[dict], participants: list[dict], restrictions: list[dict], model: dict | None
               ) -> tuple[list[dict], list[dict], list[dict]]:
    """The rows the model keeps, each with its probability as confidence; a participant of a dropped
    meeting goes with it. With no model, the rows as the rules made them."""
    if model is None:
        return meetings, participants, restrictions
    meetings = _judged(meetings, lambda r: "meetings", model)
    kept = {m["mention_id"] for m in meetings}
    participants = _judged([p for p in participants if p["meeting_mention_id"] in kept],
                           lambda r: PARTICIPANT_TABLES[r["participant_kind"]], model)
    return meetings, participants, _judged(restrictions, lambda r: "restrictions", model)


def without_features(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "features"} for row in rows]
