"""Name keys and date comparison shared by the resolvers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from pipeline.extract.dates import PRECISION_RANK

WIDTH = {"day": 10, "month": 7, "year": 4}


def name_key(name: str | None) -> str:
    """Lower case, no accents, no spaces or hyphens: 'Koo Yoon-chul' -> 'kooyoonchul'."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def dates_agree(a: dt.date | None, pa: str | None, b: dt.date | None, pb: str | None) -> bool:
    """True when both dates are stated and equal at the coarser of their precisions."""
    if a is None or b is None:
        return False
    width = WIDTH[min((pa, pb), key=lambda p: PRECISION_RANK[p]) or "day"]
    return str(a)[:width] == str(b)[:width]


def dates_conflict(a, pa, b, pb) -> bool:
    return a is not None and b is not None and not dates_agree(a, pa, b, pb)
