"""Verify a downloaded release, a folder, a zip archive or a URL: checksums, the Data Package
descriptor (validated with frictionless), every file present, every Parquet file's schema."""

from __future__ import annotations

import json
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import frictionless
import pyarrow.parquet as pq

from pipeline.datapackage import DESCRIPTOR_NAME, field_type
from pipeline.release import CHECKSUMS, RELEASE_FILES, sha256

CHECKSUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


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
    path = folder / CHECKSUMS
    if not path.is_file():
        result.problems.append(f"{CHECKSUMS}: missing, so no file can be checked; download the whole release again")
        return {}
    sums = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = CHECKSUM_LINE.match(line)
        if not match:
            result.problems.append(f"{CHECKSUMS}:{number}: not a line of `sha256sum` output (HASH  FILE): {line[:80]!r}")
            continue
        sums[match.group(2)] = match.group(1)
    return sums


def check_files(folder: Path, sums: dict[str, str], result: Verification, listing: bool) -> None:
    """Every file of SHA256SUMS is there with its hash; with `listing`, no file is there that it
    does not list (a folder can be listed, a URL cannot)."""
    for name in RELEASE_FILES:
        if name != CHECKSUMS and name not in sums:
            result.problems.append(f"{name}: every release has it, but {CHECKSUMS} does not list it")
    for name, expected in sums.items():
        path = folder / name
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


def check_descriptor(folder: Path, sums: dict[str, str], result: Verification) -> None:
    path = folder / DESCRIPTOR_NAME
    if not path.is_file():
        return  # reported as missing by check_files
    report = frictionless.Package.validate_descriptor(str(path))
    if not report.valid:
        for error in report.flatten(["type", "note"]):
            result.problems.append(f"{DESCRIPTOR_NAME}: not a valid Data Package ({error[0]}): {error[1]}")
        return
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        name = res["path"]
        parquet = folder / name
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
    fields = resource["schema"]["fields"]
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


def _download(url: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with urllib.request.urlopen(url, timeout=60) as response, target.open("wb") as f:
        while block := response.read(1 << 20):
            f.write(block)


def download_release(url: str, target: Path, result: Verification) -> None:
    """SHA256SUMS from a release folder's URL, then every file it lists."""
    base = url if url.endswith("/") else url + "/"
    try:
        _download(urllib.parse.urljoin(base, CHECKSUMS), target / CHECKSUMS)
    except (urllib.error.URLError, OSError) as err:
        result.problems.append(f"{CHECKSUMS}: cannot download it from {base} ({err}); is that the release's folder?")
        return
    for name in read_checksums(target, Verification(location=url)):
        try:
            _download(urllib.parse.urljoin(base, urllib.parse.quote(name)), target / name)
        except (urllib.error.URLError, OSError) as err:
            result.problems.append(f"{name}: cannot download it from {base} ({err})")


def verify_release(location: str) -> Verification:
    """Verify a release folder, a `<version>.zip`, or either at an http(s) URL."""
    remote = urllib.parse.urlparse(location).scheme in ("http", "https")
    with tempfile.TemporaryDirectory(prefix="critmin-verify-") as scratch:
        scratch_dir = Path(scratch)
        if remote and location.endswith(".zip"):
            archive = scratch_dir / "release.zip"
            try:
                _download(location, archive)
            except (urllib.error.URLError, OSError) as err:
                return Verification(location=location, problems=[f"{location}: cannot download it ({err})"])
            return _verify_archive(archive, scratch_dir / "unpacked", location)
        if remote:
            result = Verification(location=location)
            download_release(location, scratch_dir, result)
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
    try:
        with zipfile.ZipFile(archive) as z:
            z.extractall(target)  # extractall drops absolute paths and '..' from member names
    except zipfile.BadZipFile as err:
        return Verification(location=location, problems=[f"{location}: not a readable zip archive ({err})"])
    return verify_folder(release_root(target), location)
