"""Import survey responses from CSV or XLSX into a new assessment, all or nothing.

:func:`import_file` reads a file (:mod:`.tables`: size limit, encodings, delimiters, XLSX),
checks it against the bank in either of two layouts (:mod:`.layouts`: one answer per row, or
one respondent per row as survey tools export) and stores it here, through
``services.write_answers`` like every other answer.

Answers may be 1–5, "N/A", "don't know", a level name ("Managed") or the question's level
text (see :mod:`questionnaires.answers`). Every problem is collected, each with its row (as
numbered in the file, the header being row 1) and column, and raised together in
:class:`ImportFileError`; nothing is written unless the whole file is good.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from assessment import services
from assessment.access import Actor
from assessment.db import bulk_insert
from assessment.importing.layouts import ParsedAnswer, ParsedResponses, read_responses
from assessment.importing.tables import ImportFileError, ImportProblem, read_limited
from assessment.models import Respondent, utcnow
from assessment.records import AssessmentInfo
from questionnaires import Bank

__all__ = [
    "ImportFileError",
    "ImportProblem",
    "ImportResult",
    "ParsedResponses",
    "import_file",
    "read_limited",
    "read_responses",
    "store_responses",
]


@dataclass(frozen=True)
class ImportResult:
    assessment: AssessmentInfo
    layout: str
    respondents: int
    answers: int
    ignored_columns: tuple[str, ...] = ()
    created: tuple[str, ...] = field(default=())  # "organisation 'X'", "unit 'Y'"


def import_file(
    *,
    session: Session,
    actor: Actor,
    path: Path,
    organisation: str,
    unit: str,
    title: str | None = None,
    assessed_on: date | None = None,
    mode: str | None = None,
    bank: Bank | None = None,
) -> ImportResult:
    """Read ``path`` and store it as a new assessment of ``unit`` in ``organisation``.

    The organisation and unit are created when they do not exist yet. ``mode`` defaults to
    a workshop when the file has several respondents. Everything happens in ``session``: if
    anything fails, the caller's rollback leaves the database as it was.
    """
    bank = services.current_bank(bank)
    parsed = read_responses(read_limited(path), filename=path.name, bank=bank)
    return store_responses(
        session=session,
        actor=actor,
        parsed=parsed,
        organisation=organisation,
        unit=unit,
        title=title or f"Imported from {path.name}",
        assessed_on=assessed_on or date.today(),
        mode=mode or ("workshop" if len(parsed.respondents) > 1 else "self"),
        bank=bank,
    )


def store_responses(
    *,
    session: Session,
    actor: Actor,
    parsed: ParsedResponses,
    organisation: str,
    unit: str,
    title: str,
    assessed_on: date,
    mode: str,
    bank: Bank,
) -> ImportResult:
    """Create the assessment and write every respondent and answer in ``session``."""
    created: list[str] = []
    organisation_info = services.find_organisation(session=session, actor=actor, name=organisation)
    if organisation_info is None:
        organisation_info = services.create_organisation(session=session, actor=actor, name=organisation)
        created.append(f"organisation '{organisation_info.name}'")
    unit_info = services.find_unit(
        session=session, actor=actor, organisation_id=organisation_info.id, name=unit
    )
    if unit_info is None:
        unit_info = services.create_unit(
            session=session, actor=actor, organisation_id=organisation_info.id, name=unit
        )
        created.append(f"unit '{unit_info.name}'")
    assessment = services.create_assessment(
        session=session,
        actor=actor,
        unit_id=unit_info.id,
        title=title,
        mode=mode,
        assessed_on=assessed_on,
        bank=bank,
    )
    respondent_ids = _insert_respondents(session, assessment.id, parsed.respondents)
    _insert_answers(session, respondent_ids, parsed.answers)
    return ImportResult(
        assessment=services.get_assessment_info(session=session, actor=actor, assessment_id=assessment.id),
        layout=parsed.layout,
        respondents=len(parsed.respondents),
        answers=len(parsed.answers),
        ignored_columns=parsed.ignored_columns,
        created=tuple(created),
    )


def _insert_respondents(session: Session, assessment_id: int, respondents: dict[str, str]) -> dict[str, int]:
    now = utcnow()
    rows = [
        {
            "assessment_id": assessment_id,
            "label": label,
            "role": role,
            "token": services.new_token(),
            "created_at": now,
        }
        for label, role in respondents.items()
    ]
    bulk_insert(session, Respondent.__table__, rows)
    stored = session.exec(
        select(Respondent.label, Respondent.id).where(col(Respondent.assessment_id) == assessment_id)
    ).all()
    return dict(stored)


def _insert_answers(
    session: Session, respondent_ids: dict[str, int], answers: Sequence[ParsedAnswer]
) -> None:
    now = utcnow()
    rows = [
        services.NewAnswer(
            respondent_ids[answer.respondent], answer.question_id, answer.answer, answer.note, now, now
        )
        for answer in answers
    ]
    services.write_answers(session=session, answers=rows, new_respondents=True)
