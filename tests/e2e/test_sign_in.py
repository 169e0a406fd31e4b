"""Sign-in mode in a real browser: OpenID Connect against a local provider, and tenant isolation.

``oidc-provider-mock`` runs an OpenID provider in a thread; the app gets an ``[auth]`` section
pointing at it through its own secrets file (never the repository's ``.streamlit/``). Two
organisations are seeded, Alice owning one of them: signed out she sees only the sign-in page,
signed in only her organisation, and after signing out the sign-in page again.
Screenshots land in ``out/screenshots/sign-in-*.png``.
"""

from __future__ import annotations

import importlib
import secrets
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from assessment import services
from assessment.db import create_db_engine, session_scope, upgrade
from tests.e2e.conftest import (
    DESKTOP,
    PAGE_TIMEOUT_MS,
    PHONE,
    SCREENSHOTS,
    Wire,
    close_menu,
    drawn,
    open_menu,
    running_app,
    save_screenshot,
    screen_text,
)
from tests.factories import OPERATOR, make_assessment, make_unit

pytestmark = [
    pytest.mark.e2e,
    # The mock provider runs in this process on Authlib APIs that Authlib itself deprecates.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:authlib"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:oidc_provider_mock"),
]

ALICE = "alice@alpha.example.gov"
BOB = "bob@beta.example.gov"
# Every name of organisation B: none may ever appear on Alice's screen.
ORGANISATION_A, UNIT_A, ASSESSMENT_A = "Alpha Roads Agency", "Alpha Fleet Unit", "Alpha spring review"
ORGANISATION_B, UNIT_B, ASSESSMENT_B = "Beta Secret Bureau", "Beta Vault Unit", "Beta hidden review"
B_NAMES = (ORGANISATION_B, UNIT_B, ASSESSMENT_B, BOB)


@dataclass(frozen=True)
class SignInApp:
    base_url: str
    provider_url: str
    assessment_b_id: int


def _seed_two_organisations(database_url: str) -> int:
    """Organisations A (Alice owns it) and B (Bob's), each with a unit and an assessment; B's id."""
    engine = create_db_engine(database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        ids = []
        for organisation, unit, title, owner in (
            (ORGANISATION_A, UNIT_A, ASSESSMENT_A, ALICE),
            (ORGANISATION_B, UNIT_B, ASSESSMENT_B, BOB),
        ):
            info = services.create_organisation(
                actor=OPERATOR, session=session, name=organisation, owner=owner
            )
            ids.append(make_assessment(session, make_unit(session, info.id, name=unit).id, title=title).id)
    engine.dispose()
    return ids[1]


def _secrets_file(directory: Path, provider_url: str, *, named: str | None = None) -> Path:
    """An ``[auth]`` section as an operator would write it; ``{port}`` is filled in by Streamlit.

    ``named`` puts the provider's settings in ``[auth.NAME]`` instead of directly under ``[auth]``.
    """
    path = directory / "secrets.toml"
    provider = (
        'client_id = "wayfinder-e2e"\n'
        'client_secret = "not-checked-by-the-mock"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n'
    )
    path.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n' + (f"[auth.{named}]\n" if named else "") + provider,
        "utf-8",
    )
    return path


@pytest.fixture(scope="module")
def provider_url() -> Iterator[str]:
    """The base URL of a local OpenID provider on which Alice can sign in with one click."""
    pytest.importorskip("authlib", reason="Authlib is missing: st.login needs it (requirements.txt)")
    deprecation = importlib.import_module("authlib.deprecate").AuthlibDeprecationWarning
    with warnings.catch_warnings():
        # Authlib puts an "always" filter for its own deprecations first when imported, so the
        # module's filterwarnings marks cannot hide what the mock's imports set off.
        warnings.simplefilter("ignore", deprecation)
        provider = pytest.importorskip(
            "oidc_provider_mock",
            reason="oidc-provider-mock is missing: pip install -r requirements-dev.txt",
        )
    alice = provider.User(sub=ALICE, claims={"email": ALICE, "name": "Alice Alpha"})
    with provider.run_server_in_thread(user_claims=[alice]) as server:
        yield f"http://localhost:{server.server_port}"


@contextmanager
def _app_signing_in_at(
    provider_url: str, directory: Path, *, named: str | None = None
) -> Iterator[SignInApp]:
    database_url = f"sqlite:///{directory / 'wayfinder.db'}"
    assessment_b_id = _seed_two_organisations(database_url)
    secrets_file = _secrets_file(directory, provider_url, named=named)
    with running_app(database_url, directory, secrets=secrets_file) as base_url:
        yield SignInApp(base_url, provider_url, assessment_b_id)


@pytest.fixture(scope="module")
def sign_in_app(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path, provider_url: str
) -> Iterator[SignInApp]:
    """The app with the provider's settings directly under ``[auth]``."""
    with _app_signing_in_at(provider_url, tmp_path_factory.mktemp("e2e-sign-in")) as app:
        yield app


def _new_page(browser: object, viewport: dict[str, int]) -> tuple[object, object]:
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    # The mock provider's pages link a stylesheet on a CDN this machine may not reach.
    context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    return context, page


@pytest.mark.parametrize("viewport_name", ["desktop", "phone"])
def test_alice_signs_in_sees_only_her_organisation_and_signs_out(sign_in_app, browser, viewport_name):
    from playwright.sync_api import expect

    viewport = DESKTOP if viewport_name == "desktop" else PHONE
    context, page = _new_page(browser, viewport)
    wire = Wire(page)
    main = page.get_by_test_id("stMain")

    page.goto(sign_in_app.base_url)
    drawn(page)
    sign_in = main.get_by_role("button", name="Sign in")
    expect(sign_in).to_be_visible()
    expect(main.get_by_role("link", name="Join a workshop")).to_be_visible()
    save_screenshot(page, viewport, SCREENSHOTS / f"sign-in-signed-out-{viewport_name}.png")
    page.goto(f"{sign_in_app.base_url}/results?assessment={sign_in_app.assessment_b_id}")
    drawn(page)
    # A visitor has no results page: Streamlit says so over the sign-in page.
    expect(page.get_by_role("dialog")).to_contain_text("Page not found")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert not wire.names_of((ORGANISATION_A, *B_NAMES)), "a visitor is sent no organisation's names"

    sign_in.click()
    page.wait_for_url(f"{sign_in_app.provider_url}/oauth2/authorize**")
    save_screenshot(page, viewport, SCREENSHOTS / f"sign-in-provider-{viewport_name}.png")
    page.get_by_role("button", name=ALICE).click()

    page.wait_for_url(f"{sign_in_app.base_url}/**")
    drawn(page)
    expect(main.get_by_role("combobox", name="Organisation")).to_have_value(ORGANISATION_A)
    save_screenshot(page, viewport, SCREENSHOTS / f"sign-in-signed-in-{viewport_name}.png")
    open_menu(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Signed in as")
    assert f"Signed in as {ALICE}" in screen_text(page)
    save_screenshot(page, viewport, SCREENSHOTS / f"sign-in-menu-{viewport_name}.png")
    close_menu(page)
    assert ASSESSMENT_A.encode() in b"".join(wire.frames), "her own assessment is listed"
    # Organisation B's assessment by its id, as a curious owner of A might type it.
    page.goto(f"{sign_in_app.base_url}/results?assessment={sign_in_app.assessment_b_id}")
    drawn(page)
    save_screenshot(page, viewport, SCREENSHOTS / f"sign-in-results-of-b-{viewport_name}.png")
    assert not [name for name in B_NAMES if name in screen_text(page)]
    assert not wire.names_of(B_NAMES), "nothing of organisation B ever reaches Alice's browser"

    page.goto(sign_in_app.base_url)
    drawn(page)
    open_menu(page)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    # The provider offers to end its own session too (OpenID Connect RP-initiated logout).
    page.wait_for_url(f"{sign_in_app.provider_url}/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{sign_in_app.base_url}/**")
    wire.frames.clear()
    drawn(page)
    expect(main.get_by_role("button", name="Sign in")).to_be_visible()
    close_menu(page)
    save_screenshot(page, viewport, SCREENSHOTS / f"sign-in-signed-out-again-{viewport_name}.png")
    assert ALICE not in screen_text(page)
    assert not wire.names_of((ORGANISATION_A, *B_NAMES)), "signed out, no organisation's names again"
    context.close()


def test_one_provider_in_its_own_auth_section_signs_in_too(
    tmp_path_factory, chromium_path, provider_url, browser
):
    """``[auth.keycloak]`` alone: the one Sign in button must name it (st.login() would not find it)."""
    from playwright.sync_api import expect

    directory = tmp_path_factory.mktemp("e2e-sign-in-named")
    with _app_signing_in_at(provider_url, directory, named="keycloak") as app:
        context, page = _new_page(browser, DESKTOP)
        page.goto(app.base_url)
        drawn(page)
        page.get_by_test_id("stMain").get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{app.provider_url}/oauth2/authorize**")
        page.get_by_role("button", name=ALICE).click()
        page.wait_for_url(f"{app.base_url}/**")
        drawn(page)
        expect(page.get_by_test_id("stSidebar")).to_contain_text("Signed in as")
        expect(page.get_by_role("combobox", name="Organisation")).to_have_value(ORGANISATION_A)
        context.close()
