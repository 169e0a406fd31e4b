"""AppTests of the question bank page: the framework, every question, and the search box."""

from __future__ import annotations

from questionnaires import Bank, load_bank
from tests.ui.helpers_insight import page, shown_tables


def test_every_question_of_the_shipped_bank_is_listed_under_its_area() -> None:
    bank = load_bank()
    app = page("bank").run()
    assert not app.exception
    assert [e.label for e in app.expander] == [q.text for q in bank.questions]
    assert [s.value for s in app.subheader] == [
        f"{area.name} ({len(bank.questions_in(area.id))})" for area in bank.areas
    ]
    assert f"Bank version {bank.version}" in app.caption[0].value
    assert not shown_tables(app)[1:], "a question's details are drawn only when it is opened"
    with_prerequisite = next(i for i, q in enumerate(bank.questions) if q.prerequisites)
    question = bank.questions[with_prerequisite]
    prerequisite = question.prerequisites[0]
    app.session_state[f"bank_question_{question.id}"] = True
    app.run()
    listed = " ".join(m.value for m in app.expander[with_prerequisite].markdown)
    assert f"{bank.question(prerequisite.question).text} at level {prerequisite.level}" in listed


def test_the_framework_levels_steps_and_pillars_are_described(small_bank: Bank) -> None:
    app = page("bank").run()
    framework = small_bank.framework
    levels = shown_tables(app)[0]
    assert list(levels["Name"]) == [level.name for level in framework.levels]
    shown = " ".join(m.value for m in app.markdown)
    for record in (*framework.steps, *framework.pillars):
        assert record.name in shown and record.description in shown


def test_a_question_shows_its_descriptors_weight_links_actions_and_prerequisites(small_bank: Bank) -> None:
    app = page("bank").run()
    question = small_bank.questions[0]
    app.session_state[f"bank_question_{question.id}"] = True
    app.run()
    first = app.expander[0]
    descriptors, actions = shown_tables(first)
    assert list(descriptors["What it looks like"]) == list(question.levels.values())
    assert list(actions["Action"]) == [question.actions[level].title for level in (2, 3, 4, 5)]
    assert f"weight {question.weight:g}" in first.caption[0].value
    assert "DevOps and cloud culture (1)" in " ".join(m.value for m in first.markdown)


def test_searching_narrows_the_list_to_matching_questions(small_bank: Bank) -> None:
    app = page("bank").run()
    app.text_input(key="bank_search").input("Descriptor 4 of devops.q2").run()
    assert [e.label for e in app.expander] == [small_bank.question("devops.q2").text]
    assert app.caption[1].value == f"1 of {len(small_bank.questions)} questions shown"

    app.text_input(key="bank_search").input("nothing like this").run()
    assert not app.expander
    assert app.caption[1].value == f"0 of {len(small_bank.questions)} questions shown"
