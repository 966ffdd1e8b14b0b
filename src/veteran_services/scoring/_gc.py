"""Pausing the cyclic garbage collector around bulk scoring."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Switch the cyclic collector off inside the block, and back on after it if it was on.

    Scoring a caseload creates many small records that all stay alive; each collection of the
    youngest generation then walks them, and the full collections walk the whole caseload,
    which can take longer than the scoring itself. The records are acyclic, so reference
    counting frees them without the collector (DESIGN.md §8).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
