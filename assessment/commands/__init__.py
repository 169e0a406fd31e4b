"""The database subcommands of ``python -m assessment``: init, demo, import, export, score, list.

``add_commands`` registers them on the CLI's subparsers; each body lives in a small module
here and writes only through the CLI's ``Output``.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from assessment.commands import database, overview, score_file, transfer
from assessment.exporting import FORMATS, TABLES
from assessment.models import MODES


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    init = commands.add_parser("init", help="create or upgrade the database; add the demo to an empty one")
    init.add_argument("--no-demo", action="store_true", help="never add the demo organisation")
    init.set_defaults(command=database.init)

    demo = commands.add_parser("demo", help="add the demo organisation (if it is not there yet)")
    demo.set_defaults(command=database.demo)

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
    importer.set_defaults(command=transfer.import_command)

    exporter = commands.add_parser("export", help="export an assessment or a whole organisation")
    target = exporter.add_mutually_exclusive_group(required=True)
    target.add_argument("assessment_id", nargs="?", type=int, metavar="ID", help="assessment id")
    target.add_argument("--org", metavar="NAME_OR_ID", help="export every assessment of this organisation")
    exporter.add_argument("--format", choices=FORMATS, required=True)
    exporter.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    exporter.add_argument("--table", choices=TABLES, default="answers", help="which table a CSV holds")
    exporter.set_defaults(command=transfer.export_command)

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
