"""``python -m assessment``: the command line.

Each subcommand is a small function taking the parsed arguments and an ``Output``;
every byte the CLI writes goes through ``Output`` so commands stay testable. Building the
parser imports only the standard library and the light ``cli`` modules: each command
imports what it needs (pandas, the database, reportlab) when it runs.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from cli import backlog, bank, database, erasure, members, overview, report, score_file, transfer
from cli.choices import DEFAULT_BANK_DIR, EXPORT_FORMATS, EXPORT_TABLES, MODES, PLAN_FORMATS, ROLES
from cli.output import EXIT_PROBLEMS, Output

LANG_HELP = "language of the PDF and the messages: en, fr or de"
Command = Callable[[argparse.Namespace, Output], int]
Subparsers = argparse._SubParsersAction  # type: ignore[type-arg]


def main(argv: Sequence[str] | None = None, output: Output | None = None) -> int:
    """Parse ``argv`` (default: ``sys.argv[1:]``), run the command, return its exit code."""
    output = output or Output()
    args = build_parser().parse_args(argv)
    command: Command = args.command
    # Late: only a command that runs reads a bank, and questionnaires loads pydantic and YAML.
    from questionnaires import BankError
    from questionnaires.i18n import LanguageError, language, language_from_environment

    try:
        # Messages in the terminal's language; ``report`` and ``compare`` switch to their --lang.
        with language(language_from_environment(os.environ)):
            return command(args, output)
    except (BankError, LanguageError) as error:
        output.error(str(error))
        return EXIT_PROBLEMS


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand with its options; cheap to build (nothing heavy is imported)."""
    parser = argparse.ArgumentParser(prog="python -m assessment", description="Wayfinder command line.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    _add_bank(commands)
    _add_database(commands)
    _add_transfer(commands)
    _add_scores(commands)
    _add_reports(commands)
    _add_backlog(commands)
    _add_members(commands)
    _add_personal_data(commands)
    return parser


def _add_bank(commands: Subparsers) -> None:
    parser = commands.add_parser("bank", help="show or check the question bank")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--json", action="store_true", help="print the loaded, validated bank as JSON")
    mode.add_argument(
        "--check",
        metavar="PATH",
        type=Path,
        nargs="?",
        const=DEFAULT_BANK_DIR,
        help="validate a bank directory (default: the shipped bank) and its translations, list every problem",
    )
    mode.add_argument(
        "--versions", action="store_true", help="list the stored bank versions and what uses each"
    )
    mode.add_argument(
        "--adopt",
        metavar="PATH",
        type=Path,
        help="adopt a tailored bank (a folder or a zip of one) for --org's new assessments",
    )
    parser.add_argument(
        "--bank", metavar="PATH", type=Path, default=DEFAULT_BANK_DIR, help="bank directory for --json"
    )
    parser.add_argument(
        "--lang", metavar="CODE", help="with --json: the bank in this language (en, fr, de; default en)"
    )
    parser.add_argument("--org", metavar="NAME_OR_ID", help="organisation for --adopt")
    parser.add_argument(
        "--dry-run", action="store_true", help="with --adopt: show what would change, adopt nothing"
    )
    parser.set_defaults(command=bank.bank_command)


def _add_database(commands: Subparsers) -> None:
    init = commands.add_parser("init", help="create or upgrade the database; add the demo to an empty one")
    init.add_argument("--no-demo", action="store_true", help="never add the demo organisation")
    init.set_defaults(command=database.init)

    demo = commands.add_parser("demo", help="add the demo organisation (if it is not there yet)")
    demo.set_defaults(command=database.demo)


def _add_transfer(commands: Subparsers) -> None:
    importer = commands.add_parser(
        "import",
        help="import responses (CSV/XLSX) as a new assessment, or restore an organisation backup (JSON)",
    )
    importer.add_argument(
        "file", type=Path, metavar="FILE", help=".csv, .xlsx, or a .json organisation backup"
    )
    importer.add_argument("--org", metavar="NAME", help="organisation (created if new)")
    importer.add_argument(
        "--unit", metavar="NAME", help="unit, by name or path 'Dept / Team' (created if new)"
    )
    importer.add_argument("--title", help="assessment title (default: 'Imported from FILE')")
    importer.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD", help="default: today")
    importer.add_argument("--mode", choices=MODES, help="default: workshop if several respondents, else self")
    importer.add_argument(
        "--mapping",
        type=Path,
        metavar="MAPPING.json",
        help='columns to questions: {"Column header": "question id" or "skip"}; remembered for --org',
    )
    importer.set_defaults(command=transfer.import_command)

    exporter = commands.add_parser("export", help="export an assessment or a whole organisation")
    target = exporter.add_mutually_exclusive_group(required=True)
    target.add_argument("assessment_id", nargs="?", type=int, metavar="ID", help="assessment id")
    target.add_argument("--org", metavar="NAME_OR_ID", help="export every assessment of this organisation")
    exporter.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    exporter.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    exporter.add_argument("--table", choices=EXPORT_TABLES, default="answers", help="which table a CSV holds")
    exporter.set_defaults(command=transfer.export_command)


def _add_scores(commands: Subparsers) -> None:
    score = commands.add_parser("score", help="score a stored assessment, or an answers file (--answers)")
    score.add_argument("assessment_id", nargs="?", type=int, metavar="ID", help="assessment id")
    score.add_argument("--json", action="store_true", help="print the full result as JSON")
    score_file.add_arguments(score)
    score.set_defaults(command=score_file.command(overview.score))

    listing = commands.add_parser(
        "list", help="organisations, units and assessments with their overall score"
    )
    listing.add_argument("--json", action="store_true", help="print as JSON")
    listing.set_defaults(command=overview.list_command)


def _add_reports(commands: Subparsers) -> None:
    roadmap = commands.add_parser("report", help="write an assessment's roadmap as PDF")
    roadmap.add_argument("assessment_id", type=int, metavar="ID", help="assessment id (see: list)")
    roadmap.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    roadmap.add_argument(
        "--lang", metavar="LANG", help=f"{LANG_HELP}; default: the assessment's report language"
    )
    roadmap.set_defaults(command=report.report_command)

    comparison = commands.add_parser("compare", help="write the comparison of an organisation's units as PDF")
    comparison.add_argument("--org", required=True, metavar="NAME_OR_ID", help="organisation")
    comparison.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    comparison.add_argument("--lang", metavar="LANG", help=f"{LANG_HELP}; default: the terminal's language")
    comparison.add_argument(
        "--unit", metavar="NAME_OR_ID", help="add this unit's rounds over time (its trend) to the report"
    )
    comparison.set_defaults(command=report.compare_command)


def _add_backlog(commands: Subparsers) -> None:
    parser = commands.add_parser("backlog", help="a unit's plan: export it to the team's tools, import back")
    actions = parser.add_subparsers(required=True, metavar="ACTION")
    exporter = actions.add_parser(
        "export", help="write the plan as Jira CSV, Azure DevOps CSV, GitHub-issues JSON or XLSX"
    )
    exporter.add_argument("unit_id", type=int, metavar="ID", help="unit id (one plan per unit; see: list)")
    exporter.add_argument("--format", choices=PLAN_FORMATS, required=True)
    exporter.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    exporter.set_defaults(command=backlog.export_command)
    importer = actions.add_parser(
        "import", help="set statuses from Jira's or Azure DevOps' CSV export, by item key (all or none)"
    )
    importer.add_argument("unit_id", type=int, metavar="ID", help="unit id")
    importer.add_argument("file", type=Path, metavar="FILE", help="the tool's CSV export")
    importer.set_defaults(command=backlog.import_command)


def _add_members(commands: Subparsers) -> None:
    parser = commands.add_parser("members", help="roles of people in an organisation; instance admins")
    actions = parser.add_subparsers(required=True, metavar="ACTION")
    for name, help_text, command in (
        (
            "add",
            "give EMAIL a role in --org (or change it), or make EMAIL an instance admin",
            members.add_command,
        ),
        ("list", "the members of --org with their roles, or the instance admins", members.list_command),
        (
            "remove",
            "take EMAIL's role in --org away, or EMAIL's instance admin rights",
            members.remove_command,
        ),
    ):
        action = actions.add_parser(name, help=help_text)
        if name != "list":
            action.add_argument("email", metavar="EMAIL", help="the address the person signs in with")
        action.add_argument("--org", metavar="NAME", help="organisation, by name or id")
        action.add_argument("--admin", action="store_true", help="instance admins instead of an organisation")
        if name == "add":
            action.add_argument("--role", choices=ROLES, help="owner, facilitator or viewer")
        action.set_defaults(command=command)


def _add_personal_data(commands: Subparsers) -> None:
    delete = commands.add_parser(
        "delete", help="delete a respondent, assessment, unit or organisation (restorable)"
    )
    delete.add_argument("kind", choices=erasure.KINDS, metavar="KIND", help=" | ".join(erasure.KINDS))
    delete.add_argument("id", type=int, metavar="ID")
    delete.add_argument("--confirm", metavar="NAME", help="its exact name (without it, says what would go)")
    delete.set_defaults(command=erasure.delete_command)
    restore = commands.add_parser("restore", help="bring back something deleted, until it is purged")
    restore.add_argument("kind", choices=erasure.KINDS, metavar="KIND", help=" | ".join(erasure.KINDS))
    restore.add_argument("id", type=int, metavar="ID")
    restore.set_defaults(command=erasure.restore_command)
    purge = commands.add_parser("purge", help="remove deleted data for good, from the database files too")
    purge.add_argument(
        "--older-than",
        type=int,
        metavar="DAYS",
        help="what was deleted DAYS or more ago (0: all of it); default: each organisation's retention",
    )
    purge.set_defaults(command=erasure.purge_command)
    person = commands.add_parser("export-person", help="everything stored about one person, as JSON")
    person.add_argument("person", metavar="EMAIL|TOKEN", help="a sign-in address or a personal link's token")
    person.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of the screen"
    )
    person.set_defaults(command=erasure.export_person_command)
