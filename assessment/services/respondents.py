"""Respondents: the leader of a self-assessment, or the participants who join a workshop.

Each holds a secret token: their personal link to come back and go on answering.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from assessment.access import Action, Actor, require_respondent
from assessment.errors import (
    AssessmentClosedError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    TooManyAttemptsError,
)
from assessment.models import (
    CLIENT_LENGTH,
    OPEN,
    Assessment,
    JoinAttempt,
    Organisation,
    Respondent,
    RespondentInput,
    Unit,
    utcnow,
)
from assessment.records import AssessmentInfo, Participation, RespondentInfo
from assessment.rules import ensure_answers_may_change, ensure_confirmed
from assessment.services.assessments import create_assessment, get_assessment_info
from assessment.services.audit import record
from assessment.services.inputs import validated
from assessment.services.live import (
    assessment_for,
    assessment_is_live,
    live_respondent,
    organisation_of_unit,
    respondent_for,
    respondent_is_live,
)
from questionnaires import Bank
from questionnaires.i18n import _

TOKEN_BYTES = 24
TOKEN_LENGTH = 64  # the longest token looked up; ours are 32 characters
REMEMBERED_TOKENS = 20  # the most tokens a browser may offer at once when it rejoins
ANONYMOUS_LABEL = "Participant"  # numbered: "Participant 1", "Participant 2", …
LEADER_LABEL = "Leader"  # a self-assessment's respondent when the leader gives no name
JOIN_ATTEMPTS = 20  # tries at a free numbered label when many join with one name at once
WRONG_CODES_PER_MINUTE = 10  # per client: guessing one 6-character code would take centuries
WRONG_CODES_KEPT = timedelta(hours=1)
_JOIN_LOCK_KIND = 0x4A4F494E  # "JOIN": the advisory lock's first key; the assessment id is the second


def add_respondent(
    *,
    session: Session,
    actor: Actor,
    assessment_id: int,
    label: str,
    role: str = "",
    email: str | None = None,
) -> RespondentInfo:
    """A named (or, with an empty label, numbered anonymous) respondent with a secret token;
    ``email`` links them to a signed-in person, who can then resume by signing in."""
    assessment = assessment_for(session, actor, Action.RUN, assessment_id)
    data = validated(RespondentInput, label=label, role=role)
    if assessment.anonymous:
        return _insert(session, assessment_id, ANONYMOUS_LABEL, "", renumber=True)
    if not data.label:
        return _insert(session, assessment_id, ANONYMOUS_LABEL, data.role, renumber=True, email=email)
    if data.label in _labels(session, assessment_id):
        raise ConflictError(
            _("this assessment already has a respondent called '{label}'").format(label=data.label)
        )
    return _insert(session, assessment_id, data.label, data.role, renumber=False, email=email)


def start_self_assessment(
    *,
    session: Session,
    actor: Actor,
    unit_id: int,
    title: str,
    assessed_on: date,
    leader: str,
    role: str = "",
    bank: Bank | None = None,
) -> tuple[AssessmentInfo, RespondentInfo]:
    """A new self-assessment and its one respondent, the leader (called "Leader" when unnamed)."""
    assessment = create_assessment(
        session=session,
        actor=actor,
        unit_id=unit_id,
        title=title,
        mode="self",
        assessed_on=assessed_on,
        bank=bank,
    )
    label = leader.strip() or LEADER_LABEL
    respondent = add_respondent(
        session=session, actor=actor, assessment_id=assessment.id, label=label, role=role, email=actor.email
    )
    return assessment, respondent


def join_workshop(
    *, session: Session, join_code: str, client: str, label: str = "", role: str = ""
) -> RespondentInfo:
    """Add yourself to an open workshop by its join code; a name already taken gets a number.

    The join code is the credential, so no actor: anyone who has it may join. ``client`` names
    who is trying (their address): after ``WRONG_CODES_PER_MINUTE`` wrong codes in a minute,
    every try of that client is refused for the rest of the minute, right code or not.
    """
    assessment = _joinable(session, join_code, client)
    data = validated(RespondentInput, label=label, role=role)
    if assessment.anonymous:  # nothing that names a person is stored, whatever was typed
        return _insert(session, assessment.id, ANONYMOUS_LABEL, "", renumber=True)
    return _insert(session, assessment.id, data.label or ANONYMOUS_LABEL, data.role, renumber=True)


def returning_participant(
    *, session: Session, join_code: str, client: str, tokens: Sequence[str]
) -> RespondentInfo | None:
    """The participant of the open workshop with ``join_code`` whose token this browser kept
    (``tokens``), so opening the join link again resumes them instead of adding them twice.

    Checked as joining is (a wrong code counts towards ``client``'s limit, a closed workshop
    is refused); a token of another workshop, or of someone removed or withdrawn, is no one.
    """
    assessment = _joinable(session, join_code, client)
    kept = [token for token in tokens[:REMEMBERED_TOKENS] if token and len(token) <= TOKEN_LENGTH]
    if not kept:
        return None
    respondent = session.exec(
        select(Respondent)
        .where(
            col(Respondent.assessment_id) == assessment.id,
            col(Respondent.token).in_(kept),
            respondent_is_live(),
        )
        .order_by(col(Respondent.id).desc())
    ).first()
    return None if respondent is None else respondent_info(respondent)


def workshop_is_anonymous(*, session: Session, join_code: str, client: str) -> bool:
    """Whether the open workshop with ``join_code`` is anonymous, so the join page asks no name.

    Checked as joining is (a wrong code counts towards ``client``'s limit, a closed workshop
    is refused), so looking codes up is no way around the limit on guessing them.
    """
    return _joinable(session, join_code, client).anonymous


def _joinable(session: Session, join_code: str, client: str) -> Assessment:
    """The open workshop with ``join_code``; a wrong code is counted for ``client``."""
    _ensure_not_guessing(session, client)
    code = "".join(join_code.split()).upper()
    assessment = session.exec(
        select(Assessment)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(col(Assessment.join_code) == code, assessment_is_live())
    ).first()
    if assessment is None or not code:
        _record_wrong_code(session, client)
        raise NotFoundError(_("no workshop has the join code '{join_code}'").format(join_code=join_code))
    if assessment.status != OPEN:
        raise AssessmentClosedError(_("this workshop is closed: ask the facilitator to reopen it"))
    return assessment


def list_respondents(*, session: Session, actor: Actor, assessment_id: int) -> list[RespondentInfo]:
    """Everyone who answers the assessment, with their secret tokens: facilitators only."""
    assessment_for(session, actor, Action.RUN, assessment_id)
    respondents = session.exec(
        select(Respondent)
        .where(col(Respondent.assessment_id) == assessment_id, respondent_is_live())
        .order_by(Respondent.id)
    ).all()
    return [respondent_info(respondent) for respondent in respondents]


def respondent_by_token(*, session: Session, token: str) -> RespondentInfo | None:
    """Whoever holds ``token``, if their assessment still exists; never raises on a bad token.

    The token is the credential. It is 32 URL-safe characters of 24 random bytes: no rate of
    guessing comes near one (2^192 tokens), so a timing difference in the index lookup reveals
    nothing usable.
    """
    if not token or len(token) > TOKEN_LENGTH:
        return None
    respondent = session.exec(
        select(Respondent)
        .join(Assessment, col(Assessment.id) == Respondent.assessment_id)
        .join(Unit, col(Unit.id) == Assessment.unit_id)
        .join(Organisation, col(Organisation.id) == Unit.organisation_id)
        .where(col(Respondent.token) == token, respondent_is_live(), assessment_is_live())
    ).first()
    return None if respondent is None else respondent_info(respondent)


def participation_for(*, session: Session, token: str) -> Participation | None:
    """Whoever holds ``token``: their actor, their record and the assessment they answer
    (all a participant may see of it); None for a token that is not (or no longer) valid."""
    respondent = respondent_by_token(session=session, token=token)
    if respondent is None:
        return None
    assessment = get_assessment_info(
        session=session, actor=Actor.operator(), assessment_id=respondent.assessment_id
    )
    organisation = session.get(Organisation, assessment.organisation_id)
    retention = organisation.retention_days if organisation is not None else 0
    return Participation(Actor.participant(respondent.id), respondent, assessment, retention)


def own_respondents(*, session: Session, actor: Actor, assessment_id: int) -> list[RespondentInfo]:
    """The respondents of the assessment that ``actor`` answers as: those linked to their
    address; in local mode (the operator) every one. Personal links are shown to no one else."""
    if actor.is_operator:
        return list_respondents(session=session, actor=actor, assessment_id=assessment_id)
    if actor.email is None:
        return []
    assessment_for(session, actor, Action.READ, assessment_id)
    respondents = session.exec(
        select(Respondent)
        .where(
            col(Respondent.assessment_id) == assessment_id,
            col(Respondent.email) == actor.email,
            respondent_is_live(),
        )
        .order_by(Respondent.id)
    ).all()
    return [respondent_info(respondent) for respondent in respondents]


def rename_respondent(
    *, session: Session, actor: Actor, respondent_id: int, label: str, role: str | None = None
) -> RespondentInfo:
    """A new name (and role) for a respondent: by themselves (their token) or a facilitator."""
    if actor.kind == "participant" and actor.respondent_id == respondent_id:
        respondent = respondent_for(session, Actor.operator(), Action.RUN, respondent_id)
    else:
        respondent = respondent_for(session, actor, Action.RUN, respondent_id)
    data = validated(RespondentInput, label=label, role=respondent.role if role is None else role)
    if not data.label:
        raise InvalidInputError(_("a respondent's name cannot be empty"))
    if data.label != respondent.label and data.label in _labels(session, respondent.assessment_id):
        raise ConflictError(
            _("this assessment already has a respondent called '{label}'").format(label=data.label)
        )
    respondent.label, respondent.role = data.label, data.role
    session.add(respondent)
    session.flush()
    return respondent_info(respondent)


def delete_respondent(*, session: Session, actor: Actor, respondent_id: int, confirm: str) -> None:
    """Remove a respondent (a duplicate who joined twice, …) with all their answers and notes,
    by a facilitator; ``confirm`` must be their label. Restorable until purged."""
    respondent = respondent_for(session, actor, Action.RUN, respondent_id)
    ensure_confirmed(confirm, respondent.label, "respondent")
    _set_deleted(session, actor, respondent, utcnow())


def withdraw(*, session: Session, actor: Actor, respondent_id: int) -> None:
    """A participant takes back all their answers and notes while the assessment is open
    (their own token only). Their personal link stops working; the facilitator can restore
    them until the data is purged."""
    require_respondent(actor, respondent_id)
    respondent = live_respondent(session, respondent_id)
    assessment = session.get(Assessment, respondent.assessment_id)
    ensure_answers_may_change(assessment.status if assessment else "closed")
    _set_deleted(session, actor, respondent, utcnow())


def restore_respondent(*, session: Session, actor: Actor, respondent_id: int) -> RespondentInfo:
    """Bring back a removed or withdrawn respondent with their answers (facilitators)."""
    respondent = session.get(Respondent, respondent_id)
    if respondent is None or respondent.deleted_at is None:
        raise NotFoundError(
            _("there is no deleted respondent with id {respondent_id}").format(respondent_id=respondent_id)
        )
    assessment_for(session, actor, Action.RUN, respondent.assessment_id)
    _set_deleted(session, actor, respondent, None)
    return respondent_info(respondent)


def _set_deleted(session: Session, actor: Actor, respondent: Respondent, when: datetime | None) -> None:
    respondent.deleted_at = when
    session.add(respondent)
    session.flush()
    assessment = session.get(Assessment, respondent.assessment_id)
    organisation_id = organisation_of_unit(session, assessment.unit_id) if assessment else None
    action = "delete" if when is not None else "restore"
    record(session, actor, action, "respondent", respondent.id, organisation_id=organisation_id)


def new_token() -> str:
    """A respondent's secret: 24 random bytes, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def respondent_info(respondent: Respondent) -> RespondentInfo:
    return RespondentInfo(
        respondent.id,
        respondent.assessment_id,
        respondent.label,
        respondent.role,
        respondent.token,
        respondent.created_at,
        respondent.language,
    )


def _insert(
    session: Session, assessment_id: int, label: str, role: str, *, renumber: bool, email: str | None = None
) -> RespondentInfo:
    """Insert, guarded by the unique (assessment, label): people joining at the same moment
    with the same name get the next free number instead of an error (``renumber``).

    Numbered joins to one assessment take turns (see :func:`_take_turn`), so a thousand people
    joining at once each find a free number at the first try instead of retrying against each
    other; the unique constraint and the retries remain for names given by hand meanwhile.
    """
    if renumber:
        _take_turn(session, assessment_id)
    for _attempt in range(JOIN_ATTEMPTS):
        candidate = _free_label(session, assessment_id, label) if renumber else label
        respondent = Respondent(
            assessment_id=assessment_id, label=candidate, role=role, token=new_token(), email=email
        )
        try:
            with session.begin_nested():
                session.add(respondent)
        except IntegrityError:
            if not renumber:
                raise ConflictError(
                    _("this assessment already has a respondent called '{label}'").format(label=label)
                ) from None
            continue
        return respondent_info(respondent)
    raise ConflictError(_("too many people joined at the same moment: please try again"))


def _take_turn(session: Session, assessment_id: int) -> None:
    """Wait for the other numbered joins to ``assessment_id`` to commit (until this one ends).

    PostgreSQL: a transaction-level advisory lock on the assessment, which touches no row, so
    saves and closes are not held up; its transaction is one insert long. SQLite needs
    nothing: its writers already take turns at ``BEGIN IMMEDIATE``.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:kind, :assessment_id)"),
            {"kind": _JOIN_LOCK_KIND, "assessment_id": assessment_id},
        )


def _ensure_not_guessing(session: Session, client: str) -> None:
    since = utcnow() - timedelta(minutes=1)
    wrong = session.exec(
        select(func.count())
        .select_from(JoinAttempt)
        .where(col(JoinAttempt.client) == client[:CLIENT_LENGTH], col(JoinAttempt.attempted_at) >= since)
    ).one()
    if wrong >= WRONG_CODES_PER_MINUTE:
        raise TooManyAttemptsError(
            _("too many wrong join codes from this device: wait a minute, then try again")
        )


def _record_wrong_code(session: Session, client: str) -> None:
    """Committed at once, unlike anything else a service does: the failed join raises, and the
    caller's rollback must not erase the count of guesses."""
    session.execute(delete(JoinAttempt).where(col(JoinAttempt.attempted_at) < utcnow() - WRONG_CODES_KEPT))
    session.add(JoinAttempt(client=client[:CLIENT_LENGTH]))
    session.commit()


def _labels(session: Session, assessment_id: int) -> set[str]:
    return set(
        session.exec(select(Respondent.label).where(col(Respondent.assessment_id) == assessment_id)).all()
    )


def _free_label(session: Session, assessment_id: int, label: str) -> str:
    """``label``, or "label 2", "label 3", … when taken (always numbered when anonymous)."""
    taken = _labels(session, assessment_id)
    if label not in taken and label != ANONYMOUS_LABEL:
        return label
    number = 1 if label == ANONYMOUS_LABEL else 2
    while f"{label} {number}" in taken:
        number += 1
    return f"{label} {number}"
