"""``init`` and ``demo``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cli.common import database_command, describe, operator
from cli.language import _
from cli.output import EXIT_OK, Output

if TYPE_CHECKING:
    from sqlalchemy import Engine


@database_command
def init(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """The schema is already up to date (``database_command``); seed the demo into an empty database."""
    from assessment import services
    from assessment.db import head_revision, session_scope
    from assessment.demo import create_demo, database_is_empty

    output.message(
        _("database {describe} is ready (schema revision {head_revision})").format(
            describe=describe(engine), head_revision=head_revision()
        )
    )
    purged = services.apply_retention(engine)
    if purged.total:
        output.message(
            _("purged {total} deleted item(s) whose retention period had ended").format(total=purged.total)
        )
    with session_scope(engine) as session:
        if args.no_demo or not database_is_empty(session=session):
            return EXIT_OK
        organisation = create_demo(actor=operator(), session=session)
    output.message(
        _("added the demo organisation '{name}' (id {id}): {units} units, {assessments} assessments").format(
            name=organisation.name,
            id=organisation.id,
            units=organisation.units,
            assessments=organisation.assessments,
        )
    )
    return EXIT_OK


@database_command
def demo(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Add the demo organisation unless it is there already; print its id."""
    from assessment import services
    from assessment.db import session_scope
    from assessment.demo import DEMO_ORGANISATION, create_demo

    with session_scope(engine) as session:
        existing = services.find_organisation(actor=operator(), session=session, name=DEMO_ORGANISATION)
        organisation = existing or create_demo(actor=operator(), session=session)
    if existing:
        output.message(
            _("the demo organisation already exists (id {id}); nothing changed").format(id=existing.id)
        )
    else:
        output.message(
            _("added the demo organisation '{name}': {units} units, {assessments} assessments").format(
                name=organisation.name, units=organisation.units, assessments=organisation.assessments
            )
        )
    output.result(str(organisation.id))
    return EXIT_OK
