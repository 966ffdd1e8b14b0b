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

The work is split by concept: :mod:`._columns` (Arrow columns as numpy), :mod:`._calendar`,
:mod:`._market` (the market rows in force), :mod:`._inputs` (the tables resolved),
:mod:`._indicators`, :mod:`._surveys`, :mod:`._aggregate`; this module puts them together.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services._checks import checked
from veteran_services.columnar._aggregate import combine, combine_normalised, normalise
from veteran_services.columnar._calendar import day_number, whole_months
from veteran_services.columnar._calendar import ymd as _ymd  # noqa: F401 - its old place
from veteran_services.columnar._columns import arrow_of, strings
from veteran_services.columnar._indicators import (
    Values,
    contract_security,
    earnings_to_median,
    earnings_to_minimum,
    hourly_wage,
    no_hourly_minimum,
    retention,
    skills_match,
    social_insurance,
    working_time,
)
from veteran_services.columnar._inputs import (
    LATE_CODE,
    LOW_CODE,
    NO_MARKET_CODE,
    REASON_CODES,
    SCORING_COLUMNS,
    Keys,
    Placements,
    scoring_table,
)
from veteran_services.columnar._surveys import RESPONSE_BLOCK, survey_means
from veteran_services.model import ContractType
from veteran_services.scoring import REASONS, Flag, LabourMarket, QualityModel

__all__ = ["REASONS", "SCORING_COLUMNS", "combine_normalised", "score_table", "whole_months"]

_RESPONSE_BLOCK: Final = RESPONSE_BLOCK  # responses whose answers are read at once
# Placements scored at once after the joins: a block's temporaries (a quarter of a megabyte
# each) are reused from block to block, not fresh pages for each call.
_PLACEMENT_BLOCK: Final = 1 << 15


@checked
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
        chunks, one per block of 32 768 placements (the table's record batches);
        ``combine_chunks()`` makes one of each.

    Raises:
        InvalidInputError: a table is not a table or lacks a column scoring needs, a
            placement's ``id`` or ``started_on`` is null, or a column holds values of the
            wrong kind (a contract type or scheme the model does not know, hours that are
            not numbers). These are problems of the arguments, not of one record.
    """
    model = QualityModel.default() if model is None else model
    placement_table = scoring_table("placements", placements, "placements")
    employer_table = scoring_table("employers", employers, "employers")
    programme_table = scoring_table("programmes", programmes, "programmes")
    enrolment_table = scoring_table("enrolments", enrolments, "enrolments")
    response_table = scoring_table("responses", responses, "responses")
    instrument_table = scoring_table("instruments", instruments, "instruments")

    # The joins (survey responses, enrolments) over every placement at once; the rest a block
    # of placements at a time, so that its many million-row temporaries become small ones
    # that are reused, not fresh memory from the operating system for each.
    keys = Keys(placement_table)
    names = set(model.names)
    survey = (
        survey_means(keys, response_table, instrument_table, as_of, block_size=_RESPONSE_BLOCK)[0]
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
        block = Placements(
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
    p: Placements,
    survey: np.ndarray | None,
    skills: Values | None,
    market: LabourMarket,
    model: QualityModel,
    as_of: date,
) -> pa.RecordBatch:
    """The scores of a block of placements (see :func:`score_table`), given the survey topic
    means and the skills match computed over all placements."""

    # the placements that cannot be scored: every indicator missing, no flag, no value
    p.failure[(p.failure == 0) & no_hourly_minimum(p)] = NO_MARKET_CODE
    failed = p.failure > 0
    scorable = ~failed
    any_failed = bool(failed.any())

    def compute(name: str) -> Values:
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
        scaled = normalise(raw, spec.low, spec.high, spec.higher_is_better)
        scaled[~here] = np.nan
        normalised.append(scaled)

    value, inputs, present, raw_present = combine(normalised, model)
    weights = [spec.weight for spec in model.indicators]
    geometric = model.aggregation == "geometric"
    late = p.start > day_number(as_of)
    # a code of REASON_CODES (0: scored, a null), its text taken from them: a placement that
    # cannot be scored, then one starting after the scoring date, then too little coverage
    ordinary = np.where(late, LATE_CODE, np.isnan(value) * LOW_CODE)
    reason_code = np.where(failed, p.failure, ordinary).astype(np.int8)
    reasons = pc.take(strings(REASON_CODES), arrow_of(reason_code, reason_code == 0))
    value[late | failed] = np.nan
    unscored = np.isnan(value)

    columns["placement_id"] = p.ids
    columns["veteran_id"] = p.veteran_ids
    columns["employer_id"] = p.employer_ids
    columns["region"] = p.regions
    columns["started_on"] = arrow_of(p.start.astype(np.int32)).cast(pa.date32())
    columns["value"] = arrow_of(value, unscored)
    columns["reason"] = reasons
    columns["completeness"] = arrow_of(raw_present / model.total_weight)
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
            columns[f"{spec.name}.normalised"] = arrow_of(normalised[j], missing)
            columns[f"{spec.name}.missing"] = arrow_of(missing)
            columns[f"{spec.name}.share"] = arrow_of(share, no_share)
            columns[f"{spec.name}.contribution"] = arrow_of(contribution, no_share | unscored)
    for flag, values in _flags(p).items():
        columns[f"flag.{flag.value}"] = arrow_of(values & scorable if any_failed else values)
    return pa.RecordBatch.from_pydict(columns)


def _nullable(values: np.ndarray) -> pa.Array:
    return arrow_of(values.astype(np.float64, copy=False), np.isnan(values))


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        near: np.ndarray = np.abs(a - b) <= 1e-9 * np.maximum(np.abs(a), np.abs(b))
    return near


def _flags(p: Placements) -> Mapping[Flag, np.ndarray]:
    comparable = p.min_comparable
    hourly, hourly_known = hourly_wage(p)
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


def _below_in_decimal(p: Placements, index: int) -> bool:
    wage = Decimal(str(p.wage_text[index].as_py()))
    row = p.minimum_rows[p.minimum_at[index]]
    if not p.part_time[index]:
        return bool(wage < row.monthly)
    hours = Decimal(str(p.hours_text[index].as_py()))
    weeks = Decimal(str(p.weeks[index]))
    return bool(wage / (hours * weeks) < row.hourly)
