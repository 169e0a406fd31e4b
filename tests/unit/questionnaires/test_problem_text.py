"""Pydantic's validation errors written in the current language from their type and numbers, with
pydantic's own English left exactly as it was."""

from __future__ import annotations

from datetime import date
from typing import Literal

import pytest
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    NaiveDatetime,
    ValidationError,
    field_validator,
)

from questionnaires.i18n import _, language
from questionnaires.problem_text import listed, located, validation_message


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(default="ab", min_length=2, max_length=3, pattern=r"^[a-z]+$")
    whole: int = Field(default=1, gt=0, lt=10)
    level: int = Field(default=1, ge=1, le=5, multiple_of=1)
    triple: int = Field(default=3, multiple_of=3)
    ratio: float = Field(default=1.0, allow_inf_nan=False)
    flag: bool = True
    day: date = date(2026, 1, 1)
    moment: AwareDatetime | None = None
    naive: NaiveDatetime | None = None
    items: list[int] = Field(default_factory=lambda: [1], min_length=1, max_length=2)
    choice: Literal["planned", "in progress", "done"] = "planned"
    mapping: dict[str, int] = Field(default_factory=dict)
    pair: tuple[int, int] = (1, 2)
    checked: str = "fine"

    @field_validator("checked")
    @classmethod
    def _fine(cls, value: str) -> str:
        if value != "fine":
            raise ValueError(_("a question cannot replace itself"))
        return value


class Required(BaseModel):
    name: str


# One bad value per error type the code base's models raise (and their neighbours).
CASES = [
    ("missing", Required, {}),
    ("extra_forbidden", Sample, {"colour": "red"}),
    ("string_type", Sample, {"text": 5}),
    ("string_too_short", Sample, {"text": "a"}),
    ("string_too_long", Sample, {"text": "abcd"}),
    ("string_pattern_mismatch", Sample, {"text": "AB"}),
    ("string_unicode", Sample, {"text": b"\xff\xfe"}),
    ("int_type", Sample, {"whole": None}),
    ("int_parsing", Sample, {"whole": "many"}),
    ("int_from_float", Sample, {"whole": 2.5}),
    ("greater_than", Sample, {"whole": 0}),
    ("less_than", Sample, {"whole": 10}),
    ("greater_than_equal", Sample, {"level": 0}),
    ("less_than_equal", Sample, {"level": 6}),
    ("multiple_of", Sample, {"triple": 4}),
    ("float_type", Sample, {"ratio": None}),
    ("float_parsing", Sample, {"ratio": "much"}),
    ("finite_number", Sample, {"ratio": float("inf")}),
    ("bool_type", Sample, {"flag": None}),
    ("bool_parsing", Sample, {"flag": "perhaps"}),
    ("date_type", Sample, {"day": None}),
    ("date_from_datetime_parsing", Sample, {"day": "2026-13-01"}),
    ("date_from_datetime_inexact", Sample, {"day": "20240"}),
    ("datetime_type", Sample, {"moment": 3.5j}),
    ("datetime_from_date_parsing", Sample, {"moment": "2026-01-01T25:00:00Z"}),
    ("timezone_aware", Sample, {"moment": "2026-01-01T10:00:00"}),
    ("timezone_naive", Sample, {"naive": "2026-01-01T10:00:00+01:00"}),
    ("list_type", Sample, {"items": 5}),
    ("too_short", Sample, {"items": []}),
    ("too_long", Sample, {"items": [1, 2, 3]}),
    ("literal_error", Sample, {"choice": "parked"}),
    ("dict_type", Sample, {"mapping": 5}),
    ("tuple_type", Sample, {"pair": 5}),
    ("model_type", Sample, 5),
]


def detail_of(model: type[BaseModel], data: object) -> dict:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(data)
    return raised.value.errors()[0]


@pytest.mark.parametrize(("kind", "model", "data"), CASES, ids=[case[0] for case in CASES])
def test_each_error_type_is_pydantics_own_sentence_in_english_and_translated_in_french_and_german(
    kind, model, data
):
    detail = detail_of(model, data)
    assert detail["type"] == kind
    with language("en"):
        english = validation_message(detail)
    assert english == detail["msg"].removeprefix("Value error, ")
    translations = {}
    for code in ("fr", "de"):
        with language(code):
            translations[code] = validation_message(detail)
    assert translations["fr"] != english and translations["de"] != english
    assert translations["fr"] != translations["de"]


def test_numbers_and_choices_of_the_rule_stay_in_the_sentence_with_the_languages_plural_and_or():
    with language("fr"):
        assert validation_message(detail_of(Sample, {"text": "abcd"})) == (
            "Le texte doit compter au plus 3 caractères"
        )
        assert validation_message(detail_of(Sample, {"choice": "parked"})) == (
            "La valeur doit être 'planned', 'in progress' ou 'done'"
        )
    with language("de"):
        assert (
            validation_message(detail_of(Sample, {"text": "a"}))
            == "Der Text muss mindestens 2 Zeichen lang sein"
        )
        assert (
            validation_message(detail_of(Sample, {"level": 6})) == "Der Wert muss kleiner oder gleich 5 sein"
        )


def test_a_validators_own_message_is_written_in_the_language_it_was_raised_in():
    with language("de"):
        detail = detail_of(Sample, {"checked": "wrong"})
    assert detail["type"] == "value_error"
    with language("en"):
        assert validation_message(detail) == "eine Frage kann sich nicht selbst ersetzen"


def test_a_type_not_covered_keeps_pydantics_english_message():
    detail = {"type": "url_parsing", "loc": ("link",), "msg": "Input should be a valid URL", "ctx": {}}
    with language("fr"):
        assert validation_message(detail) == "Input should be a valid URL"


def test_where_and_lists_take_the_languages_spacing():
    with language("en"):
        assert located("row 3", "bad") == "row 3: bad"
        assert listed(["a", "b"]) == "a; b"
        assert located("", "bad") == "bad"
    with language("fr"):
        assert located("ligne 3", "mauvais") == "ligne 3\u00a0: mauvais"
        assert listed(["a", "b"]) == "a\u00a0; b"
