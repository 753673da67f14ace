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

from dataclasses import dataclass
from typing import Any

import numpy as np
from numba import njit, prange

#: No day: later than any day a judgment can reach.
NEVER = 2**40
#: Below this every sum fits a signed 64-bit integer with room to spare (kernel's bound, a quarter of 2^64).
SAFE = 2.0**62


def _walk(
    shape: Any,
    base_in: Any,
    entry: Any,
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
    largest: Any,
    month_first: Any,
    month_length: Any,
    month_of_day: Any,
    year_first: Any,
    year_leap: Any,
    year_of_day: Any,
    first_day: Any,
    as_of: Any,
    rows: Any,
    bounded: Any,
    out_principal: Any,
    out_interest: Any,
    out_paid: Any,
    out_unapplied: Any,
    out_per_diem: Any,
    out_too_big: Any,
) -> None:
    """Balances of the judgments `rows` on `as_of`, written into the out_ arrays (per diem: -1 where no term is
    in force on the as-of date). A row whose shape is negative is not the loop's and is passed over. Shape s's
    ends are ends[end_offsets[s]:end_offsets[s + 1]]; its rates, one more than its ends (0 after the last where
    the last term ends), start at factors[end_offsets[s] + s]. A day d's month and year are month_of_day and
    year_of_day at d - first_day, indices into month_first and year_first. A rounding is half-up, (2n + d) // 2d.
    With `bounded`, a row whose sums could pass 2^62 (its base grown at the shape's `largest` rate, e^(rate ×
    years) at most where it compounds, × that rate × its days, doubled for rounding; or what it was paid) is
    marked in out_too_big and left for the same loop on Python integers."""
    for j in prange(len(rows)):  # each judgment on its own: the compiled loop shares them among the cores
        i = rows[j]
        s = shape[i]
        if s < 0:
            continue
        first_end = end_offsets[s]
        last_end = end_offsets[s + 1]
        d = denominators[s]
        step = months[s]
        leap_year_count = act_act[s]
        extra = increase_factor[s]
        factor_at = first_end + s
        base = base_in[i]
        previous = entry[i]
        p = pay_offsets[i]
        p_last = pay_offsets[i + 1]
        if bounded:
            days = max(as_of - previous, 1)
            rate = largest[s]
            growth = 1.0
            if step > 0:
                growth = np.exp(rate / d * 366 * (days / 365 + 1))
            bound = 2.0 * base * growth * rate * days + 2.0 * d
            received = 0.0
            for q in range(p, p_last):
                received += pay_amount[q]
            if not bound < SAFE or received >= SAFE:
                out_too_big[i] = True
                continue
        capitalized = base * 0
        accrued = base * 0
        paid = base * 0
        beyond = base * 0
        x = increase_day[i]
        k_end = first_end
        while k_end < last_end and ends[k_end] <= previous:
            k_end += 1
        year = year_of_day[previous - first_day]
        anniversary_k = 1
        anniversary = NEVER
        month0 = month_of_day[previous - first_day]
        day_of_month = previous - month_first[month0]
        if step > 0:
            m = month0 + step
            anniversary = month_first[m] + min(day_of_month, month_length[m] - 1)
        # The usual case, one stretch to the as-of date: no payment, capitalization, year or term end, or
        # increase on the way. It is the loop's one pass, written out.
        simple = p == p_last and step == 0 and not leap_year_count and not previous < x <= as_of
        if simple and (k_end == last_end or ends[k_end] > as_of):
            factor = factors[factor_at + k_end - first_end]
            if previous >= x:
                factor += extra
            accrued += base * factor * (as_of - previous)
            previous = as_of
        while previous < as_of or p < p_last or anniversary <= as_of:
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
            if leap_year_count:
                year = year_of_day[day - first_day]
            if anniversary == day:
                capitalized += (accrued * 2 + d) // (2 * d)
                accrued = accrued * 0
                anniversary_k += 1
                m = month0 + step * anniversary_k
                anniversary = month_first[m] + min(day_of_month, month_length[m] - 1)
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
        _walk(*(a.tolist() if isinstance(a, np.ndarray) and k < len(args) - 6 else a for k, a in enumerate(args)))
    else:
        _walk_compiled(*args)


_walk_compiled = njit(cache=True, nogil=True, parallel=True, error_model="numpy")(_walk)


def _order(judgment: Any, day: Any, keep: Any, count: int) -> tuple[Any, Any]:
    """The rows of `keep` grouped by judgment (0 to count - 1), by day within one, in file order within a day:
    a counting sort by judgment, then a stable sort of each judgment's days (insertion for a few, merge sort
    for many). Returns the rows in that order and each judgment's first place among them (count + 1 offsets)."""
    offsets = np.zeros(count + 1, np.int64)
    for k in range(len(judgment)):
        if keep[k]:
            offsets[judgment[k] + 1] += 1
    for j in range(count):
        offsets[j + 1] += offsets[j]
    place = offsets[:-1].copy()
    order = np.empty(offsets[count], np.int64)
    for k in range(len(judgment)):
        if keep[k]:
            order[place[judgment[k]]] = k
            place[judgment[k]] += 1
    for j in range(count):
        a, b = offsets[j], offsets[j + 1]
        if b - a > 32:
            own = order[a:b].copy()
            order[a:b] = own[np.argsort(day[own], kind="mergesort")]
            continue
        for t in range(a + 1, b):
            row = order[t]
            u = t - 1
            while u >= a and day[order[u]] > day[row]:
                order[u + 1] = order[u]
                u -= 1
            order[u + 1] = row
    return order, offsets


payment_order = njit(cache=True, nogil=True)(_order)


def _dense(values: Any, lo: int, span: int) -> tuple[Any, Any, Any]:
    """For integers between lo and lo + span - 1: the distinct ones in order, each value's index among them,
    and for each distinct one the last row holding it, by a table of the span (two passes, no sort)."""
    number = np.full(span, -1, np.int64)
    for k in range(len(values)):
        number[values[k] - lo] = k
    count = 0
    for v in range(span):
        if number[v] >= 0:
            count += 1
    found = np.empty(count, np.int64)
    holder = np.empty(count, np.int64)
    count = 0
    for v in range(span):
        if number[v] >= 0:
            found[count] = v + lo
            holder[count] = number[v]
            number[v] = count
            count += 1
    inverse = np.empty(len(values), np.int64)
    for k in range(len(values)):
        inverse[k] = number[values[k] - lo]
    return found, inverse, holder


dense = njit(cache=True, nogil=True)(_dense)


def _fact_keys(
    forum: Any, currency: Any, consumer: Any, individual: Any, entry: Any, currencies: int, lo: int, span: int
) -> Any:
    """Each row's forum, currency, consumer-debt and individual-creditor facts and entry day as one integer,
    in mixed radix (the day last, counted from `lo`, over `span` days), in one pass."""
    out = np.empty(len(entry), np.int64)
    for k in range(len(entry)):
        facts = ((forum[k] * currencies + currency[k]) * 2 + consumer[k]) * 2 + individual[k]
        out[k] = facts * span + entry[k] - lo
    return out


fact_keys = njit(cache=True, nogil=True)(_fact_keys)


@dataclass(frozen=True, slots=True)
class Calendar:
    """Day, month and year tables from the first month of a portfolio's first day to a year past its as-of date,
    from numpy's calendar: each month's first day (days since 1970) and length, each year's 1 January and
    whether it is a leap year, and for each day (from `first_day`) the index of its month and of its year."""

    first_day: int
    month_first: np.ndarray
    month_length: np.ndarray
    month_of_day: np.ndarray
    year_first: np.ndarray
    year_leap: np.ndarray
    year_of_day: np.ndarray


def calendar(first: int, as_of: int) -> Calendar:
    """The tables for days from `first` to `as_of` (days since 1970), and the anniversaries a year on."""
    epoch = np.datetime64("1970-01-01", "D")
    first_month = (epoch + first).astype("datetime64[M]")
    last_month = (epoch + as_of).astype("datetime64[M]") + 14
    month_days = np.arange(first_month, last_month + 1).astype("datetime64[D]").astype(np.int64)
    month_first, month_length = month_days[:-1], np.diff(month_days)
    first_year = first_month.astype("datetime64[Y]")
    year_days = np.arange(first_year, last_month.astype("datetime64[Y]") + 2).astype("datetime64[D]").astype(np.int64)
    years = year_days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    span = np.arange(month_days[0], month_days[-1])
    return Calendar(
        first_day=int(month_days[0]),
        month_first=month_first,
        month_length=month_length,
        month_of_day=np.repeat(np.arange(len(month_first)), month_length),
        year_first=year_days,
        year_leap=(years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0)),
        year_of_day=np.searchsorted(year_days, span, side="right") - 1,
    )
