"""The minerals reference table (data/minerals.yaml) and its lookup lexicon: forms news uses for each
mineral, group and material, with the official critical-list flags."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import polars as pl

from pipeline.extract.gazetteers import (
    DATA_DIR,
    _check_fields,
    _fold,
    _load_yaml,
    _unique_casefold,
)
from schemas.vocabularies import MINERAL_KINDS

MINERALS_FILE = DATA_DIR / "minerals.yaml"
MINERAL_LIST_FLAGS = ("usgs_critical_2025", "eu_critical_2023", "eu_strategic_2023")

# Forms in mineral_lexicon() that are also everyday English words or names: "lead talks",
# "silver lining", "platinum record", "Chrome" the browser, "Beryl" the storm. A caller should
# accept them only near a trade or export word. One- and two-letter element symbols are not in
# the lexicon at all ("In", "As", "Be", "W" collide with words and initials).
AMBIGUOUS_MINERAL_FORMS: frozenset[str] = frozenset({
    "lead", "tin", "silver", "platinum", "chrome", "beryl", "celestine", "magnet", "magnets",
    "battery materials",
})

# Number variants generated for a mineral form's last word, so the YAML lists each form once.
_MINERAL_NOUN_PLURALS = {
    "element": "elements", "metal": "metals", "magnet": "magnets", "material": "materials",
    "earth": "earths", "mineral": "minerals", "oxide": "oxides", "ore": "ores",
    "concentrate": "concentrates", "battery": "batteries", "anode": "anodes",
    "cathode": "cathodes", "diamond": "diamonds", "borate": "borates", "phosphate": "phosphates",
    "ingot": "ingots", "precursor": "precursors",
}
_MINERAL_NOUN_SINGULARS = {plural: singular for singular, plural in _MINERAL_NOUN_PLURALS.items()}

_MINERAL_FIELDS = {"mineral_id", "name", "kind", "symbol", "parent_id", "lists", "aliases", "hs_codes"}

# HS chapters a mineral's traded forms can fall in: salt, earths and stone (25), ores (26), mineral
# fuels (27, for coking coal), inorganic chemicals (28), fertilisers (31), miscellaneous chemical
# products (38, for artificial graphite), precious metals (71), iron and steel (72, for the
# ferro-alloys) and the base metals (74-81; 77 is reserved in the nomenclature and has no codes).
HS_CHAPTERS = frozenset({25, 26, 27, 28, 31, 38, 71, 72, 74, 75, 76, 78, 79, 80, 81})


# ---------------------------------------------------------------- minerals


@functools.cache
def _mineral_rows() -> dict[str, dict[str, Any]]:
    return _read_minerals(MINERALS_FILE)


def _read_minerals(path: Path) -> dict[str, dict[str, Any]]:
    """The rows of a minerals file (data/minerals.yaml), checked; a ValueError names the file and
    the entry at fault."""
    entries = _load_yaml(path).get("minerals") or []
    rows: dict[str, dict[str, Any]] = {}
    for position, entry in enumerate(entries):
        where = f"minerals[{position}] ({entry.get('mineral_id') if isinstance(entry, dict) else entry!r})"
        entry = _check_fields(path, where, entry, _MINERAL_FIELDS)
        mineral_id = entry.get("mineral_id") or ""
        problems = []
        if not re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", mineral_id):
            problems.append("mineral_id must be snake_case")
        if mineral_id in rows:
            problems.append("mineral_id is repeated")
        kind = entry.get("kind")
        if kind not in MINERAL_KINDS:
            problems.append(f"kind must be one of {MINERAL_KINDS}")
        symbol = entry.get("symbol")
        if (kind == "element") != isinstance(symbol, str):
            problems.append("an element needs a symbol (quoted, so YAML keeps it a string); others have none")
        lists = list(entry.get("lists") or [])
        if set(lists) - set(MINERAL_LIST_FLAGS):
            problems.append(f"lists may only hold {MINERAL_LIST_FLAGS}")
        aliases = list(entry.get("aliases") or [])
        if any(len(a) <= 2 for a in aliases):
            problems.append("aliases of one or two letters collide with words; leave symbols out")
        hs_codes = entry.get("hs_codes")
        if hs_codes is None:
            hs_codes = []
        problems.extend(_hs_code_problems(hs_codes))
        if problems:
            raise ValueError(f"{path}: {where}: {'; '.join(problems)}")
        rows[mineral_id] = {
            "mineral_id": mineral_id,
            "name": entry.get("name") or mineral_id.replace("_", " ").capitalize(),
            "kind": kind,
            "symbol": symbol,
            "parent_id": entry.get("parent_id"),
            **{flag: flag in lists for flag in MINERAL_LIST_FLAGS},
            "aliases": _unique_casefold(aliases),
            "hs_codes": list(hs_codes),
        }
    for mineral_id in rows:
        seen = {mineral_id}
        parent = rows[mineral_id]["parent_id"]
        while parent is not None:
            if parent not in rows:
                raise ValueError(f"{path}: {mineral_id}: parent_id {parent!r} is not a mineral_id")
            if parent in seen:
                raise ValueError(f"{path}: {mineral_id}: parent_id chain loops through {parent!r}")
            seen.add(parent)
            parent = rows[parent]["parent_id"]
    return rows


def _hs_code_problems(hs_codes: Any) -> list[str]:
    """What is wrong with one entry's `hs_codes`: it must be a list of distinct quoted six-digit
    HS subheadings in a chapter where minerals are traded (HS_CHAPTERS)."""
    if not isinstance(hs_codes, list):
        return [f"hs_codes must be a list of quoted six-digit HS codes, got {hs_codes!r}"]
    problems = []
    for code in hs_codes:
        if not isinstance(code, str):
            # unquoted, YAML reads 260500 as a number (and would drop a leading zero)
            problems.append(f"hs_codes: {code!r} must be a quoted string, e.g. \"{code}\"")
        elif not re.fullmatch(r"[0-9]{6}", code):
            problems.append(f"hs_codes: {code!r} is not a six-digit HS subheading (write 811292, no dots)")
        elif int(code[:2]) not in HS_CHAPTERS:
            problems.append(f"hs_codes: {code!r} is in HS chapter {code[:2]}, not one where minerals are "
                            f"traded ({', '.join(str(c) for c in sorted(HS_CHAPTERS))})")
    repeated = sorted({c for c in hs_codes if isinstance(c, str) and hs_codes.count(c) > 1})
    if repeated:
        problems.append(f"hs_codes: {repeated} repeated")
    return problems


@functools.cache
def minerals_frame() -> pl.DataFrame:
    """The minerals reference table in SPEC column order, sorted by mineral_id.

    `aliases` are the other surface forms from minerals.yaml as written (the name is not
    repeated); mineral_lexicon() adds their plural, hyphen and accent variants. `hs_codes` are
    the HS 2022 six-digit subheadings from minerals.yaml, as written (an empty list where the
    entry has none)."""
    rows = [_mineral_rows()[k] for k in sorted(_mineral_rows())]
    columns = ["mineral_id", "name", "kind", "symbol", "parent_id", *MINERAL_LIST_FLAGS, "aliases", "hs_codes"]
    schema = {
        "mineral_id": pl.String, "name": pl.String, "kind": pl.String, "symbol": pl.String,
        "parent_id": pl.String, **{flag: pl.Boolean for flag in MINERAL_LIST_FLAGS},
        "aliases": pl.List(pl.String), "hs_codes": pl.List(pl.String),
    }
    return pl.DataFrame({c: [r[c] for r in rows] for c in columns}, schema=schema)


def _mineral_variants(form: str) -> set[str]:
    """Spellings of one mineral form: accents, hyphen or space, singular or plural."""
    variants = {form.lower(), _fold(form)}
    for variant in list(variants):
        variants.add(variant.replace("-", " "))
    for variant in list(variants):
        words = variant.split(" ")
        # "rare earth magnets" is also written "rare-earth magnets"; try each joint once, but
        # never next to a function word ("muriate of potash" is not hyphenated).
        if 1 < len(words) <= 4:
            for joint in range(1, len(words)):
                if {words[joint - 1], words[joint]} & {"of", "for", "and", "the"}:
                    continue
                variants.add(" ".join(words[:joint - 1] + ["-".join(words[joint - 1:joint + 1])] + words[joint + 1:]))
    for variant in list(variants):
        match = re.fullmatch(r"(.*?[ -]|)([a-z]+)", variant)
        if match:
            head, last = match.groups()
            other = _MINERAL_NOUN_PLURALS.get(last) or _MINERAL_NOUN_SINGULARS.get(last)
            if other:
                variants.add(head + other)
    return {v for v in variants if len(v) > 2}


@functools.cache
def _mineral_lexicon() -> dict[str, str]:
    lexicon: dict[str, str] = {}
    for mineral_id, row in _mineral_rows().items():
        for form in [row["name"], mineral_id.replace("_", " "), *row["aliases"]]:
            for key in _mineral_variants(form):
                if lexicon.setdefault(key, mineral_id) != mineral_id:
                    raise ValueError(f"{MINERALS_FILE}: the form {key!r} is in both {lexicon[key]} and {mineral_id}")
    return lexicon


def mineral_lexicon() -> dict[str, str]:
    """Lowercase surface form -> mineral_id: "rare earths" and "rare-earth elements" ->
    rare_earth_elements, "gallium" -> gallium, "ndfeb magnets" -> rare_earth_magnets.

    Element symbols are left out (see AMBIGUOUS_MINERAL_FORMS for why, and for forms that need
    context)."""
    return dict(_mineral_lexicon())


@functools.cache
def mineral_groups() -> frozenset[str]:
    """The ids of minerals.yaml's groups (kind `group`: rare_earth_elements, platinum_group_metals ...)."""
    return frozenset(k for k, row in _mineral_rows().items() if row["kind"] == "group")


def mineral_parent(mineral_id: str | None) -> str | None:
    """The group or element a mineral belongs to (dysprosium -> heavy_rare_earth_elements).

    None for a top-level mineral, and also for None or an id not in the table, so that a
    caller can walk up a chain (`mineral_parent(mineral_parent(x))`) without guarding each
    step; check membership with minerals_frame() where a typo must be caught."""
    row = _mineral_rows().get(mineral_id) if mineral_id else None
    return row["parent_id"] if row else None


def is_rare_earth(mineral_id: str | None) -> bool:
    """True for rare_earth_elements and everything under it (its groups and the 17 elements).

    False for rare_earth_magnets (a product made of rare earths, deliberately not a child) and
    for an id not in the table."""
    current: str | None = mineral_id
    while current is not None:
        if current == "rare_earth_elements":
            return True
        current = mineral_parent(current)
    return False
