"""The assessment roadmap PDF: what an agency leader hands to a minister.

Built as a story of sections (cover, summary, profile, one page per area, backlog,
roadmap, method), each a method returning flowables, from an :class:`AssessmentResult`
the scoring engine computed; nothing is recomputed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from questionnaires.loader import Bank
from questionnaires.schema import EFFORT_NAMES
from reports import charts, method
from reports.blocks import caption, cover_page, data_table, figures, paragraph, plain, text
from reports.context import ReportContext
from reports.layout import PageFurniture, build_pdf
from reports.styles import CONTENT_HEIGHT, CONTENT_WIDTH, GUTTER, LAYOUT_TABLE, flag_column
from reports.text import safe
from scoring.formatting import (
    NOT_SCORED,
    NOT_SCORED_WORDS,
    index_text,
    level_name_text,
    level_text,
    percent_text,
    score_text,
    spread_text,
)
from scoring.results import AssessmentResult, BacklogItem, DimensionScore, QuestionScore

DEFAULT_TITLE = "Digital transformation roadmap"
MOVES_IN_SUMMARY = 3
NOTES_PER_QUESTION = 8
NOTE_LINES = 4  # notes and question texts are cut after this many lines,
QUESTION_LINES = 10  # so that one table row never outgrows a page
LOW_COVERAGE = 0.5
FOCUS_MARK = "★"
ANONYMOUS_NOTE = ", anonymous: no names were asked or stored"


def build_roadmap_pdf(result: AssessmentResult, bank: Bank, context: ReportContext) -> bytes:
    """The roadmap of one assessment as PDF bytes."""
    report = _RoadmapReport(result, bank, context)
    return build_pdf(
        report.story(),
        title=f"{report.title}: {context.organisation}",
        subject="Wayfinder assessment roadmap",
        furniture=PageFurniture(
            header_left=" · ".join(part for part in (context.organisation, context.unit) if part),
            header_right=report.title,
            footer_left=f"Wayfinder · generated {context.generated_on.isoformat()} · "
            f"question bank {result.bank_version}",
        ),
    )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class _RoadmapReport:
    result: AssessmentResult
    bank: Bank
    context: ReportContext

    @property
    def title(self) -> str:
        return self.context.title or DEFAULT_TITLE

    def story(self) -> list[Flowable]:
        return [
            *self.cover(),
            PageBreak(),
            *self.summary(),
            PageBreak(),
            *self.profile(),
            *(flowable for area in self.result.areas for flowable in [PageBreak(), *self.area_page(area)]),
            PageBreak(),
            *self.backlog(),
            PageBreak(),
            *self.roadmap(),
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
    def ranks(self) -> dict[str, int]:
        return {item.key: item.rank for item in self.result.backlog}

    def area_name(self, area_id: str) -> str:
        return self.area_names.get(area_id, area_id)

    def question_text(self, question_id: str) -> str:
        if self.bank.has_question(question_id):
            return self.bank.question(question_id).text
        return f"{question_id} (not in this version of the question bank)"

    # Sections ----------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        context, result = self.context, self.result
        answered = f"{result.respondents} answered"
        if context.respondents is not None and context.respondents != result.respondents:
            answered += f" of {context.respondents} taking part"
        bank_version = result.bank_version
        if context.bank_version and context.bank_version != result.bank_version:
            bank_version = f"answered on {context.bank_version}, scored with {result.bank_version}"
        if self.bank.version != result.bank_version:
            bank_version += f" (question texts from {self.bank.version})"
        facts = [
            ("Assessed on", context.assessed_on.isoformat() if context.assessed_on else NOT_SCORED),
            ("Mode", f"{context.mode or NOT_SCORED}{ANONYMOUS_NOTE if context.anonymous else ''}"),
            ("Respondents", answered),
            ("Question bank version", bank_version),
            ("Assessment", result.assessment_id),
            ("Generated on", context.generated_on.isoformat()),
        ]
        return cover_page(
            self.title,
            context.organisation,
            facts,
            "This report turns the answers of the people who took part into maturity scores on five "
            "areas, the five guiding steps and the five pillars, and into a prioritised backlog and "
            "roadmap. Every score is shown with its <b>coverage</b>: the share of the applicable "
            "questions that were actually answered. A score without any answer behind it is shown "
            "as “–” (not scored), never as zero.",
            unit=context.unit or "",
        )

    def summary(self) -> list[Flowable]:
        overall = self.result.overall
        level = f"level {level_text(overall)}" if overall.scored else NOT_SCORED_WORDS
        flowables: list[Flowable] = [
            text("Executive summary", "h1"),
            figures(
                [
                    (f"{score_text(overall.value)} / 5", f"overall maturity, {level}"),
                    (f"{index_text(overall.index)} / 100", "maturity index"),
                    (percent_text(overall.coverage), "coverage: answered share of applicable questions"),
                    (str(self.result.respondents), "respondents who answered"),
                ]
            ),
            Spacer(1, 8),
        ]
        if not overall.scored:
            flowables.append(
                paragraph(
                    "<b>Nothing is scored yet:</b> no applicable question has an answer. The pages that "
                    "follow list the questions and the method; scores, backlog and roadmap appear once "
                    "answers come in.",
                )
            )
        flowables += self.strengths()
        flowables += self.top_moves()
        flowables += self.coverage_summary()
        flowables += [
            text("Areas against their targets", "h2"),
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
                f"<b>{safe(area.name)}</b> {score_text(area.score.value)} (target {area.target:g})"
                for area in areas
            )

        rows = [paragraph(f"<b>Strongest:</b> {listing(strongest)}")]
        if weakest:
            rows.append(paragraph(f"<b>Weakest:</b> {listing(weakest)}"))
        return [text("Strongest and weakest areas", "h2"), *rows]

    def top_moves(self) -> list[Flowable]:
        moves = self.result.backlog[:MOVES_IN_SUMMARY]
        flowables: list[Flowable] = [text("The three most important moves", "h2")]
        if not moves:
            flowables.append(
                paragraph(
                    "No moves: no answered question is below its target."
                    if self.result.overall.scored
                    else "No moves yet: there are no answers to compare with the targets."
                )
            )
            return flowables
        for item in moves:
            flowables.append(
                paragraph(
                    f"<b>{item.rank}. {safe(item.title)}</b> — {safe(self.area_name(item.area))}, "
                    f"effort {EFFORT_NAMES[item.effort]}. {safe(item.description)}<br/>"
                    f"<font color='#566172'>Why now: {safe(item.reason)}</font>",
                    "bullet",
                )
            )
        return flowables

    def coverage_summary(self) -> list[Flowable]:
        result = self.result
        sentences = [
            f"Answers cover <b>{percent_text(result.overall.coverage)}</b> of the applicable question weight."
        ]
        unscored = [area.name for area in result.areas if area.score.value is None]
        thin = [
            f"{area.name} ({percent_text(area.score.coverage)})"
            for area in result.areas
            if area.score.value is not None and area.score.coverage < LOW_COVERAGE
        ]
        if unscored:
            sentences.append(f"Not scored (no answers): {safe(', '.join(unscored))}.")
        if thin:
            sentences.append(f"Thin evidence, under {LOW_COVERAGE:.0%} coverage: {safe(', '.join(thin))}.")
        discussed = sum(1 for question in result.questions if question.discussion)
        if discussed:
            sentences.append(
                f"{discussed} question{'s' if discussed != 1 else ''} split the respondents by two levels or "
                "more: they are marked as discussion points on the area pages."
            )
        return [text("Coverage and evidence", "h2"), paragraph(" ".join(sentences))]

    def profile(self) -> list[Flowable]:
        result = self.result
        half = (CONTENT_WIDTH - GUTTER) / 2
        # Step and pillar names are long: the radars name them by number and letter, the tables in full.
        step_axes = [
            charts.Axis(f"Step {self.step_numbers.get(s.id, s.id)}", s.score.value, s.target)
            for s in result.steps
        ]
        pillar_axes = [
            charts.Axis(f"Pillar {self.pillar_letters.get(p.id, p.id)}", p.score.value, p.target)
            for p in result.pillars
        ]
        pair = Table(
            [
                [text("Guiding steps", "h3"), text("Pillars", "h3")],
                [
                    charts.radar(step_axes, width=half, height=215, label_width=44),
                    charts.radar(pillar_axes, width=half, height=215, label_width=44),
                ],
            ],
            colWidths=[half + GUTTER, half],
        )
        pair.setStyle(LAYOUT_TABLE)
        return [
            text("Maturity profile", "h1"),
            text("Areas", "h2"),
            charts.radar(
                [charts.Axis(a.name, a.score.value, a.target) for a in result.areas],
                width=CONTENT_WIDTH,
                height=250,
                label_width=120,
            ),
            self.dimension_table(result.areas),
            PageBreak(),
            text("Guiding steps and pillars", "h1"),
            pair,
            Spacer(1, 6),
            text("Guiding steps", "h2"),
            self.dimension_table(result.steps, self.step_numbers),
            text("Pillars", "h2"),
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
                    plain(level_name_text(score, NOT_SCORED)),
                    index_text(score.index),
                    f"{dimension.target:g}",
                    score_text(dimension.gap),
                    percent_text(score.coverage),
                    f"{dimension.answered_questions} of {dimension.linked_questions}",
                ]
            )
        return data_table(
            ["", "Score", "Level", "Index", "Target", "Gap", "Coverage", "Answered"],
            rows,
            [190, 45, 66, 42, 42, 40, 58, 76],
            numeric=(1, 3, 4, 5, 6, 7),
        )

    def area_page(self, area: DimensionScore) -> list[Flowable]:
        score = area.score
        description = next((a.description for a in self.bank.areas if a.id == area.id), "")
        level = f"level {level_text(score)}" if score.scored else NOT_SCORED_WORDS
        questions = [q for q in self.result.questions if q.area == area.id]
        flowables: list[Flowable] = [
            text(area.name, "h1"),
            text(description, "muted"),
            figures(
                [
                    (f"{score_text(score.value)} / 5", level),
                    (f"{area.target:g}", f"target; gap {score_text(area.gap)}"),
                    (percent_text(score.coverage), "coverage"),
                    (f"{area.answered_questions} of {area.linked_questions}", "questions answered"),
                ]
            ),
            Spacer(1, 6),
            text(
                "“Discuss” marks a question whose answers spread over two levels or more: worth talking "
                "through before acting on its score. Answers 1–5 shows how many respondents chose each "
                "level (n/a: not applicable, dk: don't know). Notes are shown up to "
                f"{NOTES_PER_QUESTION} per question.",
                "muted",
            ),
            self.question_table(questions),
        ]
        return flowables

    def question_table(self, questions: Sequence[QuestionScore]) -> Flowable:
        if not questions:
            return paragraph("This area has no questions in the question bank.")
        widths = [206, 54, 38, 74, 48, 40, 40]
        answers_width = CONTENT_WIDTH * widths[3] / sum(widths) - 8
        rows = []
        for question in questions:
            spread = spread_text(question.minimum, question.maximum)
            if question.std is not None:
                spread += f"\nsd {score_text(question.std)}"
            counts = f"n={question.answers}"
            if question.not_applicable:
                counts += f" · n/a {question.not_applicable}"
            if question.dont_know:
                counts += f" · dk {question.dont_know}"
            rows.append(
                [
                    [
                        text(self.question_text(question.question_id), "cell", max_lines=QUESTION_LINES),
                        caption(question.question_id),
                        *self.notes(question),
                    ],
                    plain(f"{score_text(question.mean)}\n{self.level_name(question.mean)}"),
                    spread,
                    charts.Distribution(question.distribution, counts, width=answers_width),
                    percent_text(question.agreement),
                    f"{question.target}\ngap {score_text(question.gap)}",
                    "discuss" if question.discussion else "",
                ]
            )
        table = data_table(
            ["Question", "Score", "Spread", "Answers 1–5", "Agreement", "Target", ""],
            rows,
            widths,
            numeric=(4, 5),
        )
        table.setStyle(flag_column(6))
        return table

    def notes(self, question: QuestionScore) -> list[Flowable]:
        """The respondents' notes, capped so that one table row never outgrows a page."""
        notes: list[Flowable] = [
            text(f"“{note}”", "cell_note", max_lines=NOTE_LINES)
            for note in question.notes[:NOTES_PER_QUESTION]
        ]
        hidden = len(question.notes) - len(notes)
        if hidden:
            notes.append(caption(f"… and {plural(hidden, 'more note')} in the app"))
        return notes

    def level_name(self, mean: float | None) -> str:
        if mean is None:
            return NOT_SCORED_WORDS
        return self.bank.framework.level_name(min(max(int(mean), 1), 5))

    def backlog(self) -> list[Flowable]:
        items = self.result.backlog
        steps = ", ".join(f"{step.number} {step.name}" for step in self.bank.framework.steps)
        pillars = ", ".join(f"{pillar.letter} {pillar.name}" for pillar in self.bank.framework.pillars)
        flowables: list[Flowable] = [
            text("Prioritised backlog", "h1"),
            paragraph(
                f"{plural(len(items), 'action')}, in the order to take them. Priority rises with the gap "
                "to the target, the weight of the question and its links to the steps and pillars chosen "
                "as focus, and falls with effort; an action never comes before one it depends on. "
                f" <b>Links</b> name guiding steps by number ({safe(steps)}) and pillars by "
                f"letter ({safe(pillars)}); {FOCUS_MARK} marks a step or pillar chosen as focus.",
                "small",
            ),
        ]
        if not items:
            flowables.append(paragraph("The backlog is empty: no answered question is below its target."))
            return flowables
        rows = [self.backlog_row(item) for item in items]
        flowables.append(
            data_table(
                ["#", "Action", "Area", "Effort", "Links", "Why it is ranked here"],
                rows,
                [20, 138, 68, 46, 48, 216],
                numeric=(0,),
            )
        )
        return flowables

    def backlog_row(self, item: BacklogItem) -> list[Flowable]:
        focus = set(self.result.focus_steps) | set(self.result.focus_pillars)

        def links(ids: Sequence[str], codes: dict[str, str]) -> str:
            return ", ".join(f"{codes.get(i, i)}{FOCUS_MARK if i in focus else ''}" for i in ids)

        link_lines = [
            line
            for line in (links(item.steps, self.step_numbers), links(item.pillars, self.pillar_letters))
            if line
        ]
        return [
            str(item.rank),
            [
                text(item.title, "cell_bold"),
                caption(f"level {item.from_level} → {item.to_level} · {item.question_id}"),
            ],
            text(self.area_name(item.area), "cell"),
            EFFORT_NAMES[item.effort],
            plain("\n".join(link_lines)),
            text(item.reason, "cell"),
        ]

    def roadmap(self) -> list[Flowable]:
        horizons = self.result.roadmap.horizons
        lanes = [
            charts.Lane(
                name=horizon.name,
                start_month=horizon.start_month,
                end_month=horizon.end_month,
                cards=[self.card(item) for item in horizon.items],
            )
            for horizon in horizons
        ]
        limits = ", ".join(f"{horizon.name} {horizon.limit}" for horizon in horizons)
        flowables: list[Flowable] = [
            text("Roadmap", "h1"),
            paragraph(
                "The backlog placed into horizons, respecting what each action depends on and a limit on "
                f"work in progress per horizon ({safe(limits)}). Columns are equal in width, not in "
                "months.",
                "small",
            ),
        ]
        if lanes:
            flowables.append(charts.timeline(lanes, width=CONTENT_WIDTH, max_height=CONTENT_HEIGHT - 90))
        unscheduled = self.result.roadmap.unscheduled
        if unscheduled:
            listing = ", ".join(f"#{item.rank}" for item in unscheduled)
            flowables.append(
                paragraph(
                    f"<b>Not yet scheduled</b> (beyond the work-in-progress limits; titles in the backlog): "
                    f"{plural(len(unscheduled), 'action')}, {listing}.",
                    "small",
                )
            )
        return flowables

    def card(self, item: BacklogItem) -> charts.Card:
        # what the card must not lose comes first: a cut line loses its end
        after = [f"#{self.ranks[key]}" for key in item.depends_on if key in self.ranks]
        parts = [f"after {', '.join(after)}"] if after else []
        parts += [f"effort {EFFORT_NAMES[item.effort]}", self.area_name(item.area)]
        detail = " · ".join(parts)
        return charts.Card(rank=item.rank, title=item.title, detail=detail)
