"""The base of every model a backup is read into, so each part of a backup is checked alike."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from assessment.services.inputs import unstorable_text
from questionnaires.i18n import _


class StrictData(BaseModel):
    """Unknown fields, text PostgreSQL cannot store (NUL characters) and times that overflow once
    turned into UTC are refused, each as a problem naming the field."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        why = unstorable_text(value)
        if why:
            raise ValueError(why)
        if isinstance(value, datetime):
            try:
                value.astimezone(UTC)
            except OverflowError:
                raise ValueError(_("is out of range once turned into UTC")) from None
        return value
