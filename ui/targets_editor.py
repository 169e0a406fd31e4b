"""The results page's targets and focus: the targets proposed from the organisation's profile (with
why, and a button that applies them) and the form where every target and focus stays editable.

Both save through ``update_targets`` with the targets' version this person's page started from:
when someone saved since, the service refuses and nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from assessment import services
from assessment.profiles import SIZE_NAMES, SOURCING_NAMES, OrganisationProfile, proposed_area_targets
from assessment.records import AssessmentInfo
from assessment.services.organisations import organisation_profile
from questionnaires import Bank
from questionnaires.i18n import _
from scoring.formatting import number_text
from scoring.options import DEFAULT_AREA_TARGET
from ui import resources, sections, state
from ui.actions import run_action
from ui.html_table import show_table

SAVED_FLASH = "wf_results_saved"  # what the last save did, shown once under the form


def targets_seen_key(assessment_id: int) -> str:
    return f"wf_targets_seen_{assessment_id}"


def target_key(assessment_id: int, area_id: str) -> str:
    return f"target_{assessment_id}_{area_id}"


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
    _store(
        assessment_id,
        seen_version,
        _("Targets and focus saved; the backlog and roadmap above are recomputed."),
        area_targets=targets,
        focus_steps=tuple(focus_steps),
        focus_pillars=tuple(focus_pillars),
    )


def apply_proposed(assessment_id: int, seen_version: int, targets: dict[str, float]) -> None:
    """Store the proposed area targets (focus unchanged) and show them in the form after the rerun."""
    _store(
        assessment_id,
        seen_version,
        _("The proposed targets are applied; the backlog and roadmap above are recomputed."),
        # The form's boxes keep what they held; forgotten, they start again from the stored targets.
        forget=[target_key(assessment_id, area_id) for area_id in targets],
        area_targets=targets,
    )


def _store(
    assessment_id: int,
    seen_version: int,
    saved_message: str,
    *,
    forget: Sequence[str] = (),
    **changes: object,
) -> None:
    """``services.update_targets`` with ``changes``; once saved, drop the ``forget`` widget keys,
    remember the new version, say so and rerun (a refused save changes nothing on the page)."""
    with resources.session() as session:
        saved = services.update_targets(
            actor=state.actor(),
            session=session,
            assessment_id=assessment_id,
            expected_version=seen_version,
            **changes,
        )
    for key in forget:
        st.session_state.pop(key, None)
    st.session_state[targets_seen_key(assessment_id)] = saved.targets_version
    st.session_state[SAVED_FLASH] = saved_message
    st.rerun()


def profile_text(profile: OrganisationProfile) -> str:
    size = str(SIZE_NAMES[profile.size]) if profile.size else _("size not given")
    sourcing = str(SOURCING_NAMES[profile.sourcing]) if profile.sourcing else _("sourcing not given")
    return f"{size} · {sourcing}"


def show_proposal(info: AssessmentInfo, bank: Bank, seen_version: int) -> None:
    """The targets proposed from the organisation's profile, why, and the button applying them."""
    with resources.session(write=False) as session:
        profile = organisation_profile(
            session=session, actor=state.actor(), organisation_id=info.organisation_id
        )
    if not profile.given:
        st.caption(
            _(
                "Owners can give the organisation's size and sourcing model on the Members and settings "
                "page: targets are then proposed from them."
            )
        )
        return
    proposed = proposed_area_targets(size=profile.size, sourcing=profile.sourcing)
    areas = [area for area in bank.framework.areas if area.id in proposed]
    st.subheader(_("Proposed from your profile"))
    st.caption(profile_text(profile))
    show_table(
        pd.DataFrame(
            [
                {
                    _("Area"): area.name,
                    _("Proposed target"): number_text(proposed[area.id].target),
                    _("Current target"): number_text(current_target(info.area_targets, area.id)),
                    _("Why"): proposed[area.id].reason,
                }
                for area in areas
            ]
        ),
        label=_("Proposed from your profile"),
    )
    targets = {**info.area_targets, **{area.id: proposed[area.id].target for area in areas}}
    applied = all(current_target(info.area_targets, area.id) == targets[area.id] for area in areas)
    if st.button(
        _("Apply the proposed targets"),
        disabled=applied,
        help=_("Sets each area's target to the proposed one; you can still change every target below."),
        key=f"apply_proposed_{info.id}",
    ):
        run_action(apply_proposed, info.id, seen_version, targets)


def current_target(area_targets: Mapping[str, float], area_id: str) -> float:
    return float(area_targets.get(area_id, DEFAULT_AREA_TARGET))


def targets_form(info: AssessmentInfo, bank: Bank) -> None:
    """The section's heading, and the editor drawn when opened (most visits only read results)."""
    st.header(_("Targets and focus"))
    editor = sections.opened(
        _("Change the targets and focus"), key=f"wf_targets_open_{info.id}", icon=":material/tune:"
    )
    if editor is not None:
        with editor:
            show_editor(info, bank)
            if message := st.session_state.pop(SAVED_FLASH, None):
                st.success(message)


def show_editor(info: AssessmentInfo, bank: Bank) -> None:
    framework = bank.framework
    # The version this person's form started from, kept across reruns: the rerun of a submit
    # reads the database again and would otherwise carry someone else's newer version.
    seen_version = st.session_state.setdefault(targets_seen_key(info.id), info.targets_version)
    show_proposal(info, bank, seen_version)
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
                value=current_target(info.area_targets, area.id),
                key=target_key(info.id, area.id),
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
