"""Odd inputs for an input folder, chosen by a seed: every kind of file the readers must survive.

`write_fuzz_inputs(folder, seed, count)` writes `count` odd inputs below `folder` and returns the names
read_corpus(folder) gives them (relative POSIX paths; a byte of a name that is not UTF-8 as the text
\\xNN; a hidden folder by its own name). The text in them is filler (lorem words and made-up words of
letters that spell no month, weekday, number or name), so nothing in them can be extracted as a meeting
or a restriction: beside good articles they must change none of the good articles' rows.

Dependency-free on purpose: only the standard library, so it can be used from any test.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Callable

# Words with no capital, digit, month, weekday, country or mineral in them.
_LOREM = ("lorem", "ipsum", "dolor", "amet", "consectetur", "adipiscing", "eiusmod", "tempor", "incididunt",
          "labore", "dolore", "aliqua", "veniam", "nostrud", "ullamco", "laboris", "commodo", "consequat")
# Made-up words alternate these consonants and vowels: with no d, f, j, m, n, s, t or y, and starting with
# a consonant, no such word is a month or weekday name or an abbreviation of one.
_CONSONANTS = "bcgklpqrvwxz"
_VOWELS = "aeiou"

# Just over the readers' MAX_ARTICLE_CHARS (200,000), kept as a number here so the module needs no import.
_OVER_LONG_CHARS = 200_100
# Over the readers' front-matter limit of 64 KiB.
_BIG_FRONT_MATTER_BYTES = 66 * 1024


def _word(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(_LOREM)
    length = rng.randint(6, 10)
    return "".join(rng.choice(_CONSONANTS if i % 2 == 0 else _VOWELS) for i in range(length))


def _filler(rng: random.Random, words: int = 0) -> str:
    """A few lines of filler, different every time (a made-up word of 14 letters makes it unique)."""
    words = words or rng.randint(8, 40)
    text = " ".join(_word(rng) for _ in range(words))
    tag = "".join(rng.choice(_CONSONANTS if i % 2 == 0 else _VOWELS) for i in range(14))
    return f"{tag} {text}."


def _display(name: bytes) -> str:
    """How critmin names a file whose name is these bytes."""
    return name.decode("utf-8", "backslashreplace")


class _Writer:
    """Writes the inputs of one kind into the folder and records the names critmin gives them."""

    def __init__(self, folder: Path, rng: random.Random, index: int) -> None:
        self.folder, self.rng, self.stem = folder, rng, f"odd{index:04d}"
        self.names: list[str] = []

    def file(self, name: str, content: str | bytes) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        self.names.append(name)
        return path

    def link(self, name: str, target: str | Path) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
        self.names.append(name)

    def bytes_name(self, name: bytes, content: bytes) -> None:
        """A file whose name is not UTF-8, made through a bytes path."""
        path = os.fsencode(self.folder) + b"/" + name
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, content)
        finally:
            os.close(fd)
        self.names.append(_display(name))


# ---------------------------------------------------------------------------
# The kinds of odd input. Each writes one input (a few for links and folders) named after its stem.


def _front_matter(w: _Writer, yaml: str) -> None:
    w.file(f"{w.stem}.md", f"---\n{yaml}\n---\n{_filler(w.rng)}\n")


def _yaml_bomb(levels: int = 9) -> str:
    lines = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    names = "abcdefghijklmnop"
    for previous, name in zip(names, names[1:levels]):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append(f"title: *{names[levels - 1]}")
    return "\n".join(lines)


def _nested(depth: int, inner: str = "") -> str:
    return "[" * depth + inner + "]" * depth


def _one_long_line(rng: random.Random) -> str:
    """One line of filler just over the longest article the readers accept."""
    words: list[str] = []
    length = 0
    while length <= _OVER_LONG_CHARS:
        words.append(_word(rng))
        length += len(words[-1]) + 1
    return " ".join(words)


def _jsonl_mixed(w: _Writer) -> None:
    rng = w.rng
    choices = [
        lambda: json.dumps({"text": ""}),  # good-shaped but empty
        lambda: json.dumps({"title": _filler(rng, 3)}),  # no text
        lambda: '{"text": "' + _filler(rng, 4),  # broken
        lambda: "",  # blank line
        lambda: "   ",
        lambda: _nested(rng.choice((100, 1000, 5000))),
        lambda: '{"text": ' + "7" * 5000 + "}",
        lambda: json.dumps({"text": _filler(rng), "extra": 0}).replace("0}", "9" * 5000 + "}"),
        lambda: json.dumps({"text": _filler(rng)}).replace('."', '. \\udc80"'),
        lambda: json.dumps([1, 2, 3]),
        lambda: "null",
        lambda: json.dumps({"text": _filler(rng), "published": "9999-12-31T23:59:59-12:00"}),
        lambda: json.dumps({"text": _filler(rng)}),
    ]
    lines = [rng.choice(choices)() for _ in range(rng.randint(2, 8))]
    w.file(f"{w.stem}.jsonl", "\n".join(lines) + "\n")


def _link_inside(w: _Writer) -> None:
    target = w.file(f"{w.stem}-target.txt", _filler(w.rng))
    w.link(f"{w.stem}-link.txt", os.path.relpath(target, w.folder))


def _link_loop(w: _Writer) -> None:
    if w.rng.random() < 0.5:
        w.link(f"{w.stem}-self.txt", f"{w.stem}-self.txt")
    else:
        w.link(f"{w.stem}-a.txt", f"{w.stem}-b.txt")
        w.link(f"{w.stem}-b.txt", f"{w.stem}-a.txt")


def _hidden_folder(w: _Writer) -> None:
    folder = w.folder / f".{w.stem}"
    for n in range(w.rng.randint(1, 3)):
        (folder / "sub").mkdir(parents=True, exist_ok=True)
        (folder / ("sub" if n else "") / f"{n}.txt").write_text(_filler(w.rng))
    w.names.append(f".{w.stem}")  # one rejection for the whole folder


def _fifo(w: _Writer) -> None:
    if not hasattr(os, "mkfifo"):
        w.file(f"{w.stem}.txt", b"")
        return
    os.mkfifo(w.folder / f"{w.stem}.txt")
    w.names.append(f"{w.stem}.txt")


def _unreadable(w: _Writer) -> None:
    # Readable anyway when the tests run as root; then it is an ordinary filler article.
    path = w.file(f"{w.stem}-unreadable.txt", _filler(w.rng))
    path.chmod(0)


_KINDS: dict[str, tuple[int, Callable[[_Writer], None]]] = {
    # name: (weight, writer)
    "empty": (3, lambda w: w.file(f"{w.stem}.txt", b"")),
    "whitespace": (3, lambda w: w.file(f"{w.stem}.md", " \n\t\r\n  \n")),
    "binary": (3, lambda w: w.file(f"{w.stem}.txt", bytes(w.rng.randrange(256) for _ in range(200)) + b"\x00")),
    "utf16": (3, lambda w: w.file(f"{w.stem}.txt", _filler(w.rng).encode("utf-16"))),
    "utf16_cjk": (1, lambda w: w.file(f"{w.stem}.txt", ("\u6587\u5b57" * 20).encode("utf-16-le"))),
    "latin1": (3, lambda w: w.file(f"{w.stem}.txt", ("caf\u00e9 " + _filler(w.rng)).encode("latin-1"))),
    "latin1_html_undeclared": (2, lambda w: w.file(
        f"{w.stem}.html", f"<html><body><p>caf\u00e9 {_filler(w.rng)}</p></body></html>".encode("latin-1"))),
    "html_bogus_charset": (2, lambda w: w.file(
        f"{w.stem}.html", (f'<html><head><meta charset="{w.rng.choice(["rot13", "idna", "hex", "nonesuch"])}">'
                           f"</head><body><p>caf\u00e9 {_filler(w.rng)}</p></body></html>").encode("latin-1"))),
    "bom_crlf": (2, lambda w: w.file(f"{w.stem}.txt", "\ufeff" + _filler(w.rng).replace(" ", "\r\n", 3))),
    "broken_yaml": (3, lambda w: _front_matter(w, f"title: [{_filler(w.rng, 3)}\nsource: {{")),
    "yaml_tabs": (1, lambda w: _front_matter(w, "title:\n\t- lorem")),
    "yaml_python_tag": (1, lambda w: _front_matter(w, "title: !!python/object/apply:os.system ['true']")),
    "yaml_unhashable_key": (1, lambda w: _front_matter(w, "? [lorem, ipsum]\n: dolor")),
    "yaml_deep": (1, lambda w: _front_matter(w, "title: " + _nested(w.rng.choice((40, 2000))))),
    "yaml_bad_base64": (1, lambda w: _front_matter(w, "title: !!binary ===")),
    "yaml_huge_int": (2, lambda w: _front_matter(w, "title: " + "8" * 5000)),
    "yaml_control_char": (1, lambda w: _front_matter(w, "title: lorem\x07ipsum")),
    "unclosed_front_matter": (3, lambda w: w.file(f"{w.stem}.md", f"---\ntitle: lorem\n{_filler(w.rng)}\n")),
    "front_matter_list": (3, lambda w: _front_matter(w, "- lorem\n- ipsum")),
    "front_matter_scalar": (1, lambda w: _front_matter(w, "lorem ipsum")),
    "front_matter_title_list": (2, lambda w: _front_matter(w, "title: [" + ", ".join(["lorem"] * 500) + "]")),
    "front_matter_no_body": (2, lambda w: w.file(f"{w.stem}.md", "---\ntitle: lorem\n---\n\n  \n")),
    "front_matter_too_big": (1, lambda w: _front_matter(w, "notes: " + "lorem " * (_BIG_FRONT_MATTER_BYTES // 6))),
    "yaml_bomb": (3, lambda w: _front_matter(w, _yaml_bomb())),
    "yaml_few_aliases": (1, lambda w: _front_matter(w, "a: &a lorem\ntitle: *a")),
    "date_far_future": (2, lambda w: _front_matter(w, "published: 9999-12-31T23:59:59-12:00")),
    "date_year_zero": (2, lambda w: _front_matter(w, "published: 0000-01-01")),
    "date_year_one_aware": (1, lambda w: _front_matter(w, "published: 0001-01-01T00:00:00+14:00")),
    "date_too_old": (1, lambda w: _front_matter(w, "published: 1899-12-31")),
    "date_impossible": (1, lambda w: _front_matter(w, "published: 2024-13-45")),
    "date_not_a_date": (1, lambda w: _front_matter(w, "published: [lorem]")),
    "json_huge_int_key": (2, lambda w: w.file(
        f"{w.stem}.json", '{"text": ' + json.dumps(_filler(w.rng)) + ', "count": ' + "1" * 5000 + "}")),
    "json_huge_int_text": (2, lambda w: w.file(f"{w.stem}.json", '{"text": ' + "2" * 5000 + "}")),
    "json_huge_float": (1, lambda w: w.file(
        f"{w.stem}.json", '{"text": ' + json.dumps(_filler(w.rng)) + ', "x": 1e999999, "y": -0.' + "3" * 5000 + "}")),
    "json_deep": (3, lambda w: w.file(f"{w.stem}.json", _nested(w.rng.choice((1000, 20000, 100000))))),
    "json_deep_in_key": (2, lambda w: w.file(
        f"{w.stem}.json", '{"text": ' + json.dumps(_filler(w.rng)) + ', "x": ' + _nested(200) + "}")),
    "json_surrogate_text": (3, lambda w: w.file(
        f"{w.stem}.json", json.dumps({"text": _filler(w.rng)}).replace(" ", " \\ud800 ", 1))),
    "json_surrogate_title": (3, lambda w: w.file(
        f"{w.stem}.json", '{"title": "lorem \\udfff", "source": "\\ud83d", "text": ' + json.dumps(_filler(w.rng)) + "}")),
    "json_surrogate_html": (1, lambda w: w.file(
        f"{w.stem}.json", json.dumps({"html": f"<p>{_filler(w.rng, 30)}</p>"}).replace(" ", " \\udc00 ", 1))),
    "json_array": (2, lambda w: w.file(f"{w.stem}.json", json.dumps([{"text": _filler(w.rng)}]))),
    "json_number": (2, lambda w: w.file(f"{w.stem}.json", w.rng.choice(["42", "-0.5e3", "NaN", "Infinity"]))),
    "json_string": (1, lambda w: w.file(f"{w.stem}.json", json.dumps(_filler(w.rng)))),
    "json_null": (1, lambda w: w.file(f"{w.stem}.json", "null")),
    "json_no_text": (2, lambda w: w.file(f"{w.stem}.json", json.dumps({"title": _filler(w.rng, 3)}))),
    "json_text_not_string": (2, lambda w: w.file(f"{w.stem}.json", json.dumps({"text": {"lorem": ["ipsum"]}}))),
    "json_empty_text": (1, lambda w: w.file(f"{w.stem}.json", json.dumps({"text": " ", "html": ""}))),
    "json_broken": (2, lambda w: w.file(f"{w.stem}.json", '{"text": "' + _filler(w.rng))),
    "json_nul_in_text": (1, lambda w: w.file(f"{w.stem}.json", json.dumps({"text": _filler(w.rng) + "\x00"}))),
    "jsonl_mixed": (6, _jsonl_mixed),
    "jsonl_blank_lines": (1, lambda w: w.file(f"{w.stem}.jsonl", "\n\n  \n")),
    "non_utf8_name": (4, lambda w: w.bytes_name(
        w.rng.choice([b"caf\xe9", b"\xff\xfe", b"na\xefve", b"\xed\xa0\x80"]) + w.stem.encode() + b".md",
        _filler(w.rng).encode())),
    "non_utf8_folder": (2, lambda w: w.bytes_name(b"d\xfcr-" + w.stem.encode() + b"/inner.txt", _filler(w.rng).encode())),
    "non_utf8_unsupported": (1, lambda w: w.bytes_name(w.stem.encode() + b"-\xe9.pdf", b"%PDF-1.7")),
    "unsupported_suffix": (3, lambda w: w.file(f"{w.stem}{w.rng.choice(['.pdf', '.docx', '.csv', '.TXT~', '.'])}",
                                               _filler(w.rng))),
    "no_suffix": (2, lambda w: w.file(w.stem, _filler(w.rng))),
    "over_long_text": (1, lambda w: w.file(f"{w.stem}.txt", _one_long_line(w.rng))),
    "html_nav_only": (3, lambda w: w.file(
        f"{w.stem}.html", '<html><body><nav><a href="/">lorem</a> <a href="/x">ipsum</a></nav></body></html>')),
    "html_empty_body": (1, lambda w: w.file(f"{w.stem}.htm", "<html><body></body></html>")),
    "html_deep": (1, lambda w: w.file(
        f"{w.stem}.html", "<html><body>" + "<div>" * 3000 + _filler(w.rng) + "</div>" * 3000 + "</body></html>")),
    "html_filler": (2, lambda w: w.file(f"{w.stem}.html", f"<html><body><p>{_filler(w.rng, 60)}</p></body></html>")),
    "link_outside": (3, lambda w: w.link(f"{w.stem}-outside.txt", Path(__file__).resolve())),
    "link_dangling": (2, lambda w: w.link(f"{w.stem}-dangling.md", f"{w.stem}-missing.md")),
    "link_loop": (3, _link_loop),
    "link_inside": (2, _link_inside),
    "link_folder": (1, lambda w: (w.folder / f"{w.stem}-dir").mkdir() or w.link(f"{w.stem}-dirlink", f"{w.stem}-dir")),
    "hidden_file": (3, lambda w: w.file(f".{w.stem}.txt", _filler(w.rng))),
    "hidden_folder": (2, _hidden_folder),
    "nested": (3, lambda w: w.file(f"nested/{w.stem}/deeper/{w.stem}.txt", _filler(w.rng))),
    "fifo": (1, _fifo),
    "unreadable": (1, _unreadable),
}


def write_fuzz_inputs(folder: Path, seed: int, count: int) -> list[str]:
    """Write `count` odd inputs below `folder` (created if need be), chosen with random.Random(seed), and
    return the names read_corpus(folder) gives what was written, in the order written.

    A few kinds write more than one entry (a link and its target, a pair of links in a loop); a hidden
    folder is returned as the folder, which is what critmin reports. Total size stays under ~5 MB.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    kinds = sorted(_KINDS)
    weights = [_KINDS[k][0] for k in kinds]
    names: list[str] = []
    for index in range(count):
        kind = rng.choices(kinds, weights)[0]
        writer = _Writer(folder, rng, index)
        _KINDS[kind][1](writer)
        names.extend(writer.names)
    return names
