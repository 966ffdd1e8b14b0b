"""Privacy: identity-number checks, pseudonymisation and disclosure control.

Veterans' records hold identity numbers, health and disability information. This package
holds what keeps people from being exposed by the library's output:

- :func:`validate_cn_resident_id` and :func:`mask_cn_resident_id` check and mask China's
  resident identity numbers (GB 11643-1999) without ever echoing a full number.
- :func:`pseudonymise` replaces every id of a caseload by a keyed hash (HMAC-SHA-256),
  consistently across record kinds, and drops personal details, exact birth days and free
  text; :func:`pseudonym` gives the pseudonym of one id.
- :func:`suppress_cells` is the small-cell rule (primary and secondary suppression), the
  one :func:`veteran_services.metrics.breakdown` applies to its tables; :func:`suppress`
  applies it to a frequency table, withholds a small total and optionally rounds what is
  published to a base.
"""

from __future__ import annotations

from veteran_services.privacy.disclosure import (
    SuppressedTable,
    Suppression,
    round_to_base,
    suppress,
    suppress_cells,
)
from veteran_services.privacy.identity import (
    InvalidIdentityNumberError,
    ResidentId,
    cn_resident_id_check_character,
    mask_cn_resident_id,
    validate_cn_resident_id,
)
from veteran_services.privacy.pseudonyms import (
    DEFAULT_ID_LENGTH,
    MIN_KEY_BYTES,
    PREFIXES,
    PseudonymCollisionError,
    key_weakness,
    pseudonym,
    pseudonymise,
)

__all__ = [
    "DEFAULT_ID_LENGTH",
    "MIN_KEY_BYTES",
    "PREFIXES",
    "InvalidIdentityNumberError",
    "PseudonymCollisionError",
    "ResidentId",
    "SuppressedTable",
    "Suppression",
    "cn_resident_id_check_character",
    "key_weakness",
    "mask_cn_resident_id",
    "pseudonym",
    "pseudonymise",
    "round_to_base",
    "suppress",
    "suppress_cells",
    "validate_cn_resident_id",
]
