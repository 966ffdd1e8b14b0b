"""The io layer is the only one that imports cattrs, and it imports optional extras lazily."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import veteran_services

PACKAGE = Path(veteran_services.__file__).parent


def test_only_io_imports_cattrs() -> None:
    """DESIGN §2: io is the only layer that imports cattrs."""
    pattern = re.compile(r"^\s*(import cattrs|from cattrs)", re.MULTILINE)
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "io"
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_importing_io_loads_no_optional_extra() -> None:
    code = (
        "import sys, veteran_services.io as io\n"
        "heavy = [m for m in ('pandas', 'numpy', 'jsonschema', 'dateutil.parser') "
        "if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    assert out.stdout.strip() == "[]"
