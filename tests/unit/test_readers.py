"""Unit tests for the raw-input readers: every form in SPEC section 1, and every way a file is rejected."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from pipeline.nlp.readers import (
    SUPPORTED_SUFFIXES,
    RawArticle,
    Rejection,
    article_id,
    normalise_body,
    read_corpus,
    read_file,
)

# Made-up articles, written for these tests.
COBALT = "Ministers met in Oslo to talk about cobalt supply."
COBALT_TWO_PARAGRAPHS = COBALT + "\n\nTheir next meeting is planned for spring."

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lithium talks open in Santiago | Harbour Ledger</title>
<meta property="og:title" content="Lithium talks open in Santiago">
<meta property="og:site_name" content="Harbour Ledger">
<meta property="og:url" content="https://ledger.example.org/news/lithium-talks">
<link rel="canonical" href="https://ledger.example.org/news/lithium-talks">
<meta property="article:published_time" content="2024-03-14T08:30:00+00:00">
</head>
<body>
<nav><ul><li><a href="/">Homepage</a></li><li><a href="/markets">Marketplace</a></li>
<li><a href="/subscribe">Subscribe today</a></li></ul></nav>
<article>
<h1>Lithium talks open in Santiago</h1>
<p>Trade officials from two mining nations sat down in Santiago on Thursday to discuss a shared
stockpile of lithium carbonate, according to people who attended the session.</p>
<p>The delegations agreed to meet again in the autumn, after engineers finish a survey of brine
deposits in the high desert, and neither side mentioned export limits.</p>
</article>
<footer><p>Copyright Harbour Ledger Syndicate. Privacy policy. Cookie settings.</p></footer>
</body>
</html>
"""


def write(root: Path, name: str, content: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_one(root: Path, name: str, content: str | bytes) -> tuple[list[RawArticle], list[Rejection]]:
    return read_file(write(root, name, content), root)


# ---------------------------------------------------------------------------
# normalise_body and article_id


def test_normalise_body_unifies_newlines_trims_and_collapses_blank_lines():
    messy = "  \r\nFirst line.   \r\nSecond line.\t\r\r\r\r\nThird line.\n\n\n\n\n"
    assert normalise_body(messy) == "First line.\nSecond line.\n\nThird line."


def test_normalise_body_keeps_single_blank_line_and_indentation():
    assert normalise_body("One.\n\n    Two.") == "One.\n\n    Two."


def test_normalise_body_composes_unicode():
    decomposed = "Cafe\u0301 owners in Bogota\u0301."
    assert normalise_body(decomposed) == "Caf\u00e9 owners in Bogot\u00e1."


def test_article_id_is_a_fixed_value():
    # sha256 of the UTF-8 text, first 16 hex characters, computed once and pasted here.
    assert article_id(COBALT) == "cf65844f500b9dc2"
    assert article_id(COBALT_TWO_PARAGRAPHS) == "431008acf531f9d8"


def test_article_id_ignores_formatting_noise():
    noisy = "\r\n" + COBALT + "  \r\n\r\n\r\n\r\nTheir next meeting is planned for spring.\t\n"
    assert article_id(noisy) == "431008acf531f9d8"


# ---------------------------------------------------------------------------
# .txt and .md


def test_markdown_front_matter_with_all_keys(tmp_path):
    text = (
        "---\n"
        "url: https://news.example.com/cobalt-oslo\n"
        "title: Cobalt talks in Oslo\n"
        "published: 2024-05-02\n"
        "source: Northern Wire\n"
        "language: en\n"
        "editor_notes: ignored\n"
        "---\n"
        f"{COBALT}\n"
    )
    articles, rejections = read_one(tmp_path, "oslo.md", text)
    assert rejections == []
    assert articles == [
        RawArticle(
            source_file="oslo.md",
            body=COBALT,
            url="https://news.example.com/cobalt-oslo",
            title="Cobalt talks in Oslo",
            published=datetime.date(2024, 5, 2),
            source="Northern Wire",
            language="en",
        )
    ]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-05-02T23:30:00+09:00", datetime.date(2024, 5, 2)),  # the publisher's own calendar day
        ("'2024-05-02T10:00:00Z'", datetime.date(2024, 5, 2)),  # quoted: a string, not a YAML date
        ("'2024-05-02'", datetime.date(2024, 5, 2)),
        ("2024-13-45", None),  # not a real date: article kept, date dropped
        ("next Tuesday", None),
    ],
)
def test_published_forms(tmp_path, published, expected):
    articles, rejections = read_one(tmp_path, "a.md", f"---\npublished: {published}\n---\n{COBALT}\n")
    assert rejections == []
    assert [a.published for a in articles] == [expected]
    assert articles[0].body == COBALT


def test_txt_without_front_matter(tmp_path):
    articles, rejections = read_one(tmp_path, "sub/plain.txt", "\ufeff" + COBALT_TWO_PARAGRAPHS + "\r\n")
    assert rejections == []
    assert articles == [
        RawArticle("sub/plain.txt", COBALT_TWO_PARAGRAPHS, None, None, None, None, None),
    ]


def test_front_matter_never_closed(tmp_path):
    articles, rejections = read_one(tmp_path, "open.md", "---\ntitle: Lost\n" + COBALT)
    assert articles == []
    assert len(rejections) == 1
    assert rejections[0].source_file == "open.md"
    assert "never closed" in rejections[0].reason
    assert "line 1" in rejections[0].reason


def test_front_matter_invalid_yaml_names_the_line(tmp_path):
    text = "---\ntitle: Fine\nsource: [Northern Wire\nlanguage: en\n---\n" + COBALT
    articles, rejections = read_one(tmp_path, "bad.md", text)
    assert articles == []
    assert [r.source_file for r in rejections] == ["bad.md"]
    reason = rejections[0].reason
    assert reason.startswith("front matter is not valid YAML (line 4: ")
    assert "fix the YAML between the '---' lines" in reason


def test_front_matter_that_is_not_a_mapping(tmp_path):
    articles, rejections = read_one(tmp_path, "list.md", "---\n- one\n- two\n---\n" + COBALT)
    assert articles == []
    assert "not a mapping" in rejections[0].reason


def test_front_matter_without_body(tmp_path):
    articles, rejections = read_one(tmp_path, "nobody.md", "---\ntitle: Headline only\n---\n\n   \n")
    assert articles == []
    assert "no article text" in rejections[0].reason


def test_empty_front_matter_is_allowed(tmp_path):
    articles, rejections = read_one(tmp_path, "bare.md", f"---\n---\n{COBALT}")
    assert rejections == []
    assert articles[0].body == COBALT
    assert articles[0].title is None


# ---------------------------------------------------------------------------
# .html


def test_html_drops_boilerplate_and_reads_metadata(tmp_path):
    articles, rejections = read_one(tmp_path, "page.html", PAGE)
    assert rejections == []
    [article] = articles
    assert "shared stockpile of lithium carbonate" in article.body
    assert "survey of brine deposits" in article.body
    for boilerplate in ("Homepage", "Marketplace", "Subscribe today", "Copyright", "Cookie settings"):
        assert boilerplate not in article.body
    assert article.title == "Lithium talks open in Santiago"
    assert article.published == datetime.date(2024, 3, 14)
    assert article.url == "https://ledger.example.org/news/lithium-talks"
    assert article.source == "Harbour Ledger"
    assert article.language == "en"


def test_html_date_in_prose_is_not_taken_as_published(tmp_path):
    page = PAGE.replace('<meta property="article:published_time" content="2024-03-14T08:30:00+00:00">', "").replace(
        "on Thursday", "on 9 February 2023"
    )
    [article], _ = read_one(tmp_path, "undated.htm", page)
    assert "9 February 2023" in article.body
    assert article.published is None


def test_html_with_only_navigation_is_rejected(tmp_path):
    page = '<html><body><nav><a href="/">Homepage</a> <a href="/about">About us</a></nav></body></html>'
    articles, rejections = read_one(tmp_path, "menu.html", page)
    assert articles == []
    assert [r.source_file for r in rejections] == ["menu.html"]
    assert "no article text" in rejections[0].reason


# ---------------------------------------------------------------------------
# .json and .jsonl


def test_json_with_text(tmp_path):
    obj = {"url": "https://x.example/1", "title": "Oslo", "published": "2024-05-02", "source": "Wire", "text": COBALT}
    articles, rejections = read_one(tmp_path, "one.json", json.dumps(obj))
    assert rejections == []
    assert articles == [
        RawArticle("one.json", COBALT, "https://x.example/1", "Oslo", datetime.date(2024, 5, 2), "Wire", None),
    ]


def test_json_with_html_uses_page_metadata_unless_json_states_it(tmp_path):
    obj = {"html": PAGE, "title": "Title from the JSON", "language": "en-GB"}
    [article], rejections = read_one(tmp_path, "page.json", json.dumps(obj))
    assert rejections == []
    assert "shared stockpile of lithium carbonate" in article.body
    assert "Homepage" not in article.body
    assert article.title == "Title from the JSON"
    assert article.language == "en-GB"
    assert article.published == datetime.date(2024, 3, 14)
    assert article.source == "Harbour Ledger"


def test_json_with_html_fragment(tmp_path):
    fragment = "<p>Refiners in Lusaka compared notes on copper and cobalt output over two days of talks.</p>"
    [article], rejections = read_one(tmp_path, "frag.json", json.dumps({"html": fragment}))
    assert rejections == []
    assert article.body == "Refiners in Lusaka compared notes on copper and cobalt output over two days of talks."


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"title": "No text here"}', "no 'text' or 'html' key"),
        ('{"text": ["a", "list"]}', "'text' is a JSON array"),
        ('{"text": "   "}', "empty"),
        (f"[{json.dumps({'text': COBALT})}]", "holds a JSON array, not an object: write one object such as"),
        ('{"text": "unterminated', "is not valid JSON (line 1"),
    ],
)
def test_json_rejections(tmp_path, content, expected):
    articles, rejections = read_one(tmp_path, "x.json", content)
    assert articles == []
    assert [r.source_file for r in rejections] == ["x.json"]
    assert expected in rejections[0].reason


def test_jsonl_broken_line_rejected_alone(tmp_path):
    lines = [
        json.dumps({"text": COBALT, "title": "First"}),
        '{"text": "broken line, no closing brace"',
        "",
        json.dumps({"text": "Smelter owners in Perth asked for a nickel stockpile.", "title": "Third"}),
    ]
    articles, rejections = read_one(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    assert [(a.source_file, a.title) for a in articles] == [("feed.jsonl:1", "First"), ("feed.jsonl:4", "Third")]
    assert [r.source_file for r in rejections] == ["feed.jsonl:2"]
    assert rejections[0].reason.startswith("line 2 is not valid JSON")


def test_jsonl_line_without_text(tmp_path):
    content = json.dumps({"title": "Just a title"}) + "\n" + json.dumps({"text": COBALT}) + "\n"
    articles, rejections = read_one(tmp_path, "feed.jsonl", content)
    assert [a.source_file for a in articles] == ["feed.jsonl:2"]
    assert [r.source_file for r in rejections] == ["feed.jsonl:1"]
    assert "no 'text' or 'html' key" in rejections[0].reason


# ---------------------------------------------------------------------------
# Files that are not articles


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\t\n  ", "only whitespace"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "contains NUL bytes"),
        ("latin.txt", "Caf\u00e9 talks in Bogot\u00e1".encode("latin-1"), "is not UTF-8 text (byte 0xe9 on line 1"),
        ("report.pdf", b"%PDF-1.7 whatever", "'.pdf' files are not read"),
        ("notes.docx", b"PK\x03\x04", "'.docx' files are not read"),
        ("README", b"Some notes.", "has no file suffix"),
    ],
)
def test_unreadable_files_are_rejected_with_a_reason(tmp_path, name, content, expected):
    articles, rejections = read_one(tmp_path, name, content)
    assert articles == []
    assert [r.source_file for r in rejections] == [name]
    assert expected in rejections[0].reason


def test_html_in_declared_legacy_charset_is_decoded(tmp_path):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("high desert", "high d\u00e9sert")
    [article], rejections = read_one(tmp_path, "legacy.html", page.encode("windows-1252"))
    assert rejections == []
    assert "high d\u00e9sert" in article.body


def test_unexpected_error_becomes_a_rejection(tmp_path, monkeypatch):
    import pipeline.nlp.readers as readers

    def explode(text, source_file):
        raise RuntimeError("simulated parser crash")

    monkeypatch.setattr(readers, "_read_json", explode)
    write(tmp_path, "a.json", json.dumps({"text": COBALT}))
    write(tmp_path, "b.txt", "Diplomats in Jakarta discussed nickel ore shipments.")
    articles, rejections = read_corpus(tmp_path)
    assert [a.source_file for a in articles] == ["b.txt"]
    assert [r.source_file for r in rejections] == ["a.json"]
    assert "RuntimeError: simulated parser crash" in rejections[0].reason


# ---------------------------------------------------------------------------
# The corpus


def test_duplicates_keep_the_first_by_path(tmp_path):
    write(tmp_path, "b/copy.txt", COBALT + "\n\n\n\n")
    write(tmp_path, "a.md", f"---\ntitle: Original\n---\n{COBALT}")
    write(tmp_path, "c.jsonl", json.dumps({"text": COBALT}) + "\n")
    articles, rejections = read_corpus(tmp_path)
    assert [(a.source_file, a.title) for a in articles] == [("a.md", "Original")]
    assert articles[0].copies == ("b/copy.txt", "c.jsonl:1")
    assert rejections == []


def test_corpus_order_is_deterministic_and_reports_dotfiles_without_reading_them(tmp_path):
    write(tmp_path, "z.txt", "Zinc traders met in Lima.")
    write(tmp_path, "a/b.txt", "Antimony buyers met in Hanoi.")
    write(tmp_path, "a.txt", "Tin miners met in La Paz.")
    write(tmp_path, ".DS_Store", b"\x00\x01binary litter")
    write(tmp_path, ".git/config", "[core]")
    write(tmp_path, "m.pdf", b"%PDF")
    feed = "\n".join(json.dumps({"text": f"Feed item {n} about graphite anodes."}) for n in range(1, 12))
    write(tmp_path, "feed.jsonl", feed)

    articles, rejections = read_corpus(tmp_path)
    expected = ["a.txt", "a/b.txt"] + [f"feed.jsonl:{n}" for n in range(1, 12)] + ["z.txt"]
    assert [a.source_file for a in articles] == expected
    assert [r.source_file for r in rejections] == [".DS_Store", ".git", "m.pdf"]
    assert read_corpus(tmp_path) == (articles, rejections)


def test_corpus_rejections_follow_line_order_within_a_file(tmp_path):
    lines = [json.dumps({"text": f"Item {n} on rare earth magnets."}) for n in range(1, 11)]
    lines[1] = "{broken"  # line 2 is broken
    lines[9] = "{not json"  # line 10 is broken
    write(tmp_path, "feed.jsonl", "\n".join(lines))
    _, rejections = read_corpus(tmp_path)
    assert [r.source_file for r in rejections] == ["feed.jsonl:2", "feed.jsonl:10"]


def test_read_corpus_needs_an_existing_folder(tmp_path):
    with pytest.raises(NotADirectoryError, match="does not exist"):
        read_corpus(tmp_path / "missing")


def test_supported_suffixes():
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".html", ".htm", ".json", ".jsonl"}
