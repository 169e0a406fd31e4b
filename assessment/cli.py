"""``python -m assessment``: the command line.

Each subcommand is a small function taking the parsed arguments and an ``Output``;
every byte the CLI writes goes through ``Output`` so commands stay testable.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from questionnaires import DEFAULT_BANK_DIR, BankError, check_bank, load_bank
from questionnaires.coverage import coverage_problems

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


@dataclass
class Output:
    """Where the CLI writes: results to ``out``, messages and errors to ``err``."""

    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def result(self, text: str) -> None:
        self.out.write(text if text.endswith("\n") else text + "\n")

    def json(self, data: Any) -> None:
        self.result(json.dumps(data, ensure_ascii=False, indent=2))

    def error(self, text: str) -> None:
        self.err.write(f"error: {text}\n")

    def message(self, text: str) -> None:
        self.err.write(text if text.endswith("\n") else text + "\n")


Command = Callable[[argparse.Namespace, Output], int]


def main(argv: Sequence[str] | None = None, output: Output | None = None) -> int:
    output = output or Output()
    parser = _build_parser()
    args = parser.parse_args(argv)
    command: Command = args.command
    try:
        return command(args, output)
    except BankError as error:
        output.error(str(error))
        return EXIT_PROBLEMS


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assessment", description="Wayfinder command line.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    bank = commands.add_parser("bank", help="show or check the question bank")
    mode = bank.add_mutually_exclusive_group(required=True)
    mode.add_argument("--json", action="store_true", help="print the loaded, validated bank as JSON")
    mode.add_argument(
        "--check", metavar="PATH", type=Path, help="validate a bank directory, list every problem"
    )
    bank.add_argument(
        "--bank", metavar="PATH", type=Path, default=DEFAULT_BANK_DIR, help="bank directory for --json"
    )
    bank.set_defaults(command=_bank)

    from assessment.commands import add_commands, report  # late: the commands import Output from here

    add_commands(commands)
    report.add_commands(commands)
    return parser


def _bank(args: argparse.Namespace, output: Output) -> int:
    if args.json:
        output.json(load_bank(args.bank).to_dict())
        return EXIT_OK
    problems = check_bank(args.check)
    if not problems:
        problems = coverage_problems(load_bank(args.check))
    for problem in problems:
        output.result(str(problem))
    if problems:
        output.error(f"{len(problems)} problem(s) in {args.check}")
        return EXIT_PROBLEMS
    bank = load_bank(args.check)
    output.result(f"ok: {len(bank.questions)} questions in {len(bank.areas)} areas, version {bank.version}")
    return EXIT_OK
