"""The compiled loop's helpers against plain Python: the payments' order and the plan's passes."""

from __future__ import annotations

import numpy as np
import pytest

from exequatur.vector import kernel


@pytest.mark.parametrize("grouped", [False, True])
def test_payments_are_ordered_as_a_stable_sort_by_judgment_then_day(grouped: bool) -> None:
    # The reference: the payments each judgment credits (from its first day to the last), sorted by judgment and
    # then day with Python's stable sort, so that payments of one day keep their file order. Files grouped by
    # judgment take the path that counts and places them in stretches, one per core (1, 2, 3 and 7 stretches).
    rng = np.random.default_rng(20261202)
    for _ in range(200):
        count, n = int(rng.integers(1, 30)), int(rng.integers(0, 150))
        judgment = rng.integers(0, count, n).astype(np.int64)
        if grouped:
            judgment.sort()
        day = rng.integers(0, 50, n).astype(np.int64)
        amount = np.arange(1, n + 1, dtype=np.int64)
        first = rng.integers(0, 20, count).astype(np.int64)
        kept = sorted(
            ((int(judgment[k]), int(day[k]), k) for k in range(n) if first[judgment[k]] <= day[k] <= 40),
            key=lambda t: (t[0], t[1]),
        )
        per_judgment = np.bincount([j for j, _, _ in kept], minlength=count) if kept else np.zeros(count, np.int64)
        for parts in (1, 2, 3, 7):
            days, amounts, offsets = kernel.payment_order(judgment, day, amount, first, 40, count, parts)
            assert days.tolist() == [d for _, d, _ in kept]
            assert amounts.tolist() == [int(amount[k]) for _, _, k in kept]
            assert offsets.tolist() == [0, *np.cumsum(per_judgment).tolist()]


def test_touching_a_fresh_column_leaves_it_zero() -> None:
    # balances() touches its output columns on the ordering thread before the loop writes them: every page, and
    # no value but a zero.
    from exequatur.vector.kernel import touch

    for dtype, count in ((np.int64, 1_000_003), (np.bool_, 10_001), (np.int64, 0)):
        column = np.zeros(count, dtype)
        touch(column)
        assert not column.any()


@pytest.mark.parametrize("parts", [1, 2, 7])
def test_the_dense_table_read_in_stretches_gives_one_passes_answer(parts: int) -> None:
    # np.unique gives the distinct values and each row's index; the holder is the last row with the value.
    rng = np.random.default_rng(parts)
    values = rng.integers(1_000, 1_500, 10_001).astype(np.int64)
    distinct, index = np.unique(values, return_inverse=True)
    last = {int(v): k for k, v in enumerate(values.tolist())}
    found, inverse, holder = kernel.dense(values, 1_000, 500, parts, values)  # written over its own values
    assert inverse is values
    assert found.tolist() == distinct.tolist()
    assert inverse.tolist() == index.tolist()
    assert holder.tolist() == [last[int(v)] for v in distinct]
