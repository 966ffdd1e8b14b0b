"""Code lists and their labels: ISCO-08, ISCED 2011, ISIC Rev.4, regions.

Each code list is data with a version and a source. This package imports nothing else of the
library but the errors module.

- :mod:`~veteran_services.codes.isco`: ISCO-08 occupations (``occupation``, ``shared_digits``).
- :mod:`~veteran_services.codes.education`: ISCED 2011 levels (``EducationLevel``).
- :mod:`~veteran_services.codes.isic`: ISIC Rev.4 sections (``industry``).
- :mod:`~veteran_services.codes.geography`: administrative regions (``region``, ``add_region``).
- English and Chinese labels for every enum: ``label(member, lang="zh")``; Chinese titles of
  every ISCO-08 group: ``occupation(code).title_zh``.
- Job titles as people write them: ``find_occupations(title)`` ranks unit groups,
  ``match_occupation(title)`` gives a code only when the match is unambiguous, ``job_titles()``
  is the table behind them.

An unknown code raises :class:`~veteran_services.errors.UnknownCodeError`, whose
``suggestions`` hold the nearest valid codes.
"""

from __future__ import annotations

from veteran_services.codes._labels import Lang, label, labelled_enums, register_labels
from veteran_services.codes._titles import (
    MATCH_MARGIN,
    MATCH_MIN_SCORE,
    MAX_TITLE_LENGTH,
    JobTitle,
    MatchMethod,
    MatchSource,
    OccupationMatch,
    find_occupations,
    job_titles,
    match_occupation,
)
from veteran_services.codes.education import ISCED_SOURCE, ISCED_VERSION, EducationLevel
from veteran_services.codes.geography import (
    REGIONS_SOURCE,
    REGIONS_VERSION,
    Region,
    RegionLevel,
    RegionRegistry,
    add_region,
    ancestors,
    default_regions,
    is_region,
    isolated_regions,
    nanjing_districts,
    region,
    regions,
)
from veteran_services.codes.isco import (
    ISCO08_SOURCE,
    ISCO08_VERSION,
    Occupation,
    is_occupation,
    occupation,
    occupations,
    shared_digits,
)
from veteran_services.codes.isic import (
    ISIC_SOURCE,
    ISIC_VERSION,
    Industry,
    industries,
    industry,
    is_industry,
)

__all__ = [
    "ISCED_SOURCE",
    "ISCED_VERSION",
    "ISCO08_SOURCE",
    "ISCO08_VERSION",
    "ISIC_SOURCE",
    "ISIC_VERSION",
    "MATCH_MARGIN",
    "MATCH_MIN_SCORE",
    "MAX_TITLE_LENGTH",
    "REGIONS_SOURCE",
    "REGIONS_VERSION",
    "EducationLevel",
    "Industry",
    "JobTitle",
    "Lang",
    "MatchMethod",
    "MatchSource",
    "Occupation",
    "OccupationMatch",
    "Region",
    "RegionLevel",
    "RegionRegistry",
    "add_region",
    "ancestors",
    "default_regions",
    "find_occupations",
    "industries",
    "industry",
    "is_industry",
    "is_occupation",
    "is_region",
    "isolated_regions",
    "job_titles",
    "label",
    "labelled_enums",
    "match_occupation",
    "nanjing_districts",
    "occupation",
    "occupations",
    "region",
    "regions",
    "register_labels",
    "shared_digits",
]
