"""The notebook afternoon (docs/guide/notebook.md, issue 25's first must-hold): under 15
lines of user code, and what it writes holds: a CSV Excel opens with the Chinese intact, a
chart whose Chinese labels are text.

tests/test_docs.py runs the page's blocks too; this test runs its first block, the afternoon,
alone in a temporary folder and looks at the files.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "guide" / "notebook.md"
BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _afternoon() -> str:
    return BLOCK.findall(PAGE.read_text(encoding="utf-8"))[0]


def test_the_afternoon_is_under_15_lines() -> None:
    lines = [line for line in _afternoon().splitlines() if line.strip()]
    assert len(lines) < 15, lines
    assert all(len(line) <= 100 for line in lines)  # readable without scrolling


def test_the_page_is_in_the_navigation() -> None:
    assert "guide/notebook.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_what_the_afternoon_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    with contextlib.redirect_stdout(printed):
        exec(compile(_afternoon(), str(PAGE), "exec"), namespace)  # noqa: S102 - our own docs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["districts.csv", "placement-rate.svg"]
    data = (tmp_path / "districts.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark: Excel reads UTF-8
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("unit,name,is_total,placement_rate.value")
    assert any(line.startswith("320115,江宁区,") for line in lines)
    assert lines[-1].startswith("Total,合计,True,")
    chart = (tmp_path / "placement-rate.svg").read_text(encoding="utf-8")
    assert "各区安置率" in chart
    assert "江宁区" in chart
    assert "Noto Sans CJK SC" in chart
    shown = printed.getvalue().strip()
    assert re.fullmatch(r"[+-]\d+\.\d% \(95% interval [+-]\d+\.\d% to [+-]\d+\.\d%\)", shown)
    districts = namespace["districts"]
    scores = namespace["scores"]
    assert len(districts) == 11  # type: ignore[arg-type]  # Nanjing's eleven districts
    assert {"veteran_region", "employer_region", "value"} <= set(scores.columns)  # type: ignore[attr-defined]


def test_the_notebook_is_the_page() -> None:
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(ROOT / "examples" / "notebook_afternoon.ipynb", as_version=4)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0] == _afternoon().rstrip("\n")


def test_the_chinese_page_runs_the_same_afternoon() -> None:
    chinese = BLOCK.findall((ROOT / "docs" / "zh" / "notebook.md").read_text(encoding="utf-8"))
    assert chinese[0] == _afternoon()
