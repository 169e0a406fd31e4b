"""What an organisation chose: its targets, its focus and how much work it takes on at once."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from questionnaires import Bank
from questionnaires.i18n import _, lazy_gettext
from questionnaires.schema import HIGHEST_LEVEL, LOWEST_LEVEL

DEFAULT_AREA_TARGET = 4.0
# Capacity: how many actions may be under way at once in each horizon's months. Five at a time
# throughout: a month-long action (effort S) frees its place within the quarter, a year-long
# one (L) holds it for a year (scoring/roadmap.py).
DEFAULT_WIP_LIMITS: Mapping[str, int] = MappingProxyType({"now": 5, "next": 5, "later": 5})


class OptionsError(ValueError):
    """Options that do not fit the bank: unknown ids or targets off the 1–5 scale."""


@dataclass(frozen=True)
class ScoringOptions:
    """Targets, focus and work-in-progress limits for one assessment.

    ``area_targets`` may name only some areas; the others get ``DEFAULT_AREA_TARGET``.
    A question's target is its entry in ``question_targets`` or else its area's target
    rounded up, so that meeting every question target meets the area target.
    ``wip_limits`` maps "now", "next" and "later" to the capacity of each horizon: the most items
    under way at once in any of its months (find-out items take none; ``scoring/roadmap.py``).
    """

    area_targets: Mapping[str, float] = field(default_factory=dict)
    question_targets: Mapping[str, int] = field(default_factory=dict)
    focus_steps: tuple[str, ...] = ()
    focus_pillars: tuple[str, ...] = ()
    wip_limits: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_WIP_LIMITS))

    def area_target(self, area_id: str) -> float:
        return float(self.area_targets.get(area_id, DEFAULT_AREA_TARGET))

    def question_target(self, question_id: str, area_id: str) -> int:
        if question_id in self.question_targets:
            return int(self.question_targets[question_id])
        return math.ceil(self.area_target(area_id) - 1e-9)

    def wip_limit(self, horizon: str) -> int:
        return int(self.wip_limits.get(horizon, DEFAULT_WIP_LIMITS[horizon]))

    def check(self, bank: Bank) -> None:
        """Raise :class:`OptionsError` listing every id or value that does not fit ``bank``."""
        framework = bank.framework
        problems: list[str] = []
        areas = {area.id for area in framework.areas}
        for area_id, target in self.area_targets.items():
            if area_id not in areas:
                problems.append(
                    _("area target for unknown area '{area}' (areas: {areas})").format(
                        area=area_id, areas=_listing(areas)
                    )
                )
            elif not _on_scale(target):
                problems.append(
                    _("area target {target} for '{area}' is not between 1 and 5").format(
                        target=repr(target), area=area_id
                    )
                )
        for question_id, target in self.question_targets.items():
            if not bank.has_question(question_id):
                problems.append(
                    _("question target for unknown question '{question}'").format(question=question_id)
                )
            elif not (_on_scale(target) and float(target).is_integer()):
                problems.append(
                    _("question target {target} for '{question}' is not a level 1 to 5").format(
                        target=repr(target), question=question_id
                    )
                )
        for unknown, chosen, known in (
            (
                lazy_gettext("focus step '{item}' is not one of: {known}"),
                self.focus_steps,
                {step.id for step in framework.steps},
            ),
            (
                lazy_gettext("focus pillar '{item}' is not one of: {known}"),
                self.focus_pillars,
                {pillar.id for pillar in framework.pillars},
            ),
        ):
            problems.extend(
                unknown.format(item=item, known=_listing(known)) for item in chosen if item not in known
            )
        for horizon, limit in self.wip_limits.items():
            if horizon not in DEFAULT_WIP_LIMITS:
                problems.append(
                    _("WIP limit for unknown horizon '{horizon}' (horizons: now, next, later)").format(
                        horizon=horizon
                    )
                )
            elif isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
                problems.append(
                    _("WIP limit {limit} for '{horizon}' is not a whole number ≥ 0").format(
                        limit=repr(limit), horizon=horizon
                    )
                )
        if problems:
            raise OptionsError(_("invalid scoring options: {problems}").format(problems="; ".join(problems)))


def _on_scale(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return LOWEST_LEVEL <= value <= HIGHEST_LEVEL


def _listing(ids: set[str]) -> str:
    return ", ".join(sorted(ids))
