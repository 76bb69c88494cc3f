"""`make eval`: build each evaluation corpus, score it with the project's scorer, and measure whether
the `confidence` column tracks precision. Results go to warehouse/eval/results.{json,md}."""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import duckdb
from rapidfuzz import fuzz

from pipeline import error_analysis, realnews, reliability
from pipeline.cli import build
from pipeline.warehouse import PROJECT_ROOT
from pipeline.warehouse import CURRENT_LINK

SHARED_EVAL = PROJECT_ROOT.parent / "shared" / "eval"
SCORER = SHARED_EVAL / "score.py"
CORPORA = {
    "ours": (PROJECT_ROOT / "tests" / "eval_corpus" / "articles", PROJECT_ROOT / "tests" / "eval_corpus" / "gold"),
    "shared": (SHARED_EVAL / "articles", SHARED_EVAL / "gold"),
    "sample": (PROJECT_ROOT / "warehouse" / "sample" / "articles", PROJECT_ROOT / "warehouse" / "sample" / "gold"),
    # Fifteen more of ours, written after the first rules; their misses were read to write later ones.
    "ours2": (PROJECT_ROOT / "tests" / "eval_corpus2" / "articles", PROJECT_ROOT / "tests" / "eval_corpus2" / "gold"),
    # Written after the rules and never looked at while writing them: the number to trust for new text.
    "holdout": (PROJECT_ROOT / "tests" / "eval_holdout" / "articles", PROJECT_ROOT / "tests" / "eval_holdout" / "gold"),
}
TABLES = ["meetings", "participant_countries", "organizations", "persons", "restrictions"]
SLOTS = ["meeting_date", "meeting_country", "meeting_city", "meeting_format", "person_country", "person_role",
         "restriction_date", "restriction_measure", "restriction_action"]
# scored only where the gold states them (SPEC's lifecycle columns); "-" where a corpus's gold does not
LIFECYCLE_SLOTS = ["restriction_effective_date", "restriction_end_date", "restriction_product_stage"]
BUCKETS = [("below 0.5", 0.0, 0.5), ("0.5 to 0.8", 0.5, 0.8), ("0.8 and above", 0.8, 1.01)]
REALNEWS_PARTS = ("realnews-dev", "realnews-heldout")
REE = {"rare_earth_elements", "heavy_rare_earth_elements", "light_rare_earth_elements"}


def _key(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in text if c.isalnum()).lower()


def _family(mineral: str) -> str:
    return "ree" if mineral in REE else mineral


def _gold_by_article(con, warehouse: Path, gold_dir: Path) -> dict[str, dict]:
    articles = con.execute(f"SELECT article_id, url, source_file FROM read_parquet('{warehouse}/articles.parquet')").fetchall()
    by_url = {u: a for a, u, _ in articles if u}
    by_file = {Path(f.split(":")[0]).name: a for a, _, f in articles}
    out = {}
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text())
        article = by_url.get(gold.get("url")) or by_file.get(gold.get("file", ""))
        if article:
            out[article] = gold
    return out


def _scorer():
    """The project's scorer as a module, so calibration judges rows exactly the way it matches them."""
    spec = importlib.util.spec_from_file_location("critmin_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def calibration_rows(warehouse: Path, gold_dir: Path) -> list[tuple[str, float, bool]]:
    """(table, confidence, correct) for every mention row of a gold-annotated article (see judge_rows)."""
    con = duckdb.connect()
    gold = _gold_by_article(con, warehouse, gold_dir)

    def read(table):
        cur = con.execute(f"SELECT * FROM read_parquet('{warehouse}/{table}.parquet')")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    return [(table, row["confidence"], ok) for table, row, ok in judge_rows(
        gold, read("restriction_mentions"), read("meeting_mentions"), read("participant_mentions"), _scorer())]


def judge_rows(gold: dict[str, dict], restrictions: list[dict], meetings: list[dict], participants: list[dict], sc
               ) -> list[tuple[str, dict, bool]]:
    """(table, row, correct) for every mention row of an article with gold, where correct means the
    scorer counts the row as a true positive: a meeting paired with a gold meeting (by the scorer's
    similarity, one to one); a participant country, person or organisation of a paired meeting that its
    gold meeting holds; a restriction whose imposer, target and mineral a gold row has."""
    rows: list[tuple[str, dict, bool]] = []
    for r in restrictions:
        g = gold.get(r["article_id"])
        if g is None:
            continue
        hit = any(x["imposer"] == r["imposing_iso3"] and x.get("target") == r["target_iso3"]
                  and sc.same_mineral(r["mineral_id"] or "", m) for x in g["restrictions"] for m in x["minerals"])
        rows.append(("restrictions", r, hit))
    parts_of = defaultdict(list)
    for p in participants:
        parts_of[p["meeting_mention_id"]].append(p)
    meetings_of = defaultdict(list)
    for m in meetings:
        meetings_of[m["article_id"]].append(m)
    for article, g in gold.items():
        preds = meetings_of.get(article, [])
        pairs = sorted(((sc.meeting_similarity(gm, pm, parts_of[pm["mention_id"]]), gi, pi)
                        for gi, gm in enumerate(g["meetings"]) for pi, pm in enumerate(preds)), reverse=True)
        paired: dict[int, dict] = {}
        used = set()
        for similarity, gi, pi in pairs:
            if similarity >= 0.5 and gi not in used and pi not in paired:
                used.add(gi)
                paired[pi] = g["meetings"][gi]
        for pi, pm in enumerate(preds):
            gm = paired.get(pi)
            rows.append(("meetings", pm, gm is not None))
            rows += [_judge_participant(p, gm, sc) for p in parts_of[pm["mention_id"]]]
    return rows


def _judge_participant(p: dict, gm: dict | None, sc) -> tuple[str, dict, bool]:
    gold_parts = gm["participants"] if gm else []
    if p["participant_kind"] == "country":
        return "participant_countries", p, gm is not None and p["country_iso3"] in sc.gold_countries(gm)
    if p["participant_kind"] == "person":
        return "persons", p, any(sc.same_person(p["name"], x) for x in gold_parts if x["kind"] == "person")
    return "organizations", p, any(sc.same_org(p["name"], x) for x in gold_parts if x["kind"] == "organization")


def calibration_table(rows: list[tuple[str, float, bool]]) -> list[dict]:
    out = []
    for label, lo, hi in BUCKETS:
        chosen = [ok for _, c, ok in rows if lo <= c < hi]
        out.append({"confidence": label, "rows": len(chosen),
                    "precision": round(sum(chosen) / len(chosen), 3) if chosen else None})
    return out


def run_scorer(tables: Path, gold_dir: Path, out: Path) -> dict:
    """The project's scorer on the tables under `tables` against the gold files of `gold_dir`; its JSON goes to `out`."""
    subprocess.run([sys.executable, str(SCORER), "--tables", str(tables), "--gold", str(gold_dir),
                    "--json", str(out)], check=True, capture_output=True)
    return json.loads(out.read_text())


def score(warehouse: Path, gold_dir: Path) -> dict:
    return run_scorer(warehouse / CURRENT_LINK, gold_dir, warehouse / "score.json")


def markdown(results: dict) -> str:
    lines = ["| corpus | " + " | ".join(f"{t} P/R/F1" for t in TABLES) + " | extraction_f1 |",
             "|---|" + "---|" * (len(TABLES) + 1)]
    for name, r in results["scores"].items():
        cells = []
        for t in TABLES:
            v = r[t]
            cells.append("-" if v["f1"] is None else f"{v['precision']:.3f}/{v['recall']:.3f}/{v['f1']:.3f}")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | **{r['extraction_f1']:.3f}** |")
    lines += ["", "| corpus | " + " | ".join(SLOTS) + " |", "|---|" + "---|" * len(SLOTS)]
    for name, r in results["scores"].items():
        lines.append(f"| {name} | " + " | ".join("-" if r[s] is None else f"{r[s]:.3f}" for s in SLOTS) + " |")
    lines += ["", "| corpus | " + " | ".join(LIFECYCLE_SLOTS) + " |", "|---|" + "---|" * len(LIFECYCLE_SLOTS)]
    for name, r in results["scores"].items():
        lines.append(f"| {name} | " + " | ".join("-" if r.get(s) is None else f"{r[s]:.3f}" for s in LIFECYCLE_SLOTS)
                     + " |")
    lines += ["", "| corpus | merging meetings | merging people | merging restrictions |", "|---|---|---|---|"]
    for name, r in results["scores"].items():
        lines.append(f"| {name} | " + " | ".join("-" if not r["merging"][k] else f"{r['merging'][k]['f1']:.3f}"
                                                for k in ("meetings", "people", "restrictions")) + " |")
    errors = results.get("errors") or {}
    if errors:
        cats = list(error_analysis.CATEGORIES)
        lines += ["", "Errors by category (each listed in <corpus>/errors.md, but for realnews-heldout):", "",
                  "| corpus | " + " | ".join(cats) + " |", "|---|" + "---|" * len(cats)]
        lines += [f"| {name} | " + " | ".join(str(counts.get(c, 0)) for c in cats) + " |" for name, counts in errors.items()]
    by_corpus = results.get("calibration_by_corpus") or {}
    if by_corpus:
        lines += ["", "Confidence against precision per corpus (rows, precision; reliability.svg draws it):", "",
                  "| corpus | " + " | ".join(label for label, _, _ in BUCKETS) + " |", "|---|" + "---|" * len(BUCKETS)]
        lines += [f"| {name} | " + " | ".join(f"{b['rows']}, {'-' if b['precision'] is None else b['precision']}"
                                                for b in buckets) + " |" for name, buckets in by_corpus.items()]
    lines += ["", "Confidence against precision (all mention rows of all corpora):", "",
              "| confidence | rows | precision |", "|---|---|---|"]
    for row in results["calibration"]:
        lines.append(f"| {row['confidence']} | {row['rows']} | {row['precision']} |")
    by_table = results.get("calibration_by_table") or {}
    if by_table:
        lines += ["", "By table (rows, precision):", "",
                  "| table | " + " | ".join(label for label, _, _ in BUCKETS) + " |", "|---|" + "---|" * len(BUCKETS)]
        for table, buckets in by_table.items():
            lines.append(f"| {table} | " + " | ".join(
                f"{b['rows']}, {'-' if b['precision'] is None else b['precision']}" for b in buckets) + " |")
    return "\n".join(lines) + "\n"


def write_errors(warehouse: Path, gold: Path, name: str) -> dict[str, int]:
    """The corpus's errors by category; listed one by one in errors.md beside its build, except for the
    real-news held-out part, whose misses nobody reads (only their counts are kept)."""
    current = warehouse / CURRENT_LINK
    errors = error_analysis.analyse(current, _gold_by_article(duckdb.connect(), current, gold), _scorer())
    if name != "realnews-heldout":
        (warehouse / "errors.md").write_text(error_analysis.report(errors, name), encoding="utf-8")
    counts: dict[str, int] = {}
    for e in errors:
        counts[e["category"]] = counts.get(e["category"], 0) + 1
    return counts


def real_news_part(name: str, out: Path) -> tuple[Path | None, Path | None]:
    """One part of the real-news corpus staged as a corpus, or (None, None), saying why, when its texts
    are absent: they are third-party and never committed (tests/realnews/README.md rebuilds them)."""
    part = name.removeprefix("realnews-")
    articles, gold, problems = realnews.stage(part, out / name / "input")
    kept = len(list(articles.glob("*.txt")))
    for problem in problems:
        print(f"critmin eval: {name}: left out {problem}", file=sys.stderr)
    if not kept:
        print(f"critmin eval: skipping {name}: none of its real-news texts is present in {realnews.REALNEWS / 'texts'} "
              "(they are never committed; tests/realnews/README.md says how to rebuild them)", file=sys.stderr)
        return None, None
    print(f"critmin eval: {name}: {kept} articles", file=sys.stderr)
    return articles, gold


def corpus_files(name: str, out: Path) -> tuple[Path | None, Path | None]:
    """The articles and gold folders of a corpus, or (None, None), saying why, when they are absent."""
    articles, gold = CORPORA[name] if name in CORPORA else real_news_part(name, out)
    if articles is not None and not articles.is_dir():
        print(f"critmin eval: skipping {name}: no articles at {articles}", file=sys.stderr)
        return None, None
    return articles, gold


def evaluate(names: list[str], out: Path) -> dict | None:
    """Build each named corpus present into `out/<name>` with this code and score it: scores, calibration
    and error counts per corpus (`absent` lists the corpora whose files are not here); None when a build
    fails. The diagram's points are under "diagram"."""
    results: dict = {"scores": {}, "calibration": [], "absent": []}
    calibration: list[tuple[str, float, bool]] = []
    diagram: dict[str, list[tuple[float, bool]]] = {}
    for name in names:
        articles, gold = corpus_files(name, out)
        if articles is None:
            results["absent"].append(name)
            continue
        warehouse = out / name
        if build(articles, warehouse) != 0:
            return None
        results["scores"][name] = score(warehouse, gold)
        judged = calibration_rows(warehouse / CURRENT_LINK, gold)
        calibration += judged
        results.setdefault("calibration_by_corpus", {})[name] = calibration_table(judged)
        diagram[name] = [(c, ok) for _, c, ok in judged]
        results.setdefault("errors", {})[name] = write_errors(warehouse, gold, name)
    results["calibration"] = calibration_table(calibration)
    results["error_categories"] = error_analysis.CATEGORIES
    results["calibration_by_table"] = {t: calibration_table([r for r in calibration if r[0] == t]) for t in TABLES}
    results["diagram"] = diagram
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "warehouse" / "eval")
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA) + list(REALNEWS_PARTS),
                        help="default: all available")
    args = parser.parse_args(argv)
    if not SCORER.exists():
        print(f"critmin eval: the project's scorer is not at {SCORER}; put the shared folder beside the project",
              file=sys.stderr)
        return 2
    results = evaluate(args.corpus or list(CORPORA) + list(REALNEWS_PARTS), args.out)
    if results is None:
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    diagram = results.pop("diagram")
    (args.out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    (args.out / "results.md").write_text(markdown(results))
    (args.out / "reliability.svg").write_text(reliability.svg(diagram), encoding="utf-8")
    print()
    print(markdown(results))
    print(f"written to {args.out / 'results.md'} and results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
