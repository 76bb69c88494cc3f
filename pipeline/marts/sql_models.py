"""SQL models and SQL data tests read from `dbt_like_sql/`: what each reads (parsed, never hand-listed),
what it documents, and how DuckDB runs it over the warehouse's Parquet files. No Dagster here."""

from __future__ import annotations

import functools
import graphlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl
import sqlglot
import sqlglot.errors
import yaml
from sqlglot import exp
from sqlglot.optimizer.scope import traverse_scope

from pipeline.warehouse import PROJECT_ROOT, copy_query_to_parquet, mart_path, table_path
from schemas import ALL_TABLES, PUBLISHED_TABLES
from schemas.base import empty_frame
from schemas.keys import FOREIGN_KEYS, primary_key

SQL_DIR = PROJECT_ROOT / "dbt_like_sql"
MODELS = "models"
TESTS = "tests"
MACROS = "macros"
# Asset and check names: Dagster accepts letters, digits and underscores.
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SqlFileError(ValueError):
    """A SQL model or test that cannot become an asset; the message names the file and the fix."""


@dataclass(frozen=True)
class SqlModel:
    """One `models/<name>.sql`: a SELECT whose result is written as `warehouse/<name>.parquet`."""

    name: str
    path: Path
    sql: str
    reads: tuple[str, ...]      # tables and models it reads, sorted; CTE names left out
    columns: tuple[str, ...]    # the final select's columns, in order; empty if it selects *
    description: str
    column_docs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SqlTest:
    """One `tests/<name>.sql`: a query returning the offending rows of `subject` (no rows = pass)."""

    name: str
    path: Path
    sql: str
    subject: str                # the table in the outermost FROM: the offending rows are its rows
    reads: tuple[str, ...]
    description: str


def _parse(path: Path, sql: str) -> exp.Query:
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except sqlglot.errors.ParseError as err:
        raise SqlFileError(f"{path}: not valid DuckDB SQL ({err.errors[0]['description']} at line "
                           f"{err.errors[0]['line']}); fix the query") from None
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        raise SqlFileError(f"{path}: holds {len(statements)} statements; a model or test is exactly one SELECT")
    return statements[0]


def tables_read(query: exp.Query) -> tuple[str, ...]:
    """Names of the tables a query reads, sorted. Scopes tell a CTE from a table, so an import CTE
    named like its table (`WITH meetings AS (SELECT * FROM meetings)`) still counts the table;
    table functions such as read_parquet() are not tables."""
    names = set()
    for scope in traverse_scope(query):
        for source in scope.sources.values():
            if isinstance(source, exp.Table) and isinstance(source.this, exp.Identifier):
                names.add(source.name)
    return tuple(sorted(names))


def subject_table(query: exp.Query) -> str | None:
    """The table in the outermost FROM clause (through CTEs and set operations), or None."""
    while isinstance(query, exp.SetOperation):
        query = query.left
    ctes = {cte.alias_or_name: cte.this for cte in query.find_all(exp.CTE)}
    seen = set()
    while isinstance(query, exp.Select):
        source = query.args.get("from_") and query.args["from_"].this
        if isinstance(source, exp.Subquery):
            query = source.this
        elif isinstance(source, exp.Table) and isinstance(source.this, exp.Identifier):
            if source.name in ctes and source.name not in seen:
                seen.add(source.name)  # an import CTE may share its table's name
                query = ctes[source.name]
            else:
                return source.name
        else:
            return None
        while isinstance(query, exp.SetOperation):
            query = query.left
    return None


def header_comment(sql: str) -> str:
    """The `--` comment lines a file starts with, as one paragraph."""
    lines = []
    for line in sql.strip().splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return " ".join(" ".join(lines).split())


def _check_name(path: Path) -> str:
    if not NAME.match(path.stem):
        raise SqlFileError(f"{path}: '{path.stem}' cannot name an asset; use letters, digits and underscores")
    return path.stem


def _model_docs(path: Path, columns: tuple[str, ...], sql: str) -> tuple[str, dict[str, str]]:
    """Description and column docs from `<model>.yml` next to the SQL file, else the header comment."""
    docs_path = path.with_suffix(".yml")
    if not docs_path.exists():
        return header_comment(sql), {}
    try:
        docs = yaml.safe_load(docs_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise SqlFileError(f"{docs_path}: not valid YAML ({err}); fix the file") from None
    if not isinstance(docs, dict) or not isinstance(docs.get("columns", {}), dict):
        raise SqlFileError(f"{docs_path}: expected `description: text` and `columns: {{name: text}}`")
    column_docs = {str(k): " ".join(str(v or "").split()) for k, v in docs.get("columns", {}).items()}
    if columns and column_docs and list(column_docs) != list(columns):
        raise SqlFileError(f"{docs_path}: documents columns {list(column_docs)} but {path.name} selects "
                           f"{list(columns)}; make them the same, in the same order")
    return " ".join(str(docs.get("description") or header_comment(sql)).split()), column_docs


def load_models(models_dir: Path) -> list[SqlModel]:
    """Every `*.sql` file under `models_dir`, in dependency order (a model after the models it reads).

    Raises SqlFileError naming the file for a name clash, an unknown table or a cycle."""
    models = {}
    for path in sorted(Path(models_dir).rglob("*.sql")):
        name = _check_name(path)
        if name in ALL_TABLES:
            raise SqlFileError(f"{path}: a model cannot be named like the table '{name}'; rename the file")
        if name in models:
            raise SqlFileError(f"{path}: a model named '{name}' already exists ({models[name].path}); rename one")
        sql = path.read_text(encoding="utf-8")
        query = _parse(path, sql)
        columns = tuple(query.named_selects) if "*" not in query.named_selects else ()
        description, column_docs = _model_docs(path, columns, sql)
        models[name] = SqlModel(name=name, path=path, sql=sql, reads=tables_read(query), columns=columns,
                                description=description, column_docs=column_docs)
    for model in models.values():
        _check_reads(model.path, model.reads, models)
    sorter = graphlib.TopologicalSorter({m.name: [r for r in m.reads if r in models] for m in models.values()})
    try:
        sorter.prepare()
    except graphlib.CycleError as err:
        raise SqlFileError(f"models read each other in a cycle: {' -> '.join(err.args[1])}; "
                           f"break it in {models_dir}") from None
    order = []
    while sorter.is_active():  # by name among the models ready at each step, so the order is stable
        ready = sorted(sorter.get_ready())
        order += ready
        sorter.done(*ready)
    return [models[name] for name in order]


KEYS_FILE = PROJECT_ROOT / "schemas" / "keys.py"


def _key_name(column: str) -> str:
    return column.removesuffix("_id") if column.endswith("_id") else column


def key_tests() -> list[SqlTest]:
    """A test per primary key and per foreign key of the published tables, written from schemas/: the
    keys are declared once (each model's unique columns, schemas/keys.py), never restated by hand."""
    tests = []
    for table, model in PUBLISHED_TABLES.items():
        key = primary_key(model)
        if not key:
            continue
        name = f"{table}_{key[0]}_unique" if len(key) == 1 else f"{table}_key_unique"
        columns = ", ".join(key)
        sql = (f"-- Each row appears once: ({columns}) is unique in {table}; generated from schemas/.\n"
               f"select {columns}, count(*) as row_count\nfrom {table}\ngroup by {columns}\nhaving count(*) > 1\n")
        tests.append(SqlTest(name=name, path=KEYS_FILE, sql=sql, subject=table, reads=(table,),
                             description=header_comment(sql)))
    for table, references in FOREIGN_KEYS.items():
        for column, target in references.items():
            [target_key] = primary_key(PUBLISHED_TABLES[target])
            alias = "target" if target == table else target
            sql = (f"-- Every {table}.{column} that is set is a {target}.{target_key}; generated from schemas/keys.py.\n"
                   f"select *\nfrom {table}\nwhere {table}.{column} is not null and not exists (\n"
                   f"    select 1 from {target} as {alias} where {alias}.{target_key} = {table}.{column}\n)\n")
            tests.append(SqlTest(name=f"{table}_{_key_name(column)}_exists", path=KEYS_FILE, sql=sql, subject=table,
                                 reads=tuple(sorted({table, target})), description=header_comment(sql)))
    return tests


def load_tests(tests_dir: Path, model_names: set[str]) -> list[SqlTest]:
    """The key tests written from schemas/ (`key_tests`), then every `*.sql` file under `tests_dir`, each
    checking the table in its outermost FROM: what only SQL can say."""
    tests = key_tests()
    for path in sorted(Path(tests_dir).rglob("*.sql")):
        name = _check_name(path)
        sql = path.read_text(encoding="utf-8")
        query = _parse(path, sql)
        reads = tables_read(query)
        _check_reads(path, reads, model_names)
        subject = subject_table(query)
        if subject is None:
            raise SqlFileError(f"{path}: the outermost FROM is not a table; a test selects the offending "
                               "rows of one table (FROM that_table ...)")
        tests.append(SqlTest(name=name, path=path, sql=sql, subject=subject, reads=reads,
                             description=header_comment(sql) or f"No rows from {path.name}."))
    names = [t.name for t in tests]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise SqlFileError(f"{tests_dir}: two tests share a name ({', '.join(twice)}); test names must be unique, "
                           "and a key test is written from schemas/ (do not write it by hand)")
    return tests


def _check_reads(path: Path, reads: tuple[str, ...], model_names) -> None:
    unknown = [name for name in reads if name not in ALL_TABLES and name not in model_names]
    if unknown:
        raise SqlFileError(f"{path}: reads {unknown}, neither a critmin table nor a SQL model; "
                           "fix the name or add the model")


def relation_path(warehouse: Path, name: str) -> Path:
    """The Parquet file behind a table or a model's result."""
    return table_path(warehouse, name) if name in ALL_TABLES else mart_path(warehouse, name)


@dataclass(frozen=True)
class SqlMacro:
    """A DuckDB table macro (`macros/<name>.sql`, one CREATE OR REPLACE MACRO statement) installed in every
    database that holds the tables it reads: `restrictions_in_force(d)`."""

    name: str
    path: Path
    sql: str
    reads: tuple[str, ...]      # the critmin tables its body names
    description: str            # its leading comment


MACRO_HEAD = re.compile(r"^\s*create\s+or\s+replace\s+macro\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(", re.I | re.M)


@functools.cache
def load_macros(macros_dir: Path = SQL_DIR / MACROS) -> tuple[SqlMacro, ...]:
    """Every macro file, by name. A file that is not one CREATE OR REPLACE MACRO named like the file is an
    error naming it."""
    macros = []
    for path in sorted(macros_dir.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        head = MACRO_HEAD.search(sql)
        if head is None or head.group(1) != path.stem:
            raise SqlFileError(f"{path}: a macro file holds one `create or replace macro {path.stem}(...)`; fix the file")
        reads = tuple(sorted(t for t in ALL_TABLES if re.search(rf"\bfrom\s+{t}\b", sql, re.I)))
        macros.append(SqlMacro(path.stem, path, sql, reads, header_comment(sql)))
    return tuple(macros)


def install_macros(con: duckdb.DuckDBPyConnection, available: set[str], temporary: bool = False) -> list[str]:
    """Create every macro whose tables `available` holds (a macro binds its tables when created); a
    temporary one lives as long as the connection. Returns the names installed."""
    installed = []
    for macro in load_macros():
        if not set(macro.reads) <= available:
            continue
        head = "create or replace temp macro " if temporary else "create or replace macro "
        sql = MACRO_HEAD.sub(lambda m: head + m.group(1) + "(", macro.sql, count=1)
        try:
            con.execute(sql)
        except duckdb.Error as err:
            raise SqlFileError(f"{macro.path}: DuckDB cannot create the macro: {str(err).splitlines()[0]}; "
                               "fix the file") from None
        installed.append(macro.name)
    return installed


@functools.cache
def _in_memory_database() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def connect(warehouse: Path, names: tuple[str, ...], fallback: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with one view per name over its Parquet file in `warehouse` (a build folder),
    or in `fallback` where `warehouse` lacks it (a run that builds a few assets reads the rest from the
    published build).

    A cursor on one in-memory database per process: opening a database costs tens of milliseconds,
    a cursor a few, and the views are temporary, seen by this cursor only and gone when it closes."""
    con = _in_memory_database().cursor()
    for name in names:
        path = relation_path(warehouse, name)
        if not path.exists() and fallback is not None:
            path = relation_path(fallback, name)
        if not path.exists():
            con.close()
            raise FileNotFoundError(f"{path}: '{name}' has not been built; run `critmin build` first")
        quoted = str(path.resolve()).replace("'", "''")
        con.execute(f"CREATE TEMP VIEW \"{name}\" AS SELECT * FROM read_parquet('{quoted}')")
    install_macros(con, set(names), temporary=True)
    return con


def column_types(models: list[SqlModel]) -> dict[str, dict[str, str]]:
    """Each model's columns and their DuckDB types, known before any data exists: the models run, in
    dependency order, over empty tables typed as in `schemas/`. A model that does not bind to those
    tables (a column that is not there, a type that does not fit) is reported with its file."""
    types = {}
    # A database of its own: the views it makes are not temporary, and two threads loading the
    # definitions at once (runs started side by side) would make the same view in a shared one.
    with duckdb.connect() as con:
        for table, model in ALL_TABLES.items():
            con.register(table, empty_frame(model).to_arrow())
        install_macros(con, set(ALL_TABLES), temporary=True)
        for m in models:
            try:
                relation = con.sql(m.sql)
                relation.create_view(m.name)
            except duckdb.Error as err:
                raise SqlFileError(f"{m.path}: DuckDB cannot run it on the tables of schemas/: "
                                   f"{str(err).splitlines()[0]}; fix the query") from None
            types[m.name] = {name: str(dtype) for name, dtype in zip(relation.columns, relation.types)}
    return types


@dataclass(frozen=True)
class ModelResult:
    path: Path
    row_count: int
    column_types: dict[str, str]  # DuckDB type of each column, in order


def run_model(model: SqlModel, warehouse: Path, fallback: Path | None = None) -> ModelResult:
    """Run the model with DuckDB over the Parquet files it reads and write `warehouse/<name>.parquet`."""
    with connect(warehouse, model.reads, fallback) as con:
        relation = con.sql(model.sql)
        column_types = {name: str(dtype) for name, dtype in zip(relation.columns, relation.types)}
        path = copy_query_to_parquet(relation, mart_path(warehouse, model.name))
        (row_count,) = con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()
    return ModelResult(path=path, row_count=row_count, column_types=column_types)


def run_test(test: SqlTest, warehouse: Path, fallback: Path | None = None) -> pl.DataFrame:
    """The offending rows the test finds (none = pass)."""
    with connect(warehouse, test.reads, fallback) as con:
        return con.sql(test.sql).pl()
