"""Labour-market parameters: minimum wages, working-time rules, social insurance, median wages.

Every parameter is a row of a dated table with the region it applies to, the first day it is in
force (``valid_from``), its ``source`` and whether that source could be ``confirmed``. A lookup
by region and date takes the most specific region on the way up the region hierarchy
(:func:`veteran_services.codes.ancestors`: district, city, province, country) that has any row
in the table, and then that region's latest row in force on the date. A date before that
region's first row, or a region with no row on its way up, raises :class:`MarketDataError`:
there is never a silent default.

The built-in tables (:meth:`LabourMarket.nanjing`) carry China's national rules and the
minimum-wage history of Jiangsu as it applies to Nanjing, as far as public sources allowed;
rows that could not be confirmed say so in ``confirmed`` and ``note``. Users load their own
tables from JSON (:meth:`LabourMarket.from_json`) or CSV (:meth:`LabourMarket.from_csv`).

>>> from datetime import date
>>> market = LabourMarket.nanjing()
>>> market.minimum_wage("320115", date(2024, 3, 1)).monthly
Decimal('2490')
>>> market.minimum_wage("320115", date(2010, 1, 1))
Traceback (most recent call last):
...
veteran_services.scoring.market.MarketDataError: no minimum wage for region '320115' on \
2010-01-01: the table for '320100' starts on 2014-11-01
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Generic, TypeVar

from attrs import field, frozen

from veteran_services import codes
from veteran_services._checks import checked, checks_itself, finite_number, text, whole
from veteran_services._checks import day as as_day
from veteran_services.errors import (
    InvalidRecordError,
    RecordError,
    RecordProblem,
    UnknownCodeError,
    VeteranServicesError,
)
from veteran_services.model import Caseload, Insurance

__all__ = [
    "MARKET_TABLES",
    "MEDIAN_KINDS",
    "LabourMarket",
    "MarketDataError",
    "MedianWage",
    "MinimumWage",
    "SocialInsuranceRule",
    "WorkingTimeRule",
]


class MarketDataError(VeteranServicesError, LookupError):
    """A labour-market parameter is not known for a region and date.

    Attributes:
        table: The table looked up (``"minimum_wages"``).
        region: The region code asked for.
        day: The date asked for, or None.
    """

    def __init__(self, table: str, region: str, day: date | None, message: str) -> None:
        super().__init__(message)
        self.table = table
        self.region = region
        self.day = day

    def __str__(self) -> str:
        return str(self.args[0])


# --- rows ----------------------------------------------------------------------------------


def _positive_decimal(name: str, value: Decimal | None, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        msg = f"{name!r} must be a positive finite Decimal, got {value!r}"
        raise InvalidRecordError(name, msg)


def _positive_number(name: str, value: float) -> None:
    finite_number(value, name, error=InvalidRecordError)
    if value <= 0:
        msg = f"{name!r} must be above 0, got {value!r}"
        raise InvalidRecordError(name, msg)


def _code(name: str, value: str) -> None:
    if not isinstance(value, str) or not value or any(ch.isspace() for ch in value):
        msg = f"{name!r} must be a non-empty code without whitespace, got {value!r}"
        raise InvalidRecordError(name, msg)


def _source(value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"'source' must be a non-empty citation, got {value!r}"
        raise InvalidRecordError("source", msg)


@frozen(kw_only=True)
class MinimumWage:
    """A minimum wage in force in a region from ``valid_from`` until the region's next row.

    Attributes:
        region: The region code it applies to (and to every region below without rows).
        valid_from: The first day in force.
        monthly: The monthly minimum wage for full-time work.
        hourly: The hourly minimum wage for part-time work, if set.
        currency: ISO 4217 code of both amounts.
        area_class: The province's area class (``"I"``), for information.
        source: Where the figures come from.
        confirmed: Whether the figures and the date could be confirmed from public sources.
        note: What could not be confirmed, or other remarks.
    """

    region: str
    valid_from: date
    monthly: Decimal
    hourly: Decimal | None = None
    currency: str = "CNY"
    area_class: str | None = None
    source: str
    confirmed: bool
    note: str = ""

    def __attrs_post_init__(self) -> None:
        _code("region", self.region)
        _positive_decimal("monthly", self.monthly)
        _positive_decimal("hourly", self.hourly, optional=True)
        _source(self.source)


@frozen(kw_only=True)
class WorkingTimeRule:
    """Statutory working time in a jurisdiction from ``valid_from``.

    Attributes:
        region: The jurisdiction's region code (``"CN"``).
        valid_from: The first day in force.
        standard_daily_hours: Standard hours a day (8 in China).
        standard_weekly_hours: Standard hours a week (40 in China).
        labour_law_weekly_hours: The Labour Law's weekly average limit (44 in China), kept for
            reference; the legal maximum used for flags is :attr:`max_weekly_hours`.
        daily_overtime_limit: Most overtime hours a day (3).
        monthly_overtime_limit: Most overtime hours a month (36).
        paid_days_per_month: Paid days in a month for wage conversion (21.75).
        source: Where the rules come from.
        confirmed: Whether they could be confirmed from public sources.
        note: What could not be confirmed, or other remarks.
    """

    region: str
    valid_from: date
    standard_daily_hours: float
    standard_weekly_hours: float
    labour_law_weekly_hours: float
    daily_overtime_limit: float
    monthly_overtime_limit: float
    paid_days_per_month: float
    source: str
    confirmed: bool
    note: str = ""
    _max_weekly: list[float] = field(factory=list, init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        _code("region", self.region)
        for name in (
            "standard_daily_hours",
            "standard_weekly_hours",
            "labour_law_weekly_hours",
            "daily_overtime_limit",
            "monthly_overtime_limit",
            "paid_days_per_month",
        ):
            _positive_number(name, getattr(self, name))
        _source(self.source)

    @property
    def weeks_per_month(self) -> float:
        """Paid weeks in a month: ``paid_days_per_month / 5`` (4.35 in China)."""
        return self.paid_days_per_month / 5.0

    @property
    def max_weekly_hours(self) -> float:
        """The most hours a week the law allows: standard hours plus the monthly overtime limit
        spread over the month's weeks (40 + 36 / 4.35 ≈ 48.28 in China).

        >>> round(LabourMarket.nanjing().working_time("CN", date(2024, 1, 1)).max_weekly_hours, 2)
        48.28
        """
        if not self._max_weekly:
            weekly_overtime = self.monthly_overtime_limit / self.weeks_per_month
            self._max_weekly.append(self.standard_weekly_hours + weekly_overtime)
        return self._max_weekly[0]

    def monthly_hours(self, weekly_hours: float) -> float:
        """Hours a month for *weekly_hours* a week (× ``weeks_per_month``)."""
        return weekly_hours * self.weeks_per_month

    def standard_monthly_hours(self) -> float:
        """Standard hours in a paid month: ``paid_days_per_month × standard_daily_hours`` (174)."""
        return self.paid_days_per_month * self.standard_daily_hours


def _scheme_set(schemes: Iterable[Insurance]) -> frozenset[Insurance]:
    return frozenset(schemes)


@frozen(kw_only=True)
class SocialInsuranceRule:
    """The social-insurance schemes an employer must pay for, in a jurisdiction from a date.

    Attributes:
        region: The jurisdiction's region code.
        valid_from: The first day in force.
        schemes: The schemes required for full-time employees (housing fund included where
            required).
        part_time_schemes: The schemes required for part-time employees.
        source: Where the rules come from.
        confirmed: Whether they could be confirmed from public sources.
        note: What could not be confirmed, or other remarks.
    """

    region: str
    valid_from: date
    schemes: frozenset[Insurance] = field(converter=_scheme_set)
    part_time_schemes: frozenset[Insurance] = field(converter=_scheme_set)
    source: str
    confirmed: bool
    note: str = ""

    def __attrs_post_init__(self) -> None:
        _code("region", self.region)
        if not self.schemes:
            msg = "'schemes' must name at least one scheme"
            raise InvalidRecordError("schemes", msg)
        _source(self.source)


@frozen(kw_only=True)
class MedianWage:
    """The median monthly wage of full-time employees in a region and year.

    Attributes:
        region: The region code.
        year: The calendar year it describes.
        monthly: The median monthly wage.
        currency: ISO 4217 code.
        source: Where it comes from.
        confirmed: Whether it could be confirmed from public sources.
        note: Remarks.
        kind: ``"labour_market"`` (the default): the region's median wage, an official or
            survey statistic; ``"peer"``: a peer reference computed from a caseload's own
            earnings records (:meth:`LabourMarket.peer_reference`), which explanations call
            a peer reference, never the labour-market median.
    """

    region: str
    year: int
    monthly: Decimal
    currency: str = "CNY"
    source: str
    confirmed: bool
    note: str = ""
    kind: str = "labour_market"

    def __attrs_post_init__(self) -> None:
        _code("region", self.region)
        _positive_decimal("monthly", self.monthly)
        _source(self.source)
        if self.kind not in MEDIAN_KINDS:
            msg = f"'kind' must be one of {', '.join(map(repr, MEDIAN_KINDS))}, got {self.kind!r}"
            raise InvalidRecordError("kind", msg)


#: The kinds of :class:`MedianWage` rows.
MEDIAN_KINDS = ("labour_market", "peer")


# --- dated tables ----------------------------------------------------------------------------

_Row = TypeVar("_Row", MinimumWage, WorkingTimeRule, SocialInsuranceRule)


class _DatedTable(Generic[_Row]):
    """Rows grouped by region and sorted by ``valid_from``, for lookups by region and date."""

    __slots__ = ("_dates", "_rows", "name")

    def __init__(self, name: str, rows: Iterable[_Row]) -> None:
        self.name = name
        grouped: defaultdict[str, list[_Row]] = defaultdict(list)
        for row in rows:
            grouped[row.region].append(row)
        self._rows: dict[str, list[_Row]] = {}
        self._dates: dict[str, list[date]] = {}
        for region, items in grouped.items():
            items.sort(key=lambda r: r.valid_from)
            for before, after in itertools.pairwise(items):
                if before.valid_from == after.valid_from:
                    msg = (
                        f"{name!r} has two rows for region {region!r} from {after.valid_from}; "
                        "keep one"
                    )
                    raise InvalidRecordError("valid_from", msg)
            self._rows[region] = items
            self._dates[region] = [r.valid_from for r in items]

    def regions(self) -> frozenset[str]:
        return frozenset(self._rows)

    def lookup(self, region: str, day: date, chain: Sequence[str]) -> _Row:
        for code in chain:
            dates = self._dates.get(code)
            if dates is None:
                continue
            position = bisect.bisect_right(dates, day)
            if position == 0:
                msg = (
                    f"no {_SINGULAR[self.name]} for region {region!r} on {day}: the table for "
                    f"{code!r} starts on {dates[0]}"
                )
                raise MarketDataError(self.name, region, day, msg)
            return self._rows[code][position - 1]
        msg = (
            f"no {_SINGULAR[self.name]} for region {region!r} or any region above it "
            f"({', '.join(repr(c) for c in chain)}); add a row for it"
        )
        raise MarketDataError(self.name, region, day, msg)

    def rows(self) -> tuple[_Row, ...]:
        return tuple(row for region in sorted(self._rows) for row in self._rows[region])


_SINGULAR = {
    "minimum_wages": "minimum wage",
    "working_time_rules": "working-time rule",
    "social_insurance_rules": "social-insurance rule",
    "median_wages": "median wage",
}


def _chain(region: str) -> tuple[str, ...]:
    try:
        return tuple(r.code for r in codes.ancestors(region))
    except UnknownCodeError:
        # a region the registry does not know can still have rows of its own
        return (region,)


#: The tables of a :class:`LabourMarket`, and what scoring lacks without each.
MARKET_TABLES: dict[str, str] = {
    "minimum_wages": ("without minimum wages every placement is left unscored (no_market_data)"),
    "working_time_rules": (
        "without working-time rules every placement is left unscored (no_market_data)"
    ),
    "social_insurance_rules": (
        "without social-insurance rules every placement is left unscored (no_market_data)"
    ),
    "median_wages": (
        "without median wages earnings_to_median is missing for every placement (its weight "
        "is left out of each score)"
    ),
}


@frozen(kw_only=True, repr=False)
class LabourMarket:
    """Dated labour-market tables, looked up by region and date.

    Build one from rows, or use :meth:`nanjing` (the built-in tables), :meth:`from_json` or
    :meth:`from_csv`. Instances are immutable and compare by their tables and name;
    :meth:`replace` gives a copy with some tables swapped. The repr, :meth:`tables` and
    :meth:`lacks` say which tables it has and which are empty (:data:`MARKET_TABLES` says
    what scoring lacks without each); :meth:`peer_reference` fills the median wages with a
    peer reference from a caseload's own earnings records.

    Attributes:
        minimum_wages: Minimum wages by region.
        working_time_rules: Working-time rules by jurisdiction.
        social_insurance_rules: Required social-insurance schemes by jurisdiction.
        median_wages: Median monthly wages by region and year (optional).
        name: A label printed with results.
    """

    minimum_wages: tuple[MinimumWage, ...] = field(default=(), converter=tuple)
    working_time_rules: tuple[WorkingTimeRule, ...] = field(default=(), converter=tuple)
    social_insurance_rules: tuple[SocialInsuranceRule, ...] = field(default=(), converter=tuple)
    median_wages: tuple[MedianWage, ...] = field(default=(), converter=tuple)
    name: str = "custom"
    _tables: dict[str, Any] = field(factory=dict, init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._tables["minimum_wages"] = _DatedTable("minimum_wages", self.minimum_wages)
        self._tables["working_time_rules"] = _DatedTable(
            "working_time_rules", self.working_time_rules
        )
        self._tables["social_insurance_rules"] = _DatedTable(
            "social_insurance_rules", self.social_insurance_rules
        )
        medians: dict[tuple[str, int], MedianWage] = {}
        for row in self.median_wages:
            key = (row.region, row.year)
            if key in medians:
                msg = f"'median_wages' has two rows for region {row.region!r} in {row.year}"
                raise InvalidRecordError("year", msg)
            medians[key] = row
        self._tables["medians"] = medians
        self._tables["chains"] = {}

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{table}={n} row{'s' if n != 1 else ''}" if n else f"{table}=empty"
            for table, n in self.tables().items()
        )
        if self.peer_wages:
            counts += " (a peer reference from earnings records, not the labour-market median)"
        lacks = "".join(f"; {MARKET_TABLES[table]}" for table in self.lacks())
        return f"LabourMarket(name={self.name!r}, {counts}{lacks})"

    @checked
    def tables(self) -> dict[str, int]:
        """The number of rows of each table (:data:`MARKET_TABLES`), 0 for an empty one.

        >>> LabourMarket.nanjing().tables()["median_wages"]
        0
        """
        return {table: len(getattr(self, table)) for table in MARKET_TABLES}

    @checked
    def lacks(self) -> tuple[str, ...]:
        """The tables without a row, in :data:`MARKET_TABLES` order (what scoring then lacks:
        :data:`MARKET_TABLES`).

        >>> LabourMarket.nanjing().lacks()
        ('median_wages',)
        """
        return tuple(table for table, n in self.tables().items() if not n)

    @property
    def peer_wages(self) -> bool:
        """Whether the median wages are a peer reference (:meth:`peer_reference`) rather than
        the labour-market median."""
        return any(row.kind == "peer" for row in self.median_wages)

    # --- constructors ------------------------------------------------------------------

    @classmethod
    @checked
    def nanjing(cls) -> LabourMarket:
        """The built-in tables: China's national working-time and social-insurance rules and the
        Jiangsu minimum wages for Nanjing (class I, with Lishui and Gaochun as class II until
        2018).

        It has **no median wages** (none could be confirmed from public sources): with it the
        ``earnings_to_median`` indicator is missing for every placement and its weight is left
        out of each score. Give your own median-wage table (:meth:`from_csv` with ``base=``), or
        opt in to :meth:`peer_reference`. The repr says so too:

        >>> LabourMarket.nanjing()  # doctest: +ELLIPSIS
        LabourMarket(name='nanjing (built-in)', minimum_wages=... rows, ..., median_wages=empty; \
without median wages earnings_to_median is missing for every placement (its weight is left out \
of each score))
        >>> m = LabourMarket.nanjing()
        >>> m.minimum_wage("320117", date(2017, 3, 1)).area_class  # Lishui, class II then
        'II'
        """
        return _builtin()

    @classmethod
    @checked
    def peer_reference(
        cls,
        caseload: Caseload,
        *,
        base: LabourMarket | None = None,
        min_n: int = 10,
        currency: str = "CNY",
    ) -> LabourMarket:
        """*base* (default :meth:`nanjing`) with its median wages replaced by a **peer
        reference**: the median monthly earnings of the caseload's employed veterans by region
        and year, from its own earnings records (full quarters only; each veteran once per
        region and year; districts pooled into their city too; cells of fewer than *min_n*
        veterans left out; the rule is in ``docs/guide/scoring.md``).

        Opt in only when no official median-wage table is at hand, and say so where results
        are shown: the rows are :attr:`MedianWage.kind` ``"peer"`` and unconfirmed, every
        ``earnings_to_median`` explanation calls the figure a peer reference, and the market's
        name ends in ``+ peer reference``. It measures a wage against other veterans'
        earnings, not against the labour market.

        Args:
            caseload: The caseload (a :class:`~veteran_services.model.Caseload`).
            base: The tables kept (all but the median wages).
            min_n: The fewest veterans a row may rest on.
            currency: The currency of the earnings used.

        Raises:
            InvalidInputError: a *caseload* that is not one, a *min_n* below 1, or a *base*
                that is not a :class:`LabourMarket`.
        """
        from veteran_services.scoring._peer import peer_median_wages  # uses this module

        if base is None:
            base = cls.nanjing()
        rows = peer_median_wages(caseload, min_n=min_n, currency=currency)
        return base.replace(median_wages=rows, name=f"{base.name} + peer reference")

    @classmethod
    @checked
    def from_json(cls, path: str | Path, *, base: LabourMarket | None = None) -> LabourMarket:
        """Tables from a JSON file with any of the keys ``minimum_wages``, ``working_time_rules``,
        ``social_insurance_rules`` and ``median_wages``, each a list of rows (objects with the row's
        fields; dates as ISO strings, amounts as strings or numbers, schemes as lists of
        :class:`~veteran_services.model.Insurance` values), and an optional ``name``.

        Tables the file does not have are taken from *base*, or are empty when *base* is None.

        Raises:
            RecordError: every problem of the file, each with the row it is in.
        """
        source = str(path)
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except json.JSONDecodeError as error:
            raise RecordError([f"{source}: not valid JSON ({error})"], source=source) from None
        if not isinstance(data, dict):
            raise RecordError([f"{source}: must hold a JSON object"], source=source)
        return cls.from_dict(data, base=base, source=source)

    @classmethod
    @checked
    def from_dict(
        cls, data: Mapping[str, Any], *, base: LabourMarket | None = None, source: str = "<dict>"
    ) -> LabourMarket:
        """Tables from a mapping shaped like the JSON of :meth:`from_json`."""
        problems: list[str] = []
        unknown = sorted(set(data) - {*_PARSERS, "name"})
        problems.extend(f"{source}: unknown key {key!r}" for key in unknown)
        tables: dict[str, tuple[Any, ...]] = {}
        for table, parse in _PARSERS.items():
            if table not in data:
                continue
            rows = data[table]
            if not isinstance(rows, list):
                problems.append(f"{source}: $.{table}: must be a list of rows")
                continue
            parsed = []
            for index, row in enumerate(rows):
                where = f"{source}: $.{table}[{index}]"
                if not isinstance(row, dict):
                    problems.append(f"{where}: must be an object")
                    continue
                text_row = {k: _as_text(v) for k, v in row.items()}
                result = _parse_row(
                    parse, text_row, where, problems, file=source, path=f"$.{table}[{index}]"
                )
                if result is not None:
                    parsed.append(result)
            tables[table] = tuple(parsed)
        if problems:
            raise RecordError(problems, source=source)
        name = data.get("name", source)
        return cls._assemble(tables, base=base, name=str(name))

    @classmethod
    @checked
    def from_csv(
        cls,
        *,
        minimum_wages: str | Path | None = None,
        working_time_rules: str | Path | None = None,
        social_insurance_rules: str | Path | None = None,
        median_wages: str | Path | None = None,
        base: LabourMarket | None = None,
        name: str = "custom",
    ) -> LabourMarket:
        """Tables from CSV files, one per table, with a header row naming the fields.

        Columns: ``minimum_wages``: region, valid_from, monthly, hourly, currency, area_class,
        source, confirmed, note; ``working_time_rules``: region, valid_from, standard_daily_hours,
        standard_weekly_hours, labour_law_weekly_hours, daily_overtime_limit,
        monthly_overtime_limit, paid_days_per_month, source, confirmed, note;
        ``social_insurance_rules``: region, valid_from, schemes and part_time_schemes (values
        separated by ``;``), source, confirmed, note; ``median_wages``: region, year, monthly,
        currency, source, confirmed, note. Optional columns may be left out or empty;
        ``confirmed`` is ``true`` or ``false``. Tables without a file are taken from *base*, or
        are empty when *base* is None.

        Raises:
            RecordError: every problem of a file, each with its line.
        """
        paths = {
            "minimum_wages": minimum_wages,
            "working_time_rules": working_time_rules,
            "social_insurance_rules": social_insurance_rules,
            "median_wages": median_wages,
        }
        tables: dict[str, tuple[Any, ...]] = {}
        for table, path in paths.items():
            if path is not None:
                tables[table] = _read_csv(table, Path(path).read_text("utf-8-sig"), str(path))
        return cls._assemble(tables, base=base, name=name)

    @classmethod
    def _assemble(
        cls, tables: Mapping[str, tuple[Any, ...]], *, base: LabourMarket | None, name: str
    ) -> LabourMarket:
        def pick(table: str) -> tuple[Any, ...]:
            if table in tables:
                return tables[table]
            return () if base is None else tuple(getattr(base, table))

        try:
            return cls(
                minimum_wages=pick("minimum_wages"),
                working_time_rules=pick("working_time_rules"),
                social_insurance_rules=pick("social_insurance_rules"),
                median_wages=pick("median_wages"),
                name=name,
            )
        except ValueError as error:
            raise RecordError([str(error)], source=name) from None

    @checked
    def replace(self, **tables: Any) -> LabourMarket:
        """A copy with some tables (or the name) replaced."""
        fields = {
            "minimum_wages": self.minimum_wages,
            "working_time_rules": self.working_time_rules,
            "social_insurance_rules": self.social_insurance_rules,
            "median_wages": self.median_wages,
            "name": self.name,
        }
        unknown = sorted(set(tables) - set(fields))
        if unknown:
            msg = f"'replace' got unknown table {unknown[0]!r}; use one of {', '.join(fields)}"
            raise TypeError(msg)
        fields.update(tables)
        return LabourMarket(**fields)  # type: ignore[arg-type]

    @checked
    def to_dict(self) -> dict[str, Any]:
        """The tables as plain JSON-ready data (the shape :meth:`from_dict` reads)."""
        return {
            "name": self.name,
            **{table: [_row_to_dict(r) for r in getattr(self, table)] for table in _PARSERS},
        }

    @checked
    def to_json(self) -> str:
        """The tables as JSON text (the format :meth:`from_json` reads)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    # --- lookups -----------------------------------------------------------------------

    def _region_chain(self, region: str) -> tuple[str, ...]:
        chains: dict[str, tuple[str, ...]] = self._tables["chains"]
        chain = chains.get(region)
        if chain is None:
            chain = chains[region] = _chain(region)
        return chain

    @checks_itself
    def minimum_wage(self, region: str, day: date) -> MinimumWage:
        """The minimum wage in force in *region* on *day*.

        Raises:
            MarketDataError: *day* precedes the first row of the region that has rows, or
                neither *region* nor any region above it has a row.
        """
        if type(region) is not str:
            region = text(region, "region")
        if type(day) is not date:
            day = as_day(day, "day")
        table: _DatedTable[MinimumWage] = self._tables["minimum_wages"]
        return table.lookup(region, day, self._region_chain(region))

    @checks_itself
    def working_time(self, region: str, day: date) -> WorkingTimeRule:
        """The working-time rule in force in *region* on *day* (see :meth:`minimum_wage`)."""
        if type(region) is not str:
            region = text(region, "region")
        if type(day) is not date:
            day = as_day(day, "day")
        table: _DatedTable[WorkingTimeRule] = self._tables["working_time_rules"]
        return table.lookup(region, day, self._region_chain(region))

    @checks_itself
    def social_insurance(self, region: str, day: date) -> SocialInsuranceRule:
        """The social-insurance rule in force in *region* on *day* (see :meth:`minimum_wage`)."""
        if type(region) is not str:
            region = text(region, "region")
        if type(day) is not date:
            day = as_day(day, "day")
        table: _DatedTable[SocialInsuranceRule] = self._tables["social_insurance_rules"]
        return table.lookup(region, day, self._region_chain(region))

    @checks_itself
    def median_wage(self, region: str, year: int) -> MedianWage | None:
        """The median wage of *region* (or the nearest region above it with one) in *year*,
        or None when none is known: median wages are optional."""
        if type(region) is not str:
            region = text(region, "region")
        if type(year) is not int:
            year = whole(year, "year")
        medians: dict[tuple[str, int], MedianWage] = self._tables["medians"]
        if not medians:
            return None
        for code in self._region_chain(region):
            row = medians.get((code, year))
            if row is not None:
                return row
        return None

    @checked
    def unconfirmed(self) -> tuple[MinimumWage | WorkingTimeRule | SocialInsuranceRule, ...]:
        """Every row whose source could not be confirmed, for a report's caveats."""
        rows: list[Any] = [
            *self.minimum_wages,
            *self.working_time_rules,
            *self.social_insurance_rules,
            *self.median_wages,
        ]
        return tuple(r for r in rows if not r.confirmed)


# --- parsing ---------------------------------------------------------------------------------


def _as_text(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, list):
        return value
    if isinstance(value, int | float):
        return str(value)
    return value


def _text(row: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            msg = f"{key!r} is required"
            raise InvalidRecordError(key, msg)
        return None
    if not isinstance(value, str):
        msg = f"{key!r} must be text, got {value!r}"
        raise InvalidRecordError(key, msg)
    return value.strip()


def _date(row: Mapping[str, Any], key: str) -> date:
    text = _text(row, key)
    assert text is not None  # noqa: S101 - required above  # nosec B101
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"{key!r} must be an ISO date (YYYY-MM-DD), got {text!r}"
        raise InvalidRecordError(key, msg) from None


def _decimal(row: Mapping[str, Any], key: str, *, required: bool = True) -> Decimal | None:
    text = _text(row, key, required=required)
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        msg = f"{key!r} must be a decimal number, got {text!r}"
        raise InvalidRecordError(key, msg) from None
    return value


def _float(row: Mapping[str, Any], key: str) -> float:
    text = _text(row, key)
    assert text is not None  # noqa: S101 - required above  # nosec B101
    try:
        return float(text)
    except ValueError:
        msg = f"{key!r} must be a number, got {text!r}"
        raise InvalidRecordError(key, msg) from None


def _bool(row: Mapping[str, Any], key: str) -> bool:
    value = row.get(key)
    if isinstance(value, bool):
        return value
    text = _text(row, key)
    lowered = (text or "").lower()
    if lowered in ("true", "yes", "1"):
        return True
    if lowered in ("false", "no", "0"):
        return False
    msg = f"{key!r} must be true or false, got {text!r}"
    raise InvalidRecordError(key, msg)


def _schemes(row: Mapping[str, Any], key: str) -> frozenset[Insurance]:
    value = row.get(key)
    if value is None:
        items: list[str] = []
    elif isinstance(value, list):
        items = [str(v) for v in value]
    elif isinstance(value, str):
        items = [v.strip() for v in value.split(";") if v.strip()]
    else:
        msg = f"{key!r} must be a list of schemes, got {value!r}"
        raise InvalidRecordError(key, msg)
    allowed = {i.value: i for i in Insurance}
    result = set()
    for item in items:
        if item not in allowed:
            msg = f"{key!r} has an unknown scheme {item!r}; use {', '.join(allowed)}"
            raise InvalidRecordError(key, msg)
        result.add(allowed[item])
    return frozenset(result)


def _currency(row: Mapping[str, Any]) -> str:
    return _text(row, "currency", required=False) or "CNY"


def _parse_minimum_wage(row: Mapping[str, Any]) -> MinimumWage:
    monthly = _decimal(row, "monthly")
    assert monthly is not None  # noqa: S101 - required above  # nosec B101
    return MinimumWage(
        region=_text(row, "region") or "",
        valid_from=_date(row, "valid_from"),
        monthly=monthly,
        hourly=_decimal(row, "hourly", required=False),
        currency=_currency(row),
        area_class=_text(row, "area_class", required=False),
        source=_text(row, "source") or "",
        confirmed=_bool(row, "confirmed"),
        note=_text(row, "note", required=False) or "",
    )


def _parse_working_time(row: Mapping[str, Any]) -> WorkingTimeRule:
    return WorkingTimeRule(
        region=_text(row, "region") or "",
        valid_from=_date(row, "valid_from"),
        standard_daily_hours=_float(row, "standard_daily_hours"),
        standard_weekly_hours=_float(row, "standard_weekly_hours"),
        labour_law_weekly_hours=_float(row, "labour_law_weekly_hours"),
        daily_overtime_limit=_float(row, "daily_overtime_limit"),
        monthly_overtime_limit=_float(row, "monthly_overtime_limit"),
        paid_days_per_month=_float(row, "paid_days_per_month"),
        source=_text(row, "source") or "",
        confirmed=_bool(row, "confirmed"),
        note=_text(row, "note", required=False) or "",
    )


def _parse_social_insurance(row: Mapping[str, Any]) -> SocialInsuranceRule:
    return SocialInsuranceRule(
        region=_text(row, "region") or "",
        valid_from=_date(row, "valid_from"),
        schemes=_schemes(row, "schemes"),
        part_time_schemes=_schemes(row, "part_time_schemes"),
        source=_text(row, "source") or "",
        confirmed=_bool(row, "confirmed"),
        note=_text(row, "note", required=False) or "",
    )


def _parse_median_wage(row: Mapping[str, Any]) -> MedianWage:
    year_text = _text(row, "year") or ""
    if not year_text.isdigit():
        msg = f"'year' must be a whole number, got {year_text!r}"
        raise ValueError(msg)
    monthly = _decimal(row, "monthly")
    assert monthly is not None  # noqa: S101 - required above  # nosec B101
    return MedianWage(
        region=_text(row, "region") or "",
        year=int(year_text),
        monthly=monthly,
        currency=_currency(row),
        source=_text(row, "source") or "",
        confirmed=_bool(row, "confirmed"),
        note=_text(row, "note", required=False) or "",
        kind=_text(row, "kind", required=False) or "labour_market",
    )


_PARSERS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "minimum_wages": _parse_minimum_wage,
    "working_time_rules": _parse_working_time,
    "social_insurance_rules": _parse_social_insurance,
    "median_wages": _parse_median_wage,
}


def _parse_row(
    parse: Callable[[Mapping[str, Any]], Any],
    row: Mapping[str, Any],
    where: str,
    problems: list[str],
    **place: Any,
) -> Any:
    """The parsed row, or None with a problem placed at *place* (``file``, ``line`` or
    ``path``) and naming the field when the error does."""
    try:
        return parse(row)
    except ValueError as error:
        field = error.field if isinstance(error, InvalidRecordError) else None
        if field is not None and "path" in place:
            place["path"] = f"{place['path']}.{field}"
        problems.append(
            RecordProblem(f"{where}: {error}", field=field, message=str(error), **place)
        )
        return None


def _read_csv(table: str, text: str, source: str) -> tuple[Any, ...]:
    reader = csv.DictReader(io.StringIO(text))
    problems: list[str] = []
    rows = []
    for row in reader:
        where = f"{source} line {reader.line_num}"
        if None in row:
            problems.append(f"{where}: more values than columns")
            continue
        result = _parse_row(
            _PARSERS[table], row, where, problems, file=source, line=reader.line_num
        )
        if result is not None:
            rows.append(result)
    if problems:
        raise RecordError(problems, source=source)
    return tuple(rows)


def _row_to_dict(row: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in row.__attrs_attrs__:
        value = getattr(row, name.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, frozenset):
            value = sorted(v.value for v in value)
        result[name.name] = value
    return result


@cache
def _builtin() -> LabourMarket:
    data = files("veteran_services.scoring").joinpath("data")
    tables = {
        table: _read_csv(table, data.joinpath(f"{table}.csv").read_text("utf-8"), f"{table}.csv")
        for table in _PARSERS
    }
    return LabourMarket(**tables, name="nanjing (built-in)")
