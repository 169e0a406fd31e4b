"""What every chart of the app shares: colours, sizes, label text, the wording per kind of dimension.

Colours: current scores in Okabe–Ito blue, targets in a dark orange drawn dashed with a
different marker, so the two series differ in more than hue; both have at least 3:1 against
the white background (WCAG 1.4.11). The heatmap uses one hue from light to mid blue, which
keeps its order in greyscale and for colour-blind readers, with dark text on every cell.

Labels are never cut: a long name wraps at spaces (and only there, so a German compound is
never split or hyphenated), and the chart makes room for it.
"""

from __future__ import annotations

import textwrap
from html import escape

from questionnaires.i18n import lazy_gettext, ngettext
from scoring.formatting import HYPHEN_MINUS, TABLE_DIGITS, delta_text

LEVEL_TICKS = (1, 2, 3, 4, 5)

CURRENT_COLOUR = "#0072B2"  # Okabe–Ito blue, 5.2:1 on white
TARGET_COLOUR = "#A84300"  # dark orange, 6.1:1 on white
RISE_COLOUR = "#0072B2"
FALL_COLOUR = "#A84300"
GRID_COLOUR = "#8A8F98"
LABEL_COLOUR = "#1C2430"  # the theme's text colour: 15.6:1 on white
# Single-hue sequential blues (light → mid): the order reads in greyscale and for colour-blind
# readers, and the dark cell text keeps at least 4.5:1 on every cell (4.8:1 on the darkest).
HEATMAP_SCALE = (
    (0.0, "#F7FBFF"),
    (0.33, "#C6DBEF"),
    (0.67, "#8DBFDF"),
    (1.0, "#4F94CD"),
)
# Wrapping widths in characters: dimension names on the radar and above heatmap columns,
# unit names beside heatmap rows and change bars.
LABEL_WRAP = 18
UNIT_WRAP = 24
# Plotly's mode bar floats over the top right of a chart: nothing the chart says may sit there.
CHART_CONFIG = {"displayModeBar": "hover", "displaylogo": False, "responsive": True}


def plotly_text(text: str) -> str:
    """Text for a plotly label: plotly reads ``<b>``, ``<a href>`` and ``<br>`` in labels,
    so user names are escaped to print literally."""
    return escape(text, quote=False)


def wrapped(text: str, width: int = LABEL_WRAP) -> str:
    """``text`` escaped for plotly and broken into lines of about ``width`` characters.

    Only at spaces: a word longer than ``width`` ("Digitalisierungseinheit") stays whole on its
    own line, never hyphenated, split or cut with "…".
    """
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(plotly_text(line) for line in lines or [""])


def label_lines(text: str, width: int) -> int:
    """How many lines :func:`wrapped` gives ``text``."""
    return max(1, len(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)))


def signed(value: float | None) -> str:
    """A change as every table, label and sentence of the app writes it: "+0.05", "-0.05", "±0.00".

    One formatter for the change table, the bar labels, the hover text and the summary, so
    they never round the same change differently; two decimals, like the scores it compares.
    """
    return delta_text(value, TABLE_DIGITS, minus=HYPHEN_MINUS)


def moved(value: float) -> int:
    """+1 when a change shows as a rise, -1 as a fall, 0 when it reads "±0.00"."""
    shown = round(value, TABLE_DIGITS)
    return (shown > 0) - (shown < 0)


ONLY_ONE = {
    "area": lazy_gettext("Only one area is scored: {name} ({score} of 5)."),
    "step": lazy_gettext("Only one guiding step is scored: {name} ({score} of 5)."),
    "pillar": lazy_gettext("Only one pillar is scored: {name} ({score} of 5)."),
}
STRONGEST = {
    "area": lazy_gettext("Strongest area: {name} ({score} of 5)."),
    "step": lazy_gettext("Strongest guiding step: {name} ({score} of 5)."),
    "pillar": lazy_gettext("Strongest pillar: {name} ({score} of 5)."),
}
NOTHING_SCORED = {
    "area": lazy_gettext("No area is scored yet."),
    "step": lazy_gettext("No guiding step is scored yet."),
    "pillar": lazy_gettext("No pillar is scored yet."),
}
COUNTS = {
    "area": lambda n: ngettext("{count} area", "{count} areas", n),
    "step": lambda n: ngettext("{count} guiding step", "{count} guiding steps", n),
    "pillar": lambda n: ngettext("{count} pillar", "{count} pillars", n),
}
