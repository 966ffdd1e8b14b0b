"""Code lists and their labels: ISCO-08, ISCED 2011, ISIC Rev.4, regions.

Each code list is data with a version and a source. This package imports nothing else of the
library but the errors module.
"""

from __future__ import annotations

from veteran_services.codes._labels import Lang, label, labelled_enums, register_labels
from veteran_services.codes.education import ISCED_SOURCE, ISCED_VERSION, EducationLevel

__all__ = [
    "ISCED_SOURCE",
    "ISCED_VERSION",
    "EducationLevel",
    "Lang",
    "label",
    "labelled_enums",
    "register_labels",
]
