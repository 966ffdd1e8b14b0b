"""The generator's drawing tools: a fast seeded random source, weighted tables and shares.

Everything the sample city draws goes through these, from the one seeded generator, so the
same seed always gives the same draws.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from veteran_services.synthetic.parameters import share_sum

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

_T = TypeVar("_T")
_K = TypeVar("_K")
_ONE_DAY: Final = timedelta(days=1)


def _known(value: _K | None) -> _K:
    """A fact the generator always records (its employers have an industry and an ownership,
    its placements an insurance set), with the model's optional type narrowed."""
    if value is None:  # pragma: no cover - the generator never leaves these out
        msg = "the generator left out a fact it always records"
        raise AssertionError(msg)
    return value


class _Table(Generic[_T]):
    """Items with weights, drawn in O(log n)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Sequence[tuple[_T, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum: list[float] = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            self.cum.append(total)
        self.total = total

    def draw(self, rng: random.Random) -> _T:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]

    def __bool__(self) -> bool:
        return bool(self.items)


class _Shares:
    """Items drawn by comparing one uniform draw with running sums of their shares."""

    __slots__ = ("items", "thresholds")

    def __init__(self, pairs: Sequence[tuple[Any, float]], rest: Any) -> None:
        self.items = (*(item for item, _ in pairs), rest)
        shares = [share for _, share in pairs]
        self.thresholds = tuple(share_sum(*shares[: k + 1]) for k in range(len(shares)))

    def index(self, roll: float) -> int:
        """The index of the item *roll* falls on (``len(thresholds)`` for the rest)."""
        for index, threshold in enumerate(self.thresholds):
            if roll < threshold:
                return index
        return len(self.thresholds)

    def draw(self, rng: random.Random) -> Any:
        return self.items[self.index(rng.random())]


_SPANS: Final = tuple(timedelta(days=d) for d in range(2048))


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    """A whole number of days from *low* to *high* (both at most 2,047)."""
    return _SPANS[low + int(rng.random() * (high - low + 1))]


class _Random(random.Random):
    """:class:`random.Random` with faster whole-number draws.

    ``randrange``, ``randint`` and ``choice`` scale one :meth:`random` draw instead of
    rejection sampling: as deterministic, a little faster, with a bias below 2**-40 for the
    ranges used here.
    """

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            return int(self.random() * start)
        if step == 1:
            return start + int(self.random() * (stop - start))
        return super().randrange(start, stop, step)

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: SupportsLenAndGetItem[_T]) -> _T:
        return seq[int(self.random() * len(seq))]
