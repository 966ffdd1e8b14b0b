"""The layering of docs/architecture.md is a checked contract: import-linter's contracts in
pyproject.toml hold, and a back-import (a lower layer importing a higher one, or a package
reaching into another's private module) breaks them.

import-linter is in the ``test`` extra, so these tests run wherever the suite runs; they are
never skipped.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from veteran_services import metrics, privacy

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "veteran_services"

_LINT = """
import sys
from importlinter.cli import lint_imports
sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))
"""


def _lint(folder: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package found first from *folder*, with *config*."""
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", textwrap.dedent(_LINT), str(config)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package (top level, found before the installed one) and the config."""
    folder = tmp_path_factory.mktemp("layering")
    shutil.copytree(SOURCE, folder / "veteran_services", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


def test_the_contracts_hold() -> None:
    result = _lint(ROOT / "src", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_are_the_documented_ones() -> None:
    ids = [contract["id"] for contract in _contracts()]
    assert ids == ["layers", "private-modules", "stats-is-domain-free", "io-is-the-edge"]
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for contract_id in ids:
        assert f"`{contract_id}`" in architecture


def test_every_top_level_module_has_a_layer() -> None:
    (layers,) = [contract for contract in _contracts() if contract["type"] == "layers"]
    assert layers["exhaustive"] is True
    listed = {  # "(name)" is a layer that may be absent (a package being written)
        name.strip().strip("()")
        for layer in layers["layers"]  # type: ignore[attr-defined]
        for name in layer.split("|")
    }
    children = {
        path.stem if path.is_file() else path.name
        for path in SOURCE.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    assert children <= listed


def _break(copy: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    path = copy.joinpath(*module.split(".")).with_suffix(".py")
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n{line}\n", encoding="utf-8")
    try:
        return _lint(copy, copy / "pyproject.toml")
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_back_import_breaks_the_layers(copy: Path) -> None:
    result = _break(copy, "veteran_services.model.time", "import veteran_services.scoring")
    assert result.returncode == 1, result.stdout
    assert "veteran_services.model.time -> veteran_services.scoring" in result.stdout
    assert "1 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "reported"),
    [
        pytest.param(
            "veteran_services.metrics.targets",
            "def _late() -> None:\n    from veteran_services.report import render_report  # noqa",
            "veteran_services.metrics.targets -> veteran_services.report",
            id="a lazy back-import breaks the layers too",
        ),
        pytest.param(
            "veteran_services.report._text",
            "import veteran_services.io._sniff",
            "veteran_services.report._text -> veteran_services.io._sniff",
            id="importing another package's private module",
        ),
        pytest.param(
            "veteran_services.stats.funnel",
            "import veteran_services.model",
            "veteran_services.stats.funnel -> veteran_services.model",
            id="stats knows nothing of the domain",
        ),
        pytest.param(
            "veteran_services.scoring.summary",
            "import veteran_services.io",
            "veteran_services.scoring.summary -> veteran_services.io",
            id="scoring never imports io",
        ),
        pytest.param(
            "veteran_services.model.money",
            "import cattrs",
            "veteran_services.model.money -> cattrs",
            id="only io knows cattrs",
        ),
    ],
)
def test_each_contract_reports_its_break(copy: Path, module: str, line: str, reported: str) -> None:
    result = _break(copy, module, line)
    assert result.returncode == 1, result.stdout
    assert reported in result.stdout


def test_the_suppression_rule_is_privacys_and_metrics_keeps_its_name() -> None:
    assert metrics.suppress_cells is privacy.suppress_cells
    assert privacy.suppress_cells.__module__ == "veteran_services.privacy.disclosure"
