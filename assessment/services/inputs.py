"""Input checked before anything is stored: validated models, targets against the bank, the bank."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlmodel import SQLModel

from assessment.errors import InvalidInputError
from assessment.settings import get_settings
from questionnaires import Bank, load_bank
from scoring.options import OptionsError, ScoringOptions

_Input = TypeVar("_Input", bound=SQLModel)


def current_bank(bank: Bank | None = None) -> Bank:
    """``bank`` if given, else the bank of ``WAYFINDER_BANK_DIR`` (the shipped one by default)."""
    return bank if bank is not None else load_bank(get_settings().bank_dir)


def validated(model: type[_Input], **data: Any) -> _Input:
    """``data`` through a validating input model; every problem in one :class:`InvalidInputError`."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, detail['loc'])) or 'value'}: {detail['msg']}" for detail in error.errors()
        )
        raise InvalidInputError(problems) from None


def check_options(
    bank: Bank,
    *,
    area_targets: Mapping[str, float],
    question_targets: Mapping[str, int],
    focus_steps: Iterable[str],
    focus_pillars: Iterable[str],
) -> None:
    """Targets and focus that name only what the bank has, within the scale."""
    options = ScoringOptions(
        area_targets=area_targets,
        question_targets=question_targets,
        focus_steps=tuple(focus_steps),
        focus_pillars=tuple(focus_pillars),
    )
    try:
        options.check(bank)
    except OptionsError as error:
        raise InvalidInputError(str(error)) from None
