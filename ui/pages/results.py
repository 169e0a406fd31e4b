"""Results of one assessment: scores, radar charts, per-area detail, backlog, roadmap, targets,
downloads; owners also delete it."""

from __future__ import annotations

import streamlit as st

from assessment import services
from assessment.access import Action, may
from assessment.records import AssessmentInfo
from questionnaires import Bank
from questionnaires.i18n import LANGUAGES, _, language_name
from scoring.options import DEFAULT_AREA_TARGET
from scoring.progress import Progress
from scoring.results import AssessmentResult
from ui import downloads, erasing, pickers, plan_view, print_layout, resources, results_view, sharing, state
from ui.actions import run_action
from ui.scores import assessment_result

SAVED_FLASH = "wf_results_saved"


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


def focus_select(label: str, names: dict[str, str], chosen: tuple[str, ...], *, key: str) -> list[str]:
    """A multiselect of the steps or pillars to focus on, named as the framework names them."""
    return st.multiselect(label, list(names), default=list(chosen), format_func=names.__getitem__, key=key)


def save_targets(
    assessment_id: int,
    seen_version: int,
    targets: dict[str, float],
    focus_steps: list[str],
    focus_pillars: list[str],
) -> None:
    """Store the targets and focus, then rerun so the backlog and roadmap above are recomputed.

    ``seen_version``: the targets' version when the form was first shown in this session; if
    someone saved since, the service refuses and the person is told (nothing is overwritten).
    """
    with resources.session() as session:
        saved = services.update_targets(
            actor=state.actor(),
            session=session,
            assessment_id=assessment_id,
            area_targets=targets,
            focus_steps=tuple(focus_steps),
            focus_pillars=tuple(focus_pillars),
            expected_version=seen_version,
        )
    st.session_state[targets_seen_key(assessment_id)] = saved.targets_version
    st.session_state[SAVED_FLASH] = True
    st.rerun()


def targets_seen_key(assessment_id: int) -> str:
    return f"wf_targets_seen_{assessment_id}"


def targets_form(info: AssessmentInfo, bank: Bank) -> None:
    st.header(_("Targets and focus"))
    framework = bank.framework
    # The version this person's form started from, kept across reruns: the rerun of a submit
    # reads the database again and would otherwise carry someone else's newer version.
    seen_version = st.session_state.setdefault(targets_seen_key(info.id), info.targets_version)
    with st.form(key=f"targets_{info.id}", border=True):
        st.caption(_("The level each area should reach, and the steps and pillars that matter most now."))
        columns = st.columns(len(framework.areas))
        targets = {
            area.id: column.number_input(
                _("Target for {name}").format(name=area.name),
                min_value=1.0,
                max_value=5.0,
                step=0.5,
                format="%.1f",
                value=float(info.area_targets.get(area.id, DEFAULT_AREA_TARGET)),
                key=f"target_{info.id}_{area.id}",
            )
            for column, area in zip(columns, framework.areas, strict=True)
        }
        steps = {step.id: f"{step.number}. {step.name}" for step in framework.steps}
        pillars = {pillar.id: f"{pillar.letter} · {pillar.name}" for pillar in framework.pillars}
        focus_steps = focus_select(
            _("Focus guiding steps"), steps, info.focus_steps, key=f"focus_steps_{info.id}"
        )
        focus_pillars = focus_select(
            _("Focus pillars"), pillars, info.focus_pillars, key=f"focus_pillars_{info.id}"
        )
        if st.form_submit_button(_("Save targets and focus"), type="primary"):
            run_action(save_targets, info.id, seen_version, targets, focus_steps, focus_pillars)
    if st.session_state.pop(SAVED_FLASH, False):
        st.success(_("Targets and focus saved; the backlog and roadmap above are recomputed."))


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
    """Owners: delete the assessment, restorable for the organisation's retention period."""
    with resources.session(write=False) as session:
        organisation = services.get_organisation(
            session=session, actor=state.actor(), organisation_id=info.organisation_id
        )
    with st.expander(_("Delete this assessment"), icon=":material/delete:"):
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

with st.expander(_("Choose an assessment"), expanded=found is None):
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
            targets_form(info, bank)
        else:
            st.caption(_("The assessment is closed: its targets and focus no longer change."))
    show_downloads(info, result, bank)
    if may(state.actor(), Action.RUN, info.organisation_id):
        sharing.show_share_links(info)
    if may(state.actor(), Action.MANAGE, info.organisation_id):
        show_delete(info)
