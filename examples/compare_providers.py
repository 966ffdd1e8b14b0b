"""Compare training providers fairly: a league table with funnel limits and rank intervals.

A plain ranking of providers by their employment rate rewards luck: a provider with 12
trainees who all found work tops the table, one with 150 trainees and a solid rate sits in the
middle, and next year the order is reshuffled. This script computes, for the sample city,
the employment rate in the second quarter after exit of each provider's trainees, and shows

- each provider's rate with its 95 % interval and the number of trainees;
- the funnel-plot control limits (95 % and 99.8 %) around the overall rate for a provider of
  that size: a provider is called *above* or *below* only when it lies outside the 99.8 %
  limits, never because of its rank alone;
- its rank with a bootstrap interval, showing how uncertain each position is;
- the same table with limits widened for over-dispersion (DerSimonian-Laird), the honest
  choice when providers differ for reasons the data do not record.

It also writes the table as ``providers.csv`` in the current folder.

Run it from any folder: ``python examples/compare_providers.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from veteran_services import metrics
from veteran_services.synthetic import DEFAULT_AS_OF, generate


def print_table(table: metrics.LeagueTable, *, title: str) -> None:
    """Print *table*: one line per provider, flagged ones marked."""
    overall = table.overall
    print(f"\n{title}")
    print(f"Overall: {overall.value:.1%} of {overall.denominator} exiters ({table.metric})")
    print(
        f"  {'provider':<9}{'n':>5}{'rate':>8}  {'95% interval':<15}{'99.8% limits':<15}"
        f"{'flag':<8}{'rank (interval)'}"
    )
    for row in table.rows:
        if row.value is None:
            print(f"  {row.group:<9}{row.n:>5}  (no rate: {row.estimate.reason})")
            continue
        interval = "" if row.interval is None else f"{row.interval.low:.0%}-{row.interval.high:.0%}"
        outer = row.limits[-1] if row.limits else None
        limits = "" if outer is None else f"{outer.low:.0%}-{outer.high:.0%}"
        rank = "" if row.rank is None else f"{row.rank:g}"
        if row.rank_interval is not None:
            rank += f" ({row.rank_interval[0]:g}-{row.rank_interval[1]:g})"
        flag = row.flag or "-"
        marker = " <==" if flag in ("above", "below") else ""
        print(
            f"  {row.group:<9}{row.n:>5}{row.value:>8.1%}  {interval:<15}{limits:<15}"
            f"{flag:<8}{rank}{marker}"
        )


def main() -> None:
    """Build the league tables, print them and write the plain one as CSV."""
    city = generate(veterans=1000, seed=1)
    plain = metrics.league_table(
        metrics.employment_rate_after_exit,
        city,
        by="provider",
        quarter=2,
        as_of=DEFAULT_AS_OF,
        replicates=500,
        seed=7,
    )
    print_table(plain, title="Employment rate in quarter 2 after exit, by training provider")
    flagged = [row.group for row in plain.rows if row.flag in ("above", "below")]
    print(f"\nOutside the 99.8 % limits: {', '.join(flagged) or 'nobody'}")
    top = plain.rows[0]
    print(
        f"The top-ranked provider, {top.group}, could rank anywhere from "
        f"{top.rank_interval[0]:g} to {top.rank_interval[1]:g}."
        if top.rank_interval is not None
        else ""
    )

    widened = metrics.league_table(
        metrics.employment_rate_after_exit,
        city,
        by="provider",
        quarter=2,
        as_of=DEFAULT_AS_OF,
        overdispersion=True,
        replicates=500,
        seed=7,
    )
    print_table(widened, title="The same with limits widened for over-dispersion")

    rows = plain.to_rows()
    with Path("providers.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"\nWrote providers.csv ({len(rows)} providers)")


if __name__ == "__main__":
    main()
