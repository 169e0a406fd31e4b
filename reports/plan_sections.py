"""The roadmap PDF's prioritised backlog and roadmap pages, from an :class:`AssessmentResult`.

Find-out items (most respondents answered "don't know") and urgent security basics are
marked as such in the backlog table and on the roadmap cards; nothing is recomputed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Flowable

from questionnaires.i18n import _, ngettext
from questionnaires.loader import Bank
from questionnaires.schema import effort_name
from reports import timeline
from reports.blocks import caption, data_table, paragraph, plain, text
from reports.styles import CONTENT_HEIGHT, CONTENT_WIDTH
from reports.text import safe
from scoring.results import AssessmentResult, BacklogItem

FOCUS_MARK = "★"


@dataclass(frozen=True)
class PlanSections:
    result: AssessmentResult
    bank: Bank
    area_names: dict[str, str]
    step_numbers: dict[str, str]
    pillar_letters: dict[str, str]
    ranks: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ranks", {item.key: item.rank for item in self.result.backlog})

    def area_name(self, area_id: str) -> str:
        return self.area_names.get(area_id, area_id)

    def backlog(self) -> list[Flowable]:
        items = self.result.backlog
        steps = ", ".join(f"{step.number} {step.name}" for step in self.bank.framework.steps)
        pillars = ", ".join(f"{pillar.letter} {pillar.name}" for pillar in self.bank.framework.pillars)
        flowables: list[Flowable] = [
            text(_("Prioritised backlog"), "h1"),
            paragraph(
                ngettext(
                    "{count} action, in the order to take them.",
                    "{count} actions, in the order to take them.",
                    len(items),
                ).format(count=len(items))
                + " "
                + _(
                    "Priority rises with the gap to the target, the weight of the question and its links "
                    "to the steps and pillars chosen as focus, and falls with effort; an action never "
                    "comes before one it depends on. <b>Find out</b> actions come first (most answered "
                    "“don't know”), then <b>urgent</b> security basics. <b>Links</b> name guiding steps "
                    "by number ({steps}) and pillars by letter ({pillars}); {mark} marks a step or pillar "
                    "chosen as focus."
                ).format(steps=safe(steps), pillars=safe(pillars), mark=FOCUS_MARK),
                "small",
            ),
        ]
        if not items:
            flowables.append(paragraph(_("The backlog is empty: no answered question is below its target.")))
            return flowables
        rows = [self.backlog_row(item) for item in items]
        flowables.append(
            data_table(
                ["#", _("Action"), _("Area"), _("Effort"), _("Links"), _("Why it is ranked here")],
                rows,
                [20, 138, 78, 52, 48, 200],  # German area names and "Aufwand" fit unbroken
                numeric=(0,),
            )
        )
        return flowables

    def backlog_row(self, item: BacklogItem) -> list[Flowable]:
        focus = set(self.result.focus_steps) | set(self.result.focus_pillars)

        def links(ids: Sequence[str], codes: dict[str, str]) -> str:
            return ", ".join(f"{codes.get(i, i)}{FOCUS_MARK if i in focus else ''}" for i in ids)

        link_lines = [
            line
            for line in (links(item.steps, self.step_numbers), links(item.pillars, self.pillar_letters))
            if line
        ]
        return [
            str(item.rank),
            [
                text(item.title, "cell_bold"),
                caption(_("find out · {question}").format(question=item.question_id))
                if item.find_out
                else caption(
                    _("level {start} → {end} · {question}").format(
                        start=item.from_level, end=item.to_level, question=item.question_id
                    )
                ),
            ],
            text(self.area_name(item.area), "cell"),
            effort_name(item.effort),
            plain("\n".join(link_lines)),
            text(item.reason, "cell"),
        ]

    def roadmap(self) -> list[Flowable]:
        horizons = self.result.roadmap.horizons
        lanes = [
            timeline.Lane(
                name=horizon.name,
                start_month=horizon.start_month,
                end_month=horizon.end_month,
                cards=[self.card(item) for item in horizon.items],
            )
            for horizon in horizons
        ]
        limits = ", ".join(f"{horizon.name} {horizon.limit}" for horizon in horizons)
        flowables: list[Flowable] = [
            text(_("Roadmap"), "h1"),
            paragraph(
                _(
                    "The backlog placed into horizons: an action starts when what it depends on has ended "
                    "(effort S takes a month, M a quarter, L a year), within the number of actions "
                    "under way at once ({limits}); finding out takes none. Columns are equal in "
                    "width, not in months."
                ).format(limits=safe(limits)),
                "small",
            ),
        ]
        if lanes:
            flowables.append(timeline.timeline(lanes, width=CONTENT_WIDTH, max_height=CONTENT_HEIGHT - 90))
        unscheduled = self.result.roadmap.unscheduled
        if unscheduled:
            listing = ", ".join(f"#{item.rank}" for item in unscheduled)
            flowables.append(
                paragraph(
                    ngettext(
                        "<b>Not yet scheduled</b> (beyond the work-in-progress limits; titles in the "
                        "backlog): {count} action, {ranks}.",
                        "<b>Not yet scheduled</b> (beyond the work-in-progress limits; titles in the "
                        "backlog): {count} actions, {ranks}.",
                        len(unscheduled),
                    ).format(count=len(unscheduled), ranks=listing),
                    "small",
                )
            )
        return flowables

    def card(self, item: BacklogItem) -> timeline.Card:
        # what the card must not lose comes first: a cut line loses its end
        after = [f"#{self.ranks[key]}" for key in item.depends_on if key in self.ranks]
        parts = [_("after {ranks}").format(ranks=", ".join(after))] if after else []
        parts += [
            _("find out") if item.find_out else _("effort {effort}").format(effort=effort_name(item.effort))
        ]
        parts += [_("urgent")] if item.urgent else []
        parts.append(self.area_name(item.area))
        detail = " · ".join(parts)
        return timeline.Card(rank=item.rank, title=item.title, detail=detail)
