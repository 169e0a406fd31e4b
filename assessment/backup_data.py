"""What an organisation backup may hold, checked field by field before a restore writes anything.

The models mirror the document ``assessment/backup.py`` writes. Each refuses what the app
itself would refuse (``StrictData``: unknown fields, text that cannot be stored, times out of
range), and assessments check their targets and focus against their own bank, which the
restore passes in the validation context as ``bank_of``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BeforeValidator,
    Field,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)

from assessment.errors import InvalidInputError
from assessment.models import (
    EMAIL_LENGTH,
    JOIN_CODE_COLUMN_LENGTH,
    LABEL_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    TOKEN_LENGTH,
)
from assessment.plan_backup import PlanData
from assessment.profiles import SIZES, SOURCING_MODELS
from assessment.services.inputs import check_options
from assessment.strict_data import StrictData
from questionnaires.answers import Answer
from questionnaires.i18n import _


# JSON ``true`` is no level and no target (pydantic would read it as 1); targets are finite.
def _not_a_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(
            _('{value} is not an answer (1-5, "na" or "dont_know")').format(value=str(value).lower())
        )
    return value


_StrictAnswer = Annotated[Answer, BeforeValidator(_not_a_boolean)]
_AreaTarget = Annotated[float, Strict(), Field(allow_inf_nan=False)]
_QuestionTarget = Annotated[int, Strict()]


class AnswerData(StrictData):
    question: str = Field(min_length=1, max_length=120)
    answer: _StrictAnswer
    note: str | None = Field(default=None, max_length=NOTE_LENGTH)
    created_at: AwareDatetime
    updated_at: AwareDatetime


class RespondentData(StrictData):
    label: str = Field(min_length=1, max_length=LABEL_LENGTH)
    role: str = Field(default="", max_length=LABEL_LENGTH)
    token: str = Field(min_length=16, max_length=TOKEN_LENGTH)
    email: str | None = Field(default=None, max_length=EMAIL_LENGTH)
    created_at: AwareDatetime
    answers: list[AnswerData] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_answer_per_question(self) -> RespondentData:
        _no_repeats(
            [answer.question for answer in self.answers], _("question given more than once: {values}")
        )
        return self


class AssessmentData(StrictData):
    title: str = Field(min_length=1, max_length=NAME_LENGTH)
    assessed_on: date
    mode: Literal["self", "workshop"]
    status: Literal["open", "closed"]
    bank_version: str = Field(max_length=64)
    unkept_bank_version: str | None = Field(default=None, max_length=64)
    join_code: str | None = Field(default=None, max_length=JOIN_CODE_COLUMN_LENGTH)
    area_targets: dict[str, _AreaTarget] = Field(default_factory=dict)
    question_targets: dict[str, _QuestionTarget] = Field(default_factory=dict)
    focus_steps: list[str] = Field(default_factory=list)
    focus_pillars: list[str] = Field(default_factory=list)
    created_at: AwareDatetime
    closed_at: AwareDatetime | None = None
    deleted_at: AwareDatetime | None = None
    respondents: list[RespondentData] = Field(default_factory=list)
    result: dict[str, Any] | None = None  # scores written by the export; ignored on restore

    @model_validator(mode="after")
    def _labels_are_unique(self) -> AssessmentData:
        _no_repeats(
            [respondent.label for respondent in self.respondents],
            _("respondent label given more than once: {values}"),
        )
        return self

    @field_validator("area_targets", "question_targets", "focus_steps", "focus_pillars")
    @classmethod
    def _fits_the_bank(cls, value: Any, info: ValidationInfo) -> Any:
        """Targets and focus as the app accepts them: else scores, reports and the next backup fail."""
        bank_of = (info.context or {}).get("bank_of")
        version = info.data.get("bank_version")
        if bank_of is not None and version is not None:
            options: dict[str, Any] = {
                "area_targets": {},
                "question_targets": {},
                "focus_steps": [],
                "focus_pillars": [],
            }
            try:
                check_options(bank_of(version), **{**options, info.field_name: value})
            except InvalidInputError as error:
                raise ValueError(str(error)) from None
        return value


def _no_repeats(values: list[str], message: str) -> None:
    """Refuse values given twice; ``message`` names them in its ``{values}``."""
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise ValueError(message.format(values=", ".join(repeated)))


class UnitData(StrictData):
    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    created_at: AwareDatetime
    deleted_at: AwareDatetime | None = None
    assessments: list[AssessmentData] = Field(default_factory=list)
    units: list[UnitData] = Field(default_factory=list)
    plan: PlanData | None = None  # the unit's plan (assessment/plan_backup.py)


class OrganisationData(StrictData):
    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    created_at: AwareDatetime
    # Its profile (assessment/profiles.py); backups written before profiles existed have none.
    size: str | None = None
    sourcing: str | None = None
    units: list[UnitData] = Field(default_factory=list)

    @field_validator("size")
    @classmethod
    def _a_size_band(cls, value: str | None) -> str | None:
        if value is not None and value not in SIZES:
            raise ValueError(_("is not one of {choices}").format(choices=", ".join(SIZES)))
        return value

    @field_validator("sourcing")
    @classmethod
    def _a_sourcing_model(cls, value: str | None) -> str | None:
        if value is not None and value not in SOURCING_MODELS:
            raise ValueError(_("is not one of {choices}").format(choices=", ".join(SOURCING_MODELS)))
        return value


class BackupData(StrictData):
    format: Literal["wayfinder-organisation"]
    format_version: Literal[1]
    exported_at: AwareDatetime | None = None
    # Every bank version the assessments use, as stored (``questionnaires.versions``); older
    # backups have none, and their assessments get this database's bank of that version.
    banks: dict[str, dict[str, Any]] = Field(default_factory=dict)
    organisation: OrganisationData
