"""`make bench`: build generated corpora of growing size, each in a process of its own, and in the same
run time a plain spaCy pass over the same texts; print and write `warehouse/bench/results.md`.

    python -m pipeline.bench.run                      # streams of 1,000, 4,000 and 16,000 articles
                                                      # (1 in 10 on topic) and 1,000 all on topic
    python -m pipeline.bench.run --stream 200 --on-topic 100     # a quick look

Speed-up is the plain spaCy pass's seconds (model loaded, `nlp.pipe` over every text, one process)
divided by critmin's whole build (its process start to its end): above 1, critmin is the faster.
The machine is shared, so seconds vary between runs; the ratios, taken side by side, vary less."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline.bench.corpus import write_stream
from pipeline.bench.measure import run_measured
from pipeline.extract.parallel import available_cores, default_processes
from pipeline.warehouse import CURRENT_LINK

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "warehouse" / "bench"
STREAM_SHARE = 0.1
NEW_ARTICLES = 10  # added to the rebuilt stream: only these may be read again


@dataclass
class Case:
    name: str
    articles: int
    share: float

    @property
    def slug(self) -> str:
        return f"{self.name}-{self.articles}"


def _python(*args: str) -> list[str]:
    return [sys.executable, "-m", *args]


def timed_build(case: Case, corpus: Path, warehouse: Path, work: Path, processes: int, label: str) -> dict:
    """One build of `corpus` into `warehouse`, timed and measured in its own process."""
    out = work / f"{case.slug}-{label}.json"
    wall, peak, code = run_measured(
        _python("pipeline.bench.build_once", str(corpus), str(warehouse), str(processes), str(out)),
        work / f"{case.slug}-{label}.log")
    if code != 0:
        raise SystemExit(f"bench: the {label} build of {case.slug} failed; see {work / f'{case.slug}-{label}.log'}")
    return {**json.loads(out.read_text()), "wall": round(wall, 2), "peak_mb": round(peak)}


def spacy_pass(case: Case, warehouse: Path, work: Path) -> dict:
    out = work / f"{case.slug}-spacy.json"
    wall, peak, code = run_measured(_python("pipeline.bench.spacy_pass", str(warehouse / CURRENT_LINK), str(out)),
                                    work / f"{case.slug}-spacy.log")
    if code != 0:
        raise SystemExit(f"bench: the spaCy pass over {case.slug} failed; see {work / f'{case.slug}-spacy.log'}")
    return {**json.loads(out.read_text()), "peak_mb": round(peak)}


def run_case(case: Case, work: Path, processes: int, rebuild: bool) -> dict:
    corpus, warehouse = work / "corpora" / case.slug, work / "warehouses" / case.slug
    print(f"bench {case.slug}: writing the corpus", flush=True)
    counts = write_stream(corpus, case.articles, case.share)
    shutil.rmtree(warehouse, ignore_errors=True)
    print(f"bench {case.slug}: building ({counts['on_topic']} articles on topic)", flush=True)
    cold = timed_build(case, corpus, warehouse, work, processes, "cold")
    print(f"bench {case.slug}: built in {cold['wall']} s; the plain spaCy pass", flush=True)
    result = {"case": case.slug, "articles": case.articles, "on_topic": counts["on_topic"], "build": cold,
              "spacy": spacy_pass(case, warehouse, work)}
    if rebuild:
        print(f"bench {case.slug}: rebuilding with no change, then with {NEW_ARTICLES} new articles", flush=True)
        result["rebuild"] = timed_build(case, corpus, warehouse, work, processes, "rebuild")
        extra = corpus.parent / f"{case.slug}-new"
        write_stream(extra, NEW_ARTICLES, 1.0, seed=7)
        for path in extra.glob("*.md"):
            shutil.copy(path, corpus / f"new-{path.name}")
        result["added"] = timed_build(case, corpus, warehouse, work, processes, "added")
    return result


def row(r: dict) -> str:
    b, s = r["build"], r["spacy"]
    speedup = s["pipe"] / b["wall"]
    return (f"| {r['case']} | {r['articles']:,} | {r['on_topic']:,} | {b['wall']:.1f} | {b['startup']:.1f} | "
            f"{b['ingest']:.1f} | {b['extract']:.1f} | {b['resolve']:.1f} | {b['after_resolve']:.1f} | "
            f"{r['articles'] / b['wall']:.0f} | {b['peak_mb']:,} | {s['pipe']:.1f} | {speedup:.2f}× |")


def report(results: list[dict], processes: int) -> str:
    lines = [
        "# critmin benchmark", "",
        f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{available_cores()} cores, critmin with {processes or default_processes()} reading processes, "
        "by `make bench` (pipeline/bench/). Seconds are wall-clock; the machine is shared, so compare the "
        "ratios. spaCy s: a plain `en_core_web_sm` `nlp.pipe` pass, one process, over the same texts, model "
        "load excluded; speed-up: spaCy s / critmin s (above 1, critmin is faster).", "",
        "| corpus | articles | on topic | critmin s | startup | ingest | extract | resolve | SQL, checks, "
        "publish | articles/s | peak RSS MB | spaCy s | speed-up |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *[row(r) for r in results], ""]
    for r in results:
        if "rebuild" in r:
            lines.append(f"Rebuild of {r['case']} with no change: {r['rebuild']['wall']:.1f} s "
                         f"({r['rebuild'].get('articles_extracted', '?')} articles read again, resolve "
                         f"{r['rebuild']['resolve']:.1f} s); with {NEW_ARTICLES} new articles: "
                         f"{r['added']['wall']:.1f} s, {r['added'].get('articles_extracted', '?')} articles read.")
    streams = sorted((r for r in results if r["case"].startswith("stream")), key=lambda r: r["articles"])
    if len(streams) >= 2:
        a, b = streams[-2], streams[-1]
        growth = b["articles"] / a["articles"]
        lines += ["", f"From {a['articles']:,} to {b['articles']:,} articles (×{growth:g}): whole build "
                      f"×{b['build']['wall'] / a['build']['wall']:.2f}, resolve "
                      f"×{b['build']['resolve'] / max(a['build']['resolve'], 0.01):.2f}, peak RSS "
                      f"×{b['build']['peak_mb'] / a['build']['peak_mb']:.2f}.",
                  f"Projected for 100,000 articles of the same stream on this machine (linear from "
                  f"{b['articles']:,}): about {b['build']['wall'] * 100_000 / b['articles'] / 60:.0f} minutes."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stream", default="1000,4000,16000", help="sizes of the 1-in-10 on-topic streams")
    parser.add_argument("--on-topic", default="1000", help="sizes of the all-on-topic corpora ('' for none)")
    parser.add_argument("--rebuild-at", type=int, default=4000,
                        help="stream size also rebuilt with no change and with new articles (0: none)")
    parser.add_argument("--processes", type=int, default=0, help="critmin's reading processes (0: every core)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where results.md goes (default {OUT})")
    args = parser.parse_args(argv)
    sizes = lambda text: [int(x) for x in text.split(",") if x.strip()]  # noqa: E731
    cases = ([Case("stream", n, STREAM_SHARE) for n in sizes(args.stream)]
             + [Case("on-topic", n, 1.0) for n in sizes(args.on_topic)])
    work = args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for case in cases:
        results.append(run_case(case, work, args.processes, rebuild=case.name == "stream"
                                and case.articles == args.rebuild_at))
        (work / "results.json").write_text(json.dumps(results, indent=1))
        print(row(results[-1]), flush=True)
    text = report(results, args.processes)
    (args.out / "results.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
