"""From question gaps to a short, ordered backlog of actions.

For every question below its target, each step up from its current level to the target
becomes one item, carrying the bank's action for that step. The current level is the
floor of the question's **median** answer, so one dissenting respondent cannot move it. A
question whose respondents mostly answered "don't know" (more "don't know" than levels)
gets one **find-out** item instead of level steps; a question with only "not applicable"
answers, or with no answers at all, gets no items.

Priority, documented in ``docs/scoring.md``:

    priority = gap × weight × (1 + focus) / effort cost

with gap = target − mean (target − 1 for a find-out item), weight the question weight,
focus the sum of the question's link weights to the steps and pillars the organisation
chose to focus on, and effort cost S = 1, M = 2, L = 4. Priorities are rounded to 4
decimals. Items are ranked in three tiers: find-out items first (cheap, and they decide
what to plan), then **urgent** items (security basics: the step from level 1 to 2 of a
question that feeds the security pillar fully), then the rest. Within a tier the highest
priority comes first, where an item others wait for ranks with the highest priority of
the items waiting on it; an item never comes before an item it depends on: the step
below on the same question, and the items that lift a prerequisite question to the level
a step needs (a prerequisite ``{question: X, level: L}`` gates only the steps that reach L
or more). Ties are broken by bank order, then by level, so the ranking is deterministic.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from questionnaires import Bank, Question
from questionnaires.i18n import _, lazy_gettext, ngettext
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
FIND_OUT = "find-out"  # the key suffix of a find-out item: "culture.leadership-mandate@find-out"
FIND_OUT_EFFORT = "S"
SECURITY_PILLAR = "security"
URGENT_SECURITY_LINK = 1.0  # a question feeding the security pillar fully is about security
URGENT_TO_LEVEL = 2  # its basics: the step from level 1 to 2
TIER_FIND_OUT, TIER_URGENT, TIER_REST = 0, 1, 2


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
    tier: int = TIER_REST

    @property
    def find_out(self) -> bool:
        return self.tier == TIER_FIND_OUT


def item_key(question_id: str, to_level: int) -> str:
    """The stable key of the backlog item lifting ``question_id`` to ``to_level``."""
    return f"{question_id}@{to_level}"


def find_out_key(question_id: str) -> str:
    """The stable key of the item that finds out where ``question_id`` stands."""
    return f"{question_id}@{FIND_OUT}"


def is_find_out(key: str) -> bool:
    """Whether an item's key (``<question>@find-out``) names a find-out item: it finds out
    where a question stands, and lifts it to no level, so it must never read as a step up."""
    return key.rpartition("@")[2] == FIND_OUT


def needs_finding_out(score: QuestionScore) -> bool:
    """Whether "don't know" outnumbers the level answers: then nobody knows where it stands."""
    return score.dont_know > score.answers


def current_level(score: QuestionScore) -> int | None:
    """Where a question starts in the backlog: the floor of its median answer, None without levels.

    The median, not the mean: five people answering 3 and one answering 2 leave the question at 3.
    """
    if score.median is None:
        return None
    return math.floor(score.median + _LEVEL_TOLERANCE)


def is_urgent(question: Question, to_level: int) -> bool:
    """A security basic: the step up to level 2 of a question that feeds the security pillar fully."""
    return to_level == URGENT_TO_LEVEL and question.pillars.get(SECURITY_PILLAR, 0.0) >= URGENT_SECURITY_LINK


def build_backlog(
    bank: Bank, questions: Sequence[QuestionScore], options: ScoringOptions
) -> tuple[BacklogItem, ...]:
    """Ranked backlog items for every question of ``questions`` below its target."""
    scores = {score.question_id: score for score in questions}
    candidates = _candidates(bank, scores, options)
    ordered = _rank(candidates)
    titles = {candidate.key: _title(candidate) for candidate in ordered}
    waited_on = {
        key
        for candidate in ordered
        for key in candidate.depends_on
        if not key.startswith(candidate.question.id + "@")
    }
    return tuple(
        _item(
            rank, candidate, bank, [titles[key] for key in candidate.depends_on], candidate.key in waited_on
        )
        for rank, candidate in enumerate(ordered, start=1)
    )


def _candidates(bank: Bank, scores: dict[str, QuestionScore], options: ScoringOptions) -> list[_Candidate]:
    step_names = {step.id: _("step '{name}'").format(name=step.name) for step in bank.framework.steps}
    pillar_names = {
        pillar.id: _("pillar '{name}'").format(name=pillar.name) for pillar in bank.framework.pillars
    }
    levels_reached: dict[str, list[int]] = {}
    planned: list[tuple[int, Question, QuestionScore, int | None, float, tuple[str, ...]]] = []
    for position, question in enumerate(bank.questions):
        score = scores.get(question.id)
        if score is None:
            continue
        start = None if needs_finding_out(score) else current_level(score)
        if start is None and score.dont_know == 0:
            continue  # not applicable, or never answered: nothing to plan
        if start is not None and start >= score.target:
            continue
        focus_steps = [step for step in options.focus_steps if step in question.steps]
        focus_pillars = [pillar for pillar in options.focus_pillars if pillar in question.pillars]
        focus = sum(question.steps[step] for step in focus_steps) + sum(
            question.pillars[pillar] for pillar in focus_pillars
        )
        focus_names = tuple(step_names[step] for step in focus_steps) + tuple(
            pillar_names[pillar] for pillar in focus_pillars
        )
        if start is not None:
            levels_reached[question.id] = list(range(start + 1, score.target + 1))
        planned.append((position, question, score, start, focus, focus_names))

    candidates = []
    for position, question, score, start, focus, focus_names in planned:
        common = {"question": question, "position": position, "score": score, "focus": focus_names}
        if start is None:
            gap = score.target - 1.0
            priority = round(
                gap * question.weight * (1.0 + focus) / EFFORT_COST[FIND_OUT_EFFORT], PRIORITY_DECIMALS
            )
            candidates.append(
                _Candidate(
                    key=find_out_key(question.id),
                    from_level=1,
                    to_level=1,
                    gap=gap,
                    priority=priority,
                    depends_on=(),
                    tier=TIER_FIND_OUT,
                    **common,
                )
            )
            continue
        gap = score.target - (score.mean if score.mean is not None else 1.0)
        for level in range(start + 1, score.target + 1):
            action = question.action_to(level)
            priority = round(
                gap * question.weight * (1.0 + focus) / EFFORT_COST[action.effort], PRIORITY_DECIMALS
            )
            depends = [item_key(question.id, level - 1)] if level > start + 1 else []
            depends += _prerequisite_keys(question, level, start, levels_reached)
            candidates.append(
                _Candidate(
                    key=item_key(question.id, level),
                    from_level=level - 1,
                    to_level=level,
                    gap=gap,
                    priority=priority,
                    depends_on=tuple(depends),
                    tier=TIER_URGENT if start == 1 and is_urgent(question, level) else TIER_REST,
                    **common,
                )
            )
    return candidates


def _prerequisite_keys(
    question: Question, level: int, start: int, levels_reached: dict[str, list[int]]
) -> list[str]:
    """For each prerequisite the step up to ``level`` needs, the last item lifting it towards its level.

    A prerequisite ``{question: X, level: L}`` gates the first planned step that reaches L or more
    (the steps above it follow that one): a quick step below L does not wait for X.
    """
    keys = []
    for prerequisite in question.prerequisites:
        gated = prerequisite.level == level or (level == start + 1 and prerequisite.level < level)
        if not gated:
            continue
        levels = [
            reached
            for reached in levels_reached.get(prerequisite.question, ())
            if reached <= prerequisite.level
        ]
        if levels:
            keys.append(item_key(prerequisite.question, max(levels)))
    return keys


def _rank(candidates: list[_Candidate]) -> list[_Candidate]:
    """By tier, then by inherited priority, among the items whose dependencies are already ranked."""
    by_key = {candidate.key: candidate for candidate in candidates}
    waiting = {candidate.key: len(candidate.depends_on) for candidate in candidates}
    dependants: dict[str, list[str]] = {key: [] for key in by_key}
    for candidate in candidates:
        for dependency in candidate.depends_on:
            dependants[dependency].append(candidate.key)
    inherited = _inherited_priorities(candidates, dependants)
    ready = [_sort_key(candidate, inherited) for candidate in candidates if not candidate.depends_on]
    heapq.heapify(ready)
    ordered = []
    while ready:
        *_, key = heapq.heappop(ready)
        ordered.append(by_key[key])
        for dependant in dependants[key]:
            waiting[dependant] -= 1
            if waiting[dependant] == 0:
                heapq.heappush(ready, _sort_key(by_key[dependant], inherited))
    return ordered


def _inherited_priorities(candidates: list[_Candidate], dependants: dict[str, list[str]]) -> dict[str, float]:
    """Each item's priority raised to the highest priority of anything that waits for it.

    An item others depend on is foundational: it ranks as high as the most important item it
    unblocks. Dependencies form a small acyclic graph, so repeating until nothing changes ends.
    """
    inherited = {candidate.key: candidate.priority for candidate in candidates}
    changed = True
    while changed:
        changed = False
        for candidate in candidates:
            highest = max((inherited[key] for key in dependants[candidate.key]), default=0.0)
            if highest > inherited[candidate.key]:
                inherited[candidate.key] = highest
                changed = True
    return inherited


def _sort_key(candidate: _Candidate, inherited: dict[str, float]) -> tuple[int, float, int, int, str]:
    return (candidate.tier, -inherited[candidate.key], candidate.position, candidate.to_level, candidate.key)


def _title(candidate: _Candidate) -> str:
    if candidate.find_out:
        return _("Find out where you stand on “{question}”").format(question=candidate.question.text.strip())
    return candidate.question.action_to(candidate.to_level).title


def _item(
    rank: int, candidate: _Candidate, bank: Bank, dependency_titles: list[str], waited_on: bool
) -> BacklogItem:
    question = candidate.question
    if candidate.find_out:
        description = _(
            "Most respondents could not say which level describes your organisation. Ask the people "
            "who know (the service owner, the team, the supplier), then answer the question again: "
            "its steps are planned once you know where you stand."
        )
        effort = FIND_OUT_EFFORT
    else:
        action = question.action_to(candidate.to_level)
        description, effort = action.description, action.effort
    return BacklogItem(
        key=candidate.key,
        rank=rank,
        question_id=question.id,
        area=question.area,
        from_level=candidate.from_level,
        to_level=candidate.to_level,
        title=_title(candidate),
        description=description,
        effort=effort,
        priority=candidate.priority,
        steps=tuple(step.id for step in bank.framework.steps if step.id in question.steps),
        pillars=tuple(pillar.id for pillar in bank.framework.pillars if pillar.id in question.pillars),
        reason=_reason(candidate, bank, dependency_titles, waited_on),
        depends_on=candidate.depends_on,
        find_out=candidate.find_out,
        urgent=candidate.tier == TIER_URGENT,
    )


def _reason(candidate: _Candidate, bank: Bank, dependency_titles: list[str], waited_on: bool) -> str:
    """Why the item is where it is, in a leader's words (in the language of the scoring run)."""
    score = candidate.score
    weight = number_text(candidate.question.weight)
    if candidate.question.weight >= HIGH_WEIGHT:
        weighted = _("a high-weight question (weight {weight})").format(weight=weight)
    elif candidate.question.weight < 1:
        weighted = _("a lower-weight question (weight {weight})").format(weight=weight)
    else:
        weighted = _("a question of weight {weight}").format(weight=weight)
    if candidate.find_out:
        parts = [
            ngettext(
                'Find out first: {dont_know} of {responses} respondent answered "don\'t know", so no '
                "step is planned yet (target {target}) on {question}",
                'Find out first: {dont_know} of {responses} respondents answered "don\'t know", so no '
                "step is planned yet (target {target}) on {question}",
                score.dont_know + score.answers,
            ).format(
                dont_know=score.dont_know,
                responses=score.dont_know + score.answers,
                target=score.target,
                question=weighted,
            )
        ]
    else:
        parts = [
            _("Gap of {gap} levels (now {mean}, target {target}) on {question}").format(
                gap=score_text(candidate.gap),
                mean=score_text(score.mean),
                target=score.target,
                question=weighted,
            )
        ]
        level_name = bank.framework.level_name
        parts.append(
            _("moves it from {start} {start_name} to {end} {end_name}").format(
                start=candidate.from_level,
                start_name=level_name(candidate.from_level),
                end=candidate.to_level,
                end_name=level_name(candidate.to_level),
            )
        )
    if candidate.tier == TIER_URGENT:
        parts.append(_("urgent: a security basic missing at level 1 puts services and data at risk"))
    if candidate.focus:
        parts.append(_("feeds your focus {names}").format(names=_and_list(candidate.focus)))
    effort = (
        FIND_OUT_EFFORT if candidate.find_out else candidate.question.action_to(candidate.to_level).effort
    )
    parts.append(str(EFFORT_WORDS[effort]))
    if waited_on:
        parts.append(_("other questions wait for it"))
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
