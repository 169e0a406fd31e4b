"""Read-only results links: the panel on the results page that makes, lists and revokes them,
and how the app knows a browser came through one.

The services decide who may share (facilitators and owners); the results page draws this panel
only for them. A new link's address is shown once, right after it is made: only a hash of its
secret is stored, so it cannot be shown again (a lost link is revoked and made anew).
"""

from __future__ import annotations

import streamlit as st

from assessment import services
from assessment.access import Actor
from assessment.models import LABEL_LENGTH
from assessment.records import AssessmentInfo, NewShareLink, ShareLinkInfo
from assessment.services.audit import actor_label
from assessment.services.share_links import SHARE_DAYS
from assessment.settings import get_settings
from questionnaires.i18n import _
from scoring.formatting import moment_text
from ui import erasing, resources, sections, state
from ui.actions import run_action
from ui.text import escape_markdown
from ui.workshop_view import app_base_url

QUERY_LINK = "link"  # a results link is the app's address with ?link=<secret>
RESULTS_PAGE = "results"  # where links are made: the page's address less this is the app's
OPENED_LINK = "wf_opened_link"  # the link this browser session came through (kept across its pages)
DEFAULT_DAYS = 30


def opened_link() -> str | None:
    """The results link this session came through: ``?link=`` wins and is remembered, so the
    reader can open the help page and come back."""
    token = st.query_params.get(QUERY_LINK)
    if token:
        st.session_state[OPENED_LINK] = token
        return token
    return st.session_state.get(OPENED_LINK)


def link_address(token: str) -> str:
    """The link to hand out. It opens the app's root: a browser that brings ``?link=`` is shown the
    shared page as its only (so default) page, and Streamlit serves the default page at the root."""
    base = app_base_url(st.context.url, get_settings().public_url, page=RESULTS_PAGE)
    return f"{base}/?{QUERY_LINK}={token}"


def _new_link_key(assessment_id: int) -> str:
    return f"wf_new_share_link_{assessment_id}"


def create(assessment_id: int, days: int, label: str) -> NewShareLink:
    with resources.session() as session:
        made = services.create_share_link(
            session=session, actor=state.actor(), assessment_id=assessment_id, days=days, label=label
        )
    st.session_state[_new_link_key(assessment_id)] = made
    return made


def active_links(assessment_id: int) -> list[ShareLinkInfo]:
    with resources.session(write=False) as session:
        return services.list_share_links(session=session, actor=state.actor(), assessment_id=assessment_id)


def revoke(link: ShareLinkInfo) -> ShareLinkInfo:
    with resources.session() as session:
        revoked = services.revoke_share_link(session=session, actor=state.actor(), link_id=link.id)
    new = st.session_state.get(_new_link_key(link.assessment_id))
    if isinstance(new, NewShareLink) and new.link.id == link.id:
        del st.session_state[_new_link_key(link.assessment_id)]
    return revoked


def show_share_links(info: AssessmentInfo) -> None:
    """Facilitators and owners: make a read-only link for a board, see the open ones, revoke any."""
    st.header(_("Share read-only"))
    st.caption(
        _(
            "A link that shows these results to anyone who holds it, without signing in: scores, "
            "charts, backlog and roadmap, but no names and no notes. It stops working when it "
            "expires or when you revoke it."
        )
    )
    panel = sections.opened(
        _("Make a link, or revoke one"), key=f"wf_share_open_{info.id}", icon=":material/link:"
    )
    if panel is not None:
        with panel:
            show_panel(info)


def show_panel(info: AssessmentInfo) -> None:
    """The form that makes a link (its address shown once), and the links that work now."""
    with st.form(key=f"share_{info.id}", border=True):
        label, days = st.columns([3, 1])
        given = label.text_input(
            _("For whom (optional, seen only by those who share)"),
            max_chars=LABEL_LENGTH,
            key=f"share_label_{info.id}",
        )
        # Named in the run: a format function must not translate when it is called.
        day_names = {count: erasing.plural(count, "day") for count in SHARE_DAYS}
        chosen = days.selectbox(
            _("Valid for"),
            SHARE_DAYS,
            index=SHARE_DAYS.index(DEFAULT_DAYS),
            format_func=day_names.__getitem__,
            key=f"share_days_{info.id}",
        )
        if st.form_submit_button(_("Create link"), icon=":material/add_link:"):
            run_action(create, info.id, chosen, given)
    new = st.session_state.get(_new_link_key(info.id))
    if isinstance(new, NewShareLink):
        st.success(
            _("Copy this link now: it is shown only this once. It works until {moment} (UTC).").format(
                moment=moment_text(new.link.expires_at)
            ),
            icon=":material/link:",
        )
        st.code(link_address(new.token), language=None, wrap_lines=True)
    show_active_links(info.id)


def show_active_links(assessment_id: int) -> None:
    links = run_action(active_links, assessment_id) or []
    st.markdown("**{heading}**".format(heading=_("Links that work now")))
    if not links:
        st.write(_("None: nobody outside the organisation can open these results."))
        return
    for link in links:
        described, button = st.columns([4, 1], vertical_alignment="center")
        described.markdown(link_line(link))
        revoking = button.button(_("Revoke"), key=f"revoke_link_{link.id}", icon=":material/link_off:")
        if revoking and run_action(revoke, link) is not None:
            st.rerun()


def link_line(link: ShareLinkInfo) -> str:
    """One open link: whom it is for, who made it and when, until when it works."""
    values = {
        "label": escape_markdown(link.label) or _("No name"),
        "made": moment_text(link.created_at),
        "until": moment_text(link.expires_at),
    }
    if link.created_by == actor_label(Actor.operator()):  # local mode: no address to name
        return _("**{label}** · made on this computer on {made} · works until {until} (UTC)").format(**values)
    return _("**{label}** · made by {who} on {made} · works until {until} (UTC)").format(
        who=escape_markdown(link.created_by), **values
    )
