"""The rates per veteran bucket, combined, equal the rates of the whole caseload (issue 9).

No cluster here: Dask's synchronous scheduler runs the same graph in this process (the
two-worker cluster is in ``test_distributed.py``).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("dask")

import pyarrow as pa
from attrs import evolve
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from veteran_services import Caseload, ContactKind, ServiceContact, metrics
from veteran_services.columnar import (
    bucket_files,
    bucket_of,
    employment_rate_after_exit,
    placement_rate,
    retention_with_same_employer,
    to_arrow,
    write_parquet,
)
from veteran_services.columnar.distributed import (
    combine_estimates,
    employment_rate_after_exit_dataset,
    placement_rate_dataset,
    retention_with_same_employer_dataset,
)
from veteran_services.errors import InvalidInputError
from veteran_services.strategies import caseloads
from veteran_services.synthetic import DEFAULT_AS_OF

# rate → (dataset form, columnar form, object path, the columnar form's positional kinds)
RATES: dict[str, tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any], list[str]]] = {
    "placement": (
        placement_rate_dataset,
        placement_rate,
        metrics.placement_rate,
        ["veterans", "placements"],
    ),
    "employment": (
        employment_rate_after_exit_dataset,
        employment_rate_after_exit,
        metrics.employment_rate_after_exit,
        ["veterans", "enrolments", "placements", "earnings"],
    ),
    "retention": (
        retention_with_same_employer_dataset,
        retention_with_same_employer,
        metrics.retention_with_same_employer,
        ["veterans", "enrolments", "placements", "earnings"],
    ),
}
LONG_AGO = (date(1990, 1, 1), date(1990, 2, 1))  # nobody: the empty estimate and its reason
CASES: list[tuple[str, dict[str, Any]]] = [
    ("placement", {}),
    ("placement", {"as_of": DEFAULT_AS_OF}),
    (
        "placement",
        {
            "anchor": "separation",
            "include_ventures": True,
            "include_subsidised": False,
            "within": relativedelta(years=1),
            "as_of": DEFAULT_AS_OF,
            "confidence": 0.9,
        },
    ),
    ("placement", {"between": LONG_AGO}),
    ("employment", {}),
    ("employment", {"quarter": 4, "as_of": DEFAULT_AS_OF}),
    ("employment", {"exits_between": (date(2024, 1, 1), date(2024, 12, 31)), "as_of": date.max}),
    ("employment", {"exits_between": LONG_AGO}),
    ("retention", {"as_of": DEFAULT_AS_OF}),
    ("retention", {"first": 1, "second": 3, "as_of": date(2024, 6, 30)}),
    ("retention", {"exits_between": LONG_AGO}),
    ("employment", {"rule": "contacts"}),  # evaluated on the whole caseload's data cutoff
    ("employment", {"rule": "contacts", "quarter": 4, "as_of": DEFAULT_AS_OF}),
    ("retention", {"rule": "contacts"}),
    ("retention", {"rule": "contacts", "exits_between": (date(2024, 1, 1), date(2024, 12, 31))}),
]
LAYOUTS = [None, 1, 2, 3, 7, 16]  # None: unpartitioned, one file per kind


def _whole(caseload: Caseload, rate: str, arguments: dict[str, Any]) -> Any:
    """The columnar rate on the whole tables, in one call (with the caseload's ventures)."""
    _, columns, _, kinds = RATES[rate]
    tables = to_arrow(caseload.replace(responses=()))  # the rates read no survey answers
    extra = {}
    if arguments.get("rule") == "contacts":  # the data cutoff reads collection dates
        collected = pa.array([r.collected_on for r in caseload.responses], pa.date32())
        extra = {"contacts": tables["contacts"], "responses": pa.table({"collected_on": collected})}
    return columns(*(tables[k] for k in kinds), ventures=tables["ventures"], **extra, **arguments)


@pytest.fixture(scope="module")
def folders(small_city: Caseload, tmp_path_factory: pytest.TempPathFactory) -> dict[Any, Path]:
    root = tmp_path_factory.mktemp("rates")
    return {
        buckets: write_parquet(
            small_city,
            root / f"buckets-{buckets}",
            partition_by=None if buckets is None else "veteran",
            buckets=buckets or 1,
        )
        for buckets in LAYOUTS
    }


@pytest.mark.parametrize("buckets", LAYOUTS, ids=lambda b: f"buckets-{b}")
@pytest.mark.parametrize(
    ("rate", "arguments"), CASES, ids=[f"{rate}-{i}" for i, (rate, _) in enumerate(CASES)]
)
def test_bucket_counts_add_up_to_the_whole(
    small_city: Caseload,
    folders: dict[Any, Path],
    buckets: int | None,
    rate: str,
    arguments: dict[str, Any],
) -> None:
    dataset, _, objects, _ = RATES[rate]
    lazy = dataset(folders[buckets], **arguments)
    got = lazy.compute(scheduler="sync")
    expected = _whole(small_city, rate, arguments)
    assert got == expected  # every field: counts, excluded veterans, interval, descriptions
    assert list(got.excluded) == list(expected.excluded)  # in the same (sorted) order
    assert got == objects(small_city, **arguments)
    if arguments.get("between") == LONG_AGO or arguments.get("exits_between") == LONG_AGO:
        assert got.value is None
        assert got.reason
    else:
        assert got.denominator


@settings(max_examples=25, deadline=None)
@given(
    caseloads(max_veterans=6),
    st.integers(1, 8),
    st.sampled_from(sorted(RATES)),
    st.none() | st.dates(date(2000, 1, 1), date(2035, 1, 1)),
    st.booleans(),
    st.booleans(),
)
def test_generated_caseloads_in_any_number_of_buckets(
    caseload: Caseload, buckets: int, rate: str, as_of: date | None, flag: bool, contacts: bool
) -> None:
    """Spec: each bucket holds all of a veteran's records, so the buckets' numerators,
    denominators and excluded veterans add up to the whole caseload's, for any bucket count
    (empty buckets included); the contact rule's data cutoff is the whole caseload's."""
    arguments: dict[str, Any] = {"as_of": as_of}
    if rate == "placement":
        arguments |= {"include_ventures": flag, "anchor": "separation" if flag else "registration"}
    else:
        arguments["rule"] = "contacts" if contacts else "enrolments"
        if rate == "employment":
            arguments["quarter"] = 4 if flag else 2
    # Parquet holds no whole number beyond 64 bits, which answers may hold; no rate reads them
    caseload = caseload.replace(responses=[evolve(r, answers=()) for r in caseload.responses])
    dataset = RATES[rate][0]
    with tempfile.TemporaryDirectory() as directory:
        folder = write_parquet(caseload, Path(directory), partition_by="veteran", buckets=buckets)
        got = dataset(folder, **arguments).compute(scheduler="sync")
    assert got == _whole(caseload, rate, arguments)


def test_the_contact_rule_uses_the_data_cutoff_of_the_whole_folder(
    small_city: Caseload, tmp_path: Path
) -> None:
    """The latest dated record is in another bucket than the exit it decides: the bucket
    alone would not see the 90 days without service."""
    first = small_city.veterans[0]
    other = next(v for v in small_city.veterans if bucket_of(v.id, 2) != bucket_of(first.id, 2))
    caseload = small_city.replace(
        # the story below is the whole of their record: no exclusion the city may hold
        veterans=[attrs.evolve(v, exclusions=()) for v in (first, other)],
        enrolments=[],
        placements=[],
        earnings=[],
        ventures=[],
        responses=[],
        contacts=[
            ServiceContact(
                id="C1",
                veteran_id=first.id,
                occurred_on=date(2024, 1, 1),
                kind=ContactKind.COUNSELLING,
            ),
            ServiceContact(
                id="C2",
                veteran_id=other.id,
                occurred_on=date(2024, 6, 1),
                kind=ContactKind.INFORMATION,
            ),
        ],
    )
    folder = write_parquet(caseload, tmp_path / "two", partition_by="veteran", buckets=2)
    # exited on 2024-01-01: 152 days before the cutoff; its own bucket's last date is that day
    denominators = {"employment": 1, "retention": 0}  # (not employed in quarter 2)
    for rate, denominator in denominators.items():
        dataset, _, objects, _ = RATES[rate]
        got = dataset(folder, rule="contacts").compute(scheduler="sync")
        assert got == objects(caseload, rule="contacts")
        assert got == _whole(caseload, rate, {"rule": "contacts"})
        assert got.denominator == denominator


def test_arguments_are_checked_at_once(folders: dict[Any, Path]) -> None:
    with pytest.raises(InvalidInputError, match="'anchor' must be 'registration', 'separation'"):
        placement_rate_dataset(folders[2], anchor="placement_start")
    # the exit anchor needs the enrolments, which the dataset function does not read (yet)
    with pytest.raises(InvalidInputError, match="'enrolments' is needed with anchor='exit'"):
        placement_rate_dataset(folders[2], anchor="exit")
    with pytest.raises(InvalidInputError, match="'quarter' must be a whole number"):
        employment_rate_after_exit_dataset(folders[2], quarter=0)
    with pytest.raises(InvalidInputError, match="'second' must come after 'first'"):
        retention_with_same_employer_dataset(folders[2], first=4, second=2)
    with pytest.raises(InvalidInputError, match="'rule' must be 'enrolments' or 'contacts'"):
        retention_with_same_employer_dataset(folders[2], rule="exits")


def test_kinds_partitioned_differently_are_refused(
    folders: dict[Any, Path], tmp_path: Path
) -> None:
    manifest = json.loads((folders[3] / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["placements"] = manifest["files"]["placements"][:2]
    for name in ("veterans", "placements"):
        for path in bucket_files(folders[3], name):
            target = tmp_path / path.relative_to(folders[3])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(InvalidInputError, match="'folder' must partition veterans, placements"):
        placement_rate_dataset(tmp_path)


def test_combining_refuses_parts_that_do_not_add_up(small_city: Caseload) -> None:
    whole = _whole(small_city, "employment", {"as_of": DEFAULT_AS_OF})
    assert combine_estimates([whole]) == whole
    with pytest.raises(InvalidInputError, match="at least one estimate"):
        combine_estimates([])
    with pytest.raises(InvalidInputError, match="must not share units"):
        combine_estimates([whole, whole])
    other = _whole(small_city, "employment", {"as_of": DEFAULT_AS_OF, "quarter": 4})
    with pytest.raises(InvalidInputError, match="must share their 'name'"):
        combine_estimates([whole, evolve(other, excluded={})])
    with pytest.raises(InvalidInputError, match="unsuppressed proportions"):
        combine_estimates([whole.withheld("fewer than 10")])
    median = metrics.median_earnings_after_exit(small_city, as_of=DEFAULT_AS_OF)
    with pytest.raises(InvalidInputError, match="unsuppressed proportions"):
        combine_estimates([median])
