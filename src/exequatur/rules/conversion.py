"""When a forum converts a foreign-currency sum into its own currency: at entry of judgment, or at payment.

References:
    US-NY: Judiciary Law §27(b): a judgment on a foreign-currency obligation is "converted into currency of the
        United States at the rate of exchange prevailing on the date of entry of the judgment or decree".
    US-FED, US-DE: no statute. Courts have used both the breach-day and the judgment-day rule; exequatur uses the
        day of entry, as Judiciary Law §27(b) does, and a matter fixes another day with `converted_on:` on the
        judgment when the court chose one.
    CA-ON: Courts of Justice Act, R.S.O. 1990, c. C.43, s.121(1): the order is for the Canadian-dollar amount
        needed to buy the foreign currency at a Schedule I bank "at the close of business on the first day on which
        the bank quotes a Canadian dollar rate for purchase of the foreign currency before the day payment of the
        obligation is received" — conversion on the business day before payment.
    GB-EW: Miliangos v. George Frank (Textiles) Ltd [1976] AC 443 (HL): judgment is given in the foreign currency
        and converted at the date the court authorises enforcement, i.e. at payment.
    FR: Cass. civ. 1re, 20 May 2009, no. 07-21.847: "la contre-valeur en euros d'une dette libellée en monnaie
        étrangère doit être fixée au jour du paiement, sauf si le retard apporté à celui-ci est imputable à l'une des
        parties".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from exequatur.model.instruments import Instrument, InstrumentKind


class ConvertAt(StrEnum):
    ENTRY = "entry"
    PAYMENT = "payment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversionRule:
    at: ConvertAt
    citation: str
    #: Payment-day forums quote the rate of the business day before payment (Ontario s.121).
    day_before: bool = False
    #: An entry-day forum whose judgments are always in its own currency (New York: Judiciary Law §27(b)).
    own_currency: str | None = None


CONVERSION: dict[str, ConversionRule] = {
    "US-NY": ConversionRule(at=ConvertAt.ENTRY, citation="N.Y. Judiciary Law §27(b)", own_currency="USD"),
    "US-FED": ConversionRule(
        at=ConvertAt.ENTRY,
        citation="no federal statute; the judgment day, as N.Y. Judiciary Law §27(b) (override: converted_on)",
    ),
    "US-DE": ConversionRule(
        at=ConvertAt.ENTRY, citation="no Delaware statute; judgment-day rule (override: converted_on)"
    ),
    "CA-ON": ConversionRule(
        at=ConvertAt.PAYMENT, citation="Courts of Justice Act, R.S.O. 1990, c. C.43, s.121(1)", day_before=True
    ),
    "GB-EW": ConversionRule(at=ConvertAt.PAYMENT, citation="Miliangos v. George Frank (Textiles) Ltd [1976] AC 443"),
    "FR": ConversionRule(at=ConvertAt.PAYMENT, citation="Cass. civ. 1re, 20 May 2009, no. 07-21.847 (day of payment)"),
}


def currency_problems(instrument: Instrument, basis_currency: str | None) -> list[str]:
    """What the forum's conversion rule forbids in the currency a judgment declares (for `check`).

    `basis_currency` is the currency of the instrument the judgment carries its sum from, if it does.
    """
    rule = CONVERSION.get(instrument.forum)
    if rule is None or instrument.kind is not InstrumentKind.JUDGMENT:
        return []
    problems = []
    foreign = instrument.carried and basis_currency is not None and basis_currency != instrument.currency
    if foreign and rule.at is ConvertAt.PAYMENT:
        problems.append(
            f"{instrument.forum} keeps a {basis_currency} sum in {basis_currency} until payment ({rule.citation}); "
            f"declare currency {basis_currency}"
        )
    if rule.own_currency is not None and instrument.currency != rule.own_currency:
        problems.append(
            f"a {instrument.forum} judgment is entered in {rule.own_currency} ({rule.citation}): a sum in another "
            "currency is converted on the day of entry"
        )
    return problems
