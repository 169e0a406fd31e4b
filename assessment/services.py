"""Data access as plain functions: keyword-only, session first, plain records out.

Every function works inside the caller's session (``db.session_scope``) and never commits
itself, so several calls form one transaction. Errors are :mod:`assessment.errors`
exceptions with a message for the user. Deleting an organisation, unit or assessment is
soft (it disappears everywhere but can be restored) and needs its exact name as
confirmation; deleting a respondent removes their answers for good.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

import pandas as pd
from pydantic import ValidationError
from sqlalchemy import Select, bindparam, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from assessment.answer_values import STORED_TO_CANONICAL, Canonical, fold, parse_answer, to_stored
from assessment.errors import (
    AssessmentClosedError,
    ConfirmationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from assessment.models import (
    CLOSED,
    NOTE_LENGTH,
    OPEN,
    Answer,
    Assessment,
    AssessmentInput,
    NameInput,
    NoteInput,
    Organisation,
    Respondent,
    RespondentInput,
    Unit,
    utcnow,
)
from assessment.records import (
    AssessmentInfo,
    OrganisationInfo,
    RespondentInfo,
    RespondentProgress,
    TrendPoint,
    UnitInfo,
    WorkshopProgress,
)
from assessment.settings import get_settings
from questionnaires import Bank, load_bank
from scoring.compare import compare
from scoring.engine import assessment_result, score_of, score_tables
from scoring.options import OptionsError, ScoringOptions
from scoring.results import AssessmentResult, Comparison, Score

ANSWER_COLUMNS = ("assessment", "respondent", "question", "answer", "note")
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1: read aloud in a room
JOIN_CODE_LENGTH = 6
TOKEN_BYTES = 24
ANONYMOUS_LABEL = "Participant"  # numbered: "Participant 1", "Participant 2", …
JOIN_ATTEMPTS = 20

_Input = TypeVar("_Input", bound=SQLModel)


def current_bank(bank: Bank | None = None) -> Bank:
    """``bank`` if given, else the bank of ``WAYFINDER_BANK_DIR`` (the shipped one by default)."""
    return bank if bank is not None else load_bank(get_settings().bank_dir)


# --- organisations -------------------------------------------------------------------------


def create_organisation(*, session: Session, name: str) -> OrganisationInfo:
    clean = _validated(NameInput, name=name).name
    _ensure_organisation_name_free(session, clean)
    organisation = Organisation(name=clean)
    session.add(organisation)
    session.flush()
    return _organisation_info(organisation, units=0, assessments=0)


def list_organisations(*, session: Session) -> list[OrganisationInfo]:
    organisations = session.exec(
        select(Organisation).where(col(Organisation.deleted_at).is_(None)).order_by(Organisation.name)
    ).all()
    units = _count_by(session, select(Unit.organisation_id, func.count()).where(_unit_live()))
    assessments = _count_by(
        session,
        select(Unit.organisation_id, func.count())
        .join(Assessment, col(Assessment.unit_id) == Unit.id)
        .where(_unit_live(), col(Assessment.deleted_at).is_(None)),
    )
    return [
        _organisation_info(org, units=units.get(org.id, 0), assessments=assessments.get(org.id, 0))
        for org in organisations
    ]


def get_organisation(*, session: Session, organisation_id: int) -> OrganisationInfo:
    organisation = _live_organisation(session, organisation_id)
    return next(info for info in list_organisations(session=session) if info.id == organisation.id)


def find_organisation(*, session: Session, name: str) -> OrganisationInfo | None:
    """The live organisation called ``name`` (case and spacing ignored), if any."""
    wanted = fold(name)
    return next((info for info in list_organisations(session=session) if fold(info.name) == wanted), None)


def rename_organisation(*, session: Session, organisation_id: int, name: str) -> OrganisationInfo:
    organisation = _live_organisation(session, organisation_id)
    clean = _validated(NameInput, name=name).name
    _ensure_organisation_name_free(session, clean, except_id=organisation_id)
    organisation.name = clean
    session.add(organisation)
    session.flush()
    return get_organisation(session=session, organisation_id=organisation_id)


def delete_organisation(*, session: Session, organisation_id: int, confirm: str) -> None:
    """Hide the organisation with its units and assessments; ``confirm`` must be its name."""
    organisation = _live_organisation(session, organisation_id)
    _check_confirmation(confirm, organisation.name, "organisation")
    organisation.deleted_at = utcnow()
    session.add(organisation)


def restore_organisation(*, session: Session, organisation_id: int) -> OrganisationInfo:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.deleted_at is None:
        raise NotFoundError(f"there is no deleted organisation with id {organisation_id}")
    _ensure_organisation_name_free(session, organisation.name)
    organisation.deleted_at = None
    session.add(organisation)
    session.flush()
    return get_organisation(session=session, organisation_id=organisation_id)


# --- units ---------------------------------------------------------------------------------


def create_unit(
    *, session: Session, organisation_id: int, name: str, parent_id: int | None = None
) -> UnitInfo:
    """A department (``parent_id`` None) or a team inside one."""
    _live_organisation(session, organisation_id)
    clean = _validated(NameInput, name=name).name
    if parent_id is not None and _live_unit(session, parent_id).organisation_id != organisation_id:
        raise InvalidInputError(f"unit {parent_id} belongs to another organisation")
    _ensure_unit_name_free(session, organisation_id, parent_id, clean)
    unit = Unit(organisation_id=organisation_id, parent_id=parent_id, name=clean)
    session.add(unit)
    session.flush()
    return _unit_infos(session, organisation_id)[unit.id]


def list_units(*, session: Session, organisation_id: int) -> list[UnitInfo]:
    """The organisation's live units as a tree, depth first, siblings by name."""
    _live_organisation(session, organisation_id)
    return list(_unit_infos(session, organisation_id).values())


def get_unit(*, session: Session, unit_id: int) -> UnitInfo:
    unit = _live_unit(session, unit_id)
    return _unit_infos(session, unit.organisation_id)[unit_id]


def find_unit(*, session: Session, organisation_id: int, name: str) -> UnitInfo | None:
    """The live unit whose name or path ("Finance / Payroll") is ``name``; ambiguity is an error."""
    wanted = fold(name)
    units = list_units(session=session, organisation_id=organisation_id)
    matches = [u for u in units if fold(u.path) == wanted] or [u for u in units if fold(u.name) == wanted]
    if len(matches) > 1:
        paths = "; ".join(unit.path for unit in matches)
        raise InvalidInputError(f"several units are called '{name}' ({paths}): give the full path")
    return matches[0] if matches else None


def rename_unit(*, session: Session, unit_id: int, name: str) -> UnitInfo:
    unit = _live_unit(session, unit_id)
    clean = _validated(NameInput, name=name).name
    _ensure_unit_name_free(session, unit.organisation_id, unit.parent_id, clean, except_id=unit_id)
    unit.name = clean
    session.add(unit)
    session.flush()
    return get_unit(session=session, unit_id=unit_id)


def delete_unit(*, session: Session, unit_id: int, confirm: str) -> None:
    """Hide the unit, its sub-units and their assessments; ``confirm`` must be the unit's name."""
    unit = _live_unit(session, unit_id)
    _check_confirmation(confirm, unit.name, "unit")
    now = utcnow()
    for descendant in _subtree(session, unit):
        descendant.deleted_at = now
        session.add(descendant)


def restore_unit(*, session: Session, unit_id: int) -> UnitInfo:
    """Bring back a deleted unit and the sub-units deleted with it."""
    unit = session.get(Unit, unit_id)
    if unit is None or unit.deleted_at is None:
        raise NotFoundError(f"there is no deleted unit with id {unit_id}")
    if unit.parent_id is not None:
        _live_unit(session, unit.parent_id)
    _ensure_unit_name_free(session, unit.organisation_id, unit.parent_id, unit.name)
    deleted_at = unit.deleted_at
    for descendant in _subtree(session, unit, deleted_at=deleted_at):
        descendant.deleted_at = None
        session.add(descendant)
    session.flush()
    return get_unit(session=session, unit_id=unit_id)


# --- assessments ---------------------------------------------------------------------------


def create_assessment(
    *,
    session: Session,
    unit_id: int,
    title: str,
    mode: str,
    assessed_on: date,
    area_targets: Mapping[str, float] | None = None,
    question_targets: Mapping[str, int] | None = None,
    focus_steps: Iterable[str] = (),
    focus_pillars: Iterable[str] = (),
    bank: Bank | None = None,
) -> AssessmentInfo:
    """A new open assessment of a unit, recording the bank version it is answered with.

    A workshop gets a join code participants type to add themselves.
    """
    _live_unit(session, unit_id)
    bank = current_bank(bank)
    data = _validated(
        AssessmentInput,
        title=title,
        mode=mode,
        assessed_on=assessed_on,
        area_targets=dict(area_targets or {}),
        question_targets=dict(question_targets or {}),
        focus_steps=list(focus_steps),
        focus_pillars=list(focus_pillars),
    )
    _check_options(
        bank,
        area_targets=data.area_targets,
        question_targets=data.question_targets,
        focus_steps=data.focus_steps,
        focus_pillars=data.focus_pillars,
    )
    assessment = Assessment(**data.model_dump(), unit_id=unit_id, bank_version=bank.version)
    if data.mode == "workshop":
        assessment.join_code = new_join_code(session)
    session.add(assessment)
    session.flush()
    return get_assessment_info(session=session, assessment_id=assessment.id)


def list_assessments(
    *, session: Session, organisation_id: int | None = None, unit_id: int | None = None
) -> list[AssessmentInfo]:
    """Live assessments, by organisation, unit and date; optionally of one organisation or unit."""
    query = _assessment_query()
    if organisation_id is not None:
        query = query.where(col(Unit.organisation_id) == organisation_id)
    if unit_id is not None:
        query = query.where(col(Assessment.unit_id) == unit_id)
    rows = session.exec(query.order_by(Organisation.name, Assessment.assessed_on, Assessment.id)).all()
    paths = _unit_paths(session, {row[2].id for row in rows})
    infos = [_assessment_info(*row, unit_path=paths[row[1].id]) for row in rows]
    return sorted(
        infos, key=lambda info: (fold(info.organisation), fold(info.unit), info.assessed_on, info.id)
    )


def get_assessment_info(*, session: Session, assessment_id: int) -> AssessmentInfo:
    row = session.exec(_assessment_query().where(col(Assessment.id) == assessment_id)).first()
    if row is None:
        raise NotFoundError(f"there is no assessment with id {assessment_id}")
    return _assessment_info(*row, unit_path=_unit_paths(session, {row[2].id})[row[1].id])


def rename_assessment(*, session: Session, assessment_id: int, title: str) -> AssessmentInfo:
    assessment = _live_assessment(session, assessment_id)
    assessment.title = _validated(NameInput, name=title).name
    session.add(assessment)
    session.flush()
    return get_assessment_info(session=session, assessment_id=assessment_id)


def update_targets(
    *,
    session: Session,
    assessment_id: int,
    area_targets: Mapping[str, float] | None = None,
    question_targets: Mapping[str, int] | None = None,
    focus_steps: Iterable[str] | None = None,
    focus_pillars: Iterable[str] | None = None,
    bank: Bank | None = None,
) -> AssessmentInfo:
    """Change targets and focus; an argument left as None keeps what is stored."""
    assessment = _live_assessment(session, assessment_id)
    # New containers, never in-place edits: JSON columns only save reassigned values.
    changed = {
        "area_targets": dict(assessment.area_targets if area_targets is None else area_targets),
        "question_targets": dict(
            assessment.question_targets if question_targets is None else question_targets
        ),
        "focus_steps": list(assessment.focus_steps if focus_steps is None else focus_steps),
        "focus_pillars": list(assessment.focus_pillars if focus_pillars is None else focus_pillars),
    }
    _check_options(current_bank(bank), **changed)
    for name, value in changed.items():
        setattr(assessment, name, value)
    session.add(assessment)
    session.flush()
    return get_assessment_info(session=session, assessment_id=assessment_id)


def close_assessment(*, session: Session, assessment_id: int) -> AssessmentInfo:
    """Stop all changes to the answers; the join code stops working too."""
    return _set_status(session, assessment_id, CLOSED)


def reopen_assessment(*, session: Session, assessment_id: int) -> AssessmentInfo:
    return _set_status(session, assessment_id, OPEN)


def rotate_join_code(*, session: Session, assessment_id: int) -> AssessmentInfo:
    """A fresh join code for a workshop; the old one stops working at once."""
    assessment = _live_assessment(session, assessment_id)
    if assessment.mode != "workshop":
        raise InvalidInputError("only workshops have a join code")
    assessment.join_code = new_join_code(session)
    session.add(assessment)
    session.flush()
    return get_assessment_info(session=session, assessment_id=assessment_id)


def delete_assessment(*, session: Session, assessment_id: int, confirm: str) -> None:
    """Hide the assessment and its answers; ``confirm`` must be its title."""
    assessment = _live_assessment(session, assessment_id)
    _check_confirmation(confirm, assessment.title, "assessment")
    assessment.deleted_at = utcnow()
    assessment.join_code = None
    session.add(assessment)


def restore_assessment(*, session: Session, assessment_id: int) -> AssessmentInfo:
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or assessment.deleted_at is None:
        raise NotFoundError(f"there is no deleted assessment with id {assessment_id}")
    _live_unit(session, assessment.unit_id)
    assessment.deleted_at = None
    if assessment.mode == "workshop":
        assessment.join_code = new_join_code(session)
    session.add(assessment)
    session.flush()
    return get_assessment_info(session=session, assessment_id=assessment_id)


# --- respondents ---------------------------------------------------------------------------


def add_respondent(*, session: Session, assessment_id: int, label: str, role: str = "") -> RespondentInfo:
    """A named (or, with an empty label, numbered anonymous) respondent with a secret token."""
    _live_assessment(session, assessment_id)
    data = _validated(RespondentInput, label=label, role=role)
    if not data.label:
        return _insert_respondent(session, assessment_id, ANONYMOUS_LABEL, data.role, renumber=True)
    if _label_taken(session, assessment_id, data.label):
        raise ConflictError(f"this assessment already has a respondent called '{data.label}'")
    return _insert_respondent(session, assessment_id, data.label, data.role, renumber=False)


def start_self_assessment(
    *,
    session: Session,
    unit_id: int,
    title: str,
    assessed_on: date,
    leader: str,
    role: str = "",
    bank: Bank | None = None,
) -> tuple[AssessmentInfo, RespondentInfo]:
    """A new self-assessment and its one respondent, the leader (called "Leader" when unnamed)."""
    assessment = create_assessment(
        session=session, unit_id=unit_id, title=title, mode="self", assessed_on=assessed_on, bank=bank
    )
    leader = leader.strip() or "Leader"
    respondent = add_respondent(session=session, assessment_id=assessment.id, label=leader, role=role)
    return assessment, respondent


def join_workshop(*, session: Session, join_code: str, label: str = "", role: str = "") -> RespondentInfo:
    """Add yourself to an open workshop by its join code; a name already taken gets a number."""
    code = "".join(join_code.split()).upper()
    assessment = session.exec(
        select(Assessment)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(col(Assessment.join_code) == code, _assessment_live())
    ).first()
    if assessment is None or not code:
        raise NotFoundError(f"no workshop has the join code '{join_code}'")
    if assessment.status != OPEN:
        raise AssessmentClosedError("this workshop is closed: ask the facilitator to reopen it")
    data = _validated(RespondentInput, label=label, role=role)
    return _insert_respondent(session, assessment.id, data.label or ANONYMOUS_LABEL, data.role, renumber=True)


def list_respondents(*, session: Session, assessment_id: int) -> list[RespondentInfo]:
    _live_assessment(session, assessment_id)
    respondents = session.exec(
        select(Respondent).where(col(Respondent.assessment_id) == assessment_id).order_by(Respondent.id)
    ).all()
    return [_respondent_info(respondent) for respondent in respondents]


def respondent_by_token(*, session: Session, token: str) -> RespondentInfo | None:
    """Whoever holds ``token``, if their assessment still exists; never raises on a bad token."""
    if not token or len(token) > 64:
        return None
    respondent = session.exec(
        select(Respondent)
        .join(Assessment, col(Assessment.id) == Respondent.assessment_id)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(col(Respondent.token) == token, _assessment_live())
    ).first()
    return None if respondent is None else _respondent_info(respondent)


def rename_respondent(
    *, session: Session, respondent_id: int, label: str, role: str | None = None
) -> RespondentInfo:
    respondent = _live_respondent(session, respondent_id)
    data = _validated(RespondentInput, label=label, role=respondent.role if role is None else role)
    if not data.label:
        raise InvalidInputError("a respondent's name cannot be empty")
    if data.label != respondent.label and _label_taken(session, respondent.assessment_id, data.label):
        raise ConflictError(f"this assessment already has a respondent called '{data.label}'")
    respondent.label, respondent.role = data.label, data.role
    session.add(respondent)
    session.flush()
    return _respondent_info(respondent)


def delete_respondent(*, session: Session, respondent_id: int, confirm: str) -> None:
    """Remove a respondent and all their answers for good; ``confirm`` must be their label."""
    respondent = _live_respondent(session, respondent_id)
    _check_confirmation(confirm, respondent.label, "respondent")
    for answer in session.exec(select(Answer).where(col(Answer.respondent_id) == respondent_id)).all():
        session.delete(answer)
    session.delete(respondent)


# --- answers -------------------------------------------------------------------------------


def save_answer(
    *,
    session: Session,
    respondent_id: int,
    question_id: str,
    answer: object,
    note: str | None = None,
    bank: Bank | None = None,
) -> Canonical:
    """Store one answer, replacing the respondent's previous answer to the question.

    ``answer``: a level 1–5, "na", "dont_know" or anything :func:`parse_answer` reads.
    ``note``: None keeps the note already saved, "" removes it. Safe under concurrent saves
    of the same answer (one atomic insert-or-update on the unique respondent × question).
    Returns the canonical answer stored.
    """
    bank = current_bank(bank)
    value = _checked_answer(bank, question_id, answer)
    clean_note = _validated(NoteInput, note=note).note
    _ensure_open(session, respondent_id)
    _upsert_answers(
        session, respondent_id, {question_id: value}, {} if clean_note is None else {question_id: clean_note}
    )
    return value


def save_answers(
    *,
    session: Session,
    respondent_id: int,
    answers: Mapping[str, object],
    notes: Mapping[str, str] | None = None,
    bank: Bank | None = None,
) -> dict[str, Canonical]:
    """Store several answers of one respondent at once: all of them, or none and every problem.

    ``notes`` maps a question (also in ``answers``) to its note, "" removing it; the notes of
    questions without an entry stay as they are.
    """
    bank = current_bank(bank)
    notes = dict(notes or {})
    values: dict[str, Canonical] = {}
    problems: list[str] = []
    for question_id, answer in answers.items():
        try:
            values[question_id] = _checked_answer(bank, question_id, answer)
        except InvalidInputError as error:
            problems.append(f"{question_id}: {error}")
    for question_id, note in notes.items():
        if question_id not in answers:
            problems.append(f"{question_id}: a note needs an answer to the same question")
        elif len(note) > NOTE_LENGTH:
            problems.append(f"{question_id}: the note is longer than {NOTE_LENGTH} characters")
    if problems:
        raise InvalidInputError("; ".join(problems))
    _ensure_open(session, respondent_id)
    _upsert_answers(session, respondent_id, values, {q: note.strip() for q, note in notes.items()})
    return values


def clear_answer(*, session: Session, respondent_id: int, question_id: str) -> None:
    """Remove a respondent's answer to a question (back to unanswered)."""
    _ensure_open(session, respondent_id)
    answer = session.exec(
        select(Answer).where(
            col(Answer.respondent_id) == respondent_id, col(Answer.question_id) == question_id
        )
    ).first()
    if answer is not None:
        session.delete(answer)


def answers_for_respondent(
    *, session: Session, respondent_id: int
) -> dict[str, tuple[Canonical, str | None]]:
    """Question id → (answer, note) of everything this respondent has saved."""
    rows = session.exec(
        select(Answer.question_id, Answer.value, Answer.note).where(
            col(Answer.respondent_id) == respondent_id
        )
    ).all()
    return {question: (STORED_TO_CANONICAL[value], note) for question, value, note in rows}


def load_answers(*, session: Session, assessment_id: int) -> pd.DataFrame:
    """The assessment's answers as the canonical answers table scoring takes.

    Columns ``assessment`` (the id as text), ``respondent`` (the label, unique in the
    assessment), ``question``, ``answer`` (int 1–5, "na" or "dont_know") and ``note``.
    """
    _live_assessment(session, assessment_id)
    return _answers_frame(session, col(Respondent.assessment_id) == assessment_id)


def load_organisation_answers(*, session: Session, organisation_id: int) -> pd.DataFrame:
    """The canonical answers table of every live assessment of an organisation, in one query."""
    _live_organisation(session, organisation_id)
    live_ids = (
        select(Assessment.id)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .where(
            col(Unit.organisation_id) == organisation_id, _unit_live(), col(Assessment.deleted_at).is_(None)
        )
    )
    return _answers_frame(session, col(Respondent.assessment_id).in_(live_ids))


def workshop_progress(*, session: Session, assessment_id: int, bank: Bank | None = None) -> WorkshopProgress:
    """Who has joined and how many questions each has answered, for the facilitator's screen."""
    info = get_assessment_info(session=session, assessment_id=assessment_id)
    rows = session.exec(
        select(Respondent, func.count(col(Answer.id)), func.max(Answer.updated_at))
        .outerjoin(Answer, col(Answer.respondent_id) == Respondent.id)
        .where(col(Respondent.assessment_id) == assessment_id)
        .group_by(col(Respondent.id))
        .order_by(Respondent.id)
    ).all()
    respondents = tuple(
        RespondentProgress(r.id, r.label, r.role, answered, last) for r, answered, last in rows
    )
    questions = len(current_bank(bank).questions)
    return WorkshopProgress(assessment_id, info.status, info.join_code, questions, respondents)


# --- scores --------------------------------------------------------------------------------


def score_assessment(*, session: Session, assessment_id: int, bank: Bank | None = None) -> AssessmentResult:
    """The assessment's full result (scores, backlog, roadmap) with its stored targets and focus."""
    bank = current_bank(bank)
    info = get_assessment_info(session=session, assessment_id=assessment_id)
    tables = score_tables(_scorable(load_answers(session=session, assessment_id=assessment_id), bank), bank)
    return assessment_result(tables, str(assessment_id), bank, info.scoring_options())


def overall_scores(
    *, session: Session, organisation_id: int | None = None, bank: Bank | None = None
) -> dict[int, Score]:
    """Assessment id → overall score, for every live assessment (of one organisation), in one pass."""
    bank = current_bank(bank)
    if organisation_id is None:
        answers = _answers_frame(session, col(Respondent.assessment_id).in_(_live_assessment_ids()))
    else:
        answers = load_organisation_answers(session=session, organisation_id=organisation_id)
    overall = score_tables(_scorable(answers, bank), bank).overall
    return {
        int(assessment_id): score_of(float(row.score), float(row.coverage), bank)
        for assessment_id, row in overall.iterrows()
    }


def score_organisation(*, session: Session, organisation_id: int, bank: Bank | None = None) -> Comparison:
    """Each unit's latest answered assessment side by side, with its change since the one before.

    Assessments without any answer yet are left out, so a new empty round does not hide
    a unit's last scores; units with no answered assessment do not appear.
    """
    bank = current_bank(bank)
    tables = score_tables(
        _scorable(load_organisation_answers(session=session, organisation_id=organisation_id), bank), bank
    )
    answered = set(tables.assessment_ids)
    rounds: dict[str, list[AssessmentInfo]] = {}
    for info in list_assessments(session=session, organisation_id=organisation_id):
        if str(info.id) in answered:
            rounds.setdefault(info.unit, []).append(info)
    latest = {unit: max(infos, key=_chronological) for unit, infos in rounds.items()}
    previous = {
        unit: str(sorted(infos, key=_chronological)[-2].id)
        for unit, infos in rounds.items()
        if len(infos) > 1
    }
    labels = {str(info.id): unit for unit, info in sorted(latest.items())}
    return compare(tables, bank, labels=labels, previous=previous)


def unit_trend(*, session: Session, unit_id: int, bank: Bank | None = None) -> list[TrendPoint]:
    """Every assessment of a unit, oldest first, each with its full result."""
    bank = current_bank(bank)
    get_unit(session=session, unit_id=unit_id)
    infos = sorted(list_assessments(session=session, unit_id=unit_id), key=_chronological)
    answers = _answers_frame(session, col(Respondent.assessment_id).in_([info.id for info in infos]))
    tables = score_tables(_scorable(answers, bank), bank)
    return [
        TrendPoint(info, assessment_result(tables, str(info.id), bank, info.scoring_options()))
        for info in infos
    ]


def answers_version(
    *, session: Session, assessment_id: int | None = None, organisation_id: int | None = None
) -> tuple[int, datetime | None]:
    """(answer count, latest answer change) of one assessment or an organisation's live assessments.

    One aggregate query: the app keys its cached scores on it, so scores are recomputed only
    when an answer was saved, changed or removed.
    """
    query = select(func.count(col(Answer.id)), func.max(Answer.updated_at)).join(
        Respondent, col(Respondent.id) == Answer.respondent_id
    )
    if assessment_id is not None:
        query = query.where(col(Respondent.assessment_id) == assessment_id)
    if organisation_id is not None:
        live_ids = _live_assessment_ids().where(col(Unit.organisation_id) == organisation_id)
        query = query.where(col(Respondent.assessment_id).in_(live_ids))
    count, latest = session.exec(query).one()
    return int(count), latest


# --- helpers -------------------------------------------------------------------------------


def _checked_answer(bank: Bank, question_id: str, answer: object) -> Canonical:
    if not bank.has_question(question_id):
        raise InvalidInputError(f"question '{question_id}' is not in the question bank")
    return parse_answer(answer, framework=bank.framework, question=bank.question(question_id))


def _upsert_answers(
    session: Session, respondent_id: int, values: Mapping[str, Canonical], notes: Mapping[str, str]
) -> None:
    """Insert or update in one statement per kind: with a new note, or keeping the saved one."""
    now = utcnow()
    rows = [
        {
            "respondent_id": respondent_id,
            "question_id": question_id,
            "value": to_stored(value),
            "note": notes.get(question_id) or None,
            "created_at": now,
            "updated_at": now,
        }
        for question_id, value in values.items()
    ]
    dialect = session.get_bind().dialect.name
    for with_note in (True, False):
        batch = [row for row in rows if (row["question_id"] in notes) == with_note]
        if batch:
            session.connection().execute(_upsert_statement(dialect, with_note), batch)


@cache
def _upsert_statement(dialect: str, with_note: bool) -> Any:
    """Insert an answer, or update the one saved for the same respondent and question (atomic)."""
    if dialect not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"Wayfinder supports SQLite and PostgreSQL, not {dialect}")
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Answer.__table__)
    changes = {"value": insert.excluded.value, "updated_at": insert.excluded.updated_at}
    if with_note:
        changes["note"] = insert.excluded.note
    return insert.on_conflict_do_update(index_elements=["respondent_id", "question_id"], set_=changes)


def _chronological(info: AssessmentInfo) -> tuple[date, int]:
    return (info.assessed_on, info.id)


def _scorable(answers: pd.DataFrame, bank: Bank) -> pd.DataFrame:
    """Answers to questions still in the bank; a question retired since is no longer scored."""
    question_ids = [question.id for question in bank.questions]
    return answers[answers["question"].isin(question_ids)].reset_index(drop=True)


def _live_assessment_ids() -> Any:
    return (
        select(Assessment.id)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(_assessment_live())
    )


def _validated(model: type[_Input], **data: Any) -> _Input:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, detail['loc'])) or 'value'}: {detail['msg']}" for detail in error.errors()
        )
        raise InvalidInputError(problems) from None


def _check_options(
    bank: Bank,
    *,
    area_targets: Mapping[str, float],
    question_targets: Mapping[str, int],
    focus_steps: Iterable[str],
    focus_pillars: Iterable[str],
) -> None:
    options = ScoringOptions(
        area_targets=area_targets,
        question_targets=question_targets,
        focus_steps=tuple(focus_steps),
        focus_pillars=tuple(focus_pillars),
    )
    try:
        options.check(bank)
    except OptionsError as error:
        raise InvalidInputError(str(error)) from None


def _check_confirmation(confirm: str, name: str, what: str) -> None:
    if confirm.strip() != name:
        raise ConfirmationError(f"to delete this {what}, confirm with its exact name: '{name}'")


def _unit_live() -> Any:
    return col(Unit.deleted_at).is_(None)


def _assessment_live() -> Any:
    """For queries joining Assessment, Unit and Organisation."""
    return (
        col(Assessment.deleted_at).is_(None)
        & col(Unit.deleted_at).is_(None)
        & col(Organisation.deleted_at).is_(None)
    )


def _count_by(session: Session, query: Select[Any]) -> dict[int, int]:
    return dict(session.exec(query.group_by(col(Unit.organisation_id))).all())


def _organisation_info(organisation: Organisation, *, units: int, assessments: int) -> OrganisationInfo:
    return OrganisationInfo(organisation.id, organisation.name, organisation.created_at, units, assessments)


def _live_organisation(session: Session, organisation_id: int) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.deleted_at is not None:
        raise NotFoundError(f"there is no organisation with id {organisation_id}")
    return organisation


def _live_unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or unit.deleted_at is not None:
        raise NotFoundError(f"there is no unit with id {unit_id}")
    _live_organisation(session, unit.organisation_id)
    return unit


def _live_assessment(session: Session, assessment_id: int) -> Assessment:
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or assessment.deleted_at is not None:
        raise NotFoundError(f"there is no assessment with id {assessment_id}")
    try:
        _live_unit(session, assessment.unit_id)
    except NotFoundError:
        raise NotFoundError(f"there is no assessment with id {assessment_id}") from None
    return assessment


def _live_respondent(session: Session, respondent_id: int) -> Respondent:
    respondent = session.get(Respondent, respondent_id)
    if respondent is None:
        raise NotFoundError(f"there is no respondent with id {respondent_id}")
    _live_assessment(session, respondent.assessment_id)
    return respondent


def _ensure_open(session: Session, respondent_id: int) -> None:
    status = session.connection().execute(_open_status_query(), {"respondent_id": respondent_id}).scalar()
    if status is None:
        raise NotFoundError(f"there is no respondent with id {respondent_id}")
    if status != OPEN:
        raise AssessmentClosedError("this assessment is closed: its answers can no longer change")


@cache
def _open_status_query() -> Any:
    """Built once: saving answers is the hottest path; building a statement costs more than running it."""
    return (
        select(Assessment.status)
        .join(Respondent, col(Respondent.assessment_id) == Assessment.id)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(col(Respondent.id) == bindparam("respondent_id"), _assessment_live())
    )


def _ensure_organisation_name_free(session: Session, name: str, except_id: int | None = None) -> None:
    existing = find_organisation(session=session, name=name)
    if existing is not None and existing.id != except_id:
        raise ConflictError(f"an organisation called '{existing.name}' already exists (id {existing.id})")


def _ensure_unit_name_free(
    session: Session, organisation_id: int, parent_id: int | None, name: str, except_id: int | None = None
) -> None:
    siblings = session.exec(
        select(Unit).where(
            col(Unit.organisation_id) == organisation_id,
            col(Unit.parent_id).is_(None) if parent_id is None else col(Unit.parent_id) == parent_id,
            _unit_live(),
        )
    ).all()
    for sibling in siblings:
        if fold(sibling.name) == fold(name) and sibling.id != except_id:
            raise ConflictError(f"a unit called '{sibling.name}' already exists there (id {sibling.id})")


def _unit_infos(session: Session, organisation_id: int) -> dict[int, UnitInfo]:
    """The organisation's live units in tree order; a unit under a deleted parent is left out."""
    units = session.exec(select(Unit).where(col(Unit.organisation_id) == organisation_id, _unit_live())).all()
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    infos: dict[int, UnitInfo] = {}

    def visit(parent_id: int | None, prefix: str, depth: int) -> None:
        for unit in sorted(children.get(parent_id, []), key=lambda u: (fold(u.name), u.id)):
            path = f"{prefix}{unit.name}"
            infos[unit.id] = UnitInfo(
                unit.id, unit.organisation_id, unit.parent_id, unit.name, path, depth, unit.created_at
            )
            visit(unit.id, f"{path} / ", depth + 1)

    visit(None, "", 0)
    return infos


def _unit_paths(session: Session, organisation_ids: Iterable[int]) -> dict[int, str]:
    return {
        unit_id: info.path
        for organisation_id in organisation_ids
        for unit_id, info in _unit_infos(session, organisation_id).items()
    }


def _subtree(session: Session, unit: Unit, deleted_at: datetime | None = None) -> list[Unit]:
    """The unit and its descendants; with ``deleted_at``, only those deleted at that moment."""
    units = session.exec(select(Unit).where(col(Unit.organisation_id) == unit.organisation_id)).all()
    children: dict[int | None, list[Unit]] = {}
    for candidate in units:
        children.setdefault(candidate.parent_id, []).append(candidate)
    found, pending = [], [unit]
    while pending:
        current = pending.pop()
        if current is unit or deleted_at is None or current.deleted_at == deleted_at:
            found.append(current)
            pending.extend(children.get(current.id, []))
    return found


def _assessment_query() -> Any:
    respondents = (
        select(func.count(col(Respondent.id)))
        .where(col(Respondent.assessment_id) == Assessment.id)
        .scalar_subquery()
    )
    return (
        select(Assessment, Unit, Organisation, respondents)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(_assessment_live())
    )


def _assessment_info(
    assessment: Assessment, unit: Unit, organisation: Organisation, respondents: int, *, unit_path: str
) -> AssessmentInfo:
    return AssessmentInfo(
        id=assessment.id,
        organisation_id=organisation.id,
        organisation=organisation.name,
        unit_id=unit.id,
        unit=unit_path,
        title=assessment.title,
        assessed_on=assessment.assessed_on,
        mode=assessment.mode,
        status=assessment.status,
        respondents=respondents,
        bank_version=assessment.bank_version,
        join_code=assessment.join_code,
        created_at=assessment.created_at,
        closed_at=assessment.closed_at,
        area_targets=dict(assessment.area_targets),
        question_targets=dict(assessment.question_targets),
        focus_steps=tuple(assessment.focus_steps),
        focus_pillars=tuple(assessment.focus_pillars),
    )


def _set_status(session: Session, assessment_id: int, status: str) -> AssessmentInfo:
    assessment = _live_assessment(session, assessment_id)
    assessment.status = status
    assessment.closed_at = utcnow() if status == CLOSED else None
    session.add(assessment)
    session.flush()
    return get_assessment_info(session=session, assessment_id=assessment_id)


def new_join_code(session: Session) -> str:
    """A join code no assessment uses yet."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if session.exec(select(Assessment.id).where(col(Assessment.join_code) == code)).first() is None:
            return code


def new_token() -> str:
    """A respondent's secret: 24 random bytes, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _insert_respondent(
    session: Session, assessment_id: int, label: str, role: str, *, renumber: bool
) -> RespondentInfo:
    """Insert, guarded by the unique (assessment, label): people joining at the same moment
    with the same name get the next free number instead of an error (``renumber``)."""
    for _ in range(JOIN_ATTEMPTS):
        candidate = _free_label(session, assessment_id, label) if renumber else label
        respondent = Respondent(assessment_id=assessment_id, label=candidate, role=role, token=new_token())
        try:
            with session.begin_nested():
                session.add(respondent)
        except IntegrityError:
            if not renumber:
                raise ConflictError(f"this assessment already has a respondent called '{label}'") from None
            continue
        return _respondent_info(respondent)
    raise ConflictError("too many people joined at the same moment: please try again")


def _respondent_info(respondent: Respondent) -> RespondentInfo:
    return RespondentInfo(
        respondent.id,
        respondent.assessment_id,
        respondent.label,
        respondent.role,
        respondent.token,
        respondent.created_at,
    )


def _labels(session: Session, assessment_id: int) -> set[str]:
    return set(
        session.exec(select(Respondent.label).where(col(Respondent.assessment_id) == assessment_id)).all()
    )


def _label_taken(session: Session, assessment_id: int, label: str) -> bool:
    return label in _labels(session, assessment_id)


def _free_label(session: Session, assessment_id: int, label: str) -> str:
    """``label``, or "label 2", "label 3", … when taken (always numbered when anonymous)."""
    taken = _labels(session, assessment_id)
    if label not in taken and label != ANONYMOUS_LABEL:
        return label
    number = 1 if label == ANONYMOUS_LABEL else 2
    while f"{label} {number}" in taken:
        number += 1
    return f"{label} {number}"


def _answers_frame(session: Session, condition: Any) -> pd.DataFrame:
    """The canonical answers table; plain tuples through Core, since ORM rows cost more to unpack."""
    rows = (
        session.connection()
        .execute(
            select(Respondent.assessment_id, Respondent.label, Answer.question_id, Answer.value, Answer.note)
            .join(Answer, col(Answer.respondent_id) == Respondent.id)
            .where(condition)
            .order_by(Respondent.assessment_id, Respondent.id, Answer.id)
        )
        .all()
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(ANSWER_COLUMNS)
    frame = pd.DataFrame(dict(zip(ANSWER_COLUMNS, columns, strict=True)), columns=list(ANSWER_COLUMNS))
    frame["assessment"] = frame["assessment"].astype(str)
    frame["answer"] = frame["answer"].map(STORED_TO_CANONICAL).astype(object)
    frame["note"] = frame["note"].astype(object).where(frame["note"].notna(), None)
    return frame
