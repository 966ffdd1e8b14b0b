"""``python -m veteran_services``: the same as the ``veteran-services`` command."""

from __future__ import annotations

import sys

from veteran_services.cli import main

if __name__ == "__main__":
    sys.exit(main())
