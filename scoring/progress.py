"""Did it work? For each plan item done, how the question it targeted moved since it was adopted.

An item is adopted from one assessment's backlog (its baseline); when the unit is assessed
again, the question's mean then is compared with its mean now. A done item whose question did
not rise (or could not be compared: no answer in one of the rounds) is flagged for discussion:
either the work did not reach practice, or the question measures something else. A done
find-out item worked when the question now has a level answer: it had none to rise from. The next
backlog leaves out the items the plan already has in progress, and says which (:func:`next_round`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from scoring.backlog import is_find_out, leave_out
from scoring.options import ScoringOptions
from scoring.results import AssessmentResult, BacklogItem, QuestionScore
from scoring.roadmap import plan_roadmap

MOVE_TOLERANCE = 1e-9  # a question "moved" when its mean rose by more than float noise


@dataclass(frozen=True)
class DoneItem:
    """A plan item marked done, and the assessment (scoring key) it was adopted from."""

    key: str
    title: str
    question_id: str
    from_level: int
    to_level: int
    baseline: str


@dataclass(frozen=True)
class ItemProgress:
    """One done item: its question's mean when adopted (``before``) and now (``after``)."""

    key: str
    title: str
    question_id: str
    to_level: int
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before

    @property
    def moved(self) -> bool:
        return self.delta is not None and self.delta > MOVE_TOLERANCE

    @property
    def reached(self) -> bool:
        """Whether the question now stands at the level the item aimed for."""
        return self.after is not None and self.after + MOVE_TOLERANCE >= self.to_level

    @property
    def found_out(self) -> bool:
        """A find-out item whose question now has a level answer (it had none before)."""
        return is_find_out(self.key) and self.after is not None

    @property
    def to_discuss(self) -> bool:
        """Done, yet the question did not move (or was not answered in one of the rounds)."""
        return not (self.moved or self.found_out)


@dataclass(frozen=True)
class Progress:
    """Progress since the last round: done items with their change, and the backlog items left
    out because the plan already has them in progress."""

    items: tuple[ItemProgress, ...]
    left_out: tuple[BacklogItem, ...] = ()

    @property
    def to_discuss(self) -> tuple[ItemProgress, ...]:
        return tuple(item for item in self.items if item.to_discuss)


def progress_since(
    done: Sequence[DoneItem],
    baselines: Mapping[str, Sequence[QuestionScore]],
    current: Sequence[QuestionScore],
) -> tuple[ItemProgress, ...]:
    """The change of each done item's question from its baseline's scores to ``current``.

    ``baselines`` maps each item's ``baseline`` to that assessment's question scores; an item
    whose baseline is missing (deleted since) is compared with nothing and so flagged.
    """
    now = {score.question_id: score.mean for score in current}
    before_by_baseline = {
        baseline: {score.question_id: score.mean for score in scores}
        for baseline, scores in baselines.items()
    }
    return tuple(
        ItemProgress(
            key=item.key,
            title=item.title,
            question_id=item.question_id,
            to_level=item.to_level,
            before=before_by_baseline.get(item.baseline, {}).get(item.question_id),
            after=now.get(item.question_id),
        )
        for item in done
    )


def next_round(
    result: AssessmentResult, in_progress: Collection[str], options: ScoringOptions
) -> tuple[AssessmentResult, tuple[BacklogItem, ...]]:
    """``result`` with the backlog items whose keys are ``in_progress`` left out and the roadmap
    planned again; and the items left out, so a page or report can say so."""
    left = tuple(item for item in result.backlog if item.key in in_progress)
    if not left:
        return result, ()
    backlog = leave_out(result.backlog, in_progress)
    return replace(result, backlog=backlog, roadmap=plan_roadmap(backlog, options)), left
