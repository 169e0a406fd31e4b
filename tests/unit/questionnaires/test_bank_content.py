"""The content rules beyond the schema (questionnaires.content_rules, questionnaires.coverage).

Each rule is shown to flag version 1 of the bank (frozen in the 0006 migration) with the
findings that motivated it, and to pass on the shipped bank (version 2).
"""

from __future__ import annotations

import dataclasses
import io
import time
from pathlib import Path

import pytest

from cli.main import main
from cli.output import Output
from questionnaires import Bank, load_bank
from questionnaires.content_rules import (
    FRAMEWORK_CHANGES,
    NEAR_DUPLICATE_SIMILARITY,
    SEED_IDEAS,
    content_problems,
    level_five_outside_control,
    missing_tie_breaks,
    near_duplicate_questions,
    outside_control_phrases,
    question_similarities,
    seed_idea_table,
    tie_break_levels,
    unattested_ladders,
    unmapped_seed_ideas,
    untranslated_tie_breaks,
)
from questionnaires.coverage import core_link_shares, diffuse_links
from questionnaires.translations import languages, translated
from questionnaires.versions import bank_from_json

VERSION_1 = Path(__file__).resolve().parents[3] / "migrations" / "versions" / "0006_shipped_bank.json"
TRANSLATED = ("fr", "de")


@pytest.fixture(scope="module")
def v1() -> Bank:
    return bank_from_json(VERSION_1.read_text("utf-8"))


@pytest.fixture(scope="module")
def shipped() -> Bank:
    return load_bank()


def with_help(bank: Bank, helps: dict[str, str]) -> Bank:
    """``bank`` with the help texts of some questions replaced."""
    questions = tuple(
        question.model_copy(update={"help": helps[question.id]}) if question.id in helps else question
        for question in bank.questions
    )
    return dataclasses.replace(bank, questions=questions)


def flagged(problems) -> list[str]:
    return [problem.question for problem in problems]


# --- 1. Ladder attested ------------------------------------------------------------------------


def test_version_1_attests_no_question_as_a_ladder(v1):
    problems = list(unattested_ladders(v1))
    assert flagged(problems) == [question.id for question in v1.questions]
    assert str(problems[0]) == (
        "areas/culture.yaml: question 'culture.leadership-mandate': its levels are not attested as a "
        "ladder: check that each level includes the one below, then set requires_previous: true"
    )


def test_an_attested_question_passes(v1):
    question = v1.questions[0].model_copy(update={"requires_previous": True})
    bank = dataclasses.replace(v1, questions=(question,))
    assert list(unattested_ladders(bank)) == []


def test_every_shipped_question_is_attested_as_a_ladder(shipped):
    assert flagged(unattested_ladders(shipped)) == []


# --- 2. Tie-break in every help text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("help_text", "levels"),
    [
        ("If only some services have an owner, answer level 2.", (2,)),
        ("A plan without a budget line is Level 3 at most.", (3,)),
        ("Answer level 2 if ...; a pilot alone is level 3 at most.", (2, 3)),
        ("If the unit can only advise, answer no higher than level 2.", ()),
        ("Look at what happens, not at what is planned.", ()),
    ],
)
def test_the_tie_break_is_read_from_its_two_phrasings(help_text, levels):
    assert tie_break_levels(help_text) == levels


def test_version_1_has_a_tie_break_in_only_seven_help_texts(v1):
    missing = flagged(missing_tie_breaks(v1))
    passing = [question.id for question in v1.questions if question.id not in missing]
    assert passing == [
        "culture.leadership-mandate",
        "culture.service-value",
        "culture.experiment-and-measure",
        "procurement.supplier-security",
        "skills.security-skills",
        "skills.capability-programme",
        "skills.digital-careers",
    ]
    assert len(missing) == 43
    # "answer no higher than level 2" is not one of the two phrasings the translations mirror.
    assert {"skills.digital-unit", "devops.deployment-frequency", "architecture.portability"} <= set(missing)


def test_every_shipped_help_text_has_a_tie_break(shipped):
    assert flagged(missing_tie_breaks(shipped)) == []


# --- 3. Level 5 within the organisation's control ----------------------------------------------

VERSION_1_LEVEL_5_OUTSIDE_CONTROL = {
    "culture.leadership-mandate",  # other public bodies have asked for or adopted its approach
    "culture.scale-what-works",  # adopted by other public bodies
    "culture.cross-department-collaboration",  # copied by others
    "culture.working-in-the-open",  # draws comments from ... other bodies
    "architecture.open-apis",  # other public bodies or new suppliers have built on your APIs
    "architecture.data-catalogue",  # other bodies use it
    "architecture.open-data",  # outside reusers help decide
    "procurement.product-ownership",  # other bodies reuse it
    "procurement.reuse-before-buying",  # you co-own ... with other bodies
    "skills.digital-unit",  # other public bodies adopt its standards
    "skills.product-owners",  # coach product owners in other public bodies
    "skills.user-research",  # other public bodies reuse or contribute
    "skills.engineering-capability",  # other public bodies reuse the code
    "skills.security-skills",  # train other bodies
    "skills.data-skills",  # trains people in other bodies
    "skills.capability-programme",  # other public bodies use the material
    "skills.digital-careers",  # staff move between public bodies
}


def test_version_1_has_seventeen_level_5s_outside_the_organisations_control(v1):
    problems = list(level_five_outside_control(v1))
    assert set(flagged(problems)) == VERSION_1_LEVEL_5_OUTSIDE_CONTROL
    assert len(problems) == 17
    assert str(problems[0]) == (
        "areas/culture.yaml: question 'culture.leadership-mandate': level 5 depends on what other "
        "bodies do ('other public bodies have asked for'): describe what the organisation itself does"
    )
    # Sharing, opening and offering are the organisation's own acts.
    assert not {
        "culture.learning-from-failure",
        "skills.digital-leadership",
        "architecture.shared-components",
    } & set(flagged(problems))


@pytest.mark.parametrize(
    "descriptor",
    [
        "Other public bodies have adopted it.",
        "The playbook is updated yearly and others reuse it.",
        "The component is used by other bodies.",
        "Other public bodies have asked for or adopted its approach.",
        "The organisation trains staff of other public bodies.",
    ],
)
def test_conditions_met_by_others_are_found(descriptor):
    assert outside_control_phrases(descriptor)


@pytest.mark.parametrize(
    "descriptor",
    [
        "The unit publishes it for others to reuse.",
        "The organisation offers it to other bodies.",
        "The code is published so other public bodies can reuse it.",
        "It offers training to analysts in other bodies and reviews the approach yearly with peers.",
        "Reviews are shared across the organisation and with other public bodies.",
    ],
)
def test_the_organisations_own_offers_are_not(descriptor):
    assert outside_control_phrases(descriptor) == []


def test_every_shipped_level_5_is_within_the_organisations_control(shipped):
    assert [str(problem) for problem in level_five_outside_control(shipped)] == []


# --- 4. No near-duplicate questions ------------------------------------------------------------


def test_version_1_has_two_near_duplicate_pairs(v1):
    problems = list(near_duplicate_questions(v1))
    assert [(problem.question, problem.message.split("'")[1]) for problem in problems] == [
        ("procurement.product-ownership", "skills.product-owners"),
        ("architecture.portability", "procurement.exit-and-data-rights"),
    ]
    assert "(similarity 0.58, limit 0.43)" in problems[0].message
    # The next pairs are related but distinct questions, well under the limit.
    third = question_similarities(v1)[2]
    assert third[1:] == ("architecture.data-catalogue", "architecture.open-data")
    assert third[0] < NEAR_DUPLICATE_SIMILARITY - 0.02


def test_a_question_repeated_under_another_id_is_flagged_whatever_the_bank(v1):
    copy = v1.question("devops.time-to-restore").model_copy(update={"id": "devops.recovery-time"})
    bank = dataclasses.replace(v1, questions=(*v1.questions[:14], copy))
    assert flagged(near_duplicate_questions(bank)) == ["devops.time-to-restore"]


def test_the_similarity_check_is_fast(v1):
    started = time.perf_counter()
    question_similarities(v1)
    assert time.perf_counter() - started < 0.3


def test_no_two_shipped_questions_are_near_duplicates(shipped):
    assert [str(problem) for problem in near_duplicate_questions(shipped)] == []


# --- 5. Steps and pillars fed mainly by questions about them -----------------------------------


def test_version_1_pillars_are_fed_mostly_by_questions_about_something_else(v1):
    shares = core_link_shares(v1)
    assert round(shares["personalised-services"], 2) == 0.32
    assert round(shares["security"], 2) == 0.46
    assert round(shares["interoperability"], 2) == 0.48
    problems = [str(problem) for problem in diffuse_links(v1)]
    assert problems[:3] == [
        f"framework.yaml: pillar '{pillar}' gets {share} of its link mass from questions about it "
        "(links of weight 1); at least 50% is needed"
        for pillar, share in (
            ("security", "46%"),
            ("interoperability", "48%"),
            ("personalised-services", "32%"),
        )
    ]
    assert (
        "framework.yaml: pillar 'personalised-services' is linked to 25 of 50 questions (50%); at most 33% "
        "should be linked to one pillar"
    ) in problems
    over_linked = [p.split("'")[1] for p in problems if "is linked to" in p]
    assert over_linked == ["security", "interoperability", "data", "personalised-services"]
    assert not any("guiding step" in p for p in problems)  # every step is fed mainly by its own questions


def test_every_shipped_step_and_pillar_is_fed_mainly_by_questions_about_it(shipped):
    assert [str(problem) for problem in diffuse_links(shipped)] == []


# --- 6. Every seed idea mapped -----------------------------------------------------------------

SYNTHETIC_CHANGES = """# Framework changes

## Seed ideas and the questions that carry them

| Seed idea | Questions |
|---|---|
| DevOps and cloud culture | `devops.lead-time-for-changes`, `devops.cloud-adoption` |
| People before technology | `skills.workforce-miracle` |
| Citizen journeys | |
| Scale what works | `culture.scale-what-works` |

## Something else

| Seed idea | Questions |
|---|---|
| Digital identity | `architecture.citizen-sign-in` |
"""


def test_the_seed_idea_table_is_read_from_its_section_only():
    assert seed_idea_table(SYNTHETIC_CHANGES) == {
        "DevOps and cloud culture": ("devops.lead-time-for-changes", "devops.cloud-adoption"),
        "People before technology": ("skills.workforce-miracle",),
        "Citizen journeys": (),
        "Scale what works": ("culture.scale-what-works",),
    }
    assert seed_idea_table("# Framework changes\n\nNo table yet.\n") is None


def test_missing_rows_empty_rows_and_unknown_ids_are_problems(v1):
    problems = [str(problem) for problem in unmapped_seed_ideas(SYNTHETIC_CHANGES, v1)]
    missing = [p.split("'")[1] for p in problems if "has no row" in p]
    assert missing == [
        idea for idea in SEED_IDEAS if idea not in {"devops and cloud culture", "scale what works"}
    ]
    assert "citizen journeys" in missing  # a row without a question
    assert "people before technology" in missing  # a row naming only questions the bank lacks
    assert "digital identity" in missing  # a table outside the section does not count
    assert (
        "docs/framework-changes.md: seed idea 'People before technology' names 'skills.workforce-miracle', "
        "which is not a question in the bank"
    ) in problems


def test_a_document_without_the_section_is_one_problem(v1):
    problems = [str(problem) for problem in unmapped_seed_ideas("# Framework changes\n", v1)]
    assert problems == [
        "docs/framework-changes.md: no section '## Seed ideas and the questions that carry them' with a "
        "table | Seed idea | Questions |"
    ]


def test_every_seed_idea_is_carried_by_shipped_questions(shipped):
    assert FRAMEWORK_CHANGES.is_file(), "docs/framework-changes.md is missing"
    problems = unmapped_seed_ideas(FRAMEWORK_CHANGES.read_text("utf-8"), shipped)
    assert [str(problem) for problem in problems] == []


# --- 7. Translations carry the tie-break -------------------------------------------------------


def test_a_translation_that_loses_the_tie_breaks_level_is_flagged(v1):
    english = with_help(
        v1, {"culture.change-management": "Count the plans. Answer level 2 if none is funded."}
    )
    french = with_help(
        english,
        {
            "culture.leadership-mandate": "Un parrain d'un jour vaut le niveau 3 au plus.",
            "culture.change-management": "Comptez les plans. Répondez niveau 2 si aucun n'est financé.",
        },
    )
    problems = [str(problem) for problem in untranslated_tie_breaks(english, french, language="fr")]
    assert problems == [
        "translations/fr/areas/culture.yaml: question 'culture.leadership-mandate': the help text lacks the "
        "tie-break's level 2 that the English help names"
    ]


def test_english_help_without_a_tie_break_asks_nothing_of_its_translation(v1):
    french = with_help(v1, {"devops.cloud-adoption": "Regardez les contrats."})
    assert list(untranslated_tie_breaks(v1, french, language="fr")) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_shipped_translation_carries_its_tie_break(shipped, language):
    problems = untranslated_tie_breaks(shipped, translated(shipped, language), language=language)
    assert [str(problem) for problem in problems] == []


# --- all of them, through bank --check ---------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), Output(out=out, err=err)), out.getvalue(), err.getvalue()


def test_bank_check_reports_content_rules_but_no_seed_table_for_another_bank(bank_dir):
    code, out, _ = run("bank", "--check", str(bank_dir))
    assert code == 1
    assert "areas/devops.yaml: question 'devops.first': its levels are not attested as a ladder" in out
    assert "question 'devops.first': the help text names no tie-break" in out
    assert "docs/framework-changes.md" not in out


def test_the_shipped_bank_passes_every_content_rule(shipped):
    bank_languages = languages(shipped.source)[1:]
    assert set(TRANSLATED) <= set(bank_languages)
    problems = content_problems(
        shipped,
        translations={language: translated(shipped, language) for language in bank_languages},
        framework_changes=FRAMEWORK_CHANGES.read_text("utf-8") if FRAMEWORK_CHANGES.is_file() else "",
    )
    assert [str(problem) for problem in problems] == []
