"""Vectorised employment-quality scores: :func:`score_caseload` over whole columns.

Every indicator of :mod:`veteran_services.scoring.indicators` is recomputed here with numpy
over Arrow columns, with the same rules for what is missing, the same goalposts, the same
renormalisation over the indicators present (decided exactly, with :func:`math.fsum`, for each
pattern of present indicators), the same clamping and the same compliance flags. Values agree
with the object path to about 1e-12 (float instead of Decimal arithmetic for wages); the flags
that compare a wage with a minimum are decided in Decimal when the float comparison is too
close to call, so they agree exactly.

Unknown is not none (issue 13), as on the object path: a null ``contract``, ``insurance`` or
``occupation`` leaves its indicator missing and raises no flag, and a placement that cannot be
scored (no market row for its region and start, an employer missing from *employers*) is a row
with a reason code, never an exception.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services.columnar._convert import as_table
from veteran_services.errors import InvalidInputError
from veteran_services.model import (
    ContractType,
    Disposition,
    EnrolmentOutcome,
    Insurance,
    Topic,
)
from veteran_services.scoring import (
    CONTRACT_SECURITY,
    REASONS,
    Flag,
    LabourMarket,
    MarketDataError,
    QualityModel,
)
from veteran_services.scoring._reasons import (
    AFTER_SCORING_DATE,
    LOW_COVERAGE,
    NO_MARKET_DATA,
    UNKNOWN_EMPLOYER,
)

__all__ = ["REASONS", "SCORING_COLUMNS", "combine_normalised", "score_table"]

_EPOCH: Final = date(1970, 1, 1)
_INSURANCE_BITS: Final = {member.value: 1 << index for index, member in enumerate(Insurance)}
_TERM_BONUS: Final = 0.4  # as in scoring.indicators.contract_security
_TERM_MONTHS: Final = 36
_TERM_CONTRACTS: Final = (ContractType.FIXED_TERM.value, ContractType.PUBLIC_WELFARE_POST.value)
_TOPICS: Final = (Topic.JOB_SATISFACTION.value, Topic.JOB_DEMAND.value, Topic.JOB_RESOURCE.value)
_ANSWERING: Final = (Disposition.COMPLETE.value, Disposition.PARTIAL.value)
_RESPONSE_BLOCK: Final = 1 << 15  # responses whose answers are read at once (≈ 400 000 answers)
_PLACEMENT_BLOCK: Final = 1 << 17  # placements scored at once after the joins

# The ``reason`` column's codes by number (0: scored): the values of scoring.REASONS, which
# this module re-exports as the columnar package's REASONS.
_REASON_CODES: Final = ("", LOW_COVERAGE, AFTER_SCORING_DATE, NO_MARKET_DATA, UNKNOWN_EMPLOYER)
_LOW, _LATE, _NO_MARKET, _NO_EMPLOYER = 1, 2, 3, 4

#: The columns :func:`score_table` reads, by record kind (read only these from Parquet:
#: ``read_tables(folder, columns=SCORING_COLUMNS)``). ``answers.question_id`` names one field
#: of the ``answers`` column's records; a table with whole answers has it too.
SCORING_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "placements": (
        "id",
        "veteran_id",
        "employer_id",
        "occupation",
        "started_on",
        "ended_on",
        "contract",
        "contract_months",
        "weekly_hours",
        "monthly_wage.amount",
        "monthly_wage.currency",
        "insurance",
    ),
    "employers": ("id", "region"),
    "programmes": ("id", "target_occupations"),
    "enrolments": ("veteran_id", "programme_id", "ended_on", "outcome"),
    "responses": (
        "id",
        "instrument_id",
        "instrument_version",
        "placement_id",
        "collected_on",
        "disposition",
        # of each answer only these two fields (see read_file)
        "answers.question_id",
        "answers.value.integer",
    ),
    "instruments": ("id", "version", "questions"),
}


# --- column helpers ---------------------------------------------------------------------------


def _table(kind: str, data: Any, argument: str) -> pa.Table:
    table = as_table(kind, data, argument)
    selected: list[str] = []
    missing = []
    for name in SCORING_COLUMNS[kind]:
        column = name if name in table.column_names else _record_column(table.schema, name)
        if column is None:
            missing.append(name)
        elif column not in selected:
            selected.append(column)
    if missing:
        msg = f"'{argument}' lacks the column{'s' if len(missing) > 1 else ''} " + ", ".join(
            repr(c) for c in missing
        )
        raise InvalidInputError(argument, msg)
    return table.select(selected).combine_chunks()


def _record_column(schema: pa.Schema, name: str) -> str | None:
    """The column of lists of records of which *name* (``answers.question_id``) is a field."""
    for field in schema:
        record = field.type.value_type if pa.types.is_list(field.type) else None
        if (
            record is not None
            and pa.types.is_struct(record)
            and name.startswith(field.name + ".")
            and record.get_field_index(name[len(field.name) + 1 :]) >= 0
        ):
            return str(field.name)
    return None


def _array(table: pa.Table, name: str) -> pa.Array:
    column = table.column(name)
    if column.num_chunks == 0:
        return pa.array([], type=column.type)
    return column.chunk(0) if column.num_chunks == 1 else pa.concat_arrays(column.chunks)


def _days(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 (0 where null) and the validity mask of a date column."""
    if array.type == pa.date32():  # the layout's type: read the buffers
        days32 = _values(array, np.int32)
        valid = _valid(array)
        if valid is None:
            return days32.astype(np.int64), np.ones(len(array), dtype=bool)
        return np.where(valid, days32, 0).astype(np.int64), valid
    valid = np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    days = pc.fill_null(array.cast(pa.int32()), 0).to_numpy(zero_copy_only=False)
    return days.astype(np.int64), valid


def _floats(array: pa.Array, argument: str, name: str) -> np.ndarray:
    """A decimal-string (or numeric) column as float64, NaN where null."""
    try:
        values = array.cast(pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        msg = f"'{argument}' column {name!r} must hold decimal numbers"
        raise InvalidInputError(argument, msg) from None
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float64)


def _codes(array: pa.Array, values: Sequence[str], argument: str, name: str) -> np.ndarray:
    """The position of each value in *values* (-1 where null); unknown values are an error.

    A dictionary-encoded column is looked up once per dictionary entry."""
    if pa.types.is_dictionary(array.type):
        # -2: an entry that is not among *values* (an error if used); -1: null
        of_entry = _codes_or_unknown(array.dictionary, values)
        of_entry[of_entry < 0] = -2
        indices = array.indices
        entries = _values(indices, indices.type.to_pandas_dtype())
        codes: np.ndarray = of_entry[entries] if len(of_entry) else np.full(len(entries), -1)
        valid = _valid(indices)
        if valid is not None:
            codes[~valid] = -1
        if (codes == -2).any():
            bad = array.dictionary[int(entries[np.flatnonzero(codes == -2)[0]])].as_py()
            msg = f"'{argument}' column {name!r} must hold one of {list(values)!r}, got {bad!r}"
            raise InvalidInputError(argument, msg)
        return codes
    index = pc.index_in(array, value_set=pa.array(list(values), pa.string()))
    if index.null_count > array.null_count:  # a value that is not null but not known either
        bad = array.filter(pc.and_(array.is_valid(), index.is_null()))[0].as_py()
        msg = f"'{argument}' column {name!r} must hold one of {list(values)!r}, got {bad!r}"
        raise InvalidInputError(argument, msg)
    return np.asarray(pc.fill_null(index, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _encode_together(*arrays: pa.Array) -> tuple[list[np.ndarray], pa.Array]:
    """Integer codes of string arrays over one shared dictionary (-1 for null)."""
    joined = pa.concat_arrays([a.cast(pa.string()) for a in arrays])
    encoded = pc.dictionary_encode(joined)
    codes = np.asarray(
        pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64
    )
    out = []
    start = 0
    for a in arrays:
        out.append(codes[start : start + len(a)])
        start += len(a)
    return out, encoded.dictionary


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of days since 1970-01-01 (negative before), as int64 arrays.

    Dates in a caseload span a few decades at most: when the span is much shorter than the
    array, each distinct day is converted once and the rest looked up.

    >>> [a.tolist() for a in _ymd(np.array([-1, 0, 19782, 11016]))]
    [[1969, 1970, 2024, 2000], [12, 1, 2, 2], [31, 1, 29, 29]]
    """
    days = np.asarray(days, dtype=np.int64)
    if len(days) > 4096:
        low, high = int(days.min()), int(days.max())
        if high - low < len(days) // 4:
            offset = days - low
            year, month, day = _civil(np.arange(low, high + 1))
            return year[offset], month[offset], day[offset]
    return _civil(days)


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_ymd` by integer arithmetic on the proleptic Gregorian calendar (H. Hinnant's
    ``civil_from_days``), several times faster than going through ``datetime64`` casts."""
    z = np.asarray(days, dtype=np.int64) + 719_468  # days since 0000-03-01
    era = z // 146_097
    doe = z - era * 146_097  # day of the 400-year era, [0, 146096]
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)  # day of the year from March 1
    mp = (5 * doy + 2) // 153  # month from March, [0, 11]
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


_MONTH_DAYS: Final = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _days_in_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days: np.ndarray = _MONTH_DAYS[month] + (leap & (month == 2))
    return days


def whole_months(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whole calendar months from *start* to *end* (days since 1970), clamped like
    :func:`veteran_services.model.whole_months_between`; 0 when *end* is not after *start*.

    >>> days = lambda *d: np.array([(date(*x) - _EPOCH).days for x in d])
    >>> whole_months(days((2024, 1, 31), (2024, 1, 15)), days((2024, 2, 29), (2024, 3, 14)))
    array([1, 1])
    """
    sy, sm, sd = _ymd(start)
    ey, em, ed = _ymd(end)
    months = (ey - sy) * 12 + em - sm
    landed = np.minimum(sd, _days_in_month(ey, em))
    months = months - (landed > ed)
    return np.where(end <= start, 0, months)


def _popcount(values: np.ndarray) -> np.ndarray:
    count = np.zeros(values.shape, dtype=np.int64)
    for bit in _INSURANCE_BITS.values():
        count += (values & bit) != 0
    return count


def _scheme_mask(schemes: frozenset[Insurance]) -> int:
    return sum(_INSURANCE_BITS[s.value] for s in schemes)


def _list_bits(array: pa.Array, argument: str) -> np.ndarray:
    """Each list of insurance schemes as a bit mask (one bit per scheme, a scheme listed twice
    counted once; null lists and null entries add nothing)."""
    flat = pc.list_flatten(array)
    counts = np.asarray(
        pc.fill_null(pc.list_value_length(array), 0).to_numpy(zero_copy_only=False),
        dtype=np.int64,
    )
    codes = _codes(flat, list(_INSURANCE_BITS), argument, "insurance")
    bits = np.array([*_INSURANCE_BITS.values(), 0], dtype=np.int64)[codes]  # -1 (null): 0
    total = np.zeros(len(array), dtype=np.int64)
    listed = counts > 0
    if listed.any():
        starts = np.cumsum(counts) - counts
        total[listed] = np.bitwise_or.reduceat(bits, starts[listed])
    return total


# --- the market, looked up per region ------------------------------------------------------------


def _steps(
    lookup: Callable[[str, date], Any], dates: Sequence[date], region: str
) -> tuple[np.ndarray, list[Any]]:
    """The rows in force in *region* as a step function over the table's dates.

    A lookup takes the latest row in force in the first region on the way up that has rows,
    so the answer can only change on a date some row starts: evaluating it on every such date
    gives the whole function. Dates where the lookup fails come before the first row.
    """
    days = []
    rows = []
    for day in dates:
        try:
            row = lookup(region, day)
        except MarketDataError:
            continue
        days.append((day - _EPOCH).days)
        rows.append(row)
    return np.array(days, dtype=np.int64), rows


def _rows_in_force(
    lookup: Callable[[str, date], Any],
    dates: Sequence[date],
    regions: pa.Array,
    region_codes: np.ndarray,
    start: np.ndarray,
    steps: dict[tuple[str, str], tuple[np.ndarray, list[Any]]] | None = None,
) -> tuple[np.ndarray, list[Any]]:
    """For each placement, the index of the row in force (into the returned rows), or -1.

    Every region's step function is laid end to end on one axis, region after region
    (``region × width + day``), so that one binary search finds each placement's step."""
    index = np.full(len(start), -1, dtype=np.int64)
    if len(start) == 0:
        return index, []
    used = np.bincount(region_codes[region_codes >= 0], minlength=len(regions)) > 0
    rows: list[Any] = []
    keys: list[np.ndarray] = []
    step_region: list[np.ndarray] = []
    low = int(start.min())
    # a region's slots: 0 for every step before the first start, then the days to the last
    # start, then one slot for every step after it (never found)
    width = int(start.max()) - low + 3
    # the lookup's name keys the cache (not its repr, which would print the whole market
    # once per region and block)
    name = getattr(lookup, "__name__", None) or repr(lookup)
    for code, region in enumerate(regions.to_pylist()):
        if not used[code]:
            continue
        key = (name, region)
        cached = None if steps is None else steps.get(key)
        if cached is None:
            cached = _steps(lookup, dates, region)
            if steps is not None:
                steps[key] = cached
        step_days, step_rows = cached
        if not step_rows:
            continue
        keys.append(code * width + np.clip(step_days - low + 1, 0, width - 1))
        step_region.append(np.full(len(step_rows), code, dtype=np.int64))
        rows.extend(step_rows)
    if not rows:
        return index, rows
    axis = np.concatenate(keys)
    owner = np.concatenate(step_region)
    query = region_codes * width + (start - low + 1)
    cells = len(regions) * width
    if cells <= max(len(start), 1 << 16):
        # few (region, day) cells: find the step of every cell, then look placements up
        query = np.where(region_codes >= 0, query, cells)  # no region: the extra last cell
        grid = np.arange(cells + 1)
        grid_region = np.append(grid[:-1] // width, -1)
    else:
        grid, grid_region = query, region_codes
    # several steps can land on day 0 of a region (all before its first start): the last wins
    position = np.searchsorted(axis, grid, side="right") - 1
    found = (position >= 0) & (grid_region >= 0)
    found &= owner[np.maximum(position, 0)] == grid_region
    step = np.where(found, position, -1)
    index = step[query] if grid is not query else step
    return index, rows


def _take(values: Sequence[Any], index: np.ndarray, dtype: Any, fill: Any) -> np.ndarray:
    """``values[index]``, *fill* where the index is -1 (the fill is the table's last entry)."""
    table = np.array([*values, fill], dtype=dtype)
    taken: np.ndarray = table[index]
    return taken


# --- the inputs, resolved -------------------------------------------------------------------------


class _Keys:
    """What the joins of every placement need (survey responses, enrolments): the ids, the
    occupation (null where only a job title is recorded) and the start, the id and the start
    checked for nulls."""

    def __init__(self, table: pa.Table, argument: str = "placements") -> None:
        self.n = table.num_rows
        self.ids = _array(table, "id")
        self.veteran_ids = _array(table, "veteran_id")
        self.occupations = _array(table, "occupation")
        if self.ids.null_count:
            msg = f"'{argument}' column 'id' must have no nulls"
            raise InvalidInputError(argument, msg)
        self.start, start_valid = _days(_array(table, "started_on"))
        if not start_valid.all():
            msg = f"'{argument}' column 'started_on' must have no nulls"
            raise InvalidInputError(argument, msg)


class _Placements(_Keys):
    """The placement columns and everything looked up for them."""

    def __init__(
        self,
        table: pa.Table,
        employers: pa.Table,
        market: LabourMarket,
        argument: str = "placements",
        steps: dict[tuple[str, str], tuple[np.ndarray, list[Any]]] | None = None,
    ) -> None:
        super().__init__(table, argument)
        self.steps = {} if steps is None else steps  # the market's step functions, by region
        self.employer_ids = _array(table, "employer_id")
        self.ended, self.has_end = _days(_array(table, "ended_on"))
        contracts = [c.value for c in ContractType]
        # -1 where the contract type is not recorded (a null): compared as full-time work
        self.contract = _codes(_array(table, "contract"), contracts, argument, "contract")
        self.contract_values = contracts
        months = _array(table, "contract_months").cast(pa.float64())
        self.contract_months = np.asarray(months.to_numpy(zero_copy_only=False), dtype=float)
        self.hours_text = _array(table, "weekly_hours")
        self.hours = _floats(self.hours_text, argument, "weekly_hours")
        self.wage_text = _array(table, "monthly_wage.amount")
        self.wage = _floats(self.wage_text, argument, "monthly_wage.amount")
        self.wage_currency = _array(table, "monthly_wage.currency")
        insurance = _array(table, "insurance")
        self.insurance = _list_bits(insurance, argument)
        # None: every list recorded; else False where the insurance is not recorded (null)
        self.insurance_known = _valid(insurance)
        self.part_time = self.contract == contracts.index(ContractType.PART_TIME.value)
        self.hourly: tuple[np.ndarray, np.ndarray] | None = None  # see _hourly
        self._resolve(employers, market)

    def _resolve(self, employers: pa.Table, market: LabourMarket) -> None:
        employer_ids = _array(employers, "id")
        # the first employer of an id, like Caseload.employer
        position = pc.index_in(self.employer_ids, value_set=employer_ids)
        found = np.asarray(position.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        regions = pc.take(_array(employers, "region"), pc.fill_null(position, 0))
        regions = pc.if_else(pa.array(found), regions, pa.scalar(None, pa.string()))
        encoded = pc.dictionary_encode(regions)
        self.regions = regions
        region_codes = np.asarray(
            pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64
        )
        dictionary = encoded.dictionary
        start = self.start

        def dates(rows: Sequence[Any]) -> list[date]:
            return sorted({row.valid_from for row in rows})

        self.minimum_at, self.minimum_rows = _rows_in_force(
            market.minimum_wage,
            dates(market.minimum_wages),
            dictionary,
            region_codes,
            start,
            self.steps,
        )
        self.working_at, self.working_rows = _rows_in_force(
            market.working_time,
            dates(market.working_time_rules),
            dictionary,
            region_codes,
            start,
            self.steps,
        )
        self.insurance_at, self.insurance_rows = _rows_in_force(
            market.social_insurance,
            dates(market.social_insurance_rules),
            dictionary,
            region_codes,
            start,
            self.steps,
        )
        # why a placement cannot be scored (0: it can): its employer is not among *employers*,
        # or the market has no row for its region on its start (see also _no_hourly_minimum)
        no_market = (self.minimum_at < 0) | (self.working_at < 0) | (self.insurance_at < 0)
        self.failure = np.where(found, np.where(no_market, _NO_MARKET, 0), _NO_EMPLOYER).astype(
            np.int8
        )
        rows = self.minimum_rows
        at = self.minimum_at
        self.minimum_monthly = _take([float(r.monthly) for r in rows], at, float, math.nan)
        self.minimum_hourly = _take(
            [math.nan if r.hourly is None else float(r.hourly) for r in rows], at, float, math.nan
        )
        self.currencies = sorted(
            {r.currency for r in rows} | {r.currency for r in market.median_wages}
        )
        self.currency = _codes_or_unknown(self.wage_currency, self.currencies)
        self.minimum_currency = _take(
            [self.currencies.index(r.currency) for r in rows], at, np.int64, -1
        )
        rows = self.working_rows
        at = self.working_at
        self.weeks = _take([r.weeks_per_month for r in rows], at, float, math.nan)
        self.max_hours = _take([r.max_weekly_hours for r in rows], at, float, math.nan)
        self.standard_hours = _take([r.standard_monthly_hours() for r in rows], at, float, math.nan)
        rows = self.insurance_rows
        at = self.insurance_at
        full = _take([_scheme_mask(r.schemes) for r in rows], at, np.int64, 0)
        part = _take([_scheme_mask(r.part_time_schemes) for r in rows], at, np.int64, 0)
        self.required = np.where(self.part_time, part, full)
        self.region_codes = region_codes
        self.region_names = dictionary.to_pylist()
        self.min_comparable = ~np.isnan(self.wage) & _same_currency(self, self.minimum_currency)

    def insured(self) -> np.ndarray:
        """Where the insurance is recorded (a list, possibly empty)."""
        if self.insurance_known is None:
            return np.ones(self.n, dtype=bool)
        return self.insurance_known


# --- the indicators -----------------------------------------------------------------------------

_Values = tuple[np.ndarray, np.ndarray]  # raw values (NaN where missing), present mask


def _codes_or_unknown(array: pa.Array, values: Sequence[str]) -> np.ndarray:
    """The position of each value of a string column in *values*; -1 where it is not there
    or null."""
    index = pc.index_in(array, value_set=pa.array(list(values), pa.string()))
    return np.asarray(pc.fill_null(index, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _same_currency(p: _Placements, currency: np.ndarray) -> np.ndarray:
    """Whether each wage is in *currency* (codes into ``p.currencies``; -1: none)."""
    same: np.ndarray = (p.currency >= 0) & (p.currency == currency)
    return same


def _hourly(p: _Placements) -> tuple[np.ndarray, np.ndarray]:
    """Hourly wage (wage ÷ (hours × paid weeks a month)) and where it is known; computed once
    per call (two indicators, a check and the flags need it)."""
    if p.hourly is None:
        known = ~np.isnan(p.wage) & ~np.isnan(p.hours) & (p.hours != 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            hourly = p.wage / (p.hours * p.weeks)
        p.hourly = hourly, known
    return p.hourly


def _no_hourly_minimum(p: _Placements) -> np.ndarray:
    """Where a part-time wage must be compared with an hourly minimum that the market's row
    lacks: the object path's ``MarketDataError`` (the flags compare it even when the model
    leaves the wage indicators out), so such a placement cannot be scored."""
    hourly_known = _hourly(p)[1]
    lacking: np.ndarray = p.min_comparable & p.part_time & hourly_known & np.isnan(p.minimum_hourly)
    return lacking


def earnings_to_minimum(p: _Placements) -> _Values:
    hourly, hourly_known = _hourly(p)
    comparable = p.min_comparable
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(p.part_time, hourly / p.minimum_hourly, p.wage / p.minimum_monthly)
    present = comparable & (~p.part_time | hourly_known)
    return np.where(present, raw, np.nan), present


def _medians(p: _Placements, market: LabourMarket) -> tuple[np.ndarray, np.ndarray]:
    """The median monthly wage in force for each placement (its region, its start year) and
    its currency (a code into ``p.currencies``); NaN and -1 where the market has none."""
    median = np.full(p.n, np.nan)
    currency = np.full(p.n, -1, dtype=np.int64)
    if market.median_wages and p.n:
        years = _ymd(p.start)[0]
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


def earnings_to_median(p: _Placements, market: LabourMarket) -> _Values:
    median, currency = _medians(p, market)
    hourly, hourly_known = _hourly(p)
    comparable = ~np.isnan(p.wage) & ~np.isnan(median) & _same_currency(p, currency)
    with np.errstate(divide="ignore", invalid="ignore"):
        median_hourly = median / p.standard_hours
        raw = np.where(p.part_time, hourly / median_hourly, p.wage / median)
    present = comparable & (~p.part_time | hourly_known)
    return np.where(present, raw, np.nan), present


def working_time(p: _Placements) -> _Values:
    present = ~np.isnan(p.hours)
    return p.hours.copy(), present


def contract_security(p: _Placements) -> _Values:
    """Missing where the contract type is not recorded."""
    # the last entry: a contract type not recorded (code -1)
    base = np.array([*(CONTRACT_SECURITY[ContractType(v)] for v in p.contract_values), np.nan])
    raw = base[p.contract]
    term = np.isin(p.contract, [p.contract_values.index(v) for v in _TERM_CONTRACTS])
    known = term & ~np.isnan(p.contract_months)
    bonus = _TERM_BONUS * np.minimum(np.nan_to_num(p.contract_months), _TERM_MONTHS)
    raw = np.where(known, raw + bonus / _TERM_MONTHS, raw)
    return raw, p.contract >= 0


def social_insurance(p: _Placements) -> _Values:
    """Missing where the insurance is not recorded, or no scheme is required."""
    required = _popcount(p.required)
    covered = _popcount(p.insurance & p.required)
    present = required > 0
    if p.insurance_known is not None:
        present &= p.insurance_known
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(present, covered / np.maximum(required, 1), np.nan)
    return raw, present


def _prefix_digits(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Leading characters two arrays of codes of at most four characters share."""
    a4 = a.astype("U4")
    b4 = b.astype("U4")
    ca = a4.view(np.uint32).reshape(len(a4), 4)
    cb = b4.view(np.uint32).reshape(len(b4), 4)
    length = np.minimum(np.char.str_len(a4), np.char.str_len(b4))
    same = (ca == cb) & (np.arange(4) < length[:, None])
    digits: np.ndarray = np.cumprod(same, axis=1).sum(axis=1)
    return digits


def skills_match(p: _Keys, programmes: pa.Table, enrolments: pa.Table) -> _Values:
    best = np.full(p.n, -1, dtype=np.int64)
    outcome = _codes(
        _array(enrolments, "outcome"),
        [o.value for o in EnrolmentOutcome],
        "enrolments",
        "outcome",
    )
    ended, has_end = _days(_array(enrolments, "ended_on"))
    completed = (outcome == list(EnrolmentOutcome).index(EnrolmentOutcome.COMPLETED)) & has_end
    # the first programme of an id, like Caseload.programme
    position = pc.index_in(_array(enrolments, "programme_id"), value_set=_array(programmes, "id"))
    found = np.asarray(position.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    keep = np.flatnonzero(completed & found)
    if len(keep) == 0 or p.n == 0:
        return np.full(p.n, np.nan), np.zeros(p.n, dtype=bool)
    programme_of = np.asarray(position.to_numpy(zero_copy_only=False)[keep], dtype=np.int64)
    targets = _array(programmes, "target_occupations")
    counts = np.asarray(
        pc.fill_null(pc.list_value_length(targets), 0).to_numpy(zero_copy_only=False),
        dtype=np.int64,
    )
    offsets = np.concatenate([[0], np.cumsum(counts)])
    flat_targets = pc.list_flatten(targets)
    # one candidate per (completed enrolment, target occupation of its programme)
    per = counts[programme_of]
    candidate_enrolment = np.repeat(keep, per)
    within = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
    candidate_target = np.repeat(offsets[programme_of], per) + within
    if len(candidate_target) == 0:
        return np.full(p.n, np.nan), np.zeros(p.n, dtype=bool)
    (placement_vet, candidate_vet), _ = _encode_together(
        p.veteran_ids, _array(enrolments, "veteran_id").take(pa.array(candidate_enrolment))
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
    occupation_valid = _valid(p.occupations)
    if occupation_valid is not None:  # no occupation code recorded (a job title): missing
        before &= occupation_valid[pair_placement]
    pair_placement = pair_placement[before]
    pair_candidate = pair_candidate[before]
    if len(pair_placement):
        (occupation_codes, target_codes), dictionary = _encode_together(p.occupations, flat_targets)
        words = np.array(dictionary.to_pylist(), dtype="U4")
        left = occupation_codes[pair_placement]
        right = target_codes[candidate_target[pair_candidate]]
        if len(words) ** 2 <= max(len(left), 1 << 16):
            # the digits every two codes share: a small table, computed once per pair of codes
            shared = _prefix_digits(np.repeat(words, len(words)), np.tile(words, len(words)))
            digits = shared[left * len(words) + right]
        else:
            digits = _prefix_digits(words[left], words[right])
        np.maximum.at(best, pair_placement, digits)
    present = best >= 0
    return np.where(present, best.astype(float), np.nan), present


def retention(p: _Placements, as_of: date, horizon: float) -> _Values:
    as_of_days = (as_of - _EPOCH).days
    end = np.where(p.has_end, np.minimum(p.ended, as_of_days), as_of_days)
    months = whole_months(p.start, end)
    ended = p.has_end & (p.ended <= as_of_days)
    present = ended | (months >= horizon)
    return np.where(present, months.astype(float), np.nan), present


def _placement_codes(p: _Keys, about: pa.Array) -> tuple[np.ndarray, np.ndarray, int]:
    """Codes shared by the placements' ids and the ids in *about* (one hash pass over both):
    the code of each placement (placements sharing an id share a code, so they share the
    responses about it, like ``responses_about``), the code of each entry of *about* (-1 where
    it names no placement or is null), and the number of placement codes."""
    joined = pa.concat_arrays([p.ids.cast(pa.string()), about.cast(pa.string())])
    encoded = pc.dictionary_encode(joined)
    codes = np.asarray(
        pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64
    )
    placement_code = codes[: p.n]
    # codes are given in order of first appearance: the placements' ids come first
    count = int(placement_code.max()) + 1 if p.n else 0
    about_code = codes[p.n :]
    about_code[about_code >= count] = -1
    return placement_code, about_code, count


def _latest_responses(p: _Keys, responses: pa.Table, as_of: date) -> np.ndarray:
    """For each placement, the row of its latest answering response collected by *as_of*
    (ties on the date go to the larger id), or -1."""
    values = [d.value for d in Disposition]
    disposition = _codes(_array(responses, "disposition"), values, "responses", "disposition")
    answering_of = np.zeros(len(values) + 1, dtype=bool)  # the last entry: null
    answering_of[[values.index(v) for v in _ANSWERING]] = True
    collected, has_date = _days(_array(responses, "collected_on"))
    eligible = answering_of[disposition] & has_date
    eligible &= collected <= (as_of - _EPOCH).days
    # Only the responses that can count are matched to placements: the join on text ids is
    # the dearest step of scoring, and non-responses are a third of a typical follow-up.
    rows = np.flatnonzero(eligible)
    about = _array(responses, "placement_id")
    if len(rows) < len(about):
        about = about.filter(pa.array(eligible))
    placement_code, about_code, count = _placement_codes(p, about)
    matched = about_code >= 0
    rows, owner = rows[matched], about_code[matched]
    result = np.full(p.n, -1, dtype=np.int64)
    if len(rows) == 0:
        return result
    day = collected[rows]
    # the latest date per placement, then the responses collected on it
    latest = np.full(count, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(latest, owner, day)
    on_latest = day == latest[owner]
    rows, owner = rows[on_latest], owner[on_latest]
    by_code = np.full(count, -1, dtype=np.int64)
    by_code[owner] = rows
    # ties on the latest date go to the larger response id: decide those few in Python
    tied = np.flatnonzero(np.bincount(owner, minlength=count) > 1)
    if len(tied):
        among = np.isin(owner, tied)
        tied_rows = rows[among]
        ids = _array(responses, "id").take(pa.array(tied_rows)).to_pylist()
        best: dict[int, tuple[str, int]] = {}
        for code, identifier, row in zip(
            owner[among].tolist(), ids, tied_rows.tolist(), strict=True
        ):
            if code not in best or identifier > best[code][0]:
                best[code] = (identifier, row)
        for code, (_, row) in best.items():
            by_code[code] = row
    result[:] = by_code[placement_code]
    return result


def _questions(
    instruments: pa.Table,
) -> dict[tuple[str, int], dict[str, tuple[int, int, bool]]]:
    """Per instrument (id, version): question id → (topic, Likert points, reverse) for the
    Likert questions on the survey topics (the first instrument of a key, like
    ``Caseload.instrument``)."""
    result: dict[tuple[str, int], dict[str, tuple[int, int, bool]]] = {}
    for instrument_id, version, questions in zip(
        _array(instruments, "id").to_pylist(),
        _array(instruments, "version").to_pylist(),
        _array(instruments, "questions").to_pylist(),
        strict=True,
    ):
        key = (instrument_id, version)
        if key in result:
            continue
        items = {}
        for question in questions or ():
            topic = question.get("topic")
            if topic not in _TOPICS or question.get("scale.kind") != "likert":
                continue
            items[question["id"]] = (
                _TOPICS.index(topic),
                int(question["scale.points"]),
                bool(question.get("reverse")),
            )
        result[key] = items
    return result


def _gather_lists(offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The items of the lists at *rows*, from the list column's *offsets*: (index into its
    values, the item's list as a position in *rows*), without copying the lists themselves.
    Both are int64, the type numpy's gathers and ``bincount`` work in."""
    starts = offsets[rows]
    counts = offsets[rows + 1] - starts
    parents: np.ndarray = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    # item k of the gathered run: its position in the run plus where its list starts,
    # less where the list's run starts
    index: np.ndarray = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    index += np.arange(len(index), dtype=np.int64)
    return index, parents


def _valid(array: pa.Array) -> np.ndarray | None:
    """The validity of each entry of a flat array (None: no nulls), from its bitmap."""
    if array.null_count == 0:
        return None
    bits = np.frombuffer(array.buffers()[0], dtype=np.uint8)
    valid: np.ndarray = np.unpackbits(bits, count=array.offset + len(array), bitorder="little")
    return valid[array.offset :].view(bool)


def _values(array: pa.Array, dtype: Any) -> np.ndarray:
    """The data buffer of a flat fixed-width array as numpy, without a copy (entries that are
    null hold anything)."""
    data: np.ndarray = np.frombuffer(
        array.buffers()[1], dtype=dtype, count=array.offset + len(array)
    )
    return data[array.offset :]


class _QuestionCells:
    """Where each answer's question puts it among the cells of :func:`survey_means`: the
    word's position in *words* times *width* (``len(words) × width`` for a question that
    does not count). Looked up once per entry of a dictionary-encoded column (once per
    answer for plain strings), before the answers are read block by block."""

    def __init__(self, question_ids: pa.Array, words: Sequence[str], width: int) -> None:
        word_set = pa.array(list(words), pa.string())
        if pa.types.is_dictionary(question_ids.type):
            lookup = pc.index_in(question_ids.dictionary, value_set=word_set)
            indices = question_ids.indices
            self.entries: np.ndarray | None = _values(indices, indices.type.to_pandas_dtype())
            self.valid = _valid(indices)
        else:
            lookup = pc.index_in(question_ids, value_set=word_set)
            self.entries, self.valid = None, _valid(question_ids)
        position = np.asarray(
            pc.fill_null(lookup, len(words)).to_numpy(zero_copy_only=False), dtype=np.int64
        )
        self.base = position * width
        self.uncounted = len(words) * width

    def __call__(self, index: np.ndarray) -> np.ndarray:
        bases: np.ndarray = self.base[index if self.entries is None else self.entries[index]]
        if self.valid is not None:
            bases[~self.valid[index]] = self.uncounted
        return bases


def _whole_numbers(
    values: np.ndarray, valid: np.ndarray | None, index: np.ndarray, most: int
) -> np.ndarray:
    """The integer answers at *index* (from the column's data and validity, see
    :func:`_values` and :func:`_valid`), clipped to [0, most + 1]; 0 where there is none (not
    a whole number, or null)."""
    numbers: np.ndarray = values[index]
    np.clip(numbers, 0, most + 1, out=numbers)
    if valid is not None:
        numbers *= valid[index]
    return numbers


def survey_means(
    p: _Keys, responses: pa.Table, instruments: pa.Table, as_of: date
) -> tuple[np.ndarray, np.ndarray]:
    """Per placement and survey topic, the mean scaled Likert answer of its latest response
    (NaN where none) and whether the response's instrument was found."""
    means = np.full((p.n, 3), np.nan)
    chosen = _latest_responses(p, responses, as_of)
    has = np.flatnonzero(chosen >= 0)
    with_instrument = np.zeros(p.n, dtype=bool)
    if len(has) == 0:
        return means, with_instrument
    rows = chosen[has]
    # The chosen responses in table order, each once: their answers are then read front to
    # back (a streaming read, not a random one), and a response two placements share (they
    # share an id) is read once.
    picked = np.zeros(responses.num_rows, dtype=bool)
    picked[rows] = True
    selected = np.flatnonzero(picked)
    position = np.zeros(responses.num_rows, dtype=np.int64)
    position[selected] = np.arange(len(selected))
    of_has = position[rows]
    # the instrument of each selected response, as a small group number
    encoded = pc.dictionary_encode(_array(responses, "instrument_id").take(pa.array(selected)))
    instrument_code = np.asarray(encoded.indices.to_numpy(zero_copy_only=False))
    version = np.asarray(
        _array(responses, "instrument_version").to_numpy(zero_copy_only=False), dtype=np.int64
    )[selected]
    key_code = instrument_code.astype(np.int64) * (int(version.max()) + 1) + version
    if key_code.min() == key_code.max():  # one instrument version: the usual case
        group_keys, group_of = key_code[:1], np.zeros(len(key_code), dtype=np.int64)
    else:
        group_keys, group_of = np.unique(key_code, return_inverse=True)
    names = encoded.dictionary.to_pylist()
    span = int(version.max()) + 1
    keys = [(names[int(k) // span], int(k) % span) for k in group_keys.tolist()]
    questions = _questions(instruments)
    found = np.array([key in questions for key in keys])
    with_instrument[has] = found[group_of[of_has]]
    # Small tables over (instrument, question, answer): the topic the answer counts towards
    # (3: none) and its scaled value. An answer's cell is (group × (words + 1) + word) × width
    # + its whole number clipped to [0, width - 1], where word = len(words) stands for every
    # question that does not count (off the topics, or not Likert): all its cells are topic 3.
    words = sorted({name for key in keys for name in questions.get(key, {})})
    most = max((v[1] for key in keys for v in questions.get(key, {}).values()), default=1)
    width = most + 2
    per_group = (len(words) + 1) * width
    topic_of = np.full(len(keys) * per_group, 3, dtype=np.int64)
    scaled_of = np.zeros(len(keys) * per_group)
    for g, key in enumerate(keys):
        items_of = questions.get(key, {})
        for w, name in enumerate(words):
            if name in items_of:
                topic, points, reverse = items_of[name]
                base = g * per_group + w * width
                for level in range(1, points + 1):
                    scaled = (level - 1) / (points - 1)
                    topic_of[base + level] = topic
                    scaled_of[base + level] = 1.0 - scaled if reverse else scaled
    # the answers of the selected responses, a block of responses at a time: the per-answer
    # arrays stay small enough to be reused from one block to the next (and to stay in the
    # processor's caches), instead of a fresh gigabyte from the operating system per call
    answers = _array(responses, "answers")
    items = answers.values
    question_cells = _QuestionCells(items.field("question_id"), words, width)
    integers = items.field("value.integer")
    integer_values, integer_valid = _values(integers, np.int64), _valid(integers)
    offsets = np.asarray(answers.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
    per_response = np.empty((len(selected), 4))
    for begin in range(0, len(selected), _RESPONSE_BLOCK):
        block = selected[begin : begin + _RESPONSE_BLOCK]
        index, parents = _gather_lists(offsets, block)
        cell = question_cells(index)
        cell += _whole_numbers(integer_values, integer_valid, index, most)
        if len(keys) > 1:
            cell += group_of[begin + parents] * per_group
        target = parents * 4
        target += topic_of[cell]
        size = len(block) * 4
        sums = np.bincount(target, weights=scaled_of[cell], minlength=size)
        counts = np.bincount(target, minlength=size)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_response[begin : begin + len(block)] = np.where(
                counts > 0, sums / counts, np.nan
            ).reshape(len(block), 4)
    means[has] = per_response[of_has, :3]
    means[~with_instrument] = np.nan
    return means, with_instrument


# --- aggregation -----------------------------------------------------------------------------


def _normalise(raw: np.ndarray, low: float, high: float, higher_is_better: bool) -> np.ndarray:
    score = (raw - low) / (high - low) if higher_is_better else (high - raw) / (high - low)
    return np.minimum(1.0, np.maximum(0.0, score))


def _pattern_weights(
    present: Sequence[np.ndarray], weights: list[float], min_coverage: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per placement: whether a score is given (coverage), the relative weight present, and
    the raw weight present, each decided with math.fsum per pattern of present indicators
    exactly as :func:`veteran_services.stats.aggregate` and ``score_placement`` do."""
    k = len(weights)
    small: Any = np.int16 if k < 15 else np.int64
    codes: np.ndarray = np.zeros(len(present[0]) if k else 0, dtype=small)
    for j, here in enumerate(present):
        codes |= np.left_shift(here.astype(small), j)
    if k <= 12:  # every pattern: a lookup table, no sort of the rows
        patterns = np.arange(1 << k)
        inverse = codes
    else:
        patterns, inverse = np.unique(codes, return_inverse=True)
    largest = max(weights)
    relative = [w / largest for w in weights]
    total = math.fsum(relative)
    covered = np.zeros(len(patterns))
    raw_present = np.zeros(len(patterns))
    enough = np.zeros(len(patterns), dtype=bool)
    for index, pattern in enumerate(patterns.tolist()):
        on = [j for j in range(k) if pattern >> j & 1 and weights[j] > 0]
        covered[index] = math.fsum(relative[j] for j in on)
        raw_present[index] = math.fsum(weights[j] for j in on)
        enough[index] = bool(on) and not covered[index] / total < min_coverage
    return enough[inverse], covered[inverse], raw_present[inverse]


def _combine(
    normalised: Sequence[np.ndarray], model: QualityModel
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Scores from the normalised values of each indicator (a column each, NaN where
    missing), in the model's indicator order: the value (NaN without enough coverage), the
    inputs to the mean (floored under geometric aggregation), the presence masks and the raw
    weight present per placement.

    Column by column: each indicator's values are contiguous, and the sums, minima and maxima
    over indicators are running element-wise operations."""
    present = [~np.isnan(column) for column in normalised]
    weights = [spec.weight for spec in model.indicators]
    enough, covered, raw_present = _pattern_weights(present, weights, model.min_coverage)
    geometric = model.aggregation == "geometric"
    floor = model.geometric_floor
    inputs = [np.maximum(c, floor) for c in normalised] if geometric else list(normalised)
    largest = max(weights)
    n = len(enough)
    total = np.zeros(n)
    low = np.full(n, np.inf)
    high = np.full(n, -np.inf)
    term = np.empty(n)
    for x, here, weight in zip(inputs, present, weights, strict=True):
        if weight <= 0:
            continue
        # a missing value (NaN) is skipped by fmin and fmax and adds nothing to the sum
        np.fmin(low, x, out=low)
        np.fmax(high, x, out=high)
        term.fill(0.0)
        if geometric:
            with np.errstate(divide="ignore"):
                np.log(x, out=term, where=here)
            term *= weight / largest
        else:
            np.multiply(x, weight / largest, out=term, where=here)
        total += term
    with np.errstate(divide="ignore", invalid="ignore"):
        result = total / covered
        if geometric:
            np.exp(result, out=result)
    np.clip(result, low, high, out=result)
    value = np.where(enough, np.clip(100.0 * result, 0.0, 100.0), np.nan)
    return value, inputs, present, raw_present


def combine_normalised(normalised: Mapping[str, Any], *, model: QualityModel | None = None) -> Any:
    """The index value of each row from its normalised indicator values, under the model's
    weights, aggregation and missing-data policy (renormalised over the indicators present,
    none below ``min_coverage``), as :func:`score_table` computes it.

    Args:
        normalised: Indicator name → a column of normalised values in [0, 1] (NaN or null
            where missing), for every indicator of the model; e.g. the ``<name>.normalised``
            columns of :func:`score_table`'s result.
        model: The quality model (:meth:`QualityModel.default` when None).

    Returns:
        A float64 numpy array: the value in [0, 100], NaN where there is no score.

    Raises:
        InvalidInputError: an indicator of the model has no column, or the columns differ in
            length.

    >>> combine_normalised({n: [0.5, None] for n in QualityModel.default().names}).tolist()
    [50.0, nan]
    """
    model = QualityModel.default() if model is None else model
    columns = []
    for name in model.names:
        if name not in normalised:
            msg = f"'normalised' has no column for indicator {name!r}"
            raise InvalidInputError("normalised", msg)
        column = normalised[name]
        if isinstance(column, pa.ChunkedArray | pa.Array):
            column = column.to_numpy(zero_copy_only=False)
        columns.append(np.asarray(column, dtype=np.float64))
    if len({len(c) for c in columns}) > 1:
        msg = "'normalised' columns must all have the same length"
        raise InvalidInputError("normalised", msg)
    return _combine(columns, model)[0]


# --- the public function ------------------------------------------------------------------------


def score_table(
    placements: Any,
    *,
    employers: Any,
    programmes: Any,
    enrolments: Any,
    responses: Any,
    instruments: Any,
    market: LabourMarket,
    model: QualityModel | None = None,
    as_of: date,
) -> pa.Table:
    """The employment-quality scores of placements, computed over whole columns.

    The same scores as :func:`veteran_services.scoring.score_caseload` (to about 1e-12), with
    the same missing-indicator rules and compliance flags, from tables laid out as
    :func:`veteran_services.columnar.to_arrow` makes them. Each table may be an Arrow table or a
    pandas frame and needs only the columns scoring reads. Placements are kept in their input
    order. The other tables may hold more than the placements need (a whole bucket, a whole
    city): only the placements' own records are used.

    Args:
        placements: The placements to score.
        employers: Employers (``id``, ``region``): the employer's region selects the market
            rules.
        programmes: Programmes (``id``, ``target_occupations``), for the skills match.
        enrolments: Enrolments (``veteran_id``, ``programme_id``, ``ended_on``, ``outcome``).
        responses: Follow-up responses (``id``, ``instrument_id``, ``instrument_version``,
            ``placement_id``, ``collected_on``, ``disposition``, ``answers``).
        instruments: Instruments (``id``, ``version``, ``questions``).
        market: The labour-market tables.
        model: The quality model (:meth:`QualityModel.default` when None).
        as_of: The scoring date.

    Unknown is not none: a null ``contract`` leaves contract security missing (and the
    wages are compared as full-time work), a null ``insurance`` list leaves social insurance
    missing and raises neither ``no_social_insurance`` nor ``informal`` (an empty list is a
    recorded "no scheme paid" and does), a null ``occupation`` (a job title only) leaves the
    skills match missing. One placement that cannot be scored never stops the call: it is a
    row with a null ``value``, every indicator missing, every flag false and a ``reason``
    code: ``"no_market_data"`` when the market tables do not cover its employer's region on
    its start (part-time work included, whose wage needs an hourly minimum),
    ``"unknown_employer"`` (and a null ``region``) when its employer is not among
    *employers*. These are the object path's results for such placements
    (:attr:`QualityScore.reason_code <veteran_services.scoring.QualityScore>`).

    Returns:
        An Arrow table, one row per placement: ``placement_id``, ``veteran_id``,
        ``employer_id``, ``region`` (null when the employer is unknown), ``started_on``,
        ``value`` (null when there is no score), ``reason`` (null when scored, else a code of
        :data:`REASONS`: ``"low_coverage"``, ``"after_scoring_date"``, ``"no_market_data"``,
        ``"unknown_employer"``, exactly the object path's ``reason_code``), ``completeness``
        (the share of the model's weight whose indicators were observed, as
        :attr:`QualityScore.completeness <veteran_services.scoring.QualityScore>`; 0 for a
        placement that cannot be scored), then per indicator ``<name>.raw``,
        ``<name>.normalised``, ``<name>.missing``, ``<name>.share`` and
        ``<name>.contribution``, then one boolean column per
        :class:`~veteran_services.scoring.Flag`, ``flag.<value>``. The schema metadata holds
        the model's version and fingerprint, the aggregation and *as_of*. The columns come in
        chunks, one per block of 131 072 placements (the table's record batches);
        ``combine_chunks()`` makes one of each.

    Raises:
        InvalidInputError: a table is not a table or lacks a column scoring needs, a
            placement's ``id`` or ``started_on`` is null, or a column holds values of the
            wrong kind (a contract type or scheme the model does not know, hours that are
            not numbers). These are problems of the arguments, not of one record.
    """
    model = QualityModel.default() if model is None else model
    placement_table = _table("placements", placements, "placements")
    employer_table = _table("employers", employers, "employers")
    programme_table = _table("programmes", programmes, "programmes")
    enrolment_table = _table("enrolments", enrolments, "enrolments")
    response_table = _table("responses", responses, "responses")
    instrument_table = _table("instruments", instruments, "instruments")

    # The joins (survey responses, enrolments) over every placement at once; the rest a block
    # of placements at a time, so that its many million-row temporaries become small ones
    # that are reused, not fresh memory from the operating system for each.
    keys = _Keys(placement_table)
    names = set(model.names)
    survey = (
        survey_means(keys, response_table, instrument_table, as_of)[0]
        if names & {"satisfaction", "job_strain"}
        else None
    )
    skills = (
        skills_match(keys, programme_table, enrolment_table) if "skills_match" in names else None
    )
    steps: dict[tuple[str, str], tuple[np.ndarray, list[Any]]] = {}
    batches = []
    for begin in range(0, max(keys.n, 1), _PLACEMENT_BLOCK):
        end = min(begin + _PLACEMENT_BLOCK, keys.n)
        block = _Placements(
            placement_table.slice(begin, end - begin), employer_table, market, steps=steps
        )
        batches.append(
            _score_block(
                block,
                None if survey is None else survey[begin:end],
                None if skills is None else (skills[0][begin:end], skills[1][begin:end]),
                market,
                model,
                as_of,
            )
        )
    table = pa.Table.from_batches(batches)
    return table.replace_schema_metadata(
        {
            b"veteran_services.model_version": model.version.encode(),
            b"veteran_services.model_fingerprint": model.fingerprint.encode(),
            b"veteran_services.aggregation": model.aggregation.encode(),
            b"veteran_services.as_of": as_of.isoformat().encode(),
        }
    )


def _score_block(
    p: _Placements,
    survey: np.ndarray | None,
    skills: _Values | None,
    market: LabourMarket,
    model: QualityModel,
    as_of: date,
) -> pa.RecordBatch:
    """The scores of a block of placements (see :func:`score_table`), given the survey topic
    means and the skills match computed over all placements."""

    # the placements that cannot be scored: every indicator missing, no flag, no value
    p.failure[(p.failure == 0) & _no_hourly_minimum(p)] = _NO_MARKET
    failed = p.failure > 0
    scorable = ~failed
    any_failed = bool(failed.any())

    def compute(name: str) -> _Values:
        if name == "earnings_to_minimum":
            return earnings_to_minimum(p)
        if name == "earnings_to_median":
            return earnings_to_median(p, market)
        if name == "working_time":
            return working_time(p)
        if name == "contract_security":
            return contract_security(p)
        if name == "social_insurance":
            return social_insurance(p)
        if name == "retention":
            return retention(p, as_of, model.spec("retention").high)
        if name == "skills_match" and skills is not None:
            return skills
        if survey is None or name not in ("satisfaction", "job_strain"):  # pragma: no cover
            msg = f"score_table computed no values for indicator {name!r}"
            raise AssertionError(msg)
        if name == "satisfaction":
            raw = survey[:, 0]
        else:  # job_strain
            raw = survey[:, 2] - survey[:, 1]
        return raw, ~np.isnan(raw)

    columns: dict[str, Any] = {}
    raws = []
    normalised = []
    for spec in model.indicators:
        raw, here = compute(spec.name)  # raw is NaN wherever the indicator is missing
        if any_failed:
            here = here & scorable
            raw = np.where(here, raw, np.nan)
        raws.append(raw)
        scaled = _normalise(raw, spec.low, spec.high, spec.higher_is_better)
        scaled[~here] = np.nan
        normalised.append(scaled)

    value, inputs, present, raw_present = _combine(normalised, model)
    weights = [spec.weight for spec in model.indicators]
    geometric = model.aggregation == "geometric"
    late = p.start > (as_of - _EPOCH).days
    # a code of _REASON_CODES (0: scored), decoded from a dictionary column: a placement that
    # cannot be scored, then one starting after the scoring date, then too little coverage
    ordinary = np.where(late, _LATE, np.isnan(value) * _LOW)
    reason_code = np.where(failed, p.failure, ordinary).astype(np.int8)
    reasons = pa.DictionaryArray.from_arrays(
        pa.array(reason_code, mask=reason_code == 0), pa.array(_REASON_CODES)
    ).cast(pa.string())
    value[late | failed] = np.nan
    unscored = np.isnan(value)

    columns["placement_id"] = p.ids
    columns["veteran_id"] = p.veteran_ids
    columns["employer_id"] = p.employer_ids
    columns["region"] = p.regions
    columns["started_on"] = pa.array(p.start.astype(np.int32), pa.int32()).cast(pa.date32())
    columns["value"] = pa.array(value, pa.float64(), mask=unscored)
    columns["reason"] = reasons
    columns["completeness"] = pa.array(raw_present / model.total_weight, pa.float64())
    with np.errstate(divide="ignore", invalid="ignore"):
        per_weight = 1.0 / raw_present  # inf where no weight is present: masked below
        for j, spec in enumerate(model.indicators):
            missing = ~present[j]
            no_share = missing | (raw_present == 0)
            share = per_weight * weights[j]
            x = inputs[j]
            part = np.log(x) if geometric else x
            contribution = (100.0 * share) * part
            columns[f"{spec.name}.raw"] = _nullable(raws[j])
            columns[f"{spec.name}.normalised"] = pa.array(normalised[j], mask=missing)
            columns[f"{spec.name}.missing"] = pa.array(missing)
            columns[f"{spec.name}.share"] = pa.array(share, mask=no_share)
            columns[f"{spec.name}.contribution"] = pa.array(contribution, mask=no_share | unscored)
    for flag, values in _flags(p).items():
        columns[f"flag.{flag.value}"] = pa.array(values & scorable if any_failed else values)
    return pa.RecordBatch.from_pydict(columns)


def _nullable(values: np.ndarray) -> pa.Array:
    return pa.array(values, pa.float64(), mask=np.isnan(values))


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        near: np.ndarray = np.abs(a - b) <= 1e-9 * np.maximum(np.abs(a), np.abs(b))
    return near


def _flags(p: _Placements) -> Mapping[Flag, np.ndarray]:
    comparable = p.min_comparable
    hourly, hourly_known = _hourly(p)
    with np.errstate(invalid="ignore"):
        below = np.where(
            p.part_time,
            hourly_known & (hourly < p.minimum_hourly),
            p.wage < p.minimum_monthly,
        )
    below &= comparable
    # Decide the near ties as the object path does, in Decimal.
    near = comparable & np.where(
        p.part_time,
        hourly_known & _close(hourly, p.minimum_hourly),
        _close(p.wage, p.minimum_monthly),
    )
    for index in np.flatnonzero(near).tolist():
        below[index] = _below_in_decimal(p, index)
    over = ~np.isnan(p.hours) & (p.hours > p.max_hours)
    # only a recorded list can lack the required schemes (a null one is "not recorded")
    uninsured = p.insured() & (p.required != 0) & ((p.insurance & p.required) == 0)
    informal = (p.contract == p.contract_values.index(ContractType.NONE.value)) | uninsured
    return {
        Flag.BELOW_MINIMUM_WAGE: below,
        Flag.OVER_LEGAL_HOURS: over,
        Flag.NO_SOCIAL_INSURANCE: uninsured,
        Flag.INFORMAL: informal,
    }


def _below_in_decimal(p: _Placements, index: int) -> bool:
    wage = Decimal(str(p.wage_text[index].as_py()))
    row = p.minimum_rows[p.minimum_at[index]]
    if not p.part_time[index]:
        return bool(wage < row.monthly)
    hours = Decimal(str(p.hours_text[index].as_py()))
    weeks = Decimal(str(p.weeks[index]))
    return bool(wage / (hours * weeks) < row.hourly)
