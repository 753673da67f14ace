"""Mutations of a matter file's text. Each takes a random generator and the text and returns the new text and a
short description (kept with a failure so that it can be read back)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from tests.fuzz.corpus import VALUE, Seed


@dataclass(frozen=True, slots=True)
class Context:
    seeds: tuple[Seed, ...]
    vocabulary: dict[str, tuple[str, ...]]


Mutator = Callable[[random.Random, str, Context], tuple[str, str]]

# -- values --------------------------------------------------------------------------------------------------

HUGE = [
    "1" + "0" * 15,
    '"1000000000000000"',
    '"1000000000000000.01"',
    '"999999999999999.99"',
    '"999999999999999"',
    "9" * 40,
    '"' + "9" * 400 + '"',
    "9" * 120,
    "1" + "0" * 5000,
    "1e400",
    '"1e400"',
    "1.5e308",
    "1.0e+999999999",
    "1.e+99999999999999999999",
    '"123456789012345678901234567890.5"',
]
TINY = ["0", '"0"', "0.0", '"0.00"', "0.01", '"0.001"', "0.000000001", "1e-400", "5e-324", "-0", '"-0.00"']
NEGATIVE = ["-1", '"-1"', "-0.01", '"-100000"', '"-5%"', "-999999999999999", '"-1e6"', "-.inf"]
RATES = [
    '"0%"',
    '"-0%"',
    '"0.0001%"',
    '"9%"',
    '"100%"',
    '"999.9999%"',
    '"1000%"',
    '"1000.0001%"',
    '"-1%"',
    '"1e3%"',
    '"%"',
    '"9 %"',
    '"9%%"',
    '"NaN%"',
    '"Infinity%"',
    "9%",
    '"0.000000000000000000001%"',
]
DATES = [
    "0001-01-01",
    "0001-01-02",
    "9999-12-31",
    "9999-12-30",
    "1899-12-31",
    "1900-01-01",
    "1900-01-02",
    "2199-12-30",
    "2199-12-31",
    "2200-01-01",
    "2020-02-29",
    "2021-02-29",
    "2000-02-29",
    "2100-02-29",
    "0000-00-00",
    "2020-13-01",
    "2020-00-10",
    "2016-08-22T10:00:00Z",
    "2016-08-22 10:00:00",
    '"2016-08-22"',
    "20160822",
    "2016-8-2",
    "22/08/2016",
    "-2016-08-22",
    "12016-08-22",
]
EMPTY = ['""', "''", "", "~", "null", "Null", "[]", "{}", "[[]]", "{a: }", '" "']
TEXT = [
    '"Ünïcödé ✓ — § ¶"',
    '"\\u202eRTL override"',
    '"🙂🙃"',
    '"\\ud800"',
    '"\\udfff lone surrogate"',
    '"a\\0b"',
    '"\\x00"',
    '"\\x07\\x1b[31m"',
    '"tab\\there"',
    '"line\\nbreak"',
    '"\\u2028\\u2029"',
    '"\\N\\_\\L\\P"',
    "'single ''quoted'''",
    '"' + "x" * 100_000 + '"',
    "x" * 20_000,
    '"' + "é" * 5_000 + '"',
    '"{{ template }}"',
    '"%s %d %(x)s {0}"',
    '"</script><b>&amp;"',
    '"../../../../etc/passwd"',
    '"/dev/zero"',
    '"-"',
    '"C:\\\\CON"',
]
KEYWORDS = [
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "carried",
    "statutory",
    "underlying",
    "stated",
    "sought",
    "entered",
    "none",
    "floor",
    "index",
    "revival",
    "acceleration",
    "latest-release",
]
NUMBERS = [
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "0b_",
    "0x_",
    "1_000",
    "1:30",
    "1:30.5",
    "190:20:30",
    ".5",
    "5.",
    "1e6",
    "+12",
    "1,000",
    '"1,000"',
    '"1,0000"',
    '"1.000,50"',
    ".inf",
    "-.inf",
    ".nan",
    ".NaN",
    "NaN",
    '"NaN"',
    '"sNaN"',
    '"Infinity"',
    '"-Infinity"',
    '"inf"',
    '"1e6"',
    "=",
    "<<",
    "12345678901234567890",
]
CODES = ["XAU", "XXX", "XDR", "usd", "US D", "EUR", "GBP", "CAD", "JPY", "KWD", "CLF", "BHD", "VES", "ZZZ", '"USD\\0"']
FORUMS = ["US-NY", "US-FED", "US-DE", "CA-ON", "GB-EW", "FR", "ICSID", "ICSID-AF", "ICC", "LCIA", "PCA", "XX-YY"]
ENUMS = [
    "annual",
    "semiannual",
    "quarterly",
    "monthly",
    "daily",
    "weekly",
    "act/365",
    "act/act",
    "act/360",
    "30/360",
    "30e/360",
    "award",
    "judgment",
]
JUNK: tuple[str, ...] = tuple(
    HUGE + TINY + NEGATIVE + RATES + DATES + EMPTY + TEXT + KEYWORDS + NUMBERS + CODES + FORUMS + ENUMS
)

DATE_KEYS = {
    "date",
    "from",
    "until",
    "filed",
    "decided",
    "due",
    "first",
    "after",
    "enforceable",
    "converted_on",
    "attached",
    "as_of",
    "on",
    "served",
    "injury",
    "settlement_demand",
}
AMOUNT_KEYS = {"amount"}
RATE_KEYS = {"rate", "spread", "floor", "adjustment", "interest", "value"}


def _values(text: str) -> list[re.Match[str]]:
    return list(VALUE.finditer(text))


def _replace(text: str, match: re.Match[str], value: str) -> str:
    return text[: match.start("value")] + value + text[match.end("value") :]


def _random_date(rng: random.Random) -> str:
    start = date(1899, 12, 25)
    return (start + timedelta(days=rng.randrange((date(2200, 1, 7) - start).days))).isoformat()


def _plausible(rng: random.Random, key: str, value: str, ctx: Context) -> str:
    """A value that could pass validation for `key`: edges of the allowed ranges, or another file's value."""
    if key in DATE_KEYS and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        choice = rng.random()
        if choice < 0.4:
            return _random_date(rng)
        if choice < 0.8:
            shift = rng.choice([-366, -31, -2, -1, 1, 2, 29, 31, 365, 3650])
            try:
                return (date.fromisoformat(value) + timedelta(days=shift)).isoformat()
            except (ValueError, OverflowError):
                return _random_date(rng)
        return rng.choice(["1900-01-01", "1900-01-02", "2199-12-31", "2199-12-30", "2020-02-29", "2024-02-29"])
    if key in AMOUNT_KEYS:
        exponent = rng.randrange(0, 16)
        cents = rng.choice(["", f".{rng.randrange(100):02d}", ".5", ".01"])
        return f'"{rng.randrange(1, 10) * 10**exponent + rng.randrange(10**exponent or 1)}{cents}"'
    if key in RATE_KEYS and "%" in value:
        whole = rng.choice([0, 0, 1, 2, 4, 9, 12, 18, 25, 100, 500, 999, 1000])
        return f'"{whole}{rng.choice(["", ".5", ".25", ".0001", ".71513"])}%"'
    known = ctx.vocabulary.get(key)
    if known:
        return rng.choice(known)
    return rng.choice(JUNK)


def junk_value(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    values = _values(text)
    if not values:
        return text + "\n" + rng.choice(JUNK), "junk appended"
    match = rng.choice(values)
    new = rng.choice(JUNK)
    return _replace(text, match, new), f"junk {match['key']}: {new[:60]!r}"


def plausible_value(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    values = _values(text)
    if not values:
        return text, "no value to change"
    match = rng.choice(values)
    new = _plausible(rng, match["key"], match["value"], ctx)
    return _replace(text, match, new), f"plausible {match['key']}: {new[:60]!r}"


def same_file_value(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    """Another value of this file in a value's place: an id where a date was, an instrument's own id as its basis."""
    values = _values(text)
    if len(values) < 2:
        return text, "no value to change"
    target, donor = rng.sample(values, 2)
    return _replace(text, target, donor["value"]), f"value of {donor['key']} into {target['key']}"


TAGS = [
    "!!int t",
    "!!int",
    "!!seq",
    "!!map [a]",
    "!!map",
    "!!str",
    "!!float x",
    "!!bool maybe",
    "!!null x",
    "!!timestamp 2016-08-22",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!!python/object:os.system {}",
    "!!python/object/apply:os.system [echo pwned]",
    "!!python/name:os.system",
    "!!python/tuple [1, 2]",
    "!custom x",
    "! x",
    "!<tag:yaml.org,2002:str> x",
    "!<!> x",
]


def explicit_tag(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    values = _values(text)
    tag = rng.choice(TAGS)
    if not values:
        return f"matter: {tag}\n" + text, f"tag {tag}"
    match = rng.choice(values)
    if rng.random() < 0.5:
        return _replace(text, match, tag), f"tag {tag} as {match['key']}"
    head = tag.split(" ")[0]
    return _replace(text, match, f"{head} {match['value']}"), f"tag {head} on {match['key']}"


def _bomb(rng: random.Random) -> tuple[str, str]:
    width, depth = rng.randrange(2, 11), rng.randrange(3, 13)
    lines = ["fuzz-bomb:", "  - &l0 [lol, lol]"]
    for level in range(1, depth):
        lines.append(f"  - &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n", f"*l{depth - 1}"


def anchors_aliases(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    values = _values(text)
    kind = rng.randrange(7)
    if kind == 0 and len(values) >= 2:  # an anchor on one value, an alias in another's place
        first, second = sorted(rng.sample(values, 2), key=lambda m: m.start())
        if rng.random() < 0.3:
            first, second = second, first  # the alias before its anchor
        a, b = sorted([(first, f"&fz {first['value']}"), (second, "*fz")], key=lambda p: p[0].start(), reverse=True)
        out = text
        for match, new in (a, b):
            out = out[: match.start("value")] + new + out[match.end("value") :]
        return out, f"anchor {first['key']} aliased at {second['key']}"
    if kind == 1 and values:
        match = rng.choice(values)
        return _replace(text, match, rng.choice(["*nowhere", "&r [*r]", "&r {a: *r}", "&r [[*r]]", "*"])), "bad alias"
    if kind == 2:  # a bomb at the top, its last level used in a field's place
        bomb, alias = _bomb(rng)
        if values and rng.random() < 0.7:
            return bomb + _replace(text, rng.choice(values), alias), f"alias bomb {alias}"
        return bomb + text, f"alias bomb unused {alias}"
    if kind == 3:  # merge a flow mapping into another
        flows = list(re.finditer(r"\{(?=[A-Za-z_])", text))
        if len(flows) >= 2:
            first, second = sorted(rng.sample(flows, 2), key=lambda m: m.start())
            out = text[: second.end()] + "<<: *mg, " + text[second.end() :]
            out = out[: first.start()] + "&mg " + out[first.start() :]
            return out, "merge of one flow mapping into another"
    if kind == 4 and values:  # a merge of something that is not a mapping
        match = rng.choice(values)
        return _replace(text, match, rng.choice(["{<<: [1, 2]}", "{<<: x}", "{<<: *nope}", "{<<: {}}"])), "bad merge"
    if kind == 5:  # anchor a block item and repeat it
        items = list(re.finditer(r"^(\s*)- ", text, re.MULTILINE))
        if items:
            match = rng.choice(items)
            out = text[: match.end()] + "&it " + text[match.end() :]
            return out + f"\nfuzz-repeat: [{', '.join(['*it'] * rng.randrange(1, 50))}]\n", "block item repeated"
    # an alias-heavy but small file: many aliases of a large anchor
    big = "[" + ", ".join(str(i) for i in range(rng.randrange(100, 2000))) + "]"
    return text + f"\nfuzz-big: &bg {big}\nfuzz-copies: [{', '.join(['*bg'] * rng.randrange(10, 200))}]\n", "aliases"


def _lines(text: str) -> list[str]:
    return text.split("\n")


def drop_lines(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    n = rng.choice([1, 1, 1, 2, 3, 5])
    return "\n".join(lines[:i] + lines[i + n :]), f"drop {n} line(s) at {i + 1}"


def duplicate_lines(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    n = rng.choice([1, 1, 2, 3, 6])
    where = i + n if rng.random() < 0.7 else rng.randrange(len(lines) + 1)
    copy = lines[i : i + n] * rng.choice([1, 1, 1, 2, 10])
    return "\n".join(lines[:where] + copy + lines[where:]), f"duplicate {n} line(s) at {i + 1} to {where + 1}"


def swap_lines(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    lines = _lines(text)
    if len(lines) < 2:
        return text, "too short to swap"
    i, j = rng.sample(range(len(lines)), 2)
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines), f"swap lines {i + 1} and {j + 1}"


def duplicate_item(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    """Copy a whole list item (an instrument, a payment, a term) next to itself, or drop it."""
    lines = _lines(text)
    starts = [i for i, line in enumerate(lines) if re.match(r"^\s*- ", line)]
    if not starts:
        return text, "no list item"
    i = rng.choice(starts)
    indent = len(lines[i]) - len(lines[i].lstrip())
    end = i + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    if rng.random() < 0.3:
        return "\n".join(lines[:i] + lines[end:]), f"drop the item at line {i + 1}"
    copies = rng.choice([1, 1, 2, 5, 40])
    return "\n".join(lines[:end] + lines[i:end] * copies + lines[end:]), f"item at line {i + 1} x{copies + 1}"


def add_payment(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    """A payment with plausible values against an instrument or debt of the file."""
    ids = re.findall(r"\bid: ([\w.-]+)", text) or ["a"]
    target = rng.choice(["instrument", "debt", "instrument"])
    currency = rng.choice(["USD", "USD", "EUR", "CAD", "GBP"])
    amount = _plausible(rng, "amount", "", ctx)
    row = f"  - {{date: {_random_date(rng)}, amount: {amount}, currency: {currency}, {target}: {rng.choice(ids)}}}"
    if re.search(r"^payments:\s*$", text, re.MULTILINE):
        return re.sub(r"^payments:\s*$", lambda m: m.group(0) + "\n" + row, text, count=1, flags=re.MULTILINE), row
    if re.search(r"^payments:", text, re.MULTILINE):
        return text, "flow payments kept"
    return text.rstrip("\n") + "\npayments:\n" + row + "\n", row


def indentation(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    choice = rng.randrange(5)
    if choice == 0:
        lines[i] = " " * rng.choice([1, 2, 3, 4, 8]) + lines[i]
    elif choice == 1:
        lines[i] = lines[i][rng.choice([1, 2, 4]) :] if lines[i].startswith(" ") else lines[i]
    elif choice == 2:
        lines[i] = "\t" + lines[i].lstrip(" ")
    elif choice == 3:
        return "\n".join(line.lstrip() for line in lines), "all indentation removed"
    else:
        return "\n".join(("  " + line) if line.strip() else line for line in lines[i:]) + "", "shift the end right"
    return "\n".join(lines), f"indentation of line {i + 1}"


def truncate(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    if rng.random() < 0.5:
        cut = rng.randrange(len(text) + 1)
        return text[:cut], f"cut at character {cut}"
    lines = _lines(text)
    cut = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:cut]), f"cut after line {cut}"


def nesting(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    values = _values(text)
    depth = rng.choice([2, 10, 63, 64, 65, 100, 250, 1000, 5000])
    if rng.random() < 0.5 and values:
        match = rng.choice(values)
        opener, closer = rng.choice([("[", "]"), ("{a: ", "}"), ("[{a: ", "}]")])
        return _replace(text, match, opener * depth + match["value"] + closer * depth), f"nest {depth} deep"
    block = "".join("  " * k + "- \n" for k in range(depth)) if rng.random() < 0.5 else ""
    if not block:
        block = "".join("  " * k + "k:\n" for k in range(depth))
    return text + "\nfuzz-deep:\n" + "\n".join("  " + line for line in block.splitlines()) + "\n", f"block {depth} deep"


CHARS = [
    "\0",
    "\x07",
    "\x1b",
    "\t",
    "\r",
    "\r\n",
    "\ufeff",
    "\u2028",
    "\x85",
    "\ud800",
    "\uffff",
    '"',
    "'",
    "{",
    "[",
    "]",
    "}",
    ":",
    ": ",
    "#",
    "%",
    "@",
    "`",
    "|",
    ">",
    "&",
    "*",
    "!",
    "?",
    ",",
    "- ",
    "\\",
    "---\n",
    "...\n",
    "%YAML 1.1\n---\n",
    "%TAG !e! tag:example.com,2000:\n---\n",
]


def characters(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    at = rng.randrange(len(text) + 1)
    char = rng.choice(CHARS)
    if rng.random() < 0.2:
        return char + text, f"{char!r} at the start"
    return text[:at] + char + text[at:], f"{char!r} at {at}"


def whole_text(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    choice = rng.randrange(8)
    if choice == 0:
        return "", "empty"
    if choice == 1:
        return "\n".join("# " + line for line in _lines(text)), "all comments"
    if choice == 2:
        return text.replace("\n", "\r\n"), "CRLF"
    if choice == 3:
        return "\ufeff" + text, "BOM"
    if choice == 4:
        return text.replace("\n", "\r"), "CR only"
    if choice == 5:
        return text + "\n---\n" + text, "two documents"
    if choice == 6:
        return rng.choice(["[]", "- a\n- b", "just text", "42", "null", "~", "{", "? [a]\n: b", "a: b: c"]), "not a map"
    return text * rng.choice([2, 3]), "repeated"


def splice(rng: random.Random, text: str, ctx: Context) -> tuple[str, str]:
    """Lines of another seed inserted into this one."""
    donor = rng.choice(ctx.seeds)
    lines, theirs = _lines(text), _lines(donor.text)
    i, j = rng.randrange(len(theirs)), rng.randrange(len(lines) + 1)
    n = rng.choice([1, 3, 10, 40])
    return "\n".join(lines[:j] + theirs[i : i + n] + lines[j:]), f"splice {n} lines of {donor.name}"


#: Each mutator with its weight: the value-level ones are the likeliest, so that many mutants still compute.
MUTATORS: tuple[tuple[Mutator, int], ...] = (
    (plausible_value, 14),
    (junk_value, 10),
    (same_file_value, 4),
    (explicit_tag, 4),
    (anchors_aliases, 4),
    (drop_lines, 4),
    (duplicate_lines, 3),
    (swap_lines, 3),
    (duplicate_item, 4),
    (add_payment, 4),
    (indentation, 3),
    (truncate, 3),
    (nesting, 2),
    (characters, 3),
    (whole_text, 1),
    (splice, 2),
)


#: The mutators that keep a file loadable most often, for the half of the cases aimed at the engine and reports.
ENGINE_MUTATORS: tuple[tuple[Mutator, int], ...] = (
    (plausible_value, 8),
    (same_file_value, 1),
    (add_payment, 3),
    (duplicate_item, 2),
)


def mutate(rng: random.Random, text: str, ctx: Context) -> tuple[str, list[str]]:
    """One to four mutations, stacked: any of them for half the cases, those aimed at the engine for the rest."""
    mutators, weights = zip(*(MUTATORS if rng.random() < 0.5 else ENGINE_MUTATORS), strict=True)
    count = 1
    while count < 4 and rng.random() < 0.4:
        count += 1
    done = []
    for mutator in rng.choices(mutators, weights=weights, k=count):
        text, what = mutator(rng, text, ctx)
        done.append(f"{mutator.__name__}: {what}")
    return text, done
