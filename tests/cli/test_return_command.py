"""``veteran-services return mva`` and ``veteran-services directory`` (issue 18)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from veteran_services import directory, io, synthetic
from veteran_services.cli import main
from veteran_services.model import (
    Enrolment,
    Programme,
    ProgrammeKind,
    Resettlement,
    ServicePeriod,
    Sex,
    Veteran,
)
from veteran_services.returns import read_mva_return


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample city, and one more veteran of 2022 in academic education with no admission
    route recorded (so the return has someone it cannot count)."""
    city = synthetic.generate(veterans=300, seed=2)
    period = ServicePeriod(
        start=date(2020, 9, 1), end=date(2022, 9, 1), resettlement=Resettlement.SELF_EMPLOYMENT
    )
    student = Veteran(
        id="V-MVA", sex=Sex.MALE, region="320102", service=(period,), registered_on=date(2022, 9, 9)
    )
    programme = Programme(
        id="PG-MVA", provider_id=city.providers[0].id, title="专升本", kind=ProgrammeKind.ACADEMIC
    )
    enrolment = Enrolment(
        id="EN-MVA", veteran_id="V-MVA", programme_id="PG-MVA", enrolled_on=date(2022, 9, 20)
    )
    city = city.replace(
        veterans=(*city.veterans, student),
        programmes=(*city.programmes, programme),
        enrolments=(*city.enrolments, enrolment),
    )
    return io.write_caseload(city, tmp_path_factory.mktemp("city") / "caseload")


def test_return_mva_prints_the_form_and_writes_the_workbook(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("openpyxl")
    out_file = tmp_path / "2022.xlsx"
    argv = ["return", "mva", "--year", "2022", "--as-of", "2023-06-30", str(folder)]
    assert main([*argv, "--out", str(out_file), "-q", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("新增自主就业退役士兵就业及去向情况表, 2022 (as of 2023-06-30)")
    assert "合计" in out
    assert "  L  待就业人数" in out
    assert "broken rule" not in out
    read = read_mva_return(out_file)
    assert read.ok
    assert read.year == 2022
    assert f"wrote {out_file}" in out


def test_return_mva_in_chinese_lists_the_uncounted(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["return", "mva", "--year", "2022", "--as-of", "2023-06-30", str(folder), "-q"]
    assert main([*argv, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "单位" in out
    assert "名退役军人未计入" in out
    assert "玄武区: 在读学历教育但未记录入学方式" in out


def test_return_mva_suppresses_on_request(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["return", "mva", "--year", "2022", "--as-of", "2023-06-30", str(folder), "-q"]
    assert main([*argv, "--suppress", "3", "--lang", "en"]) == 0
    assert " * " in capsys.readouterr().out


def test_return_mva_refuses_an_as_of_date_inside_the_year(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["return", "mva", "--year", "2022", "--as-of", "2022-06-30", str(folder), "-q"]
    assert main([*argv, "--lang", "en"]) == 2
    assert "'as_of' must be on or after the end of the return's year" in capsys.readouterr().err


def test_return_mva_needs_a_year(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["return", "mva", str(folder), "-q", "--lang", "en"]) == 2
    assert "--year" in capsys.readouterr().err


def test_directory_writes_an_hsds_package(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "directory"
    argv = ["directory", str(folder), "--out", str(target), "--form", "json"]
    assert main([*argv, "-q", "--lang", "en"]) == 0
    assert "providers and" in capsys.readouterr().out
    providers, programmes = directory.read_hsds(target)
    city = io.read_caseload(folder)
    assert (providers, programmes) == (city.providers, city.programmes)
    assert main([*argv, "-q", "--lang", "en"]) == 2  # not over an existing directory
    assert main([*argv, "--overwrite", "-q", "--lang", "en"]) == 0
