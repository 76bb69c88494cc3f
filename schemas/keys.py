"""Keys of the published tables: each table's primary key, read from its model, and the foreign
keys between tables, declared here once (pandera has no place for them)."""

from __future__ import annotations

from schemas.base import TableModel

# column -> table it points to (that table's primary key), per published table. A column that can
# point to several tables (meeting_participants.participant_id) has no entry.
FOREIGN_KEYS: dict[str, dict[str, str]] = {
    "minerals": {"parent_id": "minerals"},
    "articles": {"story_id": "articles"},
    "article_texts": {"article_id": "articles"},
    "meeting_mentions": {"article_id": "articles", "meeting_id": "meetings",
                         "country_iso3": "countries", "convener_iso3": "countries"},
    "participant_mentions": {"meeting_mention_id": "meeting_mentions", "article_id": "articles",
                             "country_iso3": "countries", "person_id": "people"},
    "restriction_mentions": {"article_id": "articles", "restriction_id": "mineral_restrictions",
                             "imposing_iso3": "countries", "target_iso3": "countries", "mineral_id": "minerals"},
    "meetings": {"country_iso3": "countries", "convener_iso3": "countries"},
    "meeting_participants": {"meeting_id": "meetings", "country_iso3": "countries"},
    "people": {"country_iso3": "countries"},
    "mineral_restrictions": {"imposing_iso3": "countries", "target_iso3": "countries", "mineral_id": "minerals"},
}


def primary_key(model: type[TableModel]) -> list[str]:
    """The columns that identify a row: the model's `Config.unique` when it declares one, else its
    one column declared `unique=True`; empty when the model declares neither, or when a key column
    may be null (a primary key never is)."""
    schema = model.to_schema()
    unique = [name for name, col in schema.columns.items() if col.unique]
    key = list(schema.unique or []) or (unique if len(unique) == 1 else [])
    return key if all(not schema.columns[c].nullable for c in key) else []
