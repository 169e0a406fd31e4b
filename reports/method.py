"""The appendix on method: how the numbers in a report are made and how far to trust them.

The formulas are those of the scoring engine (see docs/scoring.md); the level, step and
pillar names come from the question bank the report was given.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Table

from questionnaires.i18n import _, lazy_gettext
from questionnaires.loader import Bank
from reports.blocks import data_table, paragraph, text
from reports.text import safe

GLOSSARY_WIDTH = 559  # relative column widths: data_table scales them to the page

_PARAGRAPHS = (
    (
        lazy_gettext("Question scores"),
        lazy_gettext(
            "Each respondent places every question on a maturity level from 1 to 5, or answers "
            "“not applicable” or “don't know”. A question's score is the mean of the levels given. "
            "Its spread (lowest to highest level, standard deviation) and the agreement between "
            "respondents (Tastle and Wierman's consensus measure, from 0 % when answers split between "
            "the extremes to 100 % when all agree) show how far people saw things alike; a spread of "
            "two levels or more makes the question a <b>discussion point</b>."
        ),
    ),
    (
        lazy_gettext("Area, step and pillar scores"),
        lazy_gettext(
            "An area's score is the weighted mean of its answered questions' scores, each weighted by "
            "the question's weight: Σ w·s / Σ w. A guiding step or pillar gathers the questions linked "
            "to it, each weighted by its weight times the strength of its link: Σ w·l·s / Σ w·l. The "
            "overall score is the mean of the area scores weighted by each area's total question "
            "weight."
        ),
    ),
    (
        lazy_gettext("Index and level"),
        lazy_gettext(
            "Every score is also given as an index from 0 to 100, (score − 1) / 4 × 100, and as a "
            "maturity level: the whole part of the score, with its name from the table below. A score "
            "within 0.05 of the next level reads “almost” that level (2.99 · almost Defined), so that "
            "one dissenting answer cannot make it read a whole level lower."
        ),
    ),
    (
        lazy_gettext("Coverage"),
        lazy_gettext(
            "Coverage is the answered question weight divided by the applicable question weight. "
            "“Not applicable” answers leave the question out of both, so they do not lower coverage; "
            "“don't know” answers count as applicable but unanswered, so they do. Low coverage means "
            "the score rests on few answers. A score with no answer behind it is “not scored”, shown "
            "as “–”, and never counted as zero."
        ),
    ),
    (
        lazy_gettext("Targets, gaps and the backlog"),
        lazy_gettext(
            "Each area (and optionally each question) has a target level; the gap is the target minus "
            "the current score. A question stands at the level of its median answer, so one dissenter "
            "cannot move it, and contributes the question bank's action for each step from there up to "
            "the target; a question most respondents answered “don't know” gets one action to find out "
            "where it stands instead. Priority rises with the gap, the question's weight and its links "
            "to the chosen focus steps and pillars, and falls with effort. Find-out actions come first, "
            "then urgent security basics (the step from level 1 to 2 of a security question), then the "
            "rest; an action never comes before one it depends on, and a prerequisite holds back only "
            "the step that needs it. Each action carries the reason for its rank."
        ),
    ),
    (
        lazy_gettext("Roadmap"),
        lazy_gettext(
            "Actions are placed in horizons (Now, Next, Later), in backlog order. An action starts when "
            "what it depends on has ended (effort S takes a month, M a quarter, L a year) and while "
            "fewer actions than the horizon's capacity are under way, so a short action frees its "
            "place for the next; actions that cannot start within 24 months are listed as not yet "
            "scheduled."
        ),
    ),
    (
        lazy_gettext("About this document"),
        lazy_gettext(
            "This PDF is not tagged for screen readers. The same scores, backlog and roadmap are "
            "available accessibly in the Wayfinder app and its exports."
        ),
    ),
)


def appendix(bank: Bank) -> list[Flowable]:
    """The method appendix, with the bank's level meanings, steps and pillars."""
    flowables: list[Flowable] = [text(_("Appendix: method"), "h1")]
    for heading, body in _PARAGRAPHS:
        flowables += [text(str(heading), "h3"), paragraph(str(body), "small")]
    framework = bank.framework
    flowables += [
        text(_("Maturity levels"), "h2"),
        _glossary(
            (_("Level"), _("Meaning")),
            [(str(level.level), level.name, level.meaning) for level in framework.levels],
            name_width=80,
        ),
        text(_("Guiding steps"), "h2"),
        _glossary(
            (_("Step"), _("What it means")),
            [(str(step.number), step.name, step.description) for step in framework.steps],
        ),
        text(_("Pillars"), "h2"),
        _glossary(
            (_("Pillar"), _("What it means")),
            [(pillar.letter, pillar.name, pillar.description) for pillar in framework.pillars],
        ),
        paragraph(_("Question bank version {version}.").format(version=safe(bank.version)), "muted"),
    ]
    return flowables


def _glossary(
    headings: tuple[str, str], entries: Sequence[tuple[str, str, str]], *, name_width: float = 150
) -> Table:
    """A framework list as a table: its code (number or letter), its name in bold and what it means."""
    code, meaning = headings
    return data_table(
        [code, _("Name"), meaning],
        [
            [text(key, "cell"), text(name, "cell_bold"), text(description, "cell")]
            for key, name, description in entries
        ],
        [40, name_width, GLOSSARY_WIDTH - 40 - name_width],
    )
