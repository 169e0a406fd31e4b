"""The comparison PDF: every unit of an organisation side by side, for a transformation unit.

Cover, ranking, one heatmap per kind of dimension (areas, guiding steps, pillars) and the
change since each unit's previous round, built from a :class:`Comparison`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from questionnaires.i18n import _, lazy_gettext
from questionnaires.loader import Bank
from reports import comparison_charts
from reports.blocks import cover_page, data_table, text
from reports.context import ComparisonContext
from reports.layout import PageFurniture, build_pdf
from reports.styles import CONTENT_HEIGHT, CONTENT_WIDTH
from scoring.formatting import (
    NOT_SCORED,
    date_text,
    delta_text,
    index_text,
    level_name_text,
    percent_text,
    rank_text,
    score_text,
    versions_text,
)
from scoring.results import Change, Comparison, ComparisonEntry, DimensionChange, UnitTrend, VersionNote

DEFAULT_TITLE = lazy_gettext("Comparison of units")
HEATMAP_ROW = 12
HEATMAP_LABELS = 130  # leaves each of six columns room for a heading word like 'Multi-supplier'
KINDS = (
    ("area", lazy_gettext("Areas")),
    ("step", lazy_gettext("Guiding steps")),
    ("pillar", lazy_gettext("Pillars")),
)


def build_comparison_pdf(
    comparison: Comparison, bank: Bank, context: ComparisonContext, trend: UnitTrend | None = None
) -> bytes:
    """The comparison of an organisation's units as PDF bytes; with ``trend``, one unit's rounds too."""
    report = _ComparisonReport(comparison, bank, context, trend)
    return build_pdf(
        report.story(),
        title=f"{report.title}: {context.organisation}",
        subject=_("Wayfinder comparison report"),
        furniture=PageFurniture(
            header_left=context.organisation,
            header_right=report.title,
            footer_left=_("Wayfinder · generated {date}").format(date=date_text(context.generated_on)),
        ),
    )


def _balanced_chunks(items: Sequence[Any], most: int) -> list[Sequence[Any]]:
    """``items`` cut into as few chunks of at most ``most`` as possible, of nearly equal size."""
    if not items:
        return []
    count = math.ceil(len(items) / most)
    size = math.ceil(len(items) / count)
    return [items[start : start + size] for start in range(0, len(items), size)]


def _move(dimension: DimensionChange | None) -> Any:
    """An area's move as a table cell: its name and signed change, "–" when no area moved that way."""
    if dimension is None:
        return NOT_SCORED
    return text(f"{dimension.name} {delta_text(dimension.delta)}", "cell")


def _value(value: Any) -> float | None:
    """A matrix cell as a float, or None for NaN (not scored)."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


@dataclass(frozen=True)
class _ComparisonReport:
    comparison: Comparison
    bank: Bank
    context: ComparisonContext
    trend: UnitTrend | None = None

    @property
    def title(self) -> str:
        return self.context.title or str(DEFAULT_TITLE)

    def story(self) -> list[Flowable]:
        story = [*self.cover(), PageBreak(), *self.versions(self.comparison.versions), *self.ranking()]
        for kind, heading in KINDS:
            # a small organisation's three heatmaps share a page; a large one's get one each
            needed = min(len(self.comparison.entries) * HEATMAP_ROW + 120, CONTENT_HEIGHT)
            story += [CondPageBreak(needed), *self.heatmaps(kind, str(heading))]
        story += [PageBreak(), *self.changes()]
        if self.trend is not None:
            story += [PageBreak(), *self.unit_trend(self.trend)]
        return [*story, *self.method()]

    def versions(self, note: VersionNote | None) -> list[Flowable]:
        """The sentence saying the bank versions differ and how many questions were compared."""
        sentence = versions_text(note)
        return [text(sentence, "body"), Spacer(1, 6)] if sentence else []

    def unit_trend(self, trend: UnitTrend) -> list[Flowable]:
        rows = []
        before: float | None = None
        for label, result in trend.rounds:
            value = result.overall.value
            change = None if before is None or value is None else value - before
            rows.append(
                [
                    text(label, "cell", max_lines=3),
                    score_text(value),
                    percent_text(result.overall.coverage),
                    delta_text(change) if change is not None else NOT_SCORED,
                ]
            )
            before = value if value is not None else before
        return [
            text(_("{unit} over time").format(unit=trend.unit), "h1"),
            *self.versions(trend.versions),
            text(_("Each round's overall score and its change since the round before."), "muted"),
            data_table(
                [_("Round"), _("Score"), _("Coverage"), _("Change")],
                rows,
                [250, 60, 70, 60],
                numeric=(1, 2, 3),
            ),
        ]

    @property
    def _versions(self) -> tuple[str, ...]:
        note = self.comparison.versions
        return note.versions if note is not None else ()

    @property
    def changes_by_unit(self) -> dict[str, Change]:
        """Each unit's change whose later round is the one ranked (a unit ranked by a workshop
        whose change compares two self-assessments shows that change only on the change page)."""
        ranked = {entry.label: entry.assessment_id for entry in self.comparison.entries}
        return {
            change.unit: change
            for change in self.comparison.changes
            if ranked.get(change.unit) == change.after_assessment_id
        }

    def cover(self) -> list[Flowable]:
        entries = self.comparison.entries
        scored = sum(1 for entry in entries if entry.overall.scored)
        facts = [
            (_("Units compared"), _("{count} ({scored} scored)").format(count=len(entries), scored=scored)),
            (_("With an earlier round"), str(len(self.comparison.changes))),
            (_("Question bank version"), ", ".join(self._versions) or self.bank.version),
            (_("Generated on"), date_text(self.context.generated_on)),
        ]
        return cover_page(
            self.title,
            self.context.organisation,
            facts,
            _(
                "Each unit appears with its latest assessment. Scores run from 1 to 5; a unit or cell "
                "without any answer behind it is shown as “–” (not scored), never as zero, and is left "
                "out of the ranking."
            ),
        )

    def ranking(self) -> list[Flowable]:
        changes = self.changes_by_unit
        rows = [self.ranking_row(entry, changes.get(entry.label)) for entry in self.comparison.entries]
        return [
            text(_("Ranking"), "h1"),
            text(
                _(
                    "Units in order of their overall score. Equal scores share a rank. The percentile is "
                    "the share of the other scored units a unit is ahead of."
                ),
                "muted",
            ),
            data_table(
                [
                    _("Rank"),
                    _("Unit"),
                    _("Score"),
                    _("Level"),
                    _("Index"),
                    _("Coverage"),
                    _("Percentile"),
                    _("Change"),
                ],
                rows,
                [34, 112, 40, 80, 38, 64, 60, 72],
                numeric=(0, 2, 4, 5, 6, 7),
            ),
        ]

    def ranking_row(self, entry: ComparisonEntry, change: Change | None) -> list[Any]:
        score = entry.overall
        return [
            rank_text(entry.rank),
            text(entry.label, "cell", max_lines=3),
            score_text(score.value),
            text(level_name_text(score, NOT_SCORED), "cell"),
            index_text(score.index),
            percent_text(score.coverage),
            index_text(entry.percentile),
            delta_text(change.overall_delta) if change else NOT_SCORED,
        ]

    def heatmaps(self, kind: str, heading: str) -> list[Flowable]:
        matrix = self.comparison.matrices.get(kind)
        if matrix is None or matrix.empty:
            return [text(heading, "h1"), text(_("No scores to compare."), "body")]
        columns = [self.column_name(kind, str(column)) for column in matrix.columns]
        overall = {entry.label: entry.overall.value for entry in self.comparison.entries}
        rows = [
            (str(label), [overall.get(str(label)), *(_value(value) for value in values)])
            for label, values in zip(matrix.index, matrix.itertuples(index=False), strict=True)
        ]
        flowables: list[Flowable] = [
            text(_("{dimensions} by unit").format(dimensions=heading), "h1"),
            text(
                _(
                    "Each cell is a unit's score on a dimension, darker for higher. Units are in ranking "
                    "order."
                ),
                "muted",
            ),
            comparison_charts.heatmap_legend(width=CONTENT_WIDTH),
            Spacer(1, 6),
        ]
        most = int((CONTENT_HEIGHT - 110) // HEATMAP_ROW)  # 50 units to a page
        for chunk in _balanced_chunks(rows, most):
            flowables.append(
                comparison_charts.heatmap(
                    [label for label, _ in chunk],
                    [_("Overall"), *columns],
                    [values for _, values in chunk],
                    width=CONTENT_WIDTH,
                    label_width=HEATMAP_LABELS,
                    row_height=HEATMAP_ROW,
                )
            )
            flowables.append(Spacer(1, 8))
        return flowables

    def column_name(self, kind: str, dimension_id: str) -> str:
        name = self.comparison.dimension_names.get(dimension_id, dimension_id)
        framework = self.bank.framework
        if kind == "step":
            number = next((step.number for step in framework.steps if step.id == dimension_id), None)
            return f"{number} {name}" if number is not None else name
        if kind == "pillar":
            letter = next((pillar.letter for pillar in framework.pillars if pillar.id == dimension_id), None)
            return f"{letter} {name}" if letter is not None else name
        return name

    def changes(self) -> list[Flowable]:
        changes = self.comparison.changes
        flowables: list[Flowable] = [
            text(_("Change since the previous round"), "h1"),
            *self.versions(self.comparison.versions),
        ]
        if not changes:
            return [*flowables, text(_("No unit has an earlier assessment to compare with."), "body")]
        flowables.append(
            text(
                _(
                    "The overall score of each unit's latest assessment against its previous one; the "
                    "areas that moved most on the right."
                ),
                "muted",
            )
        )
        most = int((CONTENT_HEIGHT - 80) // 13)
        for chunk in _balanced_chunks(changes, most):
            flowables.append(
                comparison_charts.delta_bars(
                    [(change.unit, change.overall_delta) for change in chunk], width=CONTENT_WIDTH
                )
            )
            flowables.append(Spacer(1, 8))
        rows = [self.change_row(change) for change in changes]
        flowables.append(
            data_table(
                [_("Unit"), _("Before"), _("After"), _("Change"), _("Largest rise"), _("Largest fall")],
                rows,
                [150, 42, 42, 46, 106, 106],
                numeric=(1, 2, 3),
            )
        )
        return flowables

    def change_row(self, change: Change) -> list[Any]:
        areas = [d for d in change.dimensions if d.kind == "area" and d.delta is not None]
        rise = max(areas, key=lambda d: d.delta or 0.0, default=None)
        fall = min(areas, key=lambda d: d.delta or 0.0, default=None)
        return [
            text(change.unit, "cell", max_lines=3),
            score_text(change.overall_before),
            score_text(change.overall_after),
            delta_text(change.overall_delta),
            _move(rise if rise and (rise.delta or 0) > 0 else None),
            _move(fall if fall and (fall.delta or 0) < 0 else None),
        ]

    def method(self) -> list[Flowable]:
        return [
            text(_("How to read this report"), "h2"),
            text(
                _(
                    "Scores are computed per assessment as described in the roadmap report's method "
                    "appendix: weighted means of the answered questions, each with its coverage. Ranks use "
                    "the overall score: equal scores share a rank and the next rank is skipped (1, 2, 2, 4). "
                    "A change compares a unit's latest assessment with its previous one; “–” means one of "
                    "the two has no score."
                ),
                "small",
            ),
            text(
                _(
                    "When the assessments compared were answered with different versions of the question "
                    "bank, every score here is computed on the questions those versions share (the same "
                    "question, or one that replaces it), with the newest version's weights; the report "
                    "then says so and how many questions were compared."
                ),
                "small",
            ),
        ]
