"""Error analysis for `make eval`: per table, the rows critmin got wrong on a corpus (false positives
with their evidence sentence, false negatives with the gold row), each with a coarse category, and
counts per category, so that each change aims at the biggest one. Matching follows the scorer's:
meetings paired one to one by its similarity, restrictions on imposer, target and mineral."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import duckdb

# The categories, in the order of the table; "gold convention" is given by hand, never guessed.
CATEGORIES = {
    "meeting missed": "no meeting of the article shares a country with the gold one: cue not recognised or parties not found",
    "meeting split or merged": "a meeting sharing countries exists but was not paired: parties, date or format differ",
    "meeting invented": "a meeting the gold does not hold",
    "restriction missed": "no row of the article names the mineral: cue not recognised, or a background restriction",
    "wrong imposer or target": "a row names the mineral with another imposer or target",
    "restriction invented": "a row whose mineral no gold restriction of the article names",
    "wrong step": "imposer, target and mineral agree; the action differs",
    "date wrong": "paired, but the date differs or was not resolved",
}


def _rows(con, folder: Path, table: str) -> list[dict]:
    path = folder / f"{table}.parquet"
    if not path.exists():
        path = folder / "intermediate" / f"{table}.parquet"
    cur = con.execute(f"SELECT * FROM read_parquet('{path}')")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def restriction_errors(gold: dict, pred: list[dict], sc) -> list[dict]:
    """The errors of one article's restrictions."""
    out, taken = [], set()
    for r in gold.get("restrictions", []):
        for m in r["minerals"]:
            same = [i for i, p in enumerate(pred) if i not in taken and sc.same_mineral(p["mineral_id"] or "", m)]
            exact = [i for i in same if pred[i]["imposing_iso3"] == r["imposer"] and pred[i]["target_iso3"] == r.get("target")]
            if exact:
                i = next((i for i in exact if pred[i]["action"] == r.get("action")), exact[0])
                taken.add(i)
                p = pred[i]
                if p["action"] != r.get("action"):
                    out.append(_error("restrictions", "wrong step", p["evidence_text"], r, p))
                elif r.get("date") and not sc.same_date(p["announced_date"], p["date_precision"], r["date"], r.get("precision")):
                    out.append(_error("restrictions", "date wrong", p["evidence_text"], r, p))
                continue
            category = "wrong imposer or target" if same else "restriction missed"
            out.append(_error("restrictions", category, pred[same[0]]["evidence_text"] if same else None, {**r, "mineral": m}))
    for i, p in enumerate(pred):
        if i not in taken and not any(sc.same_mineral(p["mineral_id"] or "", m) for r in gold.get("restrictions", [])
                                      for m in r["minerals"]):
            out.append(_error("restrictions", "restriction invented", p["evidence_text"], None, p))
    return out


def meeting_errors(gold: dict, pred: list[dict], parts: dict[str, list[dict]], sc) -> list[dict]:
    """The errors of one article's meetings."""
    pairs = sorted(((sc.meeting_similarity(g, p, parts.get(p["mention_id"], [])), gi, pi)
                    for gi, g in enumerate(gold.get("meetings", [])) for pi, p in enumerate(pred)), reverse=True)
    used_g, used_p, out = set(), set(), []
    for s, gi, pi in pairs:
        if s >= 0.5 and gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            g, p = gold["meetings"][gi], pred[pi]
            if g.get("date") and not sc.same_date(p["start_date"], p["date_precision"], g["date"], g.get("precision")):
                out.append(_error("meetings", "date wrong", p["evidence_text"], g, p))
    for gi, g in enumerate(gold.get("meetings", [])):
        if gi not in used_g:
            near = [p for p in pred if sc.gold_countries(g) & sc.pred_countries(parts.get(p["mention_id"], []))]
            out.append(_error("meetings", "meeting split or merged" if near else "meeting missed",
                              near[0]["evidence_text"] if near else None, g))
    out += [_error("meetings", "meeting invented", p["evidence_text"], None, p) for pi, p in enumerate(pred) if pi not in used_p]
    return out


def _error(table: str, category: str, evidence: str | None, gold: dict | None, pred: dict | None = None) -> dict:
    keep = ("imposer", "target", "mineral", "action", "date", "precision", "key", "name", "format")
    shown = ("imposing_iso3", "target_iso3", "mineral_id", "action", "announced_date", "meeting_format", "start_date")
    return {"table": table, "category": category, "evidence": evidence,
            "gold": {k: gold[k] for k in keep if gold and k in gold} or None,
            "found": {k: str(pred[k]) for k in shown if pred and pred.get(k) is not None} or None}


def analyse(folder: Path, gold_by_article: dict[str, dict], sc) -> list[dict]:
    """Every error of the corpus built in `folder` (its current build), each with its article."""
    con = duckdb.connect()
    meetings, restrictions = _rows(con, folder, "meeting_mentions"), _rows(con, folder, "restriction_mentions")
    parts: dict[str, list[dict]] = {}
    for p in _rows(con, folder, "participant_mentions"):
        parts.setdefault(p["meeting_mention_id"], []).append(p)
    out = []
    for article, gold in gold_by_article.items():
        found = [e | {"article": gold.get("url") or gold.get("file")} for e in
                 meeting_errors(gold, [m for m in meetings if m["article_id"] == article], parts, sc)
                 + restriction_errors(gold, [r for r in restrictions if r["article_id"] == article], sc)]
        out += found
    return out


def report(errors: list[dict], corpus: str) -> str:
    """Markdown: counts per category, then each error with its evidence."""
    counts = Counter(e["category"] for e in errors)
    lines = [f"# Errors on {corpus}", "", "| category | errors | meaning |", "|---|---|---|"]
    lines += [f"| {c} | {counts[c]} | {meaning} |" for c, meaning in CATEGORIES.items() if counts[c]]
    for e in errors:
        lines += ["", f"- **{e['category']}** ({e['table']}) in {e.get('article', '?')}",
                  f"  - gold: `{json.dumps(e['gold'], default=str)}`" if e["gold"] else "  - gold: none",
                  f"  - found: `{json.dumps(e['found'])}`" if e["found"] else "  - found: nothing",
                  f"  - evidence: {e['evidence']}" if e["evidence"] else "  - evidence: none"]
    return "\n".join(lines) + "\n"
