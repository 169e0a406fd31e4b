"""Who may do what: the one place that answers "may this person do this to that organisation".

Pure rules over an :class:`Actor` (who is asking, with their memberships already read) and the
organisation concerned. Every service that reads or changes organisation data calls
:func:`require` first, so a page cannot skip the check by drawing a different widget; pages
may call :func:`may` to hide what a person cannot do, but hiding is never the check.

Roles are per organisation and ordered: a **viewer** reads results and reports; a
**facilitator** also runs assessments and workshops, imports and exports; an **owner** also
manages members, renames and deletes. An **instance admin** creates organisations, names
their owners and manages members everywhere, but reads an organisation's answers only as a
member of it. The **local operator** (the command line, and the person at the machine in
local mode) may do everything. A **participant** holds one respondent's secret token and
may answer only as that respondent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final, Literal

from assessment.errors import PermissionDeniedError
from questionnaires.i18n import LazyText, _, lazy_gettext

Role = Literal["viewer", "facilitator", "owner"]
ROLES: Final[tuple[Role, ...]] = ("viewer", "facilitator", "owner")  # each includes the ones before
ActorKind = Literal["operator", "person", "participant", "visitor"]


class Action(StrEnum):
    """What a person does to an organisation, each needing the role beside it."""

    READ = "read"  # results, reports, exports' scores: viewer
    RUN = "run"  # assessments, workshops, targets, imports, exports with names: facilitator
    MANAGE = "manage"  # rename, delete, restore: owner
    MANAGE_MEMBERS = "manage members"  # owner, or an instance admin


NEEDED_ROLE: Final[Mapping[Action, Role]] = MappingProxyType(
    {Action.READ: "viewer", Action.RUN: "facilitator", Action.MANAGE: "owner", Action.MANAGE_MEMBERS: "owner"}
)
# Refusals in the language of whoever is refused (the audit keeps ``Actor.describe``, in English).
_REFUSALS: Final[Mapping[Action, LazyText]] = MappingProxyType(
    {
        Action.READ: lazy_gettext("{who} may not see this organisation"),
        Action.RUN: lazy_gettext("{who} may not run assessments of this organisation"),
        Action.MANAGE: lazy_gettext("{who} may not manage this organisation"),
        Action.MANAGE_MEMBERS: lazy_gettext("{who} may not manage the members of this organisation"),
    }
)


def _no_memberships() -> Mapping[int, Role]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Actor:
    """Who is asking. Build one with the constructors below, never by hand in a page."""

    kind: ActorKind
    email: str | None = None
    is_admin: bool = False
    memberships: Mapping[int, Role] = field(default_factory=_no_memberships)
    respondent_id: int | None = None

    @classmethod
    def operator(cls) -> Actor:
        """The command line, or the person at the machine in local mode: may do everything."""
        return cls(kind="operator")

    @classmethod
    def visitor(cls) -> Actor:
        """Someone not signed in: may join a workshop, nothing else."""
        return cls(kind="visitor")

    @classmethod
    def person(cls, email: str, memberships: Mapping[int, Role], *, is_admin: bool = False) -> Actor:
        """A signed-in person with their roles per organisation id."""
        return cls(
            kind="person", email=email, is_admin=is_admin, memberships=MappingProxyType(dict(memberships))
        )

    @classmethod
    def participant(cls, respondent_id: int) -> Actor:
        """Whoever holds respondent ``respondent_id``'s secret token."""
        return cls(kind="participant", respondent_id=respondent_id)

    @property
    def is_operator(self) -> bool:
        return self.kind == "operator"

    @property
    def describe(self) -> str:
        """Who this is, for messages and the audit of a refusal."""
        if self.kind == "person":
            return self.email or "a signed-in person"
        if self.kind == "participant":
            return "a participant"
        return "the local operator" if self.is_operator else "a visitor who is not signed in"

    def role_in(self, organisation_id: int) -> Role | None:
        return self.memberships.get(organisation_id)

    def sees_every_organisation(self) -> bool:
        """Whether lists of organisations are unfiltered (their names only, for an admin)."""
        return self.is_operator or self.is_admin


def has_role(role: Role | None, needed: Role) -> bool:
    return role is not None and ROLES.index(role) >= ROLES.index(needed)


def may(actor: Actor, action: Action, organisation_id: int) -> bool:
    """Whether ``actor`` may do ``action`` to the organisation ``organisation_id``."""
    if actor.is_operator:
        return True
    if action is Action.MANAGE_MEMBERS and actor.is_admin:
        return True
    return has_role(actor.role_in(organisation_id), NEEDED_ROLE[action])


def require(actor: Actor, action: Action, organisation_id: int) -> None:
    """Raise :class:`PermissionDeniedError` unless ``actor`` may do ``action`` to the organisation.

    The message never names the organisation: a person outside it must not learn it exists.
    """
    if not may(actor, action, organisation_id):
        refusal = _REFUSALS[action].format(who=_who(actor))
        if actor.kind == "person":
            refusal += " " + _("(it needs the {role} role)").format(role=NEEDED_ROLE[action])
        raise PermissionDeniedError(refusal)


def require_admin(actor: Actor, doing: str) -> None:
    """Instance-wide actions (creating an organisation): an instance admin or the operator."""
    if not (actor.is_operator or actor.is_admin):
        raise PermissionDeniedError(
            _("{who} may not {doing}: it needs an instance admin").format(who=_who(actor), doing=doing)
        )


def require_respondent(actor: Actor, respondent_id: int) -> None:
    """A respondent's answers are read and changed only through their own token (or by the operator)."""
    if actor.is_operator or (actor.kind == "participant" and actor.respondent_id == respondent_id):
        return
    raise PermissionDeniedError(
        _("{who} may not read or change another respondent's answers").format(who=_who(actor))
    )


def _who(actor: Actor) -> str:
    """``actor`` as a refusal names them, in the current language."""
    if actor.kind == "person":
        return actor.email or _("a signed-in person")
    if actor.kind == "participant":
        return _("a participant")
    return _("the local operator") if actor.is_operator else _("a visitor who is not signed in")


def readable_organisations(actor: Actor) -> frozenset[int] | None:
    """The organisation ids whose data ``actor`` may read; None for all (the operator)."""
    if actor.is_operator:
        return None
    return frozenset(org for org, role in actor.memberships.items() if has_role(role, "viewer"))


def local_mode_actor(*, client_address: str | None, forwarded: bool) -> Actor:
    """Who someone is in local mode (no sign-in configured, e.g. ``make run`` on a laptop).

    The person at the machine (a loopback connection: Streamlit reports no client address for
    it) is the operator; anyone else on the network, or anyone coming through a proxy (which
    connects from loopback but forwards someone else), is a visitor who can only join workshops.
    """
    return Actor.operator() if client_address is None and not forwarded else Actor.visitor()
