"""What changed between two releases, table by table: rows added, removed and changed, each named by its
id (primary-key values, joined by `/` where a key has several columns), and for a changed row the
columns whose values differ, old and new. `critmin diff OLD NEW` prints it; each release's CHANGELOG
is written from it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline.release.datapackage import DESCRIPTOR_NAME
from schemas import PUBLISHED_TABLES
from schemas.keys import primary_key

# When critmin read an input, not what the input says: a rebuild changes them on every row.
PROCESSING_TIME_COLUMNS = frozenset({"ingested_at", "detected_at"})
ID = "__id"


class NotARelease(ValueError):
    """A folder that holds no release to compare."""


@dataclass
class TableDiff:
    table: str
    rows_old: int | None                      # None: the table is not in that release
    rows_new: int | None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, tuple]] = field(default_factory=dict)   # id -> column -> (old, new)
    keyed: bool = True                        # False: no primary key; added and removed count whole rows

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed) and self.rows_old == self.rows_new


def release_tables(folder: Path) -> dict[str, Path]:
    """The Parquet file of each table a release folder's descriptor lists."""
    descriptor = folder / DESCRIPTOR_NAME
    if not descriptor.is_file():
        raise NotARelease(f"{folder}: no {DESCRIPTOR_NAME}, so not a critmin release folder; pass a release folder "
                          "(unzip a <version>.zip first), e.g. warehouse/releases/latest")
    resources = json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
    return {res["name"]: folder / res["path"] for res in resources if res["name"] in PUBLISHED_TABLES}


def _with_id(df: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    return df.with_columns(pl.concat_str([pl.col(c).cast(pl.Utf8) for c in key], separator="/").alias(ID))


def _value(v):
    return v.isoformat() if hasattr(v, "isoformat") else v


def diff_table(table: str, old: pl.DataFrame, new: pl.DataFrame) -> TableDiff:
    """Rows of one table added, removed and changed between `old` and `new`."""
    columns = [c for c in new.columns if c in old.columns and c not in PROCESSING_TIME_COLUMNS]
    key = primary_key(PUBLISHED_TABLES[table])
    out = TableDiff(table, old.height, new.height, keyed=bool(key))
    if not key:  # whole rows: how many are only in one of the two
        old_rows, new_rows = old.select(columns).unique(), new.select(columns).unique()
        out.added = [str(i) for i in range(new_rows.join(old_rows, on=columns, how="anti", nulls_equal=True).height)]
        out.removed = [str(i) for i in range(old_rows.join(new_rows, on=columns, how="anti", nulls_equal=True).height)]
        return out
    old, new = _with_id(old, key), _with_id(new, key)
    out.added = sorted(set(new[ID]) - set(old[ID]))
    out.removed = sorted(set(old[ID]) - set(new[ID]))
    both = new.select(ID, *columns).join(old.select(ID, *columns), on=ID, how="inner", suffix="__old")
    values = [c for c in columns if c not in key]
    if not values or both.is_empty():
        return out
    differs = both.select(ID, *[pl.col(c).ne_missing(pl.col(f"{c}__old")).alias(c) for c in values])
    for flags, row in zip(differs.iter_rows(named=True), both.iter_rows(named=True)):
        cols = [c for c in values if flags[c]]
        if cols:
            out.changed[row[ID]] = {c: (_value(row[f"{c}__old"]), _value(row[c])) for c in cols}
    out.changed = dict(sorted(out.changed.items()))
    return out


def diff_releases(old: Path, new: Path) -> list[TableDiff]:
    """Every published table of either release, in the order of PUBLISHED_TABLES."""
    old_tables, new_tables = release_tables(old), release_tables(new)
    out = []
    for table in PUBLISHED_TABLES:
        if table not in old_tables and table not in new_tables:
            continue
        if table not in new_tables or table not in old_tables:
            present = old_tables.get(table) or new_tables[table]
            rows = pl.scan_parquet(present).select(pl.len()).collect().item()
            out.append(TableDiff(table, rows if table in old_tables else None, rows if table in new_tables else None))
            continue
        out.append(diff_table(table, pl.read_parquet(old_tables[table]), pl.read_parquet(new_tables[table])))
    return out


def _shown(v) -> str:
    text = json.dumps(v, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def diff_report(diffs: list[TableDiff], old_name: str, new_name: str) -> str:
    """The diff as text: a line per table, then each table's ids added, removed and changed."""
    lines = [f"{'table':24} {'rows ' + old_name:>18} {'rows ' + new_name:>18} {'added':>7} {'removed':>8} {'changed':>8}"]
    for d in diffs:
        rows_old = "-" if d.rows_old is None else str(d.rows_old)
        rows_new = "-" if d.rows_new is None else str(d.rows_new)
        changed = str(len(d.changed)) if d.keyed else "no key"
        lines.append(f"{d.table:24} {rows_old:>18} {rows_new:>18} {len(d.added):>7} {len(d.removed):>8} {changed:>8}")
    for d in diffs:
        if d.unchanged or not d.keyed:
            continue
        lines += ["", f"{d.table}:"]
        lines += [f"  added   {i}" for i in d.added]
        lines += [f"  removed {i}" for i in d.removed]
        for i, cols in d.changed.items():
            lines.append(f"  changed {i}: " + "; ".join(f"{c} {_shown(a)} -> {_shown(b)}" for c, (a, b) in cols.items()))
    return "\n".join(lines)
