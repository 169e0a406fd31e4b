"""Who may do what, as pure rules: no database needed."""

from __future__ import annotations

import pytest

from assessment.access import Action, Actor, local_mode_actor, may, readable_organisations, require_respondent
from assessment.errors import PermissionDeniedError

OWNER_OF_1 = Actor.person("o@example.org", {1: "owner", 2: "viewer"})


@pytest.mark.parametrize(
    ("action", "organisation", "allowed"),
    [
        (Action.READ, 1, True),
        (Action.MANAGE, 1, True),
        (Action.READ, 2, True),
        (Action.RUN, 2, False),
        (Action.READ, 3, False),
    ],
)
def test_roles_include_the_ones_below_and_apply_to_their_organisation_only(action, organisation, allowed):
    assert may(OWNER_OF_1, action, organisation) is allowed


def test_an_admin_manages_members_everywhere_but_reads_only_where_a_member():
    admin = Actor.person("a@example.org", {}, is_admin=True)
    assert may(admin, Action.MANAGE_MEMBERS, 9)
    assert not may(admin, Action.READ, 9)
    assert readable_organisations(admin) == frozenset()


def test_the_person_at_the_machine_is_the_operator_and_everyone_else_only_a_visitor():
    assert local_mode_actor(client_address=None, forwarded=False).is_operator
    assert local_mode_actor(client_address="192.168.1.20", forwarded=False).kind == "visitor"
    # A proxy on the same machine connects from loopback but forwards someone else.
    assert local_mode_actor(client_address=None, forwarded=True).kind == "visitor"


def test_a_participant_answers_as_themselves_only():
    require_respondent(Actor.participant(5), 5)
    require_respondent(Actor.operator(), 5)
    for other in (Actor.participant(6), OWNER_OF_1, Actor.visitor()):
        with pytest.raises(PermissionDeniedError):
            require_respondent(other, 5)
