"""Write a matter file from plain data, with the comments of the file it came from.

A matter file is written from a *tree*: mappings (dicts, in the order the keys are to be written), lists and
scalars (text, Decimal, `Percent`, date, bool, int). Sums and rates are written as quoted text ("1250000.00",
"4%"), so that nothing reads them as binary floats; text is quoted whenever YAML could read it as anything but
text.

Comments are kept by the path of the item they stand with (`instruments[0].amounts[1]`, as error messages name
fields): the comment and blank lines written just before an item, and the comment at the end of its first line.
`file_comments` reads them from a file's text; `render` writes them back beside the same paths, at the
indentation of the item (a comment's own indentation is not kept, nor the column of an end-of-line comment).
Comments above the first key belong to it (a file's header); those after the last item are `END`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import yaml

from exequatur.io.yamllines import LineDict, LineList

#: The path of the comments after the last item of a file.
END = "$end"


@dataclass(frozen=True, slots=True)
class Percent:
    """A rate written with its percent sign ("4.5%")."""

    value: Decimal

    def __str__(self) -> str:
        return f"{self.value}%"


@dataclass(frozen=True, slots=True)
class Comments:
    """The lines just before an item (comments, and "" for a blank line) and the comment at the end of its line."""

    before: tuple[str, ...] = ()
    inline: str | None = None


def path_text(path: tuple[int | str, ...]) -> str:
    """`("instruments", 0, "amounts", 1)` as `instruments[0].amounts[1]`."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


# -- reading comments ----------------------------------------------------------------------------------------


def _node_lines(node: Any, path: tuple[int | str, ...], lines: dict[int, str]) -> None:
    """Each line where an item starts, with the path of the outermost item starting there."""
    if isinstance(node, LineDict):
        for key, value in node.items():
            lines.setdefault(node.key_lines.get(key, 0), path_text((*path, key)))
            _node_lines(value, (*path, key), lines)
    elif isinstance(node, LineList):
        for i, value in enumerate(node):
            lines.setdefault(node.item_lines[i], path_text((*path, i)))
            _node_lines(value, (*path, i), lines)


def _scalar_spans(text: str) -> list[tuple[int, int]]:
    """Where YAML's scalars lie in `text` (character offsets): a `#` inside one is text, not a comment."""
    spans = []
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, yaml.ScalarToken):
            spans.append((token.start_mark.index, token.end_mark.index))
    return spans


def file_comments(text: str, raw: Any) -> dict[str, Comments]:
    """The comments of a matter file, by the path of the item each stands with. `raw` is the file as
    io.yamllines.load_yaml read it (its line marks say where each item starts)."""
    starts: dict[int, str] = {}
    _node_lines(raw, (), starts)
    spans = _scalar_spans(text)
    covered = bytearray(len(text) + 1)
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    found: dict[str, Comments] = {}
    pending: list[str] = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        body = line.rstrip("\r\n")
        comment = None
        for k, char in enumerate(body):
            if char == "#" and not covered[offset + k]:
                comment = body[k:].rstrip()
                break
        stripped = body.strip()
        inside = bool(body) and all(covered[offset + k] for k in range(len(body)) if not body[k].isspace())
        if number in starts:
            path = starts[number]
            found[path] = Comments(before=_tidy(pending), inline=comment)
            pending = []
        elif not stripped and not covered[offset]:
            pending.append("")
        elif comment is not None and stripped.startswith("#"):
            pending.append(comment)
        elif comment is not None and not inside:
            pending.append(comment)  # a comment after a value's continuation line: kept before the next item
        offset += len(line)
    if _tidy(pending):
        found[END] = Comments(before=_tidy(pending))
    return {path: c for path, c in found.items() if c.before or c.inline}


def _tidy(lines: list[str]) -> tuple[str, ...]:
    """Runs of blank lines as one; none first (an item's own blank line stays) or last when only blanks."""
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            if not out:
                out.append("")
            continue
        out.append(line)
    if all(line == "" for line in out):
        return ("",) if out else ()
    return tuple(out)


# -- writing -------------------------------------------------------------------------------------------------

_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
#: The width a mapping written on one line may take.
WIDTH = 120


def scalar(value: Any, *, flow: bool = False) -> str:
    """One value as YAML text that the loader reads back as the same value (`flow`: inside [...] or {...})."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | Percent):
        return f'"{value}"'
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _text(str(value), flow)  # str(): a StrEnum member as its value
    raise TypeError(f"cannot write {value!r} in a matter file")


def _text(value: str, flow: bool = False) -> str:
    """Plain where YAML reads the same text back (PyYAML's own judgement, for text that starts with a letter and
    holds no punctuation a reader could stumble on), else double-quoted (JSON's escapes are YAML's too)."""
    if (
        value[:1].isalpha()
        and value.isprintable()
        and not any(c in value for c in (",[]{}#;:'\"" if flow else ";:'\"#"))
    ):
        dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9)
        if dumped.removesuffix("\n...\n").removesuffix("\n") == value:
            return value
    # JSON escapes the C0 controls; YAML also refuses DEL and the C1 controls raw, and reads NEL, LS and PS as
    # line breaks even inside quotes: escape those too.
    return _UNPRINTABLE.sub(lambda c: f"\\u{ord(c.group()):04x}", json.dumps(value, ensure_ascii=False))


class _Writer:
    def __init__(self, comments: Mapping[str, Comments]) -> None:
        self.comments = comments
        self.lines: list[str] = []
        self.used: set[str] = set()

    def note(self, path: str, indent: int) -> Comments:
        found = self.comments.get(path, Comments())
        self.used.add(path)
        for line in found.before:
            self.lines.append(f"{' ' * indent}{line}" if line else "")
        return found

    def end_of_line(self, at: int, found: Comments) -> None:
        if found.inline:
            self.lines[at] += f"  {found.inline}"

    def mapping(self, tree: Mapping[str, Any], indent: int, path: tuple[int | str, ...], dash: bool = False) -> None:
        for i, (key, value) in enumerate(tree.items()):
            here = (*path, key)
            first = dash and i == 0
            lead = f"{' ' * (indent - 2)}- " if first else " " * indent
            found = Comments() if first else self.note(path_text(here), indent)
            at = len(self.lines)
            flow = self.flow(value, here, WIDTH - len(lead) - len(key) - 2) if not path else None
            if flow is not None:
                self.lines.append(f"{lead}{key}: {flow}")
                self.end_of_line(at, found)
            elif isinstance(value, Mapping):
                self.lines.append(f"{lead}{key}:")
                self.end_of_line(at, found)
                self.mapping(value, indent + 2, here)
            elif isinstance(value, list) and value and self.flat_list(value, here):
                self.lines.append(f"{lead}{key}: [{', '.join(scalar(v, flow=True) for v in value)}]")
                self.end_of_line(at, found)
                self.used.update(path_text((*here, j)) for j in range(len(value)))
            elif isinstance(value, list):
                self.lines.append(f"{lead}{key}:")
                self.end_of_line(at, found)
                for j, item in enumerate(value):
                    self.item(item, indent + 2, (*here, j))
            else:
                self.lines.append(f"{lead}{key}: {scalar(value)}")
                self.end_of_line(at, found)
            if first:
                self.used.add(path_text(here))

    def flat_list(self, value: list[Any], path: tuple[int | str, ...]) -> bool:
        """A list of scalars none of which has a comment, written on one line (`on: [damages, costs]`)."""
        if any(isinstance(v, Mapping | list) for v in value):
            return False
        notes = (self.comments.get(path_text((*path, j)), Comments()) for j in range(len(value)))
        return not any(c.before or c.inline for c in notes)

    def flow(self, value: Any, path: tuple[int | str, ...], room: int) -> str | None:
        """A mapping of a few scalars on one line (`{name: ..., country: CA}`), if it fits in `room` columns and
        none of its keys has a comment."""
        if not isinstance(value, Mapping) or not value or any(isinstance(v, Mapping | list) for v in value.values()):
            return None
        inner = path_text(path)
        if any(p.startswith(f"{inner}.") and (c.before or c.inline) for p, c in self.comments.items()):
            return None
        text = "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in value.items()) + "}"
        if len(text) > room:
            return None
        self.used.update(path_text((*path, k)) for k in value)
        return text

    def item(self, value: Any, indent: int, path: tuple[int | str, ...]) -> None:
        found = self.note(path_text(path), indent)
        at = len(self.lines)
        flow = self.flow(value, path, WIDTH - indent - 2)
        if flow is not None:
            self.lines.append(f"{' ' * indent}- {flow}")
            self.end_of_line(at, found)
        elif isinstance(value, Mapping) and value:
            self.mapping(value, indent + 2, path, dash=True)
            # the first key's own end-of-line comment goes with the item's (they share the line)
            first_key = path_text((*path, next(iter(value))))
            extra = self.comments.get(first_key, Comments())
            for line in extra.before:
                self.lines.insert(at, f"{' ' * indent}{line}" if line else "")
                at += 1
            self.end_of_line(at, found)
            self.end_of_line(at, Comments(inline=extra.inline))
        else:
            self.lines.append(f"{' ' * indent}- {scalar(value)}")
            self.end_of_line(at, found)


def render(tree: Mapping[str, Any], comments: Mapping[str, Comments] | None = None) -> str:
    """The matter file of `tree`, with `comments` at their paths. A comment whose item the tree no longer has is
    written before the nearest item it does have, so that no comment is dropped."""
    notes = dict(comments or {})
    present = set(_paths(tree, ()))
    moved: dict[str, list[str]] = {}
    for path in sorted(notes, key=_path_key):
        if path == END or path in present:
            continue
        target = _nearest(path, present)
        lost = notes.pop(path)
        moved.setdefault(target, []).extend([*lost.before, *([lost.inline] if lost.inline else [])])
    for target, lines in moved.items():
        old = notes.get(target, Comments())
        notes[target] = Comments(before=(*old.before, *lines), inline=old.inline)
    writer = _Writer(notes)
    writer.mapping(tree, 0, ())
    if END in notes:
        writer.lines.extend(notes[END].before)
    while writer.lines and writer.lines[0] == "":
        writer.lines.pop(0)
    return "\n".join(writer.lines) + "\n"


def _paths(tree: Any, path: tuple[int | str, ...]) -> Iterator[str]:
    if isinstance(tree, Mapping):
        for key, value in tree.items():
            yield path_text((*path, key))
            yield from _paths(value, (*path, key))
    elif isinstance(tree, list):
        for j, value in enumerate(tree):
            yield path_text((*path, j))
            yield from _paths(value, (*path, j))


_STEP = re.compile(r"\[\d+\]|\.?[^.\[]+")


def _path_key(path: str) -> tuple[str, ...]:
    return tuple(_STEP.findall(path))


def _nearest(path: str, present: set[str]) -> str:
    """The closest enclosing item the tree has (the first key of the file when none encloses it)."""
    steps = _STEP.findall(path)
    while steps:
        steps.pop()
        candidate = "".join(steps).lstrip(".")
        if candidate in present:
            return candidate
    return "matter"


def json_ready(tree: Any) -> Any:
    """A tree as JSON values: sums and rates as their text ("1250000.00", "4%"), dates as YYYY-MM-DD."""
    if isinstance(tree, Mapping):
        return {str(k): json_ready(v) for k, v in tree.items()}
    if isinstance(tree, list | tuple):
        return [json_ready(v) for v in tree]
    if isinstance(tree, Decimal | Percent):
        return str(tree)
    if isinstance(tree, date):
        return tree.isoformat()
    return tree
