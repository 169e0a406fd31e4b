"""Shared results: one assessment's results, read-only, for whoever holds a results link (a board).

No sign-in: the link is the permission, and the service checks it (``services.shared_results``),
giving the results without names or notes. The page draws them as the results page does
(``ui.results_view``), and offers nothing to change, download or open elsewhere.
"""

from __future__ import annotations

import streamlit as st

from assessment import services
from assessment.errors import NotFoundError
from assessment.records import SharedResults
from questionnaires.i18n import _
from scoring.formatting import moment_text
from ui import resources, results_view, sharing
from ui.text import escape_markdown


def opened(token: str) -> SharedResults | None:
    """What the link opens; None, with the reason shown, when it opens nothing."""
    try:
        with resources.session(write=False) as session:
            return services.shared_results(session=session, token=token)
    except NotFoundError as error:
        st.error(escape_markdown(str(error)), icon=":material/link_off:")
        return None


st.title(_("Shared results"))
token = sharing.opened_link()
shared = opened(token) if token else None
if token is None:
    st.info(_("Open the results link you were given: this page shows the results it was made for."))
if shared is not None:
    info, result = shared.assessment, shared.result
    st.caption(
        _(
            "Read-only results shared with you, without the names and notes of those who answered. "
            "This link works until {moment} (UTC)."
        ).format(moment=moment_text(shared.expires_at))
    )
    bank = services.shown_bank(resources.bank_for(info.bank_version))  # its own bank, in this language
    results_view.show_header(info, result)
    if result.overall.scored:
        results_view.show_standing(result)
        results_view.show_area_detail(result, bank)
        results_view.show_backlog(result, bank)
        results_view.show_roadmap(result, bank)
