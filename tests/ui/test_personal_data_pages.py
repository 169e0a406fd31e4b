"""Personal data in the app: withdrawing, removing a participant, deleting with the exact name,
anonymous workshops, the audit trail and the privacy notice (issue 11)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import col, select

from assessment import services
from assessment.access import Actor
from assessment.models import AuditEvent, Respondent
from assessment.records import AssessmentInfo
from assessment.services.audit import record as record_audit
from tests.factories import OPERATOR, answer_all, make_assessment, make_organisation, make_person
from tests.ui.conftest import AUTH_SECRETS, SIGNED_OUT, by_label, open_sections, signed_in
from tests.ui.helpers_insight import shown_tables, table
from tests.ui.test_access_pages import leaks, rendered_texts, shown_page
from ui import downloads
from ui.answering import answer_key
from ui.your_data import YOUR_DATA

SIGN_IN = {"auth": dict(AUTH_SECRETS)}


@pytest.fixture
def workshop(db, small_bank) -> AssessmentInfo:
    with db() as session:
        organisation = make_organisation(session, name="Aurora Agency")
        return make_assessment(
            session,
            organisation_id=organisation.id,
            unit="Platforms",
            title="Spring workshop",
            mode="workshop",
            assessed_on=date(2026, 3, 1),
        )


def join(db, workshop: AssessmentInfo, label: str, answers: int | None = None):
    with db() as session:
        respondent = services.join_workshop(
            session=session, join_code=workshop.join_code or "", client="test", label=label
        )
        if answers is not None:
            answer_all(session, respondent.id, answers, notes={"culture.q1": f"note of {label}"})
    return respondent


def labels(db, workshop: AssessmentInfo) -> list[str]:
    with db() as session:
        return [
            r.label
            for r in services.list_respondents(session=session, actor=OPERATOR, assessment_id=workshop.id)
        ]


def person(db, organisation_id: int, role: str, email: str) -> dict:
    """Seed a member and return the ``open_page`` arguments of them signed in."""
    with db() as session:
        make_person(session, {organisation_id: role}, email)
    return {"user": signed_in(email), "secrets": SIGN_IN}


def audit(db, action: str) -> list[tuple[str, str, int | None]]:
    with db() as session:
        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == action).order_by(AuditEvent.id)
        ).all()
        return [(e.actor, e.object_kind, e.object_id) for e in events]


def texts(app) -> str:
    return "\n".join(rendered_texts(app))


def open_section(page):
    """The questionnaire with "Your data" opened, as the participant clicking it."""
    return open_sections(page, YOUR_DATA)


# Withdrawing -------------------------------------------------------------------------------


def test_a_participant_withdraws_their_answers_after_confirming(db, workshop, open_page):
    ada = join(db, workshop, "Ada", answers=3)
    join(db, workshop, "Bo", answers=4)
    page = open_section(open_page("questionnaire", query_params={"r": ada.token}))
    assert "Ada" in texts(page) and "15 answers" in texts(page)

    page.button(key="wf_withdraw").click().run()
    warning = page.warning[0].value
    assert "15 answers and notes" in warning and "restore them for 30 days" in warning
    assert labels(db, workshop) == ["Ada", "Bo"], "nothing goes before the confirmation"
    page.button(key="wf_withdraw_confirm").click().run()

    assert not page.exception
    assert labels(db, workshop) == ["Bo"]
    with db() as session:
        assert services.respondent_by_token(session=session, token=ada.token) is None
        result = services.score_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id)
    assert result.respondents == 1, "the withdrawn answers no longer count"
    assert "Your answers and notes are withdrawn" in page.success[0].value
    assert "r" not in page.query_params
    assert audit(db, "delete") == [("participant", "respondent", ada.id)]


def test_cancelling_keeps_everything_and_a_closed_assessment_offers_no_withdrawal(db, workshop, open_page):
    ada = join(db, workshop, "Ada", answers=3)
    page = open_section(open_page("questionnaire", query_params={"r": ada.token}))
    page.button(key="wf_withdraw").click().run()
    page.button(key="wf_withdraw_cancel").click().run()
    assert labels(db, workshop) == ["Ada"]
    assert not page.warning

    with db() as session:
        services.close_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id)
    closed = open_section(open_page("questionnaire", query_params={"r": ada.token}))
    assert [b.key for b in closed.button if b.key == "wf_withdraw"] == []
    assert "ask its facilitator" in texts(closed)


def test_a_participant_downloads_everything_stored_about_them_as_json(db, engine, workshop, open_page):
    ada = join(db, workshop, "Ada", answers=2)
    page = open_page("questionnaire", query_params={"r": ada.token})
    assert not [b for b in page.get("download_button") if "stored about me" in b.proto.label], (
        "the record is read only once the section is opened"
    )
    open_section(page)
    [button] = [b for b in page.get("download_button") if "stored about me" in b.proto.label]
    assert button.proto.label == "Download everything stored about me (JSON)"

    data = json.loads(downloads.person_data(engine, Actor.participant(ada.id), ada.token)())

    [mine] = data["respondents"]
    assert mine["label"] == "Ada" and len(mine["answers"]) == 15
    assert {"question": "culture.q1", "answer": "2", "note": "note of Ada"}.items() <= mine["answers"][
        0
    ].items()


# Removing a participant ---------------------------------------------------------------------


def test_the_facilitator_removes_a_duplicate_and_can_restore_them(db, workshop, open_page):
    join(db, workshop, "Ada", answers=3)
    duplicate = join(db, workshop, "Ada", answers=1)  # joined twice: "Ada 2"
    opening = person(db, workshop.organisation_id, "facilitator", "fay@aurora.example")
    page = open_page("workshop", query_params={"assessment": str(workshop.id)}, **opening)
    open_sections(page, "wf_remove_participant_open", "wf_delete_workshop_open")
    assert not page.exception

    page.selectbox(key="wf_remove_participant").set_value(duplicate.id).run()
    assert "Ada 2" in texts(page) and "15 answers" in texts(page)
    page.text_input(key=f"wf_remove_{duplicate.id}_name").input("Ada 2")
    by_label(page.button, "Remove participant").click().run()

    assert not page.exception
    assert labels(db, workshop) == ["Ada"]
    assert "Ada 2 is removed" in page.success[0].value
    assert "Removed participants" in [header.value for header in page.subheader]

    page.button(key=f"wf_restore_participant_respondent_{duplicate.id}").click().run()
    assert labels(db, workshop) == ["Ada", "Ada 2"]
    assert audit(db, "restore") == [("fay@aurora.example", "respondent", duplicate.id)]


def test_a_wrong_name_removes_nobody_and_a_facilitator_cannot_delete_the_workshop(db, workshop, open_page):
    ada = join(db, workshop, "Ada", answers=3)
    opening = person(db, workshop.organisation_id, "facilitator", "fay@aurora.example")
    page = open_page("workshop", query_params={"assessment": str(workshop.id)}, **opening)
    open_sections(page, "wf_remove_participant_open", "wf_delete_workshop_open")

    page.text_input(key=f"wf_remove_{ada.id}_name").input("ada")
    by_label(page.button, "Remove participant").click().run()

    assert "Nothing was deleted" in page.error[0].value
    assert labels(db, workshop) == ["Ada"]
    assert not [b for b in page.button if b.label == "Delete workshop"], "owners only"


# Deleting an assessment ---------------------------------------------------------------------


def test_an_owner_deletes_an_assessment_only_with_its_exact_title(db, workshop, open_page):
    join(db, workshop, "Ada", answers=3)
    opening = person(db, workshop.organisation_id, "owner", "olga@aurora.example")
    page = open_page("results", query_params={"assessment": str(workshop.id)}, **opening)
    assert "1 respondent" in texts(page) and "restored for 30 days" not in texts(page)
    page.session_state["wf_delete_open"] = True  # the form is drawn when its expander is opened
    page.run()
    assert "restored for 30 days" in texts(page)

    page.text_input(key="wf_delete_assessment_name").input("spring workshop")
    by_label(page.button, "Delete assessment").click().run()
    assert "Nothing was deleted" in page.error[0].value
    with db() as session:
        assert services.get_assessment_info(session=session, actor=OPERATOR, assessment_id=workshop.id)

    page.text_input(key="wf_delete_assessment_name").input("Spring workshop")
    by_label(page.button, "Delete assessment").click().run()

    assert not page.exception
    assert "“Spring workshop” is deleted" in page.success[0].value
    with db() as session:
        assert (
            services.list_assessments(
                session=session, actor=OPERATOR, organisation_id=workshop.organisation_id
            )
            == []
        )
    assert audit(db, "delete") == [("olga@aurora.example", "assessment", workshop.id)]


def test_a_deleted_assessment_is_restored_on_the_members_page(db, workshop, open_page):
    with db() as session:
        services.delete_assessment(
            session=session, actor=OPERATOR, assessment_id=workshop.id, confirm="Spring workshop"
        )
    opening = person(db, workshop.organisation_id, "owner", "olga@aurora.example")
    page = open_page("members", from_menu=True, **opening)
    assert "Spring workshop" in texts(page)

    page.button(key=f"wf_restore_assessment_{workshop.id}").click().run()

    assert not page.exception
    with db() as session:
        [back] = services.list_assessments(
            session=session, actor=OPERATOR, organisation_id=workshop.organisation_id
        )
    assert back.id == workshop.id


def test_an_owner_deletes_and_restores_the_organisation_on_its_settings_page(db, workshop, open_page):
    opening = person(db, workshop.organisation_id, "owner", "olga@aurora.example")
    page = open_sections(open_page("members", from_menu=True, **opening), "wf_delete_organisation_open")
    assert "1 unit and 1 assessment" in texts(page)

    page.text_input(key="wf_delete_organisation_name").input("Aurora Agency")
    by_label(page.button, "Delete organisation").click().run()

    assert not page.exception
    with db() as session:
        assert services.deleted_organisations(session=session, actor=OPERATOR)[0].name == "Aurora Agency"
    assert "Deleted organisations" in [header.value for header in page.header]
    page.button(key=f"wf_restore_organisation_organisation_{workshop.organisation_id}").click().run()
    with db() as session:
        assert [o.name for o in services.list_organisations(session=session, actor=OPERATOR)] == [
            "Aurora Agency"
        ]


def test_an_owner_sets_the_retention_period(db, workshop, open_page):
    opening = person(db, workshop.organisation_id, "owner", "olga@aurora.example")
    page = open_page("members", from_menu=True, **opening)

    by_label(page.number_input, "Days deleted data stays restorable").set_value(45)
    by_label(page.button, "Save retention period").click().run()

    assert not page.exception
    with db() as session:
        info = services.get_organisation(
            session=session, actor=OPERATOR, organisation_id=workshop.organisation_id
        )
    assert info.retention_days == 45
    assert "for 45 days" in page.success[0].value


# Anonymous workshops ------------------------------------------------------------------------


@pytest.fixture
def anonymous_workshop(db, workshop) -> AssessmentInfo:
    with db() as session:
        return make_assessment(session, workshop.unit_id, title="Open room", mode="workshop", anonymous=True)


def test_joining_an_anonymous_workshop_asks_no_name_and_stores_participant_n(
    db, anonymous_workshop, open_page
):
    page = open_page("join", query_params={"join": anonymous_workshop.join_code})

    assert not page.exception
    assert [box.label for box in page.text_input] == ["Join code"]
    assert "This workshop is anonymous" in page.info[0].value
    by_label(page.button, "Join and start answering").click().run()

    assert not page.exception
    with db() as session:
        stored = session.exec(
            select(Respondent.label, Respondent.role, Respondent.email).where(
                col(Respondent.assessment_id) == anonymous_workshop.id
            )
        ).all()
    assert stored == [("Participant 1", "", None)]
    assert "Answering as **Participant 1**" in page.markdown[0].value


def test_a_typed_code_of_an_anonymous_workshop_hides_the_name_fields(anonymous_workshop, workshop, open_page):
    page = open_page("join")
    assert "Your name (optional)" in [box.label for box in page.text_input]

    by_label(page.text_input, "Join code").input(anonymous_workshop.join_code).run()
    assert [box.label for box in page.text_input] == ["Join code"]

    by_label(page.text_input, "Join code").input(workshop.join_code).run()
    assert "Your name (optional)" in [box.label for box in page.text_input]


def test_a_facilitator_starts_an_anonymous_workshop_from_home_and_the_pages_say_so(db, workshop, open_page):
    page = open_sections(open_page("home"), "wf_start_workshop")
    by_label(page.checkbox, "Anonymous (no names asked or stored)").check()
    by_label(page.button, "Start workshop").click().run()

    assert not page.exception
    with db() as session:
        started = [
            info
            for info in services.list_assessments(
                session=session, actor=OPERATOR, organisation_id=workshop.organisation_id
            )
            if info.id != workshop.id
        ]
    assert [info.anonymous for info in started] == [True]
    assert page.title[0].value == "Workshop"
    assert any("Anonymous workshop" in caption.value for caption in page.caption)
    results = open_page("results", query_params={"assessment": str(started[0].id)})
    assert "Workshop (anonymous: no names asked or stored)" in texts(results)


# Audit trail --------------------------------------------------------------------------------


def test_the_audit_page_lists_the_organisations_rows_and_filters_them(db, workshop, open_page):
    with db() as session:
        services.close_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id)
        services.reopen_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id)
    opening = person(db, workshop.organisation_id, "owner", "olga@aurora.example")
    page = open_page("audit", from_menu=True, **opening)

    assert not page.exception
    rows = table(page, "Action", "Object")
    assert {"create", "close", "reopen", "member"} <= set(rows["Action"])
    assert f"assessment {workshop.id}" in set(rows["Object"])
    assert not page.dataframe, "a table to read: HTML, without the grid's JavaScript"
    assert page.get("download_button")[0].proto.label == "Download as CSV"

    page.selectbox(key="wf_audit_action").set_value("close").run()
    assert list(table(page, "Action")["Action"]) == ["close"]


def record_exports(db, workshop: AssessmentInfo, details: list[str]) -> None:
    """An audited export of ``workshop`` per detail, in that order (the last is the newest)."""
    with db() as session:
        for detail in details:
            record_audit(
                session,
                OPERATOR,
                "export",
                "assessment",
                workshop.id,
                organisation_id=workshop.organisation_id,
                detail=detail,
            )


def test_the_audit_trail_is_searched_in_every_column(db, workshop, open_page):
    opening = person(db, workshop.organisation_id, "owner", "olga@aurora.example")
    record_exports(db, workshop, ["Board pack CSV"])
    page = open_page("audit", from_menu=True, **opening)
    everything = len(table(page, "Action"))

    page.text_input(key="wf_audit_search").input("BOARD pack").run()
    assert list(table(page, "Detail")["Detail"]) == ["Board pack CSV"]
    assert "1 row, newest first." in [caption.value for caption in page.caption]
    page.text_input(key="wf_audit_search").input("OLGA@aurora").run()  # her membership, in Detail
    rows = table(page, "Who", "Detail")
    assert 0 < len(rows) < everything
    assert all("olga@aurora" in " ".join(row).casefold() for row in rows.itertuples(index=False))
    page.text_input(key="wf_audit_search").input("no such word anywhere").run()
    assert "0 rows, newest first." in [caption.value for caption in page.caption]


def test_a_long_audit_trail_is_shown_fifty_rows_at_a_time_newest_first(db, workshop, open_page):
    opening = person(db, workshop.organisation_id, "owner", "olga@aurora.example")
    record_exports(db, workshop, [f"export {number:03d}" for number in range(1, 121)])
    page = open_page("audit", from_menu=True, **opening)
    page.selectbox(key="wf_audit_action").set_value("export").run()

    first = table(page, "Detail")
    assert len(first) == 50 and first["Detail"].iloc[0] == "export 120"
    assert "Rows 1–50 of 120, newest first." in [caption.value for caption in page.caption]
    page.number_input(key="wf_audit_page").set_value(3).run()
    last = table(page, "Detail")
    assert list(last["Detail"]) == [f"export {number:03d}" for number in range(20, 0, -1)]
    assert "Rows 101–120 of 120, newest first." in [caption.value for caption in page.caption]

    page.text_input(key="wf_audit_search").input("export 11").run()  # a new search starts at page 1
    assert list(table(page, "Detail")["Detail"]) == [f"export {number}" for number in range(119, 109, -1)]
    assert not page.number_input


def test_a_viewer_is_not_offered_the_audit_page_and_its_address_opens_home(db, workshop, open_page):
    opening = person(db, workshop.organisation_id, "viewer", "vera@aurora.example")

    with pytest.raises(ValueError):
        open_page("audit", from_menu=True, **opening)
    page = open_page(url="audit", **opening)

    assert shown_page(page) == "home"
    assert not any("Action" in frame.columns for frame in shown_tables(page))


def test_signing_in_is_audited_once_per_browser_session(db, workshop, open_page):
    opening = person(db, workshop.organisation_id, "viewer", "vera@aurora.example")

    page = open_page("home", **opening)
    page.run()
    page.run()

    assert audit(db, "sign in") == [("vera@aurora.example", "person", None)]


def test_downloading_the_pdf_roadmap_is_audited(db, engine, workshop, small_bank):
    with db() as session:
        viewer = make_person(session, {workshop.organisation_id: "viewer"}, "vera@aurora.example")
        info = services.get_assessment_info(session=session, actor=OPERATOR, assessment_id=workshop.id)
        result = services.score_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id)
    [pdf] = downloads.assessment_downloads(engine, viewer, info, result, small_bank)

    assert pdf.build().startswith(b"%PDF")
    assert audit(db, "report") == [("vera@aurora.example", "assessment", workshop.id)]


# Privacy notice -----------------------------------------------------------------------------


def test_the_privacy_notice_shows_each_visible_organisations_retention(db, workshop, open_page):
    with db() as session:
        services.set_retention(
            session=session, actor=OPERATOR, organisation_id=workshop.organisation_id, days=45
        )
        make_organisation(session, name="Borealis Bureau")
    opening = person(db, workshop.organisation_id, "viewer", "vera@aurora.example")

    page = open_page("privacy", from_menu=True, **opening)

    assert not page.exception
    [periods] = shown_tables(page)
    assert list(periods["Organisation"]) == ["Aurora Agency"]
    assert list(periods["Deleted data restorable"]) == ["for 45 days"]
    assert "the e-mail address given by the sign-in provider" in texts(page)
    assert leaks(page, ["Borealis"]) == []


def test_a_signed_out_visitor_reads_the_defaults_and_a_participant_their_own_workshop(
    db, workshop, anonymous_workshop, open_page
):
    visitor = open_page("privacy", from_menu=True, user=SIGNED_OUT, secrets=SIGN_IN)
    assert "30 days unless an owner changes it" in texts(visitor)
    assert leaks(visitor, ["Aurora"]) == []

    joined = join(db, anonymous_workshop, "")
    participant = open_page(
        "privacy", from_menu=True, user=SIGNED_OUT, secrets=SIGN_IN, session_state={"wf_token": joined.token}
    )
    assert "You answer in “Open room”" in texts(participant)
    assert "the workshop is anonymous" in texts(participant)
    assert list(shown_tables(participant)[0]["Deleted data restorable"]) == ["for 30 days"]


def test_local_mode_says_no_addresses_are_stored(workshop, open_page):
    page = open_page("privacy")

    assert "No sign-in is configured on this server" in texts(page)
    assert "Aurora Agency" in texts(page)


def test_answering_still_saves_after_the_your_data_section_was_added(db, workshop, open_page):
    ada = join(db, workshop, "Ada")
    page = open_page("questionnaire", query_params={"r": ada.token})

    page.radio(key=answer_key(ada.id, "culture.q1")).set_value(4).run()

    assert not page.exception
    with db() as session:
        answers = services.answers_for_respondent(session=session, actor=OPERATOR, respondent_id=ada.id)
    assert answers == {"culture.q1": (4, None)}
