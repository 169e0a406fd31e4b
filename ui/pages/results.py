"""Results of one assessment: scores, radar charts, per-area detail, backlog, roadmap, targets,
downloads; owners also delete it."""

from __future__ import annotations

import streamlit as st

from assessment import services
from assessment.access import Action, may
from assessment.records import AssessmentInfo
from questionnaires import Bank
from questionnaires.i18n import LANGUAGES, _, language_name
from scoring.progress import Progress
from scoring.results import AssessmentResult
from ui import (
    downloads,
    erasing,
    pickers,
    plan_view,
    print_layout,
    resources,
    results_view,
    sections,
    sharing,
    state,
    targets_editor,
)
from ui.actions import run_action
from ui.scores import assessment_result

CHOOSING = "wf_choose_assessment"  # whether "Choose an assessment" is open


def pick_assessment(current: AssessmentInfo | None) -> int | None:
    """Organisation, then assessment; the choice is remembered for the other pages."""
    if current is not None:
        state.select_organisation(current.organisation_id)
    organisation = pickers.organisation_picker(key="results_organisation")
    if organisation is None:
        st.info(pickers.no_organisations())
        return None
    with resources.session(write=False) as session:
        assessments = services.list_assessments(
            actor=state.actor(), session=session, organisation_id=organisation.id
        )
    if not assessments:
        st.info(_("This organisation has no assessments yet."))
        return None
    chosen = pickers.assessment_picker(assessments, key="results_assessment")
    return None if chosen is None else chosen.id


def plan_review(assessment_id: int, result: AssessmentResult) -> tuple[AssessmentResult, Progress | None]:
    """The result without backlog items the unit's plan already has in progress, and the plan's
    progress since an earlier round (None when there is none)."""
    with resources.session(write=False) as session:
        return services.review_round(
            session=session, actor=state.actor(), assessment_id=assessment_id, result=result
        )


def report_language_picker(info: AssessmentInfo) -> AssessmentInfo:
    """Facilitators choose the language of the assessment's PDF (by default, its starter's)."""
    key = f"report_language_{info.id}"
    chosen = st.selectbox(
        _("Language of the PDF report"),
        LANGUAGES,
        index=LANGUAGES.index(info.report_language) if info.report_language in LANGUAGES else 0,
        format_func=language_name,
        key=key,
    )
    if chosen == info.report_language:
        return info
    return run_action(set_report_language, info.id, chosen) or info


def set_report_language(assessment_id: int, code: str) -> AssessmentInfo:
    with resources.session() as session:
        return services.set_report_language(
            session=session, actor=state.actor(), assessment_id=assessment_id, language=code
        )


def show_downloads(info: AssessmentInfo, result: AssessmentResult, bank: Bank) -> None:
    st.header(_("Downloads"))
    exports_data = downloads.exports_data(state.actor(), info)
    csv_table = (
        st.selectbox(
            _("Table for the CSV file"),
            list(downloads.CSV_TABLES),
            format_func={table: str(label) for table, label in downloads.CSV_TABLES.items()}.__getitem__,
            key="results_csv_table",
        )
        if exports_data
        else "answers"
    )
    if may(state.actor(), Action.RUN, info.organisation_id):
        info = report_language_picker(info)
    exports = downloads.assessment_downloads(
        resources.engine(), state.actor(), info, result, bank, csv_table=csv_table
    )
    for column, export in zip(st.columns(len(exports)), exports, strict=True):
        column.download_button(
            export.label,
            data=export.build,
            file_name=export.file_name,
            mime=export.mime,
            key=f"download_{export.kind}",
            icon=":material/download:",
        )
    st.caption(
        _(
            "The PDF is for printing and sharing; it is not tagged for screen readers. This page and "
            "the Excel, JSON and CSV files hold the same results in accessible form."
        )
        if exports_data
        else _(
            "The PDF is for printing and sharing; it is not tagged for screen readers. This page holds "
            "the same results in accessible form. The Excel, JSON and CSV files, which carry "
            "respondents' names and notes, are for facilitators."
        )
    )


def show_delete(info: AssessmentInfo) -> None:
    """Owners: delete the assessment, restorable for the organisation's retention period (the
    form drawn when the expander is opened)."""
    deleting = sections.opened(_("Delete this assessment"), icon=":material/delete:", key="wf_delete_open")
    if deleting is None:
        return
    with resources.session(write=False) as session:
        organisation = services.get_organisation(
            session=session, actor=state.actor(), organisation_id=info.organisation_id
        )
    with deleting:
        erasing.confirm_delete(
            key="wf_delete_assessment",
            name=info.title,
            goes=erasing.assessment_goes(info),
            retention_days=organisation.retention_days,
            button=_("Delete assessment"),
            delete=lambda typed: erasing.delete_assessment(info.id, typed),
        )


st.title(_("Results"))
print_layout.use_print_layout()
erasing.show_flash()
selected = state.selected_assessment_id()
found = assessment_result(selected) if selected is not None else None
if selected is not None and found is None:
    st.error(_("There is no assessment with id {selected}. Choose one below.").format(selected=selected))

choosing = sections.opened(
    _("Choose an assessment"), key=CHOOSING, icon=":material/swap_horiz:", open_now=found is None
)
chosen = None
if choosing is not None:
    with choosing:
        chosen = pick_assessment(found[0] if found else None)
if chosen is not None and (found is None or chosen != found[0].id):
    found = assessment_result(chosen)

if found is not None:
    info, result = found
    bank = services.shown_bank(resources.bank_for(info.bank_version))  # its own bank, in this language
    results_view.show_header(info, result)
    if result.overall.scored:
        results_view.show_standing(result)
        results_view.show_area_detail(result, bank)
        planned, progress = plan_review(info.id, result)
        if progress is not None:
            plan_view.show_progress(progress, bank)
        results_view.show_backlog(planned, bank)
        results_view.show_roadmap(planned, bank)
    if may(state.actor(), Action.RUN, info.organisation_id):
        if info.is_open:
            targets_editor.targets_form(info, bank)
        else:
            st.caption(_("The assessment is closed: its targets and focus no longer change."))
    show_downloads(info, result, bank)
    if may(state.actor(), Action.RUN, info.organisation_id):
        sharing.show_share_links(info)
    if may(state.actor(), Action.MANAGE, info.organisation_id):
        show_delete(info)
