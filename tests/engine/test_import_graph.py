"""The engine's modules import one another without a cycle: results are a leaf of plain records."""

from __future__ import annotations

import ast
from pathlib import Path

import exequatur.engine

ENGINE = Path(exequatur.engine.__file__).parent
PACKAGE = "exequatur.engine"


def _imports(path: Path) -> set[str]:
    """Every engine module the file imports, at the top, inside functions and under TYPE_CHECKING alike."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {n.removeprefix(PACKAGE + ".").split(".")[0] for n in names if n.startswith(PACKAGE + ".")}
    return found


def _graph() -> dict[str, set[str]]:
    modules = {p.stem for p in ENGINE.glob("*.py") if p.stem != "__init__"}
    return {m: _imports(ENGINE / f"{m}.py") & modules - {m} for m in modules}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle as the list of modules around it, or None (depth-first search with three colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_engine_has_no_import_cycle() -> None:
    graph = _graph()
    assert {"accrual", "conversion", "debt", "settlement", "results"} <= graph.keys()
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_results_import_nothing_of_the_engine() -> None:
    assert _graph()["results"] == set()


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
