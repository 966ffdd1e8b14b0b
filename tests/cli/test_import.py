"""`veteran-services import` (issue 15, item 6): ledgers, CSV and workbooks into a folder that
is never replaced or changed unless asked."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from veteran_services import Employer, cli, io

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
LEDGERS = {
    "xlsx": [str(EXAMPLES / "ledger.xlsx")],
    "gbk-csv": [str(EXAMPLES / "ledger.csv"), "--encoding", "gbk"],
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("ledger", LEDGERS.values(), ids=LEDGERS.keys())
def test_the_example_ledger_goes_through_import_check_score_and_report(
    ledger: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "caseload"
    status, out, _ = _run(capsys, "import", *ledger, "--out", str(folder))
    assert status == 0
    assert (
        "Imported 28 veterans, 3 providers, 4 programmes, 17 enrolments, 11 employers, "
        "32 placements from 1 file(s)"
    ) in out
    assert len(io.read_caseload(folder).enrolments) == 17  # the ledger's training kept
    assert "3 row(s) left out, each named with what to fix:" in out
    assert "row 6, column '入职日期'" in out
    assert "row 10, column '月工资': could be 1234.56 or 123456" in out
    assert "row 14: a job without an employer" in out
    status, out, _ = _run(capsys, "check", str(folder))
    assert status == 0
    assert "no problems" in out
    status, out, _ = _run(capsys, "score", str(folder), "--as-of", "2025-12-31")
    assert status == 0
    assert "11 of 32 placements left unscored:" in out  # every placement scored or explained
    status, out, _ = _run(
        capsys, "report", str(folder), "--as-of", "2025-12-31", "--out", str(tmp_path / "r.html")
    )
    assert status == 0
    assert (tmp_path / "r.html").is_file()


def test_an_existing_folder_is_left_byte_for_byte_without_replace_or_merge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "caseload"
    assert _run(capsys, "import", *LEDGERS["xlsx"], "--out", str(folder))[0] == 0
    before = _fingerprint(folder)
    status, _, err = _run(capsys, "import", *LEDGERS["gbk-csv"], "--out", str(folder))
    assert status == 2
    assert "exists and is left as it is: add --merge" in err
    assert _fingerprint(folder) == before
    # --merge with the same ids: every clash is named and nothing is written
    status, _, err = _run(capsys, "import", *LEDGERS["xlsx"], "--out", str(folder), "--merge")
    assert status == 1
    assert "already in" in err
    assert "nothing was overwritten" in err
    assert _fingerprint(folder) == before
    # --all-or-nothing: a ledger with bad rows writes nothing
    other = tmp_path / "other"
    status, _, _ = _run(capsys, "import", *LEDGERS["xlsx"], "--out", str(other), "--all-or-nothing")
    assert status == 1
    assert not other.exists()
    # --replace writes it anew
    assert _run(capsys, "import", *LEDGERS["xlsx"], "--out", str(folder), "--replace")[0] == 0


def test_several_files_and_kinds_go_into_one_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    firms = tmp_path / "firms.xlsx"
    io.write_excel(firms, [Employer(id="E-EXTRA", name="南京新建物业有限公司", region="320115")])
    folder = tmp_path / "caseload"
    status, out, _ = _run(
        capsys, "import", *LEDGERS["xlsx"], f"employers={firms}", "--out", str(folder)
    )
    assert status == 0
    assert "from 2 file(s)" in out
    caseload = io.read_caseload(folder)
    assert "E-EXTRA" in {e.id for e in caseload.employers}
    assert len(caseload.employers) == 12
    # and --merge adds to a folder
    more = tmp_path / "more.csv"
    io.write_csv(more, [Employer(id="E-MORE", name="某公司", region="320102")])
    status, _, _ = _run(capsys, "import", f"employers={more}", "--out", str(folder), "--merge")
    assert status == 0
    assert len(io.read_caseload(folder).employers) == 13


def test_hints_name_the_options_of_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        "序号,性别,入伍时间,所在区,用人单位,岗位,入职日期,备注\n"
        "1,男,2010-09-01,江宁区,南京某公司,保安员,2024-03-01,表彰\n",
        encoding="utf-8",
    )
    status, _, err = _run(capsys, "import", str(ledger), "--out", str(tmp_path / "f"))
    assert status == 1
    assert "--ignore-unknown-columns" in err
    assert "strict=False" not in err
    status, out, _ = _run(
        capsys, "import", str(ledger), "--out", str(tmp_path / "f"), "--ignore-unknown-columns"
    )
    assert status == 0
    assert "'备注' set aside" in out


def test_import_csv_never_replaces_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reproducer: import-csv onto a caseload folder of 1,200 records used to leave one."""
    folder = tmp_path / "caseload"
    assert _run(capsys, "import", *LEDGERS["xlsx"], "--out", str(folder))[0] == 0
    before = _fingerprint(folder)
    one = tmp_path / "p.csv"
    io.write_csv(one, io.read_caseload(folder).placements[:1])
    status, _, err = _run(capsys, "import-csv", "placements", str(one), "--out", str(folder))
    assert status == 2
    assert "--merge" in err
    assert _fingerprint(folder) == before


def test_import_codes_the_job_titles_of_a_placements_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "jobs.csv"
    source.write_text(
        "id,veteran_id,employer_id,occupation_title,started_on\n"
        "P1,V1,E1,保安员,2024-03-01\n"
        "P2,V2,E1,综合岗,2024-03-02\n",
        encoding="utf-8",
    )
    out = tmp_path / "folder"
    code, text, err = _run(capsys, "import", f"placements={source}", "--out", str(out))
    assert code == 0, err
    placements = io.read_caseload(out).placements
    assert [p.occupation for p in placements] == ["5414", None]
    assert "'综合岗' (1 row) kept without an ISCO-08 code" in text + err
