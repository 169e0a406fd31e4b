"""``score`` (one stored assessment) and ``list`` (everything, with overall scores)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from cli.common import database_command, operator
from cli.language import _, ngettext
from cli.output import EXIT_OK, EXIT_USAGE, Output

if TYPE_CHECKING:
    from datetime import date

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
        f"{info.organisation} / {info.unit} — {info.title} "
        f"({_date(info.assessed_on)}, {info.mode_name}, {_status(info.is_open)})"
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
        output.result(_("{name}  [organisation {id}]").format(name=organisation.name, id=organisation.id))
        for unit in units[organisation.id]:
            output.result(
                "  " * (unit.depth + 1) + _("{name}  [unit {id}]").format(name=unit.name, id=unit.id)
            )
            for info in (a for a in assessments if a.unit_id == unit.id):
                respondents = ngettext(
                    "{count} respondent(s)", "{count} respondent(s)", info.respondents
                ).format(count=info.respondents)
                output.result(
                    f"{'  ' * (unit.depth + 2)}#{info.id}  {_date(info.assessed_on)}  {info.title}  "
                    f"({info.mode_name}, {_status(info.is_open)}, {respondents})  "
                    + _("overall {score}").format(score=_score_text(scores.get(info.id)))
                )
    return EXIT_OK


def _summary(result: AssessmentResult) -> list[str]:
    from scoring.formatting import score_text

    lines = [
        _("overall  {score}").format(score=_score_text(result.overall)),
        _("respondents  {count}").format(count=result.respondents),
    ]
    for title, dimensions in (
        (_("areas:"), result.areas),
        (_("guiding steps:"), result.steps),
        (_("pillars:"), result.pillars),
    ):
        lines.append(title)
        lines.extend(
            "  "
            + _("{name}: {score}, target {target}").format(
                name=d.name, score=_score_text(d.score), target=score_text(d.target)
            )
            for d in dimensions
        )
    if result.discussion_points:
        lines.append(_("discussion points: {points}").format(points=", ".join(result.discussion_points)))
    lines.append(
        ngettext("backlog: {count} item(s)", "backlog: {count} item(s)", len(result.backlog)).format(
            count=len(result.backlog)
        )
    )
    lines.extend(
        "  "
        + _("{rank}. {title} ({question}, effort {effort})").format(
            rank=item.rank, title=item.title, question=item.question_id, effort=item.effort
        )
        for item in result.backlog[:BACKLOG_SHOWN]
    )
    return lines


def _date(day: date) -> str:
    from scoring.formatting import date_text

    return date_text(day)


def _status(is_open: bool) -> str:
    return _("open") if is_open else _("closed")


def _score_text(score: Score | None) -> str:
    from scoring.formatting import NOT_SCORED_WORDS, TABLE_DIGITS, percent_text, score_text

    if score is None or score.value is None:
        return NOT_SCORED_WORDS
    value, share = score_text(score.value, TABLE_DIGITS), percent_text(score.coverage)
    return _("{value} ({level}, {share} answered)").format(value=value, level=score.level_name, share=share)


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
