"""Question bank: the framework's levels, steps and pillars, and every question with its descriptors."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from questionnaires import Bank
from questionnaires.schema import Question
from ui import resources
from ui.tables import action_table, level_table, question_links, question_matches

bank: Bank = resources.bank()
framework = bank.framework

st.title("Question bank")
st.caption(f"Bank version {bank.version} · {len(bank.questions)} questions in {len(bank.areas)} areas")

st.header("Maturity levels")
st.table(
    pd.DataFrame(
        {
            "Level": [level.level for level in framework.levels],
            "Name": [level.name for level in framework.levels],
            "Meaning": [level.meaning for level in framework.levels],
        }
    ),
    hide_index=True,
)

st.header("The guiding steps")
for step in framework.steps:
    st.markdown(f"**{step.number}. {step.name}** — {step.description}")

st.header("The pillars")
for pillar in framework.pillars:
    st.markdown(f"**{pillar.letter} · {pillar.name}** — {pillar.description}")

st.header("Questions")
query = st.text_input(
    "Search questions",
    key="bank_search",
    placeholder="A word from the question, its help or its level descriptors",
)
found: list[Question] = [q for q in bank.questions if question_matches(q, query)]
st.caption(f"{len(found)} of {len(bank.questions)} questions shown")

for area in framework.areas:
    in_area = [q for q in found if q.area == area.id]
    if not in_area:
        continue
    st.subheader(f"{area.name} ({len(in_area)})")
    st.caption(area.description)
    for question in in_area:
        with st.expander(question.text):
            st.caption(f"Id {question.id} · weight {question.weight:g}")
            st.markdown(question.help)
            st.table(level_table(question, framework), hide_index=True)
            st.markdown("**Links:** " + question_links(question, framework))
            st.table(action_table(question), hide_index=True)
            if question.prerequisites:
                st.markdown(
                    "**Prerequisites:** "
                    + "; ".join(
                        f"{bank.question(p.question).text} at level {p.level}" for p in question.prerequisites
                    )
                )
