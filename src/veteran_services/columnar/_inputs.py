"""The inputs of :func:`~veteran_services.columnar.score_table`, resolved: the columns it
reads, the tables checked, the placements' columns as numpy arrays with their employer's
region and the market rows in force looked up, insurance lists as bit masks."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services.columnar._columns import (
    booleans,
    column_of,
    day_numbers,
    float_values,
    known_codes,
    numbers,
    validity,
    value_codes,
)
from veteran_services.columnar._convert import as_table
from veteran_services.columnar._market import rows_in_force, take_or_fill
from veteran_services.errors import InvalidInputError
from veteran_services.model import ContractType, Insurance
from veteran_services.scoring import (
    AFTER_SCORING_DATE,
    LOW_COVERAGE,
    NO_MARKET_DATA,
    UNKNOWN_EMPLOYER,
    LabourMarket,
)

__all__ = [
    "INSURANCE_BITS",
    "LATE_CODE",
    "LOW_CODE",
    "NO_EMPLOYER_CODE",
    "NO_MARKET_CODE",
    "REASON_CODES",
    "SCORING_COLUMNS",
    "Keys",
    "Placements",
    "list_bits",
    "popcount",
    "same_currency",
    "scheme_mask",
    "scoring_table",
]

INSURANCE_BITS: Final = {member.value: 1 << index for index, member in enumerate(Insurance)}


# The ``reason`` column's codes by number (0: scored): the values of scoring.REASONS, which
# this module re-exports as the columnar package's REASONS.
REASON_CODES: Final = ("", LOW_COVERAGE, AFTER_SCORING_DATE, NO_MARKET_DATA, UNKNOWN_EMPLOYER)
LOW_CODE, LATE_CODE, NO_MARKET_CODE, NO_EMPLOYER_CODE = 1, 2, 3, 4


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


def scoring_table(kind: str, data: Any, argument: str) -> pa.Table:
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


def popcount(values: np.ndarray) -> np.ndarray:
    count = np.zeros(values.shape, dtype=np.int64)
    for bit in INSURANCE_BITS.values():
        count += (values & bit) != 0
    return count


def scheme_mask(schemes: frozenset[Insurance]) -> int:
    return sum(INSURANCE_BITS[s.value] for s in schemes)


def list_bits(array: pa.Array, argument: str) -> np.ndarray:
    """Each list of insurance schemes as a bit mask (one bit per scheme, a scheme listed twice
    counted once; null lists and null entries add nothing)."""
    flat = pc.list_flatten(array)
    counts = numbers(pc.list_value_length(array), np.int64, 0)
    codes = value_codes(flat, list(INSURANCE_BITS), argument, "insurance")
    bits = np.array([*INSURANCE_BITS.values(), 0], dtype=np.int64)[codes]  # -1 (null): 0
    total = np.zeros(len(array), dtype=np.int64)
    listed = counts > 0
    if listed.any():
        starts = np.cumsum(counts) - counts
        total[listed] = np.bitwise_or.reduceat(bits, starts[listed])
    return total


class Keys:
    """What the joins of every placement need (survey responses, enrolments): the ids, the
    occupation (null where only a job title is recorded) and the start, the id and the start
    checked for nulls."""

    def __init__(self, table: pa.Table, argument: str = "placements") -> None:
        self.n = table.num_rows
        self.ids = column_of(table, "id")
        self.veteran_ids = column_of(table, "veteran_id")
        self.occupations = column_of(table, "occupation")
        if self.ids.null_count:
            msg = f"'{argument}' column 'id' must have no nulls"
            raise InvalidInputError(argument, msg)
        self.start, start_valid = day_numbers(column_of(table, "started_on"))
        if not start_valid.all():
            msg = f"'{argument}' column 'started_on' must have no nulls"
            raise InvalidInputError(argument, msg)


class Placements(Keys):
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
        self.employer_ids = column_of(table, "employer_id")
        self.ended, self.has_end = day_numbers(column_of(table, "ended_on"))
        contracts = [c.value for c in ContractType]
        # -1 where the contract type is not recorded (a null): compared as full-time work
        self.contract = value_codes(column_of(table, "contract"), contracts, argument, "contract")
        self.contract_values = contracts
        months = column_of(table, "contract_months").cast(pa.float64())
        self.contract_months = numbers(months, np.float64, np.nan)
        self.hours_text = column_of(table, "weekly_hours")
        self.hours = float_values(self.hours_text, argument, "weekly_hours")
        self.wage_text = column_of(table, "monthly_wage.amount")
        self.wage = float_values(self.wage_text, argument, "monthly_wage.amount")
        self.wage_currency = column_of(table, "monthly_wage.currency")
        insurance = column_of(table, "insurance")
        self.insurance = list_bits(insurance, argument)
        # None: every list recorded; else False where the insurance is not recorded (null)
        self.insurance_known = validity(insurance)
        self.part_time = self.contract == contracts.index(ContractType.PART_TIME.value)
        self.hourly: tuple[np.ndarray, np.ndarray] | None = None  # see hourly_wage
        self._resolve(employers, market)

    def _resolve(self, employers: pa.Table, market: LabourMarket) -> None:
        employer_ids = column_of(employers, "id")
        # the first employer of an id, like Caseload.employer
        position = pc.index_in(self.employer_ids, value_set=employer_ids)
        found = booleans(position.is_valid())
        # a null position (an unknown employer) takes a null region
        regions = pc.take(column_of(employers, "region"), position)
        encoded = pc.dictionary_encode(regions)
        self.regions = regions
        region_codes = numbers(encoded.indices, np.int64, -1)
        dictionary = encoded.dictionary
        start = self.start

        def dates(rows: Sequence[Any]) -> list[date]:
            return sorted({row.valid_from for row in rows})

        self.minimum_at, self.minimum_rows = rows_in_force(
            market.minimum_wage,
            dates(market.minimum_wages),
            dictionary,
            region_codes,
            start,
            self.steps,
        )
        self.working_at, self.working_rows = rows_in_force(
            market.working_time,
            dates(market.working_time_rules),
            dictionary,
            region_codes,
            start,
            self.steps,
        )
        self.insurance_at, self.insurance_rows = rows_in_force(
            market.social_insurance,
            dates(market.social_insurance_rules),
            dictionary,
            region_codes,
            start,
            self.steps,
        )
        # why a placement cannot be scored (0: it can): its employer is not among *employers*,
        # or the market has no row for its region on its start (see also no_hourly_minimum)
        no_market = (self.minimum_at < 0) | (self.working_at < 0) | (self.insurance_at < 0)
        self.failure = np.where(
            found, np.where(no_market, NO_MARKET_CODE, 0), NO_EMPLOYER_CODE
        ).astype(np.int8)
        rows = self.minimum_rows
        at = self.minimum_at
        self.minimum_monthly = take_or_fill([float(r.monthly) for r in rows], at, float, math.nan)
        self.minimum_hourly = take_or_fill(
            [math.nan if r.hourly is None else float(r.hourly) for r in rows], at, float, math.nan
        )
        self.currencies = sorted(
            {r.currency for r in rows} | {r.currency for r in market.median_wages}
        )
        self.currency = known_codes(self.wage_currency, self.currencies)
        self.minimum_currency = take_or_fill(
            [self.currencies.index(r.currency) for r in rows], at, np.int64, -1
        )
        rows = self.working_rows
        at = self.working_at
        self.weeks = take_or_fill([r.weeks_per_month for r in rows], at, float, math.nan)
        self.max_hours = take_or_fill([r.max_weekly_hours for r in rows], at, float, math.nan)
        self.standard_hours = take_or_fill(
            [r.standard_monthly_hours() for r in rows], at, float, math.nan
        )
        rows = self.insurance_rows
        at = self.insurance_at
        full = take_or_fill([scheme_mask(r.schemes) for r in rows], at, np.int64, 0)
        part = take_or_fill([scheme_mask(r.part_time_schemes) for r in rows], at, np.int64, 0)
        self.required = np.where(self.part_time, part, full)
        self.region_codes = region_codes
        self.region_names = dictionary.to_pylist()
        self.min_comparable = ~np.isnan(self.wage) & same_currency(self, self.minimum_currency)

    def insured(self) -> np.ndarray:
        """Where the insurance is recorded (a list, possibly empty)."""
        if self.insurance_known is None:
            return np.ones(self.n, dtype=bool)
        return self.insurance_known


def same_currency(p: Placements, currency: np.ndarray) -> np.ndarray:
    """Whether each wage is in *currency* (codes into ``p.currencies``; -1: none)."""
    same: np.ndarray = (p.currency >= 0) & (p.currency == currency)
    return same
