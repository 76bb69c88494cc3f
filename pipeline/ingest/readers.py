"""Turn the raw input folder (txt, md, html, json, jsonl) into article records, and say why any file was not read."""

from __future__ import annotations

import codecs
import datetime
import errno
import hashlib
import json
import logging
import os
import re
import reprlib
import stat
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

# Limits. Each one stops an input that is not a news article from costing the whole build its memory
# or its run; an input over a limit is rejected with a reason, never read in part.

# A long news article is under 60,000 characters, and spaCy refuses a text over 1,000,000. A body far
# over this is several articles (or a data dump) in one input.
MAX_ARTICLE_CHARS = 200_000
# No article file comes near this. The size is checked with stat before the file is read, so a huge
# file costs no memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
# Front matter holds a handful of keys (url, title, published, source, language); more is not front
# matter, and a bound keeps the YAML parser's work small.
MAX_FRONT_MATTER_BYTES = 64 * 1024
# YAML aliases (*name) are never needed for a few metadata keys, and nested aliases are how a
# 500-byte "billion laughs" document expands to gigabytes. They are counted while the YAML is composed,
# before anything is built from it.
MAX_FRONT_MATTER_ALIASES = 20
# Front matter is flat 'key: value' lines; deep nesting would only exhaust the parser's recursion.
MAX_FRONT_MATTER_DEPTH = 32
# An article is one flat object; a few levels of lists or objects inside it are harmless metadata,
# hundreds are not an article (and thousands overflow the JSON parser's recursion).
MAX_JSON_DEPTH = 64
# Publication dates a news article about today's minerals trade can have. Others ("9999-12-31" as a
# placeholder, year 0) are dropped with a warning, so no later date arithmetic overflows.
EARLIEST_PUBLISHED = datetime.date(1900, 1, 1)
PUBLISHED_YEARS_AHEAD = 10


def latest_published(today: datetime.date | None = None) -> datetime.date:
    """The latest plausible publication date: ten years after today (28 February for a 29 February)."""
    today = today or datetime.date.today()
    try:
        return today.replace(year=today.year + PUBLISHED_YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + PUBLISHED_YEARS_AHEAD, day=28)


# Log messages show values from the input through this: a bounded repr, so a huge string or a
# structure of shared YAML aliases is never expanded in full.
_BRIEF = reprlib.Repr()
_BRIEF.maxstring = 80
_BRIEF.maxother = 80
_BRIEF.maxlevel = 2
_BRIEF.maxlist = _BRIEF.maxdict = _BRIEF.maxtuple = _BRIEF.maxset = 4


def _brief(value: Any) -> str:
    return _BRIEF.repr(value)


@dataclass(frozen=True)
class RawArticle:
    """One article as read from the input folder, before any extraction."""

    # Relative POSIX path ("name.jsonl:LINE", 1-based, for one line of a .jsonl file); a byte of the
    # name that is not UTF-8 is written as the text \xNN (see display_path).
    source_file: str
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
# Names and text that cannot be encoded as UTF-8


def display_path(name: str) -> str:
    """A file name as critmin writes it: bytes of the name that are not UTF-8 as the text \\xNN.

    os.walk gives such bytes as surrogate escapes, which cannot be written to Parquet or a log; this
    form keeps every byte (lossless) and reads like the name the user sees in a terminal.
    """
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte (not from the file system)
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_lone_surrogates(value: str, source_file: str, what: str) -> str:
    """`value` with each unpaired UTF-16 surrogate ("\\ud800" in JSON, which is no character and cannot be
    encoded as UTF-8) written as its escape text \\ud800; a warning names the file."""
    if not _LONE_SURROGATE.search(value):
        return value
    LOGGER.warning(
        "%s: %s holds an unpaired UTF-16 surrogate, which is no character; it is kept as its escape text "
        "(such as \\ud800)",
        source_file,
        what,
    )
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


# ---------------------------------------------------------------------------
# Metadata values


def _as_date(value: Any) -> datetime.date | None:
    """A date from an ISO date/datetime string or a YAML date object; None when it is not one."""
    try:
        # datetime is a subclass of date, so it is tested first. An aware datetime keeps the date in
        # its own offset, with no conversion (none can overflow at year 1 or 9999): that is the
        # calendar day the publisher printed.
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            text = value.strip()
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                return datetime.datetime.fromisoformat(text).date()
    except (ValueError, OverflowError):
        return None
    return None


def _parse_published(value: Any, source_file: str) -> datetime.date | None:
    """The publication date in `value`, or None (with a warning naming the file) when `value` is not a
    date or not a plausible one (EARLIEST_PUBLISHED to latest_published())."""
    if value is None:
        return None
    parsed = _as_date(value)
    shown = _brief(value.isoformat() if isinstance(value, datetime.date) else value)
    # Choice: a bad date does not reject the article. The text is still worth reading and a later
    # step may find the date in it; the warning makes the loss visible without putting the same file
    # in both articles and rejections.
    if parsed is None:
        LOGGER.warning(
            "%s: 'published' value %s is not an ISO date (YYYY-MM-DD); the article is kept without a "
            "published date",
            source_file,
            shown,
        )
        return None
    latest = latest_published()
    if not EARLIEST_PUBLISHED <= parsed <= latest:
        LOGGER.warning(
            "%s: 'published' value %s is outside %s to %s, so it is no publication date; the article is "
            "kept without a published date",
            source_file,
            shown,
            EARLIEST_PUBLISHED.isoformat(),
            latest.isoformat(),
        )
        return None
    return parsed


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
        if isinstance(value, str):
            value = _escape_lone_surrogates(value, source_file, f"'{key}'")
        if key == "published":
            found[key] = _parse_published(value, source_file)
        else:
            text = _text_value(value)
            if value is not None and text is None and not isinstance(value, str):
                LOGGER.warning("%s: '%s' value %s is not text; it is ignored", source_file, key, _brief(value))
            found[key] = text
    return found


def _article(source_file: str, body: str, metadata: dict[str, Any]) -> RawArticle:
    """The article, once its normalised body is known to be of a length an article can have."""
    escaped = _escape_lone_surrogates(body, source_file, "the article text")
    if escaped is not body:
        body = normalise_body(escaped)
    if len(body) > MAX_ARTICLE_CHARS:
        raise _Reject(
            f"is {len(body):,} characters long, over the {MAX_ARTICLE_CHARS:,} an article may have (a long "
            "news article is under 60,000): it holds more than one article; split it into separate "
            "articles, one per file (or one per line of a .jsonl file)"
        )
    fields = {key: metadata.get(key) for key in _METADATA_KEYS}
    for key, value in fields.items():
        if isinstance(value, str):
            fields[key] = _escape_lone_surrogates(value, source_file, f"'{key}'")
    return RawArticle(
        source_file=source_file,
        body=body,
        url=fields["url"],
        title=fields["title"],
        published=fields["published"],
        source=fields["source"],
        language=fields["language"],
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


def _decode_html(raw: bytes, source_file: str) -> str:
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
                # A codec such as UTF-7 can give unpaired surrogates, which the HTML parser refuses.
                return _escape_lone_surrogates(raw.decode(name), source_file, "the page")
            except (LookupError, ValueError):  # no such codec, not a text codec, or not decodable
                pass
        line = raw.count(b"\n", 0, err.start) + 1
        raise _Reject(
            f"is not UTF-8 (byte 0x{raw[err.start]:02x} on line {line} cannot be decoded) and declares "
            "no charset that decodes it: save the page as UTF-8 or fix its <meta charset>"
        ) from err


# ---------------------------------------------------------------------------
# Plain text and Markdown with optional YAML front matter


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader for front matter: dates that do not exist (2024-13-01) and integers too long for Python
    stay text instead of raising, and aliases and nesting are bounded while the YAML is composed."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        # PyYAML shares the node an alias names, so composing is cheap; it is every later walk of the
        # value (str(), a repr in a log line) that expands nested aliases exponentially. Counting them
        # here rejects such a document before anything is built from it.
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_FRONT_MATTER_ALIASES:
                raise _Reject(
                    f"front matter uses more than {MAX_FRONT_MATTER_ALIASES} YAML aliases (*name): aliases are "
                    "not needed in front matter; write each value out in full as 'key: value' lines"
                )
        self._depth += 1
        try:
            if self._depth > MAX_FRONT_MATTER_DEPTH:
                raise _Reject(
                    f"front matter is nested more than {MAX_FRONT_MATTER_DEPTH} levels deep: write it as flat "
                    "'key: value' lines (url, title, published, source, language)"
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_timestamp_leniently(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # PyYAML raises a plain ValueError for an impossible date (2024-13-01, year 0), which would
    # reject the whole file; returning the text lets _parse_published treat it as a bad value.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def _construct_int_leniently(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # int() refuses a decimal of over 4,300 digits with a ValueError; such a value is kept as its text.
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_leniently)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _construct_int_leniently)


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
        size = len(front.encode("utf-8"))
        if size > MAX_FRONT_MATTER_BYTES:
            raise _Reject(
                f"front matter is {size:,} bytes, over the {MAX_FRONT_MATTER_BYTES:,} (64 KiB) it may have: "
                "front matter holds a few 'key: value' lines (url, title, published, source, language); "
                "move anything else out of it, or check that the closing '---' is where it should be"
            )
        try:
            loaded = yaml.load(front, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
        except RecursionError as err:  # a backstop: MAX_FRONT_MATTER_DEPTH stops nesting long before
            raise _Reject(
                "front matter is nested too deeply to be read: write it as flat 'key: value' lines"
            ) from err
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            # The front matter starts on line 2 of the file and YAML counts from 0.
            where = f"line {mark.line + 2}: " if mark is not None else ""
            problem = getattr(err, "problem", None) or (str(err).splitlines() or [type(err).__name__])[0]
            problem = problem if len(problem) <= 200 else problem[:200] + "..."
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


def _extract_html(html: str, source_file: str) -> tuple[str, dict[str, Any]]:
    """Main text (boilerplate removed) and metadata of a page; raises _Reject if it holds no text."""
    # trafilatura treats input without an <html> tag near the start as "not HTML";
    # JSON inputs often carry a bare fragment, so it is given a document around it.
    if "<html" not in html[:1000].lower():
        html = f"<html><body>{html}</body></html>"
    try:
        tree = load_html(html)
        if tree is None:
            raise _Reject(
                "could not be parsed as HTML: check that it is a saved web page, or save the text as .txt"
            )
        language = (tree.get("lang") or "").strip() or None
        document = bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,  # reader comments are not the article
            include_tables=True,
            date_extraction_params=dict(_HTML_DATE_PARAMS),
            prune_xpath=list(_HTML_PRUNE_XPATH),
        )
    except RecursionError as err:
        raise _Reject(
            "is HTML nested too deeply to be read (elements inside each other thousands of levels deep): "
            "save the article text as .txt, or save the page again from the browser"
        ) from err
    text = normalise_body(document.text or "") if document is not None else ""
    if not text:
        raise _Reject(
            "holds no article text that could be told apart from navigation and page furniture: "
            "check the page contains the article itself, or save the article text as .txt"
        )
    metadata = {
        "url": _text_value(document.url),
        "title": _text_value(document.title),
        "published": _parse_published(document.date, source_file),
        "source": _text_value(document.sitename),
        "language": language or _text_value(document.language),
    }
    return text, metadata


def _read_html(text: str, source_file: str) -> RawArticle:
    body, metadata = _extract_html(text, source_file)
    return _article(source_file, body, metadata)


# ---------------------------------------------------------------------------
# JSON and JSON Lines


class _JsonDigits(str):
    """A JSON integer too long for int() (over 4,300 digits), kept as its digit string so that a number
    in some unrelated key does not cost the article; as 'text' it is still a number, not a string."""


def _parse_int(digits: str) -> int | str:
    try:
        return int(digits)
    except ValueError:
        return _JsonDigits(digits)


_TOO_DEEP = (
    f"is nested too deeply for an article (arrays or objects more than {MAX_JSON_DEPTH} levels inside each "
    'other): store the article as one flat object, such as {"title": "...", "text": "..."}'
)


def _nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether lists/dicts in `value` go more than `limit` levels deep (iteratively: no recursion)."""
    stack = [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        container, depth = stack.pop()
        if depth > limit:
            return True
        children = container.values() if isinstance(container, dict) else container
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _parse_json(text: str) -> Any:
    """json.loads that keeps over-long integers as digit strings; raises _Reject for deep nesting and
    json.JSONDecodeError for a syntax error."""
    try:
        value = json.loads(text, parse_int=_parse_int)
    except RecursionError as err:
        # The parser recurses once per level; thousands of levels exhaust Python's stack.
        raise _Reject(_TOO_DEEP) from err
    # The same reason for any depth over the limit, however deep the caller's stack happens to be.
    if _nested_deeper_than(value, MAX_JSON_DEPTH):
        raise _Reject(_TOO_DEEP)
    return value


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
        if value is not None and (not isinstance(value, str) or isinstance(value, _JsonDigits)):
            raise _Reject(f"'{key}' is a JSON {_json_type(value)}, not a string: store the article as one string")
    if text is not None:
        text = _escape_lone_surrogates(text, source_file, "'text'")
    if html is not None:
        html = _escape_lone_surrogates(html, source_file, "'html'")
    metadata = _metadata(obj, source_file)
    if text is not None and normalise_body(text):
        return _article(source_file, normalise_body(text), metadata)
    if html is not None and html.strip():
        body, page_metadata = _extract_html(html, source_file)
        # What the JSON states outright wins over what was inferred from the markup.
        merged = {
            key: metadata[key] if metadata.get(key) is not None else page_metadata.get(key) for key in _METADATA_KEYS
        }
        return _article(source_file, body, merged)
    raise _Reject("has an empty 'text'/'html' value: fill in the article text or remove the entry")


def _json_type(value: Any) -> str:
    if isinstance(value, _JsonDigits):
        return "number"
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _read_json(text: str, source_file: str) -> RawArticle:
    try:
        obj = _parse_json(text)
    except json.JSONDecodeError as err:
        raise _Reject(
            f"is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}): fix the syntax, "
            "or use .jsonl if it holds one object per line"
        ) from err
    return _article_from_object(obj, source_file)


def _read_jsonl(text: str, source_file: str) -> tuple[list[RawArticle], list[Rejection]]:
    """One article per line; a line that cannot be read is rejected alone, as "name.jsonl:LINE"."""
    articles: list[RawArticle] = []
    rejections: list[Rejection] = []
    # Split on "\n" only: str.splitlines() would also split on U+2028, which may
    # appear unescaped inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source_file}:{number}"
        try:
            articles.append(_article_from_object(_parse_json(line), where))
        except json.JSONDecodeError as err:
            rejections.append(
                Rejection(
                    where,
                    f"line {number} is not valid JSON (column {err.colno}: {err.msg}): "
                    "fix that line or remove it; every line must be one complete object",
                )
            )
        except _Reject as reject:
            rejections.append(Rejection(where, f"line {number} {reject.reason}"))
        except Exception as err:  # noqa: BLE001 - one odd line must not cost the file's other lines
            LOGGER.exception("%s: unexpected error while reading the line", where)
            rejections.append(Rejection(where, f"line {number} {_unexpected_error_reason(err)}"))
    return articles, rejections


# ---------------------------------------------------------------------------
# Files and the corpus


def _unexpected_error_reason(err: Exception) -> str:
    message = str(err)
    message = message if len(message) <= 300 else message[:300] + "..."
    return (
        f"could not be read ({type(err).__name__}: {message}): check that the file opens and is "
        "readable; if it looks fine, report it as a critmin bug with this file attached"
    )


def _os_error_reason(err: OSError, doing: str = "opened") -> str:
    """Why the file system refused a file, and what to do about it."""
    what = err.strerror or type(err).__name__
    if err.errno in (errno.EACCES, errno.EPERM):
        fix = "fix its permissions so that the user running critmin can read it"
    elif err.errno in (errno.ENOENT, errno.ENOTDIR):
        fix = "it was moved or deleted while the folder was read; run the build again"
    elif err.errno == errno.EISDIR:
        fix = "it became a folder while the folder was read; run the build again"
    else:
        fix = "check the file and the disk it is on, then run the build again"
    return f"could not be {doing}: {what}: {fix}"


_OUTSIDE_LINK = (
    "is a link to a file outside the input folder, which is not read so that no file from elsewhere "
    "reaches a release: copy the file into the folder, or allow such links with the option "
    "--allow-outside-links (allow_outside_links: true in the settings)"
)


def _check_link(path: Path, root: Path, allow_outside_links: bool) -> None:
    """Raises _Reject unless the symbolic link `path` leads to a file that exists, without a loop, and
    (unless allow_outside_links) is inside the input folder."""
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise _Reject("is a symbolic link loop (following it leads back to itself): fix or remove the link") from err
        if err.errno in (errno.ENOENT, errno.ENOTDIR):
            raise _Reject("is a link to a file that does not exist: fix or remove the link") from err
        raise _Reject(_os_error_reason(err, "followed")) from err
    if allow_outside_links:
        return
    target, inside = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([inside, target]) != inside:
        LOGGER.warning("%s links to %s, outside the input folder", display_path(str(path)), display_path(target))
        raise _Reject(_OUTSIDE_LINK)


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; raises _Reject for anything else.

    The file is checked with stat before it is opened: a FIFO or a device is never opened (opening a
    FIFO would wait for a writer), and a huge file is refused before any of it is read.
    """
    try:
        before = os.stat(path)
    except OSError as err:
        raise _Reject(_os_error_reason(err)) from err
    if not stat.S_ISREG(before.st_mode):
        raise _Reject(
            f"is not a regular file but {_file_kind(before.st_mode)}, which is not opened: replace it with the "
            "article file itself, or move it out of the input folder"
        )
    if before.st_size > MAX_FILE_BYTES:
        raise _Reject(_too_big(before.st_size))
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise _Reject(_os_error_reason(err)) from err
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (before.st_dev, before.st_ino):
            raise _Reject("was replaced by another file while the folder was read: run the build again")
        # Read in chunks up to the limit, in case the file grew after the check.
        raw = bytearray()
        while len(raw) <= MAX_FILE_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            raw += chunk
    except OSError as err:
        raise _Reject(_os_error_reason(err, "read")) from err
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise _Reject(_too_big(len(raw)))
    return bytes(raw)


def _too_big(size: int) -> str:
    return (
        f"is {size:,} bytes, over the {MAX_FILE_BYTES:,} (64 MiB) an input file may have, so it was not "
        "read: an article file is far smaller; split it into separate articles"
    )


def read_file(
    path: Path, root: Path, *, allow_outside_links: bool = False
) -> tuple[list[RawArticle], list[Rejection]]:
    """The articles in one input file and the reasons any of it was rejected; never raises.

    A symbolic link is read as the file it points to when that file is inside `root`; a link to a
    file outside `root` is rejected unless `allow_outside_links`.
    """
    path, root = Path(path), Path(root)
    try:
        source_file = display_path(path.relative_to(root).as_posix())
    except ValueError:
        source_file = display_path(path.as_posix())
    try:
        return _read_file(path, root, source_file, allow_outside_links)
    except _Reject as reject:
        return [], [Rejection(source_file, reject.reason)]
    except Exception as err:  # noqa: BLE001 - one odd file must never stop the run
        LOGGER.exception("%s: unexpected error while reading", source_file)
        return [], [Rejection(source_file, _unexpected_error_reason(err))]


def _read_file(
    path: Path, root: Path, source_file: str, allow_outside_links: bool
) -> tuple[list[RawArticle], list[Rejection]]:
    try:
        is_link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError as err:
        raise _Reject(_os_error_reason(err)) from err
    if is_link:
        _check_link(path, root, allow_outside_links)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{display_path(path.suffix)}' files are not read" if suffix else "has no file suffix, so its format is unknown"
        raise _Reject(f"{kind}: save the article as {_SUFFIX_LIST}, or move the file out of the input folder")
    raw = _read_bytes(path)
    if not raw:
        raise _Reject("is empty: add the article text or remove the file")
    if b"\x00" in raw:
        raise _Reject(
            "looks binary (it contains NUL bytes), not text: export the article as UTF-8 text "
            f"({_SUFFIX_LIST}); a UTF-16 text file must be re-saved as UTF-8"
        )
    text = _decode_html(raw, source_file) if suffix in (".html", ".htm") else _decode_utf8(raw)
    del raw
    if not text.strip():
        raise _Reject("holds only whitespace: add the article text or remove the file")
    if suffix in (".txt", ".md"):
        return [_read_text_with_front_matter(text, source_file)], []
    if suffix in (".html", ".htm"):
        return [_read_html(text, source_file)], []
    if suffix == ".json":
        return [_read_json(text, source_file)], []
    return _read_jsonl(text, source_file)


_HIDDEN_FILE = (
    "is a hidden file (its name starts with '.'), so it is not read: rename it without the leading dot "
    "if it is an article"
)
_HIDDEN_FOLDER = (
    "is a hidden folder (its name starts with '.'), so nothing in it is read: rename it without the "
    "leading dot if it holds articles"
)
_FOLDER_LINK = "is a link to a folder, which is not followed: copy the articles into the input folder"


def _corpus_files(root: Path) -> tuple[list[Path], list[Rejection]]:
    """Every non-hidden file below root, sorted by source_file; hidden files and folders and links to
    folders are reported, one rejection each, and not read."""
    files: list[Path] = []
    rejections: list[Rejection] = []

    def relative(path: str | Path) -> str:
        return display_path(Path(path).relative_to(root).as_posix())

    def unreadable(err: OSError) -> None:
        # os.walk skips a folder it cannot list unless told otherwise; that would drop
        # its articles silently.
        try:
            where = relative(err.filename) if err.filename else "."
        except ValueError:
            where = display_path(str(err.filename))
        rejections.append(Rejection(where, f"folder could not be listed ({err.strerror}): fix its permissions"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        # Dot-files and dot-folders are mostly editor, OS and VCS litter (.DS_Store, .git): not read,
        # but each is reported, so that an article saved under such a name is not lost silently. A
        # hidden folder gets one row and is not entered (.git alone holds thousands of files).
        followed = []
        for name in sorted(dirnames):
            folder = Path(dirpath) / name
            if name.startswith("."):
                rejections.append(Rejection(relative(folder), _HIDDEN_FOLDER))
            elif folder.is_symlink():
                # Not followed, to avoid loops and reading outside the input folder.
                rejections.append(Rejection(relative(folder), _FOLDER_LINK))
            else:
                followed.append(name)
        dirnames[:] = followed
        for name in filenames:
            if name.startswith("."):
                rejections.append(Rejection(relative(Path(dirpath) / name), _HIDDEN_FILE))
            else:
                files.append(Path(dirpath) / name)
    files.sort(key=relative)
    return files, rejections


def _line_of(source_file: str, file_key: str) -> int:
    """Line number from "name.jsonl:LINE", 0 for the file as a whole; orders rejections within a file."""
    rest = source_file[len(file_key) + 1 :]
    return int(rest) if source_file != file_key and rest.isdigit() else 0


def read_corpus(root: Path, *, allow_outside_links: bool = False) -> tuple[list[RawArticle], list[Rejection]]:
    """All articles below root in relative-path order, with one Rejection per unreadable input; an input
    with exactly the text of an earlier one is recorded among that article's copies.

    Never raises for what the folder holds (only when `root` is no folder): every file ends up as an
    article, a copy of one, or a rejection. Links to files outside `root` are rejected unless
    `allow_outside_links`.
    """
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
        file_key = display_path(path.relative_to(root).as_posix())
        found, rejected = read_file(path, root, allow_outside_links=allow_outside_links)
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
