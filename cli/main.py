"""``python -m assessment``: the command line.

Each subcommand is a small function taking the parsed arguments and an ``Output``;
every byte the CLI writes goes through ``Output`` so commands stay testable. Building the
parser imports only the standard library and the light ``cli`` modules: each command
imports what it needs (pandas, the database, reportlab) when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from cli import backlog, bank, database, erasure, members, overview, report, score_file, transfer
from cli.choices import DEFAULT_BANK_DIR, EXPORT_FORMATS, EXPORT_TABLES, MODES, PLAN_FORMATS, ROLES
from cli.language import LANGUAGES, help_text, parser_language, requested_language
from cli.output import EXIT_PROBLEMS, Output

Command = Callable[[argparse.Namespace, Output], int]
Subparsers = argparse._SubParsersAction  # type: ignore[type-arg]


def main(argv: Sequence[str] | None = None, output: Output | None = None) -> int:
    """Parse ``argv`` (default: ``sys.argv[1:]``), run the command, return its exit code."""
    output = output or Output()
    argv = sys.argv[1:] if argv is None else argv
    code = requested_language(argv, os.environ)
    with parser_language(code):  # --help and argument errors exit from here, in that language
        args = build_parser().parse_args(argv)
    command: Command = args.command
    # Late: only a command that runs reads a bank, and questionnaires loads pydantic and YAML.
    from questionnaires import BankError
    from questionnaires.i18n import LanguageError, language

    # Messages in that language too; ``report`` and ``compare`` switch to their own --lang.
    with language(code):
        try:
            return command(args, output)
        except (BankError, LanguageError) as error:
            output.error(str(error))
            return EXIT_PROBLEMS


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand with its options; cheap to build (nothing heavy is imported).

    Its texts are in the language of the surrounding :func:`cli.language.parser_language`.
    """
    parser = argparse.ArgumentParser(
        prog="python -m assessment", description=help_text("Wayfinder command line.")
    )
    parser.add_argument(
        "--lang",
        dest="interface_language",
        choices=LANGUAGES,
        metavar=help_text("LANG"),
        help=help_text("language of the help and the messages: en, fr or de; default: the terminal's"),
    )
    commands = parser.add_subparsers(required=True, metavar=help_text("COMMAND"))
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
    parser = commands.add_parser("bank", help=help_text("show or check the question bank"))
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--json", action="store_true", help=help_text("print the loaded, validated bank as JSON")
    )
    mode.add_argument(
        "--check",
        metavar=help_text("PATH"),
        type=Path,
        nargs="?",
        const=DEFAULT_BANK_DIR,
        help=help_text(
            "validate a bank directory (default: the shipped bank) and its translations, list every problem"
        ),
    )
    mode.add_argument(
        "--versions", action="store_true", help=help_text("list the stored bank versions and what uses each")
    )
    mode.add_argument(
        "--adopt",
        metavar=help_text("PATH"),
        type=Path,
        help=help_text("adopt a tailored bank (a folder or a zip of one) for --org's new assessments"),
    )
    parser.add_argument(
        "--bank",
        metavar=help_text("PATH"),
        type=Path,
        default=DEFAULT_BANK_DIR,
        help=help_text("bank directory for --json"),
    )
    parser.add_argument(
        "--lang",
        metavar=help_text("CODE"),
        help=help_text("with --json: the bank in this language (en, fr, de; default en)"),
    )
    parser.add_argument("--org", metavar=help_text("NAME_OR_ID"), help=help_text("organisation for --adopt"))
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=help_text("with --adopt: show what would change, adopt nothing"),
    )
    parser.set_defaults(command=bank.bank_command)


def _add_database(commands: Subparsers) -> None:
    init = commands.add_parser(
        "init", help=help_text("create or upgrade the database; add the demo to an empty one")
    )
    init.add_argument("--no-demo", action="store_true", help=help_text("never add the demo organisation"))
    init.set_defaults(command=database.init)

    demo = commands.add_parser("demo", help=help_text("add the demo organisation (if it is not there yet)"))
    demo.set_defaults(command=database.demo)


def _add_transfer(commands: Subparsers) -> None:
    importer = commands.add_parser(
        "import",
        help=help_text(
            "import responses (CSV/XLSX) as a new assessment, or restore an organisation backup (JSON)"
        ),
    )
    importer.add_argument(
        "file",
        type=Path,
        metavar=help_text("FILE"),
        help=help_text(".csv, .xlsx, or a .json organisation backup"),
    )
    importer.add_argument("--org", metavar=help_text("NAME"), help=help_text("organisation (created if new)"))
    importer.add_argument(
        "--unit",
        metavar=help_text("NAME"),
        help=help_text("unit, by name or path 'Dept / Team' (created if new)"),
    )
    importer.add_argument(
        "--title",
        metavar=help_text("TITLE"),
        help=help_text("assessment title (default: 'Imported from FILE')"),
    )
    importer.add_argument(
        "--date", type=date.fromisoformat, metavar=help_text("YYYY-MM-DD"), help=help_text("default: today")
    )
    importer.add_argument(
        "--mode", choices=MODES, help=help_text("default: workshop if several respondents, else self")
    )
    importer.add_argument(
        "--mapping",
        type=Path,
        metavar=help_text("MAPPING.json"),
        help=help_text(
            'JSON object from each column header to a question id or "skip"; remembered for --org'
        ),
    )
    importer.set_defaults(command=transfer.import_command)

    exporter = commands.add_parser("export", help=help_text("export an assessment or a whole organisation"))
    target = exporter.add_mutually_exclusive_group(required=True)
    target.add_argument("assessment_id", nargs="?", type=int, metavar="ID", help=help_text("assessment id"))
    target.add_argument(
        "--org",
        metavar=help_text("NAME_OR_ID"),
        help=help_text("export every assessment of this organisation"),
    )
    exporter.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    exporter.add_argument("-o", "--output", type=Path, required=True, metavar=help_text("FILE"))
    exporter.add_argument(
        "--table", choices=EXPORT_TABLES, default="answers", help=help_text("which table a CSV holds")
    )
    exporter.set_defaults(command=transfer.export_command)


def _add_scores(commands: Subparsers) -> None:
    score = commands.add_parser(
        "score", help=help_text("score a stored assessment, or an answers file (--answers)")
    )
    score.add_argument("assessment_id", nargs="?", type=int, metavar="ID", help=help_text("assessment id"))
    score.add_argument("--json", action="store_true", help=help_text("print the full result as JSON"))
    score_file.add_arguments(score)
    score.set_defaults(command=score_file.command(overview.score))

    listing = commands.add_parser(
        "list", help=help_text("organisations, units and assessments with their overall score")
    )
    listing.add_argument("--json", action="store_true", help=help_text("print as JSON"))
    listing.set_defaults(command=overview.list_command)


def _add_reports(commands: Subparsers) -> None:
    roadmap = commands.add_parser("report", help=help_text("write an assessment's roadmap as PDF"))
    roadmap.add_argument("assessment_id", type=int, metavar="ID", help=help_text("assessment id (see: list)"))
    roadmap.add_argument("-o", "--output", type=Path, required=True, metavar=help_text("FILE.pdf"))
    roadmap.add_argument(
        "--lang",
        metavar=help_text("LANG"),
        help=help_text(
            "language of the PDF and the messages: en, fr or de; default: the assessment's report language"
        ),
    )
    roadmap.set_defaults(command=report.report_command)

    comparison = commands.add_parser(
        "compare", help=help_text("write the comparison of an organisation's units as PDF")
    )
    comparison.add_argument(
        "--org", required=True, metavar=help_text("NAME_OR_ID"), help=help_text("organisation")
    )
    comparison.add_argument("-o", "--output", type=Path, required=True, metavar=help_text("FILE.pdf"))
    comparison.add_argument(
        "--lang",
        metavar=help_text("LANG"),
        help=help_text(
            "language of the PDF and the messages: en, fr or de; default: the terminal's language"
        ),
    )
    comparison.add_argument(
        "--unit",
        metavar=help_text("NAME_OR_ID"),
        help=help_text("add this unit's rounds over time (its trend) to the report"),
    )
    comparison.set_defaults(command=report.compare_command)


def _add_backlog(commands: Subparsers) -> None:
    parser = commands.add_parser(
        "backlog", help=help_text("a unit's plan: export it to the team's tools, import back")
    )
    actions = parser.add_subparsers(required=True, metavar=help_text("ACTION"))
    exporter = actions.add_parser(
        "export", help=help_text("write the plan as Jira CSV, Azure DevOps CSV, GitHub-issues JSON or XLSX")
    )
    exporter.add_argument(
        "unit_id", type=int, metavar="ID", help=help_text("unit id (one plan per unit; see: list)")
    )
    exporter.add_argument("--format", choices=PLAN_FORMATS, required=True)
    exporter.add_argument("-o", "--output", type=Path, required=True, metavar=help_text("FILE"))
    exporter.set_defaults(command=backlog.export_command)
    importer = actions.add_parser(
        "import",
        help=help_text("set statuses from Jira's or Azure DevOps' CSV export, by item key (all or none)"),
    )
    importer.add_argument("unit_id", type=int, metavar="ID", help=help_text("unit id"))
    importer.add_argument(
        "file", type=Path, metavar=help_text("FILE"), help=help_text("the tool's CSV export")
    )
    importer.set_defaults(command=backlog.import_command)


def _add_members(commands: Subparsers) -> None:
    parser = commands.add_parser(
        "members", help=help_text("roles of people in an organisation; instance admins")
    )
    actions = parser.add_subparsers(required=True, metavar=help_text("ACTION"))
    for name, description, command in (
        (
            "add",
            help_text("give EMAIL a role in --org (or change it), or make EMAIL an instance admin"),
            members.add_command,
        ),
        (
            "list",
            help_text("the members of --org with their roles, or the instance admins"),
            members.list_command,
        ),
        (
            "remove",
            help_text("take EMAIL's role in --org away, or EMAIL's instance admin rights"),
            members.remove_command,
        ),
    ):
        action = actions.add_parser(name, help=description)
        if name != "list":
            action.add_argument(
                "email", metavar=help_text("EMAIL"), help=help_text("the address the person signs in with")
            )
        action.add_argument("--org", metavar=help_text("NAME"), help=help_text("organisation, by name or id"))
        action.add_argument(
            "--admin", action="store_true", help=help_text("instance admins instead of an organisation")
        )
        if name == "add":
            action.add_argument("--role", choices=ROLES, help=help_text("owner, facilitator or viewer"))
        action.set_defaults(command=command)


def _add_personal_data(commands: Subparsers) -> None:
    delete = commands.add_parser(
        "delete", help=help_text("delete a respondent, assessment, unit or organisation (restorable)")
    )
    delete.add_argument(
        "kind", choices=erasure.KINDS, metavar=help_text("KIND"), help=" | ".join(erasure.KINDS)
    )
    delete.add_argument("id", type=int, metavar="ID")
    delete.add_argument(
        "--confirm",
        metavar=help_text("NAME"),
        help=help_text("its exact name (without it, says what would go)"),
    )
    delete.set_defaults(command=erasure.delete_command)
    restore = commands.add_parser(
        "restore", help=help_text("bring back something deleted, until it is purged")
    )
    restore.add_argument(
        "kind", choices=erasure.KINDS, metavar=help_text("KIND"), help=" | ".join(erasure.KINDS)
    )
    restore.add_argument("id", type=int, metavar="ID")
    restore.set_defaults(command=erasure.restore_command)
    purge = commands.add_parser(
        "purge", help=help_text("remove deleted data for good, from the database files too")
    )
    purge.add_argument(
        "--older-than",
        type=int,
        metavar=help_text("DAYS"),
        help=help_text(
            "what was deleted DAYS or more ago (0: all of it); default: each organisation's retention"
        ),
    )
    purge.set_defaults(command=erasure.purge_command)
    person = commands.add_parser(
        "export-person", help=help_text("everything stored about one person, as JSON")
    )
    person.add_argument(
        "person",
        metavar=help_text("EMAIL|TOKEN"),
        help=help_text("a sign-in address or a personal link's token"),
    )
    person.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=help_text("FILE"),
        help=help_text("write to FILE instead of the screen"),
    )
    person.set_defaults(command=erasure.export_person_command)
