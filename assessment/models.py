"""The data model: organisation → units → assessments → respondents → answers.

Table models (``table=True``) do not validate what they are given (a value over its
``max_length`` is accepted), so input arrives through the small non-table models at the
bottom, which do. Timestamps are aware UTC
datetimes going in and coming out of both SQLite and PostgreSQL (:class:`UtcDateTime`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import ConfigDict, field_validator
from sqlalchemy import JSON, DateTime, Dialect, Index, Text, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel

# Named constraints keep Alembic's SQLite batch operations and PostgreSQL in step.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}

NAME_LENGTH = 200
LABEL_LENGTH = 120
NOTE_LENGTH = 2000
TOKEN_LENGTH = 64
EMAIL_LENGTH = 320  # the longest address RFC 5321 allows
CLIENT_LENGTH = 64  # an IPv6 address with room to spare
AUDIT_DETAIL_LENGTH = 500
DEFAULT_RETENTION_DAYS = 30
JOIN_CODE_LENGTH = 6  # characters of a generated join code
JOIN_CODE_COLUMN_LENGTH = 12  # the column's width: room for longer codes without a migration
HEADERS_KEY_LENGTH = 64  # a SHA-256 in hex
LANGUAGE_LENGTH = 12  # a language code: "fr", room for "de-CH" or "pt-BR"
BANK_VERSION_LENGTH = 64
BANK_ORIGIN_LENGTH = 20
TOKEN_HASH_LENGTH = 64  # a SHA-256 in hex
SHARE_DAYS_LIMIT = 90  # the longest a results link stays valid: a quarter, then make a new one
PROFILE_LENGTH = 20  # a size band or sourcing model code (assessment/profiles.py)

Mode = Literal["self", "workshop"]
MODES: tuple[str, ...] = ("self", "workshop")
OPEN, CLOSED = "open", "closed"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend: SQLite keeps no zone, so it stores UTC and gets it back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: Wayfinder stores aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=NAME_LENGTH, index=True)
    # Days deleted data stays restorable before the automatic purge removes it for good.
    retention_days: int = Field(default=DEFAULT_RETENTION_DAYS)
    # The tailored bank (a stored_bank version) its new assessments use; None: the installed bank.
    adopted_bank: str | None = Field(default=None, max_length=BANK_VERSION_LENGTH)
    # Its profile, from which new assessments' area targets are proposed (assessment/profiles.py):
    # size band and sourcing model; None: not given, and targets stay the default.
    size: str | None = Field(default=None, max_length=PROFILE_LENGTH)
    sourcing: str | None = Field(default=None, max_length=PROFILE_LENGTH)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Unit(SQLModel, table=True):
    """A department, or a team inside one (``parent_id``)."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=NAME_LENGTH)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Assessment(SQLModel, table=True):
    __table_args__ = (Index("ix_assessment_join_code", "join_code", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=NAME_LENGTH)
    assessed_on: date
    mode: str = Field(max_length=20)
    status: str = Field(default=OPEN, max_length=10)
    area_targets: dict[str, float] = Field(default_factory=dict, sa_type=JSON)
    question_targets: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    focus_steps: list[str] = Field(default_factory=list, sa_type=JSON)
    focus_pillars: list[str] = Field(default_factory=list, sa_type=JSON)
    # The stored_bank version it is scored with, for ever.
    bank_version: str = Field(max_length=BANK_VERSION_LENGTH)
    # Set only when the bank it was answered with was not kept (recorded before banks were
    # stored): that version, while ``bank_version`` is the stored bank it is scored with now.
    unkept_bank_version: str | None = Field(default=None, max_length=BANK_VERSION_LENGTH)
    join_code: str | None = Field(default=None, max_length=JOIN_CODE_COLUMN_LENGTH)
    # No names asked or stored: participants are "Participant 1", "Participant 2", …
    anonymous: bool = Field(default=False)
    # The language of its PDFs and downloads: by default, that of who started it.
    report_language: str = Field(
        default="en", max_length=LANGUAGE_LENGTH, sa_column_kwargs={"server_default": "en"}
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # Counts saves of targets and focus: a save made from an older version is refused, so two
    # facilitators editing at once never silently undo each other's change.
    targets_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Respondent(SQLModel, table=True):
    """Someone who answers: a named leader, or a workshop participant holding a secret token."""

    __table_args__ = (UniqueConstraint("assessment_id", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True, ondelete="CASCADE")
    label: str = Field(max_length=LABEL_LENGTH)
    role: str = Field(default="", max_length=LABEL_LENGTH)
    token: str = Field(max_length=TOKEN_LENGTH, unique=True)
    # The signed-in person answering (a self-assessment's leader), so they resume by signing in.
    email: str | None = Field(default=None, max_length=EMAIL_LENGTH, index=True)
    # The language this participant reads the questionnaire in (None: not chosen yet).
    language: str | None = Field(default=None, max_length=LANGUAGE_LENGTH)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class AnswerRow(SQLModel, table=True):
    """One respondent's answer to one question; saving again updates the same row.

    ``value`` holds the answer's stored text (``questionnaires.answers.to_stored``):
    "1".."5", "na" or "dont_know".
    """

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("respondent_id", "question_id"),
        Index("ix_answer_question_id", "question_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    respondent_id: int = Field(foreign_key="respondent.id", ondelete="CASCADE")
    question_id: str = Field(max_length=120)
    value: str = Field(max_length=10)
    note: str | None = Field(default=None, max_length=NOTE_LENGTH)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Member(SQLModel, table=True):
    """A person's role in one organisation, by the e-mail address their sign-in gives."""

    __table_args__ = (UniqueConstraint("organisation_id", "email"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    email: str = Field(max_length=EMAIL_LENGTH, index=True)
    role: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class PersonPreference(SQLModel, table=True):
    """What a signed-in person chose for themself, kept across sessions: their language."""

    __tablename__ = "person_preference"

    email: str = Field(primary_key=True, max_length=EMAIL_LENGTH)
    language: str = Field(max_length=LANGUAGE_LENGTH)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class InstanceAdmin(SQLModel, table=True):
    """Someone who creates organisations and names their owners (besides ``WAYFINDER_ADMINS``)."""

    __tablename__ = "instance_admin"

    email: str = Field(primary_key=True, max_length=EMAIL_LENGTH)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class AuditEvent(SQLModel, table=True):
    """Who did what, when, to which object: append-only for the app, kept through purges.

    ``actor`` is the signed-in address, "local operator", "participant" or "visitor";
    ``detail`` never holds a respondent's name or note, and is emptied when the object it
    describes is purged.
    """

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    actor: str = Field(max_length=EMAIL_LENGTH)
    action: str = Field(max_length=40)
    object_kind: str = Field(max_length=20)
    object_id: int | None = Field(default=None)
    # Not a foreign key: the trail outlives the organisation it is about.
    organisation_id: int | None = Field(default=None, index=True)
    detail: str | None = Field(default=None, max_length=AUDIT_DETAIL_LENGTH)


class JoinAttempt(SQLModel, table=True):
    """A wrong join code typed by one client: counted to slow down guessing, kept an hour."""

    __tablename__ = "join_attempt"

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(max_length=CLIENT_LENGTH, index=True)
    attempted_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class ImportMapping(SQLModel, table=True):
    """How an organisation's files from one survey form map to the bank, remembered for the next.

    A form is known by the set of its column headers (``headers_key``, a SHA-256 of them);
    ``mapping`` is header → question id, or "skip", "respondent", "role".
    """

    __tablename__ = "import_mapping"
    __table_args__ = (UniqueConstraint("organisation_id", "headers_key"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    headers_key: str = Field(max_length=HEADERS_KEY_LENGTH)
    mapping: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


PLAN_STATUSES: tuple[str, ...] = ("planned", "in progress", "done", "dropped")
PlanStatus = Literal["planned", "in progress", "done", "dropped"]
ITEM_KEY_LENGTH = 130  # a question id (120) + "@" + the level it lifts to
ACTION_TITLE_LENGTH = 300


class Plan(SQLModel, table=True):
    """A unit's plan: backlog items it adopted, tracked to delivery. One per unit."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", unique=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    created_by: str = Field(max_length=EMAIL_LENGTH)


class PlanItem(SQLModel, table=True):
    """One adopted backlog item: its source (question, step up, reason, priority) and its delivery.

    ``key`` is the backlog item's stable key (``question@level``), the label the team's tool
    carries; ``version`` grows with every saved change, so two editors never silently
    overwrite each other.
    """

    __tablename__ = "plan_item"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=ITEM_KEY_LENGTH)
    source_assessment_id: int | None = Field(default=None, foreign_key="assessment.id", ondelete="SET NULL")
    question_id: str = Field(max_length=120)
    area: str = Field(max_length=LABEL_LENGTH)
    from_level: int
    to_level: int
    title: str = Field(max_length=ACTION_TITLE_LENGTH)
    description: str = Field(default="", max_length=NOTE_LENGTH)
    effort: str = Field(max_length=2)
    priority: float
    rank: int
    reason: str = Field(default="", max_length=NOTE_LENGTH)
    steps: list[str] = Field(default_factory=list, sa_type=JSON)
    pillars: list[str] = Field(default_factory=list, sa_type=JSON)
    owner: str = Field(default="", max_length=NAME_LENGTH)
    status: str = Field(default="planned", max_length=20)
    due_on: date | None = Field(default=None)
    acceptance: str = Field(default="", max_length=NOTE_LENGTH)
    notes: str = Field(default="", max_length=NOTE_LENGTH)
    version: int = Field(default=1)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_by: str = Field(max_length=EMAIL_LENGTH)


class PlanChange(SQLModel, table=True):
    """One change of one plan item's field: who, when, from what to what (adoption included)."""

    __tablename__ = "plan_change"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="plan_item.id", index=True, ondelete="CASCADE")
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    actor: str = Field(max_length=EMAIL_LENGTH)
    field: str = Field(max_length=20)
    old: str | None = Field(default=None, max_length=NOTE_LENGTH)
    new: str | None = Field(default=None, max_length=NOTE_LENGTH)


class StoredBank(SQLModel, table=True):
    """One question bank version, stored once under its content hash and never changed.

    ``content`` is the validated bank as JSON (``questionnaires.versions.bank_json``);
    ``origin`` says where it first came from: "installed" (``WAYFINDER_BANK_DIR``),
    "tailored" (adopted by ``organisation_id``) or "restored" (from a backup).
    """

    __tablename__ = "stored_bank"

    version: str = Field(primary_key=True, max_length=BANK_VERSION_LENGTH)
    content: str = Field(sa_type=Text)
    origin: str = Field(max_length=BANK_ORIGIN_LENGTH)
    # Not a foreign key: a bank outlives the organisation that first adopted it.
    organisation_id: int | None = Field(default=None)
    stored_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class ShareLink(SQLModel, table=True):
    """A read-only link to one assessment's results, for people without an account (a board).

    Only the SHA-256 of the link's secret is stored: the link is shown once, to whoever made
    it, and a copy of the database opens nothing. It stops working when it expires or is revoked.
    """

    __tablename__ = "share_link"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=TOKEN_HASH_LENGTH, unique=True)
    label: str = Field(default="", max_length=LABEL_LENGTH)  # whom it is for, seen by those who share
    created_by: str = Field(max_length=EMAIL_LENGTH)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


# --- input models: these validate (strip, lengths, allowed values) before anything is stored ---

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_INPUT_CONFIG = ConfigDict(str_strip_whitespace=True, extra="forbid")


class NameInput(SQLModel):
    model_config = _INPUT_CONFIG
    name: str = Field(min_length=1, max_length=NAME_LENGTH)


class AssessmentInput(SQLModel):
    model_config = _INPUT_CONFIG
    title: str = Field(min_length=1, max_length=NAME_LENGTH)
    mode: Mode
    assessed_on: date
    area_targets: dict[str, float] = Field(default_factory=dict)
    question_targets: dict[str, int] = Field(default_factory=dict)
    focus_steps: list[str] = Field(default_factory=list)
    focus_pillars: list[str] = Field(default_factory=list)


class RespondentInput(SQLModel):
    model_config = _INPUT_CONFIG
    label: str = Field(max_length=LABEL_LENGTH)
    role: str = Field(default="", max_length=LABEL_LENGTH)


class MemberInput(SQLModel):
    model_config = _INPUT_CONFIG
    email: str = Field(min_length=3, max_length=EMAIL_LENGTH)
    role: Literal["viewer", "facilitator", "owner"]

    @field_validator("email")
    @classmethod
    def _an_address(cls, email: str) -> str:
        # sqlmodel's Field(regex=...) is silently ignored on non-table models: check here.
        if not _EMAIL.fullmatch(email):
            raise ValueError("is not an e-mail address (name@example.org)")
        return email


class NoteInput(SQLModel):
    model_config = _INPUT_CONFIG
    note: str | None = Field(default=None, max_length=NOTE_LENGTH)


class PlanItemInput(SQLModel):
    """What an editor may change on a plan item."""

    model_config = _INPUT_CONFIG
    owner: str = Field(default="", max_length=NAME_LENGTH)
    status: PlanStatus = "planned"
    due_on: date | None = None
    acceptance: str = Field(default="", max_length=NOTE_LENGTH)
    notes: str = Field(default="", max_length=NOTE_LENGTH)


class ShareLinkInput(SQLModel):
    model_config = _INPUT_CONFIG
    label: str = Field(default="", max_length=LABEL_LENGTH)
    days: int = Field(ge=1, le=SHARE_DAYS_LIMIT)
