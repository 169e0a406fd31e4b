"""The bank page's second half: the versions in use, what changed between two, tailored banks.

Versions and their assessments come from ``services.list_bank_versions`` (only what this
person may see). A tailored bank is uploaded as a zip of its folder, validated in full before
anything is shown: every problem is listed (file, question, what is wrong) and nothing is
stored; a valid bank shows its diff against the organisation's current bank, and only then
can an owner adopt it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from assessment import services
from assessment.access import Action, may
from assessment.records import BankVersionInfo
from questionnaires import Bank, BankError
from questionnaires.archive import read_bank_archive
from questionnaires.i18n import _, lazy_gettext
from questionnaires.versions import BankDiff
from ui import pickers, resources, state
from ui.actions import run_action
from ui.html_table import show_table
from ui.text import escape_markdown

ADOPTED = "wf_bank_adopted"  # the flash message after an adoption
ORIGINS = {
    "shipped": lazy_gettext("shipped with Wayfinder"),
    "installed": lazy_gettext("installed bank"),
    "tailored": lazy_gettext("tailored"),
    "restored": lazy_gettext("from a backup"),
}


def versions_table(versions: Sequence[BankVersionInfo]) -> pd.DataFrame:
    rows = []
    for info in versions:
        uses = [_("installed: new assessments")] if info.installed else []
        uses += [_("adopted by {name}").format(name=name) for name in info.adopted_by]
        rows.append(
            {
                _("Version"): info.version,
                _("Came from"): str(ORIGINS.get(info.origin, info.origin)),
                _("Questions"): info.questions,
                _("Assessments"): len(info.assessments),
                _("Flagged"): sum(1 for use in info.assessments if use.flagged),
                _("Used for"): "; ".join(uses),
            }
        )
    return pd.DataFrame(rows)


def uses_table(info: BankVersionInfo) -> pd.DataFrame:
    flag = _("answered with {version}, which was not kept")
    return pd.DataFrame(
        [
            {
                _("Organisation"): use.organisation,
                _("Unit"): use.unit,
                _("Assessment"): use.title,
                _("Date"): use.assessed_on,
                _("Flag"): flag.format(version=use.unkept_bank_version) if use.flagged else "",
            }
            for use in info.assessments
        ]
    )


def show_versions() -> list[BankVersionInfo]:
    with resources.session(write=False) as session:
        versions = services.list_bank_versions(session=session, actor=state.actor())
    st.header(_("Versions in use"))
    st.caption(
        _(
            "Every assessment is scored with the bank version it was started with, for ever. "
            "Flagged assessments were recorded before banks were kept: they are scored with the "
            "bank shipped at that time."
        )
    )
    show_table(versions_table(versions), label=_("Versions in use"))
    names = {info.version: info for info in versions}
    chosen = st.selectbox(_("Show the assessments of version"), list(names), key="bank_uses_version", index=0)
    if chosen is not None:
        uses = uses_table(names[chosen])
        if uses.empty:
            st.write(_("No assessment uses this version yet."))
        else:
            show_table(uses, label=_("Assessments of version {version}").format(version=chosen))
    return versions


def show_diff_lines(diff: BankDiff) -> None:
    st.markdown("\n".join(f"- {escape_markdown(line)}" for line in diff.lines()))


def show_changes(versions: Sequence[BankVersionInfo]) -> None:
    st.header(_("What changed between two versions"))
    ids = [info.version for info in versions]
    if len(ids) < 2:
        st.write(_("Only one version is in use: nothing to compare yet."))
        return
    left, right = st.columns(2)
    old = left.selectbox(_("From version"), ids, index=len(ids) - 1, key="bank_diff_old")
    new = right.selectbox(_("To version"), ids, index=0, key="bank_diff_new")
    with resources.session(write=False) as session:
        diff = run_action(lambda: services.bank_diff(session=session, actor=state.actor(), old=old, new=new))
    if diff is not None:
        show_diff_lines(diff)


def problems_table(error: BankError) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {_("File"): p.file, _("Question"): p.question or "", _("Problem"): p.message}
            for p in error.problems
        ]
    )


def show_adoption() -> None:
    st.header(_("Tailored bank for an organisation"))
    st.caption(
        _(
            "An organisation's owners can adopt their own bank: a subset of areas and questions, "
            "their own weights, questions of their own. It keeps the framework's guiding steps and "
            "pillars. New assessments of the organisation use it; those already started keep theirs."
        )
    )
    if message := st.session_state.pop(ADOPTED, None):
        st.success(message, icon=":material/check_circle:")
    organisation = pickers.organisation_picker(key="bank_adopt_organisation", needs=Action.MANAGE)
    if organisation is None or not may(state.actor(), Action.MANAGE, organisation.id):
        st.write(_("Only an organisation's owners adopt a tailored bank."))
        return
    with resources.session(write=False) as session:
        current = services.bank_of_organisation(
            session=session, actor=state.actor(), organisation_id=organisation.id
        )
    st.write(
        _("New assessments of this organisation use bank version {version} ({count} questions).").format(
            version=current.version, count=len(current.questions)
        )
    )
    if current.version != resources.bank().version and st.button(
        _("Use the installed bank again for new assessments"), key="bank_stop_tailored"
    ):

        def stop() -> None:
            with resources.session() as session:
                services.stop_tailored_bank(
                    session=session, actor=state.actor(), organisation_id=organisation.id
                )
            st.rerun()

        run_action(stop)
    upload = st.file_uploader(
        _("Upload a tailored bank: a zip of the bank folder (framework.yaml and areas/)"),
        type=["zip"],
        key="bank_upload",
    )
    if upload is None:
        return
    try:
        bank = read_bank_archive(upload.getvalue(), name=upload.name)
        with resources.session(write=False) as session:
            diff = run_action(
                lambda: services.preview_adoption(
                    session=session, actor=state.actor(), organisation_id=organisation.id, bank=bank
                ),
                prefix=_("Not adopted: "),
            )
    except BankError as error:  # the bank's own problems, or steps and pillars not the framework's
        st.error(
            _("Not adopted: the bank has {count} problem(s), listed below. Nothing was stored.").format(
                count=len(error.problems)
            )
        )
        show_table(problems_table(error), label=_("Problems"))
        return
    if diff is not None:
        show_preview(organisation.id, organisation.name, bank, diff)


def show_preview(organisation_id: int, name: str, bank: Bank, diff: BankDiff) -> None:
    """What adopting ``bank`` changes, and the button that adopts it."""
    st.subheader(_("What changes for new assessments"))
    show_diff_lines(diff)
    if st.button(
        _("Adopt bank {version} for {name}").format(version=bank.version, name=escape_markdown(name)),
        key="bank_adopt",
        type="primary",
        disabled=diff.unchanged,
    ):

        def adopt() -> None:
            with resources.session() as session:
                services.adopt_bank(
                    session=session, actor=state.actor(), organisation_id=organisation_id, bank=bank
                )
            st.session_state[ADOPTED] = _("{name} adopted bank {version}.").format(
                name=escape_markdown(name), version=bank.version
            )
            st.rerun()

        run_action(adopt)
