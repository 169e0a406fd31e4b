"""``bank``: print the question bank as JSON, or check a bank directory."""

from __future__ import annotations

import argparse

from cli.output import EXIT_OK, EXIT_PROBLEMS, Output


def bank_command(args: argparse.Namespace, output: Output) -> int:
    """``--json``: the loaded, validated bank; ``--check PATH``: every problem of a bank directory."""
    from questionnaires import check_bank, load_bank
    from questionnaires.coverage import coverage_problems

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
