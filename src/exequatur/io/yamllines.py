"""YAML that remembers where each key and item was written, so validation errors can name `file:line`.

Departures from plain `yaml.safe_load`, each so that a file is read one way only and a bad file is an error with its
line, never an exception:

- a duplicated key is an error (PyYAML would silently keep the last);
- numbers with a fraction become `Decimal` from their written text, never binary floats; dates stay strings, so
  that an impossible date is reported by validation with its line, not by the parser;
- only plain scalars, sequences and mappings: an explicit tag (`!!int`, `!!map`, `!custom`, `!!python/...`) is
  refused at its line;
- nesting deeper than MAX_DEPTH collections is refused at the line where it goes too deep;
- anchors and aliases are allowed (merges, `<<: *defaults`, are documented), but an alias may not name the
  collection it is written in, and all the aliases of a file together may repeat at most MAX_ALIAS_NODES nodes,
  so that a small file cannot expand into a huge one (an "alias bomb");
- a file is read up to MAX_FILE_BYTES (see read_text), never whole before its size is known.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: The deepest nesting of sequences and mappings a file may use (a matter needs fewer than ten).
MAX_DEPTH = 64
#: How many nodes (keys, values and items) all the aliases of one file may repeat between them.
MAX_ALIAS_NODES = 100_000
#: The largest file the loaders read: 10 MiB, a thousand times the example matter.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: The longest integer, in digits, a file may write (amounts are bounded far below this anyway).
MAX_INT_DIGITS = 100
#: How a file named `-` (standard input) is named in messages.
STDIN_NAME = "<stdin>"


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


def quoted(text: str, width: int = 40) -> str:
    """`text` quoted for a message, cut short if long (a message names the value, it need not repeat it)."""
    return repr(text) if len(text) <= width else f"{text[:width]!r}... ({len(text)} characters)"


class _Checks(yaml.composer.Composer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """SafeLoader that builds LineDict/LineList, keeps numbers exact, refuses tags and bounds depth and aliases.

    It composes with PyYAML's Python composer, whose compose_node the checks below extend, on the events of a
    parser its subclasses add: libyaml's where PyYAML was built with it (the wheels are), else PyYAML's own. The
    events and their line marks are the same; libyaml reads a 10,000-payment matter several times faster."""

    def __init__(self, stream: str) -> None:
        raise NotImplementedError("a subclass adds the parser")

    if TYPE_CHECKING:  # what the parser a subclass adds provides

        def peek_event(self) -> Event: ...
        def get_event(self) -> Event: ...
        def dispose(self) -> None: ...

    def _start(self) -> None:
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.depth = 0  # collections open around the node being composed
        self.repeated = 0  # nodes repeated by aliases so far
        self.measure: dict[int, tuple[int, int]] = {}  # id(node) -> (nodes in it, its height in collections)

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        # A plain scalar whose first character starts no typed value (a key like `amount`, a word) is text: say so
        # without trying every resolver's pattern, which is most of the time spent on a long file.
        if kind is ScalarNode and implicit[0]:
            if value[:1] not in _TYPED_STARTS:
                return "tag:yaml.org,2002:str"
            if _PLAIN_DATE.match(value):  # the commonest typed scalar of a matter, which the timestamp pattern takes
                return "tag:yaml.org,2002:timestamp"
        tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag

    def _peek(self) -> Event:
        # The stubs leave the pure-Python parser's event methods unannotated; they return the next event.
        event: Event = self.peek_event()
        return event

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self._peek()
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, AliasEvent):
            return self._alias(event, line)
        if isinstance(event, NodeEvent) and getattr(event, "tag", None) is not None:
            tag = str(getattr(event, "tag", ""))
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlProblem(
                line,
                f"explicit YAML tag {shown!r} is not allowed: write a plain value, list or mapping "
                "(quote the text if it starts with '!')",
            )
        collection = isinstance(event, CollectionStartEvent)
        if collection:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep")
        try:
            node = super().compose_node(parent, index)
        finally:
            if collection:
                self.depth -= 1
        if node is not None:
            self.measure[id(node)] = self._size(node)
        return node

    def _size(self, node: Node) -> tuple[int, int]:
        if isinstance(node, ScalarNode):
            return 1, 0
        children = [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else list(node.value)
        sizes = [self.measure[id(child)] for child in children]
        return 1 + sum(n for n, _ in sizes), 1 + max((h for _, h in sizes), default=0)

    def _alias(self, event: AliasEvent, line: int) -> Node:
        target = self.anchors.get(event.anchor)
        if target is None:
            raise YamlProblem(line, f"alias *{event.anchor} names no anchor (&{event.anchor}) written before it")
        if id(target) not in self.measure:
            raise YamlProblem(line, f"alias *{event.anchor} is inside the collection &{event.anchor} it names")
        nodes, height = self.measure[id(target)]
        if self.depth + height > MAX_DEPTH:
            raise YamlProblem(line, f"alias *{event.anchor} nests the file more than {MAX_DEPTH} levels deep")
        self.repeated += nodes
        if self.repeated > MAX_ALIAS_NODES:
            raise YamlProblem(
                line,
                f"aliases repeat more than {MAX_ALIAS_NODES:,} values in all (*{event.anchor} repeats {nodes:,}): "
                "write the values out, or use fewer aliases",
            )
        self.get_event()  # the alias event, consumed
        return target


class _PurePythonLoader(_Checks, yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        self._start()


try:
    from yaml import cyaml

    _CParser: Any = vars(cyaml).get("CParser")
except ImportError:  # a PyYAML built without libyaml
    _CParser = None

if _CParser is not None:

    class _LibyamlLoader(_Checks, _CParser):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            self._start()

    _Loader: type[_Checks] = _LibyamlLoader
else:  # pragma: no cover - the wheels carry libyaml
    _Loader = _PurePythonLoader


# YAML 1.1 reads on/off/yes/no as booleans, which would turn the key `on:` into True. Keep YAML 1.2's booleans.
# Its `=` "value" type has no meaning in a matter: `=` is text.
_Checks.yaml_implicit_resolvers = {
    first: [
        (tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$") if tag == "tag:yaml.org,2002:bool" else regexp)
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:value"
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
#: The first characters of the plain scalars some resolver may type ("" is the empty scalar, which is null).
_TYPED_STARTS = frozenset(k for k in _Checks.yaml_implicit_resolvers if k is not None) | {""}


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _construct_mapping(loader: _Checks, node: MappingNode) -> LineDict:
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


def _construct_sequence(loader: _Checks, node: SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = _line(node)
    result.item_lines = [_line(child) for child in node.value]
    return result


def _construct_decimal(loader: _Checks, node: ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    if text.lstrip("+-").lower() in (".inf", ".nan"):
        raise YamlProblem(_line(node), f"{quoted(text)} is not a finite number")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise YamlProblem(_line(node), f"{quoted(text)} is not a number") from None
    if not value.is_finite():
        raise YamlProblem(_line(node), f"{quoted(text)} is not a finite number")
    return value


def _construct_int(loader: _Checks, node: ScalarNode) -> int | str:
    text = str(loader.construct_scalar(node))
    if not re.fullmatch(r"[-+]?[0-9]+", text):
        # YAML 1.1 also reads 0x10, 0o17, 1_000 and 1:30 as integers; a figure is read as written, so these stay
        # text and the schema refuses them where a number is expected.
        return text
    if len(text) > MAX_INT_DIGITS:
        raise YamlProblem(_line(node), f"{quoted(text)} is too long a number (more than {MAX_INT_DIGITS} digits)")
    try:
        return int(loader.construct_yaml_int(node))
    except ValueError:
        raise YamlProblem(_line(node), f"{quoted(text)} is not a number") from None


def _construct_text(loader: _Checks, node: ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_SURROGATE = re.compile("[\ud800-\udfff]")
#: What ends a line for YAML (and for the line numbers of its marks).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _construct_str(loader: _Checks, node: ScalarNode) -> str:
    # A file is UTF-8, but a double-quoted escape such as "\ud800" can still write half of a UTF-16 pair, which no
    # output (a terminal, a UTF-8 file, JSON) can carry.
    text = str(loader.construct_scalar(node))
    found = _SURROGATE.search(text)
    if found:
        raise YamlProblem(
            _line(node), f"the escape \\u{ord(found.group()):04x} is half of a UTF-16 pair, not a character"
        )
    return text


def _construct_refused(loader: _Checks, node: Node) -> Any:
    raise YamlProblem(_line(node), f"a value of YAML type {node.tag!r} is not allowed here")


_CONSTRUCTORS: dict[str | None, Any] = {
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG: _construct_mapping,
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG: _construct_sequence,
    "tag:yaml.org,2002:float": _construct_decimal,
    "tag:yaml.org,2002:int": _construct_int,
    "tag:yaml.org,2002:timestamp": _construct_text,
    "tag:yaml.org,2002:str": _construct_str,
    # `<<` written where a value belongs (not as a key) is the text "<<"; anything else without a constructor is
    # refused.
    "tag:yaml.org,2002:merge": _construct_text,
    None: _construct_refused,
}
for _tag, _constructor in _CONSTRUCTORS.items():
    _Checks.add_constructor(_tag, _constructor)


class _NotPlain(Exception):
    """The plain reader met what only the full loader handles: an anchor, an alias, a tag, a merge, or a problem."""


_STR_TAG = "tag:yaml.org,2002:str"


def _plain_load(text: str) -> Any:
    """The document built straight from libyaml's events, as the full loader builds it, for a file that uses no
    anchor, alias, tag or merge and has no problem; anything else raises _NotPlain, and the full loader reads the
    file again for its exact result or error. Composing a node graph first and walking it again took most of the
    time of a long file (a 10,000-payment matter)."""
    try:
        loader = _LibyamlLoader(text)  # it encodes the text to UTF-8 for libyaml: a lone surrogate fails here
    except (UnicodeError, yaml.YAMLError, ValueError):
        raise _NotPlain from None
    # libyaml's events always carry their marks; the stubs' types allow None.
    get: Callable[[], Any] = loader.get_event
    constructors = loader.yaml_constructors

    def scalar(event: Any) -> Any:
        if event.anchor is not None or event.tag is not None:
            raise _NotPlain
        value = event.value
        implicit = event.implicit
        # The first tests of _Checks.resolve, inlined: most scalars of a matter are plain words, and dates stay text.
        if implicit[0] and value[:1] not in _TYPED_STARTS:
            tag = _STR_TAG
        elif implicit[0] and _PLAIN_DATE.match(value):
            return value
        else:
            tag = loader.resolve(ScalarNode, value, implicit)
        if tag == _STR_TAG:
            if _SURROGATE.search(value):
                raise _NotPlain
            return value
        if tag == "tag:yaml.org,2002:merge":
            raise _NotPlain
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        return constructors[tag](loader, node)

    def value_of(event: Any, depth: int) -> Any:
        kind = type(event)
        if kind is ScalarEvent:
            return scalar(event)
        if kind is MappingStartEvent:
            if event.anchor is not None or event.tag is not None or depth >= MAX_DEPTH:
                raise _NotPlain
            mapping = LineDict()
            mapping.line = event.start_mark.line + 1
            key_lines: dict[Any, int] = {}
            mapping.key_lines = key_lines
            while True:
                key_event = get()
                if type(key_event) is MappingEndEvent:
                    return mapping
                key_line = key_event.start_mark.line + 1
                if type(key_event) is not ScalarEvent:
                    raise _NotPlain
                key = scalar(key_event)
                if not isinstance(key, str | int) or key in mapping:
                    raise _NotPlain
                mapping[key] = value_of(get(), depth + 1)
                key_lines[key] = key_line
        if kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or depth >= MAX_DEPTH:
                raise _NotPlain
            items = LineList()
            items.line = event.start_mark.line + 1
            item_lines: list[int] = []
            items.item_lines = item_lines
            while True:
                item_event = get()
                if type(item_event) is SequenceEndEvent:
                    return items
                item_lines.append(item_event.start_mark.line + 1)
                items.append(value_of(item_event, depth + 1))
        raise _NotPlain  # an alias

    try:
        get()  # the start of the stream
        if type(loader.peek_event()) is StreamEndEvent:
            return None
        get()  # the start of the document
        document = value_of(get(), 0)
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            raise _NotPlain  # e.g. a second document
        return document
    except (_NotPlain, YamlProblem, yaml.YAMLError, UnicodeError, ValueError, KeyError):
        raise _NotPlain from None
    finally:
        loader.dispose()


def load_yaml(text: str, loader_class: type[_Checks] | None = None) -> Any:
    """Parse one YAML document; every problem becomes YamlProblem with the line it was found on."""
    if loader_class is None and _CParser is not None:
        try:
            return _plain_load(text)
        except _NotPlain:
            pass  # the full loader reads it, and finds what the plain reader left to it
    loader: _Checks | None = None
    try:
        loader = (loader_class or _Loader)(text)
        node = loader.get_single_node()
        return None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "cannot be read"
        if problem == "found invalid Unicode character escape code":  # libyaml's words for \ud800 and the like
            problem = "an escape that is not a character (half of a UTF-16 pair, or beyond U+10FFFF)"
        if exc.context and problem.startswith("but "):  # e.g. "expected a single document ..., but found another"
            problem = f"{exc.context}, {problem}"
        # libyaml marks a file that ends too soon on the line after its last: name the last line instead.
        raise YamlProblem(min(line, _line_count(text)), f"YAML syntax: {problem}") from None
    except UnicodeEncodeError as exc:  # libyaml reads UTF-8: a lone surrogate cannot be handed to it
        line = len(_LINE_BREAK.split(text[: exc.start]))
        raise YamlProblem(line, f"the character U+{ord(text[exc.start]):04X} is not allowed in a YAML file") from None
    except yaml.reader.ReaderError as exc:
        line = len(_LINE_BREAK.split(text[: max(exc.position, 0)]))
        character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise YamlProblem(line, f"the character U+{character:04X} is not allowed in a YAML file") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()


def _line_count(text: str) -> int:
    parts = _LINE_BREAK.split(text)
    return max(1, len(parts) - (1 if len(parts) > 1 and parts[-1] == "" else 0))


def read_text(path: str | Path, *, stdin: BinaryIO | None = None, limit: int = MAX_FILE_BYTES) -> str:
    """The text of a UTF-8 file, or of standard input if `path` is `-`; YamlProblem at line 0 if it cannot be read.

    At most `limit + 1` bytes are read, so that an endless stream (a device, a pipe) is refused as too large
    instead of filling memory. Standard input is read once: keep the text, not the path.
    """
    try:
        if str(path) == "-":
            data = _read_at_most(stdin or sys.stdin.buffer, limit + 1)
        else:
            with Path(path).open("rb") as stream:
                data = _read_at_most(stream, limit + 1)
    except FileNotFoundError:
        raise YamlProblem(0, "no such file") from None
    except IsADirectoryError:
        raise YamlProblem(0, "a directory, not a file") from None
    except OSError as exc:
        raise YamlProblem(0, f"cannot read the file: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. a path with a NUL byte in it
        raise YamlProblem(0, f"cannot read the file: {exc}") from None
    if len(data) > limit:
        raise YamlProblem(0, f"the file is larger than {_size(limit)}, the largest exequatur reads")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(line, f"not a UTF-8 text file (byte {data[exc.start]:#04x} cannot be read)") from None


def _read_at_most(stream: BinaryIO, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _size(limit: int) -> str:
    return f"{limit / (1 << 20):g} MiB" if limit >= 1 << 20 else f"{limit:,} bytes"


def display_name(path: str | Path) -> str:
    """How `path` is named in messages: standard input (`-`) as STDIN_NAME, any other path as given."""
    return STDIN_NAME if str(path) == "-" else str(path)


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
