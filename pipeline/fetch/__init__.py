"""Fetch stage: configured feeds and pages fetched politely into immutable raw snapshots (no Dagster here)."""
