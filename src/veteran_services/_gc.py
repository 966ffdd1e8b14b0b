"""Pausing the cyclic garbage collector around bulk work (one helper for every layer)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Switch the cyclic collector off inside the block, and back on after it if it was on.

    Also usable as a decorator (``@paused_gc()``). Bulk work on a caseload (generating,
    scoring, converting) creates many small records that all stay alive; each collection of
    the youngest generation then walks them, and the full collections walk the whole caseload,
    which can take longer than the work itself. The records are acyclic, so reference counting
    frees them without the collector (docs/architecture.md, performance notes).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
