"""Gazetteers: the countries and country groups reference table and their lookup lexicons, and the text
forms and YAML loading the minerals gazetteer (mineral_gazetteer.py) shares."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

import polars as pl
import pycountry
import yaml


DATA_DIR = Path(__file__).parent / "data"
COUNTRIES_FILE = DATA_DIR / "countries.yaml"

# When one surface form is several kinds for the same country ("Singapore", "Luxembourg",
# "Djibouti" are names and capitals), the earlier kind wins: a name is the stronger reading.
COUNTRY_FORM_KINDS = ("name", "demonym", "capital")

# Forms that are in country_lexicon() but often mean something else in running text. They are
# kept because they are also the most common way news names the country; a caller should
# accept them only with support (capitalisation, a title before them, a verb of speech after).
#   us                  the pronoun: accept only when written "US"
#   georgia, washington US state; jordan, chad, victoria, sofia, wellington: given names
#   turkey, jersey, guinea, niger, polish: common words (the bird, the garment, guinea pig,
#                       the river, to polish)
#   congo, korea, korean, dominican: could be the other country of the pair (see countries.yaml)
#   america, american   also the continents ("Latin America", "South American")
#   indian              also Indian Ocean, Native Indian
#   brussels            usually the EU institutions rather than Belgium
#   tripoli, kingston, georgetown, san jose, santiago, st. john's, emirates: other cities,
#                       an airline, a university
#   macedonia, georgian also a Greek region, a US-state adjective
AMBIGUOUS_COUNTRY_FORMS: frozenset[str] = frozenset({
    "us", "georgia", "georgian", "washington", "jordan", "chad", "victoria", "sofia", "wellington",
    "turkey", "jersey", "guinea", "niger", "polish", "congo", "korea", "korean", "dominican",
    "america", "american", "indian", "brussels", "tripoli", "kingston", "georgetown", "san jose",
    "santiago", "st. john's", "emirates", "macedonia",
})

# Phrases that contain a country form but do not name the country. A longest-match tagger
# that also knows these phrases will not read "Latin America" as the United States.
NOT_COUNTRY_PHRASES: frozenset[str] = frozenset({
    "latin america", "latin american", "south america", "south american", "north america",
    "north american", "central america", "central american", "native american",
    "african american", "new mexico", "new jersey", "washington state", "washington post",
    "gulf of mexico", "indian ocean", "south china sea", "east china sea", "congo river",
    "congo basin", "niger delta", "new guinea", "british columbia",
})

_COUNTRY_FIELDS = {"name", "names", "demonyms", "capital", "capital_aliases"}
_GROUP_FIELDS = {"name", "forms", "members", "organisation", "joined"}


# ---------------------------------------------------------------- shared text forms


def _fold(text: str) -> str:
    """Lower case without accents: English news writes "Bogota" as often as "Bogotá"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _surface_variants(form: str) -> set[str]:
    """Lowercase spellings a tagger may meet for one written form.

    Accents dropped, dotted and undotted abbreviations ("US" / "U.S."), hyphen or space
    ("Guinea-Bissau" / "guinea bissau"), and straight or curly apostrophes, because callers
    match lowercased text without otherwise normalising it."""
    form = " ".join(form.split())
    variants = {form.lower(), _fold(form)}
    if re.fullmatch(r"[A-Z]{2,5}", form):
        variants.add(".".join(form.lower()) + ".")
    if re.fullmatch(r"(?:[A-Z]\.){2,}", form):
        variants.add(form.replace(".", "").lower())
    for variant in list(variants):
        if "-" in variant:
            variants.add(variant.replace("-", " "))
    for variant in list(variants):
        if "'" in variant:
            variants.add(variant.replace("'", "\u2019"))
        if "\u2019" in variant:
            variants.add(variant.replace("\u2019", "'"))
    return {v for v in variants if v}


def _strip_leading_article(name: str) -> str:
    # "the Netherlands", "The Gambia": a tagger finds the name without the article, and the
    # article would only shift character offsets.
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)


def _unique_casefold(items: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for item in items:
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


@functools.cache
def _load_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level; see the comment at its top")
    return data


def _check_fields(path: Path, where: str, entry: Any, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ValueError(f"{path}: {where}: expected a mapping, got {entry!r}")
    unknown = set(entry) - allowed
    if unknown:
        raise ValueError(f"{path}: {where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    return entry


# ---------------------------------------------------------------- countries and groups


def _iso_names(country: Any) -> list[str]:
    """Names pycountry knows for a country, reordered into forms that occur in prose.

    ISO writes "Korea, Republic of" and "Holy See (Vatican City State)"; prose writes
    "Republic of Korea" and "Holy See"."""
    raw = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
    forms = []
    for name in filter(None, raw):
        forms.append(name)
        inverted = re.fullmatch(r"(.+?), (.+ of(?: the)?)", name)
        if inverted:
            forms.append(f"{inverted[2]} {inverted[1]}")
        if "(" in name:
            forms.append(re.sub(r"\s*\([^)]*\)", "", name))
    return _unique_casefold([_strip_leading_article(f) for f in forms])


@functools.cache
def _groups() -> dict[str, dict[str, Any]]:
    data = _load_yaml(COUNTRIES_FILE).get("groups") or {}
    iso_codes = {c.alpha_3 for c in pycountry.countries}
    groups = {}
    for code, entry in data.items():
        entry = _check_fields(COUNTRIES_FILE, f"groups.{code}", entry, _GROUP_FIELDS)
        members = list(entry.get("members") or [])
        unknown = [m for m in members if m not in iso_codes]
        if unknown or len(set(members)) != len(members):
            raise ValueError(f"{COUNTRIES_FILE}: groups.{code}.members: unknown or repeated codes {unknown or members}")
        joined = dict(entry.get("joined") or {})
        if set(joined) - set(members) or not all(isinstance(d, dt.date) for d in joined.values()):
            raise ValueError(f"{COUNTRIES_FILE}: groups.{code}.joined: each key a member, each value a date (YYYY-MM-DD)")
        groups[code] = {
            "name": entry.get("name") or code,
            "forms": list(entry.get("forms") or [code]),
            "members": tuple(sorted(members)),
            "organisation": bool(entry.get("organisation", False)),
            "joined": joined,
        }
    return groups


@functools.cache
def _country_rows() -> tuple[dict[str, Any], ...]:
    """One dict per ISO country: display name, ISO forms, curated names, demonyms, capitals."""
    curated = _load_yaml(COUNTRIES_FILE).get("countries") or {}
    iso_codes = {c.alpha_3 for c in pycountry.countries}
    unknown = sorted(set(curated) - iso_codes)
    if unknown:
        raise ValueError(f"{COUNTRIES_FILE}: countries: {unknown} are not ISO 3166-1 alpha-3 codes")

    membership: dict[str, list[str]] = {}
    for code, group in _groups().items():
        for iso3 in group["members"]:
            membership.setdefault(iso3, []).append(code)

    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = country.alpha_3
        extra = _check_fields(COUNTRIES_FILE, f"countries.{iso3}", curated.get(iso3, {}), _COUNTRY_FIELDS)
        iso_forms = _iso_names(country)
        name = extra.get("name") or getattr(country, "common_name", None) or iso_forms[0]
        rows.append({
            "iso3": iso3,
            "name": name,
            "iso_forms": iso_forms,
            "curated_names": _unique_casefold([name, *(_strip_leading_article(n) for n in extra.get("names") or [])]),
            "demonyms": _unique_casefold(list(extra.get("demonyms") or [])),
            "capital": extra.get("capital"),
            "capital_aliases": list(extra.get("capital_aliases") or []),
            "groups": membership.get(iso3, []),
        })
    return tuple(rows)


def _demonym_plural(demonym: str) -> str | None:
    """"Americans", "Saudis", "Czechs"; none for "Chinese", "British", "Swiss", "French"."""
    low = demonym.lower()
    if low.endswith(("ese", "sh", "ss", "s", "x", "y", "z", "ic")) or (low.endswith("ch") and not low.endswith("ech")):
        return None
    return demonym + "s"


@functools.cache
def capital_cities() -> dict[str, str]:
    """Capital city (lower case) -> iso3, from countries.yaml."""
    return {r["capital"].lower(): r["iso3"] for r in _country_rows() if r["capital"]}


@functools.cache
def country_names() -> dict[str, str]:
    """iso3 -> the short name English news uses (countries_frame()'s `name`)."""
    return {r["iso3"]: r["name"] for r in _country_rows()}


@functools.cache
def countries_frame() -> pl.DataFrame:
    """Every ISO 3166-1 country (249 rows): iso3, name, aliases, groups, capital.

    `name` is the short name English news uses ("South Korea", "United States", "DR Congo");
    `aliases` holds that name first, then our curated names, the ISO short and official names,
    then demonyms; no two aliases differ only in case. An alias may still resolve to another
    country in country_lexicon(): ISO's "Congo" stays an alias of the Republic of the Congo
    although plain "Congo" resolves to DR Congo (see countries.yaml)."""
    rows = _country_rows()
    return pl.DataFrame(
        {
            "iso3": [r["iso3"] for r in rows],
            "name": [r["name"] for r in rows],
            "aliases": [_unique_casefold([*r["curated_names"], *r["iso_forms"], *r["demonyms"]]) for r in rows],
            "groups": [list(r["groups"]) for r in rows],
            "capital": [r["capital"] for r in rows],
        },
        schema={
            "iso3": pl.String,
            "name": pl.String,
            "aliases": pl.List(pl.String),
            "groups": pl.List(pl.String),
            "capital": pl.String,
        },
    )


@functools.cache
def _country_lexicon() -> dict[str, tuple[str, str]]:
    # A form offered by several countries goes to the one whose offer is most deliberate:
    # a form curated in countries.yaml (tier 2) beats an ISO-derived one (tier 1), which beats a
    # generated demonym plural (tier 0). Two countries at the same tier is a data error.
    offers: dict[str, dict[str, tuple[int, int]]] = {}

    def offer(form: str, iso3: str, kind: str, tier: int) -> None:
        rank = COUNTRY_FORM_KINDS.index(kind)
        for key in _surface_variants(form):
            by_country = offers.setdefault(key, {})
            old_tier, old_rank = by_country.get(iso3, (-1, len(COUNTRY_FORM_KINDS)))
            by_country[iso3] = (max(tier, old_tier), min(rank, old_rank))

    for row in _country_rows():
        iso3 = row["iso3"]
        for form in row["iso_forms"]:
            offer(form, iso3, "name", 1)
        for form in row["curated_names"]:
            offer(form, iso3, "name", 2)
        for demonym in row["demonyms"]:
            offer(demonym, iso3, "demonym", 2)
            plural = _demonym_plural(demonym)
            if plural:
                offer(plural, iso3, "demonym", 0)
        for city in filter(None, [row["capital"], *row["capital_aliases"]]):
            offer(city, iso3, "capital", 2)

    lexicon = {}
    for key, by_country in offers.items():
        ranked = sorted(by_country.items(), key=lambda item: -item[1][0])
        if len(ranked) > 1 and ranked[0][1][0] == ranked[1][1][0]:
            raise ValueError(
                f"{COUNTRIES_FILE}: the form {key!r} belongs to both {ranked[0][0]} and {ranked[1][0]}; "
                "list it under one country only")
        iso3, (_, rank) = ranked[0]
        lexicon[key] = (iso3, COUNTRY_FORM_KINDS[rank])
    return lexicon


def country_lexicon() -> dict[str, tuple[str, str]]:
    """Lowercase surface form -> (iso3, kind), kind being "name", "demonym" or "capital".

    Covers ISO names, our curated names, demonyms (with plurals: "americans") and capitals, in
    accent-free, dotted/undotted ("u.s.", "us") and hyphen/space variants. Possessives are not
    included: strip "'s" before looking up. Forms in AMBIGUOUS_COUNTRY_FORMS need care, and
    phrases in NOT_COUNTRY_PHRASES should be matched first and skipped."""
    return dict(_country_lexicon())


@functools.cache
def _group_lexicon() -> dict[str, str]:
    lexicon: dict[str, str] = {}
    for code, group in _groups().items():
        for form in [code, group["name"], *group["forms"]]:
            for key in _surface_variants(form):
                if lexicon.setdefault(key, code) != code:
                    raise ValueError(f"{COUNTRIES_FILE}: group form {key!r} is in both {lexicon[key]} and {code}")
    return lexicon


def group_lexicon() -> dict[str, str]:
    """Lowercase surface form -> group code: "g7", "g-7", "group of seven" -> "G7"; "the quad" -> "QUAD".

    Codes are those of the countries `groups` column: G7, G20, EU, QUAD, BRICS, ASEAN, OECD, MSP."""
    return dict(_group_lexicon())


def group_members(code: str) -> tuple[str, ...]:
    """ISO alpha-3 codes of a group's member countries, sorted; code is case-insensitive."""
    groups = _groups()
    key = code.upper()
    if key not in groups:
        raise KeyError(f"unknown country group {code!r}; known: {', '.join(groups)}")
    return groups[key]["members"]


def group_members_on(code: str, day: dt.date | None) -> tuple[str, ...]:
    """The group's members on `day` (an article's date): without those that joined later. With no
    day, today's members."""
    members = group_members(code)
    if day is None:
        return members
    joined = _groups()[code.upper()]["joined"]
    return tuple(m for m in members if joined.get(m, day) <= day)


def organisation_groups() -> frozenset[str]:
    """Group codes SPEC section 3 treats as organisation participants, not expanded into members (EU)."""
    return frozenset(code for code, group in _groups().items() if group["organisation"])
