"""Languages are how text is shown, never what is scored: a workshop answered in three languages
scores exactly as the same answers given in one; and who may set which language."""

from __future__ import annotations

import pytest

from assessment import services
from assessment.db import session_scope
from assessment.errors import InvalidInputError, PermissionDeniedError
from questionnaires import load_bank
from questionnaires.i18n import language
from tests.factories import OPERATOR, make_assessment, make_person, make_respondent

# Three participants, each with answers of their own (levels, n/a, don't know) and a note.
ANSWERS = {
    "Amélie": {"culture.q1": 2, "culture.q2": 3, "devops.q1": "na", "skills.q3": 4},
    "Bernd": {"culture.q1": 4, "culture.q2": "dont_know", "devops.q1": 1, "architecture.q2": 5},
    "Chiara": {"culture.q1": 3, "devops.q1": 2, "skills.q3": 1, "procurement.q1": 3},
}


def scores(result) -> tuple:
    """Everything numeric a result holds, and its backlog and roadmap by key: what must not change."""
    return (
        (result.overall.value, result.overall.coverage, result.overall.level, result.overall.index),
        [
            (d.id, d.score.value, d.score.coverage, d.target, d.gap)
            for d in (*result.areas, *result.steps, *result.pillars)
        ],
        [
            (q.question_id, q.mean, q.minimum, q.maximum, q.std, q.agreement, q.distribution, q.discussion)
            for q in result.questions
        ],
        [(item.key, item.rank, item.priority, item.depends_on) for item in result.backlog],
        [(h.id, [item.key for item in h.items]) for h in result.roadmap.horizons],
        result.respondents,
    )


def workshop(session, unit_id: int | None, languages: dict[str, str]) -> int:
    info = make_assessment(session, unit_id, mode="workshop", title=f"Round {len(languages)}")
    for label, answers in ANSWERS.items():
        respondent = make_respondent(session, info.id, label)
        participant = services.participation_for(session=session, token=respondent.token).actor
        services.set_respondent_language(
            session=session, actor=participant, respondent_id=respondent.id, language=languages[label]
        )
        # Each answers the way their page offers it: the level in their own language's view.
        with language(languages[label]):
            services.save_answers(
                actor=participant, session=session, respondent_id=respondent.id, answers=answers
            )
    return info.id


def test_a_workshop_answered_in_three_languages_scores_as_the_same_answers_in_one(engine):
    with session_scope(engine) as session:
        mixed = workshop(session, None, {"Amélie": "fr", "Bernd": "de", "Chiara": "en"})
        unit_id = services.get_assessment_info(actor=OPERATOR, session=session, assessment_id=mixed).unit_id
        single = workshop(session, unit_id, {"Amélie": "en", "Bernd": "en", "Chiara": "en"})
        mixed_result = services.score_assessment(actor=OPERATOR, session=session, assessment_id=mixed)
        single_result = services.score_assessment(actor=OPERATOR, session=session, assessment_id=single)
        with language("de"):
            german_view = services.score_assessment(actor=OPERATOR, session=session, assessment_id=mixed)

    assert mixed_result.overall.scored
    assert scores(mixed_result) == scores(single_result)
    assert scores(german_view) == scores(single_result)  # the facilitator's language changes no number


def test_each_participant_keeps_their_language_and_only_they_may_set_it(engine):
    with session_scope(engine) as session:
        info = make_assessment(session, mode="workshop")
        ana, ben = make_respondent(session, info.id, "Ana"), make_respondent(session, info.id, "Ben")
        as_ana = services.participation_for(session=session, token=ana.token).actor
        services.set_respondent_language(
            session=session, actor=as_ana, respondent_id=ana.id, language="fr-CH"
        )
        with pytest.raises(PermissionDeniedError):
            services.set_respondent_language(
                session=session, actor=as_ana, respondent_id=ben.id, language="de"
            )
        with pytest.raises(InvalidInputError, match="unknown language 'xx': use one of en, de, fr"):
            services.set_respondent_language(
                session=session, actor=as_ana, respondent_id=ana.id, language="xx"
            )
        assert services.respondent_by_token(session=session, token=ana.token).language == "fr"
        assert services.respondent_by_token(session=session, token=ben.token).language is None


def test_an_assessment_reports_in_the_language_of_who_started_it_until_a_facilitator_changes_it(engine):
    with session_scope(engine) as session:
        with language("de"):
            info = make_assessment(session)
        assert info.report_language == "de"
        viewer = make_person(session, {info.organisation_id: "viewer"})
        with pytest.raises(PermissionDeniedError):
            services.set_report_language(session=session, actor=viewer, assessment_id=info.id, language="fr")
        changed = services.set_report_language(
            session=session, actor=OPERATOR, assessment_id=info.id, language="fr"
        )
        assert changed.report_language == "fr"


def test_a_signed_in_person_keeps_their_language_and_others_have_none(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        person = make_person(session, {info.organisation_id: "viewer"})
        assert services.person_language(session=session, actor=person) is None
        services.set_person_language(session=session, actor=person, language="de")
        services.set_person_language(session=session, actor=person, language="fr")
        assert services.person_language(session=session, actor=person) == "fr"
        assert services.person_language(session=session, actor=OPERATOR) is None
        with pytest.raises(InvalidInputError):
            services.set_person_language(session=session, actor=OPERATOR, language="fr")


def test_a_bank_without_translations_shows_in_english_in_any_language(engine, bank):
    with language("fr"):
        assert services.shown_bank(bank) is bank  # the test bank ships no translations
    shipped = load_bank()
    assert services.shown_bank(shipped, "de").areas[0].name == "Kultur und Führung"
