"""The public surface of ``veteran_services.stats`` and its modules' docstring examples."""

from __future__ import annotations

import doctest
import importlib
import inspect
from types import ModuleType

import pytest

import veteran_services.stats as stats

MODULES = [
    "aggregation",
    "funnel",
    "inequality",
    "intervals",
    "normalisation",
    "surveys",
    "weighting",
    "weights",
    "_special",
]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module: ModuleType = importlib.import_module(f"veteran_services.stats.{name}")
    result = doctest.testmod(module, optionflags=FLAGS, raise_on_error=False, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_package_docstring_example() -> None:
    result = doctest.testmod(stats, optionflags=FLAGS, raise_on_error=False, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_every_module_name_is_re_exported() -> None:
    exported = set(stats.__all__)
    for name in MODULES:
        if name.startswith("_"):
            continue
        module = importlib.import_module(f"veteran_services.stats.{name}")
        assert set(module.__all__) <= exported, name
        for public in module.__all__:
            assert getattr(stats, public) is getattr(module, public)
    assert sorted(stats.__all__) == sorted(set(stats.__all__))


def test_every_public_function_documents_formula_and_source() -> None:
    for name in stats.__all__:
        obj = getattr(stats, name)
        if inspect.isfunction(obj):
            doc = inspect.getdoc(obj) or ""
            assert "Source" in doc or "source" in doc, name
            assert "Raises:" in doc, name
        elif inspect.isclass(obj):
            assert inspect.getdoc(obj), name
