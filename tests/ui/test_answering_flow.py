"""Issue #12's participant flow: withdrawing an answer, the personal link beside the questionnaire,
the join link resuming the participant a browser joined as, and the facilitator's "Finished"."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from assessment import services
from assessment.access import Actor
from assessment.errors import NotFoundError, PermissionDeniedError
from assessment.records import AssessmentInfo, RespondentInfo, RespondentProgress, WorkshopProgress
from tests.factories import OPERATOR, make_assessment
from tests.ui.conftest import SessionFactory, by_label
from ui import browser, state, workshop_view
from ui.answering import answer_key, mail_to_self, note_key, personal_link


@pytest.fixture
def workshop(db: SessionFactory, small_bank) -> AssessmentInfo:
    with db() as session:
        return make_assessment(
            session, title="Spring workshop", mode="workshop", assessed_on=date(2026, 3, 1)
        )


def join(db: SessionFactory, workshop: AssessmentInfo, label: str) -> RespondentInfo:
    with db() as session:
        return services.join_workshop(
            client="test-client", session=session, join_code=workshop.join_code, label=label
        )


def stored(db: SessionFactory, respondent: RespondentInfo) -> dict:
    with db() as session:
        return services.answers_for_respondent(actor=OPERATOR, session=session, respondent_id=respondent.id)


def labels(db: SessionFactory, workshop: AssessmentInfo) -> list[str]:
    with db() as session:
        return [
            r.label
            for r in services.list_respondents(actor=OPERATOR, session=session, assessment_id=workshop.id)
        ]


# Withdrawing one answer ---------------------------------------------------------------------


def test_withdrawing_an_answer_stores_no_answer_and_keeps_the_note_in_its_box(db, workshop, open_page):
    ada = join(db, workshop, "Ada")
    page = open_page("questionnaire", query_params={"r": ada.token})
    page.radio(key=answer_key(ada.id, "culture.q1")).set_value(4).run()
    page.text_area(key=note_key(ada.id, "culture.q1")).input("Board minutes of May").run()
    assert stored(db, ada) == {"culture.q1": (4, "Board minutes of May")}
    assert page.get("progress")[0].proto.text.startswith("1 of 15 questions answered")

    page.button(key=f"wf_clear:{ada.id}:culture.q1").click().run()

    assert not page.exception
    assert stored(db, ada) == {}, "stored as no answer"
    assert page.radio(key=answer_key(ada.id, "culture.q1")).value is None
    assert page.text_area(key=note_key(ada.id, "culture.q1")).value == "Board minutes of May"
    assert any("Answer withdrawn" in c.value and "saved again" in c.value for c in page.caption)
    assert not [c for c in page.caption if c.value.startswith("Saved ✓")], "nothing claims saved"
    assert page.get("progress")[0].proto.text.startswith("0 of 15 questions answered")
    assert not [b for b in page.button if b.key == f"wf_clear:{ada.id}:culture.q1"], "nothing to withdraw"

    page.radio(key=answer_key(ada.id, "culture.q1")).set_value(2).run()
    assert stored(db, ada) == {"culture.q1": (2, "Board minutes of May")}, "the note comes back with it"


def test_an_answer_is_withdrawn_only_by_its_own_respondent_while_the_assessment_is_open(db, workshop):
    ada, bo = join(db, workshop, "Ada"), join(db, workshop, "Bo")
    with db() as session:
        services.save_answer(
            actor=Actor.participant(ada.id),
            session=session,
            respondent_id=ada.id,
            question_id="culture.q1",
            answer=3,
        )
    with pytest.raises(PermissionDeniedError), db() as session:
        services.clear_answer(
            actor=Actor.participant(bo.id), session=session, respondent_id=ada.id, question_id="culture.q1"
        )
    assert stored(db, ada) == {"culture.q1": (3, None)}


# The personal link ---------------------------------------------------------------------------


def test_the_questionnaire_offers_the_personal_link_to_copy_and_to_e_mail(db, workshop, open_page):
    ada = join(db, workshop, "Ada")
    page = open_page("questionnaire", query_params={"r": ada.token})

    assert not page.exception
    assert not page.code, "drawn once opened: the copy box's code is heavy for the browser"
    page.session_state["wf_personal_link"] = True
    page.run()
    [code] = page.code
    assert code.value == f"http://localhost:8501/questionnaire?r={ada.token}"
    [mail] = page.get("link_button")
    assert mail.proto.label == "E-mail the link to myself"
    address = urlsplit(mail.proto.url)
    assert address.scheme == "mailto" and address.path == "", "to nobody: the person's own app asks"
    body = parse_qs(address.query)["body"][0]
    assert code.value in body and "Spring workshop" in parse_qs(address.query)["subject"][0]


def test_the_personal_link_follows_the_public_address_and_the_page_address():
    token = "Abc_def-0123456789abcdefghijkl"
    assert personal_link("https://app.example/questionnaire", token) == (
        f"https://app.example/questionnaire?r={token}"
    )
    assert personal_link("http://10.0.0.5:8501/questionnaire", token, "https://wayfinder.example/") == (
        f"https://wayfinder.example/questionnaire?r={token}"
    )
    assert mail_to_self("https://x.example/questionnaire?r=a&b", "R&D 50%").startswith("mailto:?subject=")
    assert "%26" in mail_to_self("https://x.example/questionnaire?r=a&b", "R&D"), "an ampersand stays in"


# Joining again --------------------------------------------------------------------------------


def test_opening_the_join_link_again_in_the_same_session_resumes_instead_of_joining_twice(
    db, workshop, open_page
):
    page = open_page("join", query_params={"join": workshop.join_code})
    by_label(page.text_input, "Your name (optional)").input("Ben")
    by_label(page.button, "Join and start answering").click().run()

    page.query_params["join"] = workshop.join_code
    page.switch_page("ui/pages/join.py").run()

    assert not page.exception
    assert labels(db, workshop) == ["Ben"]
    assert page.title[0].value == "Questionnaire"
    assert "Answering as **Ben**" in page.markdown[0].value
    assert any("Welcome back" in info.value for info in page.info)


def test_a_browser_that_kept_its_participant_resumes_them_from_the_join_link(
    db, workshop, open_page, monkeypatch
):
    ben = join(db, workshop, "Ben")
    monkeypatch.setattr(browser, "remembered_tokens", lambda: ["not-a-token-of-this-workshop-00", ben.token])

    page = open_page("join", query_params={"join": workshop.join_code})

    assert not page.exception
    assert labels(db, workshop) == ["Ben"]
    assert page.session_state[state.RESPONDENT_TOKEN] == ben.token
    assert "Answering as **Ben**" in page.markdown[0].value


def test_someone_else_on_a_device_that_joined_can_still_join_as_a_new_participant(
    db, workshop, open_page, monkeypatch
):
    ben = join(db, workshop, "Ben")
    monkeypatch.setattr(browser, "remembered_tokens", lambda: [ben.token])
    resumed = open_page("questionnaire", query_params={"r": ben.token}, session_state={state.RESUMED: ben.id})
    resumed.button(key="wf_someone_else").click().run()

    assert resumed.title[0].value == "Join a workshop"
    assert resumed.session_state[state.JOIN_AS_NEW] is True
    assert resumed.session_state[state.RESPONDENT_TOKEN] is None

    # AppTest runs each page on its own: the join page as the switch leaves it.
    page = open_page(
        "join", query_params={"join": workshop.join_code}, session_state={state.JOIN_AS_NEW: True}
    )
    assert page.title[0].value == "Join a workshop", "not resumed as Ben"
    by_label(page.text_input, "Your name (optional)").input("Cleo")
    by_label(page.button, "Join and start answering").click().run()
    assert labels(db, workshop) == ["Ben", "Cleo"]


def test_only_a_live_participant_of_that_workshop_is_resumed(db, workshop, small_bank):
    ben = join(db, workshop, "Ben")
    with db() as session:
        other = make_assessment(session, title="Other", mode="workshop", assessed_on=date(2026, 3, 2))
    elsewhere = join(db, other, "Ben")
    with db() as session:
        found = services.returning_participant(
            session=session, join_code=workshop.join_code, client="c", tokens=[elsewhere.token]
        )
        assert found is None, "a token of another workshop is no one here"
        found = services.returning_participant(
            session=session,
            join_code=workshop.join_code.lower(),
            client="c",
            tokens=[elsewhere.token, ben.token],
        )
        assert found is not None and found.id == ben.id
        services.withdraw(session=session, actor=Actor.participant(ben.id), respondent_id=ben.id)
    with db() as session:
        assert (
            services.returning_participant(
                session=session, join_code=workshop.join_code, client="c", tokens=[ben.token]
            )
            is None
        ), "a withdrawn participant joins afresh"
    with pytest.raises(NotFoundError), db() as session:
        services.returning_participant(session=session, join_code="NOPE00", client="c", tokens=[ben.token])


def test_the_remembered_tokens_are_the_participant_cookies_only():
    token = "Abc_def-0123456789abcdefghijkl"
    cookies = {
        "wf_participant_3": token,
        "wf_participant_4": "<script>",
        "_xsrf": "2|abc|def|123456789012345678",
        "wf_participant_5": token.upper(),
    }
    assert browser.remembered_tokens(cookies) == [token, token.upper()]


# The facilitator's "Finished" -----------------------------------------------------------------


def progress_of(*answered: int) -> WorkshopProgress:
    people = tuple(
        RespondentProgress(n, f"P{n}", "", count, None) for n, count in enumerate(answered, start=1)
    )
    return WorkshopProgress(1, "open", "ABC123", 15, people)


def test_finished_counts_those_who_started_and_says_apart_who_has_not():
    assert workshop_view.finished_figure(progress_of(15, 3, 0, 0)) == ("1 of 2", "2 not started yet")
    assert workshop_view.finished_figure(progress_of(15, 15)) == ("2 of 2", None)
    assert workshop_view.finished_figure(progress_of()) == ("0 of 0", None)


def test_the_live_view_does_not_count_a_participant_without_answers_as_unfinished(db, workshop, open_page):
    ada = join(db, workshop, "Ada")
    join(db, workshop, "Ada")  # the duplicate, no answers
    with db() as session:
        services.save_answers(
            actor=Actor.participant(ada.id),
            session=session,
            respondent_id=ada.id,
            answers={question: 3 for question in small_question_ids()},
        )
    page = open_page("workshop", query_params={"assessment": str(workshop.id)})

    assert not page.exception
    finished = next(m for m in page.metric if m.label == "Finished")
    assert (finished.value, finished.proto.delta) == ("1 of 1", "1 not started yet")


def small_question_ids() -> list[str]:
    return [
        f"{area}.q{n}"
        for area in ("culture", "devops", "architecture", "procurement", "skills")
        for n in (1, 2, 3)
    ]
