"""Ingest stage: input files read into articles (readers), and what a build may skip (incremental)."""
