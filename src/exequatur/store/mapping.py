"""Rows from a checked matter file, and the matter file's data (a tree for io.printer) from rows.

Each table's columns carry the names of the format's fields (io/schema.py), so that one pair of functions maps
every simple field both ways: `_columns` flattens a file model into column values (a nested mapping by a prefix),
`_tree` writes the fields of a row back in the format's order. A field left at its default is not written, unless
the file had a comment on it (the comment needs its line). The few fields whose shape differs in the tables (an
instrument's amounts and interest terms, a rate that is fixed or an index, the lists) are mapped by hand below.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Collection, Mapping
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from exequatur.io import schema as s
from exequatur.io.printer import Percent, path_text
from exequatur.store import models as m

Path = tuple[int | str, ...]
#: The metadata that marks a field as a percentage ("4.5%").
_PERCENT = get_args(s.Percent)[1]


def _nested(annotation: Any) -> type[BaseModel] | None:
    """The model of an optional nested mapping (`tort: TortFile | None`), else None."""
    if get_origin(annotation) in (Union, types.UnionType):
        models = [a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) == 1 and type(None) in get_args(annotation):
            return models[0]
    return None


def _is_percent(annotation: Any, metadata: Collection[Any] = ()) -> bool:
    """Whether a field is a percentage, alone or within an optional (`floor: FixedPercent | None`)."""
    if _PERCENT in metadata or _PERCENT in getattr(annotation, "__metadata__", ()):
        return True
    return any(_is_percent(arg) for arg in get_args(annotation))


#: Fields written first, in this order, where the format's own order would bury them (an instrument's title).
_FIRST: dict[type[BaseModel], tuple[str, ...]] = {
    s.InstrumentFile: ("id", "kind", "forum", "status", "title", "date", "currency", "based_on", "debt"),
}


def _fields(cls: type[BaseModel]) -> list[str]:
    first = _FIRST.get(cls, ())
    return [*first, *(name for name in cls.model_fields if name not in first)]


def written_defaults(model: BaseModel, path: Path = ()) -> set[str]:
    """The paths of the keys a file wrote with their default value (`reset: annual`): export writes them too."""
    out: set[str] = set()
    fields = type(model).model_fields
    for name in model.model_fields_set:
        field = fields[name]
        here = (*path, field.alias or name)
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            out |= written_defaults(value, here)
        elif isinstance(value, list):
            for j, item in enumerate(value):
                if isinstance(item, BaseModel):
                    out |= written_defaults(item, (*here, j))
        elif not field.is_required() and value is not None and value == field.default:
            out.add(path_text(here))
    return out


def _columns(model: BaseModel, prefix: str = "", skip: Collection[str] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field in type(model).model_fields.items():
        if name in skip:
            continue
        value = getattr(model, name)
        nested = _nested(field.annotation)
        if nested is not None:
            if value is not None:
                out.update(_columns(value, f"{prefix}{name}_"))
            continue
        out[f"{prefix}{name}"] = value.value if isinstance(value, Enum) else value
    return out


Special = Callable[[Path], Any]


def _tree(
    cls: type[BaseModel],
    row: Any,
    path: Path,
    commented: Collection[str],
    prefix: str = "",
    special: Mapping[str, Special] | None = None,
) -> dict[str, Any]:
    """The fields of `cls` read from `row` (columns `prefix` + name), in the format's order, as the file writes
    them (`from:`, not `start`). `special` computes a field's value itself (None leaves it out)."""
    out: dict[str, Any] = {}
    for name in _fields(cls):
        field = cls.model_fields[name]
        key = field.alias or name
        here = (*path, key)
        if special and name in special:
            value = special[name](here)
            if value is not None:
                out[key] = value
            continue
        nested = _nested(field.annotation)
        if nested is not None:
            inner = _tree(nested, row, here, commented, f"{prefix}{name}_")
            if any(getattr(row, f"{prefix}{name}_{n}") is not None for n in nested.model_fields):
                out[key] = inner
            continue
        value = getattr(row, f"{prefix}{name}")
        if value is None:
            continue
        if not field.is_required() and value == field.default and path_text(here) not in commented:
            continue
        out[key] = Percent(value) if _is_percent(field.annotation, field.metadata) else value
    return out


# -- file to rows --------------------------------------------------------------------------------------------


def _term(term: s.InterestFile, role: str, position: int) -> m.InterestTermRow:
    rate = _columns(term.rate, "rate_") if isinstance(term.rate, s.IndexRateFile) else {"rate_percent": term.rate}
    return m.InterestTermRow(role=role, position=position, **_columns(term, skip={"rate"}), **rate)


def _instrument(spec: s.InstrumentFile, position: int) -> m.InstrumentRow:
    amounts = [] if isinstance(spec.amounts, str) else spec.amounts
    prejudgment = [] if isinstance(spec.prejudgment, str) else spec.prejudgment
    return m.InstrumentRow(
        position=position,
        carried=isinstance(spec.amounts, str),
        prejudgment=spec.prejudgment if isinstance(spec.prejudgment, str) else "terms",
        components=[m.ComponentRow(position=j, **_columns(a)) for j, a in enumerate(amounts)],
        terms=[
            *(_term(t, "interest", k) for k, t in enumerate(spec.interest or ())),
            *(_term(t, "prejudgment", k) for k, t in enumerate(prejudgment)),
        ],
        **_columns(spec, skip={"amounts", "prejudgment", "interest"}),
    )


def fill(row: m.MatterRow, spec: s.MatterFile) -> None:
    """Set `row` and its child rows to what the checked file `spec` states (replacing what they held)."""
    row.matter = spec.matter
    row.title = spec.title
    row.cmt_week = spec.cmt_week.value
    row.source = spec.source
    row.parties = [
        m.PartyRow(role="creditor", position=0, **_columns(spec.creditor)),
        m.PartyRow(role="debtor", position=1, **_columns(spec.debtor)),
    ]
    row.instruments = [_instrument(spec_i, i) for i, spec_i in enumerate(spec.instruments)]
    row.payments = [m.PaymentRow(position=i, **_columns(p)) for i, p in enumerate(spec.payments)]
    row.proceedings = [m.ProceedingRow(position=i, **_columns(p)) for i, p in enumerate(spec.proceedings)]
    row.rates = [
        m.RateListRow(
            position=i,
            values=[m.RateValueRow(position=j, **_columns(v)) for j, v in enumerate(r.values)],
            **_columns(r, skip={"values"}),
        )
        for i, r in enumerate(spec.rates)
    ]
    row.settlements = [
        m.SettlementRow(
            position=i,
            instalments=[m.InstalmentRow(position=j, **_columns(t)) for j, t in enumerate(st.instalments)],
            **_columns(st, skip={"instalments"}),
        )
        for i, st in enumerate(spec.settlements)
    ]
    row.assets = [m.AssetRow(position=i, **_columns(a)) for i, a in enumerate(spec.assets)]
    row.actions = [
        m.ActionRow(
            position=i,
            recoveries=[m.RecoveryRow(position=j, **_columns(r)) for j, r in enumerate(a.recoveries)],
            **_columns(a, skip={"recoveries"}),
        )
        for i, a in enumerate(spec.actions)
    ]
    row.events = [m.EventRow(position=i, **_columns(e)) for i, e in enumerate(spec.events)]
    row.deadlines = [m.DeadlineRow(position=i, **_columns(d)) for i, d in enumerate(spec.deadlines)]
    row.facts = [m.FactRow(position=i, **_columns(f)) for i, f in enumerate(spec.facts)]


# -- rows to file --------------------------------------------------------------------------------------------


def _listed(
    rows: list[Any], cls: type[BaseModel], commented: Collection[str], **special: Callable[[Any, Path], Any]
) -> Special:
    """A list field: each row's tree (None, leaving the field out, when there are none)."""

    def bound(f: Callable[[Any, Path], Any], r: Any) -> Special:
        return lambda p: f(r, p)

    def value(path: Path) -> list[dict[str, Any]] | None:
        items = [
            _tree(cls, r, (*path, j), commented, special={k: bound(f, r) for k, f in special.items()})
            for j, r in enumerate(rows)
        ]
        return items or None

    return value


def _rate(row: m.InterestTermRow, path: Path, commented: Collection[str]) -> Any:
    if row.rate_percent is not None:
        return Percent(row.rate_percent)
    return _tree(s.IndexRateFile, row, path, commented, "rate_")


def _terms(row: m.InstrumentRow, role: str, commented: Collection[str]) -> Special:
    rows = [t for t in row.terms if t.role == role]
    return _listed(rows, s.InterestFile, commented, rate=lambda t, p: _rate(t, p, commented))


def _instrument_tree(row: m.InstrumentRow, path: Path, commented: Collection[str]) -> dict[str, Any]:
    def prejudgment(here: Path) -> Any:
        if row.prejudgment == "terms":
            return _terms(row, "prejudgment", commented)(here)
        return None if row.prejudgment == "statutory" and path_text(here) not in commented else row.prejudgment

    return _tree(
        s.InstrumentFile,
        row,
        path,
        commented,
        special={
            "amounts": lambda here: (
                "carried" if row.carried else _listed(row.components, s.AmountFile, commented)(here)
            ),
            "prejudgment": prejudgment,
            "interest": _terms(row, "interest", commented),
        },
    )


def tree(row: m.MatterRow, commented: Collection[str] = ()) -> dict[str, Any]:
    """The matter file of `row`, as a tree for io.printer.render (keys in the format's order)."""
    parties = {p.role: p for p in row.parties}

    def party(role: str) -> Special:
        return lambda here: _tree(s.PartyFile, parties[role], here, commented)

    def instruments(here: Path) -> list[dict[str, Any]] | None:
        return [_instrument_tree(r, (*here, j), commented) for j, r in enumerate(row.instruments)] or None

    return _tree(
        s.MatterFile,
        row,
        (),
        commented,
        special={
            "creditor": party("creditor"),
            "debtor": party("debtor"),
            "instruments": instruments,
            "payments": _listed(row.payments, s.PaymentFile, commented),
            "proceedings": _listed(row.proceedings, s.ProceedingFile, commented),
            "rates": _listed(
                row.rates,
                s.RateListFile,
                commented,
                values=lambda r, p: _listed(r.values, s.RatePointFile, commented)(p),
            ),
            "settlements": _listed(
                row.settlements,
                s.SettlementFile,
                commented,
                instalments=lambda r, p: _listed(r.instalments, s.InstalmentFile, commented)(p),
            ),
            "assets": _listed(row.assets, s.AssetFile, commented),
            "actions": _listed(
                row.actions,
                s.ActionFile,
                commented,
                recoveries=lambda r, p: _listed(r.recoveries, s.RecoveryFile, commented)(p),
            ),
            "events": _listed(row.events, s.EventFile, commented),
            "deadlines": _listed(row.deadlines, s.DeadlineFile, commented),
            "facts": _listed(row.facts, s.FactFile, commented),
        },
    )
