"""`make train`: fit the scorer (pipeline/extract/scorer.py) on the development part of the real-news
corpus. The rules read every development article; each of their rows is labelled right or wrong the way
the project's scorer matches it (evaluation.judge_rows); a logistic model per table learns from the rows'
features which are right; each table's threshold is the one that maximises that table's F1 on
predictions made by cross-validation (so no row is judged by a model that saw it). Seeded: the same gold
and rules give the same file, byte for byte. The held-out part is never read here."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

from pipeline import realnews
from pipeline.evaluation import CORPORA, _scorer, judge_rows
from pipeline.extract.batch import extract_rows
from pipeline.extract.scorer import MODEL_FILE, encode, load_model, probability
from pipeline.ingest.readers import article_id, read_corpus

DEVELOPMENT_CORPORA = ("ours", "ours2", "sample", "shared")
SEED = 0
FOLDS = 5
MIN_ROWS = 12          # a table with fewer labelled rows keeps the rules' confidence
MAX_THRESHOLD = 0.5
REGULARISATION = (0.1, 0.3, 1.0, 3.0)   # inverse strengths tried; cross-validated log loss picks one    # a row the model finds as likely right as wrong is kept


def labelled_rows(articles_dir: Path, gold_dir: Path) -> tuple[list[tuple[str, dict, bool]], dict[str, int]]:
    """(table, row, right) for every row the rules read from the articles, and per table the gold rows
    no candidate found (they count against recall whatever the threshold)."""
    raw, _ = read_corpus(articles_dir)
    articles = [{"article_id": article_id(a.body), "published_date": a.published, "body": a.body, "url": a.url,
                 "file": Path(a.source_file.split(":")[0]).name} for a in raw]
    by_url = {a["url"]: a["article_id"] for a in articles if a["url"]}
    by_file = {a["file"]: a["article_id"] for a in articles}
    gold = {}
    for g in (json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))):
        found = by_url.get(g.get("url")) or by_file.get(g.get("file", ""))
        if found:
            gold[found] = g
    meetings, participants, restrictions = extract_rows(articles)
    judged = judge_rows(gold, restrictions, meetings, participants, _scorer())
    found = defaultdict(int)
    for table, _, right in judged:
        found[table] += right
    wanted = {"restrictions": sum(len(r["minerals"]) for g in gold.values() for r in g["restrictions"]),
              "meetings": sum(len(g["meetings"]) for g in gold.values())}
    return judged, {t: max(0, n - found[t]) for t, n in wanted.items()}


def best_threshold(probabilities: list[float], right: list[bool], unfound: int) -> float:
    """The threshold (at most MAX_THRESHOLD) with the highest F1, counting gold rows no candidate found."""
    best, best_f1 = 0.0, -1.0
    for t in sorted({0.0, MAX_THRESHOLD, *[round(p, 3) for p in probabilities if p <= MAX_THRESHOLD]}):
        tp = sum(r for p, r in zip(probabilities, right) if p >= t)
        fp = sum(not r for p, r in zip(probabilities, right) if p >= t)
        fn = unfound + sum(r for p, r in zip(probabilities, right) if p < t)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = t, f1
    return best


def fit_table(real: list[tuple[dict, bool]], ours: list[tuple[dict, bool]], unfound: int) -> dict:
    """A logistic model of one table, fitted on real news alone so that its probability is calibrated to
    real news; its threshold maximises F1 over real news (predicted by cross-validation) and our own
    corpora together, so that dropping rows helps on both."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    vectoriser = DictVectorizer(sort=True, sparse=False)
    x = vectoriser.fit_transform([encode(r["features"]) for r, _ in real])
    right = [ok for _, ok in real]
    folds = StratifiedKFold(min(FOLDS, sum(right), len(right) - sum(right)), shuffle=True, random_state=SEED)

    def cross_validated(c: float) -> list[float]:
        model = LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=1000)
        return list(cross_val_predict(model, x, right, method="predict_proba", cv=folds)[:, 1])

    # The regularisation whose cross-validated probabilities are the best calibrated (lowest log loss).
    c, predicted = min(((c, cross_validated(c)) for c in REGULARISATION), key=lambda cp: log_loss(right, cp[1]))
    model = LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=1000).fit(x, right)
    if ours:
        predicted += list(model.predict_proba(vectoriser.transform([encode(r["features"]) for r, _ in ours]))[:, 1])
    weights = {name: round(float(w), 6) for name, w in zip(vectoriser.get_feature_names_out(), model.coef_[0])
               if abs(w) > 1e-9}
    return {"intercept": round(float(model.intercept_[0]), 6), "weights": weights,
            "threshold": best_threshold(predicted, right + [ok for _, ok in ours], unfound),
            "rows": len(real), "right": sum(right), "regularisation": c}


def train(real: tuple[Path, Path], ours: list[tuple[Path, Path]]) -> dict:
    """The model of every table: fitted on the real-news development rows, thresholds over those and
    our own corpora's rows."""
    judged_real, unfound = labelled_rows(*real)
    judged_ours = []
    for articles_dir, gold_dir in ours:
        rows, missing = labelled_rows(articles_dir, gold_dir)
        judged_ours += rows
        for table, n in missing.items():
            unfound[table] = unfound.get(table, 0) + n
    tables = {}
    for table in ("meetings", "participant_countries", "persons", "organizations", "restrictions"):
        mine = [(row, ok) for t, row, ok in judged_real if t == table]
        if len(mine) < MIN_ROWS or all(ok for _, ok in mine) or not any(ok for _, ok in mine):
            continue
        tables[table] = fit_table(mine, [(row, ok) for t, row, ok in judged_ours if t == table], unfound.get(table, 0))
    return {"about": "critmin's row scorer: logistic models trained by `make train` on the development part "
                     "of tests/realnews; see pipeline/extract/scorer.py", "seed": SEED, "tables": tables}


def compare(articles_dir: Path, gold_dir: Path, model: dict) -> dict[str, tuple[int, float, float]]:
    """Per table: rows, and the mean log loss of the rules' confidence and of the model's probability on
    the given (held-out) articles, lower is better: the numbers models/use.yaml is decided by."""
    judged, _ = labelled_rows(articles_dir, gold_dir)
    out = {}
    for table, fitted in model["tables"].items():
        rows = [(row, ok) for t, row, ok in judged if t == table]
        if rows:
            def loss(p) -> float:
                return -sum(math.log(min(1 - 1e-6, max(1e-6, p(r) if ok else 1 - p(r)))) for r, ok in rows) / len(rows)
            out[table] = (len(rows), round(loss(lambda r: r["confidence"]), 3),
                          round(loss(lambda r: probability(fitted, r["features"])), 3))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--work", type=Path, default=realnews.PROJECT_ROOT / "warehouse" / "train")
    parser.add_argument("--realnews", type=Path, default=realnews.REALNEWS, help="the real-news corpus folder")
    parser.add_argument("--compare", action="store_true",
                        help="do not train: compare the rules' confidence with the model's on the held-out part")
    args = parser.parse_args(argv)
    if args.compare:
        held_out, held_gold, _ = realnews.stage("heldout", args.work / "heldout", args.realnews)
        if not list(held_out.glob("*.txt")):
            print("critmin train: no held-out text is present: nothing to compare", file=sys.stderr)
            return 2
        for table, (n, rules, model) in compare(held_out, held_gold, load_model(args.out, use=None)).items():
            print(f"{table}: {n} rows, log loss rules {rules}, model {model} -> {'model' if model < rules else 'rules'}")
        return 0
    articles, gold, problems = realnews.stage("dev", args.work, args.realnews)
    kept = len(list(articles.glob("*.txt")))
    if not kept:
        print(f"critmin train: none of the development texts is present in {args.realnews / 'texts'}: they "
              "are never committed; tests/realnews/README.md says how to rebuild them. Nothing trained.",
              file=sys.stderr)
        return 2
    for problem in problems:
        print(f"critmin train: left out {problem}", file=sys.stderr)
    # The development part of real news, and our own corpora whose misses were read to write the rules;
    # never tests/eval_holdout nor the real-news held-out part.
    ours = [CORPORA[name] for name in DEVELOPMENT_CORPORA if CORPORA[name][0].is_dir()]
    model = train((articles, gold), ours)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for table, m in model["tables"].items():
        print(f"{table}: {m['rows']} rows ({m['right']} right), {len(m['weights'])} weights, threshold {m['threshold']}")
    print(f"written to {args.out} from {kept} real-news development articles and the corpora {', '.join(DEVELOPMENT_CORPORA)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
