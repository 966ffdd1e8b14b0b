"""No pickle, eval or unsafe YAML anywhere in the library (checked on its syntax trees).

Deserialising with pickle, marshal or shelve, or loading YAML with a non-safe loader, runs code
chosen by whoever wrote the file; ``eval`` and ``exec`` run code chosen by whoever wrote the
string. The library reads files from other people, so none of these may appear in it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import veteran_services

SOURCE = Path(veteran_services.__file__).parent
MODULES = sorted(SOURCE.rglob("*.py"))

FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "dill", "marshal", "shelve", "jsonpickle"}
FORBIDDEN_CALLS = {"eval", "exec", "__import__"}
#: yaml functions that can build arbitrary objects (yaml.safe_load is fine).
UNSAFE_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all"}


def problems_in(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module in FORBIDDEN_MODULES:
            found.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Name) and function.id in FORBIDDEN_CALLS:
                found.append(f"{function.id}() on line {node.lineno}")
            elif (
                isinstance(function, ast.Attribute)
                and isinstance(function.value, ast.Name)
                and function.value.id == "yaml"
                and function.attr in UNSAFE_YAML
            ):
                found.append(f"yaml.{function.attr}() on line {node.lineno}")
            elif (
                isinstance(function, ast.Attribute)
                and function.attr in ("import_module",)
                and node.args
                and not isinstance(node.args[0], ast.Constant)
            ):
                found.append(f"import_module() of a computed name on line {node.lineno}")
    return found


def test_the_package_has_modules() -> None:
    assert len(MODULES) > 20
    assert SOURCE / "privacy" / "pseudonyms.py" in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_unsafe_deserialisation_or_evaluation(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = problems_in(tree)
    allowed = GENERATED_CODE.get(path.relative_to(SOURCE).as_posix())
    if allowed is not None:
        assert [p.split(" on line ")[0] for p in found] == list(allowed)
        return
    assert found == []


#: Modules that ``exec`` source they write themselves, as attrs does for ``__init__``: the
#: database layer's row plans (``sql/_fastrows.py``) are Python functions written once per
#: record kind from the table layout (the library's own column and field names, no value
#: read from a file or a database), several times faster than a walk over the layout for
#: every row. No data reaches the source: the SQL-injection and hostile-text tests of
#: ``tests/sql`` send code-like text through every text field and read it back as text. Each
#: entry lists the calls allowed, in order; any other forbidden call in the module fails.
GENERATED_CODE: dict[str, tuple[str, ...]] = {
    "sql/_fastrows.py": ("exec()", "exec()"),
}


def test_the_generated_code_allowance_is_current() -> None:
    for name in GENERATED_CODE:
        assert (SOURCE / name).is_file(), f"{name} is gone: drop its allowance"


@pytest.mark.parametrize(
    "source",
    [
        "import pickle",
        "import marshal as m",
        "from shelve import open",
        "eval(text)",
        "exec(code)",
        "yaml.load(stream)",
        "yaml.full_load(stream)",
        "importlib.import_module(name)",
    ],
)
def test_the_check_finds_each_pattern(source: str) -> None:
    assert problems_in(ast.parse(source)) != []


@pytest.mark.parametrize(
    "source", ["yaml.safe_load(stream)", "json.loads(text)", "importlib.import_module('pandas')"]
)
def test_the_check_allows_safe_forms(source: str) -> None:
    assert problems_in(ast.parse(source)) == []
