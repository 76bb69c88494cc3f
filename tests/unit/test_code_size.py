"""Code a new engineer can read: no module in pipeline/ over 400 lines, no function over 60. The ones
that are longer today are listed with their length, and may only shrink: a new long module or function
fails, a listed one that grew fails, and one that got short must leave the list (issue 13)."""

from __future__ import annotations

import ast
from pathlib import Path

PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"
MODULE_LINES = 400
FUNCTION_LINES = 60

# Offenders allowed for now, with their length (issue 13 emptied both lists; keep them empty).
LONG_MODULES: dict[str, int] = {}
LONG_FUNCTIONS: dict[str, int] = {}


def lengths() -> tuple[dict[str, int], dict[str, int]]:
    modules, functions = {}, {}
    for path in sorted(PIPELINE.rglob("*.py")):
        name = path.relative_to(PIPELINE).as_posix()
        text = path.read_text(encoding="utf-8")
        modules[name] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions[f"{name}:{node.name}"] = max(functions.get(f"{name}:{node.name}", 0),
                                                       node.end_lineno - node.lineno + 1)
    return modules, functions


def offenders(found: dict[str, int], limit: int, listed: dict[str, int]) -> list[str]:
    problems = [f"{name}: {n} lines, over {limit}" for name, n in found.items() if n > limit and name not in listed]
    problems += [f"{name}: {found[name]} lines, {listed[name]} listed: it grew" for name in listed
                 if name in found and found[name] > listed[name]]
    problems += [f"{name}: {found.get(name, 0)} lines, within {limit}: take it off the list" for name in listed
                 if found.get(name, 0) <= limit]
    return problems


def test_no_module_over_400_lines_but_the_listed_ones():
    modules, _ = lengths()
    assert offenders(modules, MODULE_LINES, LONG_MODULES) == []


def test_no_function_over_60_lines_but_the_listed_ones():
    _, functions = lengths()
    assert offenders(functions, FUNCTION_LINES, LONG_FUNCTIONS) == []
