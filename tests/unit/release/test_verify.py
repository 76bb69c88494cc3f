"""`critmin verify` reads and writes only inside the release it checks: checksum entries, descriptor
paths and zip members that leave it are refused, and every failure is a message, never a traceback."""

from __future__ import annotations

import functools
import hashlib
import http.server
import tempfile
import threading
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.release.verify import unsafe_name, verify_release


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def release_with_entries(folder: Path, entries: dict[str, bytes]) -> Path:
    """A folder with one file, README.md, and a SHA256SUMS listing it and `entries` (name -> bytes whose
    hash is written, so a file found there would pass)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_bytes(b"# critmin test release\n")
    lines = [f"{sha(b'# critmin test release' + bytes([10]))}  README.md"]
    lines += [f"{sha(data)}  {name}" for name, data in entries.items()]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A web server on 127.0.0.1 serving `tmp_path/www`; its address and that folder."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def test_only_relative_paths_inside_the_release_are_names():
    names = ["meetings.parquet", "sub/x.md", "../x", "/etc/hostname", "a\\b", "c:x", "a//b", "./a", "a\x00b", ""]
    assert [unsafe_name(n) is None for n in names] == [True, True] + [False] * 8


def test_a_local_release_with_entries_outside_it_is_refused_and_they_are_not_read(tmp_path: Path):
    secret = b"not part of any release\n"
    (tmp_path / "outside.txt").write_bytes(secret)
    folder = release_with_entries(tmp_path / "release", {"../outside.txt": secret,
                                                         str(tmp_path / "outside.txt"): secret})
    result = verify_release(str(folder))
    refused = [p for p in result.problems if "refused, never read nor downloaded" in p]
    assert len(refused) == 2
    assert refused[0].startswith("'../outside.txt' (SHA256SUMS:2): refused") and "points outside the release" in refused[0]
    assert "is an absolute path" in refused[1]
    assert result.files_checked == 1  # README.md only: the outside file was never hashed


def test_a_link_inside_the_release_to_a_file_outside_it_is_refused(tmp_path: Path):
    secret = b"private\n"
    (tmp_path / "private.txt").write_bytes(secret)
    folder = release_with_entries(tmp_path / "release", {"notes.txt": secret})
    (folder / "notes.txt").symlink_to(tmp_path / "private.txt")
    result = verify_release(str(folder))
    assert any(p.startswith("'notes.txt' (SHA256SUMS): refused") and "a link to a file outside the release" in p
               for p in result.problems)
    assert result.files_checked == 1


def test_a_served_release_never_writes_outside_its_download_folder(served, tmp_path: Path):
    url, www = served
    escape = f"critmin-verify-escape-{uuid.uuid4().hex}.txt"
    payload = b"the server wants this written elsewhere\n"
    release_with_entries(www / "release", {f"../{escape}": payload, f"/tmp/{escape}": payload})
    (www / escape).write_bytes(payload)  # what ../<escape> would fetch
    result = verify_release(f"{url}/release/")
    assert not (Path(tempfile.gettempdir()) / escape).exists()
    assert not (tmp_path / escape).exists() and not (www.parent.parent / escape).exists()
    assert not result.ok
    assert any(p.startswith(f"'../{escape}' (SHA256SUMS:2): refused") for p in result.problems)
    assert any(p.startswith(f"'/tmp/{escape}' (SHA256SUMS:3): refused") for p in result.problems)


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
