"""AppTests of the organisation profile: owners give it on the Members and settings page, the
results page proposes targets from it and applies them, and a find-out plan item's card."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from assessment import db, services
from assessment.models import AuditEvent
from assessment.profiles import OrganisationProfile
from assessment.services.organisations import organisation_profile, set_organisation_profile
from tests.english import english_left
from tests.factories import OPERATOR, make_answered_assessment, make_organisation, make_person, unique_name
from tests.ui.conftest import AUTH_SECRETS, by_label, open_sections, signed_in
from tests.ui.helpers_insight import page, shown_tables
from tests.ui.test_access_pages import rendered_texts
from ui import language as ui_language
from ui import state

SMALL_BOUGHT = {"culture": 4.0, "devops": 3.0, "architecture": 3.0, "procurement": 4.0, "skills": 3.0}


def owner_opening(engine: Engine, organisation_id: int, role: str = "owner") -> dict:
    with db.session_scope(engine) as session:
        make_person(session, {organisation_id: role}, f"{role}@aurora.example")
    return {"user": signed_in(f"{role}@aurora.example"), "secrets": {"auth": dict(AUTH_SECRETS)}}


def test_an_owner_gives_the_profile_on_the_settings_page(engine: Engine, small_bank, open_page) -> None:
    with db.session_scope(engine) as session:
        organisation = make_organisation(session, name="Aurora Agency")
    app = open_page("members", from_menu=True, **owner_opening(engine, organisation.id))
    assert "Organisation profile" in [header.value for header in app.header]

    by_label(app.selectbox, "Size").set_value("small")
    by_label(app.selectbox, "Sourcing model").set_value("bought")
    by_label(app.button, "Save profile").click().run()

    assert not app.exception
    assert "Profile saved" in app.success[0].value
    with db.session_scope(engine, write=False) as session:
        profile = organisation_profile(session=session, actor=OPERATOR, organisation_id=organisation.id)
        audited = session.exec(select(AuditEvent.actor).where(col(AuditEvent.action) == "settings")).all()
    assert profile == OrganisationProfile(size="small", sourcing="bought")
    assert audited == ["owner@aurora.example"]
    # The form shows what is stored, named for people.
    assert by_label(app.selectbox, "Size").value == "small"
    assert "Small: under 250 staff" in by_label(app.selectbox, "Size").options


def test_an_instance_admin_manages_members_but_gets_no_profile_form(
    engine: Engine, small_bank, open_page
) -> None:
    with db.session_scope(engine) as session:
        make_organisation(session, name="Aurora Agency")
        services.add_admin(actor=OPERATOR, session=session, email="admin@example.org")
    app = open_page(
        "members", from_menu=True, user=signed_in("admin@example.org"), secrets={"auth": dict(AUTH_SECRETS)}
    )
    assert not app.exception
    assert "Members" in [header.value for header in app.header]
    assert "Organisation profile" not in [header.value for header in app.header]
    assert not [button for button in app.button if button.label == "Save profile"]


def seed(engine: Engine, profile: tuple[str, str] | None) -> int:
    """An answered assessment started before its organisation's profile was given (``profile``)."""
    with db.session_scope(engine) as session:
        made = make_answered_assessment(
            session,
            {"Lead": {"culture.q1": 2, "devops.q1": 2}},
            organisation=unique_name("Canton de Vaud"),
            unit="Service numérique",
        )
        if profile is not None:
            set_organisation_profile(
                session=session,
                actor=OPERATOR,
                organisation_id=made.organisation_id,
                size=profile[0],
                sourcing=profile[1],
            )
    return made.assessment.id


def stored_targets(engine: Engine, assessment_id: int) -> dict[str, float]:
    with db.session_scope(engine, write=False) as session:
        info = services.get_assessment_info(session=session, actor=OPERATOR, assessment_id=assessment_id)
    return dict(info.area_targets)


def test_the_results_page_proposes_targets_from_the_profile_and_applies_them(
    engine: Engine, small_bank
) -> None:
    assessment_id = seed(engine, ("small", "bought"))
    app = open_sections(page("results", query={"assessment": str(assessment_id)}).run(), "wf_targets_open")
    assert not app.exception
    assert "Proposed from your profile" in [header.value for header in app.subheader]
    proposal = next(frame for frame in shown_tables(app) if "Proposed target" in frame.columns)
    why = dict(zip(proposal["Area"], proposal["Why"], strict=True))
    assert why["Procurement and suppliers"].startswith("buying well is its lever")
    assert dict(zip(proposal["Area"], proposal["Proposed target"], strict=True))["DevOps and delivery"] == "3"

    by_label(app.button, "Apply the proposed targets").click().run()

    assert not app.exception
    assert stored_targets(engine, assessment_id) == SMALL_BOUGHT
    assert any("The proposed targets are applied" in s.value for s in app.success)
    assert app.number_input(key=f"target_{assessment_id}_devops").value == 3.0  # the form shows them
    assert by_label(app.button, "Apply the proposed targets").disabled
    # Every target stays editable after applying.
    app.number_input(key=f"target_{assessment_id}_devops").set_value(4.5)
    by_label(app.button, "Save targets and focus").click().run()
    assert stored_targets(engine, assessment_id)["devops"] == 4.5


def test_applying_after_someone_else_saved_targets_is_refused_and_keeps_their_change(
    engine: Engine, small_bank
) -> None:
    assessment_id = seed(engine, ("small", "bought"))
    app = open_sections(page("results", query={"assessment": str(assessment_id)}).run(), "wf_targets_open")
    with db.session_scope(engine) as session:
        services.update_targets(
            session=session, actor=OPERATOR, assessment_id=assessment_id, area_targets={"culture": 5.0}
        )

    by_label(app.button, "Apply the proposed targets").click().run()

    assert not app.exception
    assert any("someone else changed the targets" in e.value for e in app.error)
    assert stored_targets(engine, assessment_id) == {"culture": 5.0}


def test_without_a_profile_the_page_says_where_to_give_one_and_proposes_nothing(
    engine: Engine, small_bank
) -> None:
    assessment_id = seed(engine, None)
    app = open_sections(page("results", query={"assessment": str(assessment_id)}).run(), "wf_targets_open")
    assert not app.exception
    assert not [b for b in app.button if b.label == "Apply the proposed targets"]
    assert any("Members and settings page" in caption.value for caption in app.caption)


def test_a_find_out_item_on_the_plan_board_reads_find_out_not_a_level(engine: Engine, small_bank) -> None:
    with db.session_scope(engine) as session:
        made = make_answered_assessment(
            session, {"Lead": {"culture.q1": "dont_know"}}, assessed_on=date(2025, 3, 1)
        )
        services.adopt_backlog(
            session=session, actor=OPERATOR, assessment_id=made.assessment.id, keys=["culture.q1@find-out"]
        )
    app = page("plan").run()
    assert not app.exception
    cards = [caption.value for caption in app.caption if "culture.q1" in caption.value]
    assert cards and all(card.endswith("culture.q1 find out") for card in cards)
    assert not any("1 → 1" in caption.value for caption in app.caption)


@pytest.mark.parametrize("code", ["fr", "de"])
def test_the_proposal_and_the_profile_form_are_in_the_readers_language(
    engine: Engine, small_bank, open_page, code
) -> None:
    assessment_id = seed(engine, ("small", "bought"))
    with db.session_scope(engine, write=False) as session:
        info = services.get_assessment_info(session=session, actor=OPERATOR, assessment_id=assessment_id)
    opening = {
        "query_params": {ui_language.QUERY_LANGUAGE: code, state.QUERY_ASSESSMENT: str(assessment_id)},
        "session_state": {state.ORGANISATION_ID: info.organisation_id, state.ASSESSMENT_ID: assessment_id},
    }
    for name in ("results", "members"):
        app = open_page(name, **opening)
        if name == "results":
            app = open_sections(app, "wf_targets_open")
        assert not app.exception
        text = "\n".join(rendered_texts(app))
        # The small test bank has no translations: its own English words are not the interface's.
        assert english_left(text, code, besides=json.dumps(small_bank.to_dict())) == [], name
    expected = {"fr": "bien acheter est son levier", "de": "gut einkaufen ist ihr Hebel"}[code]
    results = open_sections(open_page("results", **opening), "wf_targets_open")
    assert expected in "\n".join(rendered_texts(results))
