"""Reference tables: countries and minerals, the vocabularies every other table points to."""

from __future__ import annotations

from typing import Optional

import polars as pl
import pandera.polars as pa

from schemas.base import TableModel
from schemas.fields import field


class Countries(TableModel):
    """Every ISO 3166-1 country with the names, demonyms and groups news uses for it."""

    iso3: str = pa.Field(unique=True, str_matches=r"^[A-Z]{3}$",
                         description="ISO 3166-1 alpha-3 code, e.g. KOR.")
    name: str = field("name:country")
    aliases: pl.List(pl.Utf8) = field("aliases:country")
    groups: pl.List(pl.Utf8) = pa.Field(
        description="Groups the country belongs to: G7, G20, EU, QUAD, BRICS, ASEAN, OECD, MSP.")
    capital: Optional[str] = pa.Field(
        nullable=True, description="Capital city; news uses it for the government (Beijing said).")


class Minerals(TableModel):
    """Critical minerals, their groups and materials, with official critical-list flags."""

    mineral_id: str = field("mineral_id:key", unique=True)
    name: str = field("name:mineral")
    kind: str = field("kind:mineral")
    symbol: Optional[str] = pa.Field(nullable=True, description="Chemical symbol; null for groups and materials.")
    parent_id: Optional[str] = pa.Field(
        nullable=True,
        description="The group this mineral belongs to: dysprosium -> heavy_rare_earth_elements -> rare_earth_elements.")
    usgs_critical_2025: bool = pa.Field(description="On the USGS 2025 List of Critical Minerals.")
    eu_critical_2023: bool = pa.Field(description="A critical raw material of the EU Critical Raw Materials Act (2023).")
    eu_strategic_2023: bool = pa.Field(description="A strategic raw material of the EU Critical Raw Materials Act (2023).")
    aliases: pl.List(pl.Utf8) = field("aliases:mineral")
    hs_codes: pl.List(pl.Utf8) = pa.Field(
        description="HS 2022 six-digit subheadings (World Customs Organization Harmonized System, 2022 edition) "
                    "in which the mineral is traded: ores and concentrates, unwrought metal and powders, main "
                    "compounds; mapped by critmin from the nomenclature, see minerals.yaml. Codes are written "
                    "without dots (811292); empty for a row with no subheading of its own (rare earth magnets, "
                    "lithium battery materials).")
