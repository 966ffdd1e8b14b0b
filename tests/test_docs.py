"""Run the Python code blocks of the documentation, so the docs cannot rot.

Each Markdown page's ```` ```python ```` blocks run in order in one namespace, in a temporary
working directory; a block written as an interactive session (``>>>``) runs as a doctest. A
page whose code needs an optional extra that is not installed is skipped. Shell (```` ```sh ````)
blocks are not run here; the README's commands are exercised by CI.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(
    [*ROOT.joinpath("docs").rglob("*.md"), ROOT / "README.md"],
    key=lambda p: str(p),
)
BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _blocks(page: Path) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in BLOCK.finditer(text)]


@pytest.mark.parametrize(
    "page",
    [p for p in PAGES if _blocks(p)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_code_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for line, source in _blocks(page):
        name = f"{page.relative_to(ROOT)}:{line}"
        try:
            if source.lstrip().startswith(">>>"):
                _run_session(source, name, namespace)
            else:
                exec(compile(source, name, "exec"), namespace)  # noqa: S102 - our own docs
        except ModuleNotFoundError as error:
            if error.name and not error.name.startswith("veteran_services"):
                pytest.skip(f"needs the optional package {error.name}")
            raise


def _run_session(source: str, name: str, namespace: dict[str, object]) -> None:
    """Run an interactive-session block (``>>>`` prompts) as a doctest."""
    test = doctest.DocTestParser().get_doctest(source, namespace, name, name, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, clear_globs=False)
    failed, _ = runner.summarize(verbose=False)
    assert failed == 0, f"{failed} example(s) failed in {name}"


def test_pages_have_code_to_run() -> None:
    # Guards the harness itself: if the pattern stopped matching, every page would pass.
    assert sum(len(_blocks(p)) for p in PAGES) >= 3
