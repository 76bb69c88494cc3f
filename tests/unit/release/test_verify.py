"""`critmin verify` reads and writes only inside the release it checks: checksum entries, descriptor
paths and zip members that leave it are refused, and every failure is a message, never a traceback."""

from __future__ import annotations

import hashlib
import http.server
import json
import tempfile
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.release.datapackage import DESCRIPTOR_NAME, package_descriptor, table_resource
from pipeline.release.release import CHECKSUMS, RELEASE_FILES
from pipeline.release.verify import MAX_CHECKSUMS_BYTES, unsafe_name, verify_release
from schemas import PUBLISHED_TABLES
from schemas.base import empty_frame

REFUSED_END = ("so it points outside the release; the release is damaged or not genuine: download it again "
               "from where critmin releases are published")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_checksums(folder: Path) -> None:
    """SHA256SUMS of every file in `folder`, as `sha256sum` writes it."""
    lines = [f"{sha(p.read_bytes())}  {p.relative_to(folder).as_posix()}"
             for p in sorted(folder.rglob("*")) if p.is_file() and p.name != CHECKSUMS]
    (folder / CHECKSUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")


def tiny_release(folder: Path, change: Callable[[dict], None] = lambda descriptor: None) -> Path:
    """A valid release in `folder`: the countries table, empty, as its one Parquet file (written with
    pyarrow), placeholder text for the other files every release has, its descriptor (`change` may
    edit it first) and SHA256SUMS."""
    folder.mkdir(parents=True)
    table = folder / "countries.parquet"
    pq.write_table(empty_frame(PUBLISHED_TABLES["countries"]).to_arrow(), table)
    resource = table_resource("countries", PUBLISHED_TABLES["countries"], table.name, 0, table.stat().st_size,
                              sha(table.read_bytes()), ["countries"])
    descriptor = package_descriptor("2026.12.0", "2026-12-01T08:00:00Z", [resource], [])
    change(descriptor)
    (folder / DESCRIPTOR_NAME).write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    for name in RELEASE_FILES:
        if name not in (CHECKSUMS, DESCRIPTOR_NAME):
            (folder / name).write_text(f"placeholder for {name}\n", encoding="utf-8")
    write_checksums(folder)
    return folder


def zip_folder(folder: Path, archive: Path) -> Path:
    """`folder` as a zip archive whose members sit in one folder named like it, as releases do."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            z.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return archive


def all_files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if not p.is_dir()}


def release_with_entries(folder: Path, entries: dict[str, bytes]) -> Path:
    """A folder with one file, README.md, and a SHA256SUMS listing it and `entries` (name -> bytes whose
    hash is written, so a file found there would pass)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_bytes(b"# critmin test release\n")
    lines = [f"{sha(b'# critmin test release' + bytes([10]))}  README.md"]
    lines += [f"{sha(data)}  {name}" for name, data in entries.items()]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


class Served:
    """What the test web server serves (`www`), the paths it was asked for, and the redirects it answers."""

    def __init__(self, url: str, www: Path):
        self.url, self.www = url, www
        self.requests: list[str] = []
        self.redirects: dict[str, str] = {}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """A web server on 127.0.0.1 (a free port) serving `tmp_path/www`, stopped at the end of the test."""
    www = tmp_path / "www"
    www.mkdir()
    state = Served("", www)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(www), **kwargs)

        def do_GET(self):
            state.requests.append(self.path)
            if self.path in state.redirects:
                self.send_response(302)
                self.send_header("Location", state.redirects[self.path])
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_only_relative_paths_inside_the_release_are_names():
    names = ["meetings.parquet", "sub/x.md", "../x", "/etc/hostname", "a\\b", "c:x", "a//b", "./a", "a\x00b", "",
             "a\x85b", "a/"]
    assert [unsafe_name(n) is None for n in names] == [True, True] + [False] * 10


def test_a_tiny_valid_release_passes_as_a_folder_a_zip_and_over_http(served: Served):
    folder = tiny_release(served.www / "2026.12.0")
    zip_folder(folder, served.www / "2026.12.0.zip")
    for location in (str(folder), str(served.www / "2026.12.0.zip"), f"{served.url}/2026.12.0/",
                     f"{served.url}/2026.12.0.zip"):
        result = verify_release(location)
        assert (result.problems, result.files_checked, result.tables_checked) == ([], len(RELEASE_FILES), 1), location


def test_a_local_release_with_entries_outside_it_is_refused_and_they_are_not_read(tmp_path: Path):
    secret = b"not part of any release\n"
    (tmp_path / "outside.txt").write_bytes(secret)
    folder = release_with_entries(tmp_path / "release", {"../outside.txt": secret,
                                                         str(tmp_path / "outside.txt"): secret})
    result = verify_release(str(folder))
    refused = [p for p in result.problems if "refused, never read nor downloaded" in p]
    assert refused == [
        f"'../outside.txt' (SHA256SUMS:2): refused, never read nor downloaded: the name has an empty, '.' or '..' "
        f"part, {REFUSED_END}",
        f"'{tmp_path / 'outside.txt'}' (SHA256SUMS:3): refused, never read nor downloaded: the name is an absolute "
        f"path, {REFUSED_END}",
    ]
    assert result.files_checked == 1  # README.md only: the outside file was never hashed


def test_a_link_inside_the_release_to_a_file_outside_it_is_refused(tmp_path: Path):
    secret = b"private\n"
    (tmp_path / "private.txt").write_bytes(secret)
    folder = release_with_entries(tmp_path / "release", {"notes.txt": secret})
    (folder / "notes.txt").symlink_to(tmp_path / "private.txt")
    result = verify_release(str(folder))
    assert (f"'notes.txt' (SHA256SUMS): refused, never read nor downloaded: the name is a link to a file outside "
            f"the release, {REFUSED_END}") in result.problems
    assert result.files_checked == 1


def test_checksums_or_descriptor_linked_outside_the_release_are_not_read(tmp_path: Path):
    outside = tiny_release(tmp_path / "elsewhere", lambda d: d["resources"][0].update(path="from-elsewhere.parquet"))
    folder = tiny_release(tmp_path / "release")
    (folder / DESCRIPTOR_NAME).unlink()
    (folder / DESCRIPTOR_NAME).symlink_to(outside / DESCRIPTOR_NAME)
    write_checksums(folder)  # lists the linked descriptor with its right hash
    result = verify_release(str(folder))
    assert result.problems == [f"'{DESCRIPTOR_NAME}' (SHA256SUMS): refused, never read nor downloaded: the name is "
                               f"a link to a file outside the release, {REFUSED_END}"]
    write_checksums(folder)
    (folder / CHECKSUMS).write_text("".join(line for line in (folder / CHECKSUMS).read_text().splitlines(True)
                                            if not line.endswith(f"  {DESCRIPTOR_NAME}\n")))
    result = verify_release(str(folder))
    assert (f"'{DESCRIPTOR_NAME}' (the release's descriptor): refused, never read nor downloaded: the name is a link "
            f"to a file outside the release, {REFUSED_END}") in result.problems
    assert not any("from-elsewhere" in p for p in result.problems)
    (folder / CHECKSUMS).unlink()
    (folder / CHECKSUMS).symlink_to(outside / CHECKSUMS)
    result = verify_release(str(folder))
    assert result.problems[0] == (f"'{CHECKSUMS}' (the release's list of files): refused, never read nor downloaded: "
                                  f"the name is a link to a file outside the release, {REFUSED_END}")
    assert not any("from-elsewhere" in p for p in result.problems)


def test_a_link_that_loops_is_named(tmp_path: Path):
    folder = release_with_entries(tmp_path / "release", {"loop": b""})
    (folder / "loop").symlink_to(folder / "loop")
    result = verify_release(str(folder))
    assert (f"'loop' (SHA256SUMS): refused, never read nor downloaded: the name is a link that loops or cannot be "
            f"followed, {REFUSED_END}") in result.problems


def test_a_descriptor_naming_a_schema_or_profile_elsewhere_is_refused_and_nothing_is_fetched(served: Served):
    def elsewhere(descriptor: dict) -> None:
        descriptor["profile"] = f"{served.url}/profile.json"
        descriptor["resources"][0]["schema"] = f"{served.url}/schema.json"
        descriptor["resources"].append({"name": "passwd", "path": "/etc/passwd", "schema": {"fields": []}})

    folder = tiny_release(served.www / "release", elsewhere)
    result = verify_release(str(folder))
    assert result.problems == [
        f"'{served.url}/profile.json' (datapackage.json, profile): refused, never read nor downloaded: the name is a "
        f"profile kept elsewhere, not one frictionless knows by name, {REFUSED_END}",
        f"'{served.url}/schema.json' (datapackage.json, resource 1, schema): refused, never read nor downloaded: the "
        f"name is a schema kept elsewhere, not given inline, {REFUSED_END}",
        f"'/etc/passwd' (datapackage.json, resource 2, path): refused, never read nor downloaded: the name is an "
        f"absolute path, {REFUSED_END}",
    ]
    assert served.requests == []


def test_a_served_release_never_writes_outside_its_download_folder(served: Served, tmp_path: Path):
    escape = f"critmin-verify-escape-{uuid.uuid4().hex}.txt"
    payload = b"the server wants this written elsewhere\n"
    release_with_entries(served.www / "release", {f"../{escape}": payload, f"/tmp/{escape}": payload})
    (served.www / escape).write_bytes(payload)  # what ../<escape> would fetch
    before = all_files(tmp_path.parent)
    result = verify_release(f"{served.url}/release/")
    assert all_files(tmp_path.parent) == before
    assert not (Path(tempfile.gettempdir()) / escape).exists()
    assert served.requests == ["/release/SHA256SUMS", "/release/README.md"]
    assert result.problems[:2] == [
        f"'../{escape}' (SHA256SUMS:2): refused, never read nor downloaded: the name has an empty, '.' or '..' part, "
        f"{REFUSED_END}",
        f"'/tmp/{escape}' (SHA256SUMS:3): refused, never read nor downloaded: the name is an absolute path, "
        f"{REFUSED_END}",
    ]


def test_a_served_checksums_file_over_its_cap_is_refused(served: Served):
    (served.www / "release").mkdir()
    (served.www / "release" / CHECKSUMS).write_bytes(b"0" * (MAX_CHECKSUMS_BYTES + 1))
    result = verify_release(f"{served.url}/release/")
    assert result.problems[0] == (f"{CHECKSUMS}: refused (over the 1,048,576 bytes a release's {CHECKSUMS} may have; "
                                  "it is not a critmin release)")


def test_a_redirect_away_from_http_is_refused(served: Served):
    served.redirects["/release/SHA256SUMS"] = "ftp://127.0.0.1:9/SHA256SUMS"
    result = verify_release(f"{served.url}/release/")
    assert result.problems[0] == (f"{CHECKSUMS}: refused (the server redirects to 'ftp://127.0.0.1:9/SHA256SUMS', "
                                  "not an http(s) address)")


def test_a_zip_with_a_damaged_member_gives_a_message(tmp_path: Path):
    archive = tmp_path / "2026.12.0.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("2026.12.0/README.md", "lorem ipsum " * 2000)
    data = bytearray(archive.read_bytes())
    start = data.index(b"README.md") + len("README.md") + 20  # inside the compressed bytes
    data[start:start + 40] = bytes(40)
    archive.write_bytes(bytes(data))
    result = verify_release(str(archive))
    [problem] = result.problems
    assert problem.startswith(f"{archive}: member 2026.12.0/README.md is damaged (")
    assert problem.endswith("download the archive again")


def test_a_zip_with_an_encrypted_member_gives_a_message(tmp_path: Path):
    archive = tmp_path / "2026.12.0.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2026.12.0/README.md", "fine")
    data = bytearray(archive.read_bytes())
    for header, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers: "encrypted"
        data[data.index(header) + flags] |= 1
    archive.write_bytes(bytes(data))
    [problem] = verify_release(str(archive)).problems
    assert problem.startswith(f"{archive}: member 2026.12.0/README.md cannot be unpacked (RuntimeError: ")
    assert problem.endswith("a critmin release is a plain zip archive: download it again")


def test_a_zip_with_a_member_outside_its_folder_is_refused_before_anything_is_unpacked(tmp_path: Path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2026.12.0/README.md", "fine")
        z.writestr("../evil.txt", "escaped")
    result = verify_release(str(archive))
    assert result.problems == ["'../evil.txt' (a member of the zip archive): refused, never read nor downloaded: the "
                               "name has an empty, '.' or '..' part, so it points outside the release; the release is "
                               "damaged or not genuine: download it again from where critmin releases are published"]
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_checksums_file_that_is_not_utf8_gives_a_message(tmp_path: Path):
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "SHA256SUMS").write_bytes(b"\xff\xfe not text")
    result = verify_release(str(folder))
    assert result.problems[0] == "SHA256SUMS: not UTF-8 text (byte 0); the file is damaged: download it again"
