"""``report`` (an assessment's roadmap PDF) and ``compare`` (an organisation's comparison PDF)."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import database_command, operator, organisation_by_name_or_id
from cli.output import EXIT_OK, EXIT_PROBLEMS, Output

if TYPE_CHECKING:
    from sqlalchemy import Engine


@database_command
def report_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Write a stored assessment's roadmap PDF."""
    from assessment import services
    from assessment.db import session_scope
    from reports.context import ReportContext
    from reports.roadmap import build_roadmap_pdf

    with session_scope(engine, write=False) as session:
        info = services.get_assessment_info(
            actor=operator(), session=session, assessment_id=args.assessment_id
        )
        result = services.score_assessment(
            actor=operator(), session=session, assessment_id=args.assessment_id
        )
    pdf = build_roadmap_pdf(result, services.current_bank(), ReportContext.for_assessment(info))
    written = _write(pdf, args.output, f"the roadmap of assessment {info.id} '{info.title}'", output)
    if written == EXIT_OK:
        with session_scope(engine) as session:
            services.record_report(
                session=session, actor=operator(), assessment_id=info.id, organisation_id=info.organisation_id
            )
    return written


@database_command
def compare_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Write the comparison PDF of an organisation's units."""
    from assessment import services
    from assessment.db import session_scope
    from reports.comparison import build_comparison_pdf
    from reports.context import ComparisonContext

    with session_scope(engine, write=False) as session:
        organisation = organisation_by_name_or_id(session, args.org)
        comparison = services.score_organisation(
            actor=operator(), session=session, organisation_id=organisation.id
        )
    if not comparison.entries:
        output.error(f"organisation '{organisation.name}' has no answered assessment to compare yet")
        return EXIT_PROBLEMS
    context = ComparisonContext(organisation=organisation.name)
    pdf = build_comparison_pdf(comparison, services.current_bank(), context)
    what = f"the comparison of {len(comparison.entries)} unit(s) of '{organisation.name}'"
    return _write(pdf, args.output, what, output)


def _write(pdf: bytes, path: Path, what: str, output: Output) -> int:
    """Write through a temporary file beside ``path``: a failed write never leaves half a PDF."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        output.error(f"cannot write {path}: the folder {directory} does not exist")
        return EXIT_PROBLEMS
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".wayfinder-", suffix=".pdf")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(pdf)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        output.error(f"cannot write {path}: {error.strerror or error}")
        return EXIT_PROBLEMS
    output.message(f"wrote {what} to {path} ({len(pdf):,} bytes)")
    return EXIT_OK
