"""What the services hand out: plain frozen dataclasses, never ORM rows.

An ORM object read after its session has closed raises ``DetachedInstanceError``,
and Streamlit keeps values across reruns; these records are safe to cache and to keep.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from assessment.access import Actor
from scoring.options import ScoringOptions
from scoring.results import AssessmentResult

MODE_NAMES = {"self": "Self-assessment", "workshop": "Workshop"}


def _no_entries() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class OrganisationInfo:
    id: int
    name: str
    created_at: datetime
    units: int
    assessments: int
    retention_days: int = 30  # how long deleted data stays restorable before the automatic purge


@dataclass(frozen=True)
class UnitInfo:
    """A unit; ``path`` names it with its parents ("Finance / Payroll"), ``depth`` 0 at the top."""

    id: int
    organisation_id: int
    parent_id: int | None
    name: str
    path: str
    depth: int
    created_at: datetime


@dataclass(frozen=True)
class AssessmentInfo:
    id: int
    organisation_id: int
    organisation: str
    unit_id: int
    unit: str
    title: str
    assessed_on: date
    mode: str
    status: str
    respondents: int
    bank_version: str
    join_code: str | None
    created_at: datetime
    closed_at: datetime | None
    area_targets: Mapping[str, float] = field(default_factory=_no_entries)
    question_targets: Mapping[str, int] = field(default_factory=_no_entries)
    focus_steps: tuple[str, ...] = ()
    focus_pillars: tuple[str, ...] = ()
    anonymous: bool = False

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def mode_name(self) -> str:
        """The mode as people read it: "Self-assessment" or "Workshop"."""
        return MODE_NAMES.get(self.mode, self.mode)

    def scoring_options(self) -> ScoringOptions:
        """The targets and focus this assessment was given, as the scoring engine takes them."""
        return ScoringOptions(
            area_targets=dict(self.area_targets),
            question_targets=dict(self.question_targets),
            focus_steps=self.focus_steps,
            focus_pillars=self.focus_pillars,
        )


@dataclass(frozen=True)
class RespondentInfo:
    """A respondent. ``token`` is their secret: whoever holds it answers as them."""

    id: int
    assessment_id: int
    label: str
    role: str
    token: str
    created_at: datetime


@dataclass(frozen=True)
class Participation:
    """What a participant's token gives: acting as them, their record, their assessment."""

    actor: Actor
    respondent: RespondentInfo
    assessment: AssessmentInfo
    retention_days: int = 30  # how long their organisation keeps deleted data restorable


@dataclass(frozen=True)
class RespondentProgress:
    respondent_id: int
    label: str
    role: str
    answered: int
    last_saved_at: datetime | None


@dataclass(frozen=True)
class WorkshopProgress:
    """Who has joined a workshop and how far each has got, out of ``questions``."""

    assessment_id: int
    status: str
    join_code: str | None
    questions: int
    respondents: tuple[RespondentProgress, ...]

    @property
    def answers(self) -> int:
        return sum(respondent.answered for respondent in self.respondents)


@dataclass(frozen=True)
class TrendPoint:
    """One assessment of a unit, in date order, with its full result."""

    assessment: AssessmentInfo
    result: AssessmentResult


@dataclass(frozen=True)
class MemberInfo:
    """A person's role in an organisation, by their sign-in e-mail address."""

    organisation_id: int
    email: str
    role: str
    created_at: datetime


@dataclass(frozen=True)
class AuditInfo:
    """One row of the audit trail."""

    id: int
    at: datetime
    actor: str
    action: str
    object_kind: str
    object_id: int | None
    organisation_id: int | None
    detail: str | None


@dataclass(frozen=True)
class DeletedInfo:
    """Something deleted that can still be restored, until it is purged after ``purge_after``."""

    kind: str  # "organisation", "unit", "assessment" or "respondent"
    id: int
    name: str  # an organisation's or unit's name, an assessment's title, a respondent's label
    within: str  # where it was: the parent unit's path, the assessment's unit, the respondent's assessment
    deleted_at: datetime
    purge_after: datetime
    assessment_id: int | None = None  # a respondent's assessment
