"""``backlog export`` (a unit's plan for Jira, Azure DevOps, GitHub or Excel) and ``backlog import``
(statuses back from Jira's or Azure DevOps' own CSV export)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cli.common import database_command, operator
from cli.language import _
from cli.output import EXIT_OK, EXIT_PROBLEMS, Output
from cli.report import write_atomically

if TYPE_CHECKING:
    from sqlalchemy import Engine


@database_command
def export_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Write unit ``args.unit_id``'s plan in ``args.format``."""
    from assessment import services
    from assessment.db import session_scope
    from assessment.plan_exchange import export_plan

    with session_scope(engine, write=False) as session:
        unit = services.get_unit(session=session, actor=operator(), unit_id=args.unit_id)
        plan = services.get_plan(session=session, actor=operator(), unit_id=args.unit_id)
    if plan is None:
        output.error(
            _("unit {id} '{path}' has no plan yet: adopt a backlog on the Plan page").format(
                id=unit.id, path=unit.path
            )
        )
        return EXIT_PROBLEMS
    data = export_plan(plan, args.format, unit=unit.path)
    what = f"the plan of unit {unit.id} '{unit.path}' ({len(plan.items)} item(s), {args.format})"
    return write_atomically(data, args.output, what, output)


@database_command
def import_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Set the statuses a Jira or Azure DevOps CSV export reports, all or none."""
    from assessment import services
    from assessment.db import session_scope
    from assessment.plan_exchange import read_statuses

    try:
        data = args.file.read_bytes()
    except OSError as error:
        output.error(_("cannot read {file}: {value}").format(file=args.file, value=error.strerror or error))
        return EXIT_PROBLEMS
    rows = read_statuses(data)
    with session_scope(engine) as session:
        changed = services.import_statuses(session=session, actor=operator(), unit_id=args.unit_id, rows=rows)
    output.message(
        _("read {count} item(s) from {file}; {count2} status(es) changed").format(
            count=len(rows), file=args.file, count2=len(changed)
        )
    )
    for key in changed:
        output.result(key)
    return EXIT_OK
