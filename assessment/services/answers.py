"""Answers: what each respondent chose for each question, and the note they wrote beside it.

:func:`write_answers` is the one writer of answer rows: saves from the questionnaire, imports
and restored backups all go through it, so an answer is stored the same way whatever brought it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

import pandas as pd
from sqlalchemy import bindparam, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from assessment.access import Action, Actor, readable_organisations, require_respondent
from assessment.db import bulk_insert
from assessment.errors import InvalidInputError, NotFoundError
from assessment.models import (
    NOTE_LENGTH,
    AnswerRow,
    Assessment,
    NoteInput,
    Organisation,
    Respondent,
    Unit,
    utcnow,
)
from assessment.records import RespondentProgress, WorkshopProgress
from assessment.rules import ensure_answers_may_change
from assessment.services.assessments import get_assessment_info
from assessment.services.banks import bank_by_version
from assessment.services.inputs import unstorable_text, validated
from assessment.services.live import (
    assessment_for,
    assessment_is_live,
    live_assessment_ids,
    organisation_for,
    respondent_is_live,
    unit_is_live,
)
from questionnaires import Bank
from questionnaires.answers import Answer, AnswerError, from_stored, parse_answer, to_stored
from questionnaires.i18n import _

ANSWER_COLUMNS = ("assessment", "respondent", "question", "answer", "note")


class NewAnswer(NamedTuple):
    """One answer to write. With ``replace``, a ``note`` of None keeps the note already saved."""

    respondent_id: int
    question_id: str
    answer: Answer
    note: str | None
    created_at: datetime
    updated_at: datetime


def save_answer(
    *,
    session: Session,
    actor: Actor,
    respondent_id: int,
    question_id: str,
    answer: object,
    note: str | None = None,
    bank: Bank | None = None,
) -> Answer:
    """Store one answer, replacing the respondent's previous answer to the question.

    ``answer``: a level 1–5, "na", "dont_know" or anything :func:`parse_answer` reads.
    ``note``: None keeps the note already saved, "" removes it. Safe under concurrent saves
    of the same answer (one atomic insert-or-update on the unique respondent × question).
    Returns the canonical answer stored. Only the respondent (their token) saves their answers.
    """
    require_respondent(actor, respondent_id)
    version = _ensure_open(session, respondent_id)
    value = _checked_answer(bank or bank_by_version(session, version), question_id, answer)
    clean_note = validated(NoteInput, note=note).note
    now = utcnow()
    write_answers(
        session=session, answers=[NewAnswer(respondent_id, question_id, value, clean_note, now, now)]
    )
    return value


def save_answers(
    *,
    session: Session,
    actor: Actor,
    respondent_id: int,
    answers: Mapping[str, object],
    notes: Mapping[str, str] | None = None,
    bank: Bank | None = None,
) -> dict[str, Answer]:
    """Store several answers of one respondent at once: all of them, or none and every problem.

    ``notes`` maps a question (also in ``answers``) to its note, "" removing it; the notes of
    questions without an entry stay as they are.
    """
    require_respondent(actor, respondent_id)
    version = _ensure_open(session, respondent_id)
    bank = bank or bank_by_version(session, version)
    notes = dict(notes or {})
    values: dict[str, Answer] = {}
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
        elif why := unstorable_text(note):
            problems.append(f"{question_id}: the note {why}")
    if problems:
        raise InvalidInputError("; ".join(problems))
    now = utcnow()
    rows = [
        NewAnswer(respondent_id, question_id, value, _note_or_keep(notes, question_id), now, now)
        for question_id, value in values.items()
    ]
    write_answers(session=session, answers=rows)
    return values


def write_answers(*, session: Session, answers: Sequence[NewAnswer], new_respondents: bool = False) -> None:
    """Write answer rows in the session's transaction: the one place answers are stored.

    By default each answer replaces the respondent's answer to the same question, atomically
    (insert-or-update on the unique respondent × question). ``new_respondents`` (an import,
    a restored backup) skips that check for one bulk insert, ``COPY`` on PostgreSQL.
    Checks no role: its callers (saves, import, restore) have checked theirs.
    """
    if new_respondents:
        bulk_insert(session, AnswerRow.__table__, [_row(answer) for answer in answers])
        return
    dialect = session.get_bind().dialect.name
    for keep_note in (False, True):
        batch = [_row(answer) for answer in answers if (answer.note is None) == keep_note]
        if batch:
            session.connection().execute(_upsert_statement(dialect, keep_note), batch)


def clear_answer(*, session: Session, actor: Actor, respondent_id: int, question_id: str) -> None:
    """Remove a respondent's answer to a question (back to unanswered)."""
    require_respondent(actor, respondent_id)
    _ensure_open(session, respondent_id)
    answer = session.exec(
        select(AnswerRow).where(
            col(AnswerRow.respondent_id) == respondent_id, col(AnswerRow.question_id) == question_id
        )
    ).first()
    if answer is not None:
        session.delete(answer)


def answers_for_respondent(
    *, session: Session, actor: Actor, respondent_id: int
) -> dict[str, tuple[Answer, str | None]]:
    """Question id → (answer, note) of everything this respondent has saved (for them only)."""
    require_respondent(actor, respondent_id)
    rows = session.exec(
        select(AnswerRow.question_id, AnswerRow.value, AnswerRow.note).where(
            col(AnswerRow.respondent_id) == respondent_id
        )
    ).all()
    return {question: (from_stored(value), note) for question, value, note in rows}


def load_answers(*, session: Session, actor: Actor, assessment_id: int) -> pd.DataFrame:
    """The assessment's answers as the canonical answers table scoring takes.

    Columns ``assessment`` (the id as text), ``respondent`` (the label, unique in the
    assessment), ``question``, ``answer`` (an :data:`Answer`) and ``note``.
    """
    assessment_for(session, actor, Action.READ, assessment_id)
    return answers_frame(session, col(Respondent.assessment_id) == assessment_id, as_answers=True)


def load_organisation_answers(*, session: Session, actor: Actor, organisation_id: int) -> pd.DataFrame:
    """The canonical answers table of every live assessment of an organisation, in one query."""
    return answers_frame(session, organisation_answers(session, actor, organisation_id), as_answers=True)


def organisation_answers(session: Session, actor: Actor, organisation_id: int) -> Any:
    """The condition selecting the answers of an organisation's live assessments ``actor`` may read."""
    organisation_for(session, actor, Action.READ, organisation_id)
    live_ids = (
        select(Assessment.id)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .where(
            col(Unit.organisation_id) == organisation_id, unit_is_live(), col(Assessment.deleted_at).is_(None)
        )
    )
    return col(Respondent.assessment_id).in_(live_ids)


def answers_frame(session: Session, condition: Any, *, as_answers: bool) -> pd.DataFrame:
    """The answers table of the rows matching ``condition``; plain tuples through Core.

    With ``as_answers`` the ``answer`` column holds :data:`Answer` values (for pages and
    exports); without, the stored text ("3", "na"), which the scoring engine reads straight
    from its bytes — the fast path for scores.
    """
    rows = (
        session.connection()
        .execute(
            select(
                Respondent.assessment_id,
                Respondent.label,
                AnswerRow.question_id,
                AnswerRow.value,
                AnswerRow.note,
            )
            .join(AnswerRow, col(AnswerRow.respondent_id) == Respondent.id)
            .where(condition, respondent_is_live())
            .order_by(Respondent.assessment_id, Respondent.id, AnswerRow.id)
        )
        .all()
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(ANSWER_COLUMNS)
    frame = pd.DataFrame(dict(zip(ANSWER_COLUMNS, columns, strict=True)), columns=list(ANSWER_COLUMNS))
    frame["assessment"] = frame["assessment"].astype(str)
    frame["answer"] = (
        frame["answer"].map(from_stored).astype(object) if as_answers else frame["answer"].astype(str)
    )
    frame["note"] = frame["note"].astype(object).where(frame["note"].notna(), None)
    return frame


def workshop_progress(
    *, session: Session, actor: Actor, assessment_id: int, bank: Bank | None = None
) -> WorkshopProgress:
    """Who has joined and how many questions each has answered, for the facilitator's screen."""
    assessment_for(session, actor, Action.RUN, assessment_id)
    info = get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)
    rows = session.exec(
        select(Respondent, func.count(col(AnswerRow.id)), func.max(AnswerRow.updated_at))
        .outerjoin(AnswerRow, col(AnswerRow.respondent_id) == Respondent.id)
        .where(col(Respondent.assessment_id) == assessment_id, respondent_is_live())
        .group_by(col(Respondent.id))
        .order_by(Respondent.id)
    ).all()
    respondents = tuple(
        RespondentProgress(r.id, r.label, r.role, answered, last) for r, answered, last in rows
    )
    questions = len((bank or bank_by_version(session, info.bank_version)).questions)
    return WorkshopProgress(assessment_id, info.status, info.join_code, questions, respondents)


def answers_version(
    *, session: Session, actor: Actor, assessment_id: int | None = None, organisation_id: int | None = None
) -> tuple[int, datetime | None]:
    """(answer count, latest answer change) of one assessment or an organisation's live assessments.

    One aggregate query: the app keys its cached scores on it, so scores are recomputed only
    when an answer was saved, changed or removed.
    """
    query = (
        select(func.count(col(AnswerRow.id)), func.max(AnswerRow.updated_at))
        .join(Respondent, col(Respondent.id) == AnswerRow.respondent_id)
        .where(respondent_is_live())
    )
    if assessment_id is not None:
        assessment_for(session, actor, Action.READ, assessment_id)
        query = query.where(col(Respondent.assessment_id) == assessment_id)
    if organisation_id is not None:
        organisation_for(session, actor, Action.READ, organisation_id)
        live_ids = live_assessment_ids().where(col(Unit.organisation_id) == organisation_id)
        query = query.where(col(Respondent.assessment_id).in_(live_ids))
    readable = readable_organisations(actor)
    if readable is not None:
        query = query.where(
            col(Respondent.assessment_id).in_(
                live_assessment_ids().where(col(Unit.organisation_id).in_(readable))
            )
        )
    count, latest = session.exec(query).one()
    return int(count), latest


def _checked_answer(bank: Bank, question_id: str, answer: object) -> Answer:
    if not bank.has_question(question_id):
        raise InvalidInputError(
            _("question '{question_id}' is not in the question bank").format(question_id=question_id)
        )
    try:
        return parse_answer(answer, framework=bank.framework, question=bank.question(question_id), bank=bank)
    except AnswerError as error:
        raise InvalidInputError(str(error)) from None


def _note_or_keep(notes: Mapping[str, str], question_id: str) -> str | None:
    """The note to store ("" removes it), or None to keep the saved one."""
    return notes[question_id].strip() if question_id in notes else None


def _row(answer: NewAnswer) -> dict[str, Any]:
    return {
        "respondent_id": answer.respondent_id,
        "question_id": answer.question_id,
        "value": to_stored(answer.answer),
        "note": answer.note or None,
        "created_at": answer.created_at,
        "updated_at": answer.updated_at,
    }


@cache
def _upsert_statement(dialect: str, keep_note: bool) -> Any:
    """Insert an answer, or update the one saved for the same respondent and question (atomic)."""
    if dialect not in ("postgresql", "sqlite"):
        raise NotImplementedError(
            _("Wayfinder supports SQLite and PostgreSQL, not {dialect}").format(dialect=dialect)
        )
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(AnswerRow.__table__)
    changes = {"value": insert.excluded.value, "updated_at": insert.excluded.updated_at}
    if not keep_note:
        changes["note"] = insert.excluded.note
    return insert.on_conflict_do_update(index_elements=["respondent_id", "question_id"], set_=changes)


def _ensure_open(session: Session, respondent_id: int) -> str:
    """Raise unless the respondent's assessment takes answers; returns its bank version."""
    row = session.connection().execute(_open_status_query(), {"respondent_id": respondent_id}).first()
    if row is None:
        raise NotFoundError(
            _("there is no respondent with id {respondent_id}").format(respondent_id=respondent_id)
        )
    ensure_answers_may_change(row.status)
    return str(row.bank_version)


@cache
def _open_status_query() -> Any:
    """Built once: saving answers is the hottest path; building a statement costs more than running it.

    ``FOR SHARE`` of the assessment row (PostgreSQL; SQLite's writers queue at ``BEGIN``): saves
    share it, closing the assessment updates it, so a close waits for the saves in flight and
    a save that comes after it waits for its commit and then reads "closed". Without it, a
    save that read "open" could commit after the close.
    """
    return (
        select(Assessment.status, Assessment.bank_version)
        .join(Respondent, col(Respondent.assessment_id) == Assessment.id)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(col(Respondent.id) == bindparam("respondent_id"), respondent_is_live(), assessment_is_live())
        .with_for_update(read=True, of=Assessment)
    )
