"""Members: who may do what in an organisation (owners and instance admins); new organisations (admins)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import services
from assessment.access import ROLES, Action, may
from ui import pickers, resources, state
from ui.actions import run_action
from ui.text import escape_markdown

ROLE_HELP = (
    "**Viewer**: reads results and reports. **Facilitator**: also runs assessments and workshops, "
    "imports and exports. **Owner**: also manages members, renames and deletes."
)


def create_organisation(name: str, owner: str) -> None:
    with resources.session() as session:
        created = services.create_organisation(
            session=session, actor=state.actor(), name=name, owner=owner.strip() or None
        )
    state.select_organisation(created.id)
    st.rerun()


def add_member(organisation_id: int, email: str, role: str) -> None:
    with resources.session() as session:
        services.add_member(
            session=session, actor=state.actor(), organisation_id=organisation_id, email=email, role=role
        )
    st.rerun()


def remove_member(organisation_id: int, email: str) -> None:
    with resources.session() as session:
        services.remove_member(
            session=session, actor=state.actor(), organisation_id=organisation_id, email=email
        )
    st.rerun()


st.title("Members")
actor = state.actor()
if actor.is_operator or actor.is_admin:
    with (
        st.expander("New organisation", icon=":material/add_business:"),
        st.form("wf_new_organisation", clear_on_submit=True, border=False),
    ):
        name = st.text_input("Name of the organisation")
        owner = st.text_input("E-mail address of its first owner", help="Leave empty to own it yourself.")
        if st.form_submit_button("Create organisation", type="primary"):
            run_action(create_organisation, name, owner)

organisation = pickers.organisation_picker(key="wf_members_organisation", needs=Action.MANAGE_MEMBERS)
if organisation is None:
    st.info(pickers.no_organisations())
    st.stop()
if not may(actor, Action.MANAGE_MEMBERS, organisation.id):
    st.info("Only the organisation's owners manage its members.")
    st.stop()

with resources.session(write=False) as session:
    members = services.list_members(session=session, actor=actor, organisation_id=organisation.id)
st.subheader(f"Members of {escape_markdown(organisation.name)}")
st.caption(ROLE_HELP)
st.dataframe(
    pd.DataFrame({"E-mail": [m.email for m in members], "Role": [m.role for m in members]}),
    hide_index=True,
    width="stretch",
)
with st.form("wf_add_member", clear_on_submit=True):
    st.markdown("**Add a member or change a role**")
    email = st.text_input("E-mail address", help="The address the person signs in with.")
    role = st.selectbox("Role", ROLES, index=1)
    if st.form_submit_button("Save", type="primary"):
        run_action(add_member, organisation.id, email, role)
if members:
    with st.form("wf_remove_member"):
        st.markdown("**Remove a member**")
        leaving = st.selectbox("Member", [m.email for m in members])
        if st.form_submit_button("Remove"):
            run_action(remove_member, organisation.id, leaving)
