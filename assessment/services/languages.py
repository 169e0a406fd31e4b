"""Languages people chose: a participant's (on their respondent), a signed-in person's (kept
for them across sessions), and an assessment's report language.

A language is only ever how text is shown: answers are levels, so a workshop answered in
several languages is scored exactly as if answered in one.
"""

from __future__ import annotations

from sqlmodel import Session

from assessment.access import Action, Actor, require_respondent
from assessment.errors import InvalidInputError
from assessment.models import PersonPreference, utcnow
from assessment.records import AssessmentInfo
from assessment.services.assessments import get_assessment_info
from assessment.services.inputs import current_bank, shipped_language
from assessment.services.live import assessment_for, live_respondent
from questionnaires import Bank
from questionnaires.i18n import DEFAULT_LANGUAGE, current_language
from questionnaires.translations import TRANSLATIONS_DIR, languages, translated


def shown_bank(bank: Bank, language: str | None = None) -> Bank:
    """``bank`` with its texts in ``language`` (default: the current one), for showing: only
    texts change (ids, weights and links are the bank's own), so scores never do.

    A bank kept in the database has no translation files of its own; when it is the installed
    bank's version (the same content), the installed bank's translations are used. Other kept
    versions, and banks that do not ship ``language`` (a tailored bank), show in English.
    """
    language = language or current_language()
    if language == DEFAULT_LANGUAGE:
        return bank
    if (bank.source / TRANSLATIONS_DIR).is_dir():
        source = bank
    else:
        installed = current_bank()
        source = installed if installed.version == bank.version else bank
    return translated(source, language) if language in languages(source.source) else bank


def set_respondent_language(*, session: Session, actor: Actor, respondent_id: int, language: str) -> None:
    """The language a participant reads their questionnaire in: by themselves (their token) only."""
    require_respondent(actor, respondent_id)
    live_respondent(session, respondent_id).language = shipped_language(language)


def person_language(*, session: Session, actor: Actor) -> str | None:
    """The language a signed-in person chose before, or None (visitors and participants: None)."""
    if actor.kind != "person" or not actor.email:
        return None
    preference = session.get(PersonPreference, actor.email)
    return preference.language if preference is not None else None


def set_person_language(*, session: Session, actor: Actor, language: str) -> None:
    """Keep ``language`` for a signed-in person, for every later session; their own choice only."""
    if actor.kind != "person" or not actor.email:
        raise InvalidInputError("only a signed-in person has a language kept for them")
    code = shipped_language(language)
    preference = session.get(PersonPreference, actor.email)
    if preference is None:
        session.add(PersonPreference(email=actor.email, language=code))
    else:
        preference.language, preference.updated_at = code, utcnow()


def set_report_language(
    *, session: Session, actor: Actor, assessment_id: int, language: str
) -> AssessmentInfo:
    """The language of an assessment's PDFs and downloads: facilitators."""
    assessment = assessment_for(session, actor, Action.RUN, assessment_id)
    assessment.report_language = shipped_language(language)
    session.flush()
    return get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)
