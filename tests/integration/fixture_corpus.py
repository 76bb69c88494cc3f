"""The tiny input folder of the integration tests: good articles in every form, and every kind of bad
input. The articles were written for these tests and report public facts in our own words."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

RESTRICTION_SENTENCE = "China imposed export controls on gallium and germanium on July 3, 2023."
MEETING_SENTENCE = "US Treasury Secretary Janet Yellen met Chinese Vice Premier He Lifeng in Beijing on July 8, 2023."

GOOD_MD = f"""---
title: China puts chip metals under licence
published: 2023-07-10
source: Critmin Test Desk
url: https://news.example.org/2023/07/china-gallium-germanium
language: en
---
{RESTRICTION_SENTENCE} Exporters of the two metals now need a licence from the commerce ministry.

{MEETING_SENTENCE} The two officials talked about supply chains for about ten hours over two days.
"""

GOOD_TXT = """Indonesia banned exports of nickel ore from January 1, 2020.
The government wants smelters built at home instead of shipping raw ore abroad.
"""

JSONL_LINES = [
    json.dumps({
        "title": "Graphite joins the list",
        "published": "2023-10-21",
        "source": "Critmin Test Wire",
        "text": "China announced export controls on graphite on October 20, 2023. "
                "The rules take effect on December 1.",
    }),
    '{"title": "Half a line", "text": "Chile and Argentina discussed lithium',  # broken on purpose
    json.dumps({
        "title": "G7 leaders take up critical minerals",
        "published": "2023-05-21",
        "text": "Leaders of the G7 met in Hiroshima on May 20, 2023 and discussed critical minerals. "
                "They agreed a five-point plan for supply chains.",
    }),
]

PAGE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>China bans three metals for US buyers | Test Ledger</title>
<meta property="og:title" content="China bans three metals for US buyers">
<meta property="og:site_name" content="Test Ledger">
<meta property="article:published_time" content="2024-12-04T09:00:00+00:00">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/markets">Markets</a></li></ul></nav>
<article>
<h1>China bans three metals for US buyers</h1>
<p>China banned exports of gallium, germanium and antimony to the United States on December 3, 2024.</p>
<p>The commerce ministry said the ban applies to all shipments with American end users, and analysts
expect prices outside China to climb while buyers look for other suppliers of the three metals.</p>
</article>
<footer><p>Copyright Test Ledger. All rights reserved.</p></footer>
</body>
</html>
"""

BROKEN_FRONT_MATTER = """---
title: A header that is never closed
published: 2024-05-02

Australia and India agreed to work together on lithium projects.
"""

BAD_YAML = """---
title: [Kazakhstan and the EU sign a raw materials partnership
published: 2022-11-07
---
Kazakhstan and the European Union signed a partnership on raw materials and batteries.
"""

# source_file of every good article, and the reason word each bad input must be rejected with.
GOOD_FILES = {"good.md", "plain.txt", "x.jsonl:1", "x.jsonl:3", "web/page.html"}
REJECTED = {
    "empty.txt": "empty",
    "binary.txt": "binary",
    "broken.md": "front matter",
    "bad_yaml.md": "not valid YAML",
    "x.jsonl:2": "not valid JSON",
}


def write_corpus(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.md").write_text(GOOD_MD, encoding="utf-8")
    (root / "plain.txt").write_text(GOOD_TXT, encoding="utf-8")
    (root / "x.jsonl").write_text("\n".join(JSONL_LINES) + "\n", encoding="utf-8")
    (root / "web").mkdir()
    (root / "web" / "page.html").write_text(PAGE_HTML, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    (root / "broken.md").write_text(BROKEN_FRONT_MATTER, encoding="utf-8")
    (root / "bad_yaml.md").write_text(BAD_YAML, encoding="utf-8")


@dataclass(frozen=True)
class Build:
    """One build of the graph: where it read, where it wrote, and its Dagster result (events)."""

    input_dir: Path
    warehouse: Path
    result: dg.ExecuteInProcessResult
