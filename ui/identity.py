"""Who is using this browser session, and the mode the app runs in.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` people sign in with OpenID Connect
(``st.login``) and act with the roles their address has (``services.actor_for``). Without
one the app is in *local mode* (:func:`assessment.access.local_mode_actor`): the person at
the machine may do everything, anyone else on the network may only join workshops. A
participant acts through their secret token on the questionnaire, whatever the mode.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from assessment import services
from assessment.access import Actor, local_mode_actor
from questionnaires.i18n import _
from ui import resources
from ui.text import escape_markdown

FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
SIGNED_IN_AS = "wf_signed_in_as"  # whose sign-in this browser session has put in the audit trail


def sign_in_configured() -> bool:
    """Whether ``[auth]`` is configured: sign-in mode rather than local mode."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return False


def sign_in_providers() -> list[str]:
    """The named providers (``[auth.NAME]``) besides the default ``[auth]`` settings.

    Only sections with a provider's settings count: ``[auth.client_kwargs]`` (extra settings
    of the default provider) is none.
    """
    if not sign_in_configured():
        return []
    return [
        name
        for name, value in st.secrets["auth"].items()
        if hasattr(value, "keys") and ("client_id" in value or "server_metadata_url" in value)
    ]


def signed_in_email() -> str | None:
    """The address of the signed-in person (``st.user`` raises without ``[auth]``: read it safely)."""
    if not st.user.get("is_logged_in", False):
        return None
    email = st.user.get("email")
    return str(email).strip().lower() if email else None


def current_actor() -> Actor:
    """The actor of this run: read afresh every run, so a role given or taken applies at once."""
    if sign_in_configured():
        email = signed_in_email()
        if email is None:
            return Actor.visitor()
        with resources.session(write=False) as session:
            return services.actor_for(session=session, email=email)
    return local_mode_actor(client_address=_client_address(), forwarded=_forwarded())


def record_sign_in(actor: Actor) -> None:
    """Add "sign in" to the audit trail the first time this browser session sees a signed-in
    person (and again when another person signs in in it), not on every rerun."""
    if actor.kind != "person" or st.session_state.get(SIGNED_IN_AS) == actor.email:
        return
    with resources.session() as session:
        services.record_sign_in(session=session, actor=actor)
    st.session_state[SIGNED_IN_AS] = actor.email


def client_key() -> str:
    """Who is knocking, for counting wrong join codes: the client's address.

    A forwarded address is believed only from a proxy on this machine (a loopback connection),
    so a client cannot dodge the count by sending made-up headers itself.
    """
    direct = _client_address()
    if direct is not None:
        return direct
    forwarded = _header("x-forwarded-for") or _header("x-real-ip")
    return forwarded.split(",")[-1].strip()[:64] if forwarded else "local"


def _client_address() -> str | None:
    """The client's address; None on loopback. Streamlit gives a string or None; anything else
    (a test harness without a connection) counts as no address, like loopback."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None


def _forwarded() -> bool:
    return any(_header(name) for name in FORWARDING_HEADERS)


def _header(name: str) -> str | None:
    try:
        value = st.context.headers.get(name)
    except (AttributeError, RuntimeError):  # no client connection (e.g. AppTest)
        return None
    return value or None


def show_account(actor: Actor) -> None:
    """In the sidebar: who is signed in (with sign-out), or which mode the app is in."""
    with st.sidebar:
        if actor.kind == "person":
            # Escaped: the address comes from the identity provider, and markdown would make it a link.
            email = escape_markdown(actor.email or "")
            st.caption(
                _("Signed in as **{email}**").format(email=email)
                + (_(" · instance admin") if actor.is_admin else "")
            )
            st.button(_("Sign out"), key="wf_sign_out", on_click=st.logout, icon=":material/logout:")
        elif actor.is_operator:
            st.caption(
                _(
                    "**Local mode**: you are the owner of everything on this computer. Others on the network "
                    "can only join workshops. Configure sign-in to share Wayfinder on a server."
                )
            )
        elif not sign_in_configured():
            st.caption(_("**Local mode**: on this device you can join workshops and answer."))
