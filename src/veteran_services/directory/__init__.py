"""Directories: training providers and their programmes as an Open Referral HSDS 3 package.

The bureau publishes its providers and programmes as a directory in the Human Services Data
Specification (HSDS) 3 of Open Referral, in its tabular form (a CSV per table and a
``datapackage.json``) or its JSON form (nested objects):

- :func:`to_hsds` builds the HSDS tables of a caseload's providers and programmes;
- :func:`write_hsds` writes them to a folder, atomically;
- :func:`read_hsds` reads providers and programmes back from such a package.

Every HSDS id is a UUID derived from the library's id (:func:`hsds_id`, a UUID5 under the
fixed :data:`NAMESPACE`), so a directory published again keeps its ids. The library's codes
(kinds, ISCO-08 occupations, GB/T 2260 regions) and the fields HSDS has no column for travel
as ``attribute`` rows linking to ``taxonomy_term`` rows (:data:`TAXONOMIES`).
"""

from __future__ import annotations

from veteran_services.directory._export import (
    DATAPACKAGE,
    NAMESPACE,
    TAXONOMIES,
    Form,
    HsdsPackage,
    Taxonomy,
    hsds_id,
    to_hsds,
    write_hsds,
)
from veteran_services.directory._import import MAX_FILE_BYTES, read_hsds
from veteran_services.directory._layout import COLUMNS, CSV_FILES, JSON_FILES, REQUIRED, TABLES

__all__ = [
    "COLUMNS",
    "CSV_FILES",
    "DATAPACKAGE",
    "JSON_FILES",
    "MAX_FILE_BYTES",
    "NAMESPACE",
    "REQUIRED",
    "TABLES",
    "TAXONOMIES",
    "Form",
    "HsdsPackage",
    "Taxonomy",
    "hsds_id",
    "read_hsds",
    "to_hsds",
    "write_hsds",
]
