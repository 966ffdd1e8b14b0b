"""The command line, through ``main(argv)``: every subcommand, its options and its errors."""

from __future__ import annotations

import argparse
import csv
import io as stdio
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from veteran_services import cli, io
from veteran_services.model import Caseload
from veteran_services.scoring import REASONS, LabourMarket, QualityModel
from veteran_services.synthetic import DEFAULT_AS_OF, NO_BLANKS, generate

SUBCOMMANDS = (
    "demo",
    "synth",
    "check",
    "score",
    "ventures",
    "metrics",
    "league",
    "follow-ups",
    "effect",
    "return",
    "directory",
    "report",
    "schema",
    "import",
    "import-csv",
    "export",
)


@pytest.fixture(scope="module")
def city() -> Caseload:
    # fully recorded: the tests count placements scored, which blank facts would leave unscored
    return generate(veterans=150, seed=2, blanks=NO_BLANKS)


@pytest.fixture(scope="module")
def folder(city: Caseload, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return io.write_caseload(city, tmp_path_factory.mktemp("city") / "caseload")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def _copy(folder: Path, target: Path) -> Path:
    target.mkdir()
    for file in folder.iterdir():
        (target / file.name).write_bytes(file.read_bytes())
    return target


def _edit_line(file: Path, number: int, change: dict[str, object]) -> None:
    lines = file.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[number - 1])
    record.update(change)
    lines[number - 1] = json.dumps(record, ensure_ascii=False)
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- help -------------------------------------------------------------------------------------


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_every_subcommand_exists() -> None:
    assert tuple(_subparsers()) == SUBCOMMANDS


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_option_is_described(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    sub = _subparsers()[name]
    assert sub.description
    options = [a for a in sub._actions if not isinstance(a, argparse._HelpAction)]
    assert options
    for action in options:
        assert action.help, f"{name} {action.option_strings or action.dest} has no help"
        assert action.help.strip()
    status, out, _ = _run(capsys, name, "--help")
    assert status == 0
    assert out.startswith(f"usage: veteran-services {name}")
    for action in options:
        for option in action.option_strings:
            assert option in out


def test_top_level_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--help")
    assert status == 0
    for action in cli._parser()._actions:
        assert action.help, f"{action.option_strings or action.dest} has no help"
    for name in SUBCOMMANDS:
        assert name in out
    status, out, _ = _run(capsys, "--version")
    assert status == 0
    assert out.startswith("veteran-services ")


# --- demo and synth ---------------------------------------------------------------------------


def test_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "demo"
    status, out, err = _run(
        capsys, "demo", "--veterans", "150", "--seed", "4", "--out", str(out_dir)
    )  # enough trainees for providers of 10 or more people: their two funnel charts
    assert status == 0
    assert err == ""  # stderr is not a terminal: no progress
    assert "Check: no problems" in out
    assert "Headline indicators" in out
    assert "Employment rate, 2nd quarter after exit" in out
    assert "Mean employment-quality index" in out
    assert f"fingerprint {QualityModel.default().fingerprint}" in out
    written = io.read_caseload(out_dir / "caseload")
    expected = generate(veterans=150, seed=4)
    assert written.placements == expected.placements
    assert [v.id for v in written.veterans] == [v.id for v in expected.veterans]
    assert all(v.personal is None for v in written.veterans)  # never written by default
    page = (out_dir / "report.html").read_text(encoding="utf-8")
    # nine, and the training section's two when this small city's effect can be estimated
    training = 'id="chart-training-balance"' in page
    assert page.count('class="chart"') == 9 + 2 * training


def test_demo_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "demo", "--veterans", "60", "--lang", "zh", "--out", str(tmp_path), "-q"
    )
    assert status == 0
    assert "结业后第二季度就业率" in out
    assert '<html lang="zh-CN">' in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_no_subcommand_runs_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = _run(capsys, "--veterans", "40")
    assert status == 0
    assert "Headline indicators" in out
    assert (tmp_path / "veteran-services-demo" / "report.html").is_file()
    assert (tmp_path / "veteran-services-demo" / "caseload" / "manifest.json").is_file()


def test_demo_without_matplotlib_still_writes_a_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    status, _, err = _run(capsys, "demo", "--veterans", "40", "--out", str(tmp_path))
    assert status == 0
    assert "'report' extra" in err
    assert "<img" not in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_synth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "city"
    status, out, _ = _run(capsys, "synth", "--veterans", "30", "--seed", "9", "--out", str(target))
    assert status == 0
    assert "30 veterans" in out
    written = io.read_caseload(target)
    assert written.counts() == generate(veterans=30, seed=9).counts()
    assert all(v.personal is None for v in written.veterans)
    status, _, _ = _run(
        capsys, "synth", "--veterans", "5", "--out", str(tmp_path / "p"), "--include-personal"
    )
    assert status == 0
    assert any(v.personal is not None for v in io.read_caseload(tmp_path / "p").veterans)


@pytest.mark.parametrize(
    "argv",
    [
        ["synth"],
        ["synth", "--out", "x", "--veterans", "-3"],
        ["synth", "--out", "x", "--as-of", "30/06/2026"],
        ["demo", "--lang", "fr"],
        ["nonsense"],
    ],
)
def test_usage_mistakes_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.startswith("veteran-services: error: ")
    assert "usage: veteran-services" in err


# --- check ------------------------------------------------------------------------------------


def test_check_valid_data(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "check", str(folder))
    assert status == 0
    summary, engine = out.strip().splitlines()[-2:]
    assert summary.endswith("no problems")
    assert engine.startswith("Engine: ")


def test_check_names_each_reading_problem(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _copy(folder, tmp_path / "bad")
    _edit_line(bad / "placements.jsonl", 3, {"weekly_hours": "forty"})
    _edit_line(bad / "placements.jsonl", 5, {"started_on": "2024-02-30"})
    _edit_line(bad / "veterans.jsonl", 2, {"sex": "unknown-value"})
    status, out, _ = _run(capsys, "check", str(bad))
    assert status == 1
    lines = out.splitlines()
    assert any(line.startswith("placements.jsonl line 3: $.weekly_hours: ") for line in lines)
    assert any(line.startswith("placements.jsonl line 5: $.started_on: ") for line in lines)
    assert any(line.startswith("veterans.jsonl line 2: $.sex: ") for line in lines)
    assert "3 problem(s)" in lines[-2]  # the last line names the engine


def test_check_names_each_cross_record_problem(
    city: Caseload, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _copy(folder, tmp_path / "bad")
    placements = bad / "placements.jsonl"
    _edit_line(placements, 7, {"employer_id": "E9999"})
    second = city.placements[1]
    _edit_line(placements, 9, {"id": second.id})  # a duplicate of line 2's id
    _edit_line(bad / "responses.jsonl", 4, {"collected_on": "1990-01-01"})
    status, out, _ = _run(capsys, "check", str(bad))
    assert status == 1
    lines = out.splitlines()
    assert any(
        line.startswith("placements.jsonl line 7: $.employer_id: 'employer_id' refers to a missing")
        for line in lines
    )
    assert any(
        line.startswith("placements.jsonl line 9: $.id: ") and "duplicate-id" in line
        for line in lines
    )
    assert any(line.startswith("responses.jsonl line 4: $.collected_on: ") for line in lines)
    assert "error(s)" in lines[-2]  # the last line names the engine


def test_check_passes_with_warnings_only(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = _copy(folder, tmp_path / "odd")
    _edit_line(odd / "veterans.jsonl", 2, {"region": "329999"})
    status, out, _ = _run(capsys, "check", str(odd))
    assert status == 0
    assert out.startswith("veterans.jsonl line 2: $.region: ")
    assert "warning unknown-region" in out
    assert "0 error(s), 1 warning(s)" in out


@pytest.mark.parametrize("command", ["check", "score", "metrics", "league", "report"])
def test_a_missing_folder_is_a_usage_mistake(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--out", str(tmp_path / "r.html")] if command == "report" else []
    status, _, err = _run(capsys, command, str(tmp_path / "nowhere"), *extra)
    assert status == 2
    assert "no such folder" in err


def test_a_file_is_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "x.jsonl"
    file.write_text("{}\n", encoding="utf-8")
    status, _, err = _run(capsys, "check", str(file))
    assert status == 2
    assert "not a caseload folder" in err


def test_invalid_data_in_other_commands_exits_1(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _copy(folder, tmp_path / "bad")
    _edit_line(bad / "placements.jsonl", 3, {"weekly_hours": "forty"})
    status, out, err = _run(capsys, "score", str(bad))
    assert status == 1
    assert out == ""
    assert err.startswith("placements.jsonl line 3: $.weekly_hours: ")


# --- score ------------------------------------------------------------------------------------


def test_score_summary(city: Caseload, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "score", str(folder), "--as-of", DEFAULT_AS_OF.isoformat())
    assert status == 0
    assert f"as of {DEFAULT_AS_OF.isoformat()}" in out
    assert "Jiangning District" in out
    lines = out.splitlines()
    assert lines[1].split() == [
        "region", "placements", "scored", "complete", "mean", "median", "below", "60"
    ]  # fmt: skip
    [overall] = [line for line in lines if line.startswith("all ")]
    assert overall.split()[1:3] == [f"{len(city.placements)}", f"{len(city.placements)}"]
    assert re.fullmatch(r"\d{1,3}%", overall.split()[3])
    assert lines[-2] == f"All {len(city.placements)} placements scored."
    assert lines[-1].startswith("Engine: ")  # which engine computed it, columnar or objects


def test_score_to_csv_and_jsonl(
    city: Caseload, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "scores.csv"
    status, out, _ = _run(capsys, "score", str(folder), "--out", str(target))
    assert status == 0
    assert out.startswith(f"Wrote {len(city.placements)} scores to ")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # the byte-order mark, for Excel
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["placement_id"] for r in rows] == [p.id for p in city.placements]
    assert {r["model_fingerprint"] for r in rows} == {QualityModel.default().fingerprint}
    assert "points.working_time" in rows[0]
    assert {"reason_code", "completeness", "unknown"} <= set(rows[0])
    assert all(0 <= float(r["completeness"]) <= 1 for r in rows)
    lines = tmp_path / "scores.jsonl"
    status, _, _ = _run(capsys, "score", str(folder), "--out", str(lines))
    assert status == 0
    records = [json.loads(text) for text in lines.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(city.placements)
    assert {c["name"] for c in records[0]["components"]} == set(QualityModel.default().names)


def test_score_with_another_model(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = QualityModel.default().with_weights({"working_time": 0.5}, version="cli-test")
    file = tmp_path / "model.json"
    file.write_text(model.to_json(), encoding="utf-8")
    status, out, _ = _run(capsys, "score", str(folder), "--model", str(file))
    assert status == 0
    assert f"fingerprint {model.fingerprint}" in out
    file.write_text("{not json", encoding="utf-8")
    status, _, err = _run(capsys, "score", str(folder), "--model", str(file))
    assert status == 1
    assert err.startswith("model.json: ")
    status, _, err = _run(capsys, "score", str(folder), "--model", str(tmp_path / "none.json"))
    assert status == 2
    assert "no such model file" in err


# --- metrics and league -----------------------------------------------------------------------


def test_metrics_headline(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "metrics", str(folder))
    assert status == 0
    assert "Employment rate, 2nd quarter after exit" in out
    assert "Median time to placement" in out
    status, out, _ = _run(capsys, "metrics", str(folder), "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data[0]["name"] == "employment_rate_q2_after_exit"
    assert 0 <= data[0]["low"] <= data[0]["value"] <= data[0]["high"] <= 1
    status, out, _ = _run(capsys, "metrics", str(folder), "--format", "csv")
    assert status == 0
    assert out.startswith("\ufeff")  # the byte-order mark, for Excel
    rows = list(csv.DictReader(stdio.StringIO(out.removeprefix("\ufeff"))))
    assert rows[0]["name"] == "employment_rate_q2_after_exit"


def test_metrics_by_field_with_suppression(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(
        capsys, "metrics", str(folder), "--by", "region", "--metric", "placement_rate",
        "--min-cell", "20", "--format", "csv",
    )  # fmt: skip
    assert status == 0
    assert out.startswith("\ufeff")  # the byte-order mark, for Excel
    rows = list(csv.DictReader(stdio.StringIO(out.removeprefix("\ufeff"))))
    assert rows[-1]["group"] == "Total"
    shown = [r for r in rows if r["suppressed"] == "False"]
    hidden = [r for r in rows if r["suppressed"] == "True"]
    assert shown
    assert hidden
    assert all(int(r["denominator"]) >= 20 for r in shown if r["denominator"])
    status, out, _ = _run(capsys, "metrics", str(folder), "--by", "region", "--min-cell", "20")
    assert status == 0
    assert "suppressed (" in out
    assert "Xuanwu District" in out


def test_league(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "league", str(folder), "--by", "provider", "--metric",
        "employment_rate_after_exit", "--replicates", "100",
    )  # fmt: skip
    assert status == 0
    assert "flagged only outside the 99.8% limits" in out
    assert "TP" in out
    status, out, _ = _run(
        capsys, "league", str(folder), "--replicates", "100", "--format", "json",
        "--overdispersion",
    )  # fmt: skip
    assert status == 0
    rows = json.loads(out)
    assert {r["flag"] for r in rows} <= {"above", "within", "below", None}
    status, _, err = _run(capsys, "league", str(folder), "--metric", "time_to_placement")
    assert status == 2
    assert "invalid choice" in err


def test_league_ranks_only_groups_of_at_least_min_n(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def rows(*extra: str) -> list[dict[str, object]]:
        status, out, _ = _run(
            capsys, "league", str(folder), "--by", "region", "--replicates", "50",
            "--format", "json", *extra,
        )  # fmt: skip
        assert status == 0
        result: list[dict[str, object]] = json.loads(out)
        return result

    default = rows()
    assert default == rows("--min-n", "10")
    small = [r for r in default if isinstance(r["n"], int) and r["n"] < 10]
    big = [r for r in default if isinstance(r["n"], int) and r["n"] >= 10]
    assert small  # a district with fewer than 10 leavers: listed, not ranked, with the reason
    assert all(r["rank"] is None and r["reason"] for r in small)
    assert all(r["rank"] is not None for r in big if r["value"] is not None)
    everyone = rows("--min-n", "1")
    assert all(r["rank"] is not None for r in everyone if r["value"] is not None)
    # the funnel flags do not depend on --min-n
    assert {r["group"]: r["flag"] for r in everyone} == {r["group"]: r["flag"] for r in default}
    status, out, _ = _run(capsys, "league", str(folder), "--by", "region", "--replicates", "50")
    assert status == 0
    assert "groups of fewer than 10 listed, not ranked" in out
    assert "not ranked" in out.splitlines()[-2]  # the last line names the engine
    status, _, err = _run(capsys, "league", str(folder), "--min-n", "0")
    assert status == 2
    assert "--min-n" in err


# --- follow-ups -------------------------------------------------------------------------------


def test_follow_ups(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "follow-ups", str(folder), "--as-of", "2026-06-30", "--within", "14",
        "--format", "csv",
    )  # fmt: skip
    assert status == 0
    assert out.startswith("\ufeff")  # the byte-order mark, for Excel
    rows = list(csv.DictReader(stdio.StringIO(out.removeprefix("\ufeff"))))
    assert rows
    assert all(r["due_on"] <= "2026-07-14" for r in rows)
    assert {r["status"] for r in rows} <= {"due", "overdue", "not_yet_due"}
    status, out, _ = _run(capsys, "follow-ups", str(folder), "--as-of", "2026-06-30")
    assert status == 0
    assert out.startswith("Follow-ups on 2026-06-30: done ")
    # a date long after the data: everything not done is lost to follow-up (more than 180
    # days past its overdue date), or overdue when the office waits longer
    status, out, _ = _run(
        capsys, "follow-ups", str(folder), "--as-of", "2030-01-01", "--format", "json",
        "--status", "due", "overdue", "lost",
    )  # fmt: skip
    assert status == 0
    assert {r["status"] for r in json.loads(out)} == {"lost"}
    status, out, _ = _run(
        capsys, "follow-ups", str(folder), "--as-of", "2030-01-01", "--format", "json",
        "--status", "overdue", "lost", "--lost-after-days", "100000",
        "--lost-after-attempts", "100",
    )  # fmt: skip
    assert status == 0
    assert {r["status"] for r in json.loads(out)} == {"overdue"}
    status, out, _ = _run(capsys, "follow-ups", str(folder), "--as-of", "2030-01-01")
    assert status == 0
    assert " lost " in out.splitlines()[0]


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["--as-of", "tomorrow"],
        ["--as-of", "2026-06-30", "--schedule", "3,x"],
        ["--as-of", "2026-06-30", "--lost-after-attempts", "0"],
    ],
)
def test_follow_ups_usage(
    folder: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "follow-ups", str(folder), *extra)
    assert status == 2
    assert "usage:" in err


# --- report and schema ------------------------------------------------------------------------


def test_report(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r.html"
    status, out, _ = _run(capsys, "report", str(folder), "--out", str(target), "--lang", "zh")
    assert status == 0
    assert str(target) in out
    page = target.read_text(encoding="utf-8")
    assert "主要指标" in page
    # nine, and the training section's two when this small city's effect can be estimated
    # (otherwise the section says why)
    training = 'id="chart-training-balance"' in page
    assert page.count('class="chart"') == 9 + 2 * training
    assert training or "无法根据这些记录估计效果" in page
    status, _, err = _run(capsys, "report", str(folder))
    assert status == 2
    assert "--out" in err


def test_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "schema")
    assert status == 0
    schemas = json.loads(out)
    assert schemas["placements"]["title"] == "Placement"
    status, out, _ = _run(capsys, "schema", "--kind", "veterans")
    assert json.loads(out)["title"] == "Veteran"
    status, out, _ = _run(capsys, "schema", "--out", str(tmp_path))
    assert status == 0
    assert (tmp_path / "placements.schema.json").is_file()
    assert len(out.splitlines()) == len(list(tmp_path.glob("*.schema.json")))


# --- import-csv -------------------------------------------------------------------------------


@pytest.fixture
def spreadsheet(city: Caseload, tmp_path: Path) -> Path:
    """Placements with Chinese headers, as a bureau keeps them."""
    plain = tmp_path / "plain.csv"
    io.write_csv(plain, city.placements[:20])
    headers = {column: header for header, column in io.CHINESE_COLUMNS["placements"].items()}
    with plain.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    rows[0] = [headers.get(column, column) for column in rows[0]]
    target = tmp_path / "安置台账.csv"
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def test_import_csv(
    city: Caseload, spreadsheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = tmp_path / "placements.jsonl"
    status, out, _ = _run(
        capsys, "import-csv", "placements", str(spreadsheet), "--out", str(lines), "--columns", "cn"
    )
    assert status == 0
    assert "Read 20 placements" in out
    assert tuple(io.read_jsonl(lines, type(city.placements[0]))) == city.placements[:20]
    target = tmp_path / "folder"
    status, _, _ = _run(
        capsys,
        "import-csv",
        "placements",
        str(spreadsheet),
        "--out",
        str(target),
        "--columns",
        "cn",
    )
    assert status == 0
    assert io.read_caseload(target).placements == city.placements[:20]


def test_import_csv_with_a_mapping_file(
    spreadsheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "columns.json"
    mapping.write_text(
        json.dumps(io.CHINESE_COLUMNS["placements"], ensure_ascii=False), encoding="utf-8"
    )
    out_file = str(tmp_path / "p.jsonl")
    status, _, _ = _run(
        capsys, "import-csv", "placements", str(spreadsheet), "--out", out_file,
        "--columns", str(mapping),
    )  # fmt: skip
    assert status == 0
    mapping.write_text("[1, 2]", encoding="utf-8")
    status, _, err = _run(
        capsys, "import-csv", "placements", str(spreadsheet), "--out", out_file + ".2.jsonl",
        "--columns", str(mapping),
    )  # fmt: skip
    assert status == 1
    assert err.startswith("columns.json: $: must map column headers")


def test_import_csv_lists_every_problem(
    spreadsheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with spreadsheet.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    wage = rows[0].index("月工资")
    start = rows[0].index("入职日期")
    rows[3][wage] = "面议"
    rows[6][start] = "not a date"
    with spreadsheet.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    target = tmp_path / "out.jsonl"
    status, out, err = _run(
        capsys,
        "import-csv",
        "placements",
        str(spreadsheet),
        "--out",
        str(target),
        "--columns",
        "cn",
    )
    assert status == 1
    assert out == ""
    assert not target.exists()
    assert f"{spreadsheet.name} row 4, column '月工资': " in err
    assert f"{spreadsheet.name} row 7, column '入职日期': " in err
    assert "2 problem(s)" in err
    # without the mapping, the Chinese headers are unknown columns
    status, _, err = _run(
        capsys, "import-csv", "placements", str(spreadsheet), "--out", str(target)
    )
    assert status == 1
    assert "'编号'" in err


def test_import_csv_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(
        capsys, "import-csv", "placements", str(tmp_path / "none.csv"), "--out", "x.jsonl"
    )
    assert status == 2
    assert "no such file" in err
    status, _, err = _run(capsys, "import-csv", "colours", "x.csv", "--out", "x.jsonl")
    assert status == 2
    assert "invalid choice" in err


# --- progress ---------------------------------------------------------------------------------


class _Terminal(stdio.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_only(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "score", str(folder))
    assert status == 0
    assert err == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["score", str(folder), "--engine", "objects"]) == 0  # counts one by one
    shown = terminal.getvalue()
    assert "scoring placements: " in shown
    assert "/s)" in shown
    assert shown.endswith("\r\033[K")  # the line is cleared at the end
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert cli.main(["score", str(folder), "--quiet"]) == 0
    assert quiet.getvalue() == ""


def test_import_responses_with_their_instrument(
    city: Caseload, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "responses.csv"
    io.write_csv(sheet, city.responses[:30])
    target = tmp_path / "responses.jsonl"
    status, out, _ = _run(
        capsys, "import-csv", "responses", str(sheet), "--out", str(target),
        "--instruments", str(folder / "instruments.jsonl"),
    )  # fmt: skip
    assert status == 0
    assert "Read 30 responses" in out
    assert tuple(io.read_jsonl(target, type(city.responses[0]))) == city.responses[:30]
    status, _, err = _run(
        capsys, "import-csv", "responses", str(sheet), "--out", str(tmp_path / "r2.jsonl"),
        "--instruments", str(tmp_path / "none.jsonl"),
    )  # fmt: skip
    assert status == 2
    assert "no such instruments file" in err


def test_a_closed_pipe_ends_quietly(folder: Path) -> None:
    """``veteran-services follow-ups ... | head -1``: no traceback when the reader goes away."""
    command = ["follow-ups", str(folder), "--as-of", "2026-06-30", "--status", "done"]
    process = subprocess.Popen(  # noqa: S603  # this Python, our own module
        [sys.executable, "-m", "veteran_services", *command, "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.read(1) == b"["
    process.stdout.close()  # the list is far larger than a pipe's buffer
    errors = process.stderr.read().decode("utf-8")
    process.stderr.close()
    assert process.wait(timeout=60) == 0
    [engine] = errors.splitlines()  # no traceback, no noise: only the engine that ran
    assert engine.startswith("Engine: ")


def test_import_csv_odd_files(
    spreadsheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = str(tmp_path / "p.jsonl")
    status, _, err = _run(
        capsys, "import-csv", "placements", str(spreadsheet), "--out", out_file,
        "--encoding", "no-such-encoding",
    )  # fmt: skip
    assert status == 2
    assert "must be a text encoding" in err
    status, _, err = _run(
        capsys, "import-csv", "placements", str(spreadsheet), "--out", out_file,
        "--columns", "cn", "--encoding", "gbk",
    )  # fmt: skip
    assert status == 1
    huge = tmp_path / "huge.csv"
    huge.write_text("id,occupation\nP1," + "9" * 200_000 + "\n", encoding="utf-8")
    status, _, err = _run(capsys, "import-csv", "placements", str(huge), "--out", out_file)
    assert status == 1
    assert err.startswith("huge.csv")


def test_output_where_it_cannot_go(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    status, _, err = _run(capsys, "schema", "--out", str(blocker))
    assert status == 2
    assert err.startswith("veteran-services: error: ")
    status, _, err = _run(capsys, "score", str(folder), "--out", str(blocker / "scores.csv"))
    assert status == 2
    assert err.startswith("veteran-services: error: ")


def test_score_with_other_labour_market_tables(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nanjing = json.loads(LabourMarket.nanjing().to_json())
    for row in nanjing["minimum_wages"]:
        row["monthly"] = "100000"  # every wage falls below these minimums
        row["hourly"] = "1000"  # (part-time work is held to the hourly one)
    market = tmp_path / "market.json"
    market.write_text(json.dumps({"minimum_wages": nanjing["minimum_wages"]}), encoding="utf-8")
    scores = tmp_path / "scores.csv"
    status, _, _ = _run(capsys, "score", str(folder), "--market", str(market), "--out", str(scores))
    assert status == 0
    with scores.open(encoding="utf-8-sig") as handle:
        paid = [row for row in csv.DictReader(handle) if row["points.earnings_to_minimum"]]
    assert paid  # placements with a wage: each now falls below the minimum
    assert all("below_minimum_wage" in row["flags"].split(";") for row in paid)
    market.write_text('{"minimum_wages": [{"region": 1}]}', encoding="utf-8")
    status, _, err = _run(capsys, "score", str(folder), "--market", str(market))
    assert status == 1
    assert "market.json" in err
    status, _, err = _run(capsys, "report", str(folder), "--out", "r.html", "--market", "none.json")
    assert status == 2
    assert "no such labour-market file" in err


# --- one bad record never stops a run ---------------------------------------------------------


def _one_placement_before_the_tables(folder: Path, target: Path) -> tuple[Path, str]:
    """A copy of *folder* whose 5th placement starts on 2012-05-02, before the built-in
    minimum-wage table's first date (2014-11-01)."""
    bad = _copy(folder, target)
    placements = bad / "placements.jsonl"
    record = json.loads(placements.read_text(encoding="utf-8").splitlines()[4])
    _edit_line(placements, 5, {"started_on": "2012-05-02", "ended_on": None, "end_reason": None})
    return bad, str(record["id"])


def test_one_placement_before_the_market_table(
    city: Caseload, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A caseload with one placement before the market table's first date: `veteran-services
    score` and `report` exit 0 and say how many were left unscored and why; `check` reports
    it beforehand."""
    bad, pid = _one_placement_before_the_tables(folder, tmp_path / "bad")
    total = len(city.placements)

    status, out, _ = _run(capsys, "check", str(bad))
    assert status == 1
    [line] = [line for line in out.splitlines() if "outside-market-dates" in line]
    assert line.startswith("placements.jsonl line 5: $.started_on: 'started_on' 2012-05-02 ")
    assert f"placements {pid!r}" in line
    assert "starts on 2014-11-01" in line

    scores = tmp_path / "scores.csv"
    status, out, err = _run(capsys, "score", str(bad), "--out", str(scores))
    assert status == 0
    assert err == ""
    lines = out.splitlines()
    at = lines.index(f"1 of {total} placements left unscored:")
    assert lines[at + 1].split()[:2] == ["no_market_data", "1"]
    assert lines[at + 1].endswith(REASONS["no_market_data"])
    assert lines[at + 2].strip().startswith(f"placement {pid!r} (starting 2012-05-02): ")
    assert lines[at + 3].startswith(f"'veteran-services check {bad}' lists each placement")
    [overall] = [line for line in lines if line.startswith("all ")]
    assert overall.split()[1:3] == [f"{total}", f"{total - 1}"]
    with scores.open(encoding="utf-8-sig") as handle:
        rows = {row["placement_id"]: row for row in csv.DictReader(handle)}
    assert len(rows) == total
    assert rows[pid]["score"] == ""
    assert rows[pid]["reason_code"] == "no_market_data"
    assert sum(1 for row in rows.values() if row["score"]) == total - 1

    page = tmp_path / "report.html"
    status, out, err = _run(capsys, "report", str(bad), "--out", str(page))
    assert status == 0
    assert err == ""
    assert out.splitlines()[0] == f"Wrote the report {page}"
    assert f"1 of {total} placements left unscored:" in out
    assert pid in out
    text = page.read_text(encoding="utf-8")
    assert f"1 of {total:,} placements have no score" in text


def test_check_uses_the_market_tables_that_score_uses(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, _ = _one_placement_before_the_tables(folder, tmp_path / "bad")
    # tables with minimum wages from 2010: the placement of 2012 is covered
    nanjing = json.loads(LabourMarket.nanjing().to_json())
    rows = nanjing["minimum_wages"]
    first = min(rows, key=lambda row: row["valid_from"])
    rows.append({**first, "valid_from": "2010-01-01", "region": "320100"})
    market = tmp_path / "market.json"
    market.write_text(json.dumps({"minimum_wages": rows}), encoding="utf-8")
    status, out, _ = _run(capsys, "check", str(bad), "--market", str(market))
    assert "outside-market" not in out
    status, out, _ = _run(capsys, "score", str(bad), "--market", str(market))
    assert status == 0
    assert "left unscored" not in out
    # tables without the class I districts: most placements are outside their regions
    outer = [row for row in nanjing["minimum_wages"] if row["region"] != "320100"]
    market.write_text(json.dumps({"minimum_wages": outer}), encoding="utf-8")
    status, out, _ = _run(capsys, "check", str(folder), "--market", str(market))
    assert status == 1
    assert "error outside-market-regions" in out
    status, out, _ = _run(capsys, "score", str(folder), "--market", str(market))
    assert status == 0
    assert "no_market_data" in out
    assert "... and " in out  # the first few are named, the rest counted
    status, _, err = _run(capsys, "check", str(folder), "--market", str(tmp_path / "none.json"))
    assert status == 2
    assert "no such labour-market file" in err


def test_a_missing_employer_is_counted_too(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _copy(folder, tmp_path / "bad")
    _edit_line(bad / "placements.jsonl", 7, {"employer_id": "E9999"})
    status, out, _ = _run(capsys, "score", str(bad))
    assert status == 0
    assert "unknown_employer 1" in " ".join(out.split())
    assert "'E9999' is not in the caseload" in out
    [unknown] = [line for line in out.splitlines() if line.startswith("unknown ")]
    assert unknown.split()[1:3] == ["1", "0"]  # the region of a missing employer is unknown
