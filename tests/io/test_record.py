"""io.record: the matter's record as plain data, with ISO dates, decimal strings and each item's line."""

from __future__ import annotations

import json

from exequatur.io.record import record_json
from tests.conftest import matter_from

MATTER = """
matter: r
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: j, kind: judgment, forum: US-NY, date: 2020-01-02, currency: USD, amounts: [{label: x, amount: "1000"}]}
proceedings:
  - {id: p, kind: recognition, forum: US-NY, court: Sup. Ct., filed: 2019-05-01, decided: 2020-01-02, result: j}
assets:
  - {id: acct, description: a bank account, location: New York, source: "subpoena return"}
actions:
  - id: levy
    kind: writ-of-execution
    date: 2020-03-01
    instrument: j
    asset: acct
    recoveries:
      - {date: 2020-04-01, amount: "250.5", currency: USD, source: "marshal's return"}
      - {date: 2020-03-15, amount: "100", currency: USD}
payments:
  - {date: 2020-02-01, amount: "10", currency: USD, instrument: j}
"""


def test_the_record_as_data() -> None:
    data = record_json(matter_from(MATTER))
    json.dumps(data)  # plain JSON types only
    (proceeding,) = data["proceedings"]
    assert (proceeding["filed"], proceeding["decided"], proceeding["court"]) == ("2019-05-01", "2020-01-02", "Sup. Ct.")
    assert proceeding["at"] == {"file": "<test>", "line": 8}
    (asset,) = data["assets"]
    assert (asset["location"], asset["owner"], asset["source"]) == ("New York", None, "subpoena return")
    (action,) = data["actions"]
    assert (action["date"], action["instrument"], action["asset"]) == ("2020-03-01", "j", "acct")
    # Recoveries only (not the payment of 10), in date order, sums with the currency's two decimals.
    assert [(r["date"], r["amount"]) for r in data["recoveries"]] == [
        ("2020-03-15", "100.00"),
        ("2020-04-01", "250.50"),
    ]
    assert data["recoveries"][1]["source"] == "marshal's return"
    assert all("levy" in r["recovered_under"] for r in data["recoveries"])
    assert [r["at"]["line"] for r in data["recoveries"]] == [19, 18]
