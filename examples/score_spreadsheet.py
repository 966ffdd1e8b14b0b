"""Score a district bureau's placement spreadsheet, kept with Chinese column headers.

Bureaus keep their placement ledger (安置就业台账) in a spreadsheet: Chinese headers, dates
such as ``2024/3/1``, contract types and social insurance written out in Chinese (``五险一金``),
wages with thousands separators. This script first writes such a spreadsheet from the sample
city (standing in for the bureau's own file, with one typing mistake planted in it), then does
what a bureau would do:

1. read it with the library's ready mapping of common Chinese headers
   (``io.CHINESE_COLUMNS["placements"]``), collecting every problem with its row and column
   instead of stopping at the first;
2. put the valid rows beside the bureau's employer register and veterans;
3. score the employment quality of every placement and summarise it by district, with the
   compliance flags an office should follow up.

Run it from any folder: ``python examples/score_spreadsheet.py``. It writes
``安置就业台账.csv`` into the current folder.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from veteran_services import codes, io, scoring
from veteran_services.model import ContractType, Insurance, Placement, PlacementSource
from veteran_services.synthetic import DEFAULT_AS_OF, generate

LEDGER = Path("安置就业台账.csv")


def write_bureau_spreadsheet(placements: tuple[Placement, ...], path: Path) -> None:
    """Write *placements* the way a bureau's spreadsheet holds them (Chinese everywhere)."""
    headers = {field: header for header, field in io.CHINESE_COLUMNS["placements"].items()}
    columns = [
        "id",
        "veteran_id",
        "employer_id",
        "occupation_title",
        "occupation",
        "started_on",
        "ended_on",
        "contract",
        "contract_months",
        "weekly_hours",
        "monthly_wage.amount",
        "insurance",
        "source",
    ]
    every_insurance = frozenset(Insurance)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([headers[c] for c in columns])
        for number, p in enumerate(placements):
            wage = "" if p.monthly_wage is None else f"{p.monthly_wage.amount:,}"
            if number == 7:
                wage = "面议"  # "to be agreed": the kind of entry a reader must catch
            if p.insurance is None:
                insurance = ""  # not recorded: a blank cell
            elif p.insurance == every_insurance:
                insurance = "五险一金"
            else:
                insurance = "、".join(codes.label(i, lang="zh") for i in sorted(p.insurance))
            writer.writerow(
                [
                    p.id,
                    p.veteran_id,
                    p.employer_id,
                    "" if p.occupation is None else codes.occupation(p.occupation).title_in("zh"),
                    p.occupation,
                    f"{p.started_on.year}/{p.started_on.month}/{p.started_on.day}",
                    "" if p.ended_on is None else p.ended_on.strftime("%Y年%m月%d日"),
                    "" if p.contract is None else codes.label(ContractType(p.contract), lang="zh"),
                    p.contract_months or "",
                    p.weekly_hours or "",
                    wage,
                    insurance,
                    codes.label(PlacementSource(p.source), lang="zh"),
                ]
            )


def pad(text: str, width: int) -> str:
    """*text* padded to *width* terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def main() -> None:
    """Write the spreadsheet, read it back, score it and print a summary by district."""
    city = generate(veterans=400, seed=1)
    write_bureau_spreadsheet(city.placements, LEDGER)
    with LEDGER.open(encoding="utf-8-sig") as handle:
        print("The spreadsheet starts:")
        for _ in range(3):
            print("  " + handle.readline().rstrip())

    result = io.read_csv(
        LEDGER, Placement, columns=io.CHINESE_COLUMNS["placements"], errors="collect"
    )
    print(f"\nRead {len(result.records)} placements; {len(result.problems)} problem(s):")
    for problem in result.problems:
        print(f"  {problem}")

    # the bureau's spreadsheet replaces the placements; employers and veterans stay
    caseload = city.replace(placements=result.records, responses=())
    errors = [p for p in caseload.check() if p.severity == "error"]
    print(f"Cross-record check: {len(errors)} error(s)")

    market = scoring.LabourMarket.nanjing()
    model = scoring.QualityModel.default()
    scores = scoring.score_caseload(caseload, market=market, model=model, as_of=DEFAULT_AS_OF)
    print(f"\nEmployment quality (model {model.version}, fingerprint {model.fingerprint})")
    print(f"  {'district':<24}{'placements':>11}{'mean':>7}{'below 60':>10}")
    for summary in sorted(scoring.summarise(scores, by="region"), key=lambda s: str(s.group)):
        region = codes.region(str(summary.group))
        name = f"{region.name_zh} {region.name_en}"
        mean = "" if summary.mean is None else f"{summary.mean:.1f}"
        below = "" if summary.share_below is None else f"{summary.share_below:.0%}"
        print(f"  {pad(name, 24)}{summary.count:>11}{mean:>7}{below:>10}")
    overall = scoring.summarise(scores)[0]
    print("\nCompliance flags to follow up:")
    for flag, count in overall.flags.items():
        print(f"  {codes.label(flag, lang='zh')} ({codes.label(flag)}): {count}")


if __name__ == "__main__":
    main()
