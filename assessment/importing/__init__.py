"""Import survey responses from CSV or XLSX into a new assessment, all or nothing.

:func:`import_file` reads a file (:mod:`.tables`: size limit, encodings, delimiters, XLSX),
checks it against the bank in either of two layouts (:mod:`.layouts`: one answer per row, or
one respondent per row as survey tools export) and stores it here, through
``services.write_answers`` like every other answer.

Survey tools' exports import as they are (:mod:`.survey_tools`, :mod:`.wide`); columns are
matched to questions by id, text or close text, or by a mapping a person chose (:mod:`.mapping`),
which is remembered per organisation and form for the next file. Answers may be 1–5, "N/A",
"don't know", a level name ("Managed") or the question's level text, with the text tools add
around them ("3 - Defined"; see :mod:`questionnaires.answers`). Every problem is collected,
each with its row (as numbered in the file, the header being row 1) and column, and raised
together in :class:`ImportFileError`; nothing is written unless the whole file is good.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from assessment import services
from assessment.access import Actor
from assessment.db import bulk_insert
from assessment.importing.layouts import (
    ColumnPlan,
    ParsedAnswer,
    ParsedResponses,
    plan_columns,
    read_responses,
)
from assessment.importing.mapping import ColumnMatch, mapping_of, read_mapping
from assessment.importing.tables import ImportFileError, ImportProblem, read_limited
from assessment.models import Respondent, utcnow
from assessment.records import AssessmentInfo
from assessment.services.audit import record
from questionnaires import Bank
from questionnaires.i18n import _

__all__ = [
    "ColumnMatch",
    "ColumnPlan",
    "ImportFileError",
    "ImportProblem",
    "ImportResult",
    "ParsedResponses",
    "import_file",
    "mapping_of",
    "plan_columns",
    "read_limited",
    "read_mapping",
    "read_responses",
    "saved_mapping",
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
    plan: ColumnPlan | None = None  # a wide file's columns: what each held, how it was matched
    mapping_from: str | None = None  # "the mapping file", "the mapping saved for this form", or None


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
    mapping: Mapping[str, str] | None = None,
    bank: Bank | None = None,
) -> ImportResult:
    """Read ``path`` and store it as a new assessment of ``unit`` in ``organisation``.

    The organisation and unit are created when they do not exist yet. ``mode`` defaults to
    a workshop when the file has several respondents. ``mapping`` (header → question id or
    "skip", see :func:`read_mapping`) decides columns and is remembered for the organisation;
    without one, the mapping remembered for files with the same headers is used, if any.
    Everything happens in ``session``: if anything fails, the caller's rollback leaves the
    database as it was.
    """
    existing = services.find_organisation(session=session, actor=actor, name=organisation)
    if bank is None:  # the bank the organisation's new assessments use: its tailored one, if any
        bank = (
            services.bank_of_organisation(session=session, actor=actor, organisation_id=existing.id)
            if existing is not None
            else services.current_bank()
        )
    used: list[str] = [_("the mapping file")] if mapping is not None else []

    def remembered(plan: ColumnPlan) -> Mapping[str, str] | None:
        found = (
            saved_mapping(session=session, actor=actor, organisation_id=existing.id, plan=plan)
            if existing is not None
            else None
        )
        if found:
            used.append(_("the mapping saved for this form"))
        return found

    parsed = read_responses(
        read_limited(path), filename=path.name, bank=bank, mapping=mapping, remembered=remembered
    )
    mapping_from = used[0] if used else None
    result = store_responses(
        session=session,
        actor=actor,
        parsed=parsed,
        organisation=organisation,
        unit=unit,
        title=title or _("Imported from {filename}").format(filename=path.name),
        assessed_on=assessed_on or date.today(),
        mode=mode or ("workshop" if len(parsed.respondents) > 1 else "self"),
        bank=bank,
        remember=mapping,
    )
    return replace(result, mapping_from=mapping_from)


def saved_mapping(
    *, session: Session, actor: Actor, organisation_id: int, plan: ColumnPlan
) -> dict[str, str] | None:
    """The mapping remembered for files with ``plan``'s headers in the organisation, if any."""
    if plan.layout != "wide":
        return None
    return services.find_import_mapping(
        session=session, actor=actor, organisation_id=organisation_id, headers=plan.headers
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
    remember: Mapping[str, str] | None = None,
) -> ImportResult:
    """Create the assessment and write every respondent and answer in ``session``.

    ``remember``: the mapping a person chose for this wide file, saved for the organisation's
    next file with the same headers.
    """
    created: list[str] = []
    organisation_info = services.find_organisation(session=session, actor=actor, name=organisation)
    if organisation_info is None:
        organisation_info = services.create_organisation(session=session, actor=actor, name=organisation)
        created.append(_("organisation '{name}'").format(name=organisation_info.name))
    unit_info = services.find_unit(
        session=session, actor=actor, organisation_id=organisation_info.id, name=unit
    )
    if unit_info is None:
        unit_info = services.create_unit(
            session=session, actor=actor, organisation_id=organisation_info.id, name=unit
        )
        created.append(_("unit '{name}'").format(name=unit_info.name))
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
    if remember and parsed.plan is not None:
        services.save_import_mapping(
            session=session,
            actor=actor,
            organisation_id=organisation_info.id,
            headers=parsed.plan.headers,
            mapping=remember,
        )
    record(
        session,
        actor,
        "import",
        "assessment",
        assessment.id,
        organisation_id=assessment.organisation_id,
        detail=f"{len(parsed.answers)} answers, {len(parsed.respondents)} respondents ({parsed.layout})",
    )
    return ImportResult(
        assessment=services.get_assessment_info(session=session, actor=actor, assessment_id=assessment.id),
        layout=parsed.layout,
        respondents=len(parsed.respondents),
        answers=len(parsed.answers),
        ignored_columns=parsed.ignored_columns,
        created=tuple(created),
        plan=parsed.plan,
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
