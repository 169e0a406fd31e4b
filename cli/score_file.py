"""``score --answers FILE``: score a long-format answers file without any database.

The file (CSV or XLSX) has the columns assessment, respondent, question and answer
(header names are matched case-insensitively; a ``note`` column is kept, others are
ignored). Every assessment in it is scored with the same targets and focus. With
``--json`` the full results are printed; otherwise a short summary per assessment.
Without ``--answers`` the command scores a stored assessment (see ``overview.score``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cli.choices import DEFAULT_BANK_DIR
from cli.language import _, help_text
from cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Output

if TYPE_CHECKING:
    import pandas as pd

    from scoring.results import AssessmentResult, Score

Command = Callable[[argparse.Namespace, Output], int]
BACKLOG_SHOWN = 5
PROBLEMS_SHOWN = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The file-scoring options of the ``score`` subcommand."""
    parser.add_argument(
        "--answers",
        type=Path,
        metavar=help_text("FILE"),
        help=help_text("score a long-format answers CSV/XLSX (no database)"),
    )
    parser.add_argument(
        "--bank",
        type=Path,
        metavar=help_text("PATH"),
        default=DEFAULT_BANK_DIR,
        help=help_text("bank directory"),
    )
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        metavar=help_text("AREA=LEVEL"),
        help=help_text("area target (default 4)"),
    )
    parser.add_argument(
        "--focus-step",
        action="append",
        default=[],
        metavar=help_text("STEP"),
        help=help_text("a focus step id"),
    )
    parser.add_argument(
        "--focus-pillar",
        action="append",
        default=[],
        metavar=help_text("PILLAR"),
        help=help_text("a focus pillar id"),
    )
    parser.add_argument(
        "--wip",
        action="append",
        default=[],
        metavar=help_text("HORIZON=N"),
        help=help_text("WIP limit of now, next or later"),
    )


def command(stored: Command) -> Command:
    """The ``score`` command: the answers file when ``--answers`` is given, else ``stored``."""

    def run(args: argparse.Namespace, output: Output) -> int:
        if args.answers is None:
            return stored(args, output)
        if getattr(args, "assessment_id", None) is not None:
            output.error(_("give either an assessment ID or --answers FILE, not both"))
            return EXIT_USAGE
        return score_file(args, output)

    return run


def score_file(args: argparse.Namespace, output: Output) -> int:
    """Score every assessment in the ``--answers`` file with the given targets, focus and limits."""
    from questionnaires import load_bank
    from scoring.answers import AnswersError
    from scoring.engine import score_assessments
    from scoring.options import OptionsError, ScoringOptions
    from scoring.results import to_jsonable

    try:
        options = ScoringOptions(
            area_targets={area: float(level) for area, level in _pairs(args.target, "--target")},
            focus_steps=tuple(args.focus_step),
            focus_pillars=tuple(args.focus_pillar),
            wip_limits={horizon: int(limit) for horizon, limit in _pairs(args.wip, "--wip")},
        )
    except ValueError as error:
        output.error(str(error))
        return EXIT_USAGE
    try:
        answers = read_answers(args.answers)
    except (OSError, ValueError) as error:
        output.error(_("cannot read {answers}: {error}").format(answers=args.answers, error=error))
        return EXIT_PROBLEMS
    if answers.empty:
        output.error(_("{answers} has no answers to score").format(answers=args.answers))
        return EXIT_PROBLEMS
    bank = load_bank(args.bank)
    try:
        results = score_assessments(answers, bank, options)
    except AnswersError as error:
        for problem in error.problems[:PROBLEMS_SHOWN]:
            where = f"{args.answers}" if problem.row is None else f"{args.answers}:{problem.row + 1}"
            output.result(f"{where}: {problem.message}")
        shown = min(len(error.problems), PROBLEMS_SHOWN)
        more = f" ({error.total - shown} more not shown)" if error.total > shown else ""
        output.error(
            _("{total} problem(s) in {answers}{more}; nothing was scored").format(
                total=error.total, answers=args.answers, more=more
            )
        )
        return EXIT_PROBLEMS
    except OptionsError as error:
        output.error(str(error))
        return EXIT_USAGE
    if args.json:
        output.json({"bank_version": bank.version, "assessments": [to_jsonable(r) for r in results]})
    else:
        for result in results:
            output.result("\n".join(_summary(result)))
    return EXIT_OK


def read_answers(path: Path) -> pd.DataFrame:
    """A CSV or XLSX answers file as text columns, cells kept as written (no "NA" → NaN guessing)."""
    import pandas as pd

    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.rename(columns=lambda name: str(name).strip().lower())


def _pairs(values: list[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        key, separator, number = value.partition("=")
        if not separator or not key.strip() or not _is_number(number):
            raise ValueError(f"{option} takes NAME=NUMBER, not {value!r}")
        pairs.append((key.strip(), number.strip()))
    return pairs


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _summary(result: AssessmentResult) -> list[str]:
    lines = [
        f"assessment {result.assessment_id}: {result.respondents} respondent(s), "
        f"overall {_score_text(result.overall)}"
    ]
    for title, dimensions in (("areas", result.areas), ("steps", result.steps), ("pillars", result.pillars)):
        lines.append(f"  {title}: " + "; ".join(f"{d.id} {_score_text(d.score)}" for d in dimensions))
    if result.discussion_points:
        lines.append(f"  discussion points: {', '.join(result.discussion_points)}")
    lines.append(f"  backlog: {len(result.backlog)} item(s)")
    lines.extend(f"    {item.rank}. {item.title} [{item.key}]" for item in result.backlog[:BACKLOG_SHOWN])
    roadmap = ", ".join(f"{h.name} {len(h.items)} ({h.limit} at a time)" for h in result.roadmap.horizons)
    lines.append(f"  roadmap: {roadmap}, unscheduled {len(result.roadmap.unscheduled)}")
    return lines


def _score_text(score: Score) -> str:
    from scoring.formatting import NOT_SCORED_WORDS, TABLE_DIGITS, percent_text, score_text

    if score.value is None:
        return NOT_SCORED_WORDS
    return f"{score_text(score.value, TABLE_DIGITS)} ({percent_text(score.coverage)} covered)"
