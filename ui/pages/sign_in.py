"""Sign in: the first page of a visitor when sign-in (OpenID Connect) is configured."""

from __future__ import annotations

import streamlit as st

from questionnaires.i18n import _
from ui import identity

st.title("Wayfinder")
st.write(
    _(
        "Wayfinder measures how far a public body has come in its digital transformation and turns "
        "the answers into a prioritised roadmap. Sign in with your organisation's account to see "
        "your organisation's assessments."
    )
)
providers = identity.sign_in_providers()
if len(providers) <= 1:
    # A lone [auth.NAME] must be named: st.login() alone looks for settings directly under [auth].
    st.button(
        _("Sign in"),
        type="primary",
        icon=":material/login:",
        on_click=st.login,
        args=tuple(providers),
        key="wf_sign_in",
    )
else:
    for provider in providers:
        st.button(
            _("Sign in with {provider}").format(provider=provider),
            icon=":material/login:",
            on_click=st.login,
            args=(provider,),
            key=f"wf_sign_in_{provider}",
        )
st.divider()
st.write(_("Taking part in a workshop? You need no account: use the join code on the facilitator's screen."))
st.page_link("ui/pages/join.py", label=_("Join a workshop"), icon=":material/group_add:")
