"""SQL over a Parquet caseload folder: a DuckDB connection with one view per record kind."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from veteran_services._checks import checked
from veteran_services.columnar._parquet import _manifest, bucket_files
from veteran_services.errors import InvalidInputError, MissingExtraError
from veteran_services.model import RECORD_KINDS

__all__ = ["connect"]


def _duckdb() -> Any:
    try:
        # An optional extra, imported when first used.
        return importlib.import_module("duckdb")
    except ImportError as error:
        msg = (
            "columnar.connect needs DuckDB: install the 'duckdb' extra "
            "(pip install 'veteran-services[duckdb]')"
        )
        raise MissingExtraError(msg) from error


@checked
def connect(folder: str | Path, *, threads: int | None = None) -> Any:
    """A DuckDB connection over a Parquet caseload folder: one view per record kind.

    Each record kind of the folder (written by :func:`write_parquet`) is a view of the same
    name (``placements``, ``veterans``, ...) over its file, or over all its buckets when the
    folder is partitioned (the views then have the ``position`` column too: the record's place
    in the caseload, for ``ORDER BY position``). The columns are the columnar layout's
    (``docs/guide/scale.md``): nested fields are dotted names, quoted in SQL
    (``"monthly_wage.amount"``), decimals are exact strings (``CAST(... AS DECIMAL(18, 2))``
    for arithmetic), repeated records lists of structs (``UNNEST(answers)``). The files are
    read where they are, on each query; nothing is copied.

    The views are read as stored, without the model's validation that
    :func:`read_parquet` applies: for analysts' ad-hoc queries, not for records going back
    into the library. Close the connection when done (``with connect(folder) as db: ...``).
    Needs the ``duckdb`` extra.

    Args:
        folder: A folder written by :func:`write_parquet` (its manifest lists the files).
        threads: DuckDB's worker threads (default: DuckDB's own, the machine's cores).

    Returns:
        A ``duckdb.DuckDBPyConnection`` (an in-memory database holding only the views).

    Raises:
        FileNotFoundError: no such folder.
        RecordError: the folder's manifest is missing or malformed, or lists a file outside
            the folder.
        InvalidInputError: a bad *threads*.
    """
    root = Path(folder)
    if threads is not None and (type(threads) is not int or threads < 1):
        msg = f"'threads' must be None or a whole number of at least 1, got {threads!r}"
        raise InvalidInputError("threads", msg)
    duckdb = _duckdb()
    manifest = _manifest(root)
    kinds = [kind for kind in RECORD_KINDS if kind in manifest["files"]]
    files = {kind: [str(path) for path in bucket_files(root, kind)] for kind in kinds}
    missing = [path for paths in files.values() for path in paths if not Path(path).is_file()]
    if missing:
        msg = f"'folder': {str(root)!r} lacks files its manifest lists: {missing[0]!r}"
        raise FileNotFoundError(msg)
    config = {} if threads is None else {"threads": threads}
    connection = duckdb.connect(":memory:", config=config)
    try:
        for kind in kinds:
            # the relation API takes the paths as values: no path is written into SQL text
            connection.read_parquet(files[kind]).create_view(kind, replace=False)
    except BaseException:
        connection.close()
        raise
    return connection
