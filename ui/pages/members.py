"""Members and settings of an organisation.

Owners and instance admins manage who may do what; owners also give the organisation's profile
(targets are proposed from it), set how long deleted data stays restorable, restore what was
deleted, and delete a unit or the whole organisation.
Instance admins create organisations.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import services
from assessment.access import ROLES, Action, may
from assessment.profiles import SIZE_NAMES, SIZES, SOURCING_MODELS, SOURCING_NAMES
from assessment.records import OrganisationInfo
from assessment.services.organisations import organisation_profile, set_organisation_profile
from questionnaires.i18n import _, lazy_gettext
from ui import erasing, pickers, resources, sections, state
from ui.actions import run_action
from ui.html_table import show_table
from ui.text import escape_markdown

ROLE_HELP = lazy_gettext(
    "**Viewer**: reads results and reports. **Facilitator**: also runs assessments and workshops, "
    "imports and exports. **Owner**: also manages members, renames and deletes."
)
MAX_RETENTION_DAYS = 3650


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


def set_retention(organisation_id: int, days: int) -> None:
    with resources.session() as session:
        services.set_retention(
            session=session, actor=state.actor(), organisation_id=organisation_id, days=days
        )
    erasing.done(_("Deleted data is now kept restorable {kept_for}.").format(kept_for=erasing.kept_for(days)))


def save_profile(organisation_id: int, size: str | None, sourcing: str | None) -> None:
    with resources.session() as session:
        set_organisation_profile(
            session=session,
            actor=state.actor(),
            organisation_id=organisation_id,
            size=size,
            sourcing=sourcing,
        )
    erasing.done(_("Profile saved: assessments started from now on get targets proposed from it."))


def delete_unit(unit_id: int, typed: str) -> None:
    with resources.session() as session:
        services.delete_unit(session=session, actor=state.actor(), unit_id=unit_id, confirm=typed)
    state.select_unit(None)
    erasing.done(
        _("The unit “{name}” is deleted; restore it below.").format(name=escape_markdown(typed.strip()))
    )


def delete_organisation(organisation_id: int, typed: str) -> None:
    with resources.session() as session:
        services.delete_organisation(
            session=session, actor=state.actor(), organisation_id=organisation_id, confirm=typed
        )
    state.select_organisation(None)
    erasing.done(
        _("The organisation “{name}” is deleted; restore it below.").format(
            name=escape_markdown(typed.strip())
        )
    )


def show_members(organisation: OrganisationInfo) -> None:
    with resources.session(write=False) as session:
        members = services.list_members(session=session, actor=state.actor(), organisation_id=organisation.id)
    st.header(_("Members"))
    st.caption(str(ROLE_HELP))
    if members:
        show_table(
            pd.DataFrame(
                {_("E-mail address"): [m.email for m in members], _("Role"): [m.role for m in members]}
            ),
            label=_("Members"),
        )
    else:
        st.write(_("No members yet: add the first below."))
    with st.form("wf_add_member", clear_on_submit=True):
        st.markdown(_("**Add a member or change a role**"))
        email = st.text_input(_("E-mail address"), help=_("The address the person signs in with."))
        role = st.selectbox(_("Role"), ROLES, index=1)
        if st.form_submit_button(_("Save"), type="primary"):
            run_action(add_member, organisation.id, email, role)
    if members:
        with st.form("wf_remove_member"):
            st.markdown(_("**Remove a member**"))
            leaving = st.selectbox(_("Member"), [m.email for m in members])
            if st.form_submit_button(_("Remove")):
                run_action(remove_member, organisation.id, leaving)


def show_profile(organisation: OrganisationInfo) -> None:
    """Owners: size band and sourcing model, from which new assessments' targets are proposed."""
    with resources.session(write=False) as session:
        profile = organisation_profile(session=session, actor=state.actor(), organisation_id=organisation.id)
    st.header(_("Organisation profile"))
    st.write(
        _(
            "New assessments start with area targets proposed from the organisation's size and how it "
            "sources its services; without a profile every area's target is 4. Existing assessments "
            "keep their targets, and every target stays editable on the Results page."
        )
    )
    not_given = _("Not given")
    with st.form("wf_profile"):
        size = st.selectbox(
            _("Size"),
            [None, *SIZES],
            index=[None, *SIZES].index(profile.size),
            format_func=lambda code: not_given if code is None else str(SIZE_NAMES[code]),
        )
        sourcing = st.selectbox(
            _("Sourcing model"),
            [None, *SOURCING_MODELS],
            index=[None, *SOURCING_MODELS].index(profile.sourcing),
            format_func=lambda code: not_given if code is None else str(SOURCING_NAMES[code]),
        )
        if st.form_submit_button(_("Save profile")):
            run_action(save_profile, organisation.id, size, sourcing)


def show_retention(organisation: OrganisationInfo) -> None:
    st.header(_("Deleted data"))
    st.write(
        _(
            "Whatever is deleted in this organisation (a participant, an assessment, a unit, the whole "
            "organisation) stays restorable for a while, then the automatic purge removes it for good, "
            "also from the database file. The audit trail keeps that it happened, without the names."
        )
    )
    with st.form("wf_retention"):
        days = st.number_input(
            _("Days deleted data stays restorable"),
            min_value=0,
            max_value=MAX_RETENTION_DAYS,
            value=organisation.retention_days,
            step=1,
            help=_("0: removed for good at the next automatic purge (when the server restarts)."),
        )
        if st.form_submit_button(_("Save retention period")):
            run_action(set_retention, organisation.id, int(days))
    with resources.session(write=False) as session:
        deleted = services.list_deleted(session=session, actor=state.actor(), organisation_id=organisation.id)
    if deleted:
        st.subheader(_("Deleted, still restorable"))
        erasing.show_deleted(deleted, key="wf_restore", restore=erasing.restore)
    else:
        st.caption(_("Nothing of this organisation is deleted and waiting to be purged."))


def show_danger_zone(organisation: OrganisationInfo) -> None:
    st.header(_("Danger zone"))
    with resources.session(write=False) as session:
        units = services.list_units(session=session, actor=state.actor(), organisation_id=organisation.id)
        assessments = services.list_assessments(
            session=session, actor=state.actor(), organisation_id=organisation.id
        )
    deleting_unit = units and sections.opened(
        _("Delete a unit"), key="wf_delete_unit_open", icon=":material/delete:"
    )
    if deleting_unit:
        with deleting_unit:
            # A box of its own: choosing here must not change the unit the other pages work in.
            by_id = {unit.id: unit for unit in units}
            chosen = st.selectbox(
                _("Unit to delete"),
                list(by_id),
                format_func=lambda u: by_id[u].path,
                key="wf_delete_unit_pick",
            )
            unit = by_id[chosen]
            erasing.confirm_delete(
                key=f"wf_delete_unit_{unit.id}",
                name=unit.name,
                goes=erasing.unit_goes(unit, units, assessments),
                retention_days=organisation.retention_days,
                button=_("Delete unit"),
                delete=lambda typed: delete_unit(unit.id, typed),
            )
    deleting = sections.opened(
        _("Delete the organisation"), key="wf_delete_organisation_open", icon=":material/delete_forever:"
    )
    if deleting is None:
        return
    with deleting:
        erasing.confirm_delete(
            key="wf_delete_organisation",
            name=organisation.name,
            goes=erasing.organisation_goes(organisation),
            retention_days=organisation.retention_days,
            button=_("Delete organisation"),
            delete=lambda typed: delete_organisation(organisation.id, typed),
        )


def show_deleted_organisations() -> None:
    """Deleted organisations this person owns, to restore (they no longer appear in the picker)."""
    with resources.session(write=False) as session:
        deleted = services.deleted_organisations(session=session, actor=state.actor())
    if deleted:
        st.header(_("Deleted organisations"))
        erasing.show_deleted(deleted, key="wf_restore_organisation", restore=erasing.restore)


st.title(_("Members and settings"))
erasing.show_flash()
actor = state.actor()
creating = (actor.is_operator or actor.is_admin) and sections.opened(
    _("New organisation"), key="wf_new_organisation_open", icon=":material/add_business:"
)
if creating:
    with creating, st.form("wf_new_organisation", clear_on_submit=True, border=False):
        name = st.text_input(_("Name of the organisation"))
        owner = st.text_input(
            _("E-mail address of its first owner"), help=_("Leave empty to own it yourself.")
        )
        if st.form_submit_button(_("Create organisation"), type="primary"):
            run_action(create_organisation, name, owner)

organisation = pickers.organisation_picker(key="wf_members_organisation", needs=Action.MANAGE_MEMBERS)
if organisation is None:
    st.info(pickers.no_organisations())
elif not may(actor, Action.MANAGE_MEMBERS, organisation.id):
    st.info(_("Only the organisation's owners manage its members."))
else:
    show_members(organisation)
    if may(actor, Action.MANAGE, organisation.id):
        show_profile(organisation)
        show_retention(organisation)
        show_danger_zone(organisation)
show_deleted_organisations()
