"""Statements as JSON-ready dicts and CSV rows: amounts as decimal strings rounded half-up to the minor unit."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from exequatur.engine.results import (
    AccrualLine,
    Balance,
    CapitalizationLine,
    Conversion,
    DebtPosition,
    InstrumentFailure,
    InstrumentStatement,
    Line,
    PaymentLine,
    Statement,
)
from exequatur.io.csvcells import row_cells
from exequatur.model.money import round_money

if TYPE_CHECKING:  # the comparison and waterfall engines load with their commands, not with `owe`'s export
    from exequatur.engine.compare import Comparison, Projection
    from exequatur.engine.waterfall import Waterfall


def money(amount: Decimal, currency: str) -> str:
    return str(round_money(amount, currency))


def balance_json(balance: Balance, currency: str) -> dict[str, str]:
    return {
        "principal": money(balance.principal, currency),
        "interest": money(balance.interest, currency),
        "total": money(balance.total, currency),
    }


def _line(line: Line, currency: str) -> dict[str, Any]:
    if isinstance(line, AccrualLine):
        row = line.rate_row
        return {
            "type": "interest",
            "component": line.component,
            "from": line.start.isoformat(),
            "to": line.end.isoformat(),
            "days": line.days,
            "day_count": line.day_count.value,
            "year_days": line.year_days,
            "base": money(line.base, currency),
            "rate": f"{line.rate}%",
            "amount": money(line.cents, currency),
            "exact": str(line.interest.normalize()),
            "rule": line.basis.rule,
            "citation": line.basis.citation,
            "rate_note": line.rate_note,
            "rate_row": None
            if row is None
            else {
                "table": row.table,
                "date": row.on.isoformat(),
                "value": str(row.value),
                "row": str(row.row),
                "table_source": row.table_source,
            },
            "balance": balance_json(line.balance, currency),
        }
    if isinstance(line, CapitalizationLine):
        return {
            "type": "capitalization",
            "component": line.component,
            "date": line.on.isoformat(),
            "amount": money(line.amount, currency),
            "rule": line.basis.rule,
            "citation": line.basis.citation,
            "balance": balance_json(line.balance, currency),
        }
    assert isinstance(line, PaymentLine)
    return {
        "type": "payment",
        "date": line.on.isoformat(),
        "amount": money(line.amount, currency),
        "to_interest": money(line.to_interest, currency),
        "to_principal": money(line.to_principal, currency),
        "unapplied": money(line.excess, currency),
        "rule": line.rule,
        "source": line.cited,
        "credited": line.credited,
        "place": str(line.source),
        "balance": balance_json(line.balance, currency),
    }


def conversion_json(conversion: Conversion) -> dict[str, Any]:
    return {
        "date": conversion.on.isoformat(),
        "from": {"currency": conversion.source_currency, "amount": str(conversion.amount)},
        "to": {"currency": conversion.target_currency, "amount": str(conversion.converted)},
        "rate": str(conversion.rate.normalize()),
        "rows": [{"table": r.table, "date": r.on.isoformat(), "value": str(r.value)} for r in conversion.rows],
        "citation": conversion.citation,
    }


def instrument_json(result: InstrumentStatement | InstrumentFailure, *, detail: bool = False) -> dict[str, Any]:
    if isinstance(result, InstrumentFailure):
        return {"id": result.id, "error": result.message}
    cur = result.currency
    out: dict[str, Any] = {
        "id": result.id,
        "kind": result.kind,
        "forum": result.forum,
        "status": result.status,
        "currency": cur,
        "principal": money(result.principal, cur),
        "interest": money(result.interest, cur),
        "paid": money(result.paid, cur),
        "total": money(result.total, cur),
        "unapplied": money(result.excess, cur),
        "per_diem": None if result.per_diem_total is None else money(result.per_diem_total, cur),
        "capitalized": money(result.capitalized, cur),
    }
    if result.equivalent is not None:
        out["equivalent"] = conversion_json(result.equivalent)
    if detail:
        per_diem = {p.component: money(p.amount, cur) for p in result.per_diem or ()}
        out["components"] = [
            {
                "label": c.label,
                "awarded": money(c.awarded, cur),
                "principal": money(c.principal, cur),
                "interest": money(c.interest, cur),
                "interest_accrued": money(c.interest_accrued, cur),
                "interest_paid": money(c.interest_paid, cur),
                "principal_paid": money(c.principal_paid, cur),
                "per_diem": per_diem.get(c.label, money(Decimal(0), cur)) if result.per_diem is not None else None,
                "source": c.cited,
            }
            for c in result.components
        ]
        out["basis"] = [
            {
                "rule": t.basis.rule,
                "citation": t.basis.citation,
                "explanation": t.basis.explanation,
                "from": t.term.start.isoformat(),
            }
            for t in result.regime
        ]
        out["notes"] = [{"kind": n.kind.value, "text": n.text} for n in result.notes]
        out["conversions"] = [conversion_json(c) for c in result.conversions]
        out["lines"] = [_line(line, cur) for line in result.lines]
    return out


def debt_json(debt: DebtPosition) -> dict[str, Any]:
    return {
        "id": debt.id,
        "currency": debt.currency,
        # Nothing comparable and no settlement governing: the collectible is unknown, not zero.
        "collectible": money(debt.collectible, debt.currency) if debt.computable else None,
        "largest": debt.largest,
        "left_out": list(debt.left_out),
        "paid": money(debt.paid, debt.currency),
        "instruments": {name: money(total, debt.currency) for name, total in debt.totals},
        "notes": [{"kind": n.kind.value, "text": n.text} for n in debt.notes],
        "settlements": [
            {
                "id": s.id,
                "status": s.status,
                "settled": money(s.settled, s.currency),
                "due": money(s.due, s.currency),
                "paid": money(s.paid, s.currency),
                "arrears": money(s.arrears, s.currency),
                "balance": money(s.balance, s.currency),
                "next_due": None
                if s.next_due is None
                else {"date": s.next_due[0].isoformat(), "amount": money(s.next_due[1], s.currency)},
                "currency": s.currency,
            }
            for s in debt.settlements
        ],
    }


def statement_json(statement: Statement, *, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "matter": statement.matter,
        "as_of": statement.as_of.isoformat(),
        "instruments": [instrument_json(i, detail=detail) for i in statement.instruments],
    }
    if statement.debts:
        out["debts"] = [debt_json(d) for d in statement.debts]
    if statement.not_yet:
        out["not_yet"] = list(statement.not_yet)
    return out


SUMMARY_COLUMNS = [
    "matter",
    "as_of",
    "id",
    "kind",
    "forum",
    "status",
    "currency",
    "principal",
    "interest",
    "paid",
    "total",
    "unapplied",
    "per_diem",
    "capitalized",
    "equivalent_currency",
    "equivalent_total",
    "error",
]
DETAIL_COLUMNS = [
    "matter",
    "as_of",
    "id",
    "type",
    "component",
    "from",
    "to",
    "date",
    "days",
    "day_count",
    "base",
    "rate",
    "amount",
    "to_interest",
    "to_principal",
    "unapplied",
    "balance_principal",
    "balance_interest",
    "balance_total",
    "rule",
    "citation",
    "rate_table",
    "rate_date",
    "rate_value",
    "rate_note",
    "source",
    "credited",
    "place",
]


def statement_csv(statement: Statement, *, detail: bool = False) -> str:
    buffer = io.StringIO()
    write_statement_csv(statement, buffer, detail=detail)
    return buffer.getvalue()


def write_statement_csv(statement: Statement, out: TextIO, *, detail: bool = False) -> None:
    """Write the statement as CSV row by row, so a statement of a million lines never sits in memory as text."""
    common = {"matter": statement.matter, "as_of": statement.as_of.isoformat()}
    if not detail:
        writer = csv.DictWriter(out, SUMMARY_COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for result in statement.instruments:
            row = instrument_json(result)
            equivalent = row.get("equivalent")
            if equivalent:
                row["equivalent_currency"] = equivalent["to"]["currency"]
                row["equivalent_total"] = equivalent["to"]["amount"]
            writer.writerow(row_cells({**common, **row}))
        return
    writer = csv.DictWriter(out, DETAIL_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for result in statement.instruments:
        if isinstance(result, InstrumentFailure):
            writer.writerow(row_cells({**common, "id": result.id, "type": "error", "rule": result.message}))
            continue
        for line in result.lines:
            row = _line(line, result.currency)
            table = row.pop("rate_row", None) or {}
            balance = row.pop("balance")
            writer.writerow(
                row_cells(
                    {
                        **common,
                        "id": result.id,
                        **row,
                        "rate_table": table.get("table"),
                        "rate_date": table.get("date"),
                        "rate_value": table.get("value"),
                        "balance_principal": balance["principal"],
                        "balance_interest": balance["interest"],
                        "balance_total": balance["total"],
                    }
                )
            )


def write_statement_json(statement: Statement, out: TextIO, *, detail: bool = False) -> None:
    """Write the statement as JSON in chunks as it is encoded, never as one string."""
    encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
    for chunk in encoder.iterencode(statement_json(statement, detail=detail)):
        out.write(chunk)
    out.write("\n")


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    def row(projection: Projection) -> dict[str, Any]:
        result = projection.result
        out = {"label": projection.label, "forum": projection.forum, **instrument_json(result)}
        if isinstance(result, InstrumentStatement):
            out["rule"] = [f"{t.basis.rule} — {t.basis.citation}" for t in result.regime]
            out["at_entry"] = money(sum((c.awarded for c in result.components), Decimal(0)), result.currency)
        return out

    return {
        "matter": comparison.matter,
        "instrument": comparison.instrument,
        "recognized_on": comparison.recognized_on.isoformat(),
        "until": comparison.until.isoformat(),
        "baseline": row(comparison.baseline),
        "forums": [row(p) for p in comparison.forums],
    }


def _claim_source(claim: Any) -> str | None:
    """What a claim's amount rests on: its own `source:`, else its stated figure's or its judgment's."""
    for origin in (claim, claim.stated, claim.judgment):
        cited = getattr(origin, "cited", None) if origin is not None else None
        if cited:
            return str(cited)
    return None


def waterfall_json(result: Waterfall) -> dict[str, Any]:
    cur = result.currency
    return {
        "debtor": result.debtor,
        "date": result.on.isoformat(),
        "pool": {"amount": money(result.pool, cur), "currency": cur},
        "distributed": money(result.distributed, cur),
        "residue": money(result.residue, cur),
        "claims": [
            {
                "id": a.claim.claim.id,
                "creditor": a.claim.claim.creditor,
                "priority": a.claim.claim.rank_label,
                "level": a.priority,
                "rank_source": a.claim.claim.rank_cited,
                "claim": {"amount": money(a.claim.amount, a.claim.currency), "currency": a.claim.currency},
                "claim_in_pool_currency": money(a.claim.in_pool, cur),
                "allocated": money(a.allocated, cur),
                "shortfall": money(a.shortfall, cur),
                "conversion": conversion_json(a.claim.conversion) if a.claim.conversion else None,
                "traces": list(a.claim.traces),
                "source": _claim_source(a.claim.claim),
            }
            for a in result.allocations
        ],
    }


WATERFALL_COLUMNS = [
    "priority",
    "id",
    "creditor",
    "claim_currency",
    "claim",
    "claim_in_pool_currency",
    "allocated",
    "shortfall",
]


def waterfall_csv(result: Waterfall) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, WATERFALL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in waterfall_json(result)["claims"]:
        writer.writerow(
            row_cells(
                {
                    "priority": row["priority"],
                    "id": row["id"],
                    "creditor": row["creditor"],
                    "claim_currency": row["claim"]["currency"],
                    "claim": row["claim"]["amount"],
                    "claim_in_pool_currency": row["claim_in_pool_currency"],
                    "allocated": row["allocated"],
                    "shortfall": row["shortfall"],
                }
            )
        )
    return buffer.getvalue()
