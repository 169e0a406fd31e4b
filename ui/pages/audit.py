"""Audit trail (owners): who did what, when, to which object; filtered by action and date, searched,
shown a page of rows at a time, and downloaded as CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import streamlit as st

from assessment import services
from assessment.access import Action
from assessment.records import AuditInfo
from assessment.services.audit import ACTIONS
from questionnaires.i18n import _
from scoring.formatting import date_entry_format
from ui import audit_view, pickers, resources, state
from ui.actions import run_action
from ui.html_table import show_table

PAGE = "wf_audit_page"


def first_page() -> None:
    """A new filter or search shows its newest rows."""
    st.session_state.pop(PAGE, None)


def trail(organisation_id: int | None, action: str | None, since: date | None) -> list[AuditInfo]:
    start = datetime.combine(since, time.min, tzinfo=UTC) if since is not None else None
    with resources.session(write=False) as session:
        return services.audit_trail(
            session=session, actor=state.actor(), organisation_id=organisation_id, action=action, since=start
        )


st.title(_("Audit trail"))
st.write(
    _(
        "Who did what, when, and to which object in the organisation: creating, renaming, deleting "
        "and restoring, closing and reopening, join codes, imports, exports, reports, members and "
        "settings. The app only ever adds to it; when deleted data is purged its rows stay, "
        "without the names."
    )
)
server_wide = (state.actor().is_operator or state.actor().is_admin) and st.toggle(
    _("Server-wide events (sign-ins, instance admins, purges)"), key="wf_audit_server_wide"
)
organisation = (
    None if server_wide else pickers.organisation_picker(key="wf_audit_organisation", needs=Action.MANAGE)
)
if organisation is None and not server_wide:
    st.info(
        _("The audit trail of an organisation is for its owners.")
        if state.actor().memberships
        else pickers.no_organisations()
    )
    st.stop()

action_column, since_column = st.columns(2)
# Made in the run: a format function must not translate when it is called.
action_names = {None: _("All actions")} | {code: str(name) for code, name in ACTIONS.items()}
action = action_column.selectbox(
    _("Action"),
    list(action_names),
    format_func=action_names.__getitem__,
    key="wf_audit_action",
    on_change=first_page,
)
since = since_column.date_input(
    _("Since (UTC)"), value=None, format=date_entry_format(), key="wf_audit_since", on_change=first_page
)
scope = None if organisation is None else organisation.id
events = run_action(trail, scope, action, since)
if events is None:
    st.stop()
table = audit_view.audit_table(events)
search = st.text_input(
    _("Search"),
    key="wf_audit_search",
    placeholder=_("A name, an address, an object or a word of the detail"),
    on_change=first_page,
)
table = audit_view.matching(table, search)
shown = audit_view.page_of(table, st.session_state.get(PAGE, 1))
st.caption(shown.caption())
show_table(shown.rows, label=_("Audit trail"))
if shown.pages > 1:
    st.session_state[PAGE] = shown.number  # kept within the pages there are now
    st.number_input(_("Page"), min_value=1, max_value=shown.pages, step=1, key=PAGE)
st.download_button(
    _("Download as CSV"),
    data=lambda: audit_view.audit_csv(table),
    file_name=f"wayfinder-audit-{scope or 'server'}-{date.today().isoformat()}.csv",
    mime="text/csv",
    key="wf_audit_csv",
    icon=":material/download:",
    disabled=table.empty,
)
