"""What the app's charts share: colours, label text, the wording per kind of dimension.

The radar, heatmap and change bars are the PDFs' drawings (``reports.charts`` and
``reports.comparison_charts``, in the PDFs' colours); the trend chart is plotly's and takes its
colours here: current scores in Okabe–Ito blue, at least 3:1 against the white background
(WCAG 1.4.11).
"""

from __future__ import annotations

from html import escape

from questionnaires.i18n import lazy_gettext, ngettext
from scoring.formatting import HYPHEN_MINUS, TABLE_DIGITS, delta_text

LEVEL_TICKS = (1, 2, 3, 4, 5)

CURRENT_COLOUR = "#0072B2"  # Okabe–Ito blue, 5.2:1 on white
GRID_COLOUR = "#8A8F98"
LABEL_COLOUR = "#1C2430"  # the theme's text colour: 15.6:1 on white
# Plotly's mode bar floats over the top right of a chart: nothing the chart says may sit there.
CHART_CONFIG = {"displayModeBar": "hover", "displaylogo": False, "responsive": True}


def plotly_text(text: str) -> str:
    """Text for a plotly label: plotly reads ``<b>``, ``<a href>`` and ``<br>`` in labels,
    so user names are escaped to print literally."""
    return escape(text, quote=False)


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
