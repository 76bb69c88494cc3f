"""What an input becomes: article records and rejections, the limits an input must keep, the body's
canonical form and id, and the metadata and text decoding every format shares."""

from __future__ import annotations

import codecs
import datetime
import hashlib
import logging
import re
import reprlib
import unicodedata
from dataclasses import dataclass
from typing import Any

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
    snapshot_sha256: str | None = None  # the fetched body it was read from (landing zone); None for a file


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


def _unexpected_error_reason(err: Exception) -> str:
    message = str(err)
    message = message if len(message) <= 300 else message[:300] + "..."
    return (
        f"could not be read ({type(err).__name__}: {message}): check that the file opens and is "
        "readable; if it looks fine, report it as a critmin bug with this file attached"
    )
