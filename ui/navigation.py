"""The pages each person is offered: the menu follows the roles (the services enforce them).

A visitor sees the sign-in page (or, in local mode, the join page) and the join page; a
participant also their questionnaire; members the pages their roles use; owners and instance
admins the members page, owners the audit trail. Everyone, signed in or not, has the privacy
notice.
"""

from __future__ import annotations

import streamlit as st

from assessment.access import Actor, has_role
from questionnaires.i18n import _

PAGES_DIR = "ui/pages"
# Streamlit closes its menu after a page is chosen only when the browser's user agent names a
# phone (``R_()`` in its frontend: ua-parser's deviceType "mobile"): a tablet, a narrow window or
# a phone asking for the desktop site keeps the menu open over the page just chosen. This closes
# it wherever the menu lies over the page, whatever the browser says it is. Static code, no
# user text.
CLOSE_MENU_AFTER_CHOOSING = """<script>
(() => {
  if (document.wfClosesMenu) return;
  document.wfClosesMenu = true;
  const overlaysPage = () => {
    const menu = document.querySelector('[data-testid="stSidebar"]');
    const page = document.querySelector('[data-testid="stMain"]');
    return menu && page && menu.getBoundingClientRect().right > page.getBoundingClientRect().left + 1;
  };
  document.addEventListener("click", (event) => {
    if (!event.target.closest('[data-testid="stSidebarNav"] a') || !overlaysPage()) return;
    setTimeout(() => {
      if (overlaysPage()) document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
    }, 0);
  }, true);
})();
</script>"""


def close_menu_after_choosing() -> None:
    """On a narrow screen, close the menu once a page is chosen from it (see
    :data:`CLOSE_MENU_AFTER_CHOOSING`)."""
    with st.sidebar:
        st.html(CLOSE_MENU_AFTER_CHOOSING, unsafe_allow_javascript=True)


def _page(name: str, title: str, icon: str, *, url: str | None = None, default: bool = False) -> st.Page:
    return st.Page(
        f"{PAGES_DIR}/{name}.py",
        title=title,
        icon=f":material/{icon}:",
        url_path=url or name,
        default=default,
    )


def pages_for(actor: Actor, *, signing_in: bool) -> list[st.Page]:
    """The menu of ``actor``; ``signing_in`` when sign-in is configured (not local mode)."""
    questionnaire = _page("questionnaire", _("Questionnaire"), "edit_note")
    # One default page only (st.navigation refuses two): with sign-in configured it is the sign-in page.
    outside = actor.kind in ("visitor", "participant")
    join = _page("join", _("Join a workshop"), "group_add", default=outside and not signing_in)
    privacy = _page("privacy", _("Privacy"), "shield_person")
    help_page = _page("help", _("Help"), "help")
    if outside:
        sign_in = [_page("sign_in", _("Sign in"), "login", default=True)] if signing_in else []
        return [*sign_in, join, questionnaire, help_page, privacy]
    roles = set(actor.memberships.values())
    runs = actor.is_operator or any(has_role(role, "facilitator") for role in roles)
    reads = actor.is_operator or bool(roles)
    manages = actor.is_operator or actor.is_admin or "owner" in roles
    # The trail is read per organisation by its owners: an admin who owns none would find it empty.
    audits = actor.is_operator or actor.is_admin or "owner" in roles
    pages = [_page("home", _("Home"), "home", default=True), questionnaire, join]
    if runs:
        pages.append(_page("workshop", _("Workshop"), "groups"))
    if reads:
        pages += [
            _page("results", _("Results"), "monitoring"),
            _page("plan", _("Plan"), "view_kanban"),
            _page("compare", _("Compare"), "grid_view"),
        ]
    pages.append(_page("bank", _("Question bank"), "menu_book"))
    if runs:
        pages.append(_page("import_responses", _("Import"), "upload_file", url="import"))
    if manages:
        pages.append(_page("members", _("Members"), "manage_accounts"))
    if audits:
        pages.append(_page("audit", _("Audit trail"), "history"))
    pages += [help_page, privacy]
    return pages


def shared_results_pages() -> list[st.Page]:
    """A browser that came through a read-only results link: that page, and the help it points to."""
    return [
        _page("shared", _("Shared results"), "visibility", default=True),
        _page("help", _("Help"), "help"),
    ]
