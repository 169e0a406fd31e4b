"""The assessment roadmap PDF: what an agency leader hands to a minister.

Built as a story of sections, each a list of flowables, from an :class:`AssessmentResult`
the scoring engine computed; nothing is recomputed here. The cover, summary and profile are
built here; the area pages (:mod:`reports.area_pages`), backlog and roadmap
(:mod:`reports.plan_sections`) and method (:mod:`reports.method`) come from their own modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from questionnaires.i18n import _, lazy_gettext, ngettext
from questionnaires.loader import Bank
from questionnaires.schema import effort_name
from reports import charts, method
from reports.area_pages import area_page
from reports.blocks import cover_page, data_table, figures, paragraph, text
from reports.context import ReportContext
from reports.layout import PageFurniture, build_pdf
from reports.plan_sections import PlanSections
from reports.progress import progress_section
from reports.styles import CONTENT_WIDTH, GUTTER, LAYOUT_TABLE
from reports.text import safe
from scoring.formatting import (
    NOT_SCORED,
    NOT_SCORED_WORDS,
    date_text,
    index_text,
    level_name_text,
    level_text,
    number_text,
    percent_text,
    score_text,
)
from scoring.progress import Progress
from scoring.results import AssessmentResult, DimensionScore

DEFAULT_TITLE = lazy_gettext("Digital transformation roadmap")
MOVES_IN_SUMMARY = 3
LOW_COVERAGE = 0.5


def build_roadmap_pdf(
    result: AssessmentResult, bank: Bank, context: ReportContext, progress: Progress | None = None
) -> bytes:
    """The roadmap of one assessment as PDF bytes; with ``progress``, a page on the plan's done items."""
    report = _RoadmapReport(result, bank, context, progress)
    return build_pdf(
        report.story(),
        title=f"{report.title}: {context.organisation}",
        subject=_("Wayfinder assessment roadmap"),
        furniture=PageFurniture(
            header_left=" · ".join(part for part in (context.organisation, context.unit) if part),
            header_right=report.title,
            footer_left=_("Wayfinder · generated {date} · question bank {version}").format(
                date=date_text(context.generated_on), version=result.bank_version
            ),
        ),
    )


@dataclass(frozen=True)
class _RoadmapReport:
    result: AssessmentResult
    bank: Bank
    context: ReportContext
    progress: Progress | None = None

    @property
    def title(self) -> str:
        return self.context.title or str(DEFAULT_TITLE)

    def story(self) -> list[Flowable]:
        return [
            *self.cover(),
            PageBreak(),
            *self.summary(),
            PageBreak(),
            *([*progress_section(self.progress, self.bank), PageBreak()] if self.progress else []),
            *self.profile(),
            *(
                flowable
                for area in self.result.areas
                for flowable in [PageBreak(), *area_page(area, self.result.questions, self.bank)]
            ),
            PageBreak(),
            *self.plan.backlog(),
            PageBreak(),
            *self.plan.roadmap(),
            PageBreak(),
            *method.appendix(self.bank),
        ]

    # Lookups -----------------------------------------------------------------------------

    @cached_property
    def area_names(self) -> dict[str, str]:
        names = {area.id: area.name for area in self.bank.areas}
        names.update({area.id: area.name for area in self.result.areas})
        return names

    @cached_property
    def step_numbers(self) -> dict[str, str]:
        return {step.id: str(step.number) for step in self.bank.framework.steps}

    @cached_property
    def pillar_letters(self) -> dict[str, str]:
        return {pillar.id: pillar.letter for pillar in self.bank.framework.pillars}

    @cached_property
    def plan(self) -> PlanSections:
        return PlanSections(self.result, self.bank, self.area_names, self.step_numbers, self.pillar_letters)

    def area_name(self, area_id: str) -> str:
        return self.area_names.get(area_id, area_id)

    # Sections ----------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        context, result = self.context, self.result
        answered = _("{count} answered").format(count=result.respondents)
        if context.respondents is not None and context.respondents != result.respondents:
            answered = _("{count} answered of {total} taking part").format(
                count=result.respondents, total=context.respondents
            )
        bank_version = result.bank_version
        if context.bank_version and context.bank_version != result.bank_version:
            bank_version = _("answered on {answered}, scored with {scored}").format(
                answered=context.bank_version, scored=result.bank_version
            )
        if self.bank.version != result.bank_version:
            bank_version += " " + _("(question texts from {version})").format(version=self.bank.version)
        mode = context.mode or NOT_SCORED
        if context.anonymous:
            mode = _("{mode}, anonymous: no names were asked or stored").format(mode=mode)
        facts = [
            (_("Assessed on"), date_text(context.assessed_on) if context.assessed_on else NOT_SCORED),
            (_("Mode"), mode),
            (_("Respondents"), answered),
            (_("Question bank version"), bank_version),
            (_("Assessment"), result.assessment_id),
            (_("Generated on"), date_text(context.generated_on)),
        ]
        return cover_page(
            self.title,
            context.organisation,
            facts,
            _(
                "This report turns the answers of the people who took part into maturity scores on five "
                "areas, the five guiding steps and the five pillars, and into a prioritised backlog and "
                "roadmap. Every score is shown with its <b>coverage</b>: the share of the applicable "
                "questions that were actually answered. A score without any answer behind it is shown "
                "as “–” (not scored), never as zero."
            ),
            unit=context.unit or "",
        )

    def summary(self) -> list[Flowable]:
        overall = self.result.overall
        level = (
            level_text(overall)
            if overall.almost_level_name
            else _("level {level}").format(level=level_text(overall))
        )
        level = level if overall.scored else NOT_SCORED_WORDS
        flowables: list[Flowable] = [
            text(_("Executive summary"), "h1"),
            figures(
                [
                    (f"{score_text(overall.value)} / 5", _("overall maturity, {level}").format(level=level)),
                    (f"{index_text(overall.index)} / 100", _("maturity index")),
                    (percent_text(overall.coverage), _("coverage: answered share of applicable questions")),
                    (str(self.result.respondents), _("respondents who answered")),
                ]
            ),
            Spacer(1, 8),
        ]
        if not overall.scored:
            flowables.append(
                paragraph(
                    _(
                        "<b>Nothing is scored yet:</b> no applicable question has an answer. The pages that "
                        "follow list the questions and the method; scores, backlog and roadmap appear once "
                        "answers come in."
                    ),
                )
            )
        flowables += self.strengths()
        flowables += self.top_moves()
        flowables += self.coverage_summary()
        flowables += [
            text(_("Areas against their targets"), "h2"),
            charts.score_bars(
                [charts.Axis(area.name, area.score.value, area.target) for area in self.result.areas],
                width=CONTENT_WIDTH,
            ),
        ]
        return flowables

    def strengths(self) -> list[Flowable]:
        scored = sorted(
            (area for area in self.result.areas if area.score.value is not None),
            key=lambda area: (-(area.score.value or 0), area.name),
        )
        if not scored:
            return []
        count = len(scored)
        strongest = scored[: min(2, (count + 1) // 2)]
        weakest = scored[count - min(2, count // 2) :][::-1]

        def listing(areas: Sequence[DimensionScore]) -> str:
            return "; ".join(
                _("<b>{area}</b> {score} (target {target})").format(
                    area=safe(area.name), score=score_text(area.score.value), target=number_text(area.target)
                )
                for area in areas
            )

        rows = [paragraph(_("<b>Strongest:</b> {areas}").format(areas=listing(strongest)))]
        if weakest:
            rows.append(paragraph(_("<b>Weakest:</b> {areas}").format(areas=listing(weakest))))
        return [text(_("Strongest and weakest areas"), "h2"), *rows]

    def top_moves(self) -> list[Flowable]:
        moves = self.result.backlog[:MOVES_IN_SUMMARY]
        flowables: list[Flowable] = [text(_("The three most important moves"), "h2")]
        if not moves:
            flowables.append(
                paragraph(
                    _("No moves: no answered question is below its target.")
                    if self.result.overall.scored
                    else _("No moves yet: there are no answers to compare with the targets.")
                )
            )
            return flowables
        for item in moves:
            flowables.append(
                paragraph(
                    _(
                        "<b>{rank}. {title}</b> — {area}, effort {effort}. {description}<br/>"
                        "<font color='#566172'>Why now: {reason}</font>"
                    ).format(
                        rank=item.rank,
                        title=safe(item.title),
                        area=safe(self.area_name(item.area)),
                        effort=effort_name(item.effort),
                        description=safe(item.description),
                        reason=safe(item.reason),
                    ),
                    "bullet",
                )
            )
        return flowables

    def coverage_summary(self) -> list[Flowable]:
        result = self.result
        sentences = [
            _("Answers cover <b>{share}</b> of the applicable question weight.").format(
                share=percent_text(result.overall.coverage)
            )
        ]
        unscored = [area.name for area in result.areas if area.score.value is None]
        thin = [
            f"{area.name} ({percent_text(area.score.coverage)})"
            for area in result.areas
            if area.score.value is not None and area.score.coverage < LOW_COVERAGE
        ]
        if unscored:
            sentences.append(_("Not scored (no answers): {areas}.").format(areas=safe(", ".join(unscored))))
        if thin:
            sentences.append(
                _("Thin evidence, under {share} coverage: {areas}.").format(
                    share=percent_text(LOW_COVERAGE), areas=safe(", ".join(thin))
                )
            )
        discussed = sum(1 for question in result.questions if question.discussion)
        if discussed:
            sentences.append(
                ngettext(
                    "{count} question split the respondents by two levels or more: it is marked as a "
                    "discussion point on its area page.",
                    "{count} questions split the respondents by two levels or more: they are marked as "
                    "discussion points on the area pages.",
                    discussed,
                ).format(count=discussed)
            )
        return [text(_("Coverage and evidence"), "h2"), paragraph(" ".join(sentences))]

    def profile(self) -> list[Flowable]:
        result = self.result
        half = (CONTENT_WIDTH - GUTTER) / 2
        # Step and pillar names are long: the radars name them by number and letter, the tables in full.
        step_axes = [
            charts.Axis(
                _("Step {number}").format(number=self.step_numbers.get(s.id, s.id)), s.score.value, s.target
            )
            for s in result.steps
        ]
        pillar_axes = [
            charts.Axis(
                _("Pillar {letter}").format(letter=self.pillar_letters.get(p.id, p.id)),
                p.score.value,
                p.target,
            )
            for p in result.pillars
        ]
        pair = Table(
            [
                [text(_("Guiding steps"), "h3"), text(_("Pillars"), "h3")],
                [
                    charts.radar(step_axes, width=half, height=215, label_width=44),
                    charts.radar(pillar_axes, width=half, height=215, label_width=44),
                ],
            ],
            colWidths=[half + GUTTER, half],
        )
        pair.setStyle(LAYOUT_TABLE)
        return [
            text(_("Maturity profile"), "h1"),
            text(_("Areas"), "h2"),
            charts.radar(
                [charts.Axis(a.name, a.score.value, a.target) for a in result.areas],
                width=CONTENT_WIDTH,
                height=250,
                label_width=120,
            ),
            self.dimension_table(result.areas),
            PageBreak(),
            text(_("Guiding steps and pillars"), "h1"),
            pair,
            Spacer(1, 6),
            text(_("Guiding steps"), "h2"),
            self.dimension_table(result.steps, self.step_numbers),
            text(_("Pillars"), "h2"),
            self.dimension_table(result.pillars, self.pillar_letters),
        ]

    def dimension_table(
        self, dimensions: Sequence[DimensionScore], codes: dict[str, str] | None = None
    ) -> Table:
        rows = []
        for dimension in dimensions:
            score = dimension.score
            code = f"{codes[dimension.id]} " if codes and dimension.id in codes else ""
            rows.append(
                [
                    text(f"{code}{dimension.name}", "cell"),
                    score_text(score.value),
                    text(level_name_text(score, NOT_SCORED), "cell"),
                    index_text(score.index),
                    number_text(dimension.target),
                    score_text(dimension.gap),
                    percent_text(score.coverage),
                    _("{answered} of {linked}").format(
                        answered=dimension.answered_questions, linked=dimension.linked_questions
                    ),
                ]
            )
        return data_table(
            ["", _("Score"), _("Level"), _("Index"), _("Target"), _("Gap"), _("Coverage"), _("Answered")],
            rows,
            [158, 45, 90, 42, 42, 40, 66, 76],
            numeric=(1, 3, 4, 5, 6, 7),
        )
