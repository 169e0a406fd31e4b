"""``delete``, ``restore``, ``purge`` and ``export-person``: personal data from the command line."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from cli.common import database_command, operator
from cli.language import _
from cli.output import EXIT_OK, EXIT_USAGE, Output

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

KINDS = ("respondent", "assessment", "unit", "organisation")


@database_command
def delete_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Delete (restorable until purged) once confirmed with the thing's exact name."""
    from assessment import services
    from assessment.db import session_scope

    with session_scope(engine) as session:
        name = _name(session, args.kind, args.id)
        if args.confirm is None:
            output.error(
                _(
                    "this deletes {kind} {id} '{name}'{what_goes}; "
                    "to go ahead, repeat with --confirm '{name}'"
                ).format(kind=args.kind, id=args.id, name=name, what_goes=_what_goes(args.kind))
            )
            return EXIT_USAGE
        delete = {
            "respondent": services.delete_respondent,
            "assessment": services.delete_assessment,
            "unit": services.delete_unit,
            "organisation": services.delete_organisation,
        }[args.kind]
        delete(session=session, actor=operator(), **{f"{args.kind}_id": args.id}, confirm=args.confirm)
    output.message(
        _(
            "deleted {kind} {id} '{name}'{what_goes}: 'python -m assessment restore {kind} {id}' "
            "brings it back until it is purged"
        ).format(kind=args.kind, id=args.id, name=name, what_goes=_what_goes(args.kind))
    )
    return EXIT_OK


@database_command
def restore_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    from assessment import services
    from assessment.db import session_scope

    restore = {
        "respondent": services.restore_respondent,
        "assessment": services.restore_assessment,
        "unit": services.restore_unit,
        "organisation": services.restore_organisation,
    }[args.kind]
    with session_scope(engine) as session:
        restore(session=session, actor=operator(), **{f"{args.kind}_id": args.id})
    output.message(_("restored {kind} {id}").format(kind=args.kind, id=args.id))
    return EXIT_OK


@database_command
def purge_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    from assessment import services
    from assessment.db import scrub, session_scope

    with session_scope(engine) as session:
        report = services.purge(session=session, actor=operator(), older_than_days=args.older_than)
    scrub(engine)
    period = (
        _("each organisation's retention period")
        if args.older_than is None
        else _("{days} day(s)").format(days=args.older_than)
    )
    output.message(
        _(
            "purged what was deleted more than {period} ago: {organisations} organisation(s), {units} "
            "unit(s), {assessments} assessment(s), {respondents} respondent(s)"
        ).format(
            period=period,
            organisations=report.organisations,
            units=report.units,
            assessments=report.assessments,
            respondents=report.respondents,
        )
    )
    return EXIT_OK


@database_command
def export_person_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Everything stored about one person (an e-mail address or a personal link's token) as JSON."""
    from assessment import services
    from assessment.access import Actor
    from assessment.db import session_scope

    who = args.person
    with session_scope(engine, write=False) as session:
        if "@" in who:
            data = services.person_data(session=session, actor=operator(), email=who)
        else:
            holder = services.respondent_by_token(session=session, token=who)
            actor = Actor.participant(holder.id) if holder else operator()
            data = services.person_data(session=session, actor=actor, token=who)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if args.output:
        args.output.write_text(text + "\n", "utf-8")
        output.message(
            _("wrote everything stored about {who} to {output}").format(who=who, output=args.output)
        )
    else:
        output.result(text)
    return EXIT_OK


def _what_goes(kind: str) -> str:
    """What goes with a deleted ``kind``, as the end of a sentence."""
    return {
        "respondent": _(" with all their answers and notes"),
        "assessment": _(" with its respondents, answers and notes"),
        "unit": _(" with its teams and all their assessments"),
        "organisation": _(" with all its units, assessments and members' access"),
    }[kind]


def _name(session: Session, kind: str, object_id: int) -> str:
    """The exact name a delete is confirmed with."""
    from assessment.errors import NotFoundError
    from assessment.models import Assessment, Organisation, Respondent, Unit

    model = {"respondent": Respondent, "assessment": Assessment, "unit": Unit, "organisation": Organisation}[
        kind
    ]
    row = session.get(model, object_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(
            _("there is no {kind} with id {object_id}").format(kind=kind, object_id=object_id)
        )
    return str(row.label if kind == "respondent" else row.title if kind == "assessment" else row.name)
