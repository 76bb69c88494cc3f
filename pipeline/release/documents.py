"""The documents of a release, written from its descriptor and tables: README (with every source
article), changelog, citation, data licence, the views' part of the data dictionary."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import polars as pl
import yaml

from pipeline.marts.sql_models import SqlModel, load_macros
from pipeline.release.datapackage import DATA_AUTHOR, DATA_LICENSE, DESCRIPTOR_NAME, dataset_summary, web_copies
from pipeline.warehouse import DATABASE_NAME
from schemas import PUBLISHED_TABLES
from schemas.keys import primary_key

CHECKSUMS = "SHA256SUMS"
README = "README.md"
DICTIONARY = "DATA_DICTIONARY.md"
CHANGELOG = "CHANGELOG.md"
CITATION = "CITATION.cff"
DATA_LICENSE_FILE = "LICENSE-DATA"
# Every release holds these besides its Parquet files (which its descriptor lists).
RELEASE_FILES = (DESCRIPTOR_NAME, DATABASE_NAME, README, DICTIONARY, CHANGELOG, CITATION, DATA_LICENSE_FILE,
                 "QUALITY.md", "quality.json", "overview.html", CHECKSUMS)


def key_values(df: pl.DataFrame, key: list[str]) -> set[str]:
    """A table's primary-key values as strings; a key of several columns joins them with '/'."""
    return set(df.select(pl.concat_str([pl.col(c).cast(pl.Utf8) for c in key], separator="/")).to_series().to_list())


def _ids(values: list[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def changelog_entry(version: str, date: dt.date, rows: dict[str, int], folder: Path,
                    previous: str | None, previous_folder: Path | None) -> str:
    """This release's CHANGELOG entry: rows per table and, against the previous release (diff.py), the
    ids (primary-key values) added, removed and changed in each table, with the columns that changed."""
    from pipeline.release.diff import diff_releases

    lines = [f"## {version} ({date.isoformat()})", ""]
    if previous is None or previous_folder is None:
        lines += ["First release." if previous is None else
                  f"The previous release, {previous}, is not in releases/ as a folder: no ids compared.",
                  "", "| table | rows |", "| --- | ---: |"]
        lines += [f"| {table} | {n} |" for table, n in rows.items()]
        return "\n".join(lines) + "\n"
    lines += [f"Changes since {previous}: ids are primary-key values (columns joined by `/` where a key has several); "
              f"`critmin diff` shows the old and new values of each changed column.", "",
              f"| table | rows | rows in {previous} | ids added | ids removed | ids changed |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    details = []
    for d in diff_releases(previous_folder, folder):
        if d.rows_new is None:
            lines.append(f"| {d.table} | not in this release | {d.rows_old} | | | |")
        elif d.rows_old is None:
            lines.append(f"| {d.table} | {d.rows_new} | not in {previous} | | | |")
        elif not d.keyed:
            lines.append(f"| {d.table} | {d.rows_new} | {d.rows_old} | no key | no key | no key |")
        else:
            lines.append(f"| {d.table} | {d.rows_new} | {d.rows_old} | {len(d.added)} | {len(d.removed)} | {len(d.changed)} |")
            details += _changes(d)
    return "\n".join(lines + details) + "\n"


def _changes(d) -> list[str]:
    """The ids of one table's diff, and the columns changed in each changed row."""
    if not (d.added or d.removed or d.changed):
        return []
    parts = [[f"Added ({len(d.added)}): {_ids(d.added)}"] if d.added else [],
             [f"Removed ({len(d.removed)}): {_ids(d.removed)}"] if d.removed else [],
             [f"Changed ({len(d.changed)}): " + "; ".join(f"`{i}` ({', '.join(cols)})" for i, cols in d.changed.items())]
             if d.changed else []]
    out = ["", f"### {d.table}"]
    for part in parts:
        if part:
            out += ["", *part]
    return out


def changelog(entry: str, previous_folder: Path | None) -> str:
    """The whole history: this entry first, then every entry of the previous release's changelog."""
    older = ""
    if previous_folder is not None and (previous_folder / CHANGELOG).exists():
        older = (previous_folder / CHANGELOG).read_text(encoding="utf-8").split("\n", 2)[-1].lstrip("\n")
    return "# critmin changelog\n\n" + entry + ("\n" + older if older else "")


def citation(version: str, date: dt.date) -> str:
    cff = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": f"critmin: {dataset_summary()}",
        "version": version,
        "date-released": date.isoformat(),
        "license": DATA_LICENSE["name"],
        "authors": [{"name": DATA_AUTHOR}],
        "abstract": f"{dataset_summary()}. Every row points back to the sentence of the article it was read from.",
        "keywords": ["critical minerals", "export restrictions", "diplomacy", "news", "open data"],
    }
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True)


def licence_text(version: str, date: dt.date, include_text: bool) -> str:
    text = (
        f"critmin {version}: data licence\n\n"
        f"Copyright (c) {date.year} {DATA_AUTHOR}\n\n"
        f"The data in this release is licensed under the {DATA_LICENSE['title']} licence\n"
        f"(CC BY 4.0): {DATA_LICENSE['path']}, legal code at {DATA_LICENSE['path']}legalcode\n\n"
        "You may share and adapt it for any purpose, commercial ones included, if you give appropriate\n"
        "credit (cite it as CITATION.cff says), link to the licence and say whether you changed it.\n\n"
        "Every row points back to the news article it was read from (articles.url and articles.source;\n"
        "datapackage.json lists them under sources). Those articles are their publishers' work and are\n"
        "not part of this licence; only the short evidence sentences the rows quote are included.\n"
    )
    if include_text:
        text += ("\narticle_texts.parquet holds the full text of those articles. Its copyright stays with\n"
                 "their publishers: it is NOT licensed under CC BY 4.0. Do not redistribute it without\n"
                 "their permission.\n")
    return text + "\nThe code that builds this dataset (critmin) is under the MIT licence.\n"


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError


def views_dictionary(views: dict[str, list[tuple[str, str]]], models: list[SqlModel]) -> str:
    """The data dictionary's part on the database's views, from the SQL models' own docs."""
    if not views:
        return ""
    docs = {m.name: m for m in models}
    lines = ["", f"## Views in {DATABASE_NAME}", "",
             "SQL models of critmin's `dbt_like_sql/models/`, run by DuckDB over the tables above when queried;",
             "they are in the database only, not Parquet files. Their docs come from each model's `.yml` file."]
    for name, columns in views.items():
        lines += ["", f"### {name}", "", docs[name].description, "",
                  "| column | type | description |", "| --- | --- | --- |"]
        lines += [f"| `{column}` | {dtype} | {docs[name].column_docs.get(column, '')} |" for column, dtype in columns]
    for macro in load_macros():
        lines += ["", f"### {macro.name}(d)", "", "A table macro: `SELECT * FROM " + macro.name + "(DATE '2026-01-01')`.",
                  "", "```text", *[line.removeprefix("-- ").removeprefix("--") for line in macro.sql.splitlines()
                                   if line.startswith("--")], "```"]
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
_WEB_ADDRESS = re.compile(r"^https?://[^\s<>]+$", re.IGNORECASE)


def markdown_text(text: str) -> str:
    """Text from an article (a title, a publisher) as plain Markdown text: every character that could
    start a link, an image, HTML or emphasis is escaped, and line breaks become spaces."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def markdown_code(text: str) -> str:
    """Text shown as code: a value that is not a web address is quoted, never linked."""
    text = " ".join(str(text).split()).replace("`", "'")
    return f"`{text}`"


def is_web_address(url: str | None) -> bool:
    """Only http(s) addresses without spaces or angle brackets become links (no javascript:, data:...)."""
    return bool(url) and bool(_WEB_ADDRESS.match(url))


def _use_it() -> list[str]:
    """The release README's part on opening it: checksums, the DuckDB command line, Python, and which
    DuckDB versions open the database."""
    return [
        "## Use it",
        "",
        "```sh",
        "sha256sum -c SHA256SUMS                 # or: critmin verify .",
        f"duckdb {DATABASE_NAME} -c 'SELECT * FROM meetings'",
        "```",
        "",
        "```python",
        "import duckdb",
        f"con = duckdb.connect('{DATABASE_NAME}', read_only=True)   # tables, not views: works from any folder",
        "print(con.sql('SELECT start_date, city, name FROM meetings ORDER BY start_date'))",
        "duckdb.sql(\"SELECT count(*) FROM 'mineral_restrictions.parquet'\")   # or any Parquet file directly",
        "```",
        "",
        f"`{DATABASE_NAME}` is written in the storage format of DuckDB 1.0, so DuckDB 1.0 and every later version "
        "opens it and reads its tables. Its views and the `restrictions_in_force(d)` macro need DuckDB 1.4 or later: "
        "their queries name a step after the table it reads (`with meetings as (select * from meetings)`), which "
        "DuckDB 1.0 to 1.3 refuse as a circular reference. The Parquet files open in any version.",
        "",
    ]


def release_readme(descriptor: dict, folder: Path, articles: pl.DataFrame, include_text: bool,
                   views: list[str]) -> str:
    version = descriptor["version"]
    lines = [
        f"# critmin {version}",
        "",
        f"{descriptor['description']}. Every row points back to the sentence it was read from.",
        "",
        f"Data licence: CC BY 4.0 (`{DATA_LICENSE_FILE}`). Cite it as `{CITATION}` says.",
        "Article text: " + ("included (`article_texts.parquet`; it stays its publishers' copyright, see "
                            f"`{DATA_LICENSE_FILE}`)." if include_text else
                            "not included (rows quote only the evidence sentence; follow `articles.url`)."),
        "",
        "## Files",
        "",
        "| file | rows | size | what |",
        "| --- | ---: | ---: | --- |",
    ]
    for res in descriptor["resources"]:
        lines.append(f"| `{res['path']}` | {res['rows']} | {_size(res['bytes'])} | {res['description']} |")
    lines += [
        f"| `{DATABASE_NAME}` | | {_size((folder / DATABASE_NAME).stat().st_size)} | every table above in one DuckDB "
        "database, with column comments" + (f", and the views {', '.join(f'`{v}`' for v in views)}" if views else "") + " |",
        *[f"| `{v}.parquet` | {pl.scan_parquet(folder / f'{v}.parquet').select(pl.len()).collect().item()} | "
          f"{_size((folder / f'{v}.parquet').stat().st_size)} | the view `{v}` as a file (its columns: `{DICTIONARY}`) |"
          for v in views],
        f"| `{DESCRIPTOR_NAME}` | | | Frictionless Data Package descriptor: every column's type, description and constraints, keys, sources |",
        f"| `{DICTIONARY}` | | | the same, for people |",
        f"| `{CHANGELOG}` | | | rows per table and ids added, removed or changed in each release |",
        "| `QUALITY.md`, `quality.json` | | | how accurate the extraction of this release is, measured on hand-made "
        "gold when it was made |",
        "| `overview.html` | | | charts for a first look (restriction timeline, meetings per month, countries that meet "
        "most, changes since the previous release); opens from disk with no network |",
        f"| `{CHECKSUMS}` | | | SHA-256 of every other file |",
        "",
        *_use_it(),
        "## Sources",
        "",
        f"The {articles.height} articles this release was read from, by publisher:",
        "",
    ]
    for row in articles.sort("source", "published_date", "title", nulls_last=True).iter_rows(named=True):
        headline = markdown_text(row["title"] or row["source_file"])
        link = f"[{headline}](<{row['url']}>)" if is_web_address(row["url"]) else headline
        link += f" ({markdown_code(row['url'])})" if row["url"] and not is_web_address(row["url"]) else ""
        date = f", {row['published_date'].isoformat()}" if row["published_date"] else ""
        copies = "".join(f", also at <{copy}>" for copy in web_copies(row) if is_web_address(copy))
        lines.append(f"- {markdown_text(row['source'] or 'publisher not stated')}: {link}{date}{copies}")
    return "\n".join(lines) + "\n"


# What each file of a release holds, in the order `release_tree` lists them.
FILE_ROLES = {
    README: "what it is, its files, how to use it, every source article",
    DICTIONARY: "every table and column, with types, constraints and keys; the views",
    DESCRIPTOR_NAME: "Frictionless Data Package: schemas, keys, licence, sources, row counts",
    CHANGELOG: "rows per table, ids added, removed and changed since the previous release",
    CITATION: "how to cite it",
    DATA_LICENSE_FILE: "CC BY 4.0",
    "QUALITY.md": "how accurate this release's extraction is, measured when it was made",
    "quality.json": "the same numbers, machine-readable",
    "overview.html": "charts for a first look, one file that opens with no network",
    CHECKSUMS: "SHA-256 of every other file (sha256sum -c SHA256SUMS)",
    DATABASE_NAME: "every table (copied in), the SQL models as views",
}


def release_tree(folder: Path, label: str, views: list[str]) -> str:
    """The files of the release in `folder` as a tree under `label`, each Parquet file with its rows:
    what `critmin release` prints and the README shows. Nothing in it depends on when it was made."""
    descriptor = json.loads((folder / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    rows = [(name, what) for name, what in FILE_ROLES.items()]
    rows += [(res["path"], f"{res['rows']} rows") for res in descriptor["resources"]]
    rows += [(f"{v}.parquet", f"{pl.scan_parquet(folder / f'{v}.parquet').select(pl.len()).collect().item()} rows, "
                              "the view as a file") for v in views]
    width = max(len(name) for name, _ in rows) + 2
    lines = [label]
    for i, (name, what) in enumerate(rows):
        lines.append(f"{'└──' if i == len(rows) - 1 else '├──'} {name:<{width}}{what}")
    return "\n".join(lines)

