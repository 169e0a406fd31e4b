"""The rules of the domain that need no database: plain functions, tested without one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Final

import pandas as pd

from assessment.errors import AssessmentClosedError, ConfirmationError
from assessment.models import OPEN
from assessment.records import AssessmentInfo
from questionnaires import Bank
from questionnaires.i18n import LazyText, _, lazy_gettext


def ensure_answers_may_change(status: str) -> None:
    """A closed assessment is read-only: its answers stay as they were when it was closed."""
    if status != OPEN:
        raise AssessmentClosedError(_("this assessment is closed: its answers can no longer change"))


# One whole sentence per kind: French and German articles agree with the noun.
CONFIRM_TO_DELETE: Final[Mapping[str, LazyText]] = {
    "organisation": lazy_gettext("to delete this organisation, confirm with its exact name: '{name}'"),
    "unit": lazy_gettext("to delete this unit, confirm with its exact name: '{name}'"),
    "assessment": lazy_gettext("to delete this assessment, confirm with its exact name: '{name}'"),
    "respondent": lazy_gettext("to delete this respondent, confirm with its exact name: '{name}'"),
}


def ensure_confirmed(confirm: str, name: str, what: str) -> None:
    """Deleting needs the exact name of what goes, so a slip of the mouse never deletes."""
    if confirm.strip() != name:
        raise ConfirmationError(str(CONFIRM_TO_DELETE[what]).format(name=name))


# A save's time stamp is taken on the app server before the save waits for a database
# connection (at most the pool timeout, WAYFINDER_DB_POOL_TIMEOUT) and commits, on servers
# whose clocks may differ a little. Until that wait, the save itself and the clocks' skew have
# passed, a data version read as (count, latest change) can miss a save that commits after a
# later one; this margin covers the save and the skew.
SETTLE_MARGIN = timedelta(seconds=30)


def settled(latest_change: datetime | None, now: datetime, *, pool_timeout_s: float) -> bool:
    """Whether every save stamped up to ``latest_change`` has certainly committed by ``now``,
    so a result computed now and keyed on that change stays right until the next change."""
    window = timedelta(seconds=pool_timeout_s) + SETTLE_MARGIN
    return latest_change is None or now - latest_change > window


def scorable(answers: pd.DataFrame, bank: Bank) -> pd.DataFrame:
    """Answers to questions still in the bank; a question retired since is no longer scored."""
    question_ids = [question.id for question in bank.questions]
    return answers[answers["question"].isin(question_ids)].reset_index(drop=True)


def chronological(info: AssessmentInfo) -> tuple[date, int]:
    """Sort key of a unit's rounds: by date, and by creation on the same day."""
    return (info.assessed_on, info.id)


def latest_and_previous(
    rounds: Sequence[AssessmentInfo],
) -> tuple[AssessmentInfo, AssessmentInfo | None]:
    """A unit's newest round and the one before it (None for a unit's first round)."""
    ordered = sorted(rounds, key=chronological)
    return ordered[-1], (ordered[-2] if len(ordered) > 1 else None)


def change_rounds(rounds: Sequence[AssessmentInfo]) -> tuple[AssessmentInfo, AssessmentInfo] | None:
    """The two rounds of a unit whose change "since the previous round" shows: (earlier, later).

    A round is compared only with the previous round of the same kind (workshop with workshop,
    self-assessment with self-assessment): a workshop held a week after the leader's
    self-assessment would otherwise hide the year-on-year change. The later round is the unit's
    most recent one that has an earlier round of its kind; None when no kind has two rounds.
    """
    later_first = sorted(rounds, key=chronological, reverse=True)
    for position, later in enumerate(later_first):
        earlier = next((r for r in later_first[position + 1 :] if r.mode == later.mode), None)
        if earlier is not None:
            return earlier, later
    return None
