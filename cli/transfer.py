"""``import`` (responses or an organisation backup) and ``export``."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from cli.common import database_command, operator, organisation_by_name_or_id
from cli.language import _
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
        output.error(
            _("importing responses needs {join}: where the new assessment belongs").format(
                join=" and ".join(missing)
            )
        )
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
        output.message(_("created {created}").format(created=created))
    _columns(result, output)
    output.message(
        _(
            "imported {answers} answers of {respondents} respondent(s) ({layout} layout) as assessment "
            "{id} '{title}' of {unit}, {organisation}"
        ).format(
            answers=result.answers,
            respondents=result.respondents,
            layout=result.layout,
            id=info.id,
            title=info.title,
            unit=info.unit,
            organisation=info.organisation,
        )
    )
    output.result(str(info.id))
    return EXIT_OK


def _columns(result: ImportResult, output: Output) -> None:
    """How a wide file's columns were read: the tool, the respondents, close matches, skipped columns."""
    plan = result.plan
    if plan is not None and plan.layout == "wide":
        source = f"a {plan.tool} export" if plan.tool else "a wide file"
        output.message(
            _("read {source}; respondents from {described}").format(
                source=source, described=plan.respondent.described
            )
        )
        if result.mapping_from:
            output.message(_("columns mapped by {mapping_from}").format(mapping_from=result.mapping_from))
        for column in plan.columns:
            if column.use == "question" and column.how == "close":
                output.message(
                    _("matched by close text ({confidence:.0%} alike): {described} -> {question_id}").format(
                        confidence=column.confidence,
                        described=column.described,
                        question_id=column.question_id,
                    )
                )
    if result.ignored_columns:
        output.message(
            _("skipped columns without answers: {join}").format(join=", ".join(result.ignored_columns))
        )


def _unmatched_columns(error: ImportFileError, output: Output) -> None:
    """List the columns no question matched, with a mapping file to start from."""
    plan: ColumnPlan | None = error.plan
    if plan is None or not plan.unmatched:
        return
    output.message(_("{count} column(s) match no question of the bank:").format(count=len(plan.unmatched)))
    for column in plan.unmatched:
        closest = (
            f"closest: {column.question_id}, {column.confidence:.0%} alike" if column.question_id else ""
        )
        output.message(f"  {column.described}" + (f" ({closest})" if closest else ""))
    template = {column.header: column.question_id or "skip" for column in plan.unmatched}
    output.message(
        _(
            'name a question id, or "skip", for each in a mapping file (other columns match by '
            "themselves), check it, and import again with --mapping FILE; for example:\n"
        )
        + json.dumps(template, ensure_ascii=False, indent=2)
    )


def _restore(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    from assessment.db import session_scope
    from assessment.importing import read_limited
    from assessment.restore import restore_organisation

    given = [f"--{name}" for name in RESPONSE_OPTIONS if getattr(args, name)]
    if given:
        output.error(
            _("a JSON backup restores its own organisation: leave out {join}").format(join=", ".join(given))
        )
        return EXIT_USAGE
    try:
        data = json.loads(read_limited(args.file))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        output.error(_("{name} is not valid JSON ({error})").format(name=args.file.name, error=error))
        return EXIT_PROBLEMS
    with session_scope(engine) as session:
        result = restore_organisation(actor=operator(), session=session, data=data)
    output.message(
        _(
            "restored organisation '{name}' (id {id}): {units} units, {assessments} assessments, "
            "{respondents} respondents, {answers} answers"
        ).format(
            name=result.organisation.name,
            id=result.organisation.id,
            units=result.units,
            assessments=result.assessments,
            respondents=result.respondents,
            answers=result.answers,
        )
    )
    if result.replaced_secrets:
        output.message(
            _(
                "{replaced_secrets} respondent token(s) or join code(s) were already in use here and were "
                "replaced by new ones"
            ).format(replaced_secrets=result.replaced_secrets)
        )
    output.result(str(result.organisation.id))
    return EXIT_OK


@database_command
def export_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """One assessment, or every assessment of an organisation, as CSV, XLSX or JSON."""
    from assessment.db import session_scope
    from assessment.exporting import export_assessment, export_organisation
    from scoring.formatting import count_text

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
        output.error(
            _("cannot write {output}: {value}").format(output=args.output, value=error.strerror or error)
        )
        return EXIT_PROBLEMS
    table = f" ({args.table})" if args.format == "csv" else ""
    output.message(
        _("wrote {what} as {upper}{table} to {output} ({count} bytes)").format(
            what=what, upper=args.format.upper(), table=table, output=args.output, count=count_text(len(data))
        )
    )
    return EXIT_OK
