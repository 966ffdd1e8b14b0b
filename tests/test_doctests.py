"""Run every docstring example of the installed package, so the examples cannot rot.

Doctests are collected from the installed modules rather than from ``src`` paths, so each
module is imported once under its real name (enum label registries depend on that). Modules
that need an optional extra which is not installed are skipped, with the reason.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import veteran_services

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _module_names() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(veteran_services.__path__, prefix="veteran_services.")
    )


@pytest.mark.parametrize("name", _module_names())
def test_docstring_examples(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:  # an optional extra that is not installed
        pytest.skip(f"{name} needs {error.name}, which is not installed")
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in finder.find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
