"""Marts stage: the SQL models and data tests of dbt_like_sql/, parsed and run with DuckDB."""
