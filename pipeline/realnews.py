"""The real-news corpus (tests/realnews): its manifest, its one recorded split into a development part
and a held-out part, and its texts, which are third-party and never committed. `make eval` stages each
part as an ordinary corpus when the texts are present and says plainly when they are not."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.warehouse import PROJECT_ROOT

REALNEWS = PROJECT_ROOT / "tests" / "realnews"
SPLIT_FILE = "split.json"
HELD_OUT_PERCENT = 30   # of articles, chosen by their url's hash: 75 of the 260 recorded so far


@dataclass(frozen=True)
class Entry:
    id: str
    url: str
    text_sha256: str
    kind: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def split_of(url: str) -> str:
    """The part an article belongs to, fixed once by its url's SHA-256 (uniform, so at random, and the
    same on every machine): "heldout" for about 30 in 100, else "dev"."""
    return "heldout" if int(sha256_hex(url.encode("utf-8"))[:8], 16) % 100 < HELD_OUT_PERCENT else "dev"


def manifest(root: Path = REALNEWS) -> list[Entry]:
    """Every article of the manifest files, each id once (the first line that names it)."""
    seen: dict[str, Entry] = {}
    for path in sorted(root.glob("manifest*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            missing = {"id", "url", "text_sha256", "kind"} - set(row)
            if missing:
                raise ValueError(f"{path}:{n}: a manifest line needs {sorted(missing)}")
            seen.setdefault(row["id"], Entry(row["id"], row["url"], row["text_sha256"], row["kind"]))
    return list(seen.values())


def recorded_split(root: Path = REALNEWS) -> dict[str, str]:
    path = root / SPLIT_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def text_status(entry: Entry, root: Path = REALNEWS) -> str:
    """present, missing, or changed (the text is not the one the gold was written from)."""
    path = root / "texts" / f"{entry.id}.txt"
    if not path.exists():
        return "missing"
    return "present" if sha256_hex(path.read_bytes()) == entry.text_sha256 else "changed"


def stage(part: str, out: Path, root: Path = REALNEWS) -> tuple[Path, Path, list[str]]:
    """Copies the present texts and the gold of one part into out/articles and out/gold, for a build and
    the scorer; returns the two folders and what was left out, with the reason."""
    split, problems = recorded_split(root), []
    articles, gold = out / "articles", out / "gold"
    for folder in (articles, gold):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for entry in manifest(root):
        if split.get(entry.id) != part:
            continue
        status = text_status(entry, root)
        if status != "present":
            problems.append(f"{entry.id}: text {status}")
            continue
        shutil.copyfile(root / "texts" / f"{entry.id}.txt", articles / f"{entry.id}.txt")
        shutil.copyfile(root / "gold" / f"{entry.id}.json", gold / f"{entry.id}.json")
    return articles, gold, problems


def record_split(root: Path = REALNEWS) -> dict[str, str]:
    """Adds each manifest article not yet in split.json with its part; never moves one already recorded."""
    split = recorded_split(root)
    for entry in manifest(root):
        split.setdefault(entry.id, split_of(entry.url))
    (root / SPLIT_FILE).write_text(json.dumps(dict(sorted(split.items())), indent=1) + "\n", encoding="utf-8")
    return split


def main(argv: list[str] | None = None) -> int:
    """`python -m pipeline.realnews`: record the split of new articles and say which texts are present."""
    split = record_split()
    statuses = {e.id: text_status(e) for e in manifest()}
    for part in ("dev", "heldout"):
        ids = [i for i, p in split.items() if p == part]
        present = sum(statuses.get(i) == "present" for i in ids)
        print(f"{part}: {len(ids)} articles, {present} texts present")
    for i, status in sorted(statuses.items()):
        if status != "present":
            print(f"  {i}: text {status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
