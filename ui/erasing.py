"""Deleting and restoring in the app, the same on every page.

Every delete says exactly what goes and how long it stays restorable (the organisation's
retention period), and asks for the exact name of what goes: the service checks that name
again (``rules.ensure_confirmed``). Deleted things are listed with a Restore button until the
automatic purge removes them for good.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import streamlit as st

from assessment import services
from assessment.records import AssessmentInfo, DeletedInfo, OrganisationInfo, UnitInfo
from questionnaires.i18n import _, lazy_gettext, ngettext
from scoring.formatting import date_text
from ui import resources, state
from ui.actions import run_action
from ui.text import escape_markdown

FLASH = "wf_erasing_flash"  # what the last delete or restore did, shown once on the next run

KIND_NAMES = {
    "organisation": lazy_gettext("organisation"),
    "unit": lazy_gettext("unit"),
    "assessment": lazy_gettext("assessment"),
    "respondent": lazy_gettext("participant"),
}


_COUNTED: dict[str, Callable[[int], str]] = {
    "answer": lambda n: ngettext("{count} answer", "{count} answers", n),
    "assessment": lambda n: ngettext("{count} assessment", "{count} assessments", n),
    "day": lambda n: ngettext("{count} day", "{count} days", n),
    "hour": lambda n: ngettext("{count} hour", "{count} hours", n),
    "respondent": lambda n: ngettext("{count} respondent", "{count} respondents", n),
    "sub-unit": lambda n: ngettext("{count} sub-unit", "{count} sub-units", n),
    "unit": lambda n: ngettext("{count} unit", "{count} units", n),
}


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun`` in the current language, with its plural rule: "3 answers"."""
    return _COUNTED[noun](count).format(count=count)


def day(moment: datetime) -> str:
    return date_text(moment.date())


def kept_for(retention_days: int) -> str:
    """How long deleted data stays restorable: "for 30 days", or until the next purge."""
    if retention_days <= 0:
        return _("until the next automatic purge (when the server restarts)")
    return ngettext("for {count} day", "for {count} days", retention_days).format(count=retention_days)


def restorable_for(retention_days: int) -> str:
    """How long something deleted can come back, in the organisation's own terms."""
    return _(
        "It can be restored {kept_for}; after that it is removed for good, also from the database file."
    ).format(kept_for=kept_for(retention_days))


def assessment_goes(info: AssessmentInfo) -> str:
    people = (
        ngettext(
            "{count} person who took part, all their answers and notes,",
            "{count} people who took part, all their answers and notes,",
            info.respondents,
        ).format(count=info.respondents)
        if info.respondents
        else _("its settings (nobody has taken part yet),")
    )
    return _(
        "This deletes “{title}” ({unit}) with {people} and its scores: it disappears from every "
        "page, comparison and export."
    ).format(title=escape_markdown(info.title), unit=escape_markdown(info.unit), people=people)


def respondent_goes(label: str, answered: int) -> str:
    return _(
        "This removes **{label}** with {answers} and their notes from this workshop, its scores and "
        "exports; their personal link stops working."
    ).format(label=escape_markdown(label), answers=plural(answered, "answer"))


def unit_goes(unit: UnitInfo, units: Sequence[UnitInfo], assessments: Sequence[AssessmentInfo]) -> str:
    """What deleting ``unit`` takes with it: its sub-units and every assessment in them."""
    inside = {unit.id}
    for candidate in sorted(units, key=lambda u: u.depth):
        if candidate.parent_id in inside:
            inside.add(candidate.id)
    held = [info for info in assessments if info.unit_id in inside]
    people = sum(info.respondents for info in held)
    parts = [plural(len(inside) - 1, "sub-unit")] if len(inside) > 1 else []
    parts.append(
        _("{assessments} ({respondents} with their answers and notes)").format(
            assessments=plural(len(held), "assessment"), respondents=plural(people, "respondent")
        )
    )
    return _("This deletes the unit “{path}” with {parts}.").format(
        path=escape_markdown(unit.path), parts=_(" and ").join(parts)
    )


def organisation_goes(organisation: OrganisationInfo) -> str:
    return _(
        "This deletes the organisation “{name}” with {units} and {assessments}, every respondent's "
        "answers and notes in them; its members lose access at once."
    ).format(
        name=escape_markdown(organisation.name),
        units=plural(organisation.units, "unit"),
        assessments=plural(organisation.assessments, "assessment"),
    )


def confirm_delete(
    *,
    key: str,
    name: str,
    goes: str,
    retention_days: int,
    button: str,
    delete: Callable[[str], object],
) -> None:
    """A form that says what goes and for how long it stays restorable, and deletes only
    when ``name`` is typed exactly (``delete`` gets what was typed; the service checks it)."""
    with st.form(key, clear_on_submit=True):
        st.markdown(f"{goes} {restorable_for(retention_days)}")
        typed = st.text_input(
            _("To confirm, type “{name}”").format(name=escape_markdown(name)),
            key=f"{key}_name",
            max_chars=200,
        )
        if st.form_submit_button(button, icon=":material/delete:"):
            run_action(delete, typed, prefix=_("Nothing was deleted: "))


def show_deleted(items: Sequence[DeletedInfo], *, key: str, restore: Callable[[DeletedInfo], object]) -> None:
    """Each deleted thing with when it went, when it may be purged, and a Restore button."""
    for item in items:
        where = " " + _("in {place}").format(place=escape_markdown(item.within)) if item.within else ""
        text, button = st.columns([4, 1], vertical_alignment="center")
        text.markdown(
            _("**{name}** · {kind}{where}  \ndeleted {deleted} · removed for good after {purged}").format(
                name=escape_markdown(item.name),
                kind=str(KIND_NAMES.get(item.kind, item.kind)),
                where=where,
                deleted=day(item.deleted_at),
                purged=day(item.purge_after),
            )
        )
        if button.button(
            _("Restore"), key=f"{key}_{item.kind}_{item.id}", icon=":material/restore_from_trash:"
        ):
            run_action(restore, item, prefix=_("Not restored: "))


def show_flash() -> None:
    """What the last delete or restore did, shown once under the page's title."""
    if message := st.session_state.pop(FLASH, None):
        st.success(message, icon=":material/check_circle:")


def delete_assessment(assessment_id: int, typed: str) -> None:
    """Delete the assessment (owners) once its title is typed, and forget it as the selection."""
    with resources.session() as session:
        services.delete_assessment(
            session=session, actor=state.actor(), assessment_id=assessment_id, confirm=typed
        )
    state.select_assessment(None)
    done(
        _("“{name}” is deleted. An owner can restore it on the Members page.").format(
            name=escape_markdown(typed.strip())
        )
    )


def restore(item: DeletedInfo) -> None:
    """Bring back a deleted organisation, unit, assessment or participant."""
    restorers: dict[str, Callable[..., object]] = {
        "organisation": services.restore_organisation,
        "unit": services.restore_unit,
        "assessment": services.restore_assessment,
        "respondent": services.restore_respondent,
    }
    with resources.session() as session:
        restorers[item.kind](session=session, actor=state.actor(), **{f"{item.kind}_id": item.id})
    done(_("“{name}” is restored.").format(name=escape_markdown(item.name)))


def done(message: str) -> None:
    """After a delete or restore: say so on the next run, which shows the change."""
    st.session_state[FLASH] = message
    st.rerun()
