"""The commands about the records themselves: ``demo``, ``synth``, ``check`` and ``schema``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Final

from veteran_services import _i18n, codes, io, scoring
from veteran_services.cli._common import (
    DEMO_MARK,
    EXIT_INVALID_DATA,
    EXIT_OK,
    PROG,
    _InvalidData,
    _market,
    _read_folder,
    _UsageError,
)
from veteran_services.cli._engine import choose, merged_columns, read_tables, say_engine
from veteran_services.cli._output import (
    _,
    _counts,
    _estimate_row,
    _kind,
    _lang,
    _Progress,
    _table,
)
from veteran_services.model import RECORD_KINDS, Problem, Severity
from veteran_services.synthetic import generate

#: What ``demo`` writes into its folder (and all it replaces there).
_DEMO_OWN: tuple[str, ...] = ("caseload", "report.html")


def _refuse_foreign_demo_files(out: Path, *, overwrite: bool) -> None:
    """Refuse, before the work, a caseload folder or report in *out* that the demo did not
    write: *out* holds no :data:`DEMO_MARK` (a folder the demo made has one) and no
    --overwrite was given."""
    if overwrite or (out / DEMO_MARK).is_file():
        return
    for name in _DEMO_OWN:
        path = out / name
        if path.exists() or path.is_symlink():
            words = _(
                "{path} already exists in a folder the demo did not make; pass --overwrite to "
                "replace it, or choose another --out"
            )
            raise _UsageError(words.format(path=path))


def _mark_demo_folder(out: Path) -> None:
    """Make *out* (with its parents) and mark it as the demo's, unless it is marked."""
    out.mkdir(parents=True, exist_ok=True)
    mark = out / DEMO_MARK
    if mark.is_file():
        return
    words = _(
        "This folder was made by 'veteran-services demo'. Each run of the demo writes "
        "caseload/ and report.html here anew; it touches nothing else in the folder."
    )
    io.write_file(mark, (words + "\n").encode("utf-8"))


def _cmd_demo(args: argparse.Namespace, progress: _Progress) -> int:
    from veteran_services import report  # the report only when needed

    out = Path(args.out)
    _refuse_foreign_demo_files(out, overwrite=args.overwrite)  # before the work
    progress.stage(_("generating a sample city of {n} veterans").format(n=f"{args.veterans:,}"))
    city = generate(veterans=args.veterans, seed=args.seed, as_of=args.as_of)
    progress.stage(_("checking"))
    problems = city.check()
    progress.clear()
    stdout = sys.stdout
    stdout.write(
        _("Sample city (seed {seed}) as of {as_of}: {counts}").format(
            seed=args.seed, as_of=args.as_of.isoformat(), counts=_counts(city.counts())
        )
        + "\n"
    )
    errors = [p for p in problems if p.severity is Severity.ERROR]
    stdout.write(
        _("Check: no problems") + "\n"
        if not problems
        else _("Check: {errors} errors, {warnings} warnings").format(
            errors=len(errors), warnings=len(problems) - len(errors)
        )
        + "\n"
    )
    progress.stage(_("headline indicators"))
    headlines = report.headline_indicators(city, as_of=args.as_of, lang=args.lang)
    market = scoring.LabourMarket.nanjing()
    model = scoring.QualityModel.default()
    scores = tuple(
        progress.counted(
            _("scoring placements"),
            scoring.iter_scores(city, market=market, model=model, as_of=args.as_of),
        )
    )
    progress.clear()
    summary = scoring.summarise(scores)
    stdout.write("\n" + _("Headline indicators") + "\n")
    rows = [_estimate_row(h.estimate, h.name)[:5] for h in headlines]
    if summary and summary[0].mean is not None and summary[0].mean_interval is not None:
        s = summary[0]
        low, high = summary[0].mean_interval
        label = _("Mean employment-quality index")
        span = _("{low} to {high}").format(low=f"{low:.1f}", high=f"{high:.1f}")
        rows.append([label, f"{s.mean:.1f}", span, "", f"{s.scored:,}"])
    headers = [_("indicator"), _("value"), _("95% interval"), _("numerator"), _("denominator")]
    stdout.write(_table(headers, rows, right={1, 2, 3, 4}) + "\n")
    if summary:
        found = summary[0].flags.items()
        flags = _("; ").join(f"{codes.label(flag, lang=_lang())} {n:,}" for flag, n in found)
        stdout.write("\n" + _("Compliance flags: {flags}").format(flags=flags or _("none")) + "\n")
    stdout.write(
        _("Quality model {version}, fingerprint {fingerprint}").format(
            version=model.version, fingerprint=model.fingerprint
        )
        + "\n"
    )

    _refuse_foreign_demo_files(out, overwrite=args.overwrite)  # again: made meanwhile?
    _mark_demo_folder(out)
    progress.stage(_("writing the caseload to {path}").format(path=out / "caseload"))
    io.write_caseload(city, out / "caseload")  # its own rules: only a caseload is replaced
    target = out / "report.html"
    # the demo's own files are remade on every run in its own folder (or with --overwrite)
    try:
        report.write_report(
            city,
            target,
            as_of=args.as_of,
            lang=args.lang,
            market=market,
            model=model,
            progress=lambda step: progress.stage(_("report: {step}").format(step=_(step))),
            overwrite=True,
        )
    except report.MissingExtraError as error:
        report.write_report(
            city, target, as_of=args.as_of, lang=args.lang, charts=False, overwrite=True
        )
        progress.clear()
        note = _("note: the report has no charts: {error}").format(error=error)
        sys.stderr.write(f"{PROG}: {note}\n")
    progress.clear()
    stdout.write("\n" + _("Wrote the caseload folder {path}").format(path=out / "caseload") + "\n")
    stdout.write(_("Wrote the report {path}").format(path=target) + "\n")
    return EXIT_INVALID_DATA if errors else EXIT_OK


def _cmd_synth(args: argparse.Namespace, progress: _Progress) -> int:
    progress.stage(_("generating a sample city of {n} veterans").format(n=f"{args.veterans:,}"))
    city = generate(veterans=args.veterans, seed=args.seed, as_of=args.as_of)
    progress.stage(_("writing {path}").format(path=args.out))
    folder = io.write_caseload(city, args.out, include_personal=args.include_personal)
    progress.clear()
    counts = _counts(city.counts())
    sys.stdout.write(_("Wrote {path}: {counts}").format(path=folder, counts=counts) + "\n")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, progress: _Progress) -> int:
    engine = choose(args)
    market = _market(args.market)
    where: io.CaseloadFolder | io.FolderLines
    try:
        if engine == "columnar":
            problems, where, total = _check_columnar(args, progress, market)
        else:
            problems, where, total = _check_objects(args, progress, market)
    except _InvalidData as invalid:
        for line in invalid.problems:
            sys.stdout.write(line + "\n")
        words = _("{path}: {n} problem(s) reading the folder")
        sys.stdout.write(words.format(path=args.path, n=len(invalid.problems)) + "\n")
        say_engine(engine, table=True)
        return EXIT_INVALID_DATA
    problems.sort(key=lambda p: (RECORD_KINDS.index(p.kind), p.record_id, p.code, p.message))
    progress.clear()
    for problem in where.locate(problems):
        sys.stdout.write(f"{_located(problem)}\n")
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    if not problems:
        words = _("{path}: {total} records, no problems").format(path=args.path, total=f"{total:,}")
        sys.stdout.write(words + "\n")
    else:
        words = _("{path}: {total} records, {errors} error(s), {warnings} warning(s)")
        sys.stdout.write(
            words.format(
                path=args.path, total=f"{total:,}", errors=errors, warnings=len(problems) - errors
            )
            + "\n"
        )
    say_engine(engine, table=True)
    return EXIT_INVALID_DATA if errors else EXIT_OK


def _check_objects(
    args: argparse.Namespace, progress: _Progress, market: scoring.LabourMarket
) -> tuple[list[Problem], io.CaseloadFolder, int]:
    """``check`` on the object engine: the problems, where the records are, how many."""
    folder = _read_folder(args.path, progress)
    caseload = folder.caseload
    progress.stage(_("checking records against each other"))
    problems = caseload.check()
    progress.stage(_("checking placements against the labour-market tables"))
    problems.extend(scoring.check_market(caseload, market))
    return problems, folder, sum(caseload.counts().values())


def _check_columnar(
    args: argparse.Namespace, progress: _Progress, market: scoring.LabourMarket
) -> tuple[list[Problem], io.FolderLines, int]:
    """``check`` on the columnar engine (:func:`veteran_services.columnar.check` and
    ``check_market`` over the columns they read): the same problems, placed on the same
    lines by the records' keys."""
    from veteran_services import columnar

    columns = merged_columns(columnar.CHECK_COLUMNS, columnar.MARKET_COLUMNS, _KEY_COLUMNS)
    tables = read_tables(args.path, progress, columns)
    progress.stage(_("checking records against each other"))
    problems = columnar.check(tables)
    progress.stage(_("checking placements against the labour-market tables"))
    problems.extend(columnar.check_market(tables, market))

    def keys(kind: str) -> list[str]:
        table = tables[kind]
        if kind != "earnings":
            return [str(key) for key in table["id"].to_pylist()]
        parts = zip(*(table[name].to_pylist() for name in _KEY_COLUMNS["earnings"]), strict=True)
        return ["/".join(map(str, part)) for part in parts]

    where = io.FolderLines(path=Path(args.path), files=io.folder_files(args.path), keys=keys)
    return problems, where, sum(table.num_rows for table in tables.values())


#: The columns that make a record's key (:attr:`Problem.record_id`), by kind: the id, or the
#: veteran, employer and quarter of an earnings record.
_KEY_COLUMNS: Final = {
    **{kind: ("id",) for kind in RECORD_KINDS if kind != "earnings"},
    "earnings": ("veteran_id", "employer_id", "quarter"),
}


def _located(located: io.LocatedProblem) -> str:
    """A problem with its file and line, in the language of the output (English: as
    :class:`~veteran_services.io.LocatedProblem` says it)."""
    if _lang() == _i18n.SOURCE_LANGUAGE:
        return str(located)
    problem = located.problem
    where = (
        _("line {lines}").format(lines=", ".join(map(str, located.lines)))
        if located.lines
        else _("record {id}").format(id=repr(problem.record_id))
    )
    message = _i18n.translate_problem(str(problem.code), problem.message, _lang())
    words = _("{file} {where}: {path}: {message} ({severity} {code}, {kind} {id})")
    return words.format(
        file=located.file,
        where=where,
        path=located.path,
        message=message,
        severity=codes.label(problem.severity, lang=_lang()),
        code=problem.code,
        kind=_kind(problem.kind),
        id=repr(problem.record_id),
    )


def _cmd_schema(args: argparse.Namespace, progress: _Progress) -> int:
    del progress
    if args.out is not None:
        for path in io.write_schemas(args.out, overwrite=args.overwrite):
            sys.stdout.write(f"{path}\n")
        return EXIT_OK
    if args.kind is not None:
        schema: Any = io.json_schema(args.kind)
    else:
        schema = {kind: io.json_schema(kind) for kind in RECORD_KINDS}
    sys.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
