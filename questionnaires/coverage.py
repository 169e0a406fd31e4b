"""Coverage rules the shipped framework must meet.

They are content rules, not schema rules: a small bank (a test fixture, a pilot with
one area) still loads, but ``python -m assessment bank --check`` reports the gaps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from questionnaires.i18n import _
from questionnaires.loader import AREAS_DIR, FRAMEWORK_FILE, Bank
from questionnaires.problem_text import Problem

MIN_QUESTIONS_PER_DIMENSION = 4
MIN_STEPS_PER_AREA = 3
# A step or pillar gets at least this share of its link mass from links of weight 1.
MIN_CORE_LINK_SHARE = 0.5
# A pillar is linked to at most this share of all questions.
MAX_PILLAR_QUESTION_SHARE = 1 / 3


def coverage_problems(bank: Bank) -> list[Problem]:
    """Steps or pillars fed by too few questions or mostly by questions about something else,
    pillars linked to too many questions, and areas feeding too few steps."""
    step_counts = Counter(step for q in bank.questions for step in q.steps)
    pillar_counts = Counter(pillar for q in bank.questions for pillar in q.pillars)
    problems = [
        Problem(
            FRAMEWORK_FILE,
            None,
            message.format(id=record.id, count=counts[record.id], minimum=MIN_QUESTIONS_PER_DIMENSION),
        )
        for message, records, counts in (
            (
                _("guiding step '{id}' is fed by {count} question(s); at least {minimum} are needed"),
                bank.framework.steps,
                step_counts,
            ),
            (
                _("pillar '{id}' is fed by {count} question(s); at least {minimum} are needed"),
                bank.framework.pillars,
                pillar_counts,
            ),
        )
        for record in records
        if counts[record.id] < MIN_QUESTIONS_PER_DIMENSION
    ]
    for area in bank.areas:
        steps = {step for q in bank.questions_in(area.id) for step in q.steps}
        if len(steps) < MIN_STEPS_PER_AREA:
            problems.append(
                Problem(
                    f"{AREAS_DIR}/{area.id}.yaml",
                    None,
                    _("area '{area}' feeds {count} guiding step(s); at least {minimum} are needed").format(
                        area=area.id, count=len(steps), minimum=MIN_STEPS_PER_AREA
                    ),
                )
            )
    problems += diffuse_links(bank)
    return problems


def core_link_shares(bank: Bank) -> dict[str, float]:
    """For each step and pillar id, the share of its link mass (question weight × link weight)
    that comes from links of weight 1; 0 for one nothing links to."""
    shares = {}
    for records, links_of in (
        (bank.framework.steps, lambda question: question.steps),
        (bank.framework.pillars, lambda question: question.pillars),
    ):
        for record in records:
            masses = [
                (question.weight * links_of(question)[record.id], links_of(question)[record.id])
                for question in bank.questions
                if record.id in links_of(question)
            ]
            total = sum(mass for mass, _link in masses)
            core = sum(mass for mass, link in masses if link == 1)
            shares[record.id] = core / total if total else 0.0
    return shares


def diffuse_links(bank: Bank) -> Iterator[Problem]:
    """Steps and pillars whose score is made mostly by questions about something else.

    A step's or pillar's score is the mean of its linked questions weighted by question weight
    × link weight. When links of 0.5 and 0.25 carry most of that mass, the score says more about
    neighbouring practices than about the step or pillar itself, so at least half (``mainly``)
    must come from questions about it (links of 1). Version 1 broke this for personalised
    services (32%), security (46%) and interoperability (48%). A pillar linked to more than a
    third of all questions drifts towards the overall mean and stops being a distinct
    dimension (version 1: personalised services linked to 25 of 50 questions, data to 20,
    security and interoperability to 19 each).
    """
    shares = core_link_shares(bank)
    for records, message in (
        (
            bank.framework.steps,
            _(
                "guiding step '{id}' gets {share} of its link mass from questions about it (links of "
                "weight 1); at least {minimum} is needed"
            ),
        ),
        (
            bank.framework.pillars,
            _(
                "pillar '{id}' gets {share} of its link mass from questions about it (links of weight "
                "1); at least {minimum} is needed"
            ),
        ),
    ):
        for record in records:
            if shares[record.id] < MIN_CORE_LINK_SHARE:
                yield Problem(
                    FRAMEWORK_FILE,
                    None,
                    message.format(
                        id=record.id, share=f"{shares[record.id]:.0%}", minimum=f"{MIN_CORE_LINK_SHARE:.0%}"
                    ),
                )
    total = len(bank.questions)
    for pillar in bank.framework.pillars:
        linked = sum(1 for question in bank.questions if pillar.id in question.pillars)
        if total and linked / total > MAX_PILLAR_QUESTION_SHARE:
            yield Problem(
                FRAMEWORK_FILE,
                None,
                _(
                    "pillar '{id}' is linked to {count} of {total} questions ({share}); at most "
                    "{maximum} should be linked to one pillar"
                ).format(
                    id=pillar.id,
                    count=linked,
                    total=total,
                    share=f"{linked / total:.0%}",
                    maximum=f"{MAX_PILLAR_QUESTION_SHARE:.0%}",
                ),
            )
