"""From question gaps to a short, ordered backlog of actions.

For every question below its target, each step up from its current level to the target
becomes one item, carrying the bank's action for that step. The current level is the
floor of the question's mean. A question whose respondents all answered "don't know"
(with no level given) is planned from level 1 and its reason says there is no evidence;
a question with only "not applicable" answers, or with no answers at all, gets no items.

Priority, documented in ``docs/scoring.md``:

    priority = gap × weight × (1 + focus) / effort cost

with gap = target − mean (target − 1 without evidence), weight the question weight,
focus the sum of the question's link weights to the steps and pillars the organisation
chose to focus on, and effort cost S = 1, M = 2, L = 4. Priorities are rounded to 4
decimals. Items are ranked by priority, highest first, but never before an item they
depend on: the step below on the same question, and for a question's first item the
items that lift each prerequisite question to its required level. Ties are broken by
bank order, then by level, so the ranking is deterministic.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from questionnaires import Bank, Question
from questionnaires.i18n import _, lazy_gettext
from scoring.formatting import number_text, score_text
from scoring.options import ScoringOptions
from scoring.results import BacklogItem, QuestionScore

EFFORT_COST = {"S": 1.0, "M": 2.0, "L": 4.0}
EFFORT_WORDS = {
    "S": lazy_gettext("quick win (effort S)"),
    "M": lazy_gettext("medium effort (M)"),
    "L": lazy_gettext("large piece of work (effort L)"),
}
HIGH_WEIGHT = 2.0
PRIORITY_DECIMALS = 4
_LEVEL_TOLERANCE = 1e-9


@dataclass(frozen=True)
class _Candidate:
    key: str
    question: Question
    position: int
    score: QuestionScore
    from_level: int
    to_level: int
    gap: float
    priority: float
    focus: tuple[str, ...]
    depends_on: tuple[str, ...]


def item_key(question_id: str, to_level: int) -> str:
    """The stable key of the backlog item lifting ``question_id`` to ``to_level``."""
    return f"{question_id}@{to_level}"


def current_level(score: QuestionScore) -> int | None:
    """Where a question starts in the backlog: floor of its mean, 1 without evidence, None without items."""
    if score.mean is not None:
        return math.floor(score.mean + _LEVEL_TOLERANCE)
    return 1 if score.dont_know > 0 else None


def build_backlog(
    bank: Bank, questions: Sequence[QuestionScore], options: ScoringOptions
) -> tuple[BacklogItem, ...]:
    """Ranked backlog items for every question of ``questions`` below its target."""
    scores = {score.question_id: score for score in questions}
    candidates = _candidates(bank, scores, options)
    ordered = _rank(candidates)
    titles = {candidate.key: candidate.question.action_to(candidate.to_level).title for candidate in ordered}
    return tuple(
        _item(rank, candidate, bank, [titles[key] for key in candidate.depends_on])
        for rank, candidate in enumerate(ordered, start=1)
    )


def _candidates(bank: Bank, scores: dict[str, QuestionScore], options: ScoringOptions) -> list[_Candidate]:
    step_names = {step.id: f"step '{step.name}'" for step in bank.framework.steps}
    pillar_names = {pillar.id: f"pillar '{pillar.name}'" for pillar in bank.framework.pillars}
    levels_reached: dict[str, list[int]] = {}
    planned: list[tuple[int, Question, QuestionScore, int, float, float, tuple[str, ...]]] = []
    for position, question in enumerate(bank.questions):
        score = scores.get(question.id)
        start = None if score is None else current_level(score)
        if score is None or start is None or start >= score.target:
            continue
        gap = score.target - (score.mean if score.mean is not None else 1.0)
        focus_steps = [step for step in options.focus_steps if step in question.steps]
        focus_pillars = [pillar for pillar in options.focus_pillars if pillar in question.pillars]
        focus = sum(question.steps[step] for step in focus_steps) + sum(
            question.pillars[pillar] for pillar in focus_pillars
        )
        focus_names = tuple(step_names[step] for step in focus_steps) + tuple(
            pillar_names[pillar] for pillar in focus_pillars
        )
        levels_reached[question.id] = list(range(start + 1, score.target + 1))
        planned.append((position, question, score, start, gap, focus, focus_names))

    candidates = []
    for position, question, score, start, gap, focus, focus_names in planned:
        for level in range(start + 1, score.target + 1):
            action = question.action_to(level)
            priority = round(
                gap * question.weight * (1.0 + focus) / EFFORT_COST[action.effort], PRIORITY_DECIMALS
            )
            depends = (
                [item_key(question.id, level - 1)]
                if level > start + 1
                else _prerequisite_keys(question, levels_reached)
            )
            candidates.append(
                _Candidate(
                    key=item_key(question.id, level),
                    question=question,
                    position=position,
                    score=score,
                    from_level=level - 1,
                    to_level=level,
                    gap=gap,
                    priority=priority,
                    focus=focus_names,
                    depends_on=tuple(depends),
                )
            )
    return candidates


def _prerequisite_keys(question: Question, levels_reached: dict[str, list[int]]) -> list[str]:
    """For each prerequisite, the last backlog item that lifts it towards the required level."""
    keys = []
    for prerequisite in question.prerequisites:
        levels = [
            level for level in levels_reached.get(prerequisite.question, ()) if level <= prerequisite.level
        ]
        if levels:
            keys.append(item_key(prerequisite.question, max(levels)))
    return keys


def _rank(candidates: list[_Candidate]) -> list[_Candidate]:
    """Highest priority first among the items whose dependencies are already ranked."""
    by_key = {candidate.key: candidate for candidate in candidates}
    waiting = {candidate.key: len(candidate.depends_on) for candidate in candidates}
    dependants: dict[str, list[str]] = {key: [] for key in by_key}
    for candidate in candidates:
        for dependency in candidate.depends_on:
            dependants[dependency].append(candidate.key)
    ready = [_sort_key(candidate) for candidate in candidates if not candidate.depends_on]
    heapq.heapify(ready)
    ordered = []
    while ready:
        *_, key = heapq.heappop(ready)
        ordered.append(by_key[key])
        for dependant in dependants[key]:
            waiting[dependant] -= 1
            if waiting[dependant] == 0:
                heapq.heappush(ready, _sort_key(by_key[dependant]))
    return ordered


def _sort_key(candidate: _Candidate) -> tuple[float, int, int, str]:
    return (-candidate.priority, candidate.position, candidate.to_level, candidate.key)


def _item(rank: int, candidate: _Candidate, bank: Bank, dependency_titles: list[str]) -> BacklogItem:
    question = candidate.question
    action = question.action_to(candidate.to_level)
    return BacklogItem(
        key=candidate.key,
        rank=rank,
        question_id=question.id,
        area=question.area,
        from_level=candidate.from_level,
        to_level=candidate.to_level,
        title=action.title,
        description=action.description,
        effort=action.effort,
        priority=candidate.priority,
        steps=tuple(step.id for step in bank.framework.steps if step.id in question.steps),
        pillars=tuple(pillar.id for pillar in bank.framework.pillars if pillar.id in question.pillars),
        reason=_reason(candidate, bank, dependency_titles),
        depends_on=candidate.depends_on,
    )


def _reason(candidate: _Candidate, bank: Bank, dependency_titles: list[str]) -> str:
    """Why the item is where it is, in a leader's words (in the language of the scoring run)."""
    score = candidate.score
    weight = number_text(candidate.question.weight)
    if candidate.question.weight >= HIGH_WEIGHT:
        weighted = _("a high-weight question (weight {weight})").format(weight=weight)
    elif candidate.question.weight < 1:
        weighted = _("a lower-weight question (weight {weight})").format(weight=weight)
    else:
        weighted = _("a question of weight {weight}").format(weight=weight)
    if score.mean is None:
        evidence = _(
            'No evidence yet: respondents answered "don\'t know", so it is planned from level 1 '
            "(target {target}) on {question}"
        ).format(target=score.target, question=weighted)
    else:
        evidence = _("Gap of {gap} levels (now {mean}, target {target}) on {question}").format(
            gap=score_text(candidate.gap), mean=score_text(score.mean), target=score.target, question=weighted
        )
    level_name = bank.framework.level_name
    parts = [
        evidence,
        _("moves it from {start} {start_name} to {end} {end_name}").format(
            start=candidate.from_level,
            start_name=level_name(candidate.from_level),
            end=candidate.to_level,
            end_name=level_name(candidate.to_level),
        ),
    ]
    if candidate.focus:
        parts.append(_("feeds your focus {names}").format(names=_and_list(candidate.focus)))
    parts.append(str(EFFORT_WORDS[candidate.question.action_to(candidate.to_level).effort]))
    if dependency_titles:
        titles = _and_list(f"'{title}'" for title in dependency_titles)
        parts.append(_("must follow {titles}").format(titles=titles))
    return "; ".join(parts) + "."


def _and_list(items: Iterable[str]) -> str:
    values = list(items)
    if len(values) == 1:
        return values[0]
    return _("{items} and {last}").format(items=", ".join(values[:-1]), last=values[-1])


def leave_out(backlog: Sequence[BacklogItem], keys: Iterable[str]) -> tuple[BacklogItem, ...]:
    """``backlog`` without the items whose key is in ``keys`` (already in progress), ranked 1… again.

    A kept item's dependency on a left-out item is dropped: that work is already under way.
    """
    gone = set(keys)
    kept = [item for item in backlog if item.key not in gone]
    return tuple(
        replace(item, rank=rank, depends_on=tuple(key for key in item.depends_on if key not in gone))
        for rank, item in enumerate(kept, start=1)
    )
