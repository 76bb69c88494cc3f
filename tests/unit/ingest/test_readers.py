"""Unit tests for the raw-input readers: every form in SPEC section 1, and every way a file is rejected."""

from __future__ import annotations

import datetime
import errno
import json
import logging
import os
import tracemalloc
from pathlib import Path

import pytest

import pipeline.ingest.formats as formats
import pipeline.ingest.readers as readers
from pipeline.ingest.readers import (
    EARLIEST_PUBLISHED,
    MAX_ARTICLE_CHARS,
    SUPPORTED_SUFFIXES,
    RawArticle,
    Rejection,
    article_id,
    latest_published,
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
    import pipeline.ingest.readers as readers

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


# ---------------------------------------------------------------------------
# Hostile input: nothing in a file, nor its name, stops read_corpus


def test_json_number_too_long_for_python_does_not_cost_the_article(tmp_path):
    digits = "1" * 5000  # int() refuses over 4,300 digits with a ValueError
    content = '{"text": ' + json.dumps(COBALT) + ', "stats": {"count": ' + digits + "}}"
    articles, rejections = read_one(tmp_path, "big.json", content)
    assert rejections == []
    assert articles == [RawArticle("big.json", COBALT, None, None, None, None, None)]


def test_json_number_too_long_as_title_is_kept_as_its_digits(tmp_path):
    [article], rejections = read_one(tmp_path, "t.json", '{"title": ' + "9" * 5000 + ', "text": "Lorem ipsum."}')
    assert rejections == []
    assert article.title == "9" * 5000


def test_json_number_too_long_as_text_is_still_a_number(tmp_path):
    articles, rejections = read_one(tmp_path, "n.json", '{"text": ' + "2" * 5000 + "}")
    assert articles == []
    assert [r.source_file for r in rejections] == ["n.json"]
    assert "'text' is a JSON number, not a string" in rejections[0].reason


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,  # overflows the parser's recursion
        '{"text": "Lorem ipsum.", "x": ' + "[" * 100 + "]" * 100 + "}",  # parses, but no article is this deep
    ],
    ids=["100000-levels", "100-levels-in-a-key"],
)
def test_json_nested_too_deep_is_rejected(tmp_path, content):
    articles, rejections = read_one(tmp_path, "deep.json", content)
    assert articles == []
    assert [r.source_file for r in rejections] == ["deep.json"]
    assert rejections[0].reason.startswith("is nested too deeply for an article")
    assert "store the article as one flat object" in rejections[0].reason


def test_lone_surrogate_in_json_is_kept_as_its_escape_text(tmp_path, caplog):
    content = '{"text": "Lorem \\ud800 ipsum.", "title": "Dolor \\udfff", "source": "\\ud83d", "url": "https://x.example/\\udc00"}'
    with caplog.at_level(logging.WARNING, logger="pipeline.ingest.readers"):
        [article], rejections = read_one(tmp_path, "s.json", content)
    assert rejections == []
    assert article.body == "Lorem \\ud800 ipsum."
    assert article.title == "Dolor \\udfff"
    assert article.source == "\\ud83d"
    assert article.url == "https://x.example/\\udc00"
    article_id(article.body)  # encodes as UTF-8
    warnings = [r.getMessage() for r in caplog.records if "surrogate" in r.getMessage()]
    assert warnings and all(w.startswith("s.json: ") for w in warnings)


def test_lone_surrogate_in_jsonl_line_and_html(tmp_path):
    lines = ['{"text": "Lorem ipsum \\udbff."}', '{"html": "<p>Dolor sit amet \\udc80 consectetur adipiscing.</p>"}']
    articles, rejections = read_one(tmp_path, "s.jsonl", "\n".join(lines))
    assert rejections == []
    assert [(a.source_file, a.body) for a in articles] == [
        ("s.jsonl:1", "Lorem ipsum \\udbff."),
        ("s.jsonl:2", "Dolor sit amet \\udc80 consectetur adipiscing."),
    ]


def make_bytes_file(root: Path, name: bytes, content: bytes) -> None:
    path = os.fsencode(str(root)) + b"/" + name
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, content)
    finally:
        os.close(fd)


def test_file_and_folder_names_that_are_not_utf8_are_kept_escaped(tmp_path):
    make_bytes_file(tmp_path, b"caf\xe9.md", b"---\ntitle: Lorem\n---\nLorem ipsum dolor.")
    make_bytes_file(tmp_path, b"d\xfcr/inner.txt", b"Sit amet consectetur.")
    make_bytes_file(tmp_path, b"r\xe9sum\xe9.pdf", b"%PDF")
    articles, rejections = read_corpus(tmp_path)
    assert [(a.source_file, a.title, a.body) for a in articles] == [
        ("caf\\xe9.md", "Lorem", "Lorem ipsum dolor."),
        ("d\\xfcr/inner.txt", None, "Sit amet consectetur."),
    ]
    assert [r.source_file for r in rejections] == ["r\\xe9sum\\xe9.pdf"]
    for name in [a.source_file for a in articles] + [r.source_file for r in rejections]:
        name.encode("utf-8")  # strict: no surrogate escapes left
    assert readers.display_path(os.fsdecode(b"caf\xe9.md")) == "caf\\xe9.md"


@pytest.mark.parametrize(
    "published",
    [
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+14:00",
        "0000-01-01",
        "'9999-12-31'",
        "1899-12-31",
        (latest_published() + datetime.timedelta(days=1)).isoformat(),
    ],
)
def test_implausible_published_dates_are_dropped_with_a_warning(tmp_path, caplog, published):
    with caplog.at_level(logging.WARNING, logger="pipeline.ingest.readers"):
        [article], rejections = read_one(tmp_path, "d.md", f"---\npublished: {published}\n---\n{COBALT}\n")
    assert rejections == []
    assert article.published is None
    assert article.body == COBALT
    [warning] = [r.getMessage() for r in caplog.records]
    assert warning.startswith("d.md: 'published' value ")
    assert published.strip("'")[:4] in warning


def test_published_date_bounds_are_kept(tmp_path):
    for day in (EARLIEST_PUBLISHED, latest_published()):
        [article], _ = read_one(tmp_path, "b.json", json.dumps({"text": COBALT, "published": day.isoformat()}))
        assert article.published == day
    assert latest_published(datetime.date(2024, 2, 29)) == datetime.date(2034, 2, 28)


def test_article_longer_than_the_limit_is_rejected(tmp_path):
    words = "lorem ipsum dolor sit amet " * (MAX_ARTICLE_CHARS // 20)
    long_line = words[:MAX_ARTICLE_CHARS] + "x"
    articles, rejections = read_one(tmp_path, "long.txt", long_line)
    assert articles == []
    assert [r.source_file for r in rejections] == ["long.txt"]
    reason = rejections[0].reason
    assert reason.startswith("is 200,001 characters long, over the 200,000 an article may have")
    assert "split it into separate articles" in reason
    [article], _ = read_one(tmp_path, "limit.txt", words[: MAX_ARTICLE_CHARS - 1] + "x")
    assert len(article.body) == MAX_ARTICLE_CHARS


def test_jsonl_length_limit_is_per_line(tmp_path):
    lines = [json.dumps({"text": "x" * (MAX_ARTICLE_CHARS // 2)}) for _ in range(3)]
    lines[1] = json.dumps({"text": "y" * (MAX_ARTICLE_CHARS + 5)})
    articles, rejections = read_one(tmp_path, "feed.jsonl", "\n".join(lines))
    assert [a.source_file for a in articles] == ["feed.jsonl:1", "feed.jsonl:3"]  # 1 and 3 are one text
    assert [r.source_file for r in rejections] == ["feed.jsonl:2"]
    assert rejections[0].reason.startswith("line 2 is 200,005 characters long")


def test_file_over_the_size_limit_is_not_opened(tmp_path, monkeypatch):
    path = write(tmp_path, "big.txt", "Lorem ipsum dolor sit amet. " * 10)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    opened = []
    real_open = os.open
    monkeypatch.setattr(readers.os, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    articles, rejections = read_file(path, tmp_path)
    assert opened == []
    assert articles == []
    assert rejections[0].reason.startswith("is 280 bytes, over the 100 (64 MiB) an input file may have")


def yaml_bomb() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append("title: *i")  # a key the reader looks at: showing it in a warning would expand it
    return "\n".join(lines)


def test_yaml_alias_bomb_is_rejected_in_little_memory(tmp_path):
    front = yaml_bomb()
    assert len(front) < 600  # expanded, it would be 9**9 (387 million) strings
    write(tmp_path, "bomb.md", f"---\n{front}\n---\n{COBALT}\n")
    tracemalloc.start()
    try:
        articles, rejections = read_corpus(tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024
    assert articles == []
    assert [r.source_file for r in rejections] == ["bomb.md"]
    assert "more than 20 YAML aliases" in rejections[0].reason
    assert "aliases are not needed in front matter" in rejections[0].reason


def test_front_matter_with_a_few_aliases_is_read(tmp_path):
    [article], rejections = read_one(tmp_path, "a.md", f"---\nname: &n Oslo talks\ntitle: *n\n---\n{COBALT}")
    assert rejections == []
    assert article.title == "Oslo talks"


def test_front_matter_over_64_kib_is_rejected(tmp_path):
    articles, rejections = read_one(tmp_path, "fat.md", "---\nnotes: " + "lorem " * 12_000 + f"\n---\n{COBALT}")
    assert articles == []
    assert rejections[0].reason.startswith("front matter is 72,007 bytes, over the 65,536 (64 KiB)")


def test_front_matter_integer_too_long_for_python_is_text(tmp_path):
    [article], rejections = read_one(tmp_path, "n.md", "---\ntitle: " + "7" * 5000 + f"\n---\n{COBALT}")
    assert rejections == []
    assert article.title == "7" * 5000


def test_a_structure_in_a_log_message_is_shown_briefly(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="pipeline.ingest.readers"):
        read_one(tmp_path, "l.md", "---\ntitle: [" + ", ".join(["lorem ipsum"] * 5000) + f"]\n---\n{COBALT}")
    [message] = [r.getMessage() for r in caplog.records]
    assert message.startswith("l.md: 'title' value ['lorem ipsum', ")
    assert len(message) < 200


def test_jsonl_line_the_reader_refuses_is_rejected_alone(tmp_path):
    lines = [
        json.dumps({"text": COBALT}),
        '{"text": ' + "3" * 5000 + "}",
        "[" * 1000 + "]" * 1000,
        '{"text": "Lorem ipsum.", "n": ' + "4" * 5000 + "}",
        '{"text": "Sit amet.", "x": {"y": "\\ud800"}}',
    ]
    articles, rejections = read_one(tmp_path, "feed.jsonl", "\n".join(lines))
    assert [(a.source_file, a.body) for a in articles] == [
        ("feed.jsonl:1", COBALT),
        ("feed.jsonl:4", "Lorem ipsum."),
        ("feed.jsonl:5", "Sit amet."),
    ]
    assert [r.source_file for r in rejections] == ["feed.jsonl:2", "feed.jsonl:3"]
    assert rejections[0].reason.startswith("line 2 'text' is a JSON number")
    assert rejections[1].reason.startswith("line 3 is nested too deeply")


def test_jsonl_line_that_crashes_the_reader_is_rejected_alone(tmp_path, monkeypatch):
    real = formats._article_from_object

    def crash_on_second(obj, where):
        if where.endswith(":2"):
            raise RuntimeError("simulated crash")
        return real(obj, where)

    monkeypatch.setattr(formats, "_article_from_object", crash_on_second)
    lines = [json.dumps({"text": f"Lorem {n}."}) for n in range(3)]
    articles, rejections = read_one(tmp_path, "feed.jsonl", "\n".join(lines))
    assert [a.source_file for a in articles] == ["feed.jsonl:1", "feed.jsonl:3"]
    assert [r.source_file for r in rejections] == ["feed.jsonl:2"]
    assert "RuntimeError: simulated crash" in rejections[0].reason


@pytest.fixture
def outside_file(tmp_path) -> Path:
    return write(tmp_path, "elsewhere/secret.txt", "Private notes that must not be published.")


def test_link_to_a_file_outside_the_input_folder_is_rejected(tmp_path, outside_file):
    root = tmp_path / "input"
    write(root, "ok.txt", COBALT)
    (root / "leak.txt").symlink_to(outside_file)
    articles, rejections = read_corpus(root)
    assert [a.source_file for a in articles] == ["ok.txt"]
    assert [r.source_file for r in rejections] == ["leak.txt"]
    reason = rejections[0].reason
    assert reason.startswith("is a link to a file outside the input folder")
    assert "copy the file into the folder" in reason
    assert "--allow-outside-links" in reason
    assert "secret" not in reason


def test_link_to_a_file_outside_is_read_when_allowed(tmp_path, outside_file):
    root = tmp_path / "input"
    root.mkdir()
    (root / "leak.txt").symlink_to(outside_file)
    articles, rejections = read_corpus(root, allow_outside_links=True)
    assert rejections == []
    assert [(a.source_file, a.body) for a in articles] == [("leak.txt", "Private notes that must not be published.")]
    assert read_file(root / "leak.txt", root, allow_outside_links=True) == (articles, [])


def test_link_inside_the_folder_is_a_copy_of_its_target(tmp_path):
    write(tmp_path, "b/target.txt", COBALT)
    (tmp_path / "a-link.txt").symlink_to(Path("b") / "target.txt")
    (tmp_path / "c-link.txt").symlink_to(tmp_path / "b" / "target.txt")
    articles, rejections = read_corpus(tmp_path)
    assert rejections == []
    assert [(a.source_file, a.body, a.copies) for a in articles] == [("a-link.txt", COBALT, ("b/target.txt", "c-link.txt"))]


def test_link_that_leaves_and_comes_back_is_inside(tmp_path):
    root = tmp_path / "input"
    write(root, "target.txt", COBALT)
    (root / "link.txt").symlink_to(Path("..") / "input" / "target.txt")
    articles, rejections = read_corpus(root)
    assert rejections == []
    assert articles[0].copies == ("target.txt",)


def test_link_loops_and_dangling_links(tmp_path):
    (tmp_path / "self.txt").symlink_to("self.txt")
    (tmp_path / "ping.md").symlink_to("pong.md")
    (tmp_path / "pong.md").symlink_to("ping.md")
    (tmp_path / "gone.txt").symlink_to("missing.txt")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder-link").symlink_to("folder")
    _, rejections = read_corpus(tmp_path)
    reasons = {r.source_file: r.reason for r in rejections}
    loop = "is a symbolic link loop (following it leads back to itself): fix or remove the link"
    assert reasons == {
        "folder-link": "is a link to a folder, which is not followed: copy the articles into the input folder",
        "gone.txt": "is a link to a file that does not exist: fix or remove the link",
        "ping.md": loop,
        "pong.md": loop,
        "self.txt": loop,
    }


def test_hidden_files_and_folders_get_one_rejection_each(tmp_path):
    write(tmp_path, "a.txt", COBALT)
    write(tmp_path, ".draft.md", "Lorem ipsum.")
    write(tmp_path, "sub/.notes.txt", "Dolor sit.")
    for n in range(5):
        write(tmp_path, f".cache/{n}/page.html", "<p>Amet.</p>")
    articles, rejections = read_corpus(tmp_path)
    assert [a.source_file for a in articles] == ["a.txt"]
    assert [r.source_file for r in rejections] == [".cache", ".draft.md", "sub/.notes.txt"]
    assert rejections[0].reason == (
        "is a hidden folder (its name starts with '.'), so nothing in it is read: rename it without the "
        "leading dot if it holds articles"
    )
    assert rejections[1].reason == (
        "is a hidden file (its name starts with '.'), so it is not read: rename it without the leading dot "
        "if it is an article"
    )


def test_file_that_cannot_be_opened_says_why(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", COBALT)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(readers.os, "open", denied)
    articles, rejections = read_file(path, tmp_path)
    assert articles == []
    assert rejections[0].reason == (
        "could not be opened: Permission denied: fix its permissions so that the user running critmin can read it"
    )


def test_file_that_fails_while_read_says_why(tmp_path, monkeypatch):
    path = write(tmp_path, "bad-disk.txt", COBALT)

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(readers.os, "read", broken)
    _, [rejection] = read_file(path, tmp_path)
    assert rejection.reason.startswith("could not be read: Input/output error: check the file and the disk")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would wait for a writer forever
    write(tmp_path, "ok.txt", COBALT)
    articles, rejections = read_corpus(tmp_path)
    assert [a.source_file for a in articles] == ["ok.txt"]
    assert [r.source_file for r in rejections] == ["pipe.txt"]
    assert rejections[0].reason.startswith("is not a regular file but a named pipe, which is not opened")


def test_folder_given_to_read_file_is_not_a_regular_file(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    _, [rejection] = read_file(tmp_path / "folder.txt", tmp_path)
    assert rejection.reason.startswith("is not a regular file but a folder")


# ---------------------------------------------------------------------------
# A few hundred odd inputs beside good articles


def fuzz_corpus():
    """tests/fuzz_corpus.py (tests/conftest.py puts tests/ on sys.path)."""
    import fuzz_corpus

    return fuzz_corpus


def write_good_articles(root: Path) -> None:
    write(root, "good/oslo.md", f"---\ntitle: Cobalt talks in Oslo\npublished: 2024-05-02\n---\n{COBALT_TWO_PARAGRAPHS}\n")
    write(root, "good/santiago.html", PAGE)


def test_fuzz_inputs_beside_good_articles(tmp_path):
    alone_root, mixed_root = tmp_path / "alone", tmp_path / "mixed"
    write_good_articles(alone_root)
    alone, alone_rejections = read_corpus(alone_root)
    assert [a.source_file for a in alone] == ["good/oslo.md", "good/santiago.html"]
    assert alone_rejections == []

    write_good_articles(mixed_root)
    written = fuzz_corpus().write_fuzz_inputs(mixed_root / "odd", seed=20261204, count=300)
    assert len(written) >= 300
    size = sum(p.lstat().st_size for p in (mixed_root / "odd").rglob("*"))
    assert size < 5 * 1024 * 1024

    articles, rejections = read_corpus(mixed_root)

    named = {a.source_file for a in articles} | {c for a in articles for c in a.copies}
    named |= {r.source_file for r in rejections}
    named |= {name.rsplit(":", 1)[0] for name in named if name.rsplit(":", 1)[-1].isdigit()}
    assert [name for name in written if f"odd/{name}" not in named] == []
    assert [r for r in rejections if "critmin bug" in r.reason] == []
    assert [a for a in articles if a.source_file.startswith("good/")] == alone
    # Each kind of odd input is among them.
    reasons = " | ".join(r.reason for r in rejections)
    for expected in ("YAML aliases", "nested too deeply", "outside the input folder", "symbolic link loop",
                     "hidden file", "hidden folder", "characters long", "NUL bytes", "not UTF-8", "named pipe"):
        assert expected in reasons
    assert any("\\x" in a.source_file for a in articles)
