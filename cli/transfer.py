"""``import`` (responses or an organisation backup) and ``export``."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from cli.common import database_command, operator, organisation_by_name_or_id
from cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Output

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from assessment.importing import ColumnPlan, ImportFileError, ImportResult

RESPONSE_OPTIONS = ("org", "unit", "title", "date", "mode", "mapping")


@database_command
def import_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """A responses file as a new assessment, or a JSON backup as the organisation it holds."""
    from assessment import services
    from assessment.db import session_scope
    from assessment.importing import ImportFileError, import_file, read_limited, read_mapping

    if args.file.suffix.lower() == ".json":
        return _restore(args, output, engine)
    missing = [f"--{name}" for name in ("org", "unit") if not getattr(args, name)]
    if missing:
        output.error(f"importing responses needs {' and '.join(missing)}: where the new assessment belongs")
        return EXIT_USAGE
    mapping = None
    if args.mapping is not None:
        data = read_limited(args.mapping)
        mapping = read_mapping(data, filename=args.mapping.name, bank=services.current_bank())
    try:
        with session_scope(engine) as session:
            result = import_file(
                actor=operator(),
                session=session,
                path=args.file,
                organisation=args.org,
                unit=args.unit,
                title=args.title,
                assessed_on=args.date,
                mode=args.mode,
                mapping=mapping,
            )
    except ImportFileError as error:
        output.error(str(error))
        _unmatched_columns(error, output)
        return EXIT_PROBLEMS
    info = result.assessment
    for created in result.created:
        output.message(f"created {created}")
    _columns(result, output)
    output.message(
        f"imported {result.answers} answers of {result.respondents} respondent(s) ({result.layout} layout) "
        f"as assessment {info.id} '{info.title}' of {info.unit}, {info.organisation}"
    )
    output.result(str(info.id))
    return EXIT_OK


def _columns(result: ImportResult, output: Output) -> None:
    """How a wide file's columns were read: the tool, the respondents, close matches, skipped columns."""
    plan = result.plan
    if plan is not None and plan.layout == "wide":
        source = f"a {plan.tool} export" if plan.tool else "a wide file"
        output.message(f"read {source}; respondents from {plan.respondent.described}")
        if result.mapping_from:
            output.message(f"columns mapped by {result.mapping_from}")
        for column in plan.columns:
            if column.use == "question" and column.how == "close":
                output.message(
                    f"matched by close text ({column.confidence:.0%} alike): {column.described} "
                    f"-> {column.question_id}"
                )
    if result.ignored_columns:
        output.message(f"skipped columns without answers: {', '.join(result.ignored_columns)}")


def _unmatched_columns(error: ImportFileError, output: Output) -> None:
    """List the columns no question matched, with a mapping file to start from."""
    plan: ColumnPlan | None = error.plan
    if plan is None or not plan.unmatched:
        return
    output.message(f"{len(plan.unmatched)} column(s) match no question of the bank:")
    for column in plan.unmatched:
        closest = (
            f"closest: {column.question_id}, {column.confidence:.0%} alike" if column.question_id else ""
        )
        output.message(f"  {column.described}" + (f" ({closest})" if closest else ""))
    template = {column.header: column.question_id or "skip" for column in plan.unmatched}
    output.message(
        'name a question id, or "skip", for each in a mapping file (other columns match by themselves), '
        "check it, and import again with --mapping FILE; for example:\n"
        + json.dumps(template, ensure_ascii=False, indent=2)
    )


def _restore(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    from assessment.backup import restore_organisation
    from assessment.db import session_scope
    from assessment.importing import read_limited

    given = [f"--{name}" for name in RESPONSE_OPTIONS if getattr(args, name)]
    if given:
        output.error(f"a JSON backup restores its own organisation: leave out {', '.join(given)}")
        return EXIT_USAGE
    try:
        data = json.loads(read_limited(args.file))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        output.error(f"{args.file.name} is not valid JSON ({error})")
        return EXIT_PROBLEMS
    with session_scope(engine) as session:
        result = restore_organisation(actor=operator(), session=session, data=data)
    output.message(
        f"restored organisation '{result.organisation.name}' (id {result.organisation.id}): "
        f"{result.units} units, {result.assessments} assessments, "
        f"{result.respondents} respondents, {result.answers} answers"
    )
    if result.replaced_secrets:
        output.message(
            f"{result.replaced_secrets} respondent token(s) or join code(s) were already in use here "
            "and were replaced by new ones"
        )
    output.result(str(result.organisation.id))
    return EXIT_OK


@database_command
def export_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """One assessment, or every assessment of an organisation, as CSV, XLSX or JSON."""
    from assessment.db import session_scope
    from assessment.exporting import export_assessment, export_organisation

    with session_scope(engine, write=False) as session:
        if args.org is not None:
            organisation = organisation_by_name_or_id(session, args.org)
            data = export_organisation(
                actor=operator(),
                session=session,
                organisation_id=organisation.id,
                fmt=args.format,
                table=args.table,
            )
            what = f"organisation '{organisation.name}'"
        else:
            data = export_assessment(
                actor=operator(),
                session=session,
                assessment_id=args.assessment_id,
                fmt=args.format,
                table=args.table,
            )
            what = f"assessment {args.assessment_id}"
    try:
        args.output.write_bytes(data)
    except OSError as error:
        output.error(f"cannot write {args.output}: {error.strerror or error}")
        return EXIT_PROBLEMS
    table = f" ({args.table})" if args.format == "csv" else ""
    output.message(f"wrote {what} as {args.format.upper()}{table} to {args.output} ({len(data):,} bytes)")
    return EXIT_OK
