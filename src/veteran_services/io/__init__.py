"""Interchange: JSON, JSON Lines, caseload folders, CSV, Excel, JSON Schema and migrations.

The edge of the library and the only layer that knows about cattrs. Everything is read
through one strict converter (:func:`make_converter`): dates are ISO strings, money keeps
every digit as a decimal string, enums are their values, unknown keys are refused (or, with
``strict=False``, set aside and reported). Every problem of an input is reported together in
one :class:`~veteran_services.errors.RecordError`, a line per problem naming the file, the
line (or row and column), the JSON path and the bad value::

    placements.jsonl line 17: $.monthly_wage.amount: must be a decimal number (got 'abc')

A veteran's :class:`~veteran_services.model.PersonalDetails` are written only when asked for
(``include_personal=True``) and their values never appear in an error message.
"""

from __future__ import annotations

from veteran_services._tablefiles import csv_bytes as table_csv
from veteran_services._tablefiles import excel_bytes as table_excel
from veteran_services._tablefiles import refuse_existing
from veteran_services._tablefiles import write_new as write_file
from veteran_services.io._atomic import atomic_folder
from veteran_services.io._caseload import (
    BLANK,
    LineReader,
    count_problem,
    kind_file,
    open_caseload,
    personal_problem,
    read_caseload,
    write_caseload,
)
from veteran_services.io._converter import (
    DECIMAL_PATTERN,
    MAX_DECIMAL_CHARS,
    SCALE_KINDS,
    make_converter,
)
from veteran_services.io._csv import (
    CHINESE_COLUMNS,
    CSV_KINDS,
    csv_columns,
    read_csv,
    read_rows,
    write_csv,
)
from veteran_services.io._excel import read_excel, read_excel_caseload, write_excel
from veteran_services.io._fast import dict_decoder as fast_dict_decoder
from veteran_services.io._fast import row_dict_encoder as fast_row_dict_encoder
from veteran_services.io._folders import (
    CaseloadFolder,
    FolderLines,
    LocatedProblem,
    folder_files,
    read_caseload_folder,
)
from veteran_services.io._frame import from_frame, to_frame
from veteran_services.io._json import (
    ReadResult,
    RecordStream,
    UnknownKeysWarning,
    check_fast,
    decode_json,
    dumps,
    from_dict,
    loads,
    read_jsonl,
    to_dict,
    write_jsonl,
)
from veteran_services.io._kinds import KIND_CLASSES
from veteran_services.io._ledger import LEDGER_COLUMNS_ZH, Ledger, LedgerLayout, read_ledger
from veteran_services.io._migrations import (
    SCHEMA_VERSION,
    Migration,
    migrations,
    register_migration,
)
from veteran_services.io._schema import json_schema, manifest_schema, write_schemas
from veteran_services.io._sniff import WorkbookFormat, workbook_format
from veteran_services.io._tables import TABLE_FORMATS, write_table

__all__ = [
    "BLANK",
    "CHINESE_COLUMNS",
    "CSV_KINDS",
    "DECIMAL_PATTERN",
    "KIND_CLASSES",
    "LEDGER_COLUMNS_ZH",
    "MAX_DECIMAL_CHARS",
    "SCALE_KINDS",
    "SCHEMA_VERSION",
    "TABLE_FORMATS",
    "CaseloadFolder",
    "FolderLines",
    "Ledger",
    "LedgerLayout",
    "LineReader",
    "LocatedProblem",
    "Migration",
    "ReadResult",
    "RecordStream",
    "UnknownKeysWarning",
    "WorkbookFormat",
    "atomic_folder",
    "check_fast",
    "count_problem",
    "csv_columns",
    "decode_json",
    "dumps",
    "fast_dict_decoder",
    "fast_row_dict_encoder",
    "folder_files",
    "from_dict",
    "from_frame",
    "json_schema",
    "kind_file",
    "loads",
    "make_converter",
    "manifest_schema",
    "migrations",
    "open_caseload",
    "personal_problem",
    "read_caseload",
    "read_caseload_folder",
    "read_csv",
    "read_excel",
    "read_excel_caseload",
    "read_jsonl",
    "read_ledger",
    "read_rows",
    "refuse_existing",
    "register_migration",
    "table_csv",
    "table_excel",
    "to_dict",
    "to_frame",
    "workbook_format",
    "write_caseload",
    "write_csv",
    "write_excel",
    "write_file",
    "write_jsonl",
    "write_schemas",
    "write_table",
]
