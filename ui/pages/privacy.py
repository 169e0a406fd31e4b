"""Privacy notice: what Wayfinder stores, why, for how long, who sees it, and how to get or erase it.

Built from this server's configuration and database, not fixed text: whether sign-in is
configured, the retention period of each organisation the reader can see, and, for a
participant, the workshop they answer in (anonymous or not).
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from assessment import services
from assessment.models import DEFAULT_RETENTION_DAYS
from assessment.records import OrganisationInfo, Participation
from assessment.services.respondents import WRONG_CODES_KEPT
from questionnaires.i18n import _
from ui import erasing, identity, resources, state
from ui.html_table import show_table
from ui.text import escape_markdown


def _hours(period: timedelta) -> str:
    return erasing.plural(max(1, round(period.total_seconds() / 3600)), "hour")


def participation() -> Participation | None:
    """The workshop or self-assessment this browser answers in, through its personal link."""
    token = st.session_state.get(state.RESPONDENT_TOKEN)
    if not token:
        return None
    with resources.session(write=False) as session:
        return services.participation_for(session=session, token=token)


def organisations() -> list[OrganisationInfo]:
    """The organisations whose periods the reader may know: those they see in the app."""
    if state.actor().kind not in ("person", "operator"):
        return []
    with resources.session(write=False) as session:
        return services.list_organisations(session=session, actor=state.actor())


def what_is_stored(signing_in: bool, yours: Participation | None) -> None:
    st.header(_("What is stored"))
    people = _(
        "- **About the people who answer**: the name and role each gives (a self-assessment's "
        "leader, a workshop's participants; both optional), their answers and notes, when they "
        "joined, and a secret personal link to come back to their answers. In an **anonymous "
        "workshop** nothing that names anyone is asked or stored: participants are “Participant "
        "1”, “Participant 2”, …"
    )
    if signing_in:
        accounts = _(
            "- **About the people who sign in**: the e-mail address given by the sign-in provider, "
            "their role in each organisation, and when they signed in. A signed cookie keeps them "
            "signed in; no password is stored here."
        )
    else:
        accounts = _(
            "- **No sign-in is configured on this server**, so no e-mail addresses are stored: whoever "
            "uses the server's own computer manages everything, anyone else can only join workshops."
        )
    st.markdown(
        "\n".join(
            (
                people,
                accounts,
                _(
                    "- **The audit trail**: who (an e-mail address, “local operator” or “participant”) did "
                    "what, when, to which object. It never holds a participant's name or note."
                ),
                _(
                    "- **Wrong join codes**: the network address of the device that typed one, to stop "
                    "anyone guessing codes."
                ),
                _(
                    "- **Read-only results links**: who made each, for whom (if they said), when it stops "
                    "working; of the link itself only a fingerprint, which cannot be turned back into it. "
                    "Whoever holds a link sees those results without names or notes."
                ),
            )
        )
    )
    if yours is not None:
        you = (
            _("as a numbered participant, without your name (the workshop is anonymous)")
            if yours.assessment.anonymous
            else f"as **{escape_markdown(yours.respondent.label)}**"
        )
        st.info(
            _("You answer in “{title}” ({organisation}) {you}.").format(
                title=escape_markdown(yours.assessment.title),
                organisation=escape_markdown(yours.assessment.organisation),
                you=you,
            ),
            icon=":material/person:",
        )


def why(signing_in: bool) -> None:
    st.header(_("Why"))
    st.markdown(
        _(
            "- Answers and notes become the maturity scores, the backlog and the roadmap of the unit "
            "assessed: that is what Wayfinder is for.\n- Names and roles let the facilitator see who "
            "has finished and the room discuss where answers differ. They are optional, and an "
            "anonymous workshop stores none.\n"
        )
        + (
            _("- Sign-in addresses decide who may see and change what in each organisation.\n")
            if signing_in
            else ""
        )
        + _(
            "- The audit trail shows who did what, so a public body can account for its data.\n- Wrong "
            "join codes are counted to protect workshops from guessing."
        )
    )


def how_long(signing_in: bool, visible: list[OrganisationInfo], yours: Participation | None) -> None:
    st.header(_("For how long"))
    st.markdown(
        _(
            "Everything is kept until it is deleted: a participant withdraws their answers, a "
            "facilitator removes a participant, an owner deletes an assessment, a unit or the "
            "organisation. Deleted data stays restorable for the organisation's **retention period**, "
            "then the automatic purge removes it for good, also from the database file. The audit "
            "trail keeps that it happened, without the names. Wrong join codes are forgotten after "
            "{hours}."
        ).format(hours=_hours(WRONG_CODES_KEPT))
        + (_(" Sign-in records stay in the audit trail.") if signing_in else "")
    )
    periods = {o.name: o.retention_days for o in visible}
    if yours is not None:
        periods.setdefault(yours.assessment.organisation, yours.retention_days)
    if periods:
        show_table(
            pd.DataFrame(
                {
                    _("Organisation"): list(periods),
                    _("Deleted data restorable"): [erasing.kept_for(days) for days in periods.values()],
                }
            ),
            label=_("Deleted data restorable"),
        )
    else:
        st.write(
            _("Each organisation sets its own period: {plural} unless an owner changes it.").format(
                plural=erasing.plural(DEFAULT_RETENTION_DAYS, "day")
            )
        )


def who_sees_it(signing_in: bool) -> None:
    st.header(_("Who sees it"))
    roles = _(
        "- **A participant** sees only their own answers, through their personal link.\n- "
        "**Viewers** of an organisation see its results, scores and notes (without who wrote them) "
        "and the PDF reports, never the names.\n- **Facilitators** also see who answered what, with "
        "names, roles and notes, and export them.\n- **Owners** also manage members, read the audit "
        "trail, and delete and restore.\n"
    )
    if signing_in:
        roles += _(
            "- **Instance admins** create organisations and name their members; they read an "
            "organisation's answers only if they are members of it."
        )
    else:
        roles += _("- **The person at the server's computer** sees and manages everything.")
    st.markdown(roles)


def your_rights(signing_in: bool, yours: Participation | None) -> None:
    st.header(_("Getting your data, or having it deleted"))
    st.markdown(
        _(
            "- **If you answered through a personal link**: the questionnaire's “Your data” section "
            "downloads everything stored about you (JSON), and withdraws your answers while the "
            "assessment is open. After it closes, ask its facilitator to remove you.\n"
        )
        + (
            _(
                "- **If you sign in**: ask an instance admin for a copy of everything stored about your "
                "address, and an owner of your organisation to remove you from it.\n"
            )
            if signing_in
            else ""
        )
        + _(
            "- **Owners** delete participants, assessments, units or the whole organisation on the "
            "Workshop, Results and Members pages."
        )
    )
    if yours is not None:
        st.page_link(
            "ui/pages/questionnaire.py",
            label=_("Your questionnaire and your data"),
            icon=":material/edit_note:",
            query_params={state.QUERY_TOKEN: yours.respondent.token},
        )


st.set_page_config(
    page_title=_("Privacy · Wayfinder"), page_icon=":material/shield_person:", layout="centered"
)
st.title(_("Privacy notice"))
st.write(
    _(
        "What this Wayfinder server stores about people, why, for how long, who sees it, and how "
        "to get a copy or have it deleted. It is written from this server's own settings."
    )
)
signing_in = identity.sign_in_configured()
yours = participation()
what_is_stored(signing_in, yours)
why(signing_in)
how_long(signing_in, organisations(), yours)
who_sees_it(signing_in)
your_rights(signing_in, yours)
