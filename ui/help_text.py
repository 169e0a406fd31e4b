"""What the headline numbers mean, in one or two sentences each: the tooltips and captions
beside the numbers, and the help page, which says the same at more length.

The method itself is docs/scoring.md; these words must agree with it.
"""

from __future__ import annotations

import streamlit as st

from questionnaires.i18n import _, lazy_gettext

HELP_PAGE = "ui/pages/help.py"

LEVEL_HELP = lazy_gettext(
    "The level is the whole part of the score: a level is reached only when the score gets to it, "
    "so 2.77 is level 2 until it reaches 3.00."
)
SCORE_HELP = lazy_gettext(
    "The weighted mean of the answered questions' levels, from 1 to 5. “N/A” and “don't know” are "
    "left out of the score, never counted as 0."
)
INDEX_HELP = lazy_gettext(
    "The score on a 0–100 scale: (score − 1) ÷ 4 × 100. Level 1 everywhere is 0, level 5 is 100."
)
COVERAGE_HELP = lazy_gettext(
    "How much of what applies has an answer behind it: “don't know” and unanswered questions lower "
    "it, “N/A” does not (the question does not apply)."
)


def show_help_link() -> None:
    """A link to the help page, under the numbers it explains."""
    st.page_link(HELP_PAGE, label=_("How these numbers are worked out"), icon=":material/help:")
