"""Read-only results links: one assessment's results for people without an account (a board).

Whoever runs the organisation's assessments (facilitators and owners) makes a link with an
expiry, sees the links still active, and revokes any of them; each of these is audited. A link
carries a secret of 24 random bytes, made as a personal link's is (``new_token``); only its
SHA-256 is stored, so the link is shown once, to whoever made it, and a copy of the database
opens nothing. The secret is the proof: it is looked up by its hash, never compared in the clear.

Whoever holds a live link sees the assessment's heading, scores, backlog and roadmap, and
nothing else: no respondent's name or note, no join code, no other assessment, no plan. An
unknown, revoked or expired link, or one whose assessment was deleted, opens nothing and says why.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from assessment.access import Action, Actor
from assessment.errors import NotFoundError
from assessment.models import ShareLink, ShareLinkInput, utcnow
from assessment.records import NewShareLink, SharedResults, ShareLinkInfo
from assessment.services.assessments import get_assessment_info
from assessment.services.audit import actor_label, record
from assessment.services.inputs import validated
from assessment.services.live import assessment_for, organisation_of_unit
from assessment.services.respondents import new_token
from assessment.services.scores import score_assessment
from questionnaires.i18n import _
from scoring.formatting import date_text
from scoring.results import AssessmentResult

SHARE_DAYS = (7, 30, 90)  # the validity the app offers (the service takes 1 to SHARE_DAYS_LIMIT)
LONGEST_TOKEN = 64


def create_share_link(
    *,
    session: Session,
    actor: Actor,
    assessment_id: int,
    days: int,
    label: str = "",
    now: datetime | None = None,
) -> NewShareLink:
    """A new link to the assessment's results, valid for ``days``; its secret is returned once."""
    assessment = assessment_for(session, actor, Action.RUN, assessment_id)
    data = validated(ShareLinkInput, label=label, days=days)
    made = now or utcnow()
    token = new_token()
    link = ShareLink(
        assessment_id=assessment_id,
        token_hash=token_hash(token),
        label=data.label,
        created_by=actor_label(actor),
        created_at=made,
        expires_at=made + timedelta(days=data.days),
    )
    session.add(link)
    session.flush()
    _audit(session, actor, "share link", link, organisation_of_unit(session, assessment.unit_id))
    return NewShareLink(_info(link), token)


def list_share_links(
    *, session: Session, actor: Actor, assessment_id: int, now: datetime | None = None
) -> list[ShareLinkInfo]:
    """The assessment's links that still open its results, newest first."""
    assessment_for(session, actor, Action.RUN, assessment_id)
    links = session.exec(
        select(ShareLink)
        .where(
            col(ShareLink.assessment_id) == assessment_id,
            col(ShareLink.revoked_at).is_(None),
            col(ShareLink.expires_at) > (now or utcnow()),
        )
        .order_by(col(ShareLink.id).desc())
    ).all()
    return [_info(link) for link in links]


def revoke_share_link(
    *, session: Session, actor: Actor, link_id: int, now: datetime | None = None
) -> ShareLinkInfo:
    """Stop a link from opening anything, at once; revoking it again changes nothing."""
    link = session.get(ShareLink, link_id)
    missing = _("there is no results link with id {link_id}").format(link_id=link_id)
    if link is None:
        raise NotFoundError(missing)
    try:
        assessment = assessment_for(session, actor, Action.RUN, link.assessment_id)
    except NotFoundError:
        raise NotFoundError(missing) from None  # an outsider learns nothing about the assessment
    if link.revoked_at is None:
        link.revoked_at = now or utcnow()
        session.add(link)
        session.flush()
        _audit(session, actor, "revoke link", link, organisation_of_unit(session, assessment.unit_id))
    return _info(link)


def shared_results(*, session: Session, token: str, now: datetime | None = None) -> SharedResults:
    """What the link ``token`` opens; :class:`NotFoundError` saying why when it opens nothing."""
    link = _link_by_token(session, token)
    if link is None:
        raise NotFoundError(_("This results link is not valid. Ask whoever shared it for a new one."))
    if link.revoked_at is not None:
        raise NotFoundError(_("This results link was revoked. Ask whoever shared it for a new one."))
    if link.expires_at <= (now or utcnow()):
        raise NotFoundError(
            _("This results link expired on {date}. Ask whoever shared it for a new one.").format(
                date=date_text(link.expires_at.date())
            )
        )
    reader = Actor.operator()  # the link is the permission, checked above
    try:
        info = get_assessment_info(session=session, actor=reader, assessment_id=link.assessment_id)
    except NotFoundError:
        raise NotFoundError(_("The assessment behind this results link was deleted.")) from None
    result = score_assessment(session=session, actor=reader, assessment_id=link.assessment_id)
    return SharedResults(replace(info, join_code=None), without_notes(result), link.expires_at)


def without_notes(result: AssessmentResult) -> AssessmentResult:
    """``result`` without the respondents' notes: free text, which may name people."""
    return replace(result, questions=tuple(replace(question, notes=()) for question in result.questions))


def token_hash(token: str) -> str:
    """What is stored of a link's secret: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _link_by_token(session: Session, token: str) -> ShareLink | None:
    if not token or len(token) > LONGEST_TOKEN:
        return None
    return session.exec(select(ShareLink).where(col(ShareLink.token_hash) == token_hash(token))).first()


def _audit(session: Session, actor: Actor, action: str, link: ShareLink, organisation_id: int) -> None:
    # The label is left out: it is free text and may name someone.
    detail = f"link {link.id}, valid until {link.expires_at:%Y-%m-%d}"
    record(
        session,
        actor,
        action,
        "assessment",
        link.assessment_id,
        organisation_id=organisation_id,
        detail=detail,
    )


def _info(link: ShareLink) -> ShareLinkInfo:
    return ShareLinkInfo(
        int(link.id or 0),  # always set: every link here was flushed
        link.assessment_id,
        link.label,
        link.created_by,
        link.created_at,
        link.expires_at,
        link.revoked_at,
    )
