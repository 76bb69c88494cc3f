"""Turn the raw input folder (txt, md, html, json, jsonl) into article records, and say why any file was not read."""

from __future__ import annotations

import codecs
import datetime
import hashlib
import json
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from trafilatura import bare_extraction
from trafilatura.utils import load_html

LOGGER = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")

_METADATA_KEYS = ("url", "title", "published", "source", "language")
_SUFFIX_LIST = ", ".join(SUPPORTED_SUFFIXES)


@dataclass(frozen=True)
class RawArticle:
    """One article as read from the input folder, before any extraction."""

    source_file: str  # relative POSIX path; "name.jsonl:LINE" (1-based) for one line of a .jsonl file
    body: str  # normalised with normalise_body, so article_id(body) is stable
    url: str | None
    title: str | None
    published: datetime.date | None
    source: str | None  # the publisher
    language: str | None
    # Other inputs with exactly this text (syndicated copies): their URLs, else their source files.
    copies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    """An input that could not become an article, with a reason a person can act on."""

    source_file: str  # same convention as RawArticle.source_file
    reason: str


class _Reject(Exception):
    """Raised inside a reader to turn the current input into a Rejection with this reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------
# Body text and identity

_BLANK_LINE_RUN = re.compile(r"\n{3,}")


def normalise_body(text: str) -> str:
    """Canonical form of an article body: the article_id is a hash of this, so it must not drift."""
    text = unicodedata.normalize("NFC", text)
    # Windows, old Mac and Unicode line/paragraph separators all become "\n".
    for separator in ("\r\n", "\r", "\u2028", "\u2029"):
        text = text.replace(separator, "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    # One blank line is a paragraph break; more carry no meaning and differ between
    # copies of the same article, so any run of blank lines becomes a single one.
    text = _BLANK_LINE_RUN.sub("\n\n", text)
    return text.strip()


def article_id(body: str) -> str:
    """First 16 hex characters of the SHA-256 of the normalised body (UTF-8)."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------
# Metadata values


def _parse_published(value: Any) -> datetime.date | None:
    """A date from an ISO date/datetime string or a YAML date object; None when it is not one."""
    # datetime is a subclass of date, so it is tested first. An aware datetime keeps
    # the date in its own offset: that is the calendar day the publisher printed.
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.datetime.fromisoformat(text).date()
        except ValueError:
            return None
    return None


def _text_value(value: Any) -> str | None:
    """A metadata value as stripped text; numbers are accepted (a title may be "2024")."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (str, int, float)):
        return str(value).strip() or None
    return None


def _metadata(mapping: dict[Any, Any], source_file: str) -> dict[str, Any]:
    """The known metadata keys from a front-matter or JSON mapping; unknown keys are ignored."""
    # Keys are matched case-insensitively: "Title:" is an obvious intent, not an error.
    lowered = {str(key).strip().lower(): value for key, value in mapping.items()}
    found: dict[str, Any] = {}
    for key in _METADATA_KEYS:
        value = lowered.get(key)
        if key == "published":
            parsed = _parse_published(value)
            if value is not None and parsed is None:
                # Choice: a bad date does not reject the article. The text is still worth
                # reading and a later step may find the date in it; the warning makes the
                # loss visible without putting the same file in both articles and rejections.
                LOGGER.warning(
                    "%s: 'published' value %r is not an ISO date (YYYY-MM-DD); "
                    "the article is kept without a published date",
                    source_file,
                    value,
                )
            found[key] = parsed
        else:
            text = _text_value(value)
            if value is not None and text is None and not isinstance(value, str):
                LOGGER.warning("%s: %r value %r is not text; it is ignored", source_file, key, value)
            found[key] = text
    return found


def _article(source_file: str, body: str, metadata: dict[str, Any]) -> RawArticle:
    return RawArticle(
        source_file=source_file,
        body=body,
        url=metadata.get("url"),
        title=metadata.get("title"),
        published=metadata.get("published"),
        source=metadata.get("source"),
        language=metadata.get("language"),
    )


# ---------------------------------------------------------------------------
# Decoding


def _decode_utf8(raw: bytes) -> str:
    """Strict UTF-8 (a leading BOM is allowed); guessing another encoding would store garbage."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise _Reject(
            f"is not UTF-8 text (byte 0x{raw[err.start]:02x} on line {line} cannot be decoded): "
            "save the file with UTF-8 encoding"
        ) from err


_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode_html(raw: bytes) -> str:
    """UTF-8 first; otherwise only the charset the page itself declares, decoded strictly."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # Pages saved from the web are often in their declared legacy charset; using
        # that declaration is reading the page as written, not guessing.
        match = _DECLARED_CHARSET.search(raw[:4096])
        if match:
            name = match.group(1).decode("ascii")
            try:
                codecs.lookup(name)
                return raw.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
        line = raw.count(b"\n", 0, err.start) + 1
        raise _Reject(
            f"is not UTF-8 (byte 0x{raw[err.start]:02x} on line {line} cannot be decoded) and declares "
            "no charset that decodes it: save the page as UTF-8 or fix its <meta charset>"
        ) from err


# ---------------------------------------------------------------------------
# Plain text and Markdown with optional YAML front matter


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader whose dates that do not exist (2024-13-01) stay text instead of raising."""


def _construct_timestamp_leniently(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # PyYAML raises a plain ValueError for an impossible date, which would reject the
    # whole file; returning the text lets _parse_published treat it as a bad value.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_leniently)


def _read_text_with_front_matter(text: str, source_file: str) -> RawArticle:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    metadata: dict[str, Any] = {}
    body_first_line = 1
    if lines[0].strip() == "---":
        closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if closing is None:
            raise _Reject(
                "front matter opened with '---' on line 1 is never closed: add a line holding only "
                "'---' after the last key, or delete line 1 if the file has no front matter"
            )
        front = "\n".join(lines[1:closing])
        try:
            loaded = yaml.load(front, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            # The front matter starts on line 2 of the file and YAML counts from 0.
            where = f"line {mark.line + 2}: " if mark is not None else ""
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            raise _Reject(
                f"front matter is not valid YAML ({where}{problem}): "
                "fix the YAML between the '---' lines or remove them"
            ) from err
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise _Reject(
                f"front matter is a YAML {type(loaded).__name__}, not a mapping of keys to values: "
                "write it as 'key: value' lines (url, title, published, source, language)"
            )
        metadata = _metadata(loaded, source_file)
        body_first_line = closing + 2
        lines = lines[closing + 1 :]
    body = normalise_body("\n".join(lines))
    if not body:
        raise _Reject(
            f"has front matter but no article text after it (line {body_first_line} on is empty): "
            "add the article text below the closing '---'"
        )
    return _article(source_file, body, metadata)


# ---------------------------------------------------------------------------
# HTML

# Only dates stated in the page's markup (meta tags, <time>, JSON-LD, the URL) are
# taken. htmldate's extensive search also scans the prose, and a date picked from the
# prose is a guess that a later step makes with more care.
_HTML_DATE_PARAMS = {"original_date": True, "extensive_search": False}
# Site navigation and page footers are never the article. Pruning them first also means
# a page holding nothing else ends up with no text (and is rejected), instead of
# trafilatura's fallback returning the menu as if it were the story.
_HTML_PRUNE_XPATH = ["//nav", "//footer", "//*[@role='navigation']", "//*[@role='contentinfo']"]


def _extract_html(html: str) -> tuple[str, dict[str, Any]]:
    """Main text (boilerplate removed) and metadata of a page; raises _Reject if it holds no text."""
    # trafilatura treats input without an <html> tag near the start as "not HTML";
    # JSON inputs often carry a bare fragment, so it is given a document around it.
    if "<html" not in html[:1000].lower():
        html = f"<html><body>{html}</body></html>"
    tree = load_html(html)
    if tree is None:
        raise _Reject("could not be parsed as HTML: check that it is a saved web page, or save the text as .txt")
    language = (tree.get("lang") or "").strip() or None
    document = bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
        include_tables=True,
        date_extraction_params=dict(_HTML_DATE_PARAMS),
        prune_xpath=list(_HTML_PRUNE_XPATH),
    )
    text = normalise_body(document.text or "") if document is not None else ""
    if not text:
        raise _Reject(
            "holds no article text that could be told apart from navigation and page furniture: "
            "check the page contains the article itself, or save the article text as .txt"
        )
    metadata = {
        "url": _text_value(document.url),
        "title": _text_value(document.title),
        "published": _parse_published(document.date),
        "source": _text_value(document.sitename),
        "language": language or _text_value(document.language),
    }
    return text, metadata


def _read_html(text: str, source_file: str) -> RawArticle:
    body, metadata = _extract_html(text)
    return _article(source_file, body, metadata)


# ---------------------------------------------------------------------------
# JSON and JSON Lines


def _article_from_object(obj: Any, source_file: str) -> RawArticle:
    if not isinstance(obj, dict):
        # Inside a .jsonl file the "use .jsonl" hint would only confuse.
        hint = "" if ".jsonl:" in source_file else " (several articles go in a .jsonl file, one per line)"
        raise _Reject(
            f"holds a JSON {_json_type(obj)}, not an object: write one object such as "
            '{"title": "...", "text": "..."}' + hint
        )
    lowered = {str(key).strip().lower(): value for key, value in obj.items()}
    text, html = lowered.get("text"), lowered.get("html")
    if text is None and html is None:
        raise _Reject("has no 'text' or 'html' key: put the article under 'text' (plain text) or 'html' (a web page)")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise _Reject(f"'{key}' is a JSON {_json_type(value)}, not a string: store the article as one string")
    metadata = _metadata(obj, source_file)
    if text is not None and normalise_body(text):
        return _article(source_file, normalise_body(text), metadata)
    if html is not None and html.strip():
        body, page_metadata = _extract_html(html)
        # What the JSON states outright wins over what was inferred from the markup.
        merged = {
            key: metadata[key] if metadata.get(key) is not None else page_metadata.get(key) for key in _METADATA_KEYS
        }
        return _article(source_file, body, merged)
    raise _Reject("has an empty 'text'/'html' value: fill in the article text or remove the entry")


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _read_json(text: str, source_file: str) -> RawArticle:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise _Reject(
            f"is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}): fix the syntax, "
            "or use .jsonl if it holds one object per line"
        ) from err
    return _article_from_object(obj, source_file)


def _read_jsonl(text: str, source_file: str) -> tuple[list[RawArticle], list[Rejection]]:
    articles: list[RawArticle] = []
    rejections: list[Rejection] = []
    # Split on "\n" only: str.splitlines() would also split on U+2028, which may
    # appear unescaped inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source_file}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            rejections.append(
                Rejection(
                    where,
                    f"line {number} is not valid JSON (column {err.colno}: {err.msg}): "
                    "fix that line or remove it; every line must be one complete object",
                )
            )
            continue
        try:
            articles.append(_article_from_object(obj, where))
        except _Reject as reject:
            rejections.append(Rejection(where, f"line {number} {reject.reason}"))
    return articles, rejections


# ---------------------------------------------------------------------------
# Files and the corpus


def _unexpected_error_reason(err: Exception) -> str:
    return (
        f"could not be read ({type(err).__name__}: {err}): check that the file opens and is "
        "readable; if it looks fine, report it as a critmin bug with this file attached"
    )


def read_file(path: Path, root: Path) -> tuple[list[RawArticle], list[Rejection]]:
    """The articles in one input file and the reasons any of it was rejected; never raises."""
    path, root = Path(path), Path(root)
    try:
        source_file = path.relative_to(root).as_posix()
    except ValueError:
        source_file = path.as_posix()
    try:
        return _read_file(path, source_file)
    except _Reject as reject:
        return [], [Rejection(source_file, reject.reason)]
    except Exception as err:  # noqa: BLE001 - one odd file must never stop the run
        LOGGER.exception("%s: unexpected error while reading", source_file)
        return [], [Rejection(source_file, _unexpected_error_reason(err))]


def _read_file(path: Path, source_file: str) -> tuple[list[RawArticle], list[Rejection]]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{path.suffix}' files are not read" if suffix else "has no file suffix, so its format is unknown"
        raise _Reject(f"{kind}: save the article as {_SUFFIX_LIST}, or move the file out of the input folder")
    if path.is_symlink() and not path.exists():
        raise _Reject("is a link to a file that does not exist: fix or remove the link")
    if not path.is_file():
        raise _Reject("is not a regular file: replace it with the article file itself")
    raw = path.read_bytes()
    if not raw:
        raise _Reject("is empty: add the article text or remove the file")
    if b"\x00" in raw:
        raise _Reject(
            "looks binary (it contains NUL bytes), not text: export the article as UTF-8 text "
            f"({_SUFFIX_LIST}); a UTF-16 text file must be re-saved as UTF-8"
        )
    text = _decode_html(raw) if suffix in (".html", ".htm") else _decode_utf8(raw)
    if not text.strip():
        raise _Reject("holds only whitespace: add the article text or remove the file")
    if suffix in (".txt", ".md"):
        return [_read_text_with_front_matter(text, source_file)], []
    if suffix in (".html", ".htm"):
        return [_read_html(text, source_file)], []
    if suffix == ".json":
        return [_read_json(text, source_file)], []
    return _read_jsonl(text, source_file)


def _corpus_files(root: Path) -> tuple[list[Path], list[Rejection]]:
    """Every non-hidden file below root, sorted by relative POSIX path; links to folders are reported."""
    files: list[Path] = []
    rejections: list[Rejection] = []

    def unreadable(err: OSError) -> None:
        # os.walk skips a folder it cannot list unless told otherwise; that would drop
        # its articles silently.
        where = Path(err.filename).relative_to(root).as_posix() if err.filename else root.as_posix()
        rejections.append(Rejection(where or ".", f"folder could not be listed ({err.strerror}): fix its permissions"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        # Dot-files and dot-folders are editor, OS and VCS litter (.DS_Store, .git): skipped on purpose.
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in list(dirnames):
            folder = Path(dirpath) / name
            if folder.is_symlink():
                # Not followed, to avoid loops and reading outside the input folder.
                dirnames.remove(name)
                rejections.append(
                    Rejection(
                        folder.relative_to(root).as_posix(),
                        "is a link to a folder, which is not followed: copy the articles into the input folder",
                    )
                )
        files.extend(Path(dirpath) / name for name in filenames if not name.startswith("."))
    files.sort(key=lambda p: p.relative_to(root).as_posix())
    return files, rejections


def _line_of(source_file: str, file_key: str) -> int:
    """Line number from "name.jsonl:LINE", 0 for the file as a whole; orders rejections within a file."""
    rest = source_file[len(file_key) + 1 :]
    return int(rest) if source_file != file_key and rest.isdigit() else 0


def read_corpus(root: Path) -> tuple[list[RawArticle], list[Rejection]]:
    """All articles below root in relative-path order, with one Rejection per unreadable input; an input
    with exactly the text of an earlier one is recorded among that article's copies."""
    root = Path(root)
    if not root.is_dir():
        raise NotADirectoryError(
            f"input folder {root} does not exist or is not a folder: "
            "create it, or point critmin at the folder that holds the articles"
        )
    files, folder_rejections = _corpus_files(root)
    articles: list[RawArticle] = []
    # (relative path, line, rejection): sorted at the end so the output order does not
    # depend on the order os.walk happens to visit folders.
    ordered: list[tuple[str, int, Rejection]] = [(r.source_file, 0, r) for r in folder_rejections]
    first_seen: dict[str, int] = {}
    for path in files:
        file_key = path.relative_to(root).as_posix()
        found, rejected = read_file(path, root)
        ordered.extend((file_key, _line_of(r.source_file, file_key), r) for r in rejected)
        for article in found:
            key = article_id(article.body)
            if key in first_seen:
                # The same text published again (syndication) is one article with one more address.
                kept = articles[first_seen[key]]
                articles[first_seen[key]] = replace(kept, copies=kept.copies + (article.url or article.source_file,))
            else:
                first_seen[key] = len(articles)
                articles.append(article)
    ordered.sort(key=lambda item: (item[0], item[1]))
    rejections = [rejection for _, _, rejection in ordered]
    return articles, rejections
