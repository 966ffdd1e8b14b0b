"""``--lang``: every subcommand has it, and every subcommand's output is Chinese with ``zh``."""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

import pytest

from veteran_services import cli, io
from veteran_services.model import Caseload
from veteran_services.synthetic import generate

#: A word of English (three letters or more) outside codes, ids, paths and proper nouns.
_ENGLISH = re.compile(r"(?<![\w./\\-])[A-Za-z]{3,}(?![\w./\\-])")

#: Words that may stay in a Chinese line: codes, units of the data, proper nouns.
_ALLOWED = {"CNY", "RR1", "ISCO", "Arrow", "veteran", "services", "csv", "jsonl", "json"}


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VETERAN_SERVICES_LANG", raising=False)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(scope="module")
def city() -> Caseload:
    return generate(veterans=150, seed=2)


@pytest.fixture(scope="module")
def folder(city: Caseload, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return io.write_caseload(city, tmp_path_factory.mktemp("city") / "caseload")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def _chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def _english_words(text: str) -> list[str]:
    """English words left in *text*, apart from codes (snake_case, ids), paths and nouns."""
    return [
        word
        for line in text.splitlines()
        for word in _ENGLISH.findall(line)
        if word not in _ALLOWED and not word.isupper()
    ]


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_every_subcommand_has_lang() -> None:
    """Through the shared options of ``_Commands.add``: a new subcommand gets it too."""
    for name, sub in _subparsers().items():
        options = {o for action in sub._actions for o in action.option_strings}
        assert "--lang" in options, name


def test_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "demo", "--lang", "zh", "--veterans", "60", "--out", str(tmp_path), "-q"
    )
    assert status == 0
    assert "主要指标" in out
    assert "检查：未发现问题" in out
    assert "合规提示：" in out
    assert re.search(r"\d+\.\d%–\d+\.\d%", out)  # intervals as 71.0%–80.2%
    assert " 天" in out  # days
    assert _english_words(out) == []
    assert '<html lang="zh-CN">' in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_the_program_takes_lang_before_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(
        capsys, "--lang", "zh", "synth", "--veterans", "20", "--out", str(tmp_path)
    )
    assert status == 0
    assert out.startswith("已写入 ")
    status, out, _ = _run(capsys, "--lang=zh", "--veterans", "20", "--out", str(tmp_path / "d"))
    assert status == 0
    assert "主要指标" in out  # no command: the demo


def test_synth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "synth", "--lang", "zh", "--veterans", "20", "--out", str(tmp_path)
    )
    assert status == 0
    assert "退役军人 20" in out
    assert _english_words(out) == []


def test_check(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "check", str(folder), "--lang", "zh")
    assert status == 0
    assert "条记录，未发现问题" in out


def test_check_problems_in_chinese(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for file in folder.iterdir():
        (broken / file.name).write_bytes(file.read_bytes())
    placements = broken / "placements.jsonl"
    lines = placements.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["employer_id"] = "E-MISSING"
    lines[0] = json.dumps(record, ensure_ascii=False)
    placements.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, _ = _run(capsys, "check", str(broken), "--lang", "zh")
    assert status == 1
    assert (
        "placements.jsonl 第 1 行：$.employer_id：'employer_id' 引用的用人单位 'E-MISSING' 不存在"
        in out
    )
    assert "（错误 dangling-reference，就业岗位 " in out
    assert "个错误" in out
    status, english, _ = _run(capsys, "check", str(broken))
    assert "'employer_id' refers to a missing employer 'E-MISSING'" in english


def test_score(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "score", str(folder), "--lang", "zh")
    assert status == 0
    assert "就业质量" in out
    assert "玄武区" in out
    assert _english_words(out) == []


def test_metrics(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "metrics", str(folder), "--lang", "zh")
    assert status == 0
    assert "主要指标" in out
    assert "结业后第二季度就业率" in out
    assert _english_words(out) == []
    status, out, _ = _run(capsys, "metrics", str(folder), "--lang", "zh", "--by", "region")
    assert status == 0
    assert "已隐藏" in out
    assert "玄武区" in out


def test_league(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "league", str(folder), "--lang", "zh", "--replicates", "50")
    assert status == 0
    assert "控制限" in out
    assert "名次" in out


@pytest.mark.parametrize(("by", "words"), [("provider", "培训机构"), ("sex", "性别")])
def test_league_and_metrics_name_the_grouping_in_chinese(
    folder: Path, by: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["league", "--replicates", "20"], ["metrics"]):
        status, out, _ = _run(capsys, command[0], str(folder), "--lang", "zh", "--by", by,
                              *command[1:])  # fmt: skip
        assert status == 0
        heading, header = out.splitlines()[:2]
        assert f"按{words}" in heading.replace(" ", "")
        assert header.split()[0] == words
        assert by not in heading


def test_follow_ups(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "follow-ups", str(folder), "--lang", "zh", "--as-of", "2025-06-30"
    )
    assert status == 0
    assert "回访任务" in out
    assert _english_words(out) == []


@pytest.mark.parametrize("by", ["district", "cohort", "legal_form", "support"])
def test_ventures(folder: Path, by: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "ventures", str(folder), "--lang", "zh", "--by", by)
    assert status == 0
    assert "创业质量" in out
    assert "存活率" in out
    # Greenwood names the interval's method (a proper noun, as Kaplan-Meier is).
    assert [w for w in _english_words(out) if w != "Greenwood"] == []


def test_report(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.html"
    status, out, _ = _run(capsys, "report", str(folder), "--lang", "zh", "--out", str(target))
    assert status == 0
    assert out.startswith("已写入报告 ")
    assert '<html lang="zh-CN">' in target.read_text(encoding="utf-8")


def test_schema_is_the_same_in_every_language(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON Schemas are for programs: --lang changes nothing in them."""
    _, english, _ = _run(capsys, "schema", "--kind", "placements")
    status, chinese, _ = _run(capsys, "schema", "--kind", "placements", "--lang", "zh")
    assert status == 0
    assert chinese == english


def test_import_csv(city: Caseload, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "plain.csv"
    io.write_csv(plain, city.placements[:5])
    with plain.open(encoding="utf-8-sig") as handle:
        assert next(csv.reader(handle))
    status, out, _ = _run(
        capsys, "import-csv", "placements", str(plain), "--out", str(tmp_path / "p.jsonl"),
        "--lang", "zh",
    )  # fmt: skip
    assert status == 0
    assert "读取就业岗位 5 条" in out
    status, out, _ = _run(
        capsys, "import", f"placements={plain}", "--out", str(tmp_path / "folder"),
        "--lang", "zh",
    )  # fmt: skip
    assert status == 0
    assert out.startswith("已从 1 个文件导入 就业岗位 5")


def test_the_environment_chooses_the_language(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _, out, _ = _run(capsys, "metrics", str(folder))
    assert "主要指标" in out
    monkeypatch.setenv("VETERAN_SERVICES_LANG", "en")
    _, out, _ = _run(capsys, "metrics", str(folder))
    assert "Headline indicators" in out
    _, out, _ = _run(capsys, "metrics", str(folder), "--lang", "zh")  # the option wins
    assert "主要指标" in out


def test_a_bad_environment_language_is_a_usage_mistake(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VETERAN_SERVICES_LANG", "xx")
    status, _, err = _run(capsys, "metrics", str(folder))
    assert status == 2
    assert "VETERAN_SERVICES_LANG" in err
    assert "'xx'" in err


def test_a_bad_lang_option_is_a_usage_mistake(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "metrics", str(folder), "--lang", "fr")
    assert status == 2
    assert "invalid choice: 'fr'" in err


@pytest.mark.parametrize("name", [None, *_subparsers()])
def test_help_in_chinese(name: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--lang", "zh", "--help"] if name is None else [name, "--lang", "zh", "--help"]
    status, out, _ = _run(capsys, *argv)
    assert status == 0
    assert out.startswith("用法：")
    assert "显示本帮助并退出" in out
    english = [line for line in out.splitlines() if re.search(r"\b[a-z]+ [a-z]+ [a-z]+\b", line)]
    assert english == []


def test_help_in_english_after_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "--lang", "zh", "--help")
    status, out, _ = _run(capsys, "--help")
    assert status == 0
    assert out.startswith("usage: ")
