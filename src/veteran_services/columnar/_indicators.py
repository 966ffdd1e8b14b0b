"""The indicators of :mod:`veteran_services.scoring.indicators` over whole columns: each
gives the raw values (NaN where missing) and where the indicator is present."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services.columnar._calendar import day_number, whole_months, ymd
from veteran_services.columnar._columns import (
    arrow_of,
    booleans,
    column_of,
    day_numbers,
    encode_together,
    numbers,
    validity,
    value_codes,
)
from veteran_services.columnar._inputs import Keys, Placements, popcount, same_currency
from veteran_services.model import TERM_CONTRACTS, ContractType, EnrolmentOutcome
from veteran_services.scoring import CONTRACT_SECURITY, LabourMarket
from veteran_services.scoring.indicators import TERM_BONUS, TERM_MONTHS

__all__ = [
    "Values",
    "contract_security",
    "earnings_to_median",
    "earnings_to_minimum",
    "hourly_wage",
    "no_hourly_minimum",
    "retention",
    "skills_match",
    "social_insurance",
    "working_time",
]


Values = tuple[np.ndarray, np.ndarray]  # raw values (NaN where missing), present mask


def hourly_wage(p: Placements) -> tuple[np.ndarray, np.ndarray]:
    """Hourly wage (wage ÷ (hours × paid weeks a month)) and where it is known; computed once
    per call (two indicators, a check and the flags need it)."""
    if p.hourly is None:
        known = ~np.isnan(p.wage) & ~np.isnan(p.hours) & (p.hours != 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            hourly = p.wage / (p.hours * p.weeks)
        p.hourly = hourly, known
    return p.hourly


def no_hourly_minimum(p: Placements) -> np.ndarray:
    """Where a part-time wage must be compared with an hourly minimum that the market's row
    lacks: the object path's ``MarketDataError`` (the flags compare it even when the model
    leaves the wage indicators out), so such a placement cannot be scored."""
    hourly_known = hourly_wage(p)[1]
    lacking: np.ndarray = p.min_comparable & p.part_time & hourly_known & np.isnan(p.minimum_hourly)
    return lacking


def earnings_to_minimum(p: Placements) -> Values:
    hourly, hourly_known = hourly_wage(p)
    comparable = p.min_comparable
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(p.part_time, hourly / p.minimum_hourly, p.wage / p.minimum_monthly)
    present = comparable & (~p.part_time | hourly_known)
    return np.where(present, raw, np.nan), present


def _medians(p: Placements, market: LabourMarket) -> tuple[np.ndarray, np.ndarray]:
    """The median monthly wage in force for each placement (its region, its start year) and
    its currency (a code into ``p.currencies``); NaN and -1 where the market has none."""
    median = np.full(p.n, np.nan)
    currency = np.full(p.n, -1, dtype=np.int64)
    if market.median_wages and p.n:
        years = ymd(p.start)[0]
        low = int(years.min())
        span = int(years.max()) - low + 1
        # (region, year) pairs: a small grid, each pair looked up once
        keys = (p.region_codes + 1) * span + (years - low)
        size = (len(p.region_names) + 1) * span
        values = np.full(size, np.nan)
        codes = np.full(size, -1, dtype=np.int64)
        for key in np.flatnonzero(np.bincount(keys, minlength=size)).tolist():
            region_code, year = divmod(key, span)
            if region_code == 0:  # no employer region
                continue
            row = market.median_wage(p.region_names[region_code - 1], low + year)
            if row is not None:
                values[key] = float(row.monthly)
                codes[key] = p.currencies.index(row.currency)
        median = values[keys]
        currency = codes[keys]
    return median, currency


def earnings_to_median(p: Placements, market: LabourMarket) -> Values:
    median, currency = _medians(p, market)
    hourly, hourly_known = hourly_wage(p)
    comparable = ~np.isnan(p.wage) & ~np.isnan(median) & same_currency(p, currency)
    with np.errstate(divide="ignore", invalid="ignore"):
        median_hourly = median / p.standard_hours
        raw = np.where(p.part_time, hourly / median_hourly, p.wage / median)
    present = comparable & (~p.part_time | hourly_known)
    return np.where(present, raw, np.nan), present


def working_time(p: Placements) -> Values:
    present = ~np.isnan(p.hours)
    return p.hours.copy(), present


def contract_security(p: Placements) -> Values:
    """Missing where the contract type is not recorded."""
    # the last entry: a contract type not recorded (code -1)
    base = np.array([*(CONTRACT_SECURITY[ContractType(v)] for v in p.contract_values), np.nan])
    raw = base[p.contract]
    term = np.isin(p.contract, [p.contract_values.index(c.value) for c in TERM_CONTRACTS])
    known = term & ~np.isnan(p.contract_months)
    bonus = TERM_BONUS * np.minimum(np.nan_to_num(p.contract_months), TERM_MONTHS)
    raw = np.where(known, raw + bonus / TERM_MONTHS, raw)
    return raw, p.contract >= 0


def social_insurance(p: Placements) -> Values:
    """Missing where the insurance is not recorded, or no scheme is required."""
    required = popcount(p.required)
    covered = popcount(p.insurance & p.required)
    present = required > 0
    if p.insurance_known is not None:
        present &= p.insurance_known
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(present, covered / np.maximum(required, 1), np.nan)
    return raw, present


def _lengths(points: np.ndarray) -> np.ndarray:
    """The length of each row of code points: up to its last one that is not NUL."""
    used = points != 0
    last: np.ndarray = used.shape[1] - np.argmax(used[:, ::-1], axis=1)
    return np.where(used.any(axis=1), last, 0)


def _prefix_digits(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Leading characters two arrays of codes of at most four characters share."""
    ca = a.astype("U4").view(np.uint32).reshape(len(a), 4)
    cb = b.astype("U4").view(np.uint32).reshape(len(b), 4)
    # a code's length from its code points (numpy pads with NULs), as str_len counts it:
    # numpy.char is imported lazily, ≈ 1 ms on the first call in a process
    length = np.minimum(_lengths(ca), _lengths(cb))
    same = (ca == cb) & (np.arange(4) < length[:, None])
    digits: np.ndarray = np.cumprod(same, axis=1).sum(axis=1)
    return digits


def skills_match(p: Keys, programmes: pa.Table, enrolments: pa.Table) -> Values:
    best = np.full(p.n, -1, dtype=np.int64)
    outcome = value_codes(
        column_of(enrolments, "outcome"),
        [o.value for o in EnrolmentOutcome],
        "enrolments",
        "outcome",
    )
    ended, has_end = day_numbers(column_of(enrolments, "ended_on"))
    completed = (outcome == list(EnrolmentOutcome).index(EnrolmentOutcome.COMPLETED)) & has_end
    # the first programme of an id, like Caseload.programme
    position = pc.index_in(
        column_of(enrolments, "programme_id"), value_set=column_of(programmes, "id")
    )
    found = booleans(position.is_valid())
    keep = np.flatnonzero(completed & found)
    if len(keep) == 0 or p.n == 0:
        return np.full(p.n, np.nan), np.zeros(p.n, dtype=bool)
    programme_of = numbers(position, np.int64, -1)[keep]
    targets = column_of(programmes, "target_occupations")
    counts = numbers(pc.list_value_length(targets), np.int64, 0)
    offsets = np.concatenate([[0], np.cumsum(counts)])
    flat_targets = pc.list_flatten(targets)
    # one candidate per (completed enrolment, target occupation of its programme)
    per = counts[programme_of]
    candidate_enrolment = np.repeat(keep, per)
    within = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
    candidate_target = np.repeat(offsets[programme_of], per) + within
    if len(candidate_target) == 0:
        return np.full(p.n, np.nan), np.zeros(p.n, dtype=bool)
    (placement_vet, candidate_vet), _ = encode_together(
        p.veteran_ids, column_of(enrolments, "veteran_id").take(arrow_of(candidate_enrolment))
    )
    order = np.argsort(candidate_vet, kind="stable")
    sorted_vet = candidate_vet[order]
    low = np.searchsorted(sorted_vet, placement_vet, side="left")
    high = np.searchsorted(sorted_vet, placement_vet, side="right")
    pairs = high - low
    pair_placement = np.repeat(np.arange(p.n), pairs)
    pair_candidate = order[
        np.repeat(low, pairs) + np.arange(pairs.sum()) - np.repeat(np.cumsum(pairs) - pairs, pairs)
    ]
    before = ended[candidate_enrolment[pair_candidate]] <= p.start[pair_placement]
    occupation_valid = validity(p.occupations)
    if occupation_valid is not None:  # no occupation code recorded (a job title): missing
        before &= occupation_valid[pair_placement]
    pair_placement = pair_placement[before]
    pair_candidate = pair_candidate[before]
    if len(pair_placement):
        (occupation_codes, target_codes), dictionary = encode_together(p.occupations, flat_targets)
        words = np.array(dictionary.to_pylist(), dtype="U4")
        left = occupation_codes[pair_placement]
        right = target_codes[candidate_target[pair_candidate]]
        if len(words) ** 2 <= len(left):
            # the digits every two codes share: a table no larger than the pairs to look up,
            # computed once per pair of codes
            shared = _prefix_digits(np.repeat(words, len(words)), np.tile(words, len(words)))
            digits = shared[left * len(words) + right]
        else:
            digits = _prefix_digits(words[left], words[right])
        np.maximum.at(best, pair_placement, digits)
    present = best >= 0
    return np.where(present, best.astype(float), np.nan), present


def retention(p: Placements, as_of: date, horizon: float) -> Values:
    as_of_days = day_number(as_of)
    end = np.where(p.has_end, np.minimum(p.ended, as_of_days), as_of_days)
    months = whole_months(p.start, end)
    ended = p.has_end & (p.ended <= as_of_days)
    present = ended | (months >= horizon)
    return np.where(present, months.astype(float), np.nan), present
