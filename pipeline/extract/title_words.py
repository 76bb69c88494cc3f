"""The words of titles: which words end one, join one, open a sentence before one, qualify one, name one
country's office, or are honorifics; and the bodies whose officials speak for the body. person_roles.py
reads titles with them."""

from __future__ import annotations

import re

from pipeline.extract.entities import ORGANIZATIONS

# The last word of a title; a role must contain one.
TITLE_HEADS = {
    "minister", "secretary", "president", "chancellor", "premier", "commissioner", "ambassador",
    "governor", "representative", "chair", "chairman", "chairwoman", "chairperson", "director",
    "chief", "leader", "king", "queen", "prince", "emperor", "envoy", "secretary-general", "treasurer",
    "speaker", "senator", "mayor", "vice-president", "vice", "deputy", "head", "adviser", "advisor",
    "czar", "tsar", "ceo", "administrator", "sheikh", "emir", "sultan", "monarch", "counterpart",
    "director-general", "negotiator", "spokesperson", "spokesman", "spokeswoman",
}
# Lower-case words that may sit inside a title: "Minister of Economy and Finance".
TITLE_JOINERS = {"of", "and", "for", "the", "de", "on", "&"}

# Titles that name one country's office, so they give the country when no other word does.
COUNTRY_TITLES = {
    "treasury secretary": "USA", "secretary of the treasury": "USA", "secretary of state": "USA",
    "commerce secretary": "USA", "secretary of commerce": "USA", "trade representative": "USA",
    "interior secretary": "USA", "secretary of the interior": "USA", "energy secretary": "USA",
    "secretary of energy": "USA", "chancellor of the exchequer": "GBR", "foreign secretary": "GBR",
    "business secretary": "GBR", "external affairs minister": "IND", "minister of external affairs": "IND",
    "union minister": "IND", "chief cabinet secretary": "JPN",
}


# Bodies whose officials speak for the body, not for a country: "European Commission President X",
# "the EU's trade commissioner, X", "NATO Secretary General X". The participating organisations
# plus the other institutions of the EU whose heads news names by their office.
INTERNATIONAL_BODIES = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(f) for forms in ORGANIZATIONS.values() for f in forms if f != "the Commission")
    + r"|European Council|European Parliament|European Central Bank|ASEAN)(?![\w])")
# Capitalised words that open a sentence before a title ("Yesterday Trade Minister X"); the
# function words come from spaCy's stop words.
OPENING_WORDS = {"yesterday", "today", "tomorrow", "tonight", "earlier", "later", "recently", "monday", "tuesday",
                 "wednesday", "thursday", "friday", "saturday", "sunday"}
# Leading words that qualify a title but are not part of it ("new prime minister").
TITLE_QUALIFIERS = {"new", "newly", "former", "current", "incoming", "outgoing", "then", "acting", "interim", "top"}
HONORIFICS = {"dr", "mr", "mrs", "ms", "prof", "sir", "dame", "h.e", "his excellency", "her excellency", "excellency", "honourable",
              "honorable", "hon"}
