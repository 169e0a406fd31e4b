"""A unit's plan: adopt an assessment's backlog, see it as a board (Now / Next / Later), filter it,
edit owner, status, due date, acceptance criteria and notes with an explicit save, take it to
Jira, Azure DevOps, GitHub or Excel and bring statuses back. Viewers read; facilitators edit."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from assessment import services
from assessment.access import Action, may
from assessment.plan_exchange import FORMATS, SUFFIXES, export_plan, read_statuses
from assessment.records import PlanInfo, PlanItemInfo, UnitInfo
from questionnaires.i18n import _
from ui import pickers, plan_view, resources, state
from ui.actions import run_action
from ui.downloads import MIME
from ui.text import escape_markdown

SAVED_FLASH = "wf_plan_saved"
EDITING = "wf_plan_editing"  # the plan as the editor opened it: saves are checked against it
FORMAT_NAMES = {
    "jira": "Jira CSV",
    "azure-devops": "Azure DevOps CSV",
    "github": "GitHub issues JSON",
    "xlsx": "Excel",
}


def pick_unit() -> UnitInfo | None:
    organisation = pickers.organisation_picker(key="plan_organisation")
    if organisation is None:
        st.info(pickers.no_organisations())
        return None
    with resources.session(write=False) as session:
        units = services.list_units(actor=state.actor(), session=session, organisation_id=organisation.id)
    if not units:
        st.info(_("This organisation has no units yet."))
        return None
    return pickers.unit_picker(units, key="plan_unit")


def adopt(unit: UnitInfo, plan: PlanInfo | None) -> None:
    """Facilitators: put all or chosen items of one of the unit's assessments' backlogs into the plan."""
    with resources.session(write=False) as session:
        assessments = services.list_assessments(actor=state.actor(), session=session, unit_id=unit.id)
    if not assessments:
        st.caption(_("This unit has no assessment yet: its backlog becomes the plan."))
        return
    chosen = pickers.assessment_picker(assessments, key="plan_assessment", label=_("Backlog of"))
    if chosen is None:
        return
    # Not ui.scores.assessment_result: its cached call made the data editor below start afresh
    # on the rerun an edit triggers, losing the edit (seen in Chromium, tests/e2e/test_plan.py).
    with resources.session(write=False) as session:
        backlog = services.score_assessment(
            actor=state.actor(), session=session, assessment_id=chosen.id
        ).backlog
    held = {item.key for item in plan.items} if plan else set()
    offered = {item.key: f"{item.rank}. {item.title}" for item in backlog if item.key not in held}
    if not offered:
        st.caption(_("Every item of this backlog is already in the plan."))
        return
    keys = st.multiselect(
        _("Items to adopt"),
        list(offered),
        default=list(offered),
        format_func=offered.__getitem__,
        key="plan_adopt",
    )
    adopting = st.button(_("Adopt into the plan"), type="primary", disabled=not keys, key="plan_adopt_button")
    if adopting and run_action(_adopt, chosen.id, keys) is not None:
        done(_("{count} item(s) adopted into the plan.").format(count=len(keys)))


def _adopt(assessment_id: int, keys: list[str]) -> PlanInfo:
    with resources.session() as session:
        return services.adopt_backlog(
            session=session, actor=state.actor(), assessment_id=assessment_id, keys=keys
        )


def filters(plan: PlanInfo) -> plan_view.Filters:
    framework = services.shown_bank(resources.bank()).framework
    steps = {step.id: f"{step.number}. {step.name}" for step in framework.steps}
    pillars = {pillar.id: f"{pillar.letter} · {pillar.name}" for pillar in framework.pillars}
    owners = sorted({item.owner for item in plan.items})
    by_owner, by_step, by_pillar = st.columns(3)
    return plan_view.Filters(
        owners=tuple(by_owner.multiselect(_("Owner"), owners, key="plan_filter_owner")),
        steps=tuple(
            by_step.multiselect(
                _("Guiding step"), list(steps), format_func=steps.__getitem__, key="plan_filter_step"
            )
        ),
        pillars=tuple(
            by_pillar.multiselect(
                _("Pillar"), list(pillars), format_func=pillars.__getitem__, key="plan_filter_pillar"
            )
        ),
    )


def board(items: list[PlanItemInfo], today: date) -> None:
    names = plan_view.lane_names()
    lanes = {
        lane: [item for item in items if plan_view.lane(item, today) == lane] for lane in plan_view.LANES
    }
    for column, lane in zip(st.columns(len(plan_view.LANES)), plan_view.LANES, strict=True):
        with column:
            st.subheader(f"{names[lane]} ({len(lanes[lane])})")
            for item in lanes[lane]:
                plan_view.card(item, today)
    finished = [item for item in items if plan_view.lane(item, today) is None]
    if finished:
        with st.expander(_("Done and dropped ({count})").format(count=len(finished))):
            for item in finished:
                st.markdown(f"- {escape_markdown(item.title)} · {item.status}")


def editing(plan: PlanInfo) -> PlanInfo:
    """The plan as this editor opened it (kept until they save or reload), so a save made by
    someone else in between is refused instead of silently overwritten or lost."""
    opened = st.session_state.get(EDITING)
    if opened is None or opened.id != plan.id:
        st.session_state[EDITING] = opened = plan
    return opened


def editor(unit: UnitInfo, plan: PlanInfo, keep: plan_view.Filters) -> None:
    """The table of editable fields; nothing is stored until "Save changes"."""
    if not may(state.actor(), Action.RUN, plan.organisation_id):
        frame = plan_view.editor_frame([item for item in plan.items if keep.keep(item)])
        st.dataframe(frame.drop(columns=["id", "version"]), hide_index=True)
        return
    opened = editing(plan)
    if opened.items != plan.items:
        st.warning(_("The plan changed since you opened it. Reload it to see the changes."))
    before = plan_view.editor_frame([item for item in opened.items if keep.keep(item)])
    after = st.data_editor(
        before,
        column_config=plan_view.editor_config(),
        hide_index=True,
        num_rows="fixed",
        key=plan_view.editor_key(opened),
    )
    changed = plan_view.edits(before, after)
    if changed:
        st.caption(_("{count} item(s) changed, not saved yet.").format(count=len(changed)))
    save, reload = st.columns(2)
    saving = save.button(_("Save changes"), type="primary", disabled=not changed, key="plan_save")
    if saving and run_action(_save, unit.id, changed) is not None:
        done(_("Saved: {count} item(s).").format(count=len(changed)))
    if reload.button(_("Reload the plan"), key="plan_reload"):
        done(None)


def done(message: str | None) -> None:
    """After a change: the editor starts again from the stored plan, the message shows once."""
    st.session_state.pop(EDITING, None)
    if message:
        st.session_state[SAVED_FLASH] = message
    st.rerun()


def _save(unit_id: int, changed: list) -> PlanInfo:
    with resources.session() as session:
        return services.save_plan_items(session=session, actor=state.actor(), unit_id=unit_id, edits=changed)


def exchange(unit: UnitInfo, plan: PlanInfo) -> None:
    """Downloads for the team's tools; facilitators also import statuses back."""
    st.subheader(_("Into the team's tools"))
    for column, fmt in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        suffix = SUFFIXES[fmt]
        column.download_button(
            FORMAT_NAMES[fmt],
            data=lambda fmt=fmt: export_plan(plan, fmt, unit=unit.path),
            file_name=f"wayfinder-plan-{unit.id}-{fmt}.{suffix}",
            mime=MIME[suffix],
            key=f"plan_download_{fmt}",
            icon=":material/download:",
        )
    if not may(state.actor(), Action.RUN, plan.organisation_id):
        return
    upload = st.file_uploader(
        _("Statuses from Jira's or Azure DevOps' CSV export"), type=["csv"], key="plan_import_file"
    )
    if upload is not None and st.button(_("Import statuses"), key="plan_import"):
        changed = run_action(_import, unit.id, upload.getvalue(), prefix=_("Nothing was changed: "))
        if changed is not None:
            done(_("Imported: {count} status(es) changed.").format(count=len(changed)))


def _import(unit_id: int, data: bytes) -> list[str]:
    rows = read_statuses(data)
    with resources.session() as session:
        return services.import_statuses(session=session, actor=state.actor(), unit_id=unit_id, rows=rows)


def history(unit: UnitInfo) -> None:
    with resources.session(write=False) as session:
        changes = services.plan_history(session=session, actor=state.actor(), unit_id=unit.id)
    with st.expander(_("History ({count} changes)").format(count=len(changes))):
        st.dataframe(
            pd.DataFrame(
                [[c.at, c.actor, c.item_key, c.field, c.old, c.new] for c in changes],
                columns=[_("When (UTC)"), _("Who"), _("Item"), _("Field"), _("From"), _("To")],
            ),
            hide_index=True,
        )


st.title(_("Plan"))
if flash := st.session_state.pop(SAVED_FLASH, None):
    st.success(flash)
with st.expander(_("Choose a unit"), expanded=True):
    unit = pick_unit()
if unit is not None:
    with resources.session(write=False) as session:
        plan = services.get_plan(session=session, actor=state.actor(), unit_id=unit.id)
    if may(state.actor(), Action.RUN, unit.organisation_id):
        with st.expander(_("Adopt a backlog"), expanded=plan is None):
            adopt(unit, plan)
    if plan is None:
        st.info(_("{unit} has no plan yet.").format(unit=escape_markdown(unit.path)))
    else:
        today = date.today()
        keep = filters(plan)
        shown = [item for item in plan.items if keep.keep(item)]
        overdue = sum(item.overdue(today) for item in shown)
        st.caption(
            _("{shown} of {total} items shown · {overdue} overdue").format(
                shown=len(shown), total=len(plan.items), overdue=overdue
            )
        )
        board(shown, today)
        st.header(_("Edit the plan"))
        editor(unit, plan, keep)
        exchange(unit, plan)
        history(unit)
