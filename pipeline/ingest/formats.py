"""The input formats: text and Markdown with YAML front matter, HTML pages, JSON and JSON Lines; each
gives articles, or rejects its input with a reason."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import yaml
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from pipeline.ingest.records import (
    MAX_FRONT_MATTER_ALIASES,
    MAX_FRONT_MATTER_BYTES,
    MAX_FRONT_MATTER_DEPTH,
    MAX_JSON_DEPTH,
    _METADATA_KEYS,
    RawArticle,
    Rejection,
    _article,
    _escape_lone_surrogates,
    _metadata,
    _parse_published,
    _Reject,
    _text_value,
    _unexpected_error_reason,
    normalise_body,
)

LOGGER = logging.getLogger(__name__)

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


class _FlatFrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same constructors on libyaml's parser, ten times faster, for front matter that is flat 'key:
    value' lines: nothing indented and no [, {, & or *, so it can hold no nesting and no alias, which
    are what _FrontMatterLoader bounds while it composes."""


_FlatFrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_leniently)
_FlatFrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _construct_int_leniently)
_NOT_FLAT = re.compile(r"^[ \t]|[\[{&*]", re.MULTILINE)


def _load_front_matter(front: str) -> Any:
    """The front matter's YAML: flat front matter by libyaml; anything else, or anything libyaml
    refuses, by the bounded pure-Python loader (whose errors are the ones reported)."""
    if not _NOT_FLAT.search(front):
        try:
            return yaml.load(front, Loader=_FlatFrontMatterLoader)  # noqa: S506 - a SafeLoader
        except yaml.YAMLError:
            pass
    return yaml.load(front, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass


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
            loaded = _load_front_matter(front)
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
