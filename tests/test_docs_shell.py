"""Run the command lines of the documentation's shell blocks, so they cannot rot either.

Every line of a ```` ```sh ```` block in docs/ (docs/zh too) that runs the program
(``veteran-services ...``, ``python -m veteran_services ...``) runs here as written, in page
order, each page in a new temporary folder that starts with the sample city as ``city`` (the
folder the command-line guide makes with ``veteran-services synth --out city``); ``> FILE``
writes the output to FILE, and the line must succeed (exit 0). The other lines, and the few
program lines that need something the tests cannot have, are exempt: each is listed below with
the reason. A program line that is neither run nor listed fails the test, so a new example is
run unless someone says why not.

tests/test_docs.py runs the ```` ```python ```` blocks; docs/index.md says how it all works.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
from pathlib import Path

import pytest

from veteran_services import cli
from veteran_services import io as vs_io
from veteran_services.synthetic import sample_city as _sample_city

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(ROOT.joinpath("docs").rglob("*.md"))
BLOCK = re.compile(r"^```sh[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)

#: Commands that are not the program: installing, building, the project's own tools. CI runs
#: the README's install and test commands itself (.ci/run); the others need a network, a
#: database server or a checkout's developer tools.
NOT_THE_PROGRAM = (
    "cd ",
    "python3 -m venv",
    "pip ",
    ".venv/bin/pip ",
    "alembic ",
    "python scripts/i18n.py",
    ".venv/bin/lint-imports",
    "export ",
)

#: Program lines that are not run, with the reason (page, the line's start).
EXEMPT: dict[tuple[str, str], str] = {
    ("guide/cli.md", "veteran-services COMMAND --help"): "COMMAND stands for any command",
    ("guide/cli.md", "veteran-services score city --model my-model.json"): (
        "needs a quality model file of the reader's own"
    ),
    ("guide/cli.md", "veteran-services import "): "needs the reader's own ledger workbooks",
    ("guide/cli.md", "veteran-services import-csv "): "needs the reader's own spreadsheets",
    ("guide/cli.md", "veteran-services export city-folder"): (
        "exports the folder the import examples make from the reader's ledger"
    ),
    ("guide/cli.md", "veteran-services export sqlite:///caseload.db"): (
        "reads the database the line before writes from the reader's folder"
    ),
    ("guide/cli.md", "veteran-services score sqlite:///caseload.db"): (
        "reads the database the export example writes from the reader's folder"
    ),
    ("guide/database.md", "veteran-services export city-folder"): (
        "exports the reader's own folder (tests/sql runs export and score on databases)"
    ),
    ("guide/database.md", "veteran-services score sqlite:///caseload.db"): (
        "reads the database the line before writes from the reader's folder"
    ),
}


def _lines(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [
        line.strip()
        for block in BLOCK.findall(text)
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def _argv(line: str) -> list[str] | None:
    """The program's arguments of *line*, or None when it does not run the program."""
    words = shlex.split(line, comments=True)
    for start in (
        ["veteran-services"],
        ["python", "-m", "veteran_services"],
        [".venv/bin/python", "-m", "veteran_services"],
    ):
        if words[: len(start)] == start:
            return words[len(start) :]
    return None


def _exemption(page: str, line: str) -> str | None:
    for (where, start), reason in EXEMPT.items():
        if where == page and line.startswith(start):
            return reason
    return None


@pytest.fixture(scope="module")
def sample_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return vs_io.write_caseload(_sample_city(), tmp_path_factory.mktemp("sample") / "city")


@pytest.mark.parametrize(
    "page",
    [p for p in PAGES if _lines(p)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_shell_lines_run(
    page: Path, sample_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = page.relative_to(ROOT / "docs").as_posix()
    shutil.copytree(sample_city, tmp_path / "city")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VETERAN_SERVICES_LANG", raising=False)
    for line in _lines(page):
        argv = _argv(line)
        if argv is None:
            assert line.startswith(NOT_THE_PROGRAM), f"{name}: {line!r} is neither run nor exempt"
            continue
        if _exemption(name, line) is not None:
            continue
        out_file = None
        if ">" in argv:
            at = argv.index(">")
            argv, out_file = argv[:at], argv[at + 1]
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()) as err:
            status = cli.main(argv)
        assert status == 0, f"{name}: {line!r} exited {status}: {err.getvalue()[-2000:]}"
        if out_file is not None:
            Path(out_file).write_text(printed.getvalue(), encoding="utf-8")


def test_every_exemption_is_a_line_of_its_page() -> None:
    for where, start in EXEMPT:
        assert any(line.startswith(start) for line in _lines(ROOT / "docs" / where)), (where, start)


#: The fenced blocks that are not code to run, and why: ``text`` shows output or a formula
#: (what a command prints, checked by the command line's own tests), ``ini`` a configuration
#: file for a tool of the reader's (alembic).
NOT_CODE = {"text", "ini"}
FENCE = re.compile(r"^([ \t]*)```(\S*)", re.MULTILINE)


def test_every_block_is_run_or_exempt() -> None:
    """Every fenced block of docs/ is a ``python`` block (tests/test_docs.py runs it), an
    ``sh`` block (run above), or a block that is not code (:data:`NOT_CODE`); none is
    indented or spelt otherwise (``py``, ``pycon``), which would hide it from the runners."""
    for page in [*PAGES, ROOT / "README.md"]:
        opening = True
        for match in FENCE.finditer(page.read_text(encoding="utf-8")):
            indent, language = match.groups()
            where = f"{page.relative_to(ROOT)}: ```{language}"
            if opening:
                assert not indent, f"{where} is indented: the runners only see blocks at the margin"
                assert language in {"python", "sh"} | NOT_CODE, f"{where}: not run, not exempt"
            else:
                assert not language, f"{where} opens inside a block"
            opening = not opening
