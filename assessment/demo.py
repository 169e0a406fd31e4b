"""A realistic demo organisation, so a newcomer sees every screen filled.

"Ministry of Digital Affairs (demo)": six departments and one team inside a department,
each assessed by its leader twice, a year apart, showing uneven progress; one live workshop
with eight participants who disagree on a few questions; notes on some answers; one
assessment still in progress. Built from a seeded random generator, so it is the same every
time for the same bank (tokens and join codes stay random: they are secrets).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from assessment import services
from assessment.access import Actor, require_admin
from assessment.models import Organisation
from assessment.records import OrganisationInfo
from questionnaires import Bank
from questionnaires.answers import DONT_KNOW, NOT_APPLICABLE, Answer
from questionnaires.i18n import _

DEMO_ORGANISATION = "Ministry of Digital Affairs (demo)"
SEED = 20250313
ROUNDS = (date(2024, 3, 14), date(2025, 3, 13))
WORKSHOP_DATE = date(2025, 3, 20)
SEEDER = Actor.operator()  # writes the demo's made-up answers, once create_demo has checked its caller
DONT_KNOW_SHARE = 0.04
NOT_APPLICABLE_SHARE = 0.03
NOTE_SHARE = 0.12
IN_PROGRESS_SHARE = 0.6  # of questions answered in the assessment still open
DISCUSSION_QUESTIONS = 4

NOTES = (
    "Evidence: minutes of the quarterly service review.",
    "Only true for the online portal so far, not for the counters.",
    "Agreed by the leadership team in January; rollout still under way.",
    "We expect to move up once the new platform contract starts.",
    "Depends on the main supplier; not in our hands today.",
    "See https://wiki.example.gov/digital/evidence for the audit report.",
    "Pilot running in two teams; the others watch the results.",
    "Nobody clearly owns this yet — raise it in the workshop.",
    "Measured monthly on the service dashboard.",
    "Budget approved for next year.",
)


@dataclass(frozen=True)
class DemoUnit:
    name: str
    leader: str
    role: str
    maturity: Mapping[str, float]  # area id → typical level in the first round
    progress: float  # chance a question moved up a level by the second round
    focus_steps: tuple[str, ...] = ()
    area_targets: Mapping[str, float] = field(default_factory=dict)
    parent: str | None = None


UNITS = (
    DemoUnit(
        "Tax Administration",
        "Ingrid Olsen",
        "Director General",
        {"culture": 2.6, "devops": 3.4, "architecture": 3.0, "procurement": 2.4, "skills": 2.8},
        0.45,
        ("devops-cloud",),
        {"devops": 4.5},
    ),
    DemoUnit(
        "Online Services",
        "Jonas Weber",
        "Product lead",
        {"culture": 3.2, "devops": 3.8, "architecture": 3.4, "procurement": 2.6, "skills": 3.4},
        0.5,
        ("product-backlog", "digital-unit"),
        parent="Tax Administration",
    ),
    DemoUnit(
        "Social Benefits Agency",
        "Samuel Mensah",
        "Chief digital officer",
        {"culture": 2.2, "devops": 1.9, "architecture": 2.0, "procurement": 2.3, "skills": 2.1},
        0.4,
        ("product-backlog",),
    ),
    DemoUnit(
        "Land Registry",
        "Mária Kovács",
        "Head of IT",
        {"culture": 1.8, "devops": 1.6, "architecture": 1.9, "procurement": 2.0, "skills": 1.7},
        0.15,
    ),
    DemoUnit(
        "Health Data Office",
        "Dr Aoife Byrne",
        "Director",
        {"culture": 2.9, "devops": 2.5, "architecture": 2.2, "procurement": 2.8, "skills": 3.0},
        0.55,
        ("layered-architecture",),
        {"architecture": 3.5},
    ),
    DemoUnit(
        "Agence du numérique — Zürich office",
        "Léa Müller-Dubois",
        "Responsable du numérique",
        {"culture": 3.1, "devops": 2.7, "architecture": 2.9, "procurement": 3.3, "skills": 2.6},
        0.35,
        ("supplier-collaboration",),
    ),
    DemoUnit(
        "Procurement Service",
        "Olivier Martin",
        "Head of procurement",
        {"culture": 2.0, "devops": 1.5, "architecture": 1.8, "procurement": 3.2, "skills": 2.2},
        0.3,
        ("supplier-collaboration",),
    ),
)
WORKSHOP_UNIT = "Social Benefits Agency"
IN_PROGRESS_UNIT = "Procurement Service"
# Label (empty: anonymous, becomes "Participant N"), role, and how often they rate a level higher.
PARTICIPANTS = (
    ("Samuel Mensah", "Chief digital officer", 0.4),
    ("Priya Raman", "Product owner", 0.3),
    ("Tomasz Nowak", "Developer", 0.0),
    ("Chen Wei", "Service designer", 0.2),
    ("Fatima El-Amrani", "Case worker", 0.0),
    ("Ólafur Jónsson", "Enterprise architect", 0.1),
    ("", "Developer", 0.1),
    ("", "Operations", 0.5),
)


def database_is_empty(*, session: Session) -> bool:
    """True when no organisation was ever created (deleted ones count: their data still exists)."""
    return session.exec(select(Organisation.id).limit(1)).first() is None


def create_demo(*, session: Session, actor: Actor, bank: Bank | None = None) -> OrganisationInfo:
    """Create the demo organisation in ``session``; the caller commits."""
    require_admin(actor, _("add the demo organisation"))
    bank = services.current_bank(bank)
    rng = random.Random(SEED)
    organisation = services.create_organisation(session=session, actor=SEEDER, name=DEMO_ORGANISATION)
    unit_ids: dict[str, int] = {}
    for unit in UNITS:
        created = services.create_unit(
            session=session,
            actor=SEEDER,
            organisation_id=organisation.id,
            name=unit.name,
            parent_id=unit_ids[unit.parent] if unit.parent else None,
        )
        unit_ids[unit.name] = created.id
        _self_assessments(session, bank, rng, unit, created.id)
    _workshop(session, bank, rng, unit_ids[WORKSHOP_UNIT])
    return services.get_organisation(session=session, actor=SEEDER, organisation_id=organisation.id)


def _self_assessments(session: Session, bank: Bank, rng: random.Random, unit: DemoUnit, unit_id: int) -> None:
    first = {q.id: _level(rng, unit.maturity.get(q.area, 2.5), 0.7) for q in bank.questions}
    second = {question_id: _progressed(rng, level, unit.progress) for question_id, level in first.items()}
    for round_date, levels in zip(ROUNDS, (first, second), strict=True):
        in_progress = unit.name == IN_PROGRESS_UNIT and round_date == ROUNDS[-1]
        assessment = services.create_assessment(
            session=session,
            actor=SEEDER,
            unit_id=unit_id,
            title=f"Self-assessment {round_date.year}",
            mode="self",
            assessed_on=round_date,
            area_targets=unit.area_targets,
            focus_steps=unit.focus_steps,
            bank=bank,
        )
        leader = services.add_respondent(
            session=session, actor=SEEDER, assessment_id=assessment.id, label=unit.leader, role=unit.role
        )
        questions = list(bank.questions)
        if in_progress:
            questions = questions[: max(1, int(len(questions) * IN_PROGRESS_SHARE))]
        _answer(session, bank, rng, leader.id, {q.id: levels[q.id] for q in questions})
        if not in_progress:
            services.close_assessment(session=session, actor=SEEDER, assessment_id=assessment.id)


def _workshop(session: Session, bank: Bank, rng: random.Random, unit_id: int) -> None:
    assessment = services.create_assessment(
        session=session,
        actor=SEEDER,
        unit_id=unit_id,
        title="Team workshop 2025",
        mode="workshop",
        assessed_on=WORKSHOP_DATE,
        focus_steps=("product-backlog",),
        focus_pillars=("personalised-services",),
        bank=bank,
    )
    maturity = next(unit for unit in UNITS if unit.name == WORKSHOP_UNIT).maturity
    shared = {q.id: _level(rng, maturity.get(q.area, 2.5) + 0.5, 0.6) for q in bank.questions}
    disputed = set(rng.sample(sorted(shared), k=min(DISCUSSION_QUESTIONS, len(shared))))
    for position, (label, role, optimism) in enumerate(PARTICIPANTS):
        participant = services.add_respondent(
            session=session, actor=SEEDER, assessment_id=assessment.id, label=label, role=role
        )
        levels: dict[str, Answer] = {}
        for question_id, level in shared.items():
            if question_id in disputed:
                levels[question_id] = (1, 2, 4, 5)[position % 4]  # half see it low, half high
            else:  # elsewhere they agree within one level: the optimists sometimes a level higher
                levels[question_id] = min(5, level + (rng.random() < optimism))
        _answer(session, bank, rng, participant.id, levels)


def _answer(
    session: Session, bank: Bank, rng: random.Random, respondent_id: int, levels: Mapping[str, Answer]
) -> None:
    answers: dict[str, Answer] = {}
    notes: dict[str, str] = {}
    for question_id, level in levels.items():
        draw = rng.random()
        if draw < DONT_KNOW_SHARE:
            answers[question_id] = DONT_KNOW
        elif draw < DONT_KNOW_SHARE + NOT_APPLICABLE_SHARE:
            answers[question_id] = NOT_APPLICABLE
        else:
            answers[question_id] = level
        if rng.random() < NOTE_SHARE:
            notes[question_id] = rng.choice(NOTES)
    services.save_answers(
        session=session, actor=SEEDER, respondent_id=respondent_id, answers=answers, notes=notes, bank=bank
    )


def _level(rng: random.Random, typical: float, spread: float) -> int:
    return min(5, max(1, round(rng.gauss(typical, spread))))


def _progressed(rng: random.Random, level: int, progress: float) -> int:
    draw = rng.random()
    if draw < progress:
        return min(5, level + 1)
    if draw > 0.96:  # a few honest steps back: staff left, a contract ended
        return max(1, level - 1)
    return level
