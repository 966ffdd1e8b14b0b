"""One wide table of several indicators by unit (district, provider, ...), names beside codes.

:func:`indicator_table` breaks each indicator down with :func:`~veteran_services.metrics.
breakdown` (so the suppression rules are the same) and lays the results side by side: one
:class:`UnitRow` per unit, with per indicator its value, interval and denominator, the unit's
name for people in the chosen language beside its code, and the total apart
(:attr:`IndicatorTable.total`, never one of the units). The object form keeps every figure as
computed (exact ``Decimal`` amounts); :meth:`IndicatorTable.to_frame` gives floats for pandas.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from enum import Enum
from types import MappingProxyType
from typing import Any

from attrs import field, frozen

from veteran_services import _i18n, codes
from veteran_services._checks import checked
from veteran_services._i18n import N_
from veteran_services.errors import InvalidInputError, UnknownCodeError
from veteran_services.metrics._files import Names, TableFiles, no_row, unit_namer
from veteran_services.metrics.breakdowns import (
    _GROUPINGS,
    TOTAL,
    UNKNOWN,
    GroupBy,
    Row,
    Table,
    _json_default,
    _label_order,
    breakdown,
    describe_grouping,
    estimate_row,
    grouping_name,
)
from veteran_services.metrics.cohorts import data_cutoff
from veteran_services.metrics.estimates import Estimate, Observation
from veteran_services.metrics.registry import (
    _FIGURES,
    PROGRAMME_INDICATORS,
    indicator_label,
)
from veteran_services.model import Caseload, ProgrammeKind, Resettlement, Sex
from veteran_services.stats import Difference, newcombe_difference

__all__ = ["DEFAULT_INDICATORS", "IndicatorTable", "UnitRow", "indicator_table"]

#: The indicators of :func:`indicator_table` when none are named: the headline figures of
#: every indicator the command line breaks down (``ProgrammeIndicator.by_group``).
DEFAULT_INDICATORS: tuple[str, ...] = tuple(
    figure.name
    for indicator in PROGRAMME_INDICATORS.values()
    if indicator.by_group
    for figure in indicator.figures
)

#: The words of the table that are not codes (for the message catalogue).
_WORDS = (N_("Total"), N_("unknown"), N_("under 25"), N_("55 and over"))

#: The enums whose members are the groups of a grouping (their labels name the units).
_ENUMS: Mapping[str, type[Enum]] = MappingProxyType(
    {"programme_kind": ProgrammeKind, "sex": Sex, "resettlement": Resettlement}
)

_REGIONS = frozenset({"region", "veteran_region", "employer_region"})

#: The columns of each indicator in :meth:`IndicatorTable.to_rows` and ``to_frame``.
CELL_COLUMNS = ("value", "low", "high", "denominator", "suppression")


def _read_only(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@frozen(kw_only=True)
class UnitRow:
    """One unit of an :class:`IndicatorTable` (or its total).

    Attributes:
        unit: The unit's code as the grouping gives it (a district's code, a provider's id,
            ``"unknown"`` for units whose group is not known, ``"Total"`` for the total).
        name: The unit's name for people in the table's language (a district's name, a
            provider's name, a label); the code itself when there is no name.
        cells: Per indicator (by :attr:`IndicatorTable.indicators`), the breakdown's row:
            the estimate (withheld when suppressed) and why it is suppressed. An indicator
            with no unit in this group has no cell (0 units).
        is_total: Whether this is the total (all units, the ungrouped indicator).
    """

    unit: str
    name: str
    cells: Mapping[str, Row] = field(converter=_read_only, eq=False)
    is_total: bool = False

    @checked
    def cell(self, indicator: str) -> Row | None:
        """The breakdown's row of *indicator* for this unit; None when none of the
        indicator's units is in this group (or the table has no such indicator)."""
        return self.cells.get(indicator)

    @checked
    def figures(self, indicator: str) -> dict[str, Any]:
        """The cell of *indicator* as plain data: :data:`CELL_COLUMNS` (``value``, ``low``,
        ``high``, ``denominator``, ``suppression``) plus ``numerator``, ``unit``, ``reason``;
        amounts exact. A missing cell has no value and a denominator of 0."""
        row = self.cells.get(indicator)
        if row is None:
            return {
                "value": None,
                "low": None,
                "high": None,
                "denominator": 0,
                "suppression": None,
                "numerator": None,
                "unit": None,
                "reason": "no unit in this group",
            }
        figures = estimate_row(row.estimate)
        return {
            "value": figures["value"],
            "low": figures["low"],
            "high": figures["high"],
            "denominator": figures["denominator"],
            "suppression": row.suppression,
            "numerator": figures["numerator"],
            "unit": figures["unit"],
            "reason": figures["reason"],
        }


@frozen(kw_only=True)
class IndicatorTable(TableFiles):
    """Several indicators by unit, side by side, with the total apart.

    :meth:`to_csv` and :meth:`to_excel` write :meth:`to_rows` with the total as the last row
    (``is_total`` true) for people: the byte-order mark, rounded numbers, atomic writes.

    Attributes:
        by: The grouping's name (``"veteran_region"``, ``"provider"``, ...).
        grouping: What the units are, in words
            (:data:`~veteran_services.metrics.GROUPINGS`: for a region, whose region).
        min_cell: The suppression threshold (as in :func:`~veteran_services.metrics.breakdown`).
        as_of: The date the indicators were computed as of.
        lang: The language of the names (``"en"`` or ``"zh"``).
        indicators: The figures' names (:attr:`Estimate.name`), in the order asked: the
            columns.
        labels: Each figure's name for people in :attr:`lang`.
        units: One row per unit, sorted by code (``"unknown"`` last); never the total.
        total: The total: every unit, each indicator exactly as computed ungrouped.
        tables: The breakdown behind each indicator (by figure name).
    """

    by: str
    grouping: str
    min_cell: int
    as_of: date
    lang: str
    indicators: tuple[str, ...]
    labels: Mapping[str, str] = field(converter=_read_only, eq=False)
    units: tuple[UnitRow, ...]
    total: UnitRow
    tables: Mapping[str, Table] = field(converter=_read_only, eq=False, repr=False)

    @checked
    def unit(self, code: str) -> UnitRow:
        """The row of the unit *code* (``"Total"`` gives :attr:`total`).

        Raises:
            UnknownKeyError: no unit has that code (a :class:`KeyError` and an
                :class:`~veteran_services.errors.InvalidInputError`); the message lists the
                codes, and says that names are labels, not keys.
        """
        for row in self.units:
            if row.unit == code:
                return row
        if code == self.total.unit:
            return self.total
        raise no_row("code", code, [*(row.unit for row in self.units), self.total.unit])

    @checked
    def compare(
        self, indicator: str, first: str, second: str, *, confidence: float = 0.95
    ) -> Difference:
        """The difference of a proportion between two units, first − second, with Newcombe's
        interval (:func:`~veteran_services.stats.newcombe_difference`, method 10).

        The two units' cells must be published proportions (a count of successes out of a
        denominator): a suppressed cell is refused, since the difference would give its count
        away, and the total is refused, since it holds both units and the method needs two
        independent samples.

        Args:
            indicator: The figure's name (one of :attr:`indicators`).
            first: The code of the first unit (``"320115"``; names are labels, not keys).
            second: The code of the unit it is compared with.
            confidence: The interval's coverage, in (0, 1).

        Returns:
            The difference: ``estimate``, ``low``, ``high``, ``first`` and ``second`` (the two
            proportions) and ``differs`` (whether the interval leaves out 0).

        Raises:
            InvalidInputError: an indicator the table lacks or that is not a proportion, a
                unit code the table lacks (the message lists the codes), the total, the same
                unit twice, a suppressed cell or one with no value, or a bad *confidence*.

        >>> from veteran_services.synthetic import sample_city
        >>> table = indicator_table(sample_city(), indicators=["placement_rate"])
        >>> d = table.compare("placement_rate", "320115", "320102")
        >>> d.low < d.estimate < d.high, d.differs == (not d.low <= 0 <= d.high)
        (True, True)
        """
        if indicator not in self.indicators:
            msg = (
                f"'indicator' must be one of the table's figures ({', '.join(self.indicators)}), "
                f"got {indicator!r}"
            )
            raise InvalidInputError("indicator", msg)
        if first == second:
            msg = f"'first' and 'second' are the same unit {first!r}: compare two units"
            raise InvalidInputError("second", msg)
        counts: list[int] = []
        for argument, code in (("first", first), ("second", second)):
            if code == self.total.unit:
                msg = (
                    f"{argument!r} is the total, which holds every unit: Newcombe's interval "
                    "needs two independent samples, so compare two units"
                )
                raise InvalidInputError(argument, msg)
            try:
                row = self.unit(code)
            except KeyError as error:
                raise InvalidInputError(argument, f"{argument!r}: {error.args[0]}") from None
            cell = row.cell(indicator)
            if cell is None:
                msg = f"{argument!r}: unit {code!r} has no {indicator!r} (no unit in this group)"
                raise InvalidInputError(argument, msg)
            if cell.suppression is not None:
                msg = (
                    f"{argument!r}: the {indicator!r} of unit {code!r} is withheld "
                    f"({cell.suppression}); a difference would give its count away"
                )
                raise InvalidInputError(argument, msg)
            estimate = cell.estimate
            if estimate.statistic != "proportion":
                msg = (
                    f"'indicator' must be a proportion to compare with Newcombe's interval; "
                    f"{indicator!r} is a {estimate.statistic.replace('_', ' ')}"
                )
                raise InvalidInputError("indicator", msg)
            if estimate.numerator is None or not estimate.denominator:
                why = estimate.reason or "no units"
                msg = f"{argument!r}: the {indicator!r} of unit {code!r} has no value ({why})"
                raise InvalidInputError(argument, msg)
            counts += [int(estimate.numerator), int(estimate.denominator)]
        return newcombe_difference(*counts, confidence=confidence)

    @checked
    def to_rows(self, *, total: bool = False, floats: bool = False) -> list[dict[str, Any]]:
        """One flat dict per unit: ``unit``, ``name``, then per indicator
        ``<figure>.value``, ``.low``, ``.high``, ``.denominator`` and ``.suppression``.

        Args:
            total: Add the total as the last row, with ``is_total`` true (every row then has
                an ``is_total`` key).
            floats: Give the values as floats (exact ``Decimal`` amounts otherwise).
        """
        rows = [*self.units, self.total] if total else list(self.units)
        result = []
        for row in rows:
            record: dict[str, Any] = {"unit": row.unit, "name": row.name}
            if total:
                record["is_total"] = row.is_total
            for indicator in self.indicators:
                figures = row.figures(indicator)
                for column in CELL_COLUMNS:
                    value = figures[column]
                    if floats and column == "value" and value is not None:
                        value = float(value)
                    record[f"{indicator}.{column}"] = value
            result.append(record)
        return result

    def _file_table(self, lang: str | None, names: Names) -> tuple[list[str], list[list[object]]]:
        """The files' columns and rows: :meth:`to_rows` with the total last; the names in
        *lang* when it is not the table's language (or when *names* are given)."""
        rows = self.to_rows(total=True)
        if (lang is not None and lang != self.lang) or names is not None:
            namer = unit_namer(self.by, self.lang if lang is None else lang, names)
            if namer is not None:
                for row in rows:
                    row["name"] = namer(str(row["unit"]))
        columns = list(rows[0])
        return columns, [[row.get(column) for column in columns] for row in rows]

    @checked
    def to_dict(self) -> dict[str, Any]:
        """The table as plain data: ``by``, ``grouping``, ``min_cell``, ``as_of``, ``lang``,
        ``indicators`` (``name`` and ``label`` of each), ``units`` (``unit``, ``name`` and
        ``cells``: per figure, :meth:`UnitRow.figures`) and ``total`` (the same, apart).
        Amounts stay exact (``Decimal``)."""

        def unit(row: UnitRow) -> dict[str, Any]:
            return {
                "unit": row.unit,
                "name": row.name,
                "cells": {name: row.figures(name) for name in self.indicators},
            }

        return {
            "by": self.by,
            "grouping": self.grouping,
            "min_cell": self.min_cell,
            "as_of": self.as_of,
            "lang": self.lang,
            "indicators": [{"name": n, "label": self.labels[n]} for n in self.indicators],
            "units": [unit(row) for row in self.units],
            "total": unit(self.total),
        }

    @checked
    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (amounts as numbers, dates in ISO form, Chinese kept
        as it is)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=_json_default)

    @checked
    def to_frame(self, *, total: bool = False) -> Any:
        """The table as a :class:`pandas.DataFrame` (needs the ``pandas`` extra): the columns
        of :meth:`to_rows`, values as floats (missing and suppressed cells are NaN, their
        ``.suppression`` says why), one row per unit. The total is left out unless *total*
        is true; then it is the last row, marked by the ``is_total`` column. ``frame.attrs``
        holds ``by``, ``grouping``, ``min_cell``, ``as_of`` and ``labels``.
        """
        pandas = importlib.import_module("pandas")  # the optional extra, imported when used
        rows = self.to_rows(total=total, floats=True)
        columns = ["unit", "name", *(["is_total"] if total else [])]
        columns += [f"{name}.{column}" for name in self.indicators for column in CELL_COLUMNS]
        frame = pandas.DataFrame(rows, columns=columns)
        for name in self.indicators:
            for column in ("value", "low", "high"):
                frame[f"{name}.{column}"] = frame[f"{name}.{column}"].astype("float64")
            frame[f"{name}.denominator"] = frame[f"{name}.denominator"].astype("Int64")
        frame.attrs.update(
            {
                "by": self.by,
                "grouping": self.grouping,
                "min_cell": self.min_cell,
                "as_of": self.as_of.isoformat(),
                "labels": dict(self.labels),
            }
        )
        return frame


Metric = Callable[[Caseload], Estimate]


def _metric(indicator: object, as_of: date, quarter: int | None) -> Metric:
    """A named figure or indicator (or a callable) as a metric of a breakdown."""
    if callable(indicator):
        given: Callable[..., object] = indicator

        def custom(caseload: Caseload) -> Estimate:
            result = given(caseload)
            if not isinstance(result, Estimate):
                msg = (
                    "'indicators' must hold names or functions of a caseload that return an "
                    f"Estimate; {getattr(given, '__name__', given)!r} returned a "
                    f"{type(result).__name__}"
                )
                raise InvalidInputError("indicators", msg)
            return result

        return custom
    figure = _FIGURES.get(indicator) if isinstance(indicator, str) else None
    if figure is not None:
        owner = next(i for i in PROGRAMME_INDICATORS.values() if figure in i.figures)
        arguments = dict(figure.arguments)

        def headline(caseload: Caseload) -> Estimate:
            return owner.compute(caseload, as_of=as_of, **arguments)

        return headline
    found = PROGRAMME_INDICATORS.get(indicator) if isinstance(indicator, str) else None
    if found is None:
        names = ", ".join([*_FIGURES, *PROGRAMME_INDICATORS])
        msg = (
            f"'indicators' must hold names of figures or indicators ({names}) or functions of "
            f"a caseload, got {indicator!r}"
        )
        raise InvalidInputError("indicators", msg)
    chosen = found

    def registered(caseload: Caseload) -> Estimate:
        return chosen.compute(caseload, as_of=as_of, quarter=quarter)

    return registered


def _check_by(by: object) -> None:
    if callable(by) or by in _GROUPINGS:
        return
    hint = ""
    if by in ("district", "districts"):
        hint = (
            "; for districts say whose: 'veteran_region' (the veteran's home district) or "
            "'employer_region' (the employer's)"
        )
    msg = f"'by' must be one of {', '.join(map(repr, _GROUPINGS))} or a callable{hint}, got {by!r}"
    raise InvalidInputError("by", msg)


def _namer(by: object, caseload: Caseload, lang: str) -> Callable[[str], str]:
    """The function that names a unit's code for people in *lang*."""

    def provider_name(code: str) -> str | None:
        try:
            return caseload.provider(code).name
        except LookupError:
            return None

    return unit_names(by, provider_name, lang)


def unit_names(
    by: object, provider_name: Callable[[str], str | None], lang: str
) -> Callable[[str], str]:
    """The function that names a unit's code for people in *lang*; *provider_name* gives a
    provider's recorded name by id (``None`` when there is none)."""

    def words(text: str) -> str:
        return text if lang == _i18n.SOURCE_LANGUAGE else _i18n.translate(text, lang)

    def name(code: str) -> str:
        if code in (UNKNOWN, TOTAL):
            return words(code)
        if by in _REGIONS:
            try:
                region = codes.region(code)
            except UnknownCodeError:
                return code
            return region.name_zh if lang == "zh" else region.name_en
        if by == "provider":
            recorded = provider_name(code)
            if recorded is None:
                return code
            return _record_name(recorded, lang)
        enum = _ENUMS.get(by) if isinstance(by, str) else None
        if enum is not None:
            try:
                return codes.label(enum(code), lang)
            except (ValueError, LookupError):
                return code
        return words(code)

    return name


def _figure_label(name: str, lang: str) -> str:
    """A figure's name for people: the registry's in English and Chinese, the catalogue's
    translation of the English name in any other language."""
    if lang in ("en", "zh"):
        return indicator_label(name, lang)
    return _i18n.translate(indicator_label(name), lang)


def _record_name(name: str, lang: str) -> str:
    """A record's name in *lang*: the catalogue's (the sample city's names), else as recorded
    (an office's own names are already in its language)."""
    if lang == _i18n.SOURCE_LANGUAGE:
        return name
    found = _i18n.translate(name, lang, context="name")
    if found != name:
        return found
    return _i18n.translate_text(name, lang, _i18n.templates("name"), words=True)


@checked
def indicator_table(
    caseload: Caseload,
    *,
    indicators: Sequence[str | Callable[[Caseload], Estimate]] | None = None,
    by: GroupBy | Callable[[Observation], object] = "veteran_region",
    as_of: date | None = None,
    quarter: int | None = None,
    min_cell: int = 10,
    lang: str = "en",
) -> IndicatorTable:
    """Several indicators by unit in one table: per unit and indicator the value, its
    interval and denominator, the unit's name beside its code, and the total apart.

    Each indicator is broken down with :func:`~veteran_services.metrics.breakdown`: the same
    groups, the same primary and secondary suppression of cells under *min_cell* units (per
    indicator: one indicator's cell may be published where another's is withheld) and the
    same total (the ungrouped figure, exactly).

    Args:
        caseload: The records.
        indicators: The figures, by name: a headline figure's (``"employment_rate_q2_after_exit"``,
            with its fixed arguments), an indicator's (``"employment_rate_after_exit"``, with
            *quarter* when given), or a function of a caseload that returns an
            :class:`~veteran_services.metrics.Estimate`. Default :data:`DEFAULT_INDICATORS`.
        by: The units: a built-in grouping (:data:`~veteran_services.metrics.GroupBy`; for
            districts say whose, ``"veteran_region"``, the default, or ``"employer_region"``)
            or a callable on observations.
        as_of: The evaluation date of dated indicators; default the latest dated event
            (:func:`~veteran_services.metrics.data_cutoff`).
        quarter: The quarter after exit of quarterly indicators named by their indicator's
            name (a headline figure keeps its own).
        min_cell: The smallest cell that may be published.
        lang: The language of the units' and indicators' names (``"en"``, ``"zh"`` or any
            language with a message catalogue).

    Returns:
        The table: :attr:`~IndicatorTable.units` (one :class:`UnitRow` each), the
        :attr:`~IndicatorTable.total` apart, :meth:`~IndicatorTable.to_frame` for pandas.

    Raises:
        InvalidInputError: an unknown indicator, grouping or language, a bad *min_cell*, the
            same figure twice, no *as_of* for a caseload without dated events, or
            ``by="employer_region"`` for a figure none of whose units is about a placement.

    >>> from veteran_services.synthetic import sample_city
    >>> table = indicator_table(sample_city(), indicators=["placement_rate"], lang="zh")
    >>> first = table.units[0]
    >>> first.unit, first.name, table.total.name
    ('320102', '玄武区', '合计')
    """
    lang = _i18n.check_lang(lang)
    _check_by(by)
    chosen = DEFAULT_INDICATORS if indicators is None else indicators
    if isinstance(chosen, str) or not isinstance(chosen, Sequence) or not chosen:
        msg = f"'indicators' must be a non-empty list of names or functions, got {chosen!r}"
        raise InvalidInputError("indicators", msg)
    if as_of is None:
        as_of = data_cutoff(caseload)
        if as_of is None:
            msg = "'as_of' is needed: the caseload has no dated events"
            raise InvalidInputError("as_of", msg)
    tables: dict[str, Table] = {}
    for indicator in chosen:
        table = breakdown(_metric(indicator, as_of, quarter), caseload, by=by, min_cell=min_cell)
        add_table(tables, table)
    return wide_table(
        tables, by=by, min_cell=min_cell, as_of=as_of, lang=lang, name=_namer(by, caseload, lang)
    )


def add_table(tables: dict[str, Table], table: Table) -> None:
    """Add an indicator's breakdown to *tables* (by figure), refusing a figure named twice."""
    if table.metric in tables:
        msg = f"'indicators' names the figure {table.metric!r} twice"
        raise InvalidInputError("indicators", msg)
    tables[table.metric] = table


def wide_table(
    tables: Mapping[str, Table],
    *,
    by: GroupBy | Callable[[Observation], object],
    min_cell: int,
    as_of: date,
    lang: str,
    name: Callable[[str], str],
) -> IndicatorTable:
    """:func:`indicator_table`'s table from the breakdown of each figure and the function that
    names a unit (:func:`unit_names`): the units side by side, the total apart. The one place
    the layout lives, for the object and the columnar paths."""
    codes_seen: list[str] = []
    for table in tables.values():
        codes_seen.extend(row.group for row in table.rows if row.group not in codes_seen)
    codes_seen.sort(key=_label_order)
    units = tuple(
        UnitRow(
            unit=code,
            name=name(code),
            cells={
                figure: row
                for figure, table in tables.items()
                for row in table.rows
                if row.group == code
            },
        )
        for code in codes_seen
    )
    total = UnitRow(
        unit=TOTAL,
        name=name(TOTAL),
        cells={figure: table.total for figure, table in tables.items()},
        is_total=True,
    )
    return IndicatorTable(
        by=grouping_name(by),
        grouping=describe_grouping(by),
        min_cell=min_cell,
        as_of=as_of,
        lang=lang,
        indicators=tuple(tables),
        labels={figure: _figure_label(figure, lang) for figure in tables},
        units=units,
        total=total,
        tables=tables,
    )
