"""Published reports name no one: no personal details and no individual's record id."""

from __future__ import annotations

import re

import attrs
import pytest

from veteran_services import Caseload, PersonalDetails, synthetic
from veteran_services.report import render_report

#: Ids of records about one person (veterans, their enrolments, placements, ventures, service
#: contacts and survey responses), as the sample city spells them.
PERSONAL_IDS = re.compile(r"(?<![A-Za-z0-9])(?:V\d{6}|EN\d{6}|P\d{6}|B\d{5}|C\d{7}|R\d{7})")


@pytest.fixture(scope="module")
def city() -> Caseload:
    city = synthetic.generate(veterans=200, seed=synthetic.SAMPLE_SEED)
    # Marker details that cannot occur by chance, beside the generated (well-formed) ones.
    veterans = [
        attrs.evolve(
            v,
            personal=PersonalDetails(
                name=f"⁂NAME{i:04d}⁂" if i % 2 else (v.personal.name if v.personal else None),
                national_id=v.personal.national_id if v.personal else None,
                phone=v.personal.phone if v.personal else None,
            ),
        )
        for i, v in enumerate(city.veterans)
    ]
    return city.replace(veterans=veterans)


@pytest.fixture(scope="module")
def pages(city: Caseload) -> dict[str, str]:
    return {lang: render_report(city, lang=lang, charts=False) for lang in ("en", "zh")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_shows_no_personal_details(
    city: Caseload, pages: dict[str, str], lang: str
) -> None:
    page = pages[lang]
    assert "⁂" not in page
    for veteran in city.veterans:
        assert veteran.personal is not None
        assert veteran.personal.national_id is not None
        assert veteran.personal.phone is not None
        assert veteran.personal.national_id not in page
        assert veteran.personal.national_id[:14] not in page  # region and birth date
        assert veteran.personal.phone not in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_names_no_individual_record(
    city: Caseload, pages: dict[str, str], lang: str
) -> None:
    page = pages[lang]
    assert PERSONAL_IDS.findall(page) == []
    # The pattern does find such ids where they are.
    assert PERSONAL_IDS.findall(f"<td>{city.veterans[0].id}</td>") == [city.veterans[0].id]
