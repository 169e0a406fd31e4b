"""``members``: who may do what in an organisation, and the instance admins."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cli.common import database_command, operator, organisation_by_name_or_id
from cli.language import _
from cli.output import EXIT_OK, EXIT_USAGE, Output

if TYPE_CHECKING:
    from sqlalchemy import Engine


@database_command
def add_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    from assessment import services
    from assessment.db import session_scope

    if not _one_target(args, output):
        return EXIT_USAGE
    with session_scope(engine) as session:
        if args.admin:
            services.add_admin(session=session, actor=operator(), email=args.email)
            output.message(_("{email} is an instance admin").format(email=args.email))
            return EXIT_OK
        organisation = organisation_by_name_or_id(session, args.org)
        member = services.add_member(
            session=session,
            actor=operator(),
            organisation_id=organisation.id,
            email=args.email,
            role=args.role,
        )
    output.message(
        _("{email} is {role} of '{name}'").format(
            email=member.email, role=member.role, name=organisation.name
        )
    )
    return EXIT_OK


@database_command
def list_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    from assessment import services
    from assessment.db import session_scope

    if not _one_target(args, output, role_allowed=False):
        return EXIT_USAGE
    with session_scope(engine, write=False) as session:
        if args.admin:
            for email in services.list_admins(session=session, actor=operator()):
                output.result(email)
            return EXIT_OK
        organisation = organisation_by_name_or_id(session, args.org)
        members = services.list_members(session=session, actor=operator(), organisation_id=organisation.id)
    for member in members:
        output.result(f"{member.email}\t{member.role}")
    if not members:
        output.message(_("'{name}' has no members yet").format(name=organisation.name))
    return EXIT_OK


@database_command
def remove_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    from assessment import services
    from assessment.db import session_scope

    if not _one_target(args, output, role_allowed=False):
        return EXIT_USAGE
    with session_scope(engine) as session:
        if args.admin:
            services.remove_admin(session=session, actor=operator(), email=args.email)
            output.message(_("{email} is no longer an instance admin").format(email=args.email))
            return EXIT_OK
        organisation = organisation_by_name_or_id(session, args.org)
        services.remove_member(
            session=session, actor=operator(), organisation_id=organisation.id, email=args.email
        )
    output.message(
        _("{email} is no longer a member of '{name}'").format(email=args.email, name=organisation.name)
    )
    return EXIT_OK


def _one_target(args: argparse.Namespace, output: Output, *, role_allowed: bool = True) -> bool:
    """Exactly one of --org and --admin; a role only with --org."""
    if bool(args.org) == bool(args.admin):
        output.error(
            _("give either --org NAME (a member of one organisation) or --admin (an instance admin)")
        )
        return False
    if role_allowed and args.org and not args.role:
        output.error(_("give the member's --role: owner, facilitator or viewer"))
        return False
    return True
