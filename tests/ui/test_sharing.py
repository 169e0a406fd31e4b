"""Read-only results links in the app: made, listed and revoked on the results page by those who
run assessments, and opened without sign-in on a page that shows those results and nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from assessment import services
from assessment.models import ShareLink
from questionnaires import load_bank
from tests.english import english_left
from tests.factories import OPERATOR, answer_all, make_assessment, make_person, make_respondent
from tests.ui.conftest import AUTH_SECRETS, SIGNED_OUT, open_sections, signed_in
from tests.ui.helpers_insight import svg_charts
from tests.ui.test_access_pages import rendered_texts
from tests.ui.test_languages import bank_text
from ui import language as ui_language
from ui import sharing, state
from ui.text import escape_markdown


@pytest.fixture
def workshop(db):
    """A workshop of the shipped bank that two named people answered, with a note; and a second
    assessment."""
    noted = load_bank().questions[0].id
    with db() as session:
        info = make_assessment(session, organisation="Agency A", unit="Finance", mode="workshop")
        for label, level in (("Ada Lovelace", 2), ("Grace Hopper", 4)):
            respondent = make_respondent(session, info.id, label)
            answer_all(session, respondent.id, level, notes={noted: "Ask Bob Builder"})
        other = make_assessment(session, organisation_id=info.organisation_id, unit="Secret unit")
        make_person(session, {info.organisation_id: "viewer"}, "viewer@agency.example")
        make_person(session, {info.organisation_id: "facilitator"}, "facilitator@agency.example")
    return info, other


def results_page(open_page, info, **extra):
    return open_page(
        "results",
        query_params={state.QUERY_ASSESSMENT: str(info.id), **extra.pop("query_params", {})},
        session_state={state.ORGANISATION_ID: info.organisation_id, state.ASSESSMENT_ID: info.id},
        **extra,
    )


def make_link(db, info, days: int = 30) -> str:
    with db() as session:
        return services.create_share_link(
            session=session, actor=OPERATOR, assessment_id=info.id, days=days, label="Board"
        ).token


def test_a_facilitator_makes_a_link_sees_it_once_and_revokes_it(open_page, workshop):
    info, _other = workshop
    app = open_sections(results_page(open_page, info), "wf_share_open")
    assert not app.exception
    app.text_input(key=f"share_label_{info.id}").input("Board, December")
    app.selectbox(key=f"share_days_{info.id}").set_value(7)
    next(b for b in app.button if b.label == "Create link").click().run()
    assert not app.exception
    shown = [code.value for code in app.code]
    assert len(shown) == 1 and f"/?{sharing.QUERY_LINK}=" in shown[0]
    assert any("shown only this once" in s.value for s in app.success)
    assert any("Board, December" in m.value for m in app.markdown)
    token = shown[0].rsplit("=", 1)[1]

    revoke = [b for b in app.button if b.label == "Revoke"]
    assert len(revoke) == 1
    revoke[0].click().run()
    assert not app.exception
    assert not app.code  # the revoked link's address is gone too
    assert any("nobody outside the organisation" in m.value for m in app.markdown)
    opened = open_page(query_params={sharing.QUERY_LINK: token})
    assert any("was revoked" in e.value for e in opened.error)


def test_a_viewer_is_not_offered_to_share_and_a_facilitator_sees_who_made_each_link(open_page, db, workshop):
    info, _other = workshop
    with db() as session:
        maker = services.actor_for(session=session, email="facilitator@agency.example")
        services.create_share_link(session=session, actor=maker, assessment_id=info.id, days=7, label="Board")
    app = results_page(
        open_page, info, user=signed_in("viewer@agency.example"), secrets={"auth": dict(AUTH_SECRETS)}
    )
    assert not app.exception
    assert [h.value for h in app.header if h.value == "Share read-only"] == []
    facilitator = results_page(
        open_page, info, user=signed_in("facilitator@agency.example"), secrets={"auth": dict(AUTH_SECRETS)}
    )
    assert "Share read-only" in [h.value for h in facilitator.header]
    open_sections(facilitator, "wf_share_open")
    made_by = f"**Board** · made by {escape_markdown('facilitator@agency.example')} on"  # no mail link
    assert any(made_by in m.value for m in facilitator.markdown)


def test_a_link_opens_the_results_without_sign_in_names_notes_or_anything_else(open_page, db, workshop):
    info, _other = workshop
    token = make_link(db, info)
    app = open_page(
        query_params={sharing.QUERY_LINK: token}, user=SIGNED_OUT, secrets={"auth": dict(AUTH_SECRETS)}
    )
    assert not app.exception
    assert app.title[0].value == "Shared results"
    assert "Overall level" in [metric.label for metric in app.metric]
    assert list(svg_charts(app)) == ["radar_areas"]  # the open tab's radar
    text = "\n".join(rendered_texts(app))
    for secret in ("Ada Lovelace", "Grace Hopper", "Ask Bob Builder", "Secret unit", "Board", info.join_code):
        assert secret not in text
    for elsewhere in ("Downloads", "Targets and focus", "Share read-only", "Sign in", "Join a workshop"):
        assert elsewhere not in text
    assert not app.button and not app.text_input  # nothing to change
    with pytest.raises(ValueError):  # the menu has the shared page and the help, nothing else
        app.switch_page("ui/pages/results.py")


@pytest.mark.parametrize(
    ("token", "days", "message"),
    [("unknown-token", None, "is not valid"), (None, -1, "expired on")],
)
def test_an_unknown_or_expired_link_shows_why_and_no_results(open_page, db, workshop, token, days, message):
    info, _other = workshop
    if token is None:
        token = make_link(db, info)
        with db() as session:  # a link made long enough ago
            link = session.exec(select(ShareLink)).one()
            link.expires_at = link.created_at + timedelta(days=days)
    app = open_page(query_params={sharing.QUERY_LINK: token})
    assert not app.exception
    assert any(message in e.value for e in app.error)
    assert not app.metric and not svg_charts(app)


@pytest.mark.parametrize("code", ["fr", "de"])
def test_the_shared_page_and_the_share_panel_have_no_english_text(open_page, db, workshop, code):
    info, _other = workshop
    token = make_link(db, info)
    shared = open_page(query_params={sharing.QUERY_LINK: token, ui_language.QUERY_LANGUAGE: code})
    assert not shared.exception
    assert english_left("\n".join(rendered_texts(shared)), code, besides=bank_text(code)) == []
    results = results_page(open_page, info, query_params={ui_language.QUERY_LANGUAGE: code})
    open_sections(results, "wf_")  # every section drawn when opened: the share panel among them
    assert not results.exception
    panel = "\n".join(rendered_texts(results))
    assert english_left(panel, code, besides=bank_text(code)) == []
