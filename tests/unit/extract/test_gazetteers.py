"""Unit tests for the countries, groups and minerals gazetteers, on values checkable by hand."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from pipeline.extract import gazetteers
from pipeline.extract import mineral_gazetteer
from pipeline.extract.gazetteers import (
    AMBIGUOUS_COUNTRY_FORMS,
    NOT_COUNTRY_PHRASES,
    countries_frame,
    country_lexicon,
    group_lexicon,
    group_members,
    organisation_groups,
)
from pipeline.extract.mineral_gazetteer import (
    AMBIGUOUS_MINERAL_FORMS,
    is_rare_earth,
    mineral_lexicon,
    mineral_parent,
    minerals_frame,
)


def _country(iso3: str) -> dict:
    rows = countries_frame().filter(pl.col("iso3") == iso3).to_dicts()
    assert len(rows) == 1
    return rows[0]


def _mineral(mineral_id: str) -> dict:
    rows = minerals_frame().filter(pl.col("mineral_id") == mineral_id).to_dicts()
    assert len(rows) == 1
    return rows[0]


# ---------------------------------------------------------------- countries


def test_countries_frame_has_every_iso_country_once():
    df = countries_frame()
    assert df.height == 249
    assert df["iso3"].n_unique() == 249
    assert df.columns == ["iso3", "name", "aliases", "groups", "capital"]
    assert df.schema["aliases"] == pl.List(pl.String)
    assert df.schema["groups"] == pl.List(pl.String)
    assert df["name"].null_count() == 0


def test_common_names_are_the_display_names():
    assert _country("KOR")["name"] == "South Korea"
    assert _country("USA")["name"] == "United States"
    assert _country("GBR")["name"] == "United Kingdom"
    assert _country("RUS")["name"] == "Russia"
    assert _country("VNM")["name"] == "Vietnam"
    assert _country("COD")["name"] == "DR Congo"


def test_korea_aliases_hold_names_and_demonyms():
    aliases = _country("KOR")["aliases"]
    assert "South Korea" in aliases
    assert "Korean" in aliases
    assert "South Korean" in aliases
    assert "Republic of Korea" in aliases
    # the ISO name is kept as an alias
    assert "Korea, Republic of" in aliases


def test_aliases_have_no_case_duplicates():
    for iso3, aliases in countries_frame().select("iso3", "aliases").iter_rows():
        folded = [a.casefold() for a in aliases]
        assert len(folded) == len(set(folded)), iso3


def test_capitals():
    assert _country("CHN")["capital"] == "Beijing"
    assert _country("USA")["capital"] == "Washington"
    assert _country("BEL")["capital"] == "Brussels"
    assert _country("AUS")["capital"] == "Canberra"
    assert _country("ATA")["capital"] is None


def test_country_lexicon_names_demonyms_capitals():
    lexicon = country_lexicon()
    assert lexicon["beijing"] == ("CHN", "capital")
    assert lexicon["washington"] == ("USA", "capital")
    assert lexicon["kuala lumpur"] == ("MYS", "capital")
    assert lexicon["new delhi"] == ("IND", "capital")
    assert lexicon["south korea"] == ("KOR", "name")
    assert lexicon["republic of korea"] == ("KOR", "name")
    assert lexicon["rok"] == ("KOR", "name")
    assert lexicon["korean"] == ("KOR", "demonym")
    assert lexicon["north korean"] == ("PRK", "demonym")
    assert lexicon["chinese"] == ("CHN", "demonym")
    assert lexicon["japanese"] == ("JPN", "demonym")
    assert lexicon["britain"] == ("GBR", "name")
    assert lexicon["saudi"] == ("SAU", "demonym")
    assert lexicon["emirati"] == ("ARE", "demonym")
    assert lexicon["filipino"] == ("PHL", "demonym")


def test_country_lexicon_dotted_and_plural_forms():
    lexicon = country_lexicon()
    for form in ("us", "u.s.", "usa", "u.s.a.", "america", "united states", "united states of america"):
        assert lexicon[form] == ("USA", "name"), form
    for form in ("uk", "u.k.", "britain", "great britain"):
        assert lexicon[form][0] == "GBR", form
    assert lexicon["americans"] == ("USA", "demonym")
    assert lexicon["saudis"] == ("SAU", "demonym")
    # no plural is made where English has none
    assert "chineses" not in lexicon
    assert "britishs" not in lexicon


def test_country_lexicon_accents_and_hyphens():
    lexicon = country_lexicon()
    assert lexicon["türkiye"] == ("TUR", "name")
    assert lexicon["turkiye"] == ("TUR", "name")
    assert lexicon["turkey"] == ("TUR", "name")
    assert lexicon["cote d'ivoire"] == ("CIV", "name")
    assert lexicon["guinea-bissau"] == ("GNB", "name")
    assert lexicon["guinea bissau"] == ("GNB", "name")
    assert lexicon["bogota"] == ("COL", "capital")


def test_congo_forms():
    lexicon = country_lexicon()
    for form in ("dr congo", "drc", "democratic republic of congo", "democratic republic of the congo",
                 "congo-kinshasa", "congolese", "kinshasa"):
        assert lexicon[form][0] == "COD", form
    # plain "Congo" means the DRC in minerals news (documented in countries.yaml)
    assert lexicon["congo"] == ("COD", "name")
    for form in ("republic of congo", "republic of the congo", "congo-brazzaville", "brazzaville"):
        assert lexicon[form][0] == "COG", form


def test_short_names_of_countries_in_the_news():
    lexicon = country_lexicon()
    expected = {
        "russia": "RUS", "iran": "IRN", "vietnam": "VNM", "viet nam": "VNM", "taiwan": "TWN",
        "czechia": "CZE", "czech republic": "CZE", "laos": "LAO", "syria": "SYR", "bolivia": "BOL",
        "venezuela": "VEN", "tanzania": "TZA", "moldova": "MDA", "brunei": "BRN", "burma": "MMR",
        "ivory coast": "CIV", "holland": "NLD", "the hague": "NLD",
    }
    for form, iso3 in expected.items():
        assert lexicon[form][0] == iso3, form


def test_name_beats_capital_for_city_states():
    lexicon = country_lexicon()
    assert lexicon["singapore"] == ("SGP", "name")
    assert lexicon["luxembourg"] == ("LUX", "name")


def test_lexicon_keys_are_lowercase_and_possessive_free():
    lexicon = country_lexicon()
    assert "china's" not in lexicon
    for key in lexicon:
        assert key == key.lower()
        # a key ending in 's is a name in its own right (St. John's), never a possessive of a key
        for suffix in ("'s", "\u2019s"):
            if key.endswith(suffix):
                assert key[: -len(suffix)] not in lexicon, key


def test_ambiguous_and_blocking_forms():
    lexicon = country_lexicon()
    assert AMBIGUOUS_COUNTRY_FORMS <= set(lexicon)
    assert {"georgia", "jordan", "chad", "washington", "us", "congo"} <= AMBIGUOUS_COUNTRY_FORMS
    assert lexicon["georgia"] == ("GEO", "name")
    assert not NOT_COUNTRY_PHRASES & set(lexicon)
    assert "latin america" in NOT_COUNTRY_PHRASES


def test_country_lexicon_returns_a_copy():
    country_lexicon()["beijing"] = ("XXX", "name")
    assert country_lexicon()["beijing"] == ("CHN", "capital")


# ---------------------------------------------------------------- groups


def test_g7_members_exactly():
    assert set(group_members("G7")) == {"USA", "GBR", "JPN", "FRA", "DEU", "ITA", "CAN"}
    assert group_members("g7") == group_members("G7")


def test_quad_members_exactly():
    assert set(group_members("QUAD")) == {"USA", "AUS", "IND", "JPN"}


def test_group_sizes():
    assert len(group_members("G20")) == 19
    assert len(group_members("EU")) == 27
    assert len(group_members("OECD")) == 38
    assert len(group_members("BRICS")) == 10
    assert "SAU" not in group_members("BRICS")
    assert "IDN" in group_members("BRICS")
    assert len(group_members("ASEAN")) == 11
    assert {"USA", "JPN", "KOR", "AUS", "IND"} <= set(group_members("MSP"))


def test_unknown_group_is_a_key_error():
    with pytest.raises(KeyError, match="unknown country group"):
        group_members("G8")


def test_group_lexicon_forms():
    lexicon = group_lexicon()
    for form in ("g7", "g-7", "group of seven", "group of 7"):
        assert lexicon[form] == "G7", form
    for form in ("g20", "g-20", "group of twenty"):
        assert lexicon[form] == "G20", form
    for form in ("quad", "the quad"):
        assert lexicon[form] == "QUAD", form
    assert lexicon["brics"] == "BRICS"
    assert lexicon["asean"] == "ASEAN"
    assert lexicon["eu"] == "EU"
    assert lexicon["european union"] == "EU"
    assert lexicon["minerals security partnership"] == "MSP"


def test_countries_groups_column_matches_members():
    assert _country("JPN")["groups"] == ["G7", "G20", "QUAD", "OECD", "MSP"]
    assert _country("IDN")["groups"] == ["G20", "BRICS", "ASEAN"]
    assert _country("ATA")["groups"] == []
    # the EU is an organisation participant, not expanded into members
    assert organisation_groups() == frozenset({"EU"})


# ---------------------------------------------------------------- minerals


def test_minerals_frame_columns_and_types():
    df = minerals_frame()
    assert df.columns == ["mineral_id", "name", "kind", "symbol", "parent_id", "usgs_critical_2025",
                          "eu_critical_2023", "eu_strategic_2023", "aliases", "hs_codes"]
    assert df.schema["aliases"] == pl.List(pl.String)
    assert df.schema["hs_codes"] == pl.List(pl.String)
    assert df["hs_codes"].null_count() == 0
    assert df.schema["usgs_critical_2025"] == pl.Boolean
    assert set(df["kind"]) == {"element", "group", "material"}


def test_official_list_counts():
    df = minerals_frame()
    assert df["usgs_critical_2025"].sum() == 60
    assert df["eu_critical_2023"].sum() == 34
    assert df["eu_strategic_2023"].sum() == 17


def test_eu_strategic_entries_are_also_eu_critical_except_magnet_rare_earths():
    # The Act makes every strategic material critical; "rare earths for magnets" is covered in
    # the critical list by the light and heavy rare earth entries, so it has no critical row.
    df = minerals_frame()
    strategic_not_critical = df.filter(pl.col("eu_strategic_2023") & ~pl.col("eu_critical_2023"))
    assert strategic_not_critical["mineral_id"].to_list() == ["magnet_rare_earth_elements"]


def test_some_flags_by_hand():
    assert _mineral("copper")["usgs_critical_2025"] is True
    assert _mineral("molybdenum")["usgs_critical_2025"] is False
    assert _mineral("heavy_rare_earth_elements")["eu_critical_2023"] is True
    assert _mineral("dysprosium")["eu_critical_2023"] is False  # the EU names the group
    assert _mineral("platinum_group_metals")["eu_strategic_2023"] is True
    assert _mineral("osmium")["usgs_critical_2025"] is False


def test_seventeen_rare_earth_elements():
    df = minerals_frame()
    elements = df.filter(pl.col("kind") == "element")["mineral_id"].to_list()
    rare_earths = sorted(m for m in elements if is_rare_earth(m))
    assert len(rare_earths) == 17
    assert "scandium" in rare_earths and "yttrium" in rare_earths and "promethium" in rare_earths


def test_rare_earth_parents():
    assert mineral_parent("dysprosium") == "heavy_rare_earth_elements"
    assert mineral_parent("heavy_rare_earth_elements") == "rare_earth_elements"
    assert mineral_parent("rare_earth_elements") is None
    assert mineral_parent("neodymium") == "light_rare_earth_elements"
    assert mineral_parent("yttrium") == "heavy_rare_earth_elements"
    assert mineral_parent("scandium") == "heavy_rare_earth_elements"
    assert is_rare_earth("dysprosium")
    assert is_rare_earth("rare_earth_elements")
    assert not is_rare_earth("gallium")
    assert not is_rare_earth("rare_earth_magnets")


def test_platinum_group_has_six_members():
    df = minerals_frame()
    members = df.filter(pl.col("parent_id") == "platinum_group_metals")["mineral_id"].to_list()
    assert sorted(members) == ["iridium", "osmium", "palladium", "platinum", "rhodium", "ruthenium"]


def test_unknown_mineral_has_no_parent():
    # lenient so a caller can walk up a chain without guarding each step
    assert mineral_parent("unobtainium") is None
    assert mineral_parent(mineral_parent("gallium")) is None
    assert not is_rare_earth("unobtainium")


def test_ids_unique_snake_case_and_parents_exist():
    df = minerals_frame()
    ids = df["mineral_id"].to_list()
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", i) for i in ids)
    parents = set(df["parent_id"].drop_nulls())
    assert parents <= set(ids)
    for group in ("rare_earth_elements", "light_rare_earth_elements", "heavy_rare_earth_elements",
                  "platinum_group_metals"):
        assert _mineral(group)["kind"] == "group"
    for material in ("rare_earth_magnets", "lithium_battery_materials", "superhard_materials", "bauxite"):
        assert _mineral(material)["kind"] == "material"


def test_symbols_only_on_elements():
    df = minerals_frame()
    assert df.filter(pl.col("kind") == "element")["symbol"].null_count() == 0
    assert df.filter(pl.col("kind") != "element")["symbol"].null_count() == df.filter(pl.col("kind") != "element").height
    assert _mineral("yttrium")["symbol"] == "Y"
    assert _mineral("tungsten")["symbol"] == "W"


def test_mineral_lexicon_common_forms():
    lexicon = mineral_lexicon()
    expected = {
        "rare earths": "rare_earth_elements",
        "rare earth elements": "rare_earth_elements",
        "rare-earth elements": "rare_earth_elements",
        "rees": "rare_earth_elements",
        "gallium": "gallium",
        "germanium": "germanium",
        "antimony": "antimony",
        "graphite": "graphite",
        "cobalt": "cobalt",
        "nickel": "nickel",
        "rare-earth magnets": "rare_earth_magnets",
        "rare earth magnets": "rare_earth_magnets",
        "permanent magnets": "rare_earth_magnets",
        "ndfeb magnets": "rare_earth_magnets",
        "pgms": "platinum_group_metals",
        "platinum-group metals": "platinum_group_metals",
        "super-hard materials": "superhard_materials",
        "superhard materials": "superhard_materials",
        "lithium battery materials": "lithium_battery_materials",
        "heavy rare earths": "heavy_rare_earth_elements",
        "cobalt hydroxide": "cobalt",
        "aluminum": "aluminium",
        "cesium": "caesium",
        "nickel ore": "nickel",
        "coking coal": "metallurgical_coal",
        "baryte": "barite",
    }
    for form, mineral_id in expected.items():
        assert lexicon[form] == mineral_id, form


def test_mineral_lexicon_has_no_short_symbols():
    lexicon = mineral_lexicon()
    assert all(len(key) > 2 for key in lexicon)
    for symbol in ("in", "as", "be", "w", "ga", "ge"):
        assert symbol not in lexicon
    assert AMBIGUOUS_MINERAL_FORMS <= set(lexicon)


def test_every_lexicon_target_is_a_mineral():
    ids = set(minerals_frame()["mineral_id"])
    assert set(mineral_lexicon().values()) <= ids


# ---------------------------------------------------------------- minerals: HS 2022 codes


def test_hs_codes_of_the_export_controlled_metals():
    cobalt = _mineral("cobalt")["hs_codes"]
    assert "260500" in cobalt  # cobalt ores and concentrates
    assert "810520" in cobalt  # cobalt mattes, unwrought cobalt, powders
    assert "282200" in cobalt  # cobalt oxides and hydroxides
    assert _mineral("gallium")["hs_codes"] == ["811292"]
    assert set(_mineral("germanium")["hs_codes"]) == {"811292", "282560"}
    assert "811292" in _mineral("indium")["hs_codes"]
    assert {"261710", "811010", "282580"} <= set(_mineral("antimony")["hs_codes"])
    assert {"261100", "810194", "284180"} <= set(_mineral("tungsten")["hs_codes"])
    assert {"250410", "250490", "380110"} == set(_mineral("graphite")["hs_codes"])
    assert {"282520", "283691"} == set(_mineral("lithium")["hs_codes"])


def test_hs_codes_follow_the_2022_edition():
    # HS 2022 gave hafnium and rhenium subheadings of their own, split bismuth by purity and
    # zirconium by hafnium content; manganese stayed a single subheading.
    assert _mineral("hafnium")["hs_codes"] == ["811231"]
    assert _mineral("rhenium")["hs_codes"] == ["811241"]
    assert _mineral("bismuth")["hs_codes"] == ["810610", "810690"]
    assert {"810921", "810929"} <= set(_mineral("zirconium")["hs_codes"])
    assert "811100" in _mineral("manganese")["hs_codes"]
    every_code = {code for codes in minerals_frame()["hs_codes"] for code in codes}
    for gone in ("810600", "810920"):  # HS 2017 subheadings the 2022 edition split
        assert gone not in every_code


def test_rare_earth_rows_carry_the_rare_earth_headings():
    assert _mineral("rare_earth_elements")["hs_codes"] == ["280530", "284610", "284690"]
    # cerium compounds have their own subheading; the heavy group has no cerium
    assert _mineral("cerium")["hs_codes"] == ["280530", "284610"]
    assert _mineral("dysprosium")["hs_codes"] == ["280530", "284690"]
    assert _mineral("heavy_rare_earth_elements")["hs_codes"] == ["280530", "284690"]
    # the ores fall in catch-all subheadings, so they are left out
    for mineral_id in ("rare_earth_elements", "neodymium", "yttrium"):
        assert not {"253090", "261790"} & set(_mineral(mineral_id)["hs_codes"])


def test_rows_without_a_subheading_of_their_own_have_an_empty_list():
    for mineral_id in ("rare_earth_magnets", "lithium_battery_materials", "superhard_materials",
                       "caesium", "rubidium", "promethium"):
        assert _mineral(mineral_id)["hs_codes"] == [], mineral_id


def test_every_hs_code_is_six_digits_in_a_minerals_chapter():
    chapters = {"25", "26", "27", "28", "31", "38", "71", "72", "74", "75", "76", "78", "79", "80", "81"}
    for mineral_id, codes in minerals_frame().select("mineral_id", "hs_codes").iter_rows():
        assert len(codes) == len(set(codes)), mineral_id
        assert codes == sorted(codes), mineral_id  # minerals.yaml keeps them in order
        for code in codes:
            assert re.fullmatch(r"[0-9]{6}", code), (mineral_id, code)
            assert code[:2] in chapters, (mineral_id, code)
    # most critical-list rows have at least one code
    listed = minerals_frame().filter(pl.col("usgs_critical_2025"))
    assert listed.filter(pl.col("hs_codes").list.len() == 0)["mineral_id"].to_list() == ["caesium", "rubidium"]


def _minerals_file(tmp_path, entry: str):
    path = tmp_path / "minerals.yaml"
    path.write_text(f"minerals:\n  - {entry}\n", encoding="utf-8")
    return path


def test_hs_codes_are_optional_and_default_to_an_empty_list(tmp_path):
    rows = mineral_gazetteer._read_minerals(
        _minerals_file(tmp_path, "{mineral_id: gallium, kind: element, symbol: Ga}"))
    assert rows["gallium"]["hs_codes"] == []


@pytest.mark.parametrize("codes, problem", [
    ('["8112.92"]', "not a six-digit HS subheading"),
    ('["81129"]', "not a six-digit HS subheading"),
    ('[811292]', "must be a quoted string"),
    ('["850511"]', "is in HS chapter 85"),  # permanent magnets: a product, not a mineral form
    ('["811292", "811292"]', "repeated"),
    ('"811292"', "must be a list"),
])
def test_a_bad_hs_code_names_the_file_and_the_entry(tmp_path, codes, problem):
    path = _minerals_file(tmp_path, f"{{mineral_id: gallium, kind: element, symbol: Ga, hs_codes: {codes}}}")
    with pytest.raises(ValueError, match=problem) as error:
        mineral_gazetteer._read_minerals(path)
    assert str(path) in str(error.value)
    assert "minerals[0] ('gallium')" in str(error.value)


def test_no_dagster_import():
    for module in (gazetteers, mineral_gazetteer):
        source = open(module.__file__, encoding="utf-8").read()
        assert "dagster" not in source.lower()


def test_a_group_on_a_day_leaves_out_members_that_joined_later():
    assert set(gazetteers.group_members_on("BRICS", dt.date(2023, 6, 1))) == {"BRA", "RUS", "IND", "CHN", "ZAF"}
    assert "IRN" in gazetteers.group_members_on("BRICS", dt.date(2024, 6, 1))
    assert "IDN" not in gazetteers.group_members_on("BRICS", dt.date(2024, 6, 1))
    assert "IDN" in gazetteers.group_members_on("BRICS", dt.date(2025, 6, 1))
    assert gazetteers.group_members_on("G7", None) == gazetteers.group_members("G7")
