"""Help: how the answers become the numbers Wayfinder shows (the short form of docs/scoring.md)."""

from __future__ import annotations

import streamlit as st

from questionnaires.i18n import _
from ui.help_text import COVERAGE_HELP, INDEX_HELP, LEVEL_HELP, SCORE_HELP

st.title(_("Help: reading the results"))
st.write(
    _(
        "Each question is answered with a level from 1 to 5, or with “N/A” or “don't know”. Every number "
        "on the results and compare pages is worked out from those answers, as follows."
    )
)

st.header(_("N/A and don't know"))
st.write(
    _(
        "Neither counts in a score: a question answered only with them has no score (shown as “–”), "
        "never 0. They differ in coverage. “N/A” (not applicable) says the question does not concern "
        "your organisation, so it is left out of what could have been answered. “Don't know” says the "
        "question applies but nobody could answer it: it counts as missing evidence and lowers "
        "coverage, and the backlog starts with one item to find out where you stand, instead of "
        "planning the question from level 1."
    )
)

st.header(_("Score"))
st.write(str(SCORE_HELP))
st.write(
    _(
        "A question's score is the mean of the levels its respondents chose. An area's score is the "
        "mean of its questions' scores, weighted by each question's weight in the question bank; the "
        "overall score is the mean of the area scores, weighted by each area's total weight."
    )
)

st.header(_("Why 2.77 is “level 2”"))
st.write(str(LEVEL_HELP))
st.write(
    _(
        "A level describes what is in place, and 2.77 means some of level 3 is not there yet. So the "
        "level is never rounded up: 2.99 is still level 2, and 3.00 is level 3. A score within 0.05 "
        "of the next level says so: 2.99 reads “2.99 · almost Defined”."
    )
)

st.header(_("Index"))
st.write(str(INDEX_HELP))
st.write(
    _("It says the same as the score, on a scale that is easier to read as progress: 2.77 is an index of 44.")
)

st.header(_("Coverage"))
st.write(str(COVERAGE_HELP))
st.write(
    _(
        "It is the answered share of the applicable weight. A score with low coverage rests on few "
        "answers: read it with care, and find out what the “don't know” answers are about."
    )
)

st.header(_("Change since the previous round"))
st.write(
    _(
        "On the compare page, each unit's latest round is compared with the previous round of the same "
        "kind: a workshop with the previous workshop, a self-assessment with the previous "
        "self-assessment. A workshop held a week after a self-assessment would otherwise hide the change "
        "over the year."
    )
)
