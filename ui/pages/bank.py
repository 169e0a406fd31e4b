"""Question bank: the installed bank (levels, steps, pillars, every question with its descriptors),
the versions in use and what changed between them, and tailored banks for an organisation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import services
from questionnaires import Bank
from questionnaires.i18n import _
from questionnaires.schema import Question
from ui import bank_versions, resources, sections
from ui.html_table import show_table
from ui.tables import action_table, level_table, question_links, question_matches

bank: Bank = services.shown_bank(resources.bank())
framework = bank.framework

st.title(_("Question bank"))
st.caption(
    _("Bank version {version} · {count} questions in {count2} areas").format(
        version=bank.version, count=len(bank.questions), count2=len(bank.areas)
    )
)


def show_installed_bank() -> None:
    """Levels, steps, pillars and the questions, each question's details when opened."""
    st.header(_("Maturity levels"))
    show_table(
        pd.DataFrame(
            {
                _("Level"): [level.level for level in framework.levels],
                _("Name"): [level.name for level in framework.levels],
                _("Meaning"): [level.meaning for level in framework.levels],
            }
        ),
        label=_("Maturity levels"),
    )

    st.header(_("The guiding steps"))
    for step in framework.steps:
        st.markdown(f"**{step.number}. {step.name}** — {step.description}")

    st.header(_("The pillars"))
    for pillar in framework.pillars:
        st.markdown(f"**{pillar.letter} · {pillar.name}** — {pillar.description}")

    st.header(_("Questions"))
    query = st.text_input(
        _("Search questions"),
        key="bank_search",
        placeholder=_("A word from the question, its help or its level descriptors"),
    )
    found: list[Question] = [q for q in bank.questions if question_matches(q, query)]
    st.caption(_("{count} of {count2} questions shown").format(count=len(found), count2=len(bank.questions)))

    for area in framework.areas:
        in_area = [q for q in found if q.area == area.id]
        if not in_area:
            continue
        st.subheader(f"{area.name} ({len(in_area)})")
        st.caption(area.description)
        for question in in_area:
            details = sections.opened(question.text, key=f"bank_question_{question.id}")
            if details is None:
                continue
            with details:
                st.caption(_("Id {id} · weight {weight:g}").format(id=question.id, weight=question.weight))
                st.markdown(question.help)
                show_table(level_table(question, framework), label=_("Levels"))
                st.markdown(_("**Links:** ") + question_links(question, framework))
                show_table(action_table(question), label=_("Actions"))
                if question.prerequisites:
                    st.markdown(
                        _("**Prerequisites:** ")
                        + "; ".join(
                            _("{question} at level {level}").format(
                                question=bank.question(p.question).text, level=p.level
                            )
                            for p in question.prerequisites
                        )
                    )


# Only what is open is drawn (a tab, a question): all 50 questions' tables at once were 9,000
# elements for the browser to lay out, several seconds on a phone.
bank_tab, versions_tab = st.tabs(
    [_("The installed bank"), _("Versions and tailored banks")], key="bank_tabs", on_change="rerun"
)

with bank_tab:
    if bank_tab.open:
        show_installed_bank()
with versions_tab:
    if versions_tab.open:
        versions = bank_versions.show_versions()
        bank_versions.show_changes(versions)
        bank_versions.show_adoption()
