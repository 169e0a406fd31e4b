"""Coverage rules the shipped framework must meet.

They are content rules, not schema rules: a small bank (a test fixture, a pilot with
one area) still loads, but ``python -m assessment bank --check`` reports the gaps.
"""

from __future__ import annotations

from collections import Counter

from questionnaires.loader import Bank, Problem

MIN_QUESTIONS_PER_DIMENSION = 4
MIN_STEPS_PER_AREA = 3


def coverage_problems(bank: Bank) -> list[Problem]:
    """Steps or pillars fed by too few questions, and areas feeding too few steps."""
    step_counts = Counter(step for q in bank.questions for step in q.steps)
    pillar_counts = Counter(pillar for q in bank.questions for pillar in q.pillars)
    problems = [
        Problem(
            "framework.yaml",
            None,
            f"{kind} '{record.id}' is fed by {counts[record.id]} question(s); "
            f"at least {MIN_QUESTIONS_PER_DIMENSION} are needed",
        )
        for kind, records, counts in (
            ("guiding step", bank.framework.steps, step_counts),
            ("pillar", bank.framework.pillars, pillar_counts),
        )
        for record in records
        if counts[record.id] < MIN_QUESTIONS_PER_DIMENSION
    ]
    for area in bank.areas:
        steps = {step for q in bank.questions_in(area.id) for step in q.steps}
        if len(steps) < MIN_STEPS_PER_AREA:
            problems.append(
                Problem(
                    f"areas/{area.id}.yaml",
                    None,
                    f"area '{area.id}' feeds {len(steps)} guiding step(s); "
                    f"at least {MIN_STEPS_PER_AREA} are needed",
                )
            )
    return problems
