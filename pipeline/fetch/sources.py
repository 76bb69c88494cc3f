"""The sources file (sources.yaml): which feeds and pages to fetch, and the limits every fetch keeps,
read and checked at once so a typo is reported with the file and the entry, not met mid-fetch."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

KNOWN_KEYS = ("feeds", "urls", "url_files", "warcs", "allow_private", "limits", "contact")
ENTRY_KEYS = ("url", "name", "min_delay_s")


class SourcesError(ValueError):
    """The sources file cannot be used; the message names the file, the entry and the fix."""


@dataclass(frozen=True)
class Limits:
    """Bounds on every request. Defaults are polite for real servers; tests set small ones."""

    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0  # longest silence between two pieces of a response
    total_timeout_s: float = 60.0  # longest a single response may take, however it trickles
    max_bytes: int = 10 * 1024 * 1024  # a news page is well under 1 MB; a feed under a few
    max_redirects: int = 5
    max_retries: int = 2  # on 429 and 5xx only
    backoff_s: float = 2.0  # first wait after a 5xx without Retry-After; doubles each retry
    max_retry_wait_s: float = 60.0  # a Retry-After longer than this gives up instead of waiting
    min_delay_s: float = 2.0  # between two requests to one host
    max_warc_bytes: int = 4 * 1024 ** 3  # a web archive downloaded from an https:// location (streamed to disk)


@dataclass(frozen=True)
class Source:
    """One configured feed or page: its address, a name for reports, and its host's minimum delay."""

    url: str
    name: str
    min_delay_s: float | None = None  # None: the limits' min_delay_s


@dataclass(frozen=True)
class Sources:
    path: Path
    feeds: tuple[Source, ...] = ()
    urls: tuple[Source, ...] = ()
    warcs: tuple[Path | str, ...] = ()  # local files, or http(s) URLs to download
    allow_private: bool = False
    contact: str | None = None
    limits: Limits = field(default_factory=Limits)


def _bad(path: Path, where: str, problem: str) -> SourcesError:
    return SourcesError(f"{path}: {where}: {problem}")


def _warc_path(path: Path, where: str, entry: Any) -> Path | str:
    """A web archive: a local path (relative to the sources file), or an http(s) URL to download. Other
    remote locations (s3://) are not read: the message says how to get the file."""
    text = str(entry)
    if text.lower().startswith(("http://", "https://")):
        return _check_url(path, where, text)
    if "://" in text:
        raise _bad(path, where, f"{text!r} is neither a local path nor an http(s) URL: s3:// and other locations "
                                "are not read; download the file (or give its https:// address) and list that")
    return path.parent / text


def _check_url(path: Path, where: str, url: Any) -> str:
    if not isinstance(url, str) or not url.strip():
        raise _bad(path, where, f"{url!r} is not an address: write an http(s) URL such as https://example.org/rss.xml")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _bad(path, where, f"{url!r} is not an http(s) URL: only http:// and https:// addresses are fetched")
    return url.strip()


def _entry(path: Path, where: str, raw: Any) -> Source:
    """A plain URL string, or a mapping {url, name, min_delay_s}."""
    if isinstance(raw, str):
        url = _check_url(path, where, raw)
        return Source(url=url, name=urlsplit(url).hostname or url)
    if not isinstance(raw, dict):
        raise _bad(path, where, f"{raw!r} is neither a URL nor a mapping {{url: ..., name: ..., min_delay_s: ...}}")
    unknown = sorted(str(k) for k in raw if k not in ENTRY_KEYS)
    if unknown:
        raise _bad(path, where, f"unknown keys {unknown}: an entry may have {', '.join(ENTRY_KEYS)}")
    url = _check_url(path, where, raw.get("url"))
    name = raw.get("name", urlsplit(url).hostname)
    if not isinstance(name, str) or not name.strip():
        raise _bad(path, where, f"name {name!r} is not text: give the source a short name, e.g. name: Reuters")
    delay = raw.get("min_delay_s")
    if delay is not None and (isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0):
        raise _bad(path, where, f"min_delay_s {delay!r} is not a number of seconds >= 0")
    return Source(url=url, name=name.strip(), min_delay_s=None if delay is None else float(delay))


def _list(path: Path, data: dict, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise _bad(path, key, f"must be a list (one entry per line starting with '- '), not {type(value).__name__}")
    return value


def _url_file(path: Path, where: str, raw: Any) -> list[Source]:
    """One URL per line of a text file (relative to the sources file); blank lines and # comments skipped."""
    if not isinstance(raw, str):
        raise _bad(path, where, f"{raw!r} is not a file path")
    listed = (path.parent / raw).expanduser()
    try:
        lines = listed.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise _bad(path, where, f"URL list {listed} could not be read ({err}): check the path, relative to {path.parent}")
    name = listed.stem
    return [replace(_entry(listed, f"line {n}", line.strip()), name=name)
            for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]


def _limits(path: Path, raw: Any) -> Limits:
    if raw is None:
        return Limits()
    names = [f.name for f in fields(Limits)]
    if not isinstance(raw, dict) or any(k not in names for k in raw):
        raise _bad(path, "limits", f"must be a mapping of {', '.join(names)}")
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise _bad(path, f"limits.{key}", f"{value!r} is not a number >= 0")
    return Limits(**{k: type(getattr(Limits(), k))(v) for k, v in raw.items()})


def load_sources(path: Path) -> Sources:
    """The sources file at `path`, checked whole; raises SourcesError naming the file and the bad entry."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise SourcesError(f"{path}: could not be read ({err.strerror or err}): pass an existing sources file")
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise SourcesError(f"{path}: is not valid YAML ({err}): fix the file; see the README's sources.yaml example")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourcesError(f"{path}: must be a mapping with keys {', '.join(KNOWN_KEYS)}")
    unknown = sorted(str(k) for k in data if k not in KNOWN_KEYS)
    if unknown:
        raise SourcesError(f"{path}: unknown keys {unknown}: the keys are {', '.join(KNOWN_KEYS)}")
    feeds = [_entry(path, f"feeds[{i}]", e) for i, e in enumerate(_list(path, data, "feeds"))]
    urls = [_entry(path, f"urls[{i}]", e) for i, e in enumerate(_list(path, data, "urls"))]
    for i, listed in enumerate(_list(path, data, "url_files")):
        urls.extend(_url_file(path, f"url_files[{i}]", listed))
    warcs = [_warc_path(path, f"warcs[{i}]", w) for i, w in enumerate(_list(path, data, "warcs"))]
    allow_private = data.get("allow_private", False)
    if not isinstance(allow_private, bool):
        raise _bad(path, "allow_private", f"{allow_private!r} must be true or false")
    contact = data.get("contact")
    if contact is not None and not isinstance(contact, str):
        raise _bad(path, "contact", "must be an address or URL where a site owner can reach you")
    return Sources(path=path, feeds=tuple(feeds), urls=tuple(urls), warcs=tuple(warcs), allow_private=allow_private,
                   contact=contact, limits=_limits(path, data.get("limits")))
