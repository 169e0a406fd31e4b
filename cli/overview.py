"""``score`` (one stored assessment) and ``list`` (everything, with overall scores)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from cli.common import database_command, operator
from cli.language import _
from cli.output import EXIT_OK, EXIT_USAGE, Output

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from scoring.results import AssessmentResult, Score

BACKLOG_SHOWN = 5


@database_command
def score(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Score one stored assessment: a summary, or the full result with ``--json``."""
    from assessment import services
    from assessment.db import session_scope
    from scoring.results import to_jsonable

    if args.assessment_id is None:
        output.error(
            _(
                "give the id of the assessment to score (python -m assessment list shows them), or "
                "--answers FILE"
            )
        )
        return EXIT_USAGE
    with session_scope(engine, write=False) as session:
        info = services.get_assessment_info(
            actor=operator(), session=session, assessment_id=args.assessment_id
        )
        result = services.score_assessment(
            actor=operator(), session=session, assessment_id=args.assessment_id
        )
    if args.json:
        output.json(to_jsonable(result))
        return EXIT_OK
    output.result(
        f"{info.organisation} / {info.unit} — {info.title} ({info.assessed_on}, {info.mode}, {info.status})"
    )
    for line in _summary(result):
        output.result(line)
    return EXIT_OK


@database_command
def list_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Every organisation, unit and assessment as a tree (or ``--json``), with overall scores."""
    from assessment import services
    from assessment.db import session_scope

    with session_scope(engine, write=False) as session:
        scores = services.overall_scores(actor=operator(), session=session)
        organisations = services.list_organisations(actor=operator(), session=session)
        units = {
            o.id: services.list_units(actor=operator(), session=session, organisation_id=o.id)
            for o in organisations
        }
        assessments = services.list_assessments(actor=operator(), session=session)
    if args.json:
        output.json(_listing(organisations, units, assessments, scores))
        return EXIT_OK
    if not organisations:
        output.message(_("no organisations yet: python -m assessment demo adds an example"))
    for organisation in organisations:
        output.result(f"{organisation.name}  [organisation {organisation.id}]")
        for unit in units[organisation.id]:
            output.result(f"{'  ' * (unit.depth + 1)}{unit.name}  [unit {unit.id}]")
            for info in (a for a in assessments if a.unit_id == unit.id):
                output.result(
                    f"{'  ' * (unit.depth + 2)}#{info.id}  {info.assessed_on}  {info.title}  "
                    f"({info.mode}, {info.status}, {info.respondents} respondent(s))  "
                    f"overall {_score_text(scores.get(info.id))}"
                )
    return EXIT_OK


def _summary(result: AssessmentResult) -> list[str]:
    lines = [f"overall  {_score_text(result.overall)}", f"respondents  {result.respondents}"]
    for title, dimensions in (
        ("areas", result.areas),
        ("guiding steps", result.steps),
        ("pillars", result.pillars),
    ):
        lines.append(f"{title}:")
        lines.extend(f"  {d.name}: {_score_text(d.score)}, target {d.target:g}" for d in dimensions)
    if result.discussion_points:
        lines.append(f"discussion points: {', '.join(result.discussion_points)}")
    lines.append(f"backlog: {len(result.backlog)} item(s)")
    lines.extend(
        f"  {item.rank}. {item.title} ({item.question_id}, effort {item.effort})"
        for item in result.backlog[:BACKLOG_SHOWN]
    )
    return lines


def _score_text(score: Score | None) -> str:
    from scoring.formatting import NOT_SCORED_WORDS, TABLE_DIGITS, percent_text, score_text

    if score is None or score.value is None:
        return NOT_SCORED_WORDS
    value, share = score_text(score.value, TABLE_DIGITS), percent_text(score.coverage)
    return f"{value} ({score.level_name}, {share} answered)"


def _listing(
    organisations: list[Any], units: dict[int, list[Any]], assessments: list[Any], scores: dict[int, Score]
) -> list[dict[str, Any]]:
    from scoring.results import Score, to_jsonable

    return [
        {
            "id": organisation.id,
            "name": organisation.name,
            "units": [
                {
                    "id": unit.id,
                    "name": unit.name,
                    "path": unit.path,
                    "assessments": [
                        {
                            "id": info.id,
                            "title": info.title,
                            "assessed_on": info.assessed_on.isoformat(),
                            "mode": info.mode,
                            "status": info.status,
                            "respondents": info.respondents,
                            "overall": to_jsonable(scores.get(info.id, Score(value=None, coverage=0.0))),
                        }
                        for info in assessments
                        if info.unit_id == unit.id
                    ],
                }
                for unit in units[organisation.id]
            ],
        }
        for organisation in organisations
    ]
