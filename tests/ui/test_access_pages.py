"""Every page as every kind of person: what each is offered, and that nothing else shows.

Two organisations with names found nowhere else: *Aurora* (A) and *Borealis* (B). Members of A
with each role, a signed-in person of no organisation, a participant holding the token of one of
A's workshops (not signed in), a visitor who is not signed in, and the person at the machine in
local mode each open every page: from their menu when they are offered it, by its address when
they are not. The test reads every text of the rendered page (titles, markdown, captions,
alerts, metrics, labels, select options, tables, charts, links) through the elements' messages,
so a name that leaks anywhere is caught, not only where a test thought to look.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Dataframe, Table

from assessment import services
from tests.factories import OPERATOR, answer_all, make_assessment, make_person, make_respondent
from tests.ui.conftest import AUTH_SECRETS, SIGNED_OUT, open_sections, page_file, signed_in

PAGES = (
    "home",
    "questionnaire",
    "join",
    "workshop",
    "results",
    "plan",
    "compare",
    "bank",
    "import_responses",
    "members",
    "audit",
    "privacy",
    "sign_in",
)
ADDRESSES = {page: "import" if page == "import_responses" else page for page in PAGES}
TITLES = {
    "home": "Wayfinder",
    "questionnaire": "Questionnaire",
    "join": "Join a workshop",
    "workshop": "Workshop",
    "results": "Results",
    "plan": "Plan",
    "compare": "Compare units",
    "bank": "Question bank",
    "import_responses": "Import responses",
    "members": "Members and settings",
    "audit": "Audit trail",
    "privacy": "Privacy notice",
    "sign_in": "Wayfinder",
}

# What only B's people may ever read. "Borealis" is in the names of B's organisation, unit and
# assessments, so any of them leaking is caught by that one word.
B_WORDS = ("Borealis", "Bob Bsecret", "Bravo note", "owner@borealis.example")
# What of A only its members read: a participant of A's workshop sees that workshop's title,
# unit and organisation on their questionnaire, never the others' names, notes or assessments.
A_PRIVATE = ("Alice Asecret", "Wendy Wparticipant", "Alpha note", "Aurora baseline", "owner@aurora.example")
A_WORDS = ("Aurora", "Anna Aparticipant", *A_PRIVATE)


@dataclass(frozen=True)
class World:
    """What was seeded: A's and B's records, their people, and the participant's token."""

    a_organisation: int
    a_self_assessment: int
    a_workshop: int
    a_workshop_code: str
    b_organisation: int
    b_self_assessment: int
    b_workshop: int
    b_workshop_code: str
    participant_token: str


@dataclass(frozen=True)
class Persona:
    """Someone opening the app: how they arrive, what they are offered and what they may read."""

    name: str
    user: Mapping[str, Any] | None
    signing_in: bool
    menu: frozenset[str]
    forbidden: tuple[str, ...]  # words none of their pages may show
    # The write controls (WRITE_CONTROLS) they may be shown; None: those of a facilitator or more,
    # the exports included. Nobody else gets the XLSX/JSON/CSV exports.
    controls: frozenset[str] | None = frozenset()
    session_state: Callable[[World], Mapping[str, Any]] = lambda world: {}

    @property
    def default_page(self) -> str:
        """The page the app opens with, and gives for an address outside the menu."""
        return "sign_in" if "sign_in" in self.menu else "home"

    def opening(self, world: World) -> dict[str, Any]:
        """The ``open_page`` arguments of this person arriving."""
        return {
            "user": self.user,
            "secrets": {"auth": dict(AUTH_SECRETS)} if self.signing_in else None,
            "session_state": self.session_state(world),
        }


# The privacy notice is everyone's, signed in or not.
OUTSIDE_MENU = frozenset({"sign_in", "join", "questionnaire", "privacy"})
READER_MENU = frozenset({"home", "questionnaire", "join", "results", "plan", "compare", "bank", "privacy"})
PERSONAS = {
    persona.name: persona
    for persona in (
        Persona("signed out", SIGNED_OUT, True, OUTSIDE_MENU, (*A_WORDS, *B_WORDS)),
        Persona(
            "participant of A's workshop",
            SIGNED_OUT,
            True,
            OUTSIDE_MENU,
            (*A_PRIVATE, *B_WORDS),
            session_state=lambda world: {"wf_token": world.participant_token},
        ),
        Persona(
            "member of no organisation",
            signed_in("nobody@example.org"),
            True,
            frozenset({"home", "questionnaire", "join", "bank", "privacy"}),
            (*A_WORDS, *B_WORDS),
        ),
        Persona(
            "instance admin of no organisation",
            signed_in("admin@example.org"),
            True,
            # The audit page, for the server-wide trail (sign-ins, admins, purges).
            frozenset({"home", "questionnaire", "join", "bank", "members", "audit", "privacy"}),
            # An admin sees organisations' names and members, but no assessment.
            (
                *("Aurora unit", "Aurora baseline", "Aurora workshop", "Alice Asecret", "Alpha note"),
                *("Anna Aparticipant", "Wendy Wparticipant"),
                *("Borealis unit", "Borealis baseline", "Borealis workshop", "Bob Bsecret", "Bravo note"),
            ),
            controls=frozenset({"Create organisation", "Save", "Remove"}),
        ),
        Persona(
            "viewer of A", signed_in("viewer@aurora.example"), True, READER_MENU, (*B_WORDS, "Alice Asecret")
        ),
        Persona(
            "facilitator of A",
            signed_in("facilitator@aurora.example"),
            True,
            READER_MENU | {"workshop", "import_responses"},
            B_WORDS,
            controls=None,
        ),
        Persona(
            "owner of A",
            signed_in("owner@aurora.example"),
            True,
            READER_MENU | {"workshop", "import_responses", "members", "audit"},
            (*B_WORDS, "Alice Asecret"),
            controls=None,
        ),
        Persona("local mode", None, False, frozenset(PAGES) - {"sign_in"}, (), controls=None),
    )
}

# Controls that change something (by label). Joining a workshop and answering one's own
# questionnaire are open to anyone holding the code or the link, so they are not listed.
WRITE_CONTROLS = (
    "Create organisation",
    "Create unit",
    "Start self-assessment",
    "Start workshop",
    "Save targets and focus",
    "New join code",
    "Close the workshop",
    "Reopen the workshop",
    "Save",
    "Remove",
    "Save retention period",
    "Remove participant",
    "Restore",
    "Delete workshop",
    "Delete assessment",
    "Delete unit",
    "Delete organisation",
    "Adopt into the plan",
    "Save changes",
    "Import statuses",
)
EXPORTS = ("Excel workbook", "JSON", "CSV")


@pytest.fixture
def world(db, small_bank) -> World:
    """A and B, each with a self-assessment and a workshop (answered, with notes), and A's people."""
    with db() as session:
        a = services.create_organisation(actor=OPERATOR, session=session, name="Aurora Agency")
        b = services.create_organisation(actor=OPERATOR, session=session, name="Borealis Bureau")
        make_person(session, {a.id: "owner"}, "owner@aurora.example")
        make_person(session, {a.id: "facilitator"}, "facilitator@aurora.example")
        make_person(session, {a.id: "viewer"}, "viewer@aurora.example")
        make_person(session, {b.id: "owner"}, "owner@borealis.example")
        services.add_admin(actor=OPERATOR, session=session, email="admin@example.org")
        a_self, a_workshop = _seed_organisation(session, a.id, "Aurora", "Alice Asecret", "Alpha note")
        b_self, b_workshop = _seed_organisation(session, b.id, "Borealis", "Bob Bsecret", "Bravo note")
        # The facilitator leads A's self-assessment: only they are offered its personal link.
        services.add_respondent(
            actor=OPERATOR,
            session=session,
            assessment_id=a_self.id,
            label="Fay Facilitator",
            email="facilitator@aurora.example",
        )
        participant = services.join_workshop(
            session=session, join_code=a_workshop.join_code, client="test", label="Anna Aparticipant"
        )
        services.join_workshop(
            session=session, join_code=a_workshop.join_code, client="test", label="Wendy Wparticipant"
        )
        services.join_workshop(
            session=session, join_code=b_workshop.join_code, client="test", label="Bob Bsecret"
        )
    return World(
        a.id,
        a_self.id,
        a_workshop.id,
        a_workshop.join_code,
        b.id,
        b_self.id,
        b_workshop.id,
        b_workshop.join_code,
        participant.token,
    )


def _seed_organisation(session, organisation_id: int, word: str, leader: str, note: str):
    self_assessment = make_assessment(
        session,
        organisation_id=organisation_id,
        unit=f"{word} unit",
        title=f"{word} baseline",
        assessed_on=date(2026, 2, 1),
    )
    respondent = make_respondent(session, self_assessment.id, leader)
    question_ids = [question.id for question in services.current_bank().questions]
    answer_all(session, respondent.id, 3, question_ids=question_ids, notes={question_ids[0]: note})
    workshop = make_assessment(
        session,
        self_assessment.unit_id,
        title=f"{word} workshop",
        mode="workshop",
        assessed_on=date(2026, 1, 1),
    )
    return self_assessment, workshop


def rendered_texts(app: AppTest) -> Iterator[str]:
    """Every text the page sends to the browser: each element's message as text (labels, options,
    bodies, chart specs, link labels, help) and every cell of its tables."""
    for root in (app.main, app.sidebar):
        yield from _texts(root)


def _texts(node: Any) -> Iterator[str]:
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "ListFields"):
        yield text_format.MessageToString(proto, as_utf8=True)
    if isinstance(node, (Dataframe, Table)):
        frame = node.value
        yield " ".join(map(str, frame.columns))
        yield frame.to_csv(index=False)
    if isinstance(node, Block):
        for child in node.children.values():
            yield from _texts(child)


def leaks(app: AppTest, words: Iterable[str]) -> list[str]:
    text = "\n".join(rendered_texts(app))
    return [word for word in words if word in text]


def offers(app: AppTest, page: str) -> bool:
    """Whether the menu of the app's last run has ``page`` (AppTest refuses a page outside it)."""
    try:
        app.switch_page(page_file(page))
    except ValueError:
        return False
    return True


def shown_page(app: AppTest) -> str:
    """Which page the app shows (home and sign-in share the title "Wayfinder")."""
    titles = [title.value for title in app.title]
    if titles == ["Wayfinder"]:
        return "home" if "Organisation and unit" in [h.value for h in app.header] else "sign_in"
    return next(page for page, title in TITLES.items() if [title] == titles)


def write_controls(app: AppTest) -> set[str]:
    """The labels of every control on the page that changes something, exports included, those
    in sections drawn when opened too (they are opened)."""
    if any("-wf_" in section.proto.id for section in app.expander):
        open_sections(app, "wf_")
    labels = {button.label for button in app.button} & set(WRITE_CONTROLS)
    labels |= {button.label.split(":")[0] for button in app.download_button} & set(EXPORTS)
    labels |= {f"number input {w.label}" for w in app.number_input}
    labels |= {f"date input {w.label}" for w in app.date_input}
    labels |= {f"file uploader {w.label}" for w in app.file_uploader}
    return labels


def join_codes(code: str) -> tuple[str, str]:
    """A join code as the link has it and as the workshop page spells it out."""
    return code, " ".join(code)


def open_as(open_page, persona: Persona, world: World, page: str, **overrides: Any) -> AppTest:
    """``page`` as ``persona`` reaches it: from their menu when they have it, else by its address."""
    arguments = {**persona.opening(world), **overrides}
    if page in persona.menu:
        return open_page(page, from_menu=True, **arguments)
    return open_page(url=ADDRESSES[page], **arguments)


def open_assessment(open_page, opening: Mapping[str, Any], address: str, assessment_id: int) -> AppTest:
    """A link to one assessment's page, ``/<address>?assessment=<id>``, opened by someone arriving."""
    return open_page(url=address, query_params={"assessment": str(assessment_id)}, **opening)


@pytest.mark.parametrize("persona", PERSONAS.values(), ids=PERSONAS.keys())
def test_each_person_is_offered_exactly_the_pages_their_roles_use(persona, world, open_page):
    app = open_page(**persona.opening(world))

    assert not app.exception
    assert shown_page(app) == persona.default_page
    assert {page for page in PAGES if offers(app, page)} == persona.menu


@pytest.mark.parametrize("persona", PERSONAS.values(), ids=PERSONAS.keys())
def test_the_address_of_a_page_outside_the_menu_opens_the_default_page_instead(persona, world, open_page):
    shown = {
        page: shown_page(open_page(url=ADDRESSES[page], **persona.opening(world)))
        for page in PAGES
        if page not in persona.menu
    }

    assert shown == dict.fromkeys(shown, persona.default_page)


@pytest.mark.parametrize("persona", PERSONAS.values(), ids=PERSONAS.keys())
def test_no_page_shows_anyone_what_they_may_not_read_or_change(persona, world, open_page):
    forbidden = [*persona.forbidden]
    if persona.controls is not None:  # only facilitators (and more) see join codes
        forbidden += [*join_codes(world.a_workshop_code), *join_codes(world.b_workshop_code)]
    elif persona.signing_in:  # local mode is the operator's: everything is theirs
        forbidden += join_codes(world.b_workshop_code)
    problems = {}
    for page in PAGES:
        app = open_as(open_page, persona, world, page)
        found = {
            "exception": [exception.value for exception in app.exception],
            "leaks": leaks(app, forbidden),
            "controls": sorted(write_controls(app) - (persona.controls or set()))
            if persona.controls is not None
            else [],
        }
        if any(found.values()):
            problems[page] = found

    assert problems == {}


def test_the_page_reader_finds_names_in_options_tables_and_metrics(world, open_page):
    """The check above would be blind without this: in local mode everything is shown."""
    home = open_page("home")
    workshop = open_assessment(open_page, {}, "workshop", world.b_workshop)

    assert leaks(home, ["Borealis Bureau"]) == ["Borealis Bureau"], "an option of the organisation box"
    assert leaks(workshop, ["Bob Bsecret"]) == ["Bob Bsecret"], "a cell of the participants table"
    assert leaks(workshop, join_codes(world.b_workshop_code)) == [*join_codes(world.b_workshop_code)]


def test_facilitators_get_the_controls_of_their_role(world, open_page):
    persona = PERSONAS["facilitator of A"]
    controls = {page: write_controls(open_as(open_page, persona, world, page)) for page in persona.menu}
    workshop = open_assessment(open_page, persona.opening(world), "workshop", world.a_workshop)
    controls["workshop"] = write_controls(workshop)

    assert {"Create unit", "Start self-assessment", "Start workshop"} <= controls["home"]
    assert {"Save targets and focus", "Excel workbook", "JSON", "CSV"} <= controls["results"]
    assert {"New join code", "Close the workshop"} <= controls["workshop"]
    assert any(control.startswith("file uploader") for control in controls["import_responses"])
    assert "Create organisation" not in controls["home"], "only instance admins create organisations"
    assert "Remove participant" in controls["workshop"]
    deleting = {"Delete workshop", "Delete assessment", "Delete unit", "Delete organisation"}
    assert not deleting & set().union(*controls.values()), "deleting is for owners"


def test_owners_get_the_controls_that_delete(world, open_page):
    opening = PERSONAS["owner of A"].opening(world)

    workshop = write_controls(open_assessment(open_page, opening, "workshop", world.a_workshop))
    results = write_controls(open_assessment(open_page, opening, "results", world.a_self_assessment))
    members = write_controls(open_page("members", from_menu=True, **opening))

    assert {"Remove participant", "Delete workshop"} <= workshop
    assert "Delete assessment" in results
    assert {"Save retention period", "Delete unit", "Delete organisation"} <= members


def test_a_viewer_gets_the_pdf_but_not_the_exports_with_names_and_notes(world, open_page):
    app = open_as(open_page, PERSONAS["viewer of A"], world, "results")

    assert [button.label for button in app.download_button] == ["PDF roadmap"]
    assert not [box for box in app.selectbox if box.label == "Table for the CSV file"]
    assert not [button for button in app.button if button.label == "Save targets and focus"]


@pytest.mark.parametrize("name", ["viewer of A", "facilitator of A"])
def test_another_organisations_assessment_in_the_address_shows_nothing_of_it(name, world, open_page):
    persona = PERSONAS[name]
    pages = {"results": world.b_self_assessment}
    if "workshop" in persona.menu:
        pages["workshop"] = world.b_workshop
    for page, assessment_id in pages.items():
        app = open_assessment(open_page, persona.opening(world), page, assessment_id)

        assert not app.exception
        assert shown_page(app) == page
        assert f"there is no assessment with id {assessment_id}" in app.error[0].value.lower()
        assert leaks(app, [*B_WORDS, *join_codes(world.b_workshop_code)]) == []


def test_a_facilitator_of_a_who_only_views_b_never_gets_bs_join_code_or_controls(db, world, open_page):
    with db() as session:
        make_person(
            session, {world.a_organisation: "facilitator", world.b_organisation: "viewer"}, "both@x.org"
        )
    opening = {"user": signed_in("both@x.org"), "secrets": {"auth": dict(AUTH_SECRETS)}}

    workshop = open_assessment(open_page, opening, "workshop", world.b_workshop)
    results = open_assessment(open_page, opening, "results", world.b_self_assessment)

    assert not workshop.exception and not results.exception
    assert "needs the facilitator role" in workshop.error[0].value
    assert leaks(workshop, [*join_codes(world.b_workshop_code), "Bob Bsecret"]) == []
    chosen = [workshop.selectbox(key=key).value for key in ("workshop_organisation", "workshop_assessment")]
    assert chosen == [world.a_organisation, world.a_workshop], "A's workshop is offered instead"
    assert leaks(results, ["Borealis baseline"]) == ["Borealis baseline"], "B's results are readable"
    assert write_controls(results) == set(), "but not changeable or exportable"
    imports = open_page("import_responses", from_menu=True, **opening)
    assert imports.selectbox(key="import_organisation").options == ["Aurora Agency"], "only where they run"


def test_home_offers_to_continue_answering_only_as_oneself(world, open_page):
    def links(name: str) -> list[str]:
        app = open_as(open_page, PERSONAS[name], world, "home")
        return [link.value for link in app.get("page_link") if link.value.startswith("Continue")]

    assert links("facilitator of A") == ["Continue answering as Fay Facilitator"]
    assert links("owner of A") == []
    assert links("viewer of A") == []


def test_a_viewer_choosing_a_workshop_on_home_is_offered_its_results_only(world, open_page):
    remembered = {"wf_assessment_id": world.a_workshop}  # chosen on another page

    app = open_as(open_page, PERSONAS["viewer of A"], world, "home", session_state=remembered)

    assert not app.exception
    assert app.selectbox(key="home_assessment").value == world.a_workshop
    assert [link.value for link in app.get("page_link")] == ["Results"]


def test_a_closed_assessment_offers_no_targets_form(db, world, open_page):
    with db() as session:
        services.close_assessment(actor=OPERATOR, session=session, assessment_id=world.a_self_assessment)
    opening = PERSONAS["facilitator of A"].opening(world)

    app = open_assessment(open_page, opening, "results", world.a_self_assessment)

    assert not app.exception
    assert "Save targets and focus" not in write_controls(app)
    assert any("closed" in caption.value for caption in app.caption)


def test_a_participant_on_a_phone_never_reaches_the_facilitator_page(world, open_page):
    opening = PERSONAS["participant of A's workshop"].opening(world)

    app = open_assessment(open_page, opening, "workshop", world.a_workshop)

    assert shown_page(app) == "sign_in"
    assert leaks(app, [*join_codes(world.a_workshop_code), "Wendy Wparticipant"]) == []
    assert write_controls(app) == set()


def test_a_participant_answers_as_themselves_only(world, open_page):
    participant = PERSONAS["participant of A's workshop"]

    app = open_as(open_page, participant, world, "questionnaire")

    assert not app.exception
    assert "Answering as **Anna Aparticipant**" in app.markdown[0].value
    assert "Aurora workshop" in app.markdown[0].value
    assert write_controls(app) == set()


def test_without_a_link_the_questionnaire_points_a_visitor_to_the_join_page(world, open_page):
    app = open_as(open_page, PERSONAS["signed out"], world, "questionnaire")

    assert not app.exception
    assert [link.value for link in app.get("page_link")] == ["Join a workshop"]


def test_a_member_of_no_organisation_is_told_to_ask_an_owner(world, open_page):
    app = open_as(open_page, PERSONAS["member of no organisation"], world, "home")

    assert "ask one of its owners to add you" in app.info[0].value
    assert len(app.main.selectbox) == 0


def test_an_owner_manages_only_the_members_of_organisations_they_own(db, world, open_page):
    with db() as session:
        make_person(session, {world.a_organisation: "owner", world.b_organisation: "viewer"}, "boss@x.org")
    opening = {"user": signed_in("boss@x.org"), "secrets": {"auth": dict(AUTH_SECRETS)}}

    app = open_page("members", from_menu=True, **opening)

    assert not app.exception
    assert app.selectbox(key="wf_members_organisation").options == ["Aurora Agency"]
    assert leaks(app, ["owner@borealis.example"]) == []
