"""The message catalogues: complete, compiled, shipped, and a language is only a catalogue."""

from __future__ import annotations

import importlib.util
import re
import shutil
import string
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from veteran_services import _i18n, codes, scoring
from veteran_services.codes._labels import registered
from veteran_services.errors import InvalidInputError

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "i18n.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def test_every_user_facing_string_has_a_chinese_entry_and_the_mo_is_compiled() -> None:
    """Fails when a marked string, a label, an indicator's description or a message template
    has no zh entry, or the .mo is stale: run ``python scripts/i18n.py extract``, translate,
    then ``python scripts/i18n.py compile``."""
    assert _script().problems() == []


def test_the_check_command_exits_0() -> None:
    completed = subprocess.run(  # noqa: S603 - this Python, our own script
        [sys.executable, str(SCRIPT), "check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_catalogues_are_package_data_in_the_wheel() -> None:
    """Hatch ships every file under the package folder that git does not ignore."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["src/veteran_services"]
    assert "exclude" not in wheel
    mo = _i18n.LOCALE_DIR / "zh" / "LC_MESSAGES" / "veteran_services.mo"
    assert mo.is_file()
    # the installed package may live in the checkout's ignored .venv: ask about the source
    source = ROOT / "src" / "veteran_services" / "locale" / "zh" / "LC_MESSAGES" / mo.name
    if shutil.which("git") and (ROOT / ".git").exists():
        git = shutil.which("git") or "git"
        ignored = subprocess.run(  # noqa: S603 - a fixed git command
            [git, "check-ignore", "-q", str(source)], cwd=ROOT, check=False
        )
        assert ignored.returncode == 1, "the .mo must not be ignored by git (hatch skips it)"


def test_languages_are_english_and_chinese() -> None:
    assert _i18n.languages() == ("en", "zh")


def test_labels_come_from_the_catalogue() -> None:
    assert codes.label(scoring.Flag.INFORMAL, "zh") == "非正规就业"
    assert codes.label(scoring.Flag.INFORMAL) == registered(scoring.Flag.INFORMAL)[0]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="'lang' must be one of en, zh, got 'xx'"):
        _i18n.translate("Count", "xx")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"VETERAN_SERVICES_LANG": "zh", "LANG": "en_GB.UTF-8"}, "zh"),
        ({"VETERAN_SERVICES_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_TW", "LANG": "en_US"}, "zh"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
    ],
)
def test_the_default_language(environ: dict[str, str], expected: str) -> None:
    assert _i18n.default_lang(environ) == expected


def test_a_bad_environment_language_names_the_variable() -> None:
    with pytest.raises(InvalidInputError, match="VETERAN_SERVICES_LANG"):
        _i18n.default_lang({"VETERAN_SERVICES_LANG": "xx"})


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        (
            "fewer than 10 units (n = 4): listed, not ranked",
            "少于 10 个单位（n = 4）：仅列出，不排名",
        ),
        (
            "no exiters between 2024-01-01 and 2024-12-31 are left in the cohort",
            "2024-01-01 至 2024-12-31 期间队列中没有剩余的结业人员",
        ),
        ("something new and unknown", "something new and unknown"),
    ],
)
def test_messages_with_figures_are_translated_by_their_template(english: str, chinese: str) -> None:
    assert _i18n.translate_text(english, "zh") == chinese
    assert _i18n.translate_text(english, "en") == english


@pytest.fixture
def third_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A French catalogue of two entries beside the shipped ones: nothing else changes."""
    script = _script()
    locale = tmp_path / "locale"
    shutil.copytree(_i18n.LOCALE_DIR, locale)
    po = locale / "fr" / "LC_MESSAGES" / "veteran_services.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Headline indicators"\nmsgstr "Indicateurs principaux"\n\n'
        'msgctxt "Flag"\nmsgid "Informal employment"\nmsgstr "Emploi informel"\n',
        encoding="utf-8",
    )
    po.with_suffix(".mo").write_bytes(script.compiled(po))
    monkeypatch.setattr(_i18n, "LOCALE_DIR", locale)
    _i18n.languages.cache_clear()
    _i18n._catalogue.cache_clear()
    yield "fr"
    _i18n.languages.cache_clear()
    _i18n._catalogue.cache_clear()


def test_a_third_language_is_only_a_catalogue(third_language: str) -> None:
    from veteran_services.report import render_report
    from veteran_services.synthetic import DEFAULT_AS_OF, generate

    assert _i18n.languages() == ("en", "fr", "zh")
    assert codes.label(scoring.Flag.INFORMAL, third_language) == "Emploi informel"
    page = render_report(
        generate(veterans=40, seed=1),
        as_of=DEFAULT_AS_OF,
        lang=third_language,  # type: ignore[arg-type]  # Lang lists the shipped languages
        charts=False,
    )
    assert ">Indicateurs principaux</h2>" in page
    assert ">Districts</h2>" in page  # not translated yet: English


def _fields(template: str) -> list[str]:
    """The replacement fields of a format template, automatic numbers made explicit."""
    fields = []
    automatic = 0
    for _, name, _, _ in string.Formatter().parse(template):
        if name is None:
            continue
        if name == "":
            name = str(automatic)
            automatic += 1
        fields.append(name.split(".")[0].split("[")[0].split("!")[0])
    return sorted(fields)


def test_every_translation_keeps_the_fields_of_its_msgid() -> None:
    """A translation may reorder the fields (``{0}``, ``{name}``) and leave out an English
    plural ending (``item{}``), but never add one its msgid lacks."""
    _, entries = _script().read_po(_i18n.LOCALE_DIR / "zh" / "LC_MESSAGES" / "veteran_services.po")
    for entry in entries:
        for translated in entry.strings:
            assert set(_fields(translated)) <= set(_fields(entry.msgid)), entry.msgid


def test_explain_in_chinese_rounds_for_people() -> None:
    from veteran_services.synthetic import DEFAULT_AS_OF, generate

    city = generate(veterans=40, seed=1)
    scores = scoring.score_caseload(
        city, market=scoring.LabourMarket.nanjing(), as_of=DEFAULT_AS_OF
    )
    scored = next(s for s in scores if s.value is not None)
    chinese = scored.explain(lang="zh")
    assert chinese.startswith(f"岗位 {scored.placement_id}：得分 {scored.value:.1f} / 100")
    assert "数据完整度" in chinese
    assert re.search(r"\d\.\d{4,}", chinese) is None  # no unrounded figure
    assert scored.as_dict()["value"] == scored.value  # the data keep full precision
    assert scored.explain() == scored.explain(lang="en")
    assert scored.explain().startswith(f"placement {scored.placement_id}: score")
    with pytest.raises(InvalidInputError, match="'lang' must be one of"):
        scored.explain(lang="xx")
