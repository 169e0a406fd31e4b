"""How the plan page and the results page show a plan: the board's lanes, the editor's frame, the
edits a save sends, and the "progress since last round" section.

The board has three lanes: **Now** (in progress), **Next** (planned, due within
:data:`NEXT_DAYS` days or already overdue) and **Later** (planned, due later or not yet dated);
done and dropped items are listed under it. The editor's input frame is built from the stored
plan only, and its widget key changes whenever an item's version does, so a save never feeds the
editor's output back as its input (the data editor pitfall).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from assessment.models import PLAN_STATUSES
from assessment.records import ItemEdit, PlanInfo, PlanItemInfo
from questionnaires import Bank
from questionnaires.i18n import _
from scoring.backlog import is_find_out
from scoring.formatting import date_entry_format, date_text, delta_text, score_text
from scoring.progress import ItemProgress, Progress
from ui.html_table import show_table
from ui.text import escape_markdown

NEXT_DAYS = 90
LANES = ("now", "next", "later")
EDITOR_COLUMNS = ("id", "version", "Action", "Owner", "Status", "Due", "Acceptance criteria", "Notes")


@dataclass(frozen=True)
class Filters:
    owners: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    pillars: tuple[str, ...] = ()

    def keep(self, item: PlanItemInfo) -> bool:
        return (
            (not self.owners or item.owner in self.owners)
            and (not self.steps or bool(set(self.steps) & set(item.steps)))
            and (not self.pillars or bool(set(self.pillars) & set(item.pillars)))
        )


def lane(item: PlanItemInfo, today: date) -> str | None:
    """The board lane of an item; None for done and dropped items."""
    if item.status == "in progress":
        return "now"
    if item.status != "planned":
        return None
    if item.due_on is not None and item.due_on <= today + timedelta(days=NEXT_DAYS):
        return "next"
    return "later"


def lane_names() -> dict[str, str]:
    return {"now": _("Now: in progress"), "next": _("Next: due within 3 months"), "later": _("Later")}


def card(item: PlanItemInfo, today: date) -> None:
    """One item on the board: title, owner, due date; an overdue item says so in red."""
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(item.title)}**")
        owner = escape_markdown(item.owner) if item.owner else _("no owner yet")
        due = date_text(item.due_on) if item.due_on else _("no due date")
        step = _("find out") if is_find_out(item.key) else f"{item.from_level} → {item.to_level}"
        st.caption(f"{owner} · {due} · {item.question_id} {step}")
        if item.overdue(today):
            st.markdown(":red-badge[:material/schedule: " + _("Overdue") + "]")


def editor_frame(items: Sequence[PlanItemInfo]) -> pd.DataFrame:
    """The editor's input: the stored values of ``items``, never a previous run's edits."""
    return pd.DataFrame(
        [[i.id, i.version, i.title, i.owner, i.status, i.due_on, i.acceptance, i.notes] for i in items],
        columns=list(EDITOR_COLUMNS),
    )


def editor_key(plan: PlanInfo) -> str:
    """Changes whenever any item is saved, so the editor starts again from the stored plan."""
    return "plan_editor_" + "_".join(f"{i.id}.{i.version}" for i in plan.items)


def editor_config() -> dict[str, object]:
    return {
        "id": None,
        "version": None,
        "Action": st.column_config.TextColumn(_("Action"), disabled=True, width="medium"),
        "Status": st.column_config.SelectboxColumn(_("Status"), options=list(PLAN_STATUSES), required=True),
        "Owner": st.column_config.TextColumn(_("Owner"), max_chars=200),
        "Due": st.column_config.DateColumn(_("Due"), format=date_entry_format(), width=110),
        "Acceptance criteria": st.column_config.TextColumn(_("Acceptance criteria"), max_chars=2000),
        "Notes": st.column_config.TextColumn(_("Notes"), max_chars=2000),
    }


def edits(before: pd.DataFrame, after: pd.DataFrame) -> list[ItemEdit]:
    """One edit per row whose values changed, carrying the version the editor started from."""
    found = []
    for (_index, old), (_same, new) in zip(before.iterrows(), after.iterrows(), strict=True):
        values = [
            _clean(new[column]) for column in ("Status", "Owner", "Due", "Acceptance criteria", "Notes")
        ]
        original = [
            _clean(old[column]) for column in ("Status", "Owner", "Due", "Acceptance criteria", "Notes")
        ]
        if values != original:
            status, owner, due, acceptance, notes = values
            found.append(
                ItemEdit(
                    int(old["id"]),
                    int(old["version"]),
                    owner or "",
                    status,
                    due,
                    acceptance or "",
                    notes or "",
                )
            )
    return found


def _clean(value: object) -> object:
    """The editor hands back NaN/NaT/None for an emptied cell and Timestamps for dates."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def show_progress(progress: Progress, bank: Bank) -> None:
    """The results page's "Progress since last round": done items, their change, what to discuss."""
    st.header(_("Progress since last round"))
    if progress.items:
        st.caption(
            _("Plan items done since they were adopted, and how the question each targeted moved since.")
        )
        show_table(
            pd.DataFrame(
                [
                    {
                        _("Done item"): item.title,
                        _("Question"): bank.question(item.question_id).text
                        if bank.has_question(item.question_id)
                        else item.question_id,
                        _("Then"): score_text(item.before),
                        _("Now"): score_text(item.after),
                        _("Change"): delta_text(item.delta),
                        _("Discuss"): _discuss_text(item),
                    }
                    for item in progress.items
                ]
            ),
            label=_("Progress since last round"),
        )
        if progress.to_discuss:
            st.warning(
                _("{count} done item(s) to discuss: the question did not move. {titles}").format(
                    count=len(progress.to_discuss),
                    titles="; ".join(escape_markdown(item.title) for item in progress.to_discuss),
                )
            )
    else:
        st.write(_("No plan item adopted from an earlier round is done yet."))
    if progress.left_out:
        st.info(
            _("Left out of the backlog below, already in progress in the plan: {titles}").format(
                titles="; ".join(escape_markdown(item.title) for item in progress.left_out)
            )
        )


def _discuss_text(item: ItemProgress) -> str:
    if item.to_discuss:
        return _("yes: it did not move")
    return _("no: found out") if item.found_out else _("no: it moved")
