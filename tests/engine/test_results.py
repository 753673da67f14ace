"""The statement records' sums: exact whatever Decimal's context."""

from __future__ import annotations

from decimal import Decimal

from exequatur.engine.results import Balance, exact_sum


def test_sums_past_28_digits_are_not_rounded() -> None:
    # Decimal's default context keeps 28 digits, so 0 + 29,928,578,803,886,545,988,936,773,640.16 would come back
    # as ...773,640.2 (28 digits). By hand: the two sums below, digit by digit.
    big = Decimal("29928578803886545988936773640.16")
    assert exact_sum([big, Decimal("0.01")]) == Decimal("29928578803886545988936773640.17")
    assert exact_sum([]) == 0
    assert Balance(big, big).total == Decimal("59857157607773091977873547280.32")
