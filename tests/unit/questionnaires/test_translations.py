"""Bank translations: complete in every shipped language, checked field by field, and never
changing what a bank scores."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from cli.main import main
from cli.output import Output
from questionnaires import DEFAULT_BANK_DIR, BankError, load_bank
from questionnaires.answers import parse_answer
from questionnaires.translation_gaps import missing_translations
from questionnaires.translations import languages, translated
from scoring.engine import score_assessment
from scoring.results import to_jsonable

from .conftest import AREAS

SHIPPED_LANGUAGES = languages(DEFAULT_BANK_DIR)
# Fields that hold words; everything else in a result must not depend on the language.
TEXT_FIELDS = {"name", "level_name", "almost_level_name", "title", "description", "reason"}


def area_translation(area: str) -> dict[str, Any]:
    """A complete translation of the test bank's one question in ``area``."""
    question_id = f"{area}.first"
    return {
        "language": "fr",
        "area": area,
        "questions": {
            question_id: {
                "text": f"Où en est {question_id} ?",
                "help": "Regardez ce qui se passe, pas ce qui est prévu.",
                "levels": {level: f"État observable {level} de {question_id}." for level in range(1, 6)},
                "actions": {
                    level: {"title": f"Atteindre le niveau {level}", "description": "Faire la suite."}
                    for level in range(2, 6)
                },
            }
        },
    }


def write_translation(bank_dir: Path, area: str, data: dict[str, Any]) -> Path:
    path = bank_dir / "translations" / "fr" / "areas" / f"{area}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


@pytest.fixture
def french_bank(bank_dir: Path) -> Path:
    """The small test bank with a complete French translation."""
    (bank_dir / "translations" / "fr" / "areas").mkdir(parents=True)
    shutil.copy(
        DEFAULT_BANK_DIR / "translations" / "fr" / "framework.yaml",
        bank_dir / "translations" / "fr" / "framework.yaml",
    )
    for area in AREAS:
        write_translation(bank_dir, area, area_translation(area))
    return bank_dir


def without_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_text(item) for key, item in value.items() if key not in TEXT_FIELDS}
    if isinstance(value, list):
        return [without_text(item) for item in value]
    return value


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), Output(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def test_the_bank_ships_english_and_french():
    assert SHIPPED_LANGUAGES[0] == "en"
    assert "fr" in SHIPPED_LANGUAGES


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
def test_every_shipped_language_translates_every_text(language):
    assert [str(problem) for problem in missing_translations(DEFAULT_BANK_DIR, language)] == []


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES[1:])
def test_a_shipped_translation_changes_every_question_text(language):
    english, other = load_bank(), translated(load_bank(), language)
    same = [q.id for q, t in zip(english.questions, other.questions, strict=True) if q.text == t.text]
    assert same == []


def test_the_complete_test_translation_has_no_problem(french_bank):
    assert missing_translations(french_bank, "fr") == []


def test_a_missing_field_names_the_file_the_question_and_the_field(french_bank):
    data = area_translation("devops")
    del data["questions"]["devops.first"]["levels"][3]
    del data["questions"]["devops.first"]["actions"][4]["title"]
    write_translation(french_bank, "devops", data)
    problems = missing_translations(french_bank, "fr")
    assert [(p.file, p.question, p.message) for p in problems] == [
        ("translations/fr/areas/devops.yaml", "devops.first", "levels.3: missing translation"),
        ("translations/fr/areas/devops.yaml", "devops.first", "actions.4.title: missing translation"),
    ]


def test_an_empty_field_names_the_file_the_question_and_the_field(french_bank):
    data = area_translation("skills")
    data["questions"]["skills.first"]["help"] = "   "
    data["questions"]["skills.first"]["levels"][5] = None
    write_translation(french_bank, "skills", data)
    problems = missing_translations(french_bank, "fr")
    assert [(p.file, p.question, p.message) for p in problems] == [
        ("translations/fr/areas/skills.yaml", "skills.first", "help: empty translation"),
        ("translations/fr/areas/skills.yaml", "skills.first", "levels.5: empty translation"),
    ]


def test_an_unknown_question_id_is_a_problem_and_the_bank_will_not_translate(french_bank):
    data = area_translation("culture")
    data["questions"]["culture.typo"] = data["questions"]["culture.first"]
    write_translation(french_bank, "culture", data)
    problems = missing_translations(french_bank, "fr")
    assert [(p.file, p.question) for p in problems] == [
        ("translations/fr/areas/culture.yaml", "culture.typo")
    ]
    assert "no such question" in problems[0].message
    with pytest.raises(BankError, match=r"culture\.typo"):
        translated(load_bank(french_bank), "fr")


def test_unknown_fields_and_ids_in_the_framework_are_problems(french_bank):
    data = area_translation("culture")
    data["questions"]["culture.first"]["wieght"] = 2
    write_translation(french_bank, "culture", data)
    data = area_translation("devops")
    data["questions"]["devops.first"]["actions"][1] = {"title": "Pas d'action vers le niveau 1"}
    write_translation(french_bank, "devops", data)
    framework = french_bank / "translations" / "fr" / "framework.yaml"
    framework.write_text(
        framework.read_text("utf-8") + "\n  cloud-computing: {name: Nuage, description: Nuage}\n", "utf-8"
    )
    messages = [str(problem) for problem in missing_translations(french_bank, "fr")]
    assert any("areas.cloud-computing: the English bank has no such id" in m for m in messages)
    assert any("'culture.first': wieght: Extra inputs are not permitted" in m for m in messages)
    assert any("'devops.first': actions.1: the English bank has no such id" in m for m in messages)


def test_a_malformed_framework_file_does_not_hide_the_gaps_of_the_area_files(french_bank):
    (french_bank / "translations" / "fr" / "framework.yaml").write_text("language: fr\nlevels: [", "utf-8")
    data = area_translation("devops")
    del data["questions"]["devops.first"]["text"]
    write_translation(french_bank, "devops", data)
    messages = [str(problem) for problem in missing_translations(french_bank, "fr")]
    assert len(messages) == 2
    assert messages[0].startswith("translations/fr/framework.yaml: invalid YAML at line 3")
    where = "translations/fr/areas/devops.yaml: question 'devops.first'"
    assert messages[1] == f"{where}: text: missing translation"


def test_a_missing_area_file_and_a_wrong_language_are_reported(french_bank):
    (french_bank / "translations" / "fr" / "areas" / "procurement.yaml").unlink()
    data = area_translation("skills")
    data["language"] = "de"
    write_translation(french_bank, "skills", data)
    messages = [str(problem) for problem in missing_translations(french_bank, "fr")]
    assert messages == [
        "translations/fr/areas/skills.yaml: language: 'de' in the folder for 'fr'",
        "translations/fr/areas/procurement.yaml: missing: the area's 1 question(s) are untranslated",
    ]


def test_a_missing_translation_falls_back_to_english_field_by_field(french_bank):
    data = area_translation("devops")
    del data["questions"]["devops.first"]["levels"][2]
    data["questions"]["devops.first"]["actions"][3]["description"] = ""
    write_translation(french_bank, "devops", data)
    english = load_bank(french_bank).question("devops.first")
    french = translated(load_bank(french_bank), "fr").question("devops.first")
    assert french.text == "Où en est devops.first ?"
    assert french.levels[2] == english.levels[2]
    assert french.levels[3] == "État observable 3 de devops.first."
    assert french.actions[3].title == "Atteindre le niveau 3"
    assert french.actions[3].description == english.actions[3].description


def test_translating_keeps_ids_weights_links_efforts_and_the_version():
    english = load_bank()
    french = translated(english, "fr")
    assert french.version == english.version
    assert french.framework.level_name(4) == "Piloté"
    for ours, theirs in zip(english.questions, french.questions, strict=True):
        assert (ours.id, ours.weight, ours.steps, ours.pillars, ours.prerequisites) == (
            theirs.id,
            theirs.weight,
            theirs.steps,
            theirs.pillars,
            theirs.prerequisites,
        )
        assert {level: action.effort for level, action in ours.actions.items()} == {
            level: action.effort for level, action in theirs.actions.items()
        }
    assert [area.id for area in french.areas] == [area.id for area in english.areas]


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES[1:])
def test_the_same_answers_score_identically_in_every_language(language):
    english = load_bank()
    other = translated(english, language)
    answers = pd.DataFrame(
        {
            "assessment": "a1",
            "respondent": respondent,
            "question": question.id,
            "answer": str((index * 7 + number) % 5 + 1) if (index + number) % 11 else "na",
        }
        for number, respondent in enumerate(("p1", "p2", "p3"))
        for index, question in enumerate(english.questions)
    )
    ours = to_jsonable(score_assessment(answers, english))
    theirs = to_jsonable(score_assessment(answers, other))
    assert without_text(theirs) == without_text(ours)
    assert theirs["backlog"][0]["title"] != ours["backlog"][0]["title"]


def test_translated_banks_are_cached_until_a_translation_file_changes(french_bank):
    bank = load_bank(french_bank)
    first = translated(bank, "fr")
    assert translated(bank, "fr") is first
    data = area_translation("culture")
    data["questions"]["culture.first"]["text"] = "Un texte revu, plus long qu'avant ?"
    write_translation(french_bank, "culture", data)
    assert translated(bank, "fr").question("culture.first").text == "Un texte revu, plus long qu'avant ?"


def test_english_and_a_language_the_bank_does_not_ship_give_the_bank_itself():
    bank = load_bank()
    assert translated(bank, "en") is bank
    assert translated(bank, "xx") is bank
    assert [str(p) for p in missing_translations(DEFAULT_BANK_DIR, "xx")] == [
        f"translations/xx: no translation for language 'xx' (this bank has: {', '.join(SHIPPED_LANGUAGES)})"
    ]


def test_bank_json_refuses_a_language_the_bank_does_not_ship(bank_dir):
    code, out, err = run("bank", "--json", "--bank", str(bank_dir), "--lang", "fr")
    assert (code, out) == (2, "")
    # --lang also sets the command line's own language (cli.language.requested_language)
    assert "le référentiel n'a pas de traduction «\u00a0fr\u00a0»\u00a0: utilisez en" in err


def test_french_level_names_and_descriptors_read_as_their_level():
    bank = load_bank()
    french = translated(bank, "fr")
    question = bank.questions[0]
    for level in range(1, 6):
        descriptor = french.question(question.id).levels[level]
        read = parse_answer(descriptor, framework=bank.framework, question=question, bank=bank)
        assert read == level
        name = french.framework.level_name(level)
        assert parse_answer(name.upper(), framework=bank.framework, question=question, bank=bank) == level
    assert parse_answer("Niveau 4 : Piloté", framework=bank.framework, bank=bank) == 4
    assert parse_answer("Défini (3)", framework=bank.framework, bank=bank) == 3


def test_without_the_bank_only_english_is_read():
    bank = load_bank()
    with pytest.raises(ValueError, match="not an answer"):
        parse_answer("Piloté", framework=bank.framework)


def test_bank_check_reports_each_missing_translation_and_fails(french_bank):
    data = area_translation("architecture")
    data["questions"]["architecture.first"]["text"] = ""
    write_translation(french_bank, "architecture", data)
    code, out, err = run("bank", "--check", str(french_bank))
    assert code == 1
    assert (
        "translations/fr/areas/architecture.yaml: question 'architecture.first': text: empty translation"
        in out
    )
    assert "problem(s)" in err


def test_bank_check_of_the_shipped_bank_passes_in_every_language():
    code, out, err = run("bank", "--check")
    assert (code, err) == (0, "")
    assert f"complete in {', '.join(SHIPPED_LANGUAGES)}" in out


def test_bank_json_prints_the_bank_in_the_language_asked():
    code, out, _ = run("bank", "--json", "--lang", "fr")
    assert code == 0
    data = json.loads(out)
    assert data["language"] == "fr"
    assert data["version"] == load_bank().version
    assert data["framework"]["levels"][2]["name"] == "Défini"
    assert data["areas"][0]["name"] == "Culture et direction"
    assert data["areas"][0]["questions"][0]["id"] == "culture.leadership-mandate"
    assert data["areas"][0]["questions"][0]["text"].startswith("Qui, au sommet de votre organisme")


def test_the_shipped_bank_rebuilt_from_storage_is_translated_but_an_older_version_is_not():
    from questionnaires.versions import bank_from_json, bank_json

    stored = bank_from_json(bank_json(load_bank()))
    assert stored.source != DEFAULT_BANK_DIR
    assert translated(stored, "fr").framework.level_name(4) == "Piloté"
    older = dataclasses.replace(stored, version="0123456789ab", source=Path("stored-bank/0123456789ab"))
    assert translated(older, "fr") is older
