"""Produce next week's follow-up worklist: which placed veterans to survey, and when.

Offices follow up every placement 3, 6 and 12 months after the job starts (still employed?
pay, hours, social insurance, satisfaction). :func:`veteran_services.metrics.follow_ups_due`
gives every placement and wave a status: done, due, overdue (more than the grace period past
the due date without a response) or not yet due. This script takes the sample city on its
reference date, lists what is overdue, what is due now and what falls due in the next seven
days, writes that list as ``worklist.csv`` in the current folder, and prints how much of the
placed cohort is still responding at each wave (panel retention).

The worklist carries record identifiers only; the office joins contact details from its own
case-management system, so no personal data sit in the file.

Run it from any folder: ``python examples/follow_up_worklist.py``.
"""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from veteran_services import metrics
from veteran_services.metrics import FollowUpStatus
from veteran_services.synthetic import DEFAULT_AS_OF, generate


def main() -> None:
    """Build the worklist for the week after the city's reference date and write it."""
    city = generate(veterans=1000, seed=1)
    today = DEFAULT_AS_OF
    next_week = today + timedelta(days=7)
    worklist = metrics.follow_ups_due(city, as_of=today, schedule=(3, 6, 12), grace_days=30)

    print(f"Follow-up status on {today}:")
    for status, count in worklist.counts().items():
        print(f"  {status.value:<12}{count:>7}")

    to_do = [
        item
        for item in worklist.items
        if item.status in (FollowUpStatus.OVERDUE, FollowUpStatus.DUE)
        or (item.status is FollowUpStatus.NOT_YET_DUE and item.due_on <= next_week)
    ]
    order = {FollowUpStatus.OVERDUE: 0, FollowUpStatus.DUE: 1, FollowUpStatus.NOT_YET_DUE: 2}
    to_do.sort(key=lambda item: (order[item.status], item.due_on, item.placement_id))

    print(f"\nWorklist for {today + timedelta(days=1)} to {next_week}: {len(to_do)} surveys")
    print(f"  {'placement':<10}{'veteran':<9}{'wave':>5}  {'due on':<11}{'status'}")
    for item in to_do:
        print(
            f"  {item.placement_id:<10}{item.veteran_id:<9}{item.wave_months:>5}  "
            f"{item.due_on.isoformat():<11}{item.status.value}"
        )

    with Path("worklist.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["placement_id", "veteran_id", "wave_months", "due_on", "status"])
        for item in to_do:
            writer.writerow(
                [
                    item.placement_id,
                    item.veteran_id,
                    item.wave_months,
                    item.due_on.isoformat(),
                    item.status.value,
                ]
            )
    print("\nWrote worklist.csv")

    print("\nPanel retention (share of placements due for the wave with a response):")
    for wave, estimate in metrics.panel_retention(city, as_of=today).items():
        if estimate.value is None or estimate.interval is None:
            print(f"  {wave:>2} months: {estimate.reason}")
            continue
        print(
            f"  {wave:>2} months: {estimate.value:.1%} "
            f"({estimate.interval.low:.1%} to {estimate.interval.high:.1%}, "
            f"n = {estimate.denominator})"
        )


if __name__ == "__main__":
    main()
