"""``report`` (an assessment's roadmap PDF) and ``compare`` (an organisation's comparison PDF)."""

from __future__ import annotations

import argparse
import os
import tempfile
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import DatabaseCommand, database_command, operator, organisation_by_name_or_id
from cli.language import _
from cli.output import EXIT_OK, EXIT_PROBLEMS, Output

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from scoring.results import UnitTrend


def _in_asked_language(command: DatabaseCommand) -> DatabaseCommand:
    """``command`` with its messages in ``--lang`` when given (else the terminal's language)."""

    @wraps(command)
    def run(args: argparse.Namespace, output: Output, engine: Engine) -> int:
        from questionnaires.i18n import language

        with language(args.lang):
            return command(args, output, engine)

    return run


@database_command
@_in_asked_language
def report_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Write a stored assessment's roadmap PDF."""
    from assessment import services
    from assessment.db import session_scope
    from questionnaires.i18n import _, language
    from reports.context import ReportContext
    from reports.roadmap import build_roadmap_pdf

    with session_scope(engine, write=False) as session:
        info = services.get_assessment_info(
            actor=operator(), session=session, assessment_id=args.assessment_id
        )
        # The whole PDF in one language: the one asked for, else the assessment's report language.
        with language(args.lang or info.report_language):
            result = services.score_assessment(
                actor=operator(), session=session, assessment_id=args.assessment_id
            )
            result, progress = services.review_round(
                actor=operator(), session=session, assessment_id=args.assessment_id, result=result
            )
            bank = services.shown_bank(services.bank_by_version(session, info.bank_version))
            pdf = build_roadmap_pdf(result, bank, ReportContext.for_assessment(info), progress)
    what = _("the roadmap of assessment {id} '{title}'").format(id=info.id, title=info.title)
    written = write_atomically(pdf, args.output, what, output)
    if written == EXIT_OK:
        with session_scope(engine) as session:
            services.record_report(
                session=session, actor=operator(), assessment_id=info.id, organisation_id=info.organisation_id
            )
    return written


@database_command
@_in_asked_language
def compare_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Write the comparison PDF of an organisation's units."""
    from assessment import services
    from assessment.db import session_scope
    from questionnaires.i18n import _, ngettext
    from reports.comparison import build_comparison_pdf
    from reports.context import ComparisonContext

    with session_scope(engine, write=False) as session:
        organisation = organisation_by_name_or_id(session, args.org)
        comparison = services.score_organisation(
            actor=operator(), session=session, organisation_id=organisation.id
        )
        bank = services.shown_bank(services.comparison_bank(session=session, comparison=comparison))
        trend = _unit_trend(session, organisation.id, args.unit) if args.unit else None
    if not comparison.entries:
        output.error(
            _("organisation '{name}' has no answered assessment to compare yet").format(
                name=organisation.name
            )
        )
        return EXIT_PROBLEMS
    context = ComparisonContext(organisation=organisation.name)
    pdf = build_comparison_pdf(comparison, bank, context, trend)
    count = len(comparison.entries)
    what = ngettext(
        "the comparison of {count} unit of '{name}'", "the comparison of {count} units of '{name}'", count
    ).format(count=count, name=organisation.name)
    return write_atomically(pdf, args.output, what, output)


def _unit_trend(session: Session, organisation_id: int, name_or_id: str) -> UnitTrend:
    """The rounds over time of the unit ``--unit`` names (by id or path), for the comparison PDF."""
    from assessment import services
    from assessment.errors import NotFoundError

    units = services.list_units(actor=operator(), session=session, organisation_id=organisation_id)
    unit = next((u for u in units if str(u.id) == name_or_id or name_or_id in (u.name, u.path)), None)
    if unit is None:
        raise NotFoundError(
            _("the organisation has no unit called '{name_or_id}'").format(name_or_id=name_or_id)
        )
    trend = services.unit_trend(actor=operator(), session=session, unit_id=unit.id)
    return trend.for_report(unit.path)


def write_atomically(data: bytes, path: Path, what: str, output: Output) -> int:
    """Write through a temporary file beside ``path``: a failed write never leaves half a file."""
    from scoring.formatting import count_text

    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        output.error(
            _("cannot write {path}: the folder {directory} does not exist").format(
                path=path, directory=directory
            )
        )
        return EXIT_PROBLEMS
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".wayfinder-", suffix=path.suffix)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        output.error(_("cannot write {path}: {value}").format(path=path, value=error.strerror or error))
        return EXIT_PROBLEMS
    output.message(
        _("wrote {what} to {path} ({count} bytes)").format(what=what, path=path, count=count_text(len(data)))
    )
    return EXIT_OK
