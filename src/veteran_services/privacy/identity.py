"""China's resident identity number (GB 11643-1999): validation and masking.

The rules live in :mod:`veteran_services.model.identity`, one layer down, so that the readers
of :mod:`veteran_services.io` check identity numbers with the same code; this module keeps
their names where privacy code has always imported them.
"""

from __future__ import annotations

from veteran_services.model.identity import (
    EARLIEST_BIRTH_YEAR,
    PROVINCE_CODES,
    InvalidIdentityNumberError,
    ResidentId,
    cn_resident_id_check_character,
    mask_cn_resident_id,
    validate_cn_resident_id,
)

__all__ = [
    "EARLIEST_BIRTH_YEAR",
    "PROVINCE_CODES",
    "InvalidIdentityNumberError",
    "ResidentId",
    "cn_resident_id_check_character",
    "mask_cn_resident_id",
    "validate_cn_resident_id",
]
