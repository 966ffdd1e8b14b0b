"""score_table gives what score_caseload gives, placement by placement (issue 9, item 2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from veteran_services import Caseload  # noqa: E402
from veteran_services.columnar import (  # noqa: E402
    REASONS,
    combine_normalised,
    score_table,
    to_arrow,
)
from veteran_services.columnar._scoring import whole_months  # noqa: E402
from veteran_services.errors import InvalidInputError, VeteranServicesError  # noqa: E402
from veteran_services.model import whole_months_between  # noqa: E402
from veteran_services.scoring import (  # noqa: E402
    Flag,
    LabourMarket,
    MedianWage,
    QualityModel,
    QualityScore,
    score_caseload,
)
from veteran_services.strategies import caseloads  # noqa: E402
from veteran_services.synthetic import DEFAULT_AS_OF  # noqa: E402

MARKET = LabourMarket.nanjing()
TOLERANCE = 1e-9


def _score(
    caseload: Caseload,
    *,
    model: QualityModel | None = None,
    as_of: date,
    market: LabourMarket = MARKET,
    **kw: Any,
) -> Any:
    tables = to_arrow(caseload)
    frames = {k: tables[k] for k in kw.pop("kinds", tables)}
    convert = kw.pop("convert", None)
    if convert is not None:
        frames = {k: convert(v) for k, v in frames.items()}
    return _score_tables(frames, model=model, as_of=as_of, market=market)


def _score_tables(
    tables: dict[str, Any],
    *,
    model: QualityModel | None = None,
    as_of: date = DEFAULT_AS_OF,
    market: LabourMarket = MARKET,
    **changed: Any,
) -> Any:
    """score_table over to_arrow's tables, some of them replaced (by keyword)."""
    t = {**tables, **changed}
    return score_table(
        t["placements"],
        employers=t["employers"],
        programmes=t["programmes"],
        enrolments=t["enrolments"],
        responses=t["responses"],
        instruments=t["instruments"],
        market=market,
        model=model,
        as_of=as_of,
    )


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOLERANCE


def _differences(expected: tuple[QualityScore, ...], table: Any) -> list[str]:
    rows = {row["placement_id"]: row for row in table.to_pylist()}
    assert len(rows) == len(expected)
    problems = []
    for score in expected:
        row = rows[score.placement_id]
        if not _close(score.value, row["value"]):
            problems.append(f"{score.placement_id}: value {score.value} != {row['value']}")
        if (score.value is None) != (row["reason"] is not None):
            problems.append(f"{score.placement_id}: reason {score.reason!r} vs {row['reason']!r}")
        if row["region"] != score.region:
            problems.append(f"{score.placement_id}: region {score.region} != {row['region']}")
        for c in score.components:
            for part in ("raw", "normalised", "share", "contribution"):
                want, got = getattr(c, part), row[f"{c.name}.{part}"]
                if not _close(want, got):
                    problems.append(f"{score.placement_id}: {c.name}.{part} {want} != {got}")
            if row[f"{c.name}.missing"] != (c.name in score.missing):
                problems.append(f"{score.placement_id}: {c.name}.missing")
        flags = {flag for flag in Flag if row[f"flag.{flag.value}"]}
        if flags != set(score.flags):
            problems.append(f"{score.placement_id}: flags {set(score.flags)} != {flags}")
    return problems


def test_every_placement_of_the_sample_city_scores_the_same(city: Caseload) -> None:
    expected = score_caseload(city, market=MARKET, as_of=DEFAULT_AS_OF)
    table = _score(city, as_of=DEFAULT_AS_OF)
    assert _differences(expected, table) == []
    # the comparison is not vacuous: the city exercises what could go wrong
    assert table.num_rows == len(city.placements) > 1000
    for name in ("skills_match", "retention", "satisfaction", "job_strain"):
        missing = table.column(f"{name}.missing").to_pylist()
        assert any(missing), name
        assert not all(missing), name
    for flag in Flag:
        assert any(table.column(f"flag.{flag.value}").to_pylist()), flag
    assert any(r is None for r in table.column("value").to_pylist()) is any(
        s.value is None for s in expected
    )


def _plain_question_ids(table: Any) -> Any:
    """A responses table as layout-1 writers made it: answers' question ids as plain strings."""
    index = table.schema.get_field_index("answers")
    struct = table.schema.field(index).type.value_type
    plain = pa.list_(
        pa.struct(
            [
                pa.field(f.name, pa.string() if pa.types.is_dictionary(f.type) else f.type)
                for f in struct
            ]
        )
    )
    return table.set_column(index, "answers", table.column(index).cast(plain))


def test_plain_or_dictionary_question_ids_score_the_same(city: Caseload) -> None:
    tables = to_arrow(city)
    answers = tables["responses"].schema.field("answers").type.value_type
    assert pa.types.is_dictionary(answers.field("question_id").type)
    plain = _plain_question_ids(tables["responses"])
    assert plain.schema.field("answers").type.value_type.field("question_id").type == pa.string()
    expected = score_caseload(city, market=MARKET, as_of=DEFAULT_AS_OF)
    scores = [
        _score_tables(tables, responses=responses) for responses in (tables["responses"], plain)
    ]
    assert _differences(expected, scores[0]) == []
    assert scores[0].equals(scores[1])


def test_median_wages_score_the_same(city: Caseload) -> None:
    medians = [
        MedianWage(
            region="320100", year=year, monthly=Decimal("7811.37"), source="test", confirmed=False
        )
        for year in range(2015, 2025)
    ] + [  # a district of its own, and one in another currency: not comparable
        MedianWage(
            region="320115", year=2021, monthly=Decimal("9102.5"), source="test", confirmed=False
        ),
        MedianWage(
            region="320116",
            year=2022,
            monthly=Decimal("1100"),
            currency="USD",
            source="test",
            confirmed=False,
        ),
    ]
    market = MARKET.replace(median_wages=medians)
    expected = score_caseload(city, market=market, as_of=DEFAULT_AS_OF)
    table = _score(city, as_of=DEFAULT_AS_OF, market=market)
    assert _differences(expected, table) == []
    missing = table.column("earnings_to_median.missing").to_pylist()
    assert any(missing)
    assert not all(missing)


def test_pandas_frames_score_the_same(city: Caseload) -> None:
    pytest.importorskip("pandas")
    as_of = date(2023, 6, 30)
    expected = score_caseload(city, market=MARKET, as_of=as_of)
    table = _score(city, as_of=as_of, convert=lambda t: t.to_pandas())
    assert _differences(expected, table) == []


@pytest.mark.parametrize(
    "model",
    [
        QualityModel.default().replace(aggregation="geometric", geometric_floor=0.05),
        QualityModel.default().with_weights({"retention": 0.0, "satisfaction": 0.3}),
        QualityModel.default().replace(min_coverage=0.9),
    ],
    ids=["geometric", "reweighted", "strict-coverage"],
)
def test_other_models_score_the_same(city: Caseload, model: QualityModel) -> None:
    expected = score_caseload(city, market=MARKET, model=model, as_of=DEFAULT_AS_OF)
    table = _score(city, model=model, as_of=DEFAULT_AS_OF)
    assert _differences(expected, table) == []
    metadata = table.schema.metadata
    assert metadata[b"veteran_services.model_fingerprint"] == model.fingerprint.encode()


def test_placements_after_the_scoring_date_get_no_score(city: Caseload) -> None:
    as_of = date(2021, 1, 1)
    expected = score_caseload(city, market=MARKET, as_of=as_of)
    table = _score(city, as_of=as_of)
    assert _differences(expected, table) == []
    reasons = set(table.column("reason").to_pylist())
    assert "after_scoring_date" in reasons
    assert reasons <= {None, *REASONS}


def _outcome(function: Any) -> Any:
    try:
        return ("ok", function())
    except VeteranServicesError as error:
        return ("error", type(error), str(error))


@settings(max_examples=40, deadline=None)
@given(
    caseloads(max_veterans=4),
    st.dates(date(2012, 1, 1), date(2030, 12, 31)),
    st.sampled_from([1, 2, 3, 1 << 16]),
)
def test_generated_caseloads_score_the_same_or_fail_the_same(
    caseload: Caseload, as_of: date, block: int
) -> None:
    """Spec: for any consistent caseload and date, the columnar path gives the object path's
    scores, or raises the same error (market tables that do not cover a start date, say),
    however the placements are split into blocks. Whole-number answers beyond 64 bits do not
    fit Arrow columns (see test_tables)."""
    from veteran_services.columnar import _scoring

    answers = [a.value for r in caseload.responses for a in r.answers]
    assume(all(-(2**63) <= v < 2**63 for v in answers if type(v) is int))
    expected = _outcome(lambda: score_caseload(caseload, market=MARKET, as_of=as_of))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_scoring, "_PLACEMENT_BLOCK", block)
        got = _outcome(lambda: _score(caseload, as_of=as_of))
    if expected[0] == "error":
        assert got == expected
    else:
        assert got[0] == "ok", got
        assert _differences(expected[1], got[1]) == []


@given(st.dates(date(1990, 1, 1), date(2040, 1, 1)), st.dates(date(1990, 1, 1), date(2040, 1, 1)))
def test_whole_months_agree_with_the_model(start: date, end: date) -> None:
    epoch = date(1970, 1, 1)
    got = whole_months(np.array([(start - epoch).days]), np.array([(end - epoch).days]))
    assert got.tolist() == [whole_months_between(start, end)]


@settings(max_examples=25, deadline=None)
@given(
    st.dates(date(1, 1, 1), date(9999, 12, 31)),
    st.integers(min_value=0, max_value=40_000),
    st.integers(min_value=1, max_value=20_000),
)
def test_calendar_dates_of_day_numbers(first: date, span: int, count: int) -> None:
    """Day numbers to year, month, day: by arithmetic, and by lookup for long arrays over a
    short span of days (both paths), against the standard library."""
    from veteran_services.columnar._scoring import _ymd

    epoch = date(1970, 1, 1)
    low = (first - epoch).days
    high = min(low + span, (date(9999, 12, 31) - epoch).days)
    days = np.random.default_rng(span).integers(low, high + 1, size=count)
    year, month, day = _ymd(days)
    for k in np.unique(np.linspace(0, count - 1, 50).astype(int)).tolist():
        expected = date.fromordinal(epoch.toordinal() + int(days[k]))
        assert (year[k], month[k], day[k]) == (expected.year, expected.month, expected.day)


@pytest.mark.parametrize("encoding", ["dictionary", "plain"])
def test_insurance_schemes_are_read_either_way_and_checked(city: Caseload, encoding: str) -> None:
    tables = to_arrow(city)
    placements = tables["placements"]
    index = placements.schema.get_field_index("insurance")
    lists = placements.column(index).to_pylist()
    if encoding == "plain":
        wanted = pa.list_(pa.string())
    else:
        wanted = placements.schema.field(index).type

    def scores(rows: list[Any]) -> Any:
        changed = placements.set_column(index, "insurance", pa.array(rows, type=wanted))
        return _score_tables(tables, placements=changed)

    # a scheme listed twice counts once, as in the model's set
    twice = [[*schemes, *schemes[:1]] for schemes in lists]
    assert scores(twice).equals(scores(lists))
    bad = [*lists[:3], [*lists[3], "lottery"], *lists[4:]]
    with pytest.raises(InvalidInputError, match=r"'insurance' must hold one of .*'lottery'"):
        scores(bad)


@pytest.mark.parametrize("column", ["id", "occupation", "started_on"])
def test_a_null_in_a_required_placement_column_is_named(city: Caseload, column: str) -> None:
    tables = to_arrow(city.replace(placements=city.placements[:20]))
    placements = tables["placements"]
    index = placements.schema.get_field_index(column)
    values = placements.column(index).to_pylist()
    values[3] = None
    broken = placements.set_column(
        index, column, pa.array(values, type=placements.schema.field(index).type)
    )
    with pytest.raises(InvalidInputError, match=f"column '{column}' must have no nulls"):
        _score_tables(tables, placements=broken)


def test_a_missing_column_is_named(city: Caseload) -> None:
    tables = to_arrow(city)
    with pytest.raises(InvalidInputError, match="'placements' lacks the column 'insurance'"):
        _score_tables(tables, placements=tables["placements"].drop_columns(["insurance"]))


def test_combining_the_normalised_columns_gives_the_values(city: Caseload) -> None:
    model = QualityModel.default().replace(min_coverage=0.7)
    table = _score(city, model=model, as_of=DEFAULT_AS_OF)
    columns = {name: table.column(f"{name}.normalised") for name in model.names}
    values = combine_normalised(columns, model=model)
    late = np.array([r == "after_scoring_date" for r in table.column("reason").to_pylist()])
    expected = table.column("value").to_numpy(zero_copy_only=False)
    np.testing.assert_array_equal(np.where(late, np.nan, values), expected)
    assert np.isnan(values).any()
    with pytest.raises(InvalidInputError, match="no column for indicator 'retention'"):
        combine_normalised({k: v for k, v in columns.items() if k != "retention"}, model=model)


def test_a_tie_on_the_latest_date_goes_to_the_larger_response_id(city: Caseload) -> None:
    """Two follow-ups about one placement collected on the same day: like the object path,
    the columnar path reads the one with the larger id."""
    first = next(r for r in city.responses if r.placement_id and r.answers and r.collected_on)
    placement = city.placement(first.placement_id)
    flipped = tuple(
        a.__class__(question_id=a.question_id, value=1) if type(a.value) is int else a
        for a in first.answers
    )
    twin = first.__class__(
        **{**attrs.asdict(first, recurse=False), "id": first.id + "~b", "answers": flipped}
    )
    for responses in ([first, twin], [twin, first]):
        caseload = city.replace(placements=[placement], responses=responses)
        expected = score_caseload(caseload, market=MARKET, as_of=DEFAULT_AS_OF)
        table = _score(caseload, as_of=DEFAULT_AS_OF)
        assert _differences(expected, table) == []
        assert table.column("satisfaction.raw").to_pylist() == [
            expected[0].component("satisfaction").raw
        ]


def test_answers_read_in_small_blocks_score_the_same(
    city: Caseload, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Survey answers are read a block of responses at a time: block edges (here every 7
    responses, so most blocks split some placement's responses) change nothing."""
    from veteran_services.columnar import _scoring

    whole = _score(city, as_of=DEFAULT_AS_OF)
    monkeypatch.setattr(_scoring, "_RESPONSE_BLOCK", 7)
    assert _score(city, as_of=DEFAULT_AS_OF).equals(whole)
    # and placements scored a block at a time (here 1000: blocks of every size but the last)
    monkeypatch.setattr(_scoring, "_PLACEMENT_BLOCK", 1000)
    blocks = _score(city, as_of=DEFAULT_AS_OF)
    assert blocks.column("value").num_chunks == -(-len(city.placements) // 1000)
    assert blocks.equals(whole)


def test_an_error_names_the_placement_the_object_path_names_across_blocks(
    city: Caseload, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two placements whose employers are unknown, the one with the larger id in the first
    block: scored block by block, the error is still the object path's (smallest id)."""
    from veteran_services.columnar import _scoring

    ordered = sorted(city.placements, key=lambda p: p.id)
    small, large = ordered[3], ordered[-3]
    assert small.employer_id != large.employer_id
    gone = {small.employer_id, large.employer_id}
    others = [p for p in city.placements if p.employer_id not in gone][:40]
    caseload = city.replace(
        placements=[large, *others, small],
        employers=[e for e in city.employers if e.id not in gone],
    )
    expected = _outcome(lambda: score_caseload(caseload, market=MARKET, as_of=DEFAULT_AS_OF))
    assert expected[0] == "error"
    assert small.employer_id in expected[2]
    monkeypatch.setattr(_scoring, "_PLACEMENT_BLOCK", 8)
    assert _outcome(lambda: _score(caseload, as_of=DEFAULT_AS_OF)) == expected


def test_placements_sharing_an_id_share_its_responses(city: Caseload) -> None:
    """Like ``Caseload.responses_about``: a repeated placement id (a caseload error that
    ``check()`` reports) gets the same survey answers on both rows, as on the object path."""
    about = next(r.placement_id for r in city.responses if r.placement_id and r.answers)
    placement = city.placement(about)
    others = [p for p in city.placements if p.id != about][:50]
    caseload = city.replace(placements=[placement, *others, placement])
    expected = score_caseload(caseload, market=MARKET, as_of=DEFAULT_AS_OF)
    table = _score(caseload, as_of=DEFAULT_AS_OF)
    rows = table.to_pylist()
    # the object path lists scores by placement id; the table keeps the input order
    by_id = sorted(rows, key=lambda r: str(r["placement_id"]))
    assert [r["placement_id"] for r in by_id] == [s.placement_id for s in expected]
    for row, score in zip(by_id, expected, strict=True):
        assert _close(row["value"], score.value), row["placement_id"]
        assert _close(row["satisfaction.raw"], score.component("satisfaction").raw)
    assert rows[0]["satisfaction.raw"] is not None
    assert rows[0]["satisfaction.raw"] == rows[-1]["satisfaction.raw"]


def test_no_placements_give_an_empty_table_with_every_column(city: Caseload) -> None:
    empty = _score(city.replace(placements=[], responses=[]), as_of=DEFAULT_AS_OF)
    full = _score(city.replace(placements=city.placements[:5]), as_of=DEFAULT_AS_OF)
    assert empty.num_rows == 0
    assert empty.schema.names == full.schema.names
    assert empty.schema.field("value").type == pa.float64()
