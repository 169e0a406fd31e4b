"""``import`` (responses or an organisation backup) and ``export``."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from cli.common import database_command, operator, organisation_by_name_or_id
from cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Output

if TYPE_CHECKING:
    from sqlalchemy import Engine

RESPONSE_OPTIONS = ("org", "unit", "title", "date", "mode")


@database_command
def import_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """A responses file as a new assessment, or a JSON backup as the organisation it holds."""
    from assessment.db import session_scope
    from assessment.importing import import_file

    if args.file.suffix.lower() == ".json":
        return _restore(args, output, engine)
    missing = [f"--{name}" for name in ("org", "unit") if not getattr(args, name)]
    if missing:
        output.error(f"importing responses needs {' and '.join(missing)}: where the new assessment belongs")
        return EXIT_USAGE
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
        )
    info = result.assessment
    for created in result.created:
        output.message(f"created {created}")
    if result.ignored_columns:
        output.message(f"skipped columns without answers: {', '.join(result.ignored_columns)}")
    output.message(
        f"imported {result.answers} answers of {result.respondents} respondent(s) ({result.layout} layout) "
        f"as assessment {info.id} '{info.title}' of {info.unit}, {info.organisation}"
    )
    output.result(str(info.id))
    return EXIT_OK


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
