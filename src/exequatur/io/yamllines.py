"""YAML that remembers where each key and item was written, so validation errors can name `file:line`.

Two deliberate departures from plain `yaml.safe_load`: a duplicated key is an error (PyYAML would silently keep
the last), and numbers with a fraction become `Decimal` from their written text, never binary floats.
Dates stay strings so that an impossible date is reported by validation with its line, not by the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


class LineDict(dict[Any, Any]):
    """A mapping with the 1-based line of itself and of each of its keys."""

    line: int
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence with the 1-based line of itself and of each item."""

    line: int
    item_lines: list[int]


@dataclass(frozen=True, slots=True)
class YamlProblem(Exception):
    line: int
    message: str


class _Loader(yaml.SafeLoader):
    """SafeLoader that builds LineDict/LineList and keeps numbers exact."""


# YAML 1.1 reads on/off/yes/no as booleans, which would turn the key `on:` into True. Keep YAML 1.2's booleans.
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$") if tag == "tag:yaml.org,2002:bool" else regexp)
        for tag, regexp in resolvers
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _construct_mapping(loader: _Loader, node: MappingNode) -> LineDict:
    # Keys brought in by a merge (`<<: *anchor`) may be overridden by the mapping's own keys, as YAML allows;
    # only a key written twice in the mapping itself is an error.
    own = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = _line(node)
    result.key_lines = {}
    merged: set[Any] = set()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int):
            raise YamlProblem(_line(key_node), "a key must be a plain word")
        is_own = id(key_node) in own
        if key in result and not (key in merged and is_own):
            if not is_own:
                continue  # an earlier merge source takes precedence over a later one
            raise YamlProblem(_line(key_node), f"duplicate key {key!r} (first on line {result.key_lines[key]})")
        merged.discard(key)
        if not is_own:
            merged.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = _line(key_node)
    return result


def _construct_sequence(loader: _Loader, node: SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = _line(node)
    result.item_lines = [_line(child) for child in node.value]
    return result


def _construct_decimal(loader: _Loader, node: ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise YamlProblem(_line(node), f"{text!r} is not a number") from None
    if not value.is_finite():
        raise YamlProblem(_line(node), f"{text!r} is not a finite number")
    return value


def _construct_text(loader: _Loader, node: ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


def load_yaml(text: str) -> Any:
    """Parse one YAML document; syntax errors become YamlProblem with the line the parser stopped at."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"YAML syntax: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML: {exc}") from None


def line_of(root: Any, path: tuple[int | str, ...]) -> int:
    """The line of the deepest element of `path` that exists in `root` (a key's line for mapping entries)."""
    node, line = root, getattr(root, "line", 1)
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line
