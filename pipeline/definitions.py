"""The Dagster definitions `make ui` and `critmin build` load."""

from pipeline.assets import build_definitions

defs = build_definitions()
