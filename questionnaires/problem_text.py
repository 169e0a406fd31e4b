"""Problems written in the current language: where they are, their list, and pydantic's errors.

:class:`Problem` is one thing wrong with a bank (its file, question and what). It lives here,
below the loader and every check that reports one, and reads as :func:`located` writes it.

:func:`located` ("row 3: …") and :func:`listed` ("…; …") put the language's spacing around the
colon and the semicolon (French writes a no-break space before them).

Pydantic writes its messages in English ("Field required", "String should have at most 80
characters"). Each error also carries a stable ``type`` and the numbers or choices of the rule
in ``ctx``, so :func:`validation_message` writes the sentence anew from those, through the
catalogue, when the error is shown (in the language of that moment). Types not listed here
keep pydantic's English message; the list holds those the banks, backups and services'
input models can raise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from questionnaires.i18n import LazyText, _, lazy_gettext, ngettext

# The type of a pydantic error → its sentence; ``{name}`` placeholders are filled from ``ctx``.
_SENTENCES: Mapping[str, LazyText] = {
    "missing": lazy_gettext("Field required"),
    "extra_forbidden": lazy_gettext("Extra inputs are not permitted"),
    "string_type": lazy_gettext("Input should be a valid string"),
    "string_unicode": lazy_gettext(
        "Input should be a valid string, unable to parse raw data as a unicode string"
    ),
    "string_pattern_mismatch": lazy_gettext("String should match pattern '{pattern}'"),
    "int_type": lazy_gettext("Input should be a valid integer"),
    "int_parsing": lazy_gettext("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": lazy_gettext("Input should be a valid integer, got a number with a fractional part"),
    "float_type": lazy_gettext("Input should be a valid number"),
    "float_parsing": lazy_gettext("Input should be a valid number, unable to parse string as a number"),
    "finite_number": lazy_gettext("Input should be a finite number"),
    "bool_type": lazy_gettext("Input should be a valid boolean"),
    "bool_parsing": lazy_gettext("Input should be a valid boolean, unable to interpret input"),
    "greater_than": lazy_gettext("Input should be greater than {gt}"),
    "greater_than_equal": lazy_gettext("Input should be greater than or equal to {ge}"),
    "less_than": lazy_gettext("Input should be less than {lt}"),
    "less_than_equal": lazy_gettext("Input should be less than or equal to {le}"),
    "multiple_of": lazy_gettext("Input should be a multiple of {multiple_of}"),
    "list_type": lazy_gettext("Input should be a valid list"),
    "tuple_type": lazy_gettext("Input should be a valid tuple"),
    "set_type": lazy_gettext("Input should be a valid set"),
    "dict_type": lazy_gettext("Input should be a valid dictionary"),
    "model_type": lazy_gettext("Input should be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": lazy_gettext(
        "Input should be a valid dictionary or object to extract fields from"
    ),
    "date_type": lazy_gettext("Input should be a valid date"),
    "date_parsing": lazy_gettext("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "date_from_datetime_parsing": lazy_gettext("Input should be a valid date or datetime, {error}"),
    "date_from_datetime_inexact": lazy_gettext(
        "Datetimes provided to dates should have zero time - e.g. be exact dates"
    ),
    "datetime_type": lazy_gettext("Input should be a valid datetime"),
    "datetime_parsing": lazy_gettext("Input should be a valid datetime, {error}"),
    "datetime_from_date_parsing": lazy_gettext("Input should be a valid datetime or date, {error}"),
    "timezone_aware": lazy_gettext("Input should have timezone info"),
    "timezone_naive": lazy_gettext("Input should not have timezone info"),
    "json_invalid": lazy_gettext("Invalid JSON: {error}"),
    "none_required": lazy_gettext("Input should be None"),
    "is_instance_of": lazy_gettext("Input should be an instance of {class}"),
}


def _length(ctx: Mapping[str, Any], key: str, at_least: bool) -> str:
    count = int(ctx[key])
    if at_least:
        sentence = ngettext(
            "String should have at least {count} character",
            "String should have at least {count} characters",
            count,
        )
    else:
        sentence = ngettext(
            "String should have at most {count} character",
            "String should have at most {count} characters",
            count,
        )
    return sentence.format(count=count)


def _items(ctx: Mapping[str, Any], key: str, at_least: bool) -> str:
    count, actual = int(ctx[key]), int(ctx.get("actual_length") or 0)
    if at_least:
        sentence = ngettext(
            "{field_type} should have at least {count} item after validation, not {actual}",
            "{field_type} should have at least {count} items after validation, not {actual}",
            count,
        )
    else:
        sentence = ngettext(
            "{field_type} should have at most {count} item after validation, not {actual}",
            "{field_type} should have at most {count} items after validation, not {actual}",
            count,
        )
    return sentence.format(count=count, actual=actual, field_type=_field_type(str(ctx.get("field_type", ""))))


def _field_type(name: str) -> str:
    kinds = {"List": _("List"), "Dictionary": _("Dictionary"), "Tuple": _("Tuple"), "Set": _("Set")}
    return kinds.get(name, name)


def _choices(ctx: Mapping[str, Any]) -> str:
    """Pydantic's "'a', 'b' or 'c'" with the language's "or"."""
    head, found, last = str(ctx.get("expected", "")).rpartition(" or ")
    expected = _("{choices} or {last}").format(choices=head, last=last) if found else last
    return _("Input should be {expected}").format(expected=expected)


_BUILT: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "string_too_short": lambda ctx: _length(ctx, "min_length", at_least=True),
    "string_too_long": lambda ctx: _length(ctx, "max_length", at_least=False),
    "too_short": lambda ctx: _items(ctx, "min_length", at_least=True),
    "too_long": lambda ctx: _items(ctx, "max_length", at_least=False),
    "literal_error": _choices,
    "enum": _choices,
    # A validator's own message, written through the catalogue where it was raised.
    "value_error": lambda ctx: str(ctx.get("error", "")),
    "assertion_error": lambda ctx: str(ctx.get("error", "")),
}


def validation_message(detail: Mapping[str, Any]) -> str:
    """The sentence for one of ``ValidationError.errors()``, in the current language.

    Without the location (the caller names it); a validator's ``ValueError`` gives its own
    message, without pydantic's "Value error, " before it.
    """
    kind = detail.get("type", "")
    ctx = detail.get("ctx") or {}
    try:
        if kind in _BUILT:
            return _BUILT[kind](ctx) or str(detail.get("msg", ""))
        if kind in _SENTENCES:
            return _SENTENCES[kind].format(**{key: _reason(value) for key, value in ctx.items()})
    except (KeyError, ValueError, TypeError, IndexError):  # a ctx this pydantic no longer gives
        pass
    return str(detail.get("msg", "")).removeprefix("Value error, ")


# The reasons pydantic gives inside a date or time it cannot read (its parser's own words).
_REASONS: Mapping[str, LazyText] = {
    reason.message: reason
    for reason in (
        lazy_gettext("input is too short"),
        lazy_gettext("input is too long"),
        lazy_gettext("invalid character in year"),
        lazy_gettext("invalid character in month"),
        lazy_gettext("invalid character in day"),
        lazy_gettext("invalid character in hour"),
        lazy_gettext("month value is outside expected range of 1-12"),
        lazy_gettext("day value is outside expected range"),
        lazy_gettext("invalid date separator, expected `-`"),
        lazy_gettext("invalid datetime separator, expected `T`, `t`, `_` or space"),
        lazy_gettext("unexpected extra characters at the end of the input"),
    )
}


def _reason(value: Any) -> str:
    text = str(value)
    return str(_REASONS[text]) if text in _REASONS else text


class Problem(NamedTuple):
    """One thing wrong with a bank: where it is and what is wrong."""

    file: str
    question: str | None
    message: str

    def __str__(self) -> str:
        where = (
            _("{file}: question '{question}'").format(file=self.file, question=self.question)
            if self.question
            else self.file
        )
        return located(where, self.message)


def located(where: str, problem: str) -> str:
    """ "where: problem" ("row 3, column C: …", "organisation.units.0.name: …"); the problem alone
    when there is no where."""
    return _("{where}: {problem}").format(where=where, problem=problem) if where else problem


def listed(problems: Iterable[str]) -> str:
    """Problems on one line, separated by semicolons."""
    return _("; ").join(problems)
