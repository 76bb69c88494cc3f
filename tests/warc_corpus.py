"""WARC files for the web-archive tests, written with warcio: pages about minerals written by us, off-topic
pages we write, non-HTML responses and requests, some files gzip'd, and a broken one."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MINERALS = ("gallium", "germanium", "antimony", "graphite", "cobalt", "nickel", "lithium", "tungsten")
EXPORTERS = ("China", "Indonesia", "the Democratic Republic of the Congo", "Vietnam", "Chile")
TOPICS = ("a new bus lane", "the school holidays", "a football cup final", "a jazz festival", "a bakery opening",
          "the autumn marathon", "a library renovation", "a ferry timetable")


def on_topic_page(n: int) -> str:
    mineral, exporter = MINERALS[n % len(MINERALS)], EXPORTERS[n % len(EXPORTERS)]
    return (f"<html lang='en'><head><title>{mineral.title()} shipments, report {n}</title></head><body><article>"
            f"<h1>{mineral.title()} shipments, report {n}</h1><p>Customs data for week {n} showed that {exporter} "
            f"shipped {100 + n} tonnes of {mineral} abroad, traders said on Tuesday.</p><p>Buyers said the licence "
            f"rules for {mineral} exports had slowed deliveries by {n % 9 + 2} days.</p></article></body></html>")


def off_topic_page(n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    return (f"<html lang='en'><head><title>Local news {n}</title></head><body><article><h1>Local news {n}</h1>"
            f"<p>The town council talked about {topic} on evening number {n}, and residents sent {n + 3} letters.</p>"
            f"<p>The mayor said a decision on {topic} would come after the summer, item {n}.</p></article></body>"
            "</html>")


def _response(writer: WARCWriter, url: str, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": "2025-03-04T05:06:07Z"})
    writer.write_record(record)


def write_warc(path: Path, on_topic: range, off_topic: range, gzip: bool, extras: bool = False) -> None:
    """A WARC with a request record before each page, the pages, and (extras) an image, a binary page
    called HTML and a page with no text."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for n in on_topic:
            url = f"https://news.example.org/minerals/{n}.html"
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            _response(writer, url, on_topic_page(n).encode())
        for n in off_topic:
            _response(writer, f"https://town.example.org/news/{n}.html", off_topic_page(n).encode())
        if extras:
            _response(writer, "https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
            _response(writer, "https://news.example.org/odd.html", b"\x89PNG\r\n" + bytes(64))
            _response(writer, "https://news.example.org/menu.html", b"<html><body><nav>Home</nav></body></html>")


def write_archives(folder: Path) -> None:
    """Three archives in `folder`: crawl-1.warc.gz (gzip'd; 20 pages of ours, 120 off topic, an image, a
    binary page called HTML, a page with no text: 163 records), crawl-2.warc (plain; 10 of ours, 100 off
    topic: 120 records) and crawl-3.warc.gz (6 of ours and 20 off topic, 32 records, then bytes that are no
    WARC record, then 4 more of ours that cannot be reached)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_warc(folder / "crawl-1.warc.gz", range(0, 20), range(0, 120), gzip=True, extras=True)
    write_warc(folder / "crawl-2.warc", range(20, 30), range(120, 220), gzip=False)
    write_warc(folder / "crawl-3.warc.gz", range(30, 36), range(220, 240), gzip=True)
    write_warc(folder / "lost.tmp", range(36, 40), range(0), gzip=True)
    with open(folder / "crawl-3.warc.gz", "ab") as out:
        out.write(b"this line is no WARC record\r\n\r\n" + (folder / "lost.tmp").read_bytes())
    (folder / "lost.tmp").unlink()
