"""Turn the raw input folder (txt, md, html, json, jsonl) into article records, and say why any file was
not read: walking the folder, links, special files and reading each file within its limits."""

from __future__ import annotations

import errno
import logging
import os
import stat
from dataclasses import replace
from pathlib import Path

from pipeline.ingest.formats import _read_html, _read_json, _read_jsonl, _read_text_with_front_matter
from pipeline.ingest.warc import is_warc, read_warc
from pipeline.ingest.records import (  # noqa: F401 - the names users of the readers import from here
    EARLIEST_PUBLISHED,
    MAX_ARTICLE_CHARS,
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    _SUFFIX_LIST,
    RawArticle,
    Rejection,
    _decode_html,
    _decode_utf8,
    _unexpected_error_reason,
    _Reject,
    article_id,
    display_path,
    latest_published,
    normalise_body,
)

LOGGER = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# Files and the corpus




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
    if is_warc(path.name):  # streamed record by record: no size limit, never read whole
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise _Reject("is not a regular file, so it is not opened: replace it with the WARC file itself")
        found, rejected, _ = read_warc(path, source_file)
        return found, rejected
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


def _corpus_files(root: Path, batch: str | None = None) -> tuple[list[Path], list[Rejection]]:
    """Every non-hidden file below root, sorted by source_file; hidden files and folders and links to
    folders are reported, one rejection each, and not read. `batch`: only the files of one input batch
    (pipeline/ingest/batches.py): "" the files directly in root, a name those of that folder of root."""
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

    start = root / batch if batch else root
    for dirpath, dirnames, filenames in os.walk(start, onerror=unreadable):
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
        # The top-level batch stops at the folders of root: each is a batch of its own.
        dirnames[:] = [] if batch == "" else followed
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


def add_or_copy(articles: list[RawArticle], first_seen: dict[str, int], article: RawArticle) -> None:
    """Append `article`, or, when one already read has exactly its text (the same story published again,
    syndication), add its address to that article's copies. `first_seen` maps article ids to positions."""
    key = article_id(article.body)
    if key in first_seen:
        kept = articles[first_seen[key]]
        articles[first_seen[key]] = replace(kept, copies=kept.copies + (article.url or article.source_file,))
    else:
        first_seen[key] = len(articles)
        articles.append(article)


def read_corpus(root: Path, *, allow_outside_links: bool = False, batch: str | None = None
                ) -> tuple[list[RawArticle], list[Rejection]]:
    """All articles below root in relative-path order, with one Rejection per unreadable input; an input
    with exactly the text of an earlier one is recorded among that article's copies. `batch`: only the
    inputs of one input batch (see _corpus_files); source files stay relative to root.

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
    files, folder_rejections = _corpus_files(root, batch)
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
            add_or_copy(articles, first_seen, article)
    ordered.sort(key=lambda item: (item[0], item[1]))
    rejections = [rejection for _, _, rejection in ordered]
    return articles, rejections
