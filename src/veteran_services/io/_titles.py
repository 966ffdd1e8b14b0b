"""Job titles as offices write them, given an ISCO-08 code when the match is unambiguous.

One rule for every reader (:func:`~veteran_services.io.read_csv`, :func:`read_excel`,
:func:`read_ledger`): a placement that names its job only by title (``occupation_title``)
gets the unit group of :func:`veteran_services.codes.match_occupation` when that match is
unambiguous; the title is always kept; every title left without a code is reported once, with
how many rows wrote it and the best candidates of :func:`~veteran_services.codes.find_occupations`,
so that a person can add the code (or a ``职业代码`` column) where the reader could not.
"""

from __future__ import annotations

import attrs

from veteran_services import codes
from veteran_services.model import Placement

__all__ = ["TitleMatcher"]


class TitleMatcher:
    """Codes for the titles of one file's placements, and the notes on those left uncoded."""

    def __init__(self) -> None:
        self._codes: dict[str, str | None] = {}
        self.untitled: dict[str, int] = {}

    def code(self, title: str) -> str | None:
        """The unit group of *title* when the match is unambiguous (counted when not)."""
        if title not in self._codes:
            self._codes[title] = codes.match_occupation(title)
        found = self._codes[title]
        if found is None:
            self.untitled[title] = self.untitled.get(title, 0) + 1
        return found

    def placement(self, placement: Placement) -> Placement:
        """*placement* with the code of its title, when it has a title, no code, and the
        title's match is unambiguous; otherwise unchanged."""
        title = placement.occupation_title
        if placement.occupation is not None or not title:
            return placement
        found = self.code(title)
        return placement if found is None else attrs.evolve(placement, occupation=found)

    def notes(self, where: str) -> list[str]:
        """One line per title left without a code, in title order."""
        lines = []
        for title, count in sorted(self.untitled.items()):
            candidates = codes.find_occupations(title, limit=3)
            listed = ", ".join(f"{c.code} {c.title} ({c.score:.0f})" for c in candidates)
            lines.append(
                f"{where}: job title {title!r} ({count} row{'s' if count != 1 else ''}) "
                "kept without an ISCO-08 code: "
                + (f"candidates {listed}" if listed else "no candidate")
            )
        return lines
