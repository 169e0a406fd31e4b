"""Input checked before anything is stored: validated models, targets against the bank, the bank."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlmodel import SQLModel

from assessment.errors import InvalidInputError
from assessment.settings import get_settings
from questionnaires import Bank, load_bank
from questionnaires.i18n import LanguageError, _, require_language
from questionnaires.problem_text import listed, located, validation_message
from scoring.options import OptionsError, ScoringOptions

_Input = TypeVar("_Input", bound=SQLModel)


def current_bank(bank: Bank | None = None) -> Bank:
    """``bank`` if given, else the bank of ``WAYFINDER_BANK_DIR`` (the shipped one by default)."""
    return bank if bank is not None else load_bank(get_settings().bank_dir)


def unstorable_text(value: Any) -> str | None:
    """Why text in ``value`` (a string, or strings inside lists and dicts) cannot be stored, if so.

    PostgreSQL refuses NUL characters in text (SQLite takes them, so a backup moved from one
    to the other would fail half-way), and lone surrogates are not UTF-8 at all.
    """
    if isinstance(value, str):
        if "\x00" in value:
            return _("contains a NUL character (\\x00), which cannot be stored: remove it")
        if any("\ud800" <= char <= "\udfff" for char in value) and not value.isascii():
            return _("contains a lone surrogate (invalid Unicode), which cannot be stored")
        return None
    if isinstance(value, Mapping):
        return next(filter(None, map(unstorable_text, [*value.keys(), *value.values()])), None)
    if isinstance(value, (list, tuple, set, frozenset)):
        return next(filter(None, map(unstorable_text, value)), None)
    return None


def validated(model: type[_Input], **data: Any) -> _Input:
    """``data`` through a validating input model; every problem in one :class:`InvalidInputError`.

    Text that cannot be stored (:func:`unstorable_text`) is refused here, for every service."""
    problems = [located(name, why) for name, value in data.items() if (why := unstorable_text(value))]
    if problems:
        raise InvalidInputError(listed(problems))
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError(
            listed(
                located(".".join(map(str, detail["loc"])) or _("value"), validation_message(detail))
                for detail in error.errors()
            )
        ) from None


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


def shipped_language(value: str) -> str:
    """``value`` as the code of a language Wayfinder ships; :class:`InvalidInputError` otherwise."""
    try:
        return require_language(value)
    except LanguageError as error:
        raise InvalidInputError(str(error)) from error
