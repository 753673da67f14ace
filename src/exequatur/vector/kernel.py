"""The portfolio engine's inner loop: every judgment through its events in date order, in integers.

One function does it for all judgments at once. Compiled by numba it runs on 64-bit integers; the same Python
function, called on lists of Python integers, runs exactly where a sum could outgrow them. Each judgment points
at a shape: its rate per day as numerators over one denominator (DESIGN.md §7, no division before rounding), in
segments of days that share one rate (a term, and for act/act a calendar year of it), each with the sum of the
rates of the days before it. The interest on a base from one day to another is then the base times the
difference of two such sums: a term's end or a new year is not an event. The events are a judgment's
compounding anniversaries, its payments and the as-of date; an increase (France's five points) adds its rate
from its day on. On a day, interest accrues first, then a capitalization, then the payments in file order: a
payment goes to interest, then to capitalized interest, then to principal, and what is left beyond is kept apart
(the statement's `unapplied`).
"""

from __future__ import annotations

import bisect
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
    segment_offsets: Any,
    segment_start: Any,
    segment_rate: Any,
    segment_sum: Any,
    as_of_segment: Any,
    no_per_diem: Any,
    denominators: Any,
    months: Any,
    increase_factor: Any,
    largest: Any,
    month_first: Any,
    month_length: Any,
    month_of_day: Any,
    first_day: Any,
    as_of: Any,
    rows: Any,
    bounded: Any,
    increasing: Any,
    paying: Any,
    out_principal: Any,
    out_interest: Any,
    out_paid: Any,
    out_unapplied: Any,
    out_per_diem: Any,
    out_too_big: Any,
) -> None:
    """Balances of the judgments `rows` on `as_of`, written into the out_ arrays (per diem: -1 where no term is
    in force on the as-of date). A row whose shape is negative is not the loop's and is passed over.

    Shape s's segments are segment_offsets[s] to segment_offsets[s + 1]: each starts on segment_start (the
    first on the calendar's first day), has its rate per day, and segment_sum, the rates of the days from the
    first segment's start to its own; as_of_segment[s] holds the as-of date. The payments are read only where
    `paying` (else pay_offsets may be empty), the increase days only where `increasing`. A day d's month is
    month_of_day at d - first_day, an index into month_first. A rounding is half-up, (2n + d) // 2d. With
    `bounded`, a row whose sums could pass 2^62 (its base grown at the shape's `largest` rate, e^(rate × years)
    at most where it compounds, × that rate × its days, doubled for rounding; or what it was paid) is marked in
    out_too_big and left for the same loop on Python integers."""
    for j in prange(len(rows)):  # each judgment on its own: the compiled loop shares them among the cores
        i = rows[j]
        s = shape[i]
        if s < 0:
            continue
        d = denominators[s]
        step = months[s]
        extra = increase_factor[s]
        base = base_in[i]
        previous = entry[i]
        p = 0
        p_last = 0
        if paying:
            p = pay_offsets[i]
            p_last = pay_offsets[i + 1]
        x = NEVER
        if increasing:
            x = increase_day[i]
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
        last = as_of_segment[s]
        # The sum of the rates up to a day: the sum at its segment's start and the segment's rate since.
        k = segment_offsets[s]
        while k < last and segment_start[k + 1] <= previous:
            k += 1
        summed = segment_sum[k] + segment_rate[k] * (previous - segment_start[k])
        anniversary_k = 1
        anniversary = NEVER
        month0 = month_of_day[previous - first_day]
        day_of_month = previous - month_first[month0]
        if step > 0:
            m = month0 + step
            anniversary = month_first[m] + min(day_of_month, month_length[m] - 1)
            if anniversary > as_of:
                anniversary = NEVER
        # The events before the as-of date, each a payment's day or an anniversary (both none in the usual case).
        while p < p_last or anniversary != NEVER:
            day = anniversary
            if p < p_last and pay_day[p] < day:
                day = pay_day[p]
            while k < last and segment_start[k + 1] <= day:
                k += 1
            now = segment_sum[k] + segment_rate[k] * (day - segment_start[k])
            raised = max(0, day - max(previous, x))  # the days since the increase started
            accrued += (base + capitalized) * (now - summed + extra * raised)
            summed = now
            previous = day
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
        now = segment_sum[last] + segment_rate[last] * (as_of - segment_start[last])
        accrued += (base + capitalized) * (now - summed + extra * max(0, as_of - max(previous, x)))
        out_principal[i] = base
        out_interest[i] = capitalized + (accrued * 2 + d) // (2 * d)
        out_paid[i] = paid
        out_unapplied[i] = beyond
        # The per diem: a day's interest on the base in force on the as-of date, at the rate in force then.
        if no_per_diem[s]:
            out_per_diem[i] = -1
        else:
            factor = segment_rate[last]
            if as_of >= x:
                factor += extra
            out_per_diem[i] = ((base + capitalized) * factor * 2 + d) // (2 * d)


def walk(*args: Any, exact: bool) -> None:
    """Run `_walk` compiled on int64 arrays, or (exact) as plain Python on lists of Python integers (the out_
    arrays stay arrays, of objects)."""
    if exact:
        _walk(*(a.tolist() if isinstance(a, np.ndarray) and k < len(args) - 6 else a for k, a in enumerate(args)))
    else:
        _walk_compiled(*args)


_walk_compiled = njit(cache=True, nogil=True, parallel=True, error_model="numpy")(_walk)


@dataclass(frozen=True, slots=True)
class Segments:
    """Shapes as the loop reads them (see _walk): for shape s, segments offsets[s] to offsets[s + 1], each with
    its first day, rate per day and the sum of the rates before it; the segment of the as-of date, and whether
    no term is in force then (no per diem)."""

    offsets: np.ndarray
    start: np.ndarray
    rate: np.ndarray
    summed: np.ndarray
    as_of: np.ndarray
    no_per_diem: np.ndarray


def segments(
    shapes: list[tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], bool, bool]],
    first_day: int,
    as_of: int,
    year_first: np.ndarray,
    year_leap: np.ndarray,
) -> Segments:
    """The segments of each shape (its term ends, rates per day after each count of ends passed, the same in a
    leap year, whether it counts act/act and whether its last term ends), from `first_day` to `as_of`: a new
    segment where a term ends, and for act/act on each 1 January; neighbours of one rate are merged. The sums
    fit 64 bits: a shape's rate times the days to the as-of date."""
    offsets = [0]
    start: list[int] = []
    rate: list[int] = []
    summed: list[int] = []
    last: list[int] = []
    none: list[bool] = []
    new_years = [int(y) for y in year_first.tolist() if first_day < y <= as_of]
    leap_of = dict(zip(year_first.tolist(), year_leap.tolist(), strict=True))
    first_year = int(year_first[np.searchsorted(year_first, first_day, side="right") - 1])
    for ends, factors, leaps, act_act, last_ends in shapes:
        days = sorted({first_day, *(e for e in ends if first_day < e <= as_of), *(new_years if act_act else ())})
        year = first_year
        for day in days:
            if act_act and day in leap_of:
                year = day
            passed = bisect.bisect_right(ends, day)
            factor = leaps[passed] if act_act and leap_of[year] else factors[passed]
            total = 0
            if len(start) > offsets[-1]:  # the shape has a segment before this day
                if factor == rate[-1]:
                    continue
                total = summed[-1] + rate[-1] * (day - start[-1])
            start.append(day)
            rate.append(factor)
            summed.append(total)
        offsets.append(len(start))
        last.append(len(start) - 1)
        none.append(last_ends and bool(ends) and as_of >= ends[-1])
    return Segments(
        offsets=np.array(offsets, np.int64),
        start=np.array(start, np.int64),
        rate=np.array(rate, np.int64),
        summed=np.array(summed, np.int64),
        as_of=np.array(last, np.int64),
        no_per_diem=np.array(none, np.bool_),
    )


def _order(judgment: Any, day: Any, amount: Any, first: Any, last: Any, count: int, parts: int) -> tuple[Any, Any, Any]:
    """The payments whose day lies from each judgment's `first` to `last` day, grouped by judgment (0 to
    count - 1), by day within one, in file order within a day: a counting sort by judgment (placing from the
    end, which keeps file order), then a stable sort of each judgment's days (insertion for a few, merge sort
    for many; the judgments shared among the cores). Payments already grouped by judgment, in the judgments'
    order (a file sorted by account), are counted and placed in `parts` stretches at once instead, each
    stretch's judgments its own. Returns their days, their amounts and each judgment's first place among them
    (count + 1 offsets), without an index array of the payments' own size."""
    grouped = True
    for k in range(1, len(judgment)):
        if judgment[k] < judgment[k - 1]:
            grouped = False
            break
    if grouped and len(judgment) > 0:
        days, amounts, offsets = _grouped(judgment, day, amount, first, last, count, parts)
        _by_day(days, amounts, offsets, count)
        return days, amounts, offsets
    ends = np.zeros(count + 3, np.int64)
    for k in range(len(judgment)):
        j = judgment[k]
        if first[j] <= day[k] <= last:
            ends[j + 2] += 1
    for j in range(count):
        ends[j + 2] += ends[j + 1]
    # ends[j + 2] is now where judgment j's payments end; placing from the back leaves it where they start.
    total = ends[count + 1]
    days = np.empty(total, np.int64)
    amounts = np.empty(total, np.int64)
    for k in range(len(judgment) - 1, -1, -1):
        j = judgment[k]
        if first[j] <= day[k] <= last:
            ends[j + 2] -= 1
            days[ends[j + 2]] = day[k]
            amounts[ends[j + 2]] = amount[k]
    offsets = ends[2:]
    offsets[count] = total
    _by_day(days, amounts, offsets, count)
    return days, amounts, offsets


@njit(cache=True, nogil=True, parallel=True)
def _grouped(
    judgment: Any, day: Any, amount: Any, first: Any, last: Any, count: int, parts: int
) -> tuple[Any, Any, Any]:
    """_order's counting and placing for payments grouped by judgment in ascending order: `parts` stretches of
    the payments, cut where the judgment changes, each counted and then placed (in file order) on its own core."""
    n = len(judgment)
    cuts = np.zeros(parts + 1, np.int64)
    cuts[parts] = n
    for c in range(1, parts):
        k = max(n * c // parts, cuts[c - 1])
        while 0 < k < n and judgment[k] == judgment[k - 1]:
            k += 1
        cuts[c] = k
    ends = np.zeros(count + 1, np.int64)
    for c in prange(parts):
        for k in range(cuts[c], cuts[c + 1]):
            j = judgment[k]
            if first[j] <= day[k] <= last:
                ends[j + 1] += 1
    for j in range(count):
        ends[j + 1] += ends[j]
    days = np.empty(ends[count], np.int64)
    amounts = np.empty(ends[count], np.int64)
    for c in prange(parts):
        a = cuts[c]
        if a == cuts[c + 1]:
            continue
        at = ends[judgment[a]]
        for k in range(a, cuts[c + 1]):
            if first[judgment[k]] <= day[k] <= last:
                days[at] = day[k]
                amounts[at] = amount[k]
                at += 1
    return days, amounts, ends


@njit(cache=True, nogil=True, parallel=True)
def _by_day(days: Any, amounts: Any, offsets: Any, count: int) -> None:
    """Each judgment's payments (offsets[j] to offsets[j + 1]) put in day order, stably, in place."""
    for j in prange(count):  # each judgment's payments on their own: shared among the cores
        a, b = offsets[j], offsets[j + 1]
        if b - a > 32:
            own = np.argsort(days[a:b], kind="mergesort")
            days[a:b] = days[a:b][own]
            amounts[a:b] = amounts[a:b][own]
            continue
        for t in range(a + 1, b):
            d = days[t]
            m = amounts[t]
            u = t - 1
            while u >= a and days[u] > d:
                days[u + 1] = days[u]
                amounts[u + 1] = amounts[u]
                u -= 1
            days[u + 1] = d
            amounts[u + 1] = m


payment_order = njit(cache=True, nogil=True, parallel=True)(_order)


def _dense(values: Any, lo: int, span: int, parts: int, inverse: Any) -> tuple[Any, Any, Any]:
    """For integers between lo and lo + span - 1: the distinct ones in order, each value's index among them
    (written into `inverse`, which may be `values` itself: each row is read before it is written), and for each
    distinct one the last row holding it, by a table of the span (no sort). With `parts` > 1 the rows are read
    in that many stretches at once, each into its own table, and the tables are joined taking the last row: the
    same answer as one pass, whatever the cores."""
    n = len(values)
    number = np.full(span, -1, np.int64)
    if parts > 1:
        last = np.full((parts, span), -1, np.int64)
        for c in prange(parts):
            for k in range(n * c // parts, n * (c + 1) // parts):
                last[c, values[k] - lo] = k
        for v in prange(span):
            for c in range(parts):
                number[v] = max(number[v], last[c, v])
    else:
        for k in range(n):
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
    for k in prange(n):
        inverse[k] = number[values[k] - lo]
    return found, inverse, holder


dense = njit(cache=True, nogil=True, parallel=True)(_dense)


def _fact_keys(
    forum: Any, currency: Any, consumer: Any, individual: Any, entry: Any, currencies: int, lo: int, span: int
) -> Any:
    """Each row's forum, currency, consumer-debt and individual-creditor facts and entry day as one integer,
    in mixed radix (the day last, counted from `lo`, over `span` days), in one pass shared among the cores."""
    out = np.empty(len(entry), np.int64)
    for k in prange(len(entry)):
        facts = ((forum[k] * currencies + currency[k]) * 2 + consumer[k]) * 2 + individual[k]
        out[k] = facts * span + entry[k] - lo
    return out


fact_keys = njit(cache=True, nogil=True, parallel=True)(_fact_keys)


def _enforce_facts(
    forum: Any, table_row: Any, stated: Any, entry: Any, enforce: Any, unknown: int, parts: int
) -> tuple[Any, Any, Any]:
    """The first and last enforceable day (days since 1970; (0, -1): none) of the rows whose forum raises its rate
    from it (table_row, by forum code, >= 0) and which state no rate of their own, counting only days not before
    the row's entry; and whether any other row has an enforceable day (a fact its rule reads). In `parts`
    stretches of the rows at once, each with its own answer, joined after."""
    n = len(entry)
    lows = np.full(parts, np.int64(2**62))
    highs = np.full(parts, np.int64(-(2**62)))
    others = np.zeros(parts, np.bool_)
    for c in prange(parts):
        lo = np.int64(2**62)
        hi = np.int64(-(2**62))
        other = False
        for k in range(n * c // parts, n * (c + 1) // parts):
            e = enforce[k]
            if e == unknown:
                continue
            if table_row[forum[k]] >= 0 and not stated[k]:
                if e >= entry[k]:
                    lo = min(lo, e)
                    hi = max(hi, e)
            else:
                other = True
        lows[c], highs[c], others[c] = lo, hi, other
    lo, hi = lows.min(), highs.max()
    if lo > hi:
        return np.int64(0), np.int64(-1), others.any()
    return lo, hi, others.any()


def _raised_days(
    forum: Any, table_row: Any, stated: Any, entry: Any, enforce: Any, unknown: int, lo: int, span: int, parts: int
) -> Any:
    """Which days from `lo` (of `span`) are the enforceable day of a row that _enforce_facts counts, by the
    table row of its forum: a (forums, span) table of flags, each of `parts` stretches of the rows marking its
    own table, joined after."""
    forums = int(table_row.max()) + 1
    marks = np.zeros((parts, forums, span), np.bool_)
    n = len(entry)
    for c in prange(parts):
        for k in range(n * c // parts, n * (c + 1) // parts):
            e = enforce[k]
            t = table_row[forum[k]]
            if t >= 0 and not stated[k] and e != unknown and e >= entry[k]:
                marks[c, t, e - lo] = True
    seen = np.zeros((forums, span), np.bool_)
    for c in range(parts):
        seen |= marks[c]
    return seen


def _row_shapes(
    which: Any,
    regime_of_key: Any,
    plain: Any,
    raised: Any,
    forum: Any,
    table_row: Any,
    stated: Any,
    entry: Any,
    enforce: Any,
    unknown: int,
    lo: int,
    start_of_day: Any,
    code_of_day: Any,
    starts: Any,
    one_by_one: int,
) -> None:
    """Each row's shape, written over `which` (the row's index among the distinct keys). A row's key has a
    regime (regime_of_key; a negative one is kept as it is), read as plain[regime]; a row that _enforce_facts
    counts reads raised[regime, code] instead, the code of its enforceable day's points (code_of_day, by its
    forum's table row, from `lo`; 0 where no day is known), its increase's first day written into `starts`.
    Such a row enforceable before its entry, or on a day no law places (code -1), is `one_by_one`: its error
    is the per-matter engine's. One pass, each row on its own, shared among the cores."""
    for k in prange(len(which)):
        regime = regime_of_key[which[k]]
        t = table_row[forum[k]]
        if t >= 0 and not stated[k]:
            code = 0
            e = enforce[k]
            if e != unknown:
                if e < entry[k]:
                    code = -1
                else:
                    code = code_of_day[t, e - lo]
                    if code >= 0:
                        starts[k] = start_of_day[t, e - lo]
            if regime < 0:
                which[k] = regime
            elif code < 0:
                which[k] = one_by_one
            else:
                which[k] = raised[regime, code]
        else:
            which[k] = regime if regime < 0 else plain[regime]


enforce_facts = njit(cache=True, nogil=True, parallel=True)(_enforce_facts)
raised_days = njit(cache=True, nogil=True, parallel=True)(_raised_days)
row_shapes = njit(cache=True, nogil=True, parallel=True)(_row_shapes)


def _first_credited(judgment: Any, day: Any, first: Any, last: int, count: int) -> Any:
    """Each judgment's first payment day from its `first` day to `last` (NEVER: none), as _order would put it
    first; one pass, without waiting for the order."""
    out = np.full(count, NEVER, np.int64)
    for k in range(len(judgment)):
        j = judgment[k]
        d = day[k]
        if first[j] <= d <= last and d < out[j]:
            out[j] = d
    return out


def _credited_of(judgment: Any, day: Any, first: Any, last: int, wanted: Any) -> Any:
    """The places, in file order, of the payments of the `wanted` judgments from each one's `first` day to `last`:
    the payments _order keeps for them."""
    found = 0
    for k in range(len(judgment)):
        j = judgment[k]
        if wanted[j] and first[j] <= day[k] <= last:
            found += 1
    out = np.empty(found, np.int64)
    found = 0
    for k in range(len(judgment)):
        j = judgment[k]
        if wanted[j] and first[j] <= day[k] <= last:
            out[found] = k
            found += 1
    return out


first_credited = njit(cache=True, nogil=True)(_first_credited)
credited_of = njit(cache=True, nogil=True)(_credited_of)


def _touch(column: Any) -> None:
    """Write a zero on each 4 KB page of a fresh zeroed column, so that the system gives it its pages now."""
    step = max(1, 4096 // column.itemsize)
    for k in range(0, len(column), step):
        column[k] = 0


touch = njit(cache=True, nogil=True)(_touch)


def _group_sums(
    groups: Any, count: int, ok: Any, principal: Any, interest: Any, paid: Any, unapplied: Any, per_diem: Any
) -> Any:
    """Per group, in one pass: judgments, those not ok, and the sums of principal, interest, paid, unapplied and
    per diem (a per diem below zero, none, is left out) of the ok ones, each sum as its high and low 32 bits
    summed apart (columns 2-11), so that no sum of 2^31 rows can pass 64 bits; the caller joins them as Python
    integers; and the ok ones without a per diem (column 12)."""
    out = np.zeros((count, 13), np.int64)
    mask = np.int64(2**32 - 1)
    for k in range(len(groups)):
        g = groups[k]
        out[g, 0] += 1
        if not ok[k]:
            out[g, 1] += 1
            continue
        for c, v in enumerate((principal[k], interest[k], paid[k], unapplied[k], per_diem[k])):
            if c == 4 and v < 0:
                out[g, 12] += 1
                continue
            out[g, 2 + 2 * c] += v >> 32
            out[g, 3 + 2 * c] += v & mask
    return out


group_sums = njit(cache=True, nogil=True)(_group_sums)


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
