"""Controlled vocabularies of the dataset contract (SPEC section 3), shared by schemas and extraction."""

MEASURES = ("export_prohibition", "licensing_requirement", "export_quota", "export_tax", "unspecified")
ACTIONS = ("imposed", "expanded", "suspended", "lifted")
PARTICIPANT_KINDS = ("country", "organization", "person")
MEETING_FORMATS = ("bilateral", "multilateral")
DATE_PRECISIONS = ("day", "month", "year")
MINERAL_KINDS = ("element", "group", "material")
