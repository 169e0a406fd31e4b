"""Results of one assessment: scores, radar charts, per-area detail, backlog, roadmap, targets,
downloads; owners also delete it."""

from __future__ import annotations

import streamlit as st

from assessment import services
from assessment.access import Action, may
from assessment.records import AssessmentInfo
from questionnaires import Bank
from scoring.formatting import TABLE_DIGITS, index_text, level_text, percent_text, score_text
from scoring.options import DEFAULT_AREA_TARGET
from scoring.results import AssessmentResult, DimensionScore
from ui import charts, downloads, erasing, pickers, resources, state, tables
from ui.actions import run_action
from ui.scores import assessment_result
from ui.text import escape_markdown

SAVED_FLASH = "wf_results_saved"
BACKLOG_SHOWN = 15


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
        st.info("This organisation has no assessments yet.")
        return None
    chosen = pickers.assessment_picker(assessments, key="results_assessment")
    return None if chosen is None else chosen.id


def show_header(info: AssessmentInfo, result: AssessmentResult) -> None:
    st.header(f"{escape_markdown(info.organisation)} — {escape_markdown(info.unit)}")
    respondents = f"{result.respondents} respondent{'s' if result.respondents != 1 else ''}"
    mode = f"{info.mode_name} (anonymous: no names asked or stored)" if info.anonymous else info.mode_name
    status = "open" if info.is_open else "closed"
    st.markdown(
        f"{escape_markdown(info.title)} · {info.assessed_on:%d %B %Y} · {mode} · {respondents} · {status}"
    )
    overall = result.overall
    if not overall.scored:
        st.info(
            "Not scored yet: nobody has answered a question of this assessment. "
            "Scores, charts and the backlog appear with the first answer."
        )
        return
    level, index, score, coverage = st.columns([2, 1, 1, 1])
    level.metric("Overall level", level_text(overall))
    index.metric("Index", f"{index_text(overall.index)} / 100")
    score.metric("Score", f"{score_text(overall.value, TABLE_DIGITS)} of 5")
    coverage.metric("Coverage", percent_text(overall.coverage), help="Answered weight / applicable weight")


def show_radar(dimensions: tuple[DimensionScore, ...], *, title: str, noun: str, key: str) -> None:
    summary = charts.radar_summary(dimensions, noun=noun)
    st.plotly_chart(
        charts.radar_figure(dimensions, title=title),
        key=f"radar_{key}",
        alt=f"Radar chart: {title}. {summary}",
    )
    st.write(summary)
    with st.expander(f"Show {title.lower()} as a table"):
        st.table(charts.dimension_table(dimensions), hide_index=True)


def show_area_detail(result: AssessmentResult, bank: Bank) -> None:
    st.header("Areas in detail")
    for tab, area in zip(st.tabs([a.name for a in result.areas]), result.areas, strict=True):
        with tab:
            current, target, gap = st.columns(3)
            current.metric("Score", score_text(area.score.value, TABLE_DIGITS))
            target.metric("Target", score_text(area.target))
            gap.metric("Gap", score_text(area.gap, TABLE_DIGITS))
            scores = [q for q in result.questions if q.area == area.id]
            st.table(tables.question_score_table(scores, bank), hide_index=True)
            notes = tables.notes_table(result, area.id, bank)
            if not notes.empty:
                st.markdown("**Notes from respondents**")
                st.table(tables.escaped(notes, "Note"), hide_index=True)


def show_backlog(result: AssessmentResult, bank: Bank) -> None:
    st.header("Prioritised backlog")
    if not result.backlog:
        st.write("Every question meets its target: nothing to add to the backlog.")
        return
    st.caption(
        f"{len(result.backlog)} actions, most important first; 'Why' explains each rank. "
        + tables.links_legend(bank.framework)
    )
    backlog = tables.backlog_table(result.backlog, bank.framework)
    st.table(backlog.head(BACKLOG_SHOWN), hide_index=True)
    if len(backlog) > BACKLOG_SHOWN:
        with st.expander(f"The other {len(backlog) - BACKLOG_SHOWN} actions"):
            st.table(backlog.iloc[BACKLOG_SHOWN:], hide_index=True)


def show_roadmap(result: AssessmentResult, bank: Bank) -> None:
    st.header("Roadmap")
    for column, horizon in zip(
        st.columns(len(result.roadmap.horizons)), result.roadmap.horizons, strict=True
    ):
        with column:
            st.subheader(f"{horizon.name} ({horizon.start_month}–{horizon.end_month} months)")
            lines = tables.horizon_lines(horizon.items, bank.framework)
            st.markdown("\n".join(f"- {escape_markdown(line)}" for line in lines) or "Nothing planned.")
    if result.roadmap.unscheduled:
        with st.expander(f"Not scheduled yet ({len(result.roadmap.unscheduled)}): beyond the work limits"):
            for line in tables.horizon_lines(result.roadmap.unscheduled, bank.framework):
                st.markdown(f"- {escape_markdown(line)}")


def focus_select(label: str, names: dict[str, str], chosen: tuple[str, ...], *, key: str) -> list[str]:
    """A multiselect of the steps or pillars to focus on, named as the framework names them."""
    return st.multiselect(label, list(names), default=list(chosen), format_func=names.__getitem__, key=key)


def save_targets(
    assessment_id: int, targets: dict[str, float], focus_steps: list[str], focus_pillars: list[str]
) -> None:
    """Store the targets and focus, then rerun so the backlog and roadmap above are recomputed."""
    with resources.session() as session:
        services.update_targets(
            actor=state.actor(),
            session=session,
            assessment_id=assessment_id,
            area_targets=targets,
            focus_steps=tuple(focus_steps),
            focus_pillars=tuple(focus_pillars),
        )
    st.session_state[SAVED_FLASH] = True
    st.rerun()


def targets_form(info: AssessmentInfo, bank: Bank) -> None:
    st.header("Targets and focus")
    framework = bank.framework
    with st.form(key=f"targets_{info.id}", border=True):
        st.caption("The level each area should reach, and the steps and pillars that matter most now.")
        columns = st.columns(len(framework.areas))
        targets = {
            area.id: column.number_input(
                f"Target for {area.name}",
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
            "Focus guiding steps", steps, info.focus_steps, key=f"focus_steps_{info.id}"
        )
        focus_pillars = focus_select(
            "Focus pillars", pillars, info.focus_pillars, key=f"focus_pillars_{info.id}"
        )
        if st.form_submit_button("Save targets and focus", type="primary"):
            run_action(save_targets, info.id, targets, focus_steps, focus_pillars)
    if st.session_state.pop(SAVED_FLASH, False):
        st.success("Targets and focus saved; the backlog and roadmap above are recomputed.")


def show_downloads(info: AssessmentInfo, result: AssessmentResult, bank: Bank) -> None:
    st.header("Downloads")
    exports_data = downloads.exports_data(state.actor(), info)
    csv_table = (
        st.selectbox(
            "Table for the CSV file",
            list(downloads.CSV_TABLES),
            format_func=downloads.CSV_TABLES.__getitem__,
            key="results_csv_table",
        )
        if exports_data
        else "answers"
    )
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
        "The PDF is for printing and sharing; it is not tagged for screen readers. This page and the "
        "Excel, JSON and CSV files hold the same results in accessible form."
        if exports_data
        else "The PDF is for printing and sharing; it is not tagged for screen readers. This page holds "
        "the same results in accessible form. The Excel, JSON and CSV files, which carry respondents' "
        "names and notes, are for facilitators."
    )


def show_delete(info: AssessmentInfo) -> None:
    """Owners: delete the assessment, restorable for the organisation's retention period."""
    with resources.session(write=False) as session:
        organisation = services.get_organisation(
            session=session, actor=state.actor(), organisation_id=info.organisation_id
        )
    with st.expander("Delete this assessment", icon=":material/delete:"):
        erasing.confirm_delete(
            key="wf_delete_assessment",
            name=info.title,
            goes=erasing.assessment_goes(info),
            retention_days=organisation.retention_days,
            button="Delete assessment",
            delete=lambda typed: erasing.delete_assessment(info.id, typed),
        )


st.title("Results")
erasing.show_flash()
bank = resources.bank()
selected = state.selected_assessment_id()
found = assessment_result(selected) if selected is not None else None
if selected is not None and found is None:
    st.error(f"There is no assessment with id {selected}. Choose one below.")

with st.expander("Choose an assessment", expanded=found is None):
    chosen = pick_assessment(found[0] if found else None)
if chosen is not None and (found is None or chosen != found[0].id):
    found = assessment_result(chosen)

if found is not None:
    info, result = found
    show_header(info, result)
    if result.overall.scored:
        st.header("Where you stand")
        areas_tab, steps_tab, pillars_tab = st.tabs(["Areas", "Guiding steps", "Pillars"])
        with areas_tab:
            show_radar(result.areas, title="Areas: current and target", noun="area", key="areas")
        with steps_tab:
            show_radar(result.steps, title="Guiding steps: current and target", noun="step", key="steps")
        with pillars_tab:
            show_radar(result.pillars, title="Pillars: current and target", noun="pillar", key="pillars")
        show_area_detail(result, bank)
        show_backlog(result, bank)
        show_roadmap(result, bank)
    if may(state.actor(), Action.RUN, info.organisation_id):
        if info.is_open:
            targets_form(info, bank)
        else:
            st.caption("The assessment is closed: its targets and focus no longer change.")
    show_downloads(info, result, bank)
    if may(state.actor(), Action.MANAGE, info.organisation_id):
        show_delete(info)
