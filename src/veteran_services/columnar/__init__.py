"""Columnar form: Arrow tables, Parquet folders, vectorised scoring, and Dask.

Needs the ``arrow`` extra (pyarrow and numpy); reading pandas frames needs ``pandas``, the
distributed functions of :mod:`veteran_services.columnar.distributed` need ``dask``. Importing
:mod:`veteran_services` never imports any of them: only this package does.

- :func:`to_arrow` / :func:`from_arrow`: a caseload as one Arrow table per record kind, nested
  fields flattened with stable dotted column names (``monthly_wage.amount``; decimals as
  strings, every digit kept), and back through the model's validation. A fact a record leaves
  unknown is null (layout :data:`LAYOUT_VERSION` 2); tables and folders of layout 1 are read
  with their meaning (:data:`LAYOUT_VERSIONS`).
- :func:`write_parquet` / :func:`read_parquet` / :func:`read_tables`: a folder of Parquet
  files, optionally partitioned into buckets of veterans (:func:`bucket_of`), so that every
  veteran's records share a partition; :func:`read_file`: one file (one bucket) of such a
  folder, optionally only some fields of a column of records (``answers.question_id``), and
  :func:`projected_schema`, the schema it gives.
- :func:`read_folder`: a caseload folder of JSON Lines (or a Parquet folder) straight into
  those tables, without building a record per line, as strictly as
  :func:`veteran_services.io.read_caseload` and with its problems; only some kinds and columns
  if asked (:data:`FAST_KINDS`: the kinds it decodes itself, the others through the object
  reader).
- :func:`connect`: a DuckDB connection with one view per record kind of a Parquet folder
  (buckets included), for analysts' ad-hoc SQL (the ``duckdb`` extra).
- :func:`score_table`: the employment-quality scores of
  :func:`~veteran_services.scoring.score_caseload`, computed with numpy over whole columns
  (it reads the columns in :data:`SCORING_COLUMNS`); :func:`combine_normalised`: the index's
  aggregation alone; :func:`summarise_scores`: the summaries of
  :func:`~veteran_services.scoring.summarise` from such a table.
- :func:`placement_rate`, :func:`employment_rate_after_exit`,
  :func:`retention_with_same_employer`: the estimates of :mod:`veteran_services.metrics` over
  tables (the placement rate anchored on registration, separation or exit; exits by the
  enrolment or the contact rule), taking the object path's arguments with its checks and
  messages (the rules both paths use live once, in the object path's modules); they read the
  columns in :data:`RATE_COLUMNS`.
- :func:`data_cutoff`: the latest dated event of the tables, the evaluation day when none is
  given (:func:`veteran_services.metrics.data_cutoff`).
- :func:`headline_figures`: every headline figure of the report
  (:func:`veteran_services.metrics.headline_figures`) from a caseload's tables, equal field
  for field, with the columnar forms of the other registered indicators, each taking the
  tables (``Mapping[str, pyarrow.Table]``) and its namesake's arguments:
  :func:`median_earnings_after_exit`, :func:`credential_attainment_rate`,
  :func:`time_to_placement`, :func:`venture_survival_rate`, :func:`jobs_created`,
  :func:`high_growth_share`, :func:`loan_repayment_rate`, :func:`loan_default_rate`,
  :func:`weighted_satisfaction`; they read the columns in :data:`HEADLINE_COLUMNS`.
- :func:`adjusted_league_table`: the case-mix-adjusted league table
  (:func:`veteran_services.metrics.adjusted_league_table`) of the employment rate after exit,
  retention with the same employer or the placement rate (:data:`ADJUSTED_INDICATORS`), by
  provider or district, from tables: the same model design, fit and table as the object path.
- :func:`indicator_table` and :func:`league_table`: the breakdowns by group with their
  suppression (:func:`veteran_services.metrics.indicator_table`) and the league table with its
  funnel limits, flags and rank intervals (:func:`veteran_services.metrics.league_table`) of
  the rates in :data:`GROUPED_INDICATORS`, from a caseload's tables by any built-in grouping:
  the same tables as the object path, through its own aggregation.
- :func:`check`: the cross-record problems of
  :meth:`Caseload.check <veteran_services.model.Caseload.check>` (repeated ids, dangling
  references, dates out of order, answers off their instrument, earnings recorded twice,
  unknown regions) found over the tables, the same problems in the same order (it reads the
  columns in :data:`CHECK_COLUMNS`); :func:`check_market`: the placements a labour market's
  tables cannot score, as :func:`veteran_services.scoring.check_market` finds them
  (:data:`MARKET_COLUMNS`).
- :func:`follow_ups_due`: the follow-up worklist of
  :func:`veteran_services.metrics.follow_ups_due` (every placement and wave with its status,
  case and attempts, and the panel retention) from the placements' and responses' tables,
  the same arguments and the same result (it reads the columns in :data:`WORKLIST_COLUMNS`).
- :mod:`veteran_services.columnar.distributed`: :func:`score_table` and the rates per bucket
  on Dask. One rule for its results: every ``*_dataset`` function is lazy and returns Dask's
  form of what its one-machine function returns; ``.compute()`` gives exactly that.
  ``score_dataset`` returns a Dask DataFrame (many rows: one per placement, the columns of
  :func:`score_table`), each rate's ``*_dataset`` a ``dask.delayed`` of one
  :class:`~veteran_services.metrics.Estimate` (one value: its buckets' counts added up).

The layout and its guarantees: ``docs/guide/scale.md``.
"""

from __future__ import annotations

from veteran_services.columnar._adjusted import (
    ADJUSTED_GROUPINGS,
    ADJUSTED_INDICATORS,
    AdjustedIndicator,
    adjusted_league_table,
)
from veteran_services.columnar._breakdowns import (
    GROUPED_INDICATORS,
    indicator_table,
    league_table,
)
from veteran_services.columnar._check import CHECK_COLUMNS, MARKET_COLUMNS, check, check_market
from veteran_services.columnar._convert import (
    LAYOUT_VERSION,
    LAYOUT_VERSIONS,
    arrow_schema,
    from_arrow,
    to_arrow,
)
from veteran_services.columnar._cutoff import CUTOFF_COLUMNS, data_cutoff
from veteran_services.columnar._duckdb import connect
from veteran_services.columnar._headline import (
    HEADLINE_COLUMNS,
    credential_attainment_rate,
    headline_figures,
    high_growth_share,
    jobs_created,
    loan_default_rate,
    loan_repayment_rate,
    median_earnings_after_exit,
    time_to_placement,
    venture_survival_rate,
    weighted_satisfaction,
)
from veteran_services.columnar._jsonl import FAST_KINDS, read_folder
from veteran_services.columnar._metrics import (
    RATE_COLUMNS,
    employment_rate_after_exit,
    placement_rate,
    retention_with_same_employer,
)
from veteran_services.columnar._parquet import (
    VETERAN_KINDS,
    bucket_files,
    bucket_of,
    projected_schema,
    read_file,
    read_parquet,
    read_tables,
    write_parquet,
)
from veteran_services.columnar._scoring import (
    REASONS,
    SCORING_COLUMNS,
    combine_normalised,
    score_table,
)
from veteran_services.columnar._summary import summarise_scores
from veteran_services.columnar._worklist import WORKLIST_COLUMNS, follow_ups_due

__all__ = [
    "ADJUSTED_GROUPINGS",
    "ADJUSTED_INDICATORS",
    "CHECK_COLUMNS",
    "CUTOFF_COLUMNS",
    "FAST_KINDS",
    "GROUPED_INDICATORS",
    "HEADLINE_COLUMNS",
    "LAYOUT_VERSION",
    "LAYOUT_VERSIONS",
    "MARKET_COLUMNS",
    "RATE_COLUMNS",
    "REASONS",
    "SCORING_COLUMNS",
    "VETERAN_KINDS",
    "WORKLIST_COLUMNS",
    "AdjustedIndicator",
    "adjusted_league_table",
    "arrow_schema",
    "bucket_files",
    "bucket_of",
    "check",
    "check_market",
    "combine_normalised",
    "connect",
    "credential_attainment_rate",
    "data_cutoff",
    "employment_rate_after_exit",
    "follow_ups_due",
    "from_arrow",
    "headline_figures",
    "high_growth_share",
    "indicator_table",
    "jobs_created",
    "league_table",
    "loan_default_rate",
    "loan_repayment_rate",
    "median_earnings_after_exit",
    "placement_rate",
    "projected_schema",
    "read_file",
    "read_folder",
    "read_parquet",
    "read_tables",
    "retention_with_same_employer",
    "score_table",
    "summarise_scores",
    "time_to_placement",
    "to_arrow",
    "venture_survival_rate",
    "weighted_satisfaction",
    "write_parquet",
]
