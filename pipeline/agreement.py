"""`make agreement`: how far two people who annotate the same real articles agree, the ceiling any reader
of them can be measured against. tests/realnews/gold-second/ holds a second gold for a sample of
development articles, written by annotators who had seen neither the first gold nor critmin's output.
Each gold is turned into the tables the project's scorer reads and scored against the other, with the
scorer's own matching; where `make eval` has built the development part, critmin is scored against both
on the same articles. Only gold files are read, so it runs without the third-party texts."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import polars as pl

from pipeline.evaluation import SCORER, TABLES, run_scorer
from pipeline.realnews import REALNEWS
from pipeline.warehouse import CURRENT_LINK, PROJECT_ROOT

SECOND = REALNEWS / "gold-second"
FIRST = REALNEWS / "gold"
EVAL_OUT = PROJECT_ROOT / "warehouse" / "eval"
SHOWN_SLOTS = ("meeting_date", "person_country", "restriction_date", "restriction_action")


def full_date(value: str | None) -> str | None:
    """A gold date as the tables store it: "2025-07" is the 1st of July (SPEC), "2025" the 1st of January."""
    if not value:
        return None
    return {4: value + "-01-01", 7: value + "-01"}.get(len(value), value[:10])


def _participant(mention_id: str, p: dict) -> dict:
    kind = p["kind"]
    if kind == "country":
        return {"meeting_mention_id": mention_id, "participant_kind": "country", "name": p["iso3"],
                "country_iso3": p["iso3"], "role": None, "person_id": None}
    return {"meeting_mention_id": mention_id, "participant_kind": kind, "name": p.get("name"),
            "country_iso3": p.get("country"), "role": p.get("role"),
            "person_id": (p.get("key") or p.get("name")) if kind == "person" else None}


def gold_tables(gold_files: list[Path]) -> dict[str, list[dict]]:
    """The articles, meeting, participant and restriction mention rows one gold states, as critmin would
    write them: one meeting mention per gold meeting, one restriction row per mineral."""
    t: dict[str, list[dict]] = {"articles": [], "meeting_mentions": [], "participant_mentions": [],
                                "restriction_mentions": []}
    for path in gold_files:
        g = json.loads(path.read_text(encoding="utf-8"))
        aid = path.stem
        t["articles"].append({"article_id": aid, "url": g.get("url"), "source_file": g.get("file")})
        for i, m in enumerate(g.get("meetings", [])):
            mid = f"{aid}:m{i}"
            t["meeting_mentions"].append({
                "mention_id": mid, "article_id": aid, "meeting_id": m.get("key") or mid,
                "meeting_format": m.get("format"), "start_date": full_date(m.get("date")),
                "date_precision": m.get("precision"), "city": m.get("city"), "country_iso3": m.get("country")})
            t["participant_mentions"] += [_participant(mid, p) for p in m.get("participants", [])]
        for r in g.get("restrictions", []):
            for mineral in r["minerals"]:
                t["restriction_mentions"].append({
                    "article_id": aid, "restriction_id": f"{r.get('key')}:{mineral}",
                    "imposing_iso3": r.get("imposer"), "target_iso3": r.get("target"), "mineral_id": mineral,
                    "measure": r.get("measure"), "action": r.get("action"),
                    "announced_date": full_date(r.get("date")), "date_precision": r.get("precision"),
                    **{f"{c}_date": full_date(r.get(f"{c}_date")) for c in ("effective", "end")},
                    **{f"{c}_date_precision": r.get(f"{c}_precision") for c in ("effective", "end")},
                    "product_stage": r.get("product_stage")})
    return t


def write_tables(tables: dict[str, list[dict]], folder: Path) -> Path:
    """Each table as `<name>.parquet` in `folder`, every column a string (the scorer compares text)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = sorted({k for r in rows for k in r}) or ["article_id"]
        frame = pl.DataFrame({c: [None if r.get(c) is None else str(r[c]) for r in rows] for c in columns},
                             schema={c: pl.String for c in columns})
        frame.write_parquet(folder / f"{name}.parquet")
    return folder


def paired(second: Path, first: Path) -> list[tuple[Path, Path]]:
    """(second, first) gold files of the same article: same file name, else the same url."""
    by_url = {json.loads(p.read_text(encoding="utf-8")).get("url"): p for p in sorted(first.glob("*.json"))}
    pairs = []
    for s in sorted(second.glob("*.json")):
        f = first / s.name
        if not f.exists():
            f = by_url.get(json.loads(s.read_text(encoding="utf-8")).get("url"))
        if f is None:
            raise SystemExit(f"critmin agreement: {s} has no first gold in {first} (same file name or url); "
                             "remove it or add the first gold")
        pairs.append((s, f))
    return pairs


def compare(second: Path = SECOND, first: Path = FIRST, critmin: Path | None = None) -> dict:
    """Second gold scored against the first and the first against the second; critmin's tables (a
    built development part) against each, on the same articles."""
    pairs = paired(second, first)
    results: dict = {"articles": len(pairs)}
    with tempfile.TemporaryDirectory(prefix="critmin-agreement-") as tmp:
        golds = {}
        for label, files in (("second", [s for s, _ in pairs]), ("first", [f for _, f in pairs])):
            golds[label] = Path(tmp) / f"gold-{label}"
            golds[label].mkdir()
            for f in files:
                shutil.copy(f, golds[label] / f.name)
        for reader, gold in (("second", "first"), ("first", "second")):
            tables = write_tables(gold_tables(sorted(golds[reader].glob("*.json"))), Path(tmp) / f"t-{reader}")
            results[f"{reader} vs {gold}"] = run_scorer(tables, golds[gold], Path(tmp) / f"{reader}-vs-{gold}.json")
        if critmin is not None:
            # the scores go to the temporary folder, never into the build being read
            for label in ("first", "second"):
                results[f"critmin vs {label}"] = run_scorer(critmin, golds[label], Path(tmp) / f"critmin-vs-{label}.json")
    return results


def markdown(results: dict) -> str:
    rows = [k for k in results if k != "articles"]
    lines = [f"Agreement on {results['articles']} articles (reader vs gold: F1, the scorer's matching)", "",
             "| reader vs gold | " + " | ".join(TABLES) + " | extraction_f1 | " + " | ".join(SHOWN_SLOTS) + " |",
             "|---|" + "---|" * (len(TABLES) + 1 + len(SHOWN_SLOTS))]
    for k in rows:
        r = results[k]
        cells = ["-" if r[t]["f1"] is None else f"{r[t]['f1']:.3f}" for t in TABLES]
        slots = ["-" if r.get(s) is None else f"{r[s]:.3f}" for s in SHOWN_SLOTS]
        lines.append(f"| {k} | " + " | ".join(cells) + f" | **{r['extraction_f1']:.3f}** | " + " | ".join(slots) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--second", type=Path, default=SECOND)
    parser.add_argument("--first", type=Path, default=FIRST)
    parser.add_argument("--out", type=Path, default=EVAL_OUT)
    args = parser.parse_args(argv)
    if not SCORER.exists():
        print(f"critmin agreement: the project's scorer is not at {SCORER}; put the shared folder beside the project",
              file=sys.stderr)
        return 2
    if not any(args.second.glob("*.json")):
        print(f"critmin agreement: no second gold in {args.second}", file=sys.stderr)
        return 2
    built = args.out / "realnews-dev" / CURRENT_LINK
    critmin = built if (built / "articles.parquet").exists() else None
    if critmin is None:
        print(f"critmin agreement: {built} is not built (run `make eval` with the real-news texts present); "
              "scoring the two golds against each other only")
    results = compare(args.second, args.first, critmin)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "agreement.json").write_text(json.dumps(results, indent=2, default=str))
    (args.out / "agreement.md").write_text(markdown(results))
    print(markdown(results))
    print(f"written to {args.out / 'agreement.md'} and agreement.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
