"""The command line is a thin face over the public API: its modules import no other package's
private module (``veteran_services.X._Y``), only its own (``veteran_services.cli._Y``) and the
root's version, message catalogues and argument check."""

from __future__ import annotations

import ast
from pathlib import Path

import veteran_services.cli

PACKAGE = Path(veteran_services.cli.__file__).parent

#: What the command line may import from a private module outside its package: the root's
#: version, its message catalogues (``_i18n``, the words of the output in each language) and
#: the argument check every public function wears (``_checks.checked``, on ``cli.main``).
ALLOWED: frozenset[str] = frozenset(
    {"veteran_services._version", "veteran_services._i18n", "veteran_services._checks"}
)


def _imported(tree: ast.AST) -> list[str]:
    """Every module named by an import of *tree*, and every name a ``from`` import takes."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative imports hide what is imported"
            module = node.module or ""
            names.append(module)
            names.extend(f"{module}.{alias.name}" for alias in node.names)
    return names


def _private(name: str) -> bool:
    parts = name.split(".")
    if parts[0] != "veteran_services" or any(
        name == allowed or name.startswith(f"{allowed}.") for allowed in ALLOWED
    ):
        return False
    if parts[:2] == ["veteran_services", "cli"]:
        return False
    return any(part.startswith("_") and not part.startswith("__") for part in parts[1:])


def test_the_command_line_is_a_package_of_modules() -> None:
    modules = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert "__init__.py" in modules
    assert len(modules) > 5


def test_the_command_line_calls_only_public_api() -> None:
    found = {}
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        private = [name for name in _imported(tree) if _private(name)]
        if private:
            found[path.name] = private
    assert found == {}


def test_the_check_sees_a_private_import() -> None:
    tree = ast.parse("from veteran_services.io._caseload import _read_manifest\nimport os\n")
    assert [name for name in _imported(tree) if _private(name)] == [
        "veteran_services.io._caseload",
        "veteran_services.io._caseload._read_manifest",
    ]
    allowed = ast.parse("from veteran_services.cli._output import _table\n")
    assert not [name for name in _imported(allowed) if _private(name)]


def test_the_entry_points_still_run_main() -> None:
    from veteran_services import __main__, cli

    assert __main__.main is cli.main
    assert set(cli.__all__) >= {"main", "EXIT_OK", "EXIT_INVALID_DATA", "EXIT_USAGE"}
    assert "employment_rate_after_exit" in cli.METRICS
    assert "placement_rate" in cli.RATES
