"""Controlled vocabularies of the dataset contract (SPEC section 3), shared by schemas and extraction."""

MEASURES = ("export_prohibition", "licensing_requirement", "export_quota", "export_tax", "unspecified")
ACTIONS = ("imposed", "expanded", "suspended", "lifted")
# The form of a mineral a restriction covers (SPEC, restriction_mentions.product_stage).
PRODUCT_STAGES = ("ore", "concentrate", "refined", "metal", "compound", "product", "technology", "equipment")
PARTICIPANT_KINDS = ("country", "organization", "person")
MEETING_FORMATS = ("bilateral", "multilateral")
DATE_PRECISIONS = ("day", "month", "year")
MINERAL_KINDS = ("element", "group", "material")
# What became of one fetch attempt (SPEC, raw_snapshots.outcome), and what was fetched.
FETCH_OUTCOMES = ("fetched", "unchanged", "failed", "skipped")
SNAPSHOT_KINDS = ("feed", "page", "warc", "sources")
