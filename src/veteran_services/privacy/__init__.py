"""Privacy: identity-number checks, pseudonymisation and disclosure control.

Veterans' records hold identity numbers, health and disability information. This package
holds what keeps people from being exposed by the library's output:

- :func:`validate_cn_resident_id` and :func:`mask_cn_resident_id` check and mask China's
  resident identity numbers (GB 11643-1999) without ever echoing a full number.
"""

from __future__ import annotations

from veteran_services.privacy.identity import (
    InvalidIdentityNumberError,
    ResidentId,
    cn_resident_id_check_character,
    mask_cn_resident_id,
    validate_cn_resident_id,
)

__all__ = [
    "InvalidIdentityNumberError",
    "ResidentId",
    "cn_resident_id_check_character",
    "mask_cn_resident_id",
    "validate_cn_resident_id",
]
