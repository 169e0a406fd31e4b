"""The charts of the compare page: units × dimensions as a heatmap, and each unit's change.

Both are the comparison PDF's own drawings (``reports.comparison_charts``), shown as inline SVG
(:mod:`ui.svg_chart`) in a desktop and a phone size, each with a table and a one-sentence
summary built from the same result objects. Unit names are never cut: they wrap (at spaces)
and their row grows. Guiding steps and pillars head their columns by number and letter, with
a key under the chart: their full names would not fit a phone's columns.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
from reportlab.graphics.shapes import Drawing

from questionnaires.i18n import _, ngettext
from questionnaires.schema import Framework
from reports import comparison_charts as report_charts
from scoring.formatting import NOT_SCORED, TABLE_DIGITS, is_missing, score_text
from scoring.results import Change
from ui.chart_style import COUNTS, NOTHING_SCORED, moved, signed
from ui.svg_chart import stacked

# Sizes in points, as reports.comparison_charts takes them; ui.svg_chart scales them to the container.
WIDE = {"width": 540, "label_width": 160}
NARROW = {"width": 270, "label_width": 92}
HEATMAP_ROW = 16


def dimension_codes(framework: Framework, kind: str) -> dict[str, str]:
    """The short name of each guiding step (its number) or pillar (its letter) that heads a
    heatmap column: their full names, four or five lines each in German, would cross each other
    when a phone turns them. Areas keep their names (none is empty: areas have no code)."""
    if kind == "step":
        return {step.id: str(step.number) for step in framework.steps}
    if kind == "pillar":
        return {pillar.id: pillar.letter for pillar in framework.pillars}
    return {}


def codes_key(codes: Mapping[str, str], names: Mapping[str, str]) -> str:
    """The key to the short column names: "1 DevOps and cloud culture · 2 …"."""
    return " · ".join(
        f"{code} {names.get(dimension_id, dimension_id)}" for dimension_id, code in codes.items()
    )


def heatmap_drawings(
    matrix: pd.DataFrame, names: Mapping[str, str], *, codes: Mapping[str, str] | None = None
) -> tuple[Drawing, Drawing]:
    """Units (rows, in rank order) × dimensions (columns) on the 1–5 scale, under the colour
    key: (for a wide container, for a phone).

    ``matrix`` holds 1–5 scores or NaN; a NaN cell is hatched grey and reads "–", never 0.
    Columns are headed by ``codes`` where given (:func:`dimension_codes`), else by their names.
    """
    columns = [codes[c] if codes else names.get(c, c) for c in matrix.columns]
    rows = [str(r) for r in matrix.index]
    values = [[None if math.isnan(v) else float(v) for v in row] for row in matrix.to_numpy(dtype=float)]

    def drawn(size: dict[str, float], *, turn_headers: bool) -> Drawing:
        legend = report_charts.heatmap_legend(width=size["width"])
        cells = report_charts.heatmap(
            rows, columns, values, row_height=HEATMAP_ROW, wrap_labels=True, turn_headers=turn_headers, **size
        )
        return stacked(legend, cells)

    # A phone's columns are too narrow for an area's name across; numbers and letters fit.
    return drawn(WIDE, turn_headers=False), drawn(NARROW, turn_headers=not codes)


def heatmap_table(matrix: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The heatmap as a table: unit names and each dimension's score, "–" when not scored."""
    table = pd.DataFrame({_("Unit"): [str(label) for label in matrix.index]})
    for column in matrix.columns:
        table[names.get(column, column)] = [score_text(v) for v in matrix[column].to_numpy(dtype=float)]
    return table


def heatmap_summary(matrix: pd.DataFrame, names: Mapping[str, str], *, noun: str) -> str:
    """One sentence: how many units, the highest and lowest column averages (``noun``: the kind)."""
    units = len(matrix.index)
    averages = matrix.mean(axis=0, skipna=True).dropna()
    unit_words = ngettext("{count} unit", "{count} units", units).format(count=units)
    if averages.empty:
        return f"{unit_words}; {NOTHING_SCORED[noun]}"
    best, worst = averages.idxmax(), averages.idxmin()
    blanks = int(matrix.isna().to_numpy().sum())
    sentence = _(
        "{units} across {dimensions}. Highest average: {best} ({best_score}); "
        "lowest: {worst} ({worst_score})."
    ).format(
        units=unit_words,
        dimensions=COUNTS[noun](len(matrix.columns)).format(count=len(matrix.columns)),
        best=names.get(best, best),
        best_score=score_text(averages[best]),
        worst=names.get(worst, worst),
        worst_score=score_text(averages[worst]),
    )
    if blanks:
        sentence += " " + ngettext("{count} cell not scored.", "{count} cells not scored.", blanks).format(
            count=blanks
        )
    return sentence


def _arrow(delta: float | None) -> str:
    """A change with an arrow for its direction: "▲ +0.50", "▼ -0.05", "→ ±0.00"."""
    if is_missing(delta):
        return NOT_SCORED
    return f"{('→', '▲', '▼')[moved(delta)]} {signed(delta)}"


def change_table(changes: Sequence[Change], rounds: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Each unit's overall score before and after, with an arrow, and its biggest area move.

    ``rounds``: the two rounds each change compares, by unit, as the page words them.
    """
    rows = []
    for change in changes:
        moves = [d for d in change.dimensions if d.kind == "area" and d.delta is not None]
        biggest = max(moves, key=lambda d: abs(d.delta or 0.0), default=None)
        row = {
            _("Unit"): change.unit,
            _("Before"): score_text(change.overall_before, TABLE_DIGITS),
            _("After"): score_text(change.overall_after, TABLE_DIGITS),
            _("Change"): _arrow(change.overall_delta),
            _("Biggest area move"): (f"{biggest.name} {_arrow(biggest.delta)}" if biggest else NOT_SCORED),
        }
        if rounds is not None:
            row[_("Rounds compared")] = rounds.get(change.unit, NOT_SCORED)
        rows.append(row)
    columns = [_("Unit"), _("Before"), _("After"), _("Change"), _("Biggest area move")]
    return pd.DataFrame(rows, columns=[*columns, _("Rounds compared")] if rounds is not None else columns)


def change_drawings(changes: Sequence[Change]) -> tuple[Drawing, Drawing]:
    """Diverging bars of each unit's overall change, labelled as the change table writes it
    (:func:`ui.chart_style.signed`): (for a wide container, for a phone)."""
    rows = [(c.unit, c.overall_delta) for c in changes if c.overall_delta is not None]
    wide, narrow = (
        report_charts.delta_bars(rows, value_text=signed, wrap_labels=True, **size) for size in (WIDE, NARROW)
    )
    return wide, narrow


def change_summary(changes: Sequence[Change]) -> str:
    """One sentence: how many units rose, fell or held (as their rounded change reads), the biggest rise."""
    deltas = [(c.unit, c.overall_delta) for c in changes if c.overall_delta is not None]
    if not deltas:
        return _("No unit has two scored assessments to compare yet.")
    rose = sum(1 for _, d in deltas if moved(d) > 0)
    fell = sum(1 for _, d in deltas if moved(d) < 0)
    held = len(deltas) - rose - fell
    unit, best = max(deltas, key=lambda pair: pair[1])
    return _(
        "Since their previous assessment {rose} unit(s) rose, {fell} fell and {held} held steady. "
        "Biggest rise: {unit} ({signed})."
    ).format(rose=rose, fell=fell, held=held, unit=unit, signed=signed(best))
