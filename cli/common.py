"""What every database command shares: the engine, the upgrade, and friendly errors.

The database layer loads SQLAlchemy and SQLModel, so it is imported inside the functions
that run a command, never when the parser is built.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from cli.language import _
from cli.output import EXIT_PROBLEMS, Output

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from assessment.access import Actor
    from assessment.records import OrganisationInfo

DatabaseCommand = Callable[[argparse.Namespace, Output, "Engine"], int]


def database_command(body: DatabaseCommand) -> Callable[[argparse.Namespace, Output], int]:
    """Open the configured database, bring its schema up to date, run ``body``, report errors."""

    @wraps(body)
    def run(args: argparse.Namespace, output: Output) -> int:
        from sqlalchemy.exc import OperationalError

        from assessment.db import DatabaseError, create_db_engine, current_revision, head_revision, upgrade
        from assessment.errors import WayfinderError

        try:
            engine = create_db_engine()
        except Exception as error:  # a malformed URL: SQLAlchemy raises several kinds
            output.error(
                _("WAYFINDER_DATABASE_URL is not a usable database URL: {error}").format(error=error)
            )
            return EXIT_PROBLEMS
        try:
            before = current_revision(engine)
            upgrade(engine)
            after = head_revision()
            if before is None:
                output.message(
                    _("created the database schema (revision {after}) in {describe}").format(
                        after=after, describe=describe(engine)
                    )
                )
            elif before != after:
                output.message(
                    _("upgraded the database schema from revision {before} to {after}; data kept").format(
                        before=before, after=after
                    )
                )
            return body(args, output, engine)
        except (WayfinderError, DatabaseError) as error:
            output.error(str(error))
            return EXIT_PROBLEMS
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            output.error(
                _("cannot use the database {describe}: {reason}").format(
                    describe=describe(engine), reason=reason
                )
            )
            return EXIT_PROBLEMS
        finally:
            engine.dispose()

    return run


def describe(engine: Engine) -> str:
    """The database URL without its password, for messages."""
    return engine.url.render_as_string(hide_password=True)


def organisation_by_name_or_id(session: Session, name_or_id: str) -> OrganisationInfo:
    """The organisation a command names, by id ("3") or exact name."""
    from assessment import services
    from assessment.errors import NotFoundError

    if name_or_id.isdigit():
        return services.get_organisation(actor=operator(), session=session, organisation_id=int(name_or_id))
    found = services.find_organisation(actor=operator(), session=session, name=name_or_id)
    if found is None:
        raise NotFoundError(
            _("there is no organisation called '{name_or_id}' (python -m assessment list shows them)").format(
                name_or_id=name_or_id
            )
        )
    return found


def operator() -> Actor:
    """The command line's actor: the local operator, who may do everything.

    Whoever can run the command line on the server can read its database settings anyway;
    roles protect the app, which anyone on the network can reach.
    """
    from assessment.access import Actor

    return Actor.operator()
