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
from questionnaires.i18n import lazy_gettext
from scoring.options import ScoringOptions
from scoring.results import AssessmentResult, UnitTrend, VersionNote

MODE_NAMES = {"self": lazy_gettext("Self-assessment"), "workshop": lazy_gettext("Workshop")}


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
    # The bank version it was answered with when that bank was not kept (recorded before banks
    # were stored); it is then scored with ``bank_version``, the shipped bank of that time.
    unkept_bank_version: str | None = None
    report_language: str = "en"  # the language of its PDFs and downloads
    targets_version: int = 0  # give it back to update_targets: a newer save is then detected

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def mode_name(self) -> str:
        """The mode as people read it: "Self-assessment" or "Workshop"."""
        return str(MODE_NAMES.get(self.mode, self.mode))

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
    language: str | None = None  # the language they answer in, once chosen


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
class Trend:
    """A unit's assessments oldest first; when they used different bank versions, every point is
    scored on the questions those versions share (``versions`` says which and how many)."""

    points: tuple[TrendPoint, ...]
    versions: VersionNote

    def __len__(self) -> int:
        return len(self.points)

    def for_report(self, unit: str) -> UnitTrend:
        """The trend as the comparison PDF takes it: each round labelled by its date and title."""
        rounds = tuple(
            (f"{point.assessment.assessed_on.isoformat()} {point.assessment.title}", point.result)
            for point in self.points
        )
        return UnitTrend(unit=unit, rounds=rounds, versions=self.versions)


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


@dataclass(frozen=True)
class PlanItemInfo:
    """One item of a unit's plan: where it came from (question, step up, reason, priority) and
    how its delivery stands. ``version`` is what an editor read; saving checks it."""

    id: int
    key: str
    source_assessment_id: int | None
    question_id: str
    area: str
    from_level: int
    to_level: int
    title: str
    description: str
    effort: str
    priority: float
    rank: int
    reason: str
    steps: tuple[str, ...]
    pillars: tuple[str, ...]
    owner: str
    status: str
    due_on: date | None
    acceptance: str
    notes: str
    version: int
    updated_at: datetime
    updated_by: str

    def overdue(self, today: date) -> bool:
        """Due before ``today`` and neither done nor dropped."""
        return self.due_on is not None and self.due_on < today and self.status in ("planned", "in progress")


@dataclass(frozen=True)
class PlanInfo:
    """A unit's plan with its items, in rank order of their adoption."""

    id: int
    unit_id: int
    organisation_id: int
    created_at: datetime
    created_by: str
    items: tuple[PlanItemInfo, ...]

    def item(self, item_id: int) -> PlanItemInfo:
        return next(item for item in self.items if item.id == item_id)


@dataclass(frozen=True)
class PlanChangeInfo:
    """One stored change of a plan item: who changed which field, when, from what to what."""

    id: int
    item_id: int
    item_key: str
    at: datetime
    actor: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ItemEdit:
    """What an editor saves for one plan item, with the ``version`` they started from."""

    item_id: int
    version: int
    owner: str
    status: str
    due_on: date | None
    acceptance: str
    notes: str


@dataclass(frozen=True)
class StatusRow:
    """A status read from a tool's export: the file's row number, the item key, the plan status."""

    row: int
    key: str
    status: str


@dataclass(frozen=True)
class BankUse:
    """An assessment answered with a bank version (``flagged``: that version was not kept)."""

    assessment_id: int
    organisation: str
    unit: str
    title: str
    assessed_on: date
    unkept_bank_version: str | None = None

    @property
    def flagged(self) -> bool:
        return self.unkept_bank_version is not None


@dataclass(frozen=True)
class BankVersionInfo:
    """A stored bank version: where it came from and what uses it."""

    version: str
    origin: str  # "shipped", "installed", "tailored" or "restored"
    stored_at: datetime | None  # None: installed, not used by any assessment yet
    questions: int
    areas: int
    installed: bool  # the bank of WAYFINDER_BANK_DIR, for new assessments
    adopted_by: tuple[str, ...]  # organisations whose new assessments use it
    assessments: tuple[BankUse, ...]


@dataclass(frozen=True)
class ShareLinkInfo:
    """A read-only results link as those who share see it (never its secret, which is not kept)."""

    id: int
    assessment_id: int
    label: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class NewShareLink:
    """A link just made: ``token`` is its secret, shown this once to whoever made it."""

    link: ShareLinkInfo
    token: str


@dataclass(frozen=True)
class SharedResults:
    """What a results link opens: the assessment's heading and scores, without names or notes."""

    assessment: AssessmentInfo
    result: AssessmentResult
    expires_at: datetime
