"""Scores for the results and compare pages, cached until the data behind them changes.

Each cache key holds a cheap "data version" read fresh on every run (answer count and
latest answer change, targets, focus, unit names, bank version), so a rerun with nothing
changed never rescores, and a saved answer is reflected on the next run. Only plain
frozen result objects are cached, never ORM rows or sessions.

The cache is shared by everyone, so who may see what is checked before it is reached: each
public function reads the data version through the services as the person of this session
(``state.actor()``), which refuses an assessment or organisation they may not read. The
cached computations behind that check then read as :data:`CACHE_READER`.

The version is read from the database, so every app server sees the others' saves. A save
stamped before the latest change may commit after it, so a result is kept only once no such
save can still be under way (:func:`assessment.rules.settled`).
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from assessment import rules, services
from assessment.access import Actor
from assessment.errors import NotFoundError
from assessment.records import AssessmentInfo, Trend, TrendPoint
from assessment.settings import get_settings
from questionnaires.i18n import current_language
from scoring.results import AssessmentResult, Comparison, Score, VersionNote
from ui import resources, state

CACHE_READER = Actor.operator()  # only reached after the session's own actor passed the check
CACHE_ENTRIES = 64
CACHE_SECONDS = 3600


def _through_cache(cached: Any, latest_change: datetime | None, *args: Hashable) -> Any:
    """``cached(*args)``; but computed afresh and not kept while a save stamped before
    ``latest_change`` may still commit (``rules.settled``): kept now, the result could miss it
    for as long as nothing else changes."""
    if rules.settled(latest_change, datetime.now(UTC), pool_timeout_s=get_settings().db_pool_timeout):
        return cached(*args)
    return cached.__wrapped__(*args)


def _targets_key(info: AssessmentInfo) -> Hashable:
    return (
        tuple(sorted(info.area_targets.items())),
        tuple(sorted(info.question_targets.items())),
        info.focus_steps,
        info.focus_pillars,
    )


@st.cache_data(max_entries=CACHE_ENTRIES, ttl=CACHE_SECONDS, show_spinner=False)
def _scored_assessment(
    database_url: str, assessment_id: int, version: Hashable, language: str
) -> AssessmentResult:
    # ``language`` is part of the key: a result names areas, levels and actions in it.
    with resources.session(write=False) as session:
        return services.score_assessment(actor=CACHE_READER, session=session, assessment_id=assessment_id)


@st.cache_data(max_entries=CACHE_ENTRIES, ttl=CACHE_SECONDS, show_spinner=False)
def _scored_organisation(
    database_url: str, organisation_id: int, version: Hashable, language: str
) -> Comparison:
    with resources.session(write=False) as session:
        return services.score_organisation(
            actor=CACHE_READER, session=session, organisation_id=organisation_id
        )


@st.cache_data(max_entries=CACHE_ENTRIES, ttl=CACHE_SECONDS, show_spinner=False)
def _scored_unit(
    database_url: str, unit_id: int, version: Hashable, language: str
) -> tuple[dict[str, AssessmentResult], VersionNote]:
    with resources.session(write=False) as session:
        trend = services.unit_trend(actor=CACHE_READER, session=session, unit_id=unit_id)
    return {point.result.assessment_id: point.result for point in trend.points}, trend.versions


def assessment_result(assessment_id: int) -> tuple[AssessmentInfo, AssessmentResult] | None:
    """The assessment's record and result; None when there is no such (live) assessment."""
    with resources.session(write=False) as session:
        try:
            info = services.get_assessment_info(
                actor=state.actor(), session=session, assessment_id=assessment_id
            )
        except NotFoundError:
            return None
        answers = services.answers_version(actor=state.actor(), session=session, assessment_id=assessment_id)
    version = (answers, _targets_key(info), info.bank_version)
    return info, _through_cache(
        _scored_assessment,
        answers[1],
        get_settings().database_url,
        assessment_id,
        version,
        current_language(),
    )


def organisation_comparison(organisation_id: int) -> Comparison:
    """Every unit's latest answered assessment side by side, with changes since the previous one."""
    with resources.session(write=False) as session:
        assessments = services.list_assessments(
            actor=state.actor(), session=session, organisation_id=organisation_id
        )
        answers = services.answers_version(
            actor=state.actor(), session=session, organisation_id=organisation_id
        )
    shape = tuple((a.id, a.unit, a.assessed_on, _targets_key(a), a.bank_version) for a in assessments)
    version = (answers, shape)
    return _through_cache(
        _scored_organisation,
        answers[1],
        get_settings().database_url,
        organisation_id,
        version,
        current_language(),
    )


def unit_trend(unit_id: int) -> Trend:
    """Every assessment of a unit, oldest first, with its result; no points when it has none.

    Only the results are cached: the assessments' records (titles, dates) are read fresh.
    """
    with resources.session(write=False) as session:
        assessments = services.list_assessments(actor=state.actor(), session=session, unit_id=unit_id)
        if not assessments:
            return Trend(points=(), versions=VersionNote(versions=(), questions_compared=0))
        answers = services.answers_version(
            actor=state.actor(), session=session, organisation_id=assessments[0].organisation_id
        )
    shape = tuple((a.id, a.assessed_on, _targets_key(a), a.bank_version) for a in assessments)
    results, versions = _through_cache(
        _scored_unit, answers[1], get_settings().database_url, unit_id, (answers, shape), current_language()
    )
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.id))  # unit_trend's order
    points = tuple(TrendPoint(a, results[str(a.id)]) for a in ordered if str(a.id) in results)
    return Trend(points=points, versions=versions)


@st.cache_data(max_entries=CACHE_ENTRIES, ttl=CACHE_SECONDS, show_spinner=False)
def _overall_scores(database_url: str, organisation_id: int, version: Hashable) -> dict[int, Score]:
    with resources.session(write=False) as session:
        return services.overall_scores(actor=CACHE_READER, session=session, organisation_id=organisation_id)


def overall_scores(organisation_id: int) -> dict[int, Score]:
    """Overall score per assessment of an organisation (targets do not change it)."""
    with resources.session(write=False) as session:
        version = services.answers_version(
            actor=state.actor(), session=session, organisation_id=organisation_id
        )
    return _through_cache(_overall_scores, version[1], get_settings().database_url, organisation_id, version)
