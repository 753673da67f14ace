"""The portfolio engine's inner loop: every judgment through its events in date order, in integers.

One function does it for all judgments at once. Compiled by numba it runs on 64-bit integers; the same Python
function, called on object arrays of Python integers, runs exactly where a sum could outgrow them. Each judgment
points at a shape: its terms' end days and rates per day, as numerators over one denominator (DESIGN.md §7, no
division before rounding). Its events are the days those terms end, the 1 Januaries of an act/act year, the day
an increase starts, its compounding anniversaries, its payments and the as-of date. On a day, interest accrues
first, then a capitalization, then the payments in file order: a payment goes to interest, then to capitalized
interest, then to principal, and what is left beyond is kept apart (the statement's `unapplied`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit, prange

#: No day: later than any day a judgment can reach.
NEVER = 2**40


def _walk(
    shape: Any,
    base_in: Any,
    entry: Any,
    month0: Any,
    day_of_month: Any,
    increase_day: Any,
    pay_offsets: Any,
    pay_day: Any,
    pay_amount: Any,
    end_offsets: Any,
    ends: Any,
    factors: Any,
    leap_factors: Any,
    denominators: Any,
    months: Any,
    act_act: Any,
    increase_factor: Any,
    last_ends: Any,
    month_first: Any,
    month_length: Any,
    year_first: Any,
    year_leap: Any,
    as_of: Any,
    rows: Any,
    out_principal: Any,
    out_interest: Any,
    out_paid: Any,
    out_unapplied: Any,
    out_per_diem: Any,
) -> None:
    """Balances of the judgments `rows` on `as_of`, written into the out_ arrays (per diem: -1 where no term is
    in force on the as-of date). Shape s's ends are ends[end_offsets[s]:end_offsets[s + 1]]; its rates, one more
    than its ends (0 after the last where the last term ends), start at factors[end_offsets[s] + s]. Months are
    numbered as month_first's index, years as year_first's; a rounding is half-up, (2n + d) // 2d."""
    for j in prange(len(rows)):  # each judgment on its own: the compiled loop shares them among the cores
        i = rows[j]
        s = shape[i]
        first_end = end_offsets[s]
        last_end = end_offsets[s + 1]
        d = denominators[s]
        step = months[s]
        leap_year_count = act_act[s]
        extra = increase_factor[s]
        factor_at = first_end + s
        base = base_in[i]
        capitalized = base * 0
        accrued = base * 0
        paid = base * 0
        beyond = base * 0
        previous = entry[i]
        x = increase_day[i]
        k_end = first_end
        while k_end < last_end and ends[k_end] <= previous:
            k_end += 1
        year = 0
        while year + 1 < len(year_first) and year_first[year + 1] <= previous:
            year += 1
        anniversary_k = 1
        anniversary = NEVER
        if step > 0:
            m = month0[i] + step
            anniversary = month_first[m] + min(day_of_month[i], month_length[m] - 1)
        p = pay_offsets[i]
        p_last = pay_offsets[i + 1]
        while True:
            day = as_of
            if k_end < last_end and ends[k_end] < day:
                day = ends[k_end]
            if leap_year_count and year + 1 < len(year_first) and year_first[year + 1] < day:
                day = year_first[year + 1]
            if previous < x < day:
                day = x
            if anniversary < day:
                day = anniversary
            if p < p_last and pay_day[p] < day:
                day = pay_day[p]
            # The rate in force from `previous`: the term after the ends passed, its leap-year rate for act/act.
            k = k_end - first_end
            factor = leap_factors[factor_at + k] if leap_year_count and year_leap[year] else factors[factor_at + k]
            if previous >= x:
                factor += extra
            accrued += (base + capitalized) * factor * (day - previous)
            previous = day
            while k_end < last_end and ends[k_end] <= day:
                k_end += 1
            while year + 1 < len(year_first) and year_first[year + 1] <= day:
                year += 1
            if anniversary == day:
                capitalized += (accrued * 2 + d) // (2 * d)
                accrued = accrued * 0
                anniversary_k += 1
                m = month0[i] + step * anniversary_k
                anniversary = month_first[m] + min(day_of_month[i], month_length[m] - 1)
                if anniversary > as_of:
                    anniversary = NEVER
            while p < p_last and pay_day[p] == day:
                money = pay_amount[p]
                interest = (accrued * 2 + d) // (2 * d)
                due = interest + capitalized
                if money >= due:
                    take = due
                    accrued = accrued * 0
                    capitalized = capitalized * 0
                else:
                    take = money
                    if take <= interest:
                        accrued = (interest - take) * d
                    else:
                        accrued = accrued * 0
                        capitalized = due - take
                to_principal = min(money - take, base)
                base -= to_principal
                paid += money
                beyond += money - take - to_principal
                p += 1
            if day == as_of and p >= p_last and anniversary > as_of:
                break
        out_principal[i] = base
        out_interest[i] = capitalized + (accrued * 2 + d) // (2 * d)
        out_paid[i] = paid
        out_unapplied[i] = beyond
        # The per diem: a day's interest on the base in force on the as-of date, at the rate in force then.
        k = k_end - first_end
        factor = leap_factors[factor_at + k] if leap_year_count and year_leap[year] else factors[factor_at + k]
        if previous >= x:
            factor += extra
        if last_ends[s] and k == last_end - first_end:
            out_per_diem[i] = -1
        else:
            out_per_diem[i] = ((base + capitalized) * factor * 2 + d) // (2 * d)


def walk(*args: Any, exact: bool) -> None:
    """Run `_walk` compiled on int64 arrays, or (exact) as plain Python on lists of Python integers (the out_
    arrays stay arrays, of objects)."""
    if exact:
        _walk(*(a.tolist() if isinstance(a, np.ndarray) and k < len(args) - 5 else a for k, a in enumerate(args)))
    else:
        _walk_compiled(*args)


_walk_compiled = njit(cache=True, nogil=True, parallel=True)(_walk)


def month_tables(first_month: int, last_month: int) -> tuple[np.ndarray, np.ndarray]:
    """For months numbered from 1970-01 (0) between the two given: each one's first day (days since 1970) and
    its length in days, from numpy's calendar."""
    months = np.arange(first_month, last_month + 2).astype("datetime64[M]")
    firsts = months.astype("datetime64[D]").astype(np.int64)
    return firsts[:-1], np.diff(firsts)
