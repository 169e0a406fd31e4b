"""Import mappings: how an organisation's files from one survey form map to the bank.

A form is known by the set of its column headers (order, case and spacing aside), so the next
export of the same form finds the mapping a person chose for the last one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from sqlmodel import Session, col, select

from assessment.access import Action, Actor
from assessment.models import ImportMapping, utcnow
from assessment.services.live import organisation_for
from questionnaires.text import fold


def find_import_mapping(
    *, session: Session, actor: Actor, organisation_id: int, headers: Sequence[str]
) -> dict[str, str] | None:
    """The mapping last saved for files with these headers in the organisation, if any."""
    organisation_for(session, actor, Action.RUN, organisation_id)
    row = _row(session, organisation_id, headers)
    return dict(row.mapping) if row is not None else None


def save_import_mapping(
    *,
    session: Session,
    actor: Actor,
    organisation_id: int,
    headers: Sequence[str],
    mapping: Mapping[str, str],
) -> None:
    """Remember ``mapping`` (header → question id, or skip, respondent, role) for these headers."""
    organisation_for(session, actor, Action.RUN, organisation_id)
    row = _row(session, organisation_id, headers) or ImportMapping(
        organisation_id=organisation_id, headers_key=headers_key(headers)
    )
    row.mapping = dict(mapping)  # a new dict: JSON columns miss changes made in place
    row.updated_at = utcnow()
    session.add(row)
    session.flush()


def headers_key(headers: Sequence[str]) -> str:
    """The same key for every file with the same set of headers (order, case and spacing aside)."""
    names = sorted({fold(header) for header in headers if fold(header)})
    return hashlib.sha256(json.dumps(names, ensure_ascii=False).encode()).hexdigest()


def _row(session: Session, organisation_id: int, headers: Sequence[str]) -> ImportMapping | None:
    return session.exec(
        select(ImportMapping).where(
            col(ImportMapping.organisation_id) == organisation_id,
            col(ImportMapping.headers_key) == headers_key(headers),
        )
    ).first()
