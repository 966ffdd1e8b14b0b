"""score_table gives what score_caseload gives, placement by placement (issue 9, item 2),
unknown facts and records that cannot be scored included (issue 13, item 8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final

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
from veteran_services.errors import InvalidInputError  # noqa: E402
from veteran_services.model import ContractType, Placement, whole_months_between  # noqa: E402
from veteran_services.scoring import (  # noqa: E402
    REASONS as SCORING_REASONS,
)
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
    """Every way the table's rows differ from the object path's scores: value, reason code,
    completeness, region, each component and the flags."""
    rows = {row["placement_id"]: row for row in table.to_pylist()}
    assert len(rows) == len(expected)
    problems = []
    for score in expected:
        row = rows[score.placement_id]
        if not _close(score.value, row["value"]):
            problems.append(f"{score.placement_id}: value {score.value} != {row['value']}")
        if (score.value is None) != (row["reason"] is not None):
            problems.append(f"{score.placement_id}: reason {score.reason!r} vs {row['reason']!r}")
        if row["reason"] != score.reason_code:
            problems.append(f"{score.placement_id}: reason {score.reason_code} != {row['reason']}")
        if not _close(row["completeness"], score.completeness):
            problems.append(
                f"{score.placement_id}: completeness {score.completeness} != {row['completeness']}"
            )
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


#: The Nanjing market with no hourly minimum wage in one district (320117): its part-time
#: jobs with a wage and hours cannot be compared with a minimum, so they cannot be scored.
NO_HOURLY_MARKET = MARKET.replace(
    minimum_wages=[
        attrs.evolve(row, hourly=None) if row.region == "320117" else row
        for row in MARKET.minimum_wages
    ]
)
#: A start before the Nanjing minimum-wage table's first row (2014-11-01).
EARLY: Final = date(2010, 3, 1)


def _unknown(placement: Placement, facts: frozenset[str]) -> Placement:
    """*placement* with *facts* (``contract``, ``insurance``, ``occupation``) not recorded."""
    changes: dict[str, Any] = {}
    if "contract" in facts:
        changes["contract"] = None
    if "insurance" in facts:
        changes["insurance"] = None
    if "occupation" in facts:
        changes["occupation"] = None
        changes["occupation_title"] = placement.occupation_title or "保安员"
    return attrs.evolve(placement, **changes)


def _recorded_none(placement: Placement) -> Placement:
    """*placement* recorded as having no written contract and no scheme paid."""
    return attrs.evolve(
        placement, contract=ContractType.NONE, contract_months=None, insurance=frozenset()
    )


def _failing(placement: Placement, how: str) -> Placement:
    """*placement* made impossible to score: an employer missing from the caseload, or a
    start before the market tables."""
    if how == "orphan":
        return attrs.evolve(placement, employer_id="no-such-employer")
    ended = placement.ended_on
    return attrs.evolve(
        placement, started_on=EARLY, ended_on=None if ended is None else max(ended, EARLY)
    )


_CHANGES: Final = ("keep", "keep", "unknown", "none", "early", "orphan")
_FACTS: Final = st.frozensets(st.sampled_from(("contract", "insurance", "occupation")), min_size=1)


@st.composite
def _caseloads_with_unknowns_and_failures(draw: st.DrawFn) -> Caseload:
    """Generated caseloads (whose strategies draw unknowns already) with some placements
    changed further: facts not recorded, recorded as none, an employer missing, a start
    before the market tables."""
    caseload = draw(caseloads(max_veterans=4))
    placements = []
    for placement in caseload.placements:
        change = draw(st.sampled_from(_CHANGES))
        if change == "unknown":
            placement = _unknown(placement, draw(_FACTS))
        elif change == "none":
            placement = _recorded_none(placement)
        elif change in ("early", "orphan"):
            placement = _failing(placement, change)
        placements.append(placement)
    return caseload.replace(placements=placements)


@settings(max_examples=60, deadline=None)
@given(
    _caseloads_with_unknowns_and_failures(),
    st.dates(date(2012, 1, 1), date(2030, 12, 31)),
    st.sampled_from([1, 2, 3, 1 << 16]),
    st.sampled_from([MARKET, NO_HOURLY_MARKET]),
)
def test_generated_caseloads_score_the_same(
    caseload: Caseload, as_of: date, block: int, market: LabourMarket
) -> None:
    """Spec: for any caseload, date and market, unknown facts and placements that cannot be
    scored included, the columnar path gives the object path's score, components, flags,
    reason code and completeness for every placement, never an exception, however the
    placements are split into blocks. Whole-number answers beyond 64 bits do not fit Arrow
    columns (see test_tables)."""
    from veteran_services.columnar import _scoring

    answers = [a.value for r in caseload.responses for a in r.answers]
    assume(all(-(2**63) <= v < 2**63 for v in answers if type(v) is int))
    expected = score_caseload(caseload, market=market, as_of=as_of)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_scoring, "_PLACEMENT_BLOCK", block)
        got = _score(caseload, as_of=as_of, market=market)
    assert _differences(expected, got) == []


def _city_with_unknowns(city: Caseload) -> Caseload:
    """The sample city with a third of its placements' facts not recorded (in every
    combination), a tenth recorded as none, and a few that cannot be scored for each reason."""
    combinations = [
        frozenset(c)
        for c in (
            {"contract"},
            {"insurance"},
            {"occupation"},
            {"contract", "insurance"},
            {"contract", "insurance", "occupation"},
        )
    ]
    placements = []
    for index, placement in enumerate(city.placements):
        if index % 3 == 0:
            placement = _unknown(placement, combinations[(index // 3) % len(combinations)])
        elif index % 10 == 1:
            placement = _recorded_none(placement)
        elif index % 97 == 2:
            placement = _failing(placement, "early" if index % 2 else "orphan")
        placements.append(placement)
    return city.replace(placements=placements)


@pytest.mark.parametrize("block", [7, 1000, 1 << 17])
@pytest.mark.parametrize("market", [MARKET, NO_HOURLY_MARKET], ids=["nanjing", "no-hourly"])
def test_unknown_facts_and_unscorable_placements_score_the_same(
    city: Caseload, monkeypatch: pytest.MonkeyPatch, block: int, market: LabourMarket
) -> None:
    from veteran_services.columnar import _scoring

    caseload = _city_with_unknowns(city)
    expected = score_caseload(caseload, market=market, as_of=DEFAULT_AS_OF)
    monkeypatch.setattr(_scoring, "_PLACEMENT_BLOCK", block)
    table = _score(caseload, as_of=DEFAULT_AS_OF, market=market)
    assert _differences(expected, table) == []
    # not vacuous: every reason, every missing fact and both kinds of flags occur
    reasons = {s.reason_code for s in expected}
    wanted = {None, "no_market_data", "unknown_employer", "after_scoring_date"}
    assert wanted - {"after_scoring_date"} <= reasons
    assert set(table.column("reason").to_pylist()) == reasons
    assert reasons <= {None, *REASONS}
    assert any(s.completeness < 1 for s in expected if s.value is not None)


def test_unknown_is_not_none_row_by_row(city: Caseload) -> None:
    """The same placements with their facts not recorded and recorded as none: the unknown
    ones leave contract security, social insurance and skills match missing and raise no
    flag; the recorded nones are flagged informal and uninsured."""
    base = [p for p in city.placements if p.started_on <= DEFAULT_AS_OF][:200]
    facts = frozenset({"contract", "insurance", "occupation"})
    unknown = [attrs.evolve(_unknown(p, facts), id=p.id + "~u") for p in base]
    none = [attrs.evolve(_recorded_none(p), id=p.id + "~n") for p in base]
    caseload = city.replace(placements=[*unknown, *none])
    expected = score_caseload(caseload, market=MARKET, as_of=DEFAULT_AS_OF)
    table = _score(caseload, as_of=DEFAULT_AS_OF)
    assert _differences(expected, table) == []
    rows = table.to_pylist()
    for row in rows[: len(base)]:
        assert row["contract_security.missing"]
        assert row["social_insurance.missing"]
        assert row["skills_match.missing"]
        assert not row["flag.informal"]
        assert not row["flag.no_social_insurance"]
        assert row["completeness"] < 1
    for row in rows[len(base) :]:
        assert not row["contract_security.missing"]
        assert row["contract_security.raw"] == 0.0
        assert row["flag.informal"]
        assert row["flag.no_social_insurance"]


def test_one_unscorable_placement_leaves_the_others_as_they_were(city: Caseload) -> None:
    """A placement before the market tables and one whose employer is missing: rows with a
    reason code (null value, every indicator missing, no flag; a null region for the missing
    employer), and every other row exactly what it is without them."""
    placements = list(city.placements[:300])
    early = _failing(placements[10], "early")
    orphan = _failing(placements[20], "orphan")
    bad = city.replace(placements=[*placements[:10], early, *placements[11:20], orphan])
    good = city.replace(placements=[*placements[:10], *placements[11:20]])
    table = _score(bad, as_of=DEFAULT_AS_OF)
    rows = table.to_pylist()
    for row, code, region in (
        (rows[10], "no_market_data", city.employer(early.employer_id).region),
        (rows[20], "unknown_employer", None),
    ):
        assert row["value"] is None
        assert row["reason"] == code
        assert row["region"] == region
        assert row["completeness"] == 0.0
        assert not any(row[f"flag.{flag.value}"] for flag in Flag)
        for name in QualityModel.default().names:
            assert row[f"{name}.missing"]
            assert row[f"{name}.raw"] is None
    kept = table.filter(pa.array([i not in (10, 20) for i in range(len(rows))]))
    assert kept.equals(_score(good, as_of=DEFAULT_AS_OF))
    assert _differences(score_caseload(bad, market=MARKET, as_of=DEFAULT_AS_OF), table) == []


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
    # (a placement whose insurance is not recorded stays null: unknown, not none)
    twice = [None if schemes is None else [*schemes, *schemes[:1]] for schemes in lists]
    assert scores(twice).equals(scores(lists))
    k = next(k for k, schemes in enumerate(lists) if schemes is not None)
    bad = [*lists[:k], [*lists[k], "lottery"], *lists[k + 1 :]]
    with pytest.raises(InvalidInputError, match=r"'insurance' must hold one of .*'lottery'"):
        scores(bad)


@pytest.mark.parametrize("column", ["id", "started_on"])
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


def test_a_null_occupation_leaves_the_skills_match_missing(city: Caseload) -> None:
    """A job named only by its title (no ISCO-08 code): no longer refused, the skills match
    is missing, as on the object path, even for veterans who completed a programme."""
    tables = to_arrow(city)
    placements = tables["placements"]
    index = placements.schema.get_field_index("occupation")
    nulls = pa.nulls(placements.num_rows, pa.string())
    table = _score_tables(tables, placements=placements.set_column(index, "occupation", nulls))
    assert all(table.column("skills_match.missing").to_pylist())
    titled = city.replace(
        placements=[_unknown(p, frozenset({"occupation"})) for p in city.placements]
    )
    expected = score_caseload(titled, market=MARKET, as_of=DEFAULT_AS_OF)
    assert _differences(expected, table) == []
    matched = _score(city, as_of=DEFAULT_AS_OF).column("skills_match.missing").to_pylist()
    assert not all(matched)


def test_unknown_employers_across_blocks(city: Caseload, monkeypatch: pytest.MonkeyPatch) -> None:
    """Placements whose employers are missing, in several blocks: each is its own row with
    ``unknown_employer``, the run goes on, as on the object path."""
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
    expected = score_caseload(caseload, market=MARKET, as_of=DEFAULT_AS_OF)
    monkeypatch.setattr(_scoring, "_PLACEMENT_BLOCK", 8)
    table = _score(caseload, as_of=DEFAULT_AS_OF)
    assert _differences(expected, table) == []
    reasons = table.column("reason").to_pylist()
    assert reasons[0] == reasons[-1] == "unknown_employer"
    assert table.column("region").to_pylist()[0] is None
    assert reasons.count("unknown_employer") == 2


def test_reasons_are_the_object_paths() -> None:
    assert REASONS is SCORING_REASONS
    assert set(REASONS) == {
        "low_coverage",
        "after_scoring_date",
        "no_market_data",
        "unknown_employer",
    }


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


def test_pandas_frames_with_unknown_facts_score_the_same(city: Caseload) -> None:
    """Null contracts, insurance lists and occupations survive the trip through pandas
    (``None`` in object columns) and score as on the object path."""
    pytest.importorskip("pandas")
    caseload = _city_with_unknowns(city)
    expected = score_caseload(caseload, market=MARKET, as_of=DEFAULT_AS_OF)
    table = _score(caseload, as_of=DEFAULT_AS_OF, convert=lambda t: t.to_pandas())
    assert _differences(expected, table) == []
    assert table.column("contract_security.missing").to_pylist().count(True) > 100
