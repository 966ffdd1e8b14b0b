"""ISCED 2011 levels of education (UNESCO Institute for Statistics, 2012)."""

from __future__ import annotations

from enum import StrEnum

from veteran_services.codes._labels import register_labels

__all__ = ["ISCED_SOURCE", "ISCED_VERSION", "EducationLevel"]

ISCED_VERSION = "ISCED 2011"
ISCED_SOURCE = (
    "UNESCO Institute for Statistics, "
    "International Standard Classification of Education: ISCED 2011 (2012)"
)


class EducationLevel(StrEnum):
    """Highest completed level of education, ISCED 2011 levels 0-8.

    The value is the ISCED level digit; ``EducationLevel("6")`` is a bachelor's degree.
    Chinese equivalents: 初中 = level 2, 高中/中专 = level 3, 大专 = level 5, 本科 = level 6.
    """

    EARLY_CHILDHOOD = "0"
    PRIMARY = "1"
    LOWER_SECONDARY = "2"
    UPPER_SECONDARY = "3"
    POST_SECONDARY_NON_TERTIARY = "4"
    SHORT_CYCLE_TERTIARY = "5"
    BACHELOR = "6"
    MASTER = "7"
    DOCTORATE = "8"

    @property
    def level(self) -> int:
        """The ISCED level as a number (0-8), for ordering."""
        return int(self.value)


register_labels(
    EducationLevel,
    {
        EducationLevel.EARLY_CHILDHOOD: ("Early childhood education", "学前教育"),
        EducationLevel.PRIMARY: ("Primary education", "小学"),
        EducationLevel.LOWER_SECONDARY: ("Lower secondary education", "初中"),
        EducationLevel.UPPER_SECONDARY: ("Upper secondary education", "高中或中专"),
        EducationLevel.POST_SECONDARY_NON_TERTIARY: (
            "Post-secondary non-tertiary education",
            "中等后非高等教育",
        ),
        EducationLevel.SHORT_CYCLE_TERTIARY: ("Short-cycle tertiary education", "大专"),
        EducationLevel.BACHELOR: ("Bachelor's or equivalent", "学士或同等"),
        EducationLevel.MASTER: ("Master's or equivalent", "硕士或同等"),
        EducationLevel.DOCTORATE: ("Doctoral or equivalent", "博士或同等"),
    },
)
