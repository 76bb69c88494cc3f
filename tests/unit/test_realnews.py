"""The real-news corpus's bookkeeping: the recorded split, the manifest, and staging a part for a build
when its texts are present. Texts here are our own stand-ins, written in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import realnews


def test_the_split_is_fixed_by_the_url_and_holds_out_about_thirty_in_a_hundred():
    urls = [f"https://news.example/{n}" for n in range(2000)]
    held = [u for u in urls if realnews.split_of(u) == "heldout"]
    assert 0.26 < len(held) / len(urls) < 0.34
    assert [realnews.split_of(u) for u in urls[:50]] == [realnews.split_of(u) for u in urls[:50]]


def test_the_recorded_split_agrees_with_the_rule_for_every_article():
    """Once recorded, an article never changes part: the file and the rule must agree."""
    recorded = realnews.recorded_split()
    for entry in realnews.manifest():
        assert recorded.get(entry.id) == realnews.split_of(entry.url), entry.id
    assert set(recorded) == {e.id for e in realnews.manifest()}
    assert all((realnews.REALNEWS / "gold" / f"{i}.json").exists() for i in recorded)


def corpus(tmp_path: Path, texts: dict[str, str]) -> Path:
    (tmp_path / "texts").mkdir(parents=True)
    (tmp_path / "gold").mkdir()
    lines, split = [], {}
    for i, (name, text) in enumerate(texts.items()):
        url = f"https://news.example/{name}"
        lines.append(json.dumps({"id": name, "url": url, "text_sha256": realnews.sha256_hex(text.encode()),
                                 "kind": "positive"}))
        (tmp_path / "texts" / f"{name}.txt").write_text(text)
        (tmp_path / "gold" / f"{name}.json").write_text(json.dumps({"url": url}))
        split[name] = "dev"
    (tmp_path / "manifest-a.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "split.json").write_text(json.dumps(split))
    return tmp_path


def test_a_part_is_staged_with_its_present_texts_and_a_changed_text_is_left_out(tmp_path: Path):
    root = corpus(tmp_path / "rn", {"one": "Peru and Chile met.\n", "two": "Japan met India.\n"})
    (root / "texts" / "two.txt").write_text("Another version of the page.\n")
    articles, gold, problems = realnews.stage("dev", tmp_path / "out", root)
    assert [p.name for p in articles.iterdir()] == ["one.txt"]
    assert [p.name for p in gold.iterdir()] == ["one.json"]
    assert problems == ["two: text changed"]


def test_without_texts_nothing_is_staged_and_each_absence_is_named(tmp_path: Path):
    root = corpus(tmp_path / "rn", {"one": "Peru and Chile met.\n"})
    (root / "texts" / "one.txt").unlink()
    articles, _, problems = realnews.stage("dev", tmp_path / "out", root)
    assert list(articles.iterdir()) == [] and problems == ["one: text missing"]


def test_a_manifest_line_without_its_hash_names_the_file_and_line(tmp_path: Path):
    (tmp_path / "manifest-x.jsonl").write_text('{"id": "a", "url": "u", "kind": "negative"}\n')
    with pytest.raises(ValueError, match=r"manifest-x.jsonl:1: a manifest line needs \['text_sha256'\]"):
        realnews.manifest(tmp_path)


def test_every_second_gold_is_a_development_article_with_known_ids_beside_its_first_gold():
    """tests/realnews/gold-second (make agreement): same file name and url as a first gold of the
    development part, and only ids the project knows (a mineral with no id is dropped, as in the first gold)."""
    from pipeline.extract.gazetteers import country_names
    from pipeline.extract.mineral_gazetteer import _mineral_rows

    minerals, countries = set(_mineral_rows()), set(country_names())
    split = realnews.recorded_split()
    second = sorted((realnews.REALNEWS / "gold-second").glob("*.json"))
    assert len(second) == 60
    for path in second:
        g = json.loads(path.read_text(encoding="utf-8"))
        first = json.loads((realnews.REALNEWS / "gold" / path.name).read_text(encoding="utf-8"))
        assert (g["url"], split[path.stem]) == (first["url"], "dev"), path.name
        assert {m for r in g["restrictions"] for m in r["minerals"]} <= minerals, path.name
        named = {c for r in g["restrictions"] for c in (r["imposer"], r.get("target")) if c} | {
            p.get("iso3") or p.get("country") for m in g["meetings"] for p in m["participants"]} - {None}
        assert named <= countries, path.name


def _notes_text(notes) -> str:
    if isinstance(notes, dict):
        return " ".join(_notes_text(v) for v in notes.values())
    if isinstance(notes, list):
        return " ".join(_notes_text(v) for v in notes)
    return notes or ""


def test_no_gold_note_copies_seven_words_running_from_its_article():
    """The texts are someone else's: a note may point at a few words, never quote a run of them."""
    texts = realnews.REALNEWS / "texts"
    pairs = [(g, texts / f"{g.stem}.txt") for folder in ("gold", "gold-second")
             for g in sorted((realnews.REALNEWS / folder).glob("*.json"))]
    present = [(g, t) for g, t in pairs if t.exists()]
    if not present:
        pytest.skip(f"the real-news texts are not in {texts} (tests/realnews/README.md says how to rebuild them)")
    copied = []
    for gold, text in present:
        body = " ".join(text.read_text(encoding="utf-8").split())
        words = _notes_text(json.loads(gold.read_text(encoding="utf-8")).get("notes")).split()
        copied += [f"{gold.parent.name}/{gold.name}: {' '.join(words[i:i + 7])}" for i in range(len(words) - 6)
                   if " ".join(words[i:i + 7]) in body]
    assert copied == []
