"""``bank``: print the question bank as JSON, check a bank directory, list the stored versions,
or adopt a tailored bank for an organisation."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import database_command, operator, organisation_by_name_or_id
from cli.language import _
from cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Output

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Engine

    from questionnaires import Bank, Problem


def bank_command(args: argparse.Namespace, output: Output) -> int:
    """``--json``: the loaded, validated bank; ``--check PATH``: every problem of a bank directory;
    ``--versions``: the stored versions; ``--adopt PATH --org NAME``: a tailored bank."""
    from questionnaires import check_bank, load_bank
    from questionnaires.translations import languages, translated

    if args.versions:
        return versions_command(args, output)
    if args.adopt is not None:
        if args.org is None:
            output.error(
                _("--adopt needs --org NAME: the organisation whose new assessments will use the bank")
            )
            return EXIT_USAGE
        return adopt_command(args, output)
    if args.json:
        language = args.lang or "en"
        if language not in languages(args.bank):
            output.error(
                _("the bank has no '{language}' translation: use {join}").format(
                    language=language, join=", ".join(languages(args.bank))
                )
            )
            return EXIT_USAGE
        output.json({"language": language, **translated(load_bank(args.bank), language).to_dict()})
        return EXIT_OK
    problems = check_bank(args.check)
    shipped = languages(args.check)
    if not problems:
        problems = content_and_translation_problems(args.check, shipped)
    for problem in problems:
        output.result(str(problem))
    if problems:
        output.error(_("{count} problem(s) in {check}").format(count=len(problems), check=args.check))
        return EXIT_PROBLEMS
    bank = load_bank(args.check)
    output.result(
        f"ok: {len(bank.questions)} questions in {len(bank.areas)} areas, version {bank.version}; "
        f"complete in {', '.join(shipped)}"
    )
    return EXIT_OK


def content_and_translation_problems(bank_dir: Path, shipped: Sequence[str]) -> list[Problem]:
    """The content rules on a valid bank, then each translation's gaps.

    A complete translation's tie-breaks are checked too; the seed idea table of
    docs/framework-changes.md only for the shipped bank, whose changes it records.
    """
    from questionnaires import DEFAULT_BANK_DIR, load_bank
    from questionnaires.content_rules import FRAMEWORK_CHANGES, content_problems
    from questionnaires.translation_gaps import missing_translations
    from questionnaires.translations import translated

    bank = load_bank(bank_dir)
    gaps = {language: missing_translations(bank_dir, language) for language in shipped[1:]}  # after English
    framework_changes = None
    if Path(bank_dir).resolve() == DEFAULT_BANK_DIR.resolve():
        framework_changes = FRAMEWORK_CHANGES.read_text("utf-8") if FRAMEWORK_CHANGES.is_file() else ""
    problems = content_problems(
        bank,
        translations={language: translated(bank, language) for language, found in gaps.items() if not found},
        framework_changes=framework_changes,
    )
    return problems + [problem for found in gaps.values() for problem in found]


def read_tailored_bank(path: Path) -> Bank:
    """A bank folder or a zip of one, validated (:class:`BankError` lists every problem)."""
    from questionnaires.archive import read_bank_archive
    from questionnaires.loader import read_bank

    if path.is_file():
        return read_bank_archive(path.read_bytes(), name=path.name)
    return read_bank(path)


@database_command
def adopt_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Validate the bank, print what changes against the organisation's current bank, adopt it."""
    from assessment import services
    from assessment.db import session_scope

    bank = read_tailored_bank(args.adopt)
    with session_scope(engine, write=not args.dry_run) as session:
        organisation = organisation_by_name_or_id(session, args.org)
        preview = services.preview_adoption(
            session=session, actor=operator(), organisation_id=organisation.id, bank=bank
        )
        output.result(f"changes from bank {preview.old_version} to {preview.new_version}:")
        for line in preview.lines():
            output.result(f"  {line}")
        if args.dry_run:
            output.message(_("dry run: nothing adopted"))
            return EXIT_OK
        services.adopt_bank(session=session, actor=operator(), organisation_id=organisation.id, bank=bank)
    output.message(
        _(
            "'{name}' adopted bank {version} ({count} questions): its new assessments use it; those "
            "already started keep their own"
        ).format(name=organisation.name, version=bank.version, count=len(bank.questions))
    )
    return EXIT_OK


@database_command
def versions_command(args: argparse.Namespace, output: Output, engine: Engine) -> int:
    """Every stored bank version with where it came from and the assessments using it."""
    from assessment import services
    from assessment.db import session_scope

    with session_scope(engine, write=False) as session:
        versions = services.list_bank_versions(session=session, actor=operator())
    for info in versions:
        marks = [info.origin, *(["installed"] if info.installed and info.origin != "installed" else [])]
        marks += [f"adopted by {name}" for name in info.adopted_by]
        flagged = sum(1 for use in info.assessments if use.flagged)
        output.result(
            f"{info.version}  {len(info.assessments)} assessment(s)"
            + (f", {flagged} flagged (answered with a bank that was not kept)" if flagged else "")
            + f"  {info.questions} questions  ({', '.join(marks)})"
        )
    return EXIT_OK
