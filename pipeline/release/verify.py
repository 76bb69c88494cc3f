"""Verify a downloaded release, a folder, a zip archive or a URL: checksums, the Data Package
descriptor (validated with frictionless), every file present, every Parquet file's schema."""

from __future__ import annotations

import http.client
import json
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import frictionless
import pyarrow.parquet as pq

from pipeline.release.datapackage import DESCRIPTOR_NAME, field_type
from pipeline.release.release import CHECKSUMS, RELEASE_FILES, sha256

CHECKSUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")
# A release's SHA256SUMS lists a few dozen files; a larger one is not a release's.
MAX_CHECKSUMS_BYTES = 1 << 20
# Everything downloaded for one verification: far above any release, far below a full disk.
MAX_DOWNLOAD_BYTES = 2 << 30
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\\:]")
# The profiles frictionless knows by name; any other value is an address or a file it would fetch.
_PACKAGE_PROFILES = (None, "data-package", "tabular-data-package")
_RESOURCE_PROFILES = (None, "data-resource", "tabular-data-resource")


def unsafe_name(name: str) -> str | None:
    """Why a file name from a release (SHA256SUMS, datapackage.json, a zip member) may not be used, or
    None: only relative POSIX paths that stay inside the release are. A name that leaves it could make
    verify read, or write, a file elsewhere on the machine."""
    if not name:
        return "is empty"
    if name.startswith("/"):
        return "is an absolute path"
    if _UNSAFE_CHARACTERS.search(name):
        return "holds a backslash, a colon or a control character"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "has an empty, '.' or '..' part"
    return None


def _refused(name: str, why: str, listed_in: str) -> str:
    return (f"{name!r} ({listed_in}): refused, never read nor downloaded: the name {why}, so it points outside "
            "the release; the release is damaged or not genuine: download it again from where critmin releases "
            "are published")


def _inside(folder: Path, name: str) -> Path | str:
    """The file `name` of the release in `folder`, resolved through links, or why it may not be read:
    it resolves outside the folder, or its links loop."""
    try:
        path = (folder / name).resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError on a symlink loop
        return "is a link that loops or cannot be followed"
    return path if path.is_relative_to(folder.resolve()) else "is a link to a file outside the release"


@dataclass
class Verification:
    """What `verify_release` checked, and every problem found, each naming its file."""

    location: str
    problems: list[str] = field(default_factory=list)
    files_checked: int = 0
    tables_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def read_checksums(folder: Path, result: Verification) -> dict[str, str]:
    """The files SHA256SUMS lists and their hashes; lines that are not `sha256sum` output, and names
    that leave the release, are problems and left out."""
    path = _inside(folder, CHECKSUMS)
    if isinstance(path, str):
        result.problems.append(_refused(CHECKSUMS, path, "the release's list of files"))
        return {}
    if not path.is_file():
        result.problems.append(f"{CHECKSUMS}: missing, so no file can be checked; download the whole release again")
        return {}
    if path.stat().st_size > MAX_CHECKSUMS_BYTES:
        result.problems.append(f"{CHECKSUMS}: {path.stat().st_size:,} bytes, over the {MAX_CHECKSUMS_BYTES:,} a release's "
                               "list of files may have; it is not a critmin release: download it again")
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        result.problems.append(f"{CHECKSUMS}: not UTF-8 text (byte {err.start}); the file is damaged: download it again")
        return {}
    sums = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = CHECKSUM_LINE.match(line)
        if not match:
            result.problems.append(f"{CHECKSUMS}:{number}: not a line of `sha256sum` output (HASH  FILE): {line[:80]!r}")
            continue
        name = match.group(2)
        if why := unsafe_name(name):
            result.problems.append(_refused(name, why, f"{CHECKSUMS}:{number}"))
            continue
        sums[name] = match.group(1)
    return sums


def check_files(folder: Path, sums: dict[str, str], result: Verification, listing: bool) -> None:
    """Every file of SHA256SUMS is there with its hash; with `listing`, no file is there that it
    does not list (a folder can be listed, a URL cannot)."""
    for name in RELEASE_FILES:
        if name != CHECKSUMS and name not in sums:
            result.problems.append(f"{name}: every release has it, but {CHECKSUMS} does not list it")
    for name, expected in sums.items():
        path = _inside(folder, name)
        if isinstance(path, str):
            result.problems.append(_refused(name, path, CHECKSUMS))
            continue
        if not path.is_file():
            result.problems.append(f"{name}: listed in {CHECKSUMS} but missing; download it again")
            continue
        actual = sha256(path)
        result.files_checked += 1
        if actual != expected:
            result.problems.append(
                f"{name}: SHA-256 is {actual} but {CHECKSUMS} says {expected}: the file was changed or damaged "
                "after the release was made; download it again")
    if listing:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            if name != CHECKSUMS and name not in sums:
                result.problems.append(f"{name}: not listed in {CHECKSUMS}; it is not part of the release")


def descriptor_references(descriptor: object) -> list[tuple[str, str, str]]:
    """What in a descriptor frictionless would open or fetch and a release may not name, as (value,
    why, where): resource paths that leave the release, and a profile, table schema or dialect given
    as an address or a file instead of inline (a critmin release inlines them)."""
    if not isinstance(descriptor, dict):
        return []
    found = []
    for key in ("profile", "profiles"):
        values = descriptor.get(key) if isinstance(descriptor.get(key), list) else [descriptor.get(key)]
        found += [(str(v), "is a profile kept elsewhere, not one frictionless knows by name", f"{DESCRIPTOR_NAME}, {key}")
                  for v in values if v not in _PACKAGE_PROFILES]
    resources = descriptor.get("resources")
    for number, res in enumerate(resources if isinstance(resources, list) else [], start=1):
        if not isinstance(res, dict):
            continue  # frictionless reports it
        where = f"{DESCRIPTOR_NAME}, resource {number}"
        name = res.get("path")
        if why := unsafe_name(name) if isinstance(name, str) else "is not a file name":
            found.append((str(name), why, f"{where}, path"))
        for key in ("profile", "profiles"):
            values = res.get(key) if isinstance(res.get(key), list) else [res.get(key)]
            found += [(str(v), "is a profile kept elsewhere, not one frictionless knows by name", f"{where}, {key}")
                      for v in values if v not in _RESOURCE_PROFILES]
        for key in ("schema", "dialect"):
            if key in res and not isinstance(res[key], dict):
                found.append((str(res[key]), f"is a {key} kept elsewhere, not given inline", f"{where}, {key}"))
    return found


def check_descriptor(folder: Path, sums: dict[str, str], result: Verification) -> None:
    path = _inside(folder, DESCRIPTOR_NAME)
    if isinstance(path, str):
        if DESCRIPTOR_NAME not in sums:  # else check_files said so
            result.problems.append(_refused(DESCRIPTOR_NAME, path, "the release's descriptor"))
        return
    if not path.is_file():
        return  # reported as missing by check_files
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        result.problems.append(f"{DESCRIPTOR_NAME}: not JSON ({type(err).__name__}: {err}); the file is damaged: "
                               "download it again")
        return
    if references := descriptor_references(descriptor):
        # Checked before frictionless reads the descriptor: it opens paths and fetches addresses itself.
        result.problems += [_refused(value, why, where) for value, why, where in references]
        return
    report = frictionless.Package.validate_descriptor(str(path))
    if not report.valid:
        for error in report.flatten(["type", "note"]):
            result.problems.append(f"{DESCRIPTOR_NAME}: not a valid Data Package ({error[0]}): {error[1]}")
        return
    for res in descriptor["resources"]:
        name = res["path"]
        parquet = _inside(folder, name)
        if isinstance(parquet, str):
            result.problems.append(_refused(name, parquet, DESCRIPTOR_NAME))
            continue
        if name not in sums:
            result.problems.append(f"{name}: a resource of {DESCRIPTOR_NAME} that {CHECKSUMS} does not list")
        elif res.get("hash") != f"sha256:{sums[name]}":
            result.problems.append(f"{name}: {DESCRIPTOR_NAME} and {CHECKSUMS} give different SHA-256 hashes")
        if not parquet.is_file():
            result.problems.append(f"{name}: a resource of {DESCRIPTOR_NAME}, missing; download it again")
            continue
        check_parquet(parquet, name, res, result)


def check_parquet(path: Path, name: str, resource: dict, result: Verification) -> None:
    """The Parquet file's columns, in order, with the types and row count the descriptor gives."""
    try:
        metadata = pq.read_metadata(path)
        schema = metadata.schema.to_arrow_schema()
    except Exception as err:  # pyarrow raises several kinds for a damaged file
        result.problems.append(f"{name}: cannot be read as Parquet ({err}); download it again")
        return
    result.tables_checked += 1
    fields = resource["schema"].get("fields", [])
    declared = [f["name"] for f in fields]
    if schema.names != declared:
        result.problems.append(f"{name}: columns {schema.names} but {DESCRIPTOR_NAME} declares {declared}")
        return
    for column, declared_field in zip(schema, fields):
        try:
            actual = field_type(column.type)
        except ValueError as err:
            result.problems.append(f"{name}: column {column.name}: {err}")
            continue
        expected = {k: declared_field[k] for k in ("type", "itemType") if k in declared_field}
        if actual != expected:
            result.problems.append(f"{name}: column {column.name} is {actual} ({column.type}) in the file, "
                                   f"{expected} in {DESCRIPTOR_NAME}")
    if "rows" in resource and metadata.num_rows != resource["rows"]:
        result.problems.append(f"{name}: {metadata.num_rows} rows in the file, {resource['rows']} in {DESCRIPTOR_NAME}")


def verify_folder(folder: Path, location: str, listing: bool = True) -> Verification:
    result = Verification(location=location)
    sums = read_checksums(folder, result)
    check_files(folder, sums, result, listing)
    check_descriptor(folder, sums, result)
    return result


def release_root(folder: Path) -> Path:
    """The folder that holds SHA256SUMS: the folder itself, or the one folder an archive unpacked into."""
    if (folder / CHECKSUMS).exists():
        return folder
    inner = [p for p in folder.iterdir() if p.is_dir()]
    return inner[0] if len(inner) == 1 and (inner[0] / CHECKSUMS).exists() else folder


class DownloadRefused(OSError):
    """A download that would leave verify's folder or exceed its size limit."""


# A download failure verify reports and goes on: network, HTTP, file and refusal errors.
DOWNLOAD_ERRORS = (urllib.error.URLError, http.client.HTTPException, OSError, ValueError)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) address (urllib's own also follows ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlparse(newurl).scheme not in ("http", "https"):
            raise DownloadRefused(f"the server redirects to {newurl[:200]!r}, not an http(s) address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def _download(url: str, scratch: Path, name: str, budget: list[int], cap: int | None = None) -> None:
    """Download `url` to `scratch/name`, which must stay inside `scratch`; `budget` holds the bytes
    still allowed for this verification, `cap` those allowed for this one file."""
    target = (scratch / name).resolve()
    if unsafe_name(name) or not target.is_relative_to(scratch.resolve()):
        raise DownloadRefused(f"{name!r} points outside the download folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with _OPENER.open(url, timeout=60) as response, target.open("wb") as f:
        while block := response.read(1 << 20):
            written += len(block)
            budget[0] -= len(block)
            if cap is not None and written > cap:
                raise DownloadRefused(f"over the {cap:,} bytes a release's {name} may have; it is not a critmin release")
            if budget[0] < 0:
                raise DownloadRefused(f"over the {MAX_DOWNLOAD_BYTES:,} bytes verify downloads; it is not a critmin release")
            f.write(block)


def download_release(url: str, target: Path, result: Verification, budget: list[int]) -> None:
    """SHA256SUMS from a release folder's URL, then every file it lists (names that leave the
    release are refused by read_checksums, and never downloaded)."""
    base = url if url.endswith("/") else url + "/"
    try:
        _download(urllib.parse.urljoin(base, CHECKSUMS), target, CHECKSUMS, budget, cap=MAX_CHECKSUMS_BYTES)
    except DownloadRefused as err:
        result.problems.append(f"{CHECKSUMS}: refused ({err})")
        return
    except DOWNLOAD_ERRORS as err:
        result.problems.append(f"{CHECKSUMS}: cannot download it from {base} ({err}); is that the release's folder?")
        return
    for name in read_checksums(target, Verification(location=url)):
        try:
            _download(urllib.parse.urljoin(base, urllib.parse.quote(name)), target, name, budget)
        except DownloadRefused as err:
            result.problems.append(f"{name}: refused ({err})")
            return
        except DOWNLOAD_ERRORS as err:
            result.problems.append(f"{name}: cannot download it from {base} ({type(err).__name__}: {err})")


def verify_release(location: str) -> Verification:
    """Verify a release folder, a `<version>.zip`, or either at an http(s) URL. Never raises: whatever
    goes wrong is a problem of the result, naming the file."""
    try:
        return _verify_release(location)
    except Exception as err:  # noqa: BLE001 - a damaged download must give a message, not a traceback
        return Verification(location=location, problems=[
            f"{location}: could not be verified ({type(err).__name__}: {str(err)[:300]}); the release may be "
            "damaged: download it again"])


def _verify_release(location: str) -> Verification:
    remote = urllib.parse.urlparse(location).scheme in ("http", "https")
    with tempfile.TemporaryDirectory(prefix="critmin-verify-") as scratch:
        scratch_dir = Path(scratch)
        budget = [MAX_DOWNLOAD_BYTES]
        if remote and location.endswith(".zip"):
            archive = scratch_dir / "release.zip"
            try:
                _download(location, scratch_dir, archive.name, budget)
            except DOWNLOAD_ERRORS as err:
                return Verification(location=location, problems=[f"{location}: cannot download it ({err})"])
            return _verify_archive(archive, scratch_dir / "unpacked", location)
        if remote:
            result = Verification(location=location)
            download_release(location, scratch_dir, result, budget)
            found = verify_folder(scratch_dir, location, listing=False)
            found.problems[:0] = result.problems
            return found
        path = Path(location)
        if path.is_file() and zipfile.is_zipfile(path):
            return _verify_archive(path, scratch_dir / "unpacked", location)
        if not path.is_dir():
            return Verification(location=location, problems=[f"{location}: no such release folder or zip archive"])
        return verify_folder(path, location)


def _verify_archive(archive: Path, target: Path, location: str) -> Verification:
    """Unpack the archive into `target` and verify it; a member whose name leaves the archive's folder
    refuses the whole archive, and a damaged member is named."""
    try:
        with zipfile.ZipFile(archive) as z:
            members = z.infolist()
            refused = [_refused(m.filename, why, "a member of the zip archive")
                       for m in members if (why := unsafe_name(m.filename.removesuffix("/")))]
            if refused:
                return Verification(location=location, problems=refused)
            if sum(m.file_size for m in members) > MAX_DOWNLOAD_BYTES:
                return Verification(location=location, problems=[
                    f"{location}: unpacks to more than {MAX_DOWNLOAD_BYTES:,} bytes; it is not a critmin release"])
            for member in members:
                try:
                    z.extract(member, target)
                except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
                    return Verification(location=location, problems=[
                        f"{location}: member {member.filename} is damaged ({type(err).__name__}: {err}): "
                        "download the archive again"])
                except (RuntimeError, NotImplementedError, ValueError) as err:  # encrypted, unknown compression
                    return Verification(location=location, problems=[
                        f"{location}: member {member.filename} cannot be unpacked ({type(err).__name__}: {err}); "
                        "a critmin release is a plain zip archive: download it again"])
    except zipfile.BadZipFile as err:
        return Verification(location=location, problems=[f"{location}: not a readable zip archive ({err})"])
    return verify_folder(release_root(target), location)
