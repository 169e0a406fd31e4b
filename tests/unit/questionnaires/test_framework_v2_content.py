"""Spot tests of the framework's version 2 (#19): the gaps the expert review found are asked,
the questions it found unusable now have a level for every situation it named, and the links
it found wrong are fixed. The general rules (ladders, tie-breaks, duplicates, pillar balance)
are in test_bank_content.py; these pin the review's own cases."""

from __future__ import annotations

import pytest

from questionnaires import load_bank


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def level_text(bank, question_id: str, level: int) -> str:
    return bank.question(question_id).levels[level].lower()


# What was not asked, and the question that asks it now
GAPS = {
    "accessibility, assisted digital and non-digital routes": ("culture.accessible-services", "accessib"),
    "privacy and data protection": ("architecture.privacy-by-design", "data protection"),
    "cyber resilience: tested restores, ransomware": ("devops.cyber-resilience", "restore"),
    "algorithms and AI: register, impact assessment, oversight": (
        "architecture.algorithm-accountability",
        "register",
    ),
    "funding and benefits tracking": ("procurement.funding-and-benefits", "benefit"),
    "rules and legislation that block digital services": ("culture.digital-ready-rules", "rule"),
    "the workforce side of change": ("skills.workforce-transition", "redeploy"),
    "the digital workplace of frontline staff": ("skills.frontline-workplace", "frontline"),
    "build / buy / low-code / share / retire": ("procurement.sourcing-decisions", "retire"),
    "green IT": ("devops.sustainable-it", "energy"),
    "citizen feedback and participation": ("culture.citizen-feedback", "feedback"),
    "sharing data between public bodies, once only": ("architecture.data-sharing", "once-only"),
}


@pytest.mark.parametrize(("gap", "asked"), GAPS.items(), ids=list(GAPS))
def test_every_gap_the_review_found_is_asked_by_a_question_about_it(bank, gap, asked):
    question_id, word = asked
    question = bank.question(question_id)
    words = " ".join([question.text, question.help, *question.levels.values()]).lower()
    assert word in words, (gap, question_id)


def test_keeping_the_feature_set_small_is_in_the_product_owners_ladder(bank):
    # guiding step 2 asks for a small feature set; no version-1 descriptor said so
    assert "turns down requests" in level_text(bank, "skills.product-owners", 3)
    assert "retires features" in level_text(bank, "skills.product-owners", 4)
    assert "never outsourced" in bank.question("skills.product-owners").help.lower()


def test_supplier_concentration_never_gets_worse_going_up(bank):
    # v1: an untracked supplier at 40% scored 3, a tracked one at 60% with rehearsed exits 2.
    # v2: tracking from level 2, at most half from 3, at most a third from 4, exit plans walked through at 4
    question = "procurement.supplier-concentration"
    assert "nobody tracks" in level_text(bank, question, 1)
    assert "whatever the largest share" in level_text(bank, question, 2)
    assert "more than half" in level_text(bank, question, 3)
    assert "more than a third" in level_text(bank, question, 4)
    assert "walked through" in level_text(bank, question, 4)
    assert bank.question(question).replaces == ("procurement.supplier-lock-in",)


def test_monthly_releases_without_a_change_board_fit_a_level(bank):
    question = "devops.release-frequency"
    assert "at least once a month" in level_text(bank, question, 2)
    assert "change board may" in level_text(bank, question, 2)  # a board allowed at 2, not required
    assert bank.question(question).replaces == ("devops.deployment-frequency",)


@pytest.mark.parametrize(
    "question_id",
    [
        "devops.path-to-production",
        "devops.release-frequency",
        "devops.lead-time-for-changes",
        "devops.change-failure-rate",
        "devops.time-to-restore",
    ],
)
def test_a_body_running_saas_or_packaged_software_has_a_path_up(bank, question_id):
    question = bank.question(question_id)
    assert "saas" in question.help.lower() or "packaged" in question.help.lower()
    assert "configuration" in " ".join([question.help, *question.levels.values()]).lower()


def test_cloud_adoption_counts_hosting_that_data_sovereignty_rules_require(bank):
    question = bank.question("devops.cloud-adoption")
    assert "sovereign" in question.help.lower()
    assert all("policy" in level_text(bank, question.id, level) or level == 4 for level in (1, 2, 3, 5))


def test_digital_careers_asks_only_what_the_organisation_controls(bank):
    question = bank.question("skills.digital-careers")
    assert "set nationally" in question.help
    assert not any("pay" in text.lower() for text in question.levels.values())


def test_the_links_the_review_found_wrong_are_fixed(bank):
    # staff access is not citizen identity; privacy feeds security; one focus cannot boost half the bank
    assert bank.question("devops.access-and-secrets").pillars.get("identity", 0) <= 0.25
    assert bank.question("architecture.privacy-by-design").pillars["security"] == 1
    personalised = [q for q in bank.questions if "personalised-services" in q.pillars]
    assert len(personalised) <= len(bank.questions) // 4


def test_product_ownership_and_lock_in_are_no_longer_asked_twice(bank):
    ids = {question.id for question in bank.questions}
    assert "procurement.product-ownership" not in ids and "architecture.portability" not in ids
    lock_in = ["procurement.supplier-concentration", "procurement.exit-and-data-rights"]
    share = sum(bank.question(q).weight for q in lock_in) / sum(q.weight for q in bank.questions)
    assert share < 0.05  # about 9% of all weight in version 1


def test_an_id_of_the_earlier_version_finds_the_question_that_replaces_it():
    bank = load_bank()
    assert bank.current("devops.deployment-frequency").id == "devops.release-frequency"
    assert bank.current("devops.release-frequency").id == "devops.release-frequency"
    assert bank.current("procurement.supplier-lock-in").id == "procurement.supplier-concentration"
    assert bank.current("architecture.portability") is None, "retired, not replaced: counts nowhere"
