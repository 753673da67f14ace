"""Money: ISO 4217 codes checked, half-up rounding to the minor unit, no silent mixing of currencies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from exequatur.model.errors import CurrencyError
from exequatur.model.money import Money, in_minor_units, minor_units, round_money


def test_minor_units_come_from_iso_4217() -> None:
    assert (minor_units("USD"), minor_units("JPY"), minor_units("KWD")) == (2, 0, 3)


@pytest.mark.parametrize("code", ["ZZZ", "usd", "US", "XAU"])
def test_unknown_or_unusable_currency_is_an_error(code: str) -> None:
    with pytest.raises(CurrencyError):
        minor_units(code)


def test_rounding_is_half_up_not_bankers() -> None:
    assert round_money(Decimal("0.125"), "USD") == Decimal("0.13")
    assert round_money(Decimal("0.135"), "USD") == Decimal("0.14")
    assert round_money(Decimal("2.5"), "JPY") == Decimal("3")


def test_arithmetic_refuses_to_mix_currencies() -> None:
    total = Money(Decimal("1.10"), "USD") + Money(Decimal("2.20"), "USD")
    assert total == Money(Decimal("3.30"), "USD")
    with pytest.raises(CurrencyError, match="USD and CAD"):
        _ = Money(Decimal(1), "USD") + Money(Decimal(1), "CAD")


def test_money_prints_with_its_code_and_minor_units() -> None:
    assert str(Money(Decimal("1234567.891"), "USD")) == "USD 1,234,567.89"
    assert str(Money(Decimal("1000.5"), "JPY")) == "JPY 1,001"


def test_money_rejects_floats_and_non_finite_amounts() -> None:
    with pytest.raises(CurrencyError):
        Money(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(CurrencyError):
        Money(Decimal("NaN"), "USD")


def test_an_error_quotes_a_long_number_by_its_start() -> None:
    import pytest

    from exequatur.model.numbers import parse_amount

    with pytest.raises(ValueError, match="above the largest amount") as raised:
        parse_amount("1" * 400)
    assert str(raised.value) == (
        f"'{'1' * 20}…' (400 characters) is above the largest amount exequatur computes (10^15)"
    )
    with pytest.raises(ValueError, match=r"^'1000000000000000\.01' is above"):
        parse_amount("1000000000000000.01")  # short enough to be quoted whole


def test_an_amount_past_28_digits_is_counted_in_minor_units_exactly() -> None:
    # Decimal's default context keeps 28 digits: 2,992,857,880,388,654,598,893,677,364.16 times 100 would come
    # back as ...364000. By hand: the cents are the digits with the point removed; half a cent rounds away from
    # zero, as round_money rounds; a yen has no minor unit, a dinar three.
    assert in_minor_units(Decimal("29928578803886545988936773640.16"), "USD") == 2992857880388654598893677364016
    assert in_minor_units(Decimal("0.005"), "USD") == 1
    assert in_minor_units(Decimal("-0.005"), "USD") == -1
    assert in_minor_units(Decimal("0.0049999"), "USD") == 0
    assert in_minor_units(Decimal("12.5"), "JPY") == 13
    assert in_minor_units(Decimal("1.2345"), "KWD") == 1235
