"""Run the code-list modules' docstring examples, so they stay true even where the test run
does not collect doctests from ``src``."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from veteran_services.codes import _suggest, geography, isco, isic

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("module", [_suggest, geography, isco, isic], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=FLAGS, raise_on_error=False, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0
