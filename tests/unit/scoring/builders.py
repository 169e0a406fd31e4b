"""Builders for the scoring tests: a small hand-made bank (two questions per area) and answer tables.

Weights and links are chosen so that every figure in ``test_hand_computed.py`` can be
checked with pencil and paper; efforts are S, M, M, L for the step up to 2, 3, 4, 5.
Prerequisites form small chains, one of them (procurement.sandbox) asking for a level
above the default target.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from questionnaires import DEFAULT_BANK_DIR

EFFORTS = {2: "S", 3: "M", 4: "M", 5: "L"}

# id: (weight, steps, pillars, prerequisites)
QUESTIONS: dict[str, tuple[float, dict[str, float], dict[str, float], list[dict[str, Any]]]] = {
    "culture.vision": (2, {"digital-unit": 1, "product-backlog": 0.5}, {"personalised-services": 1}, []),
    "culture.learning": (1, {"digital-unit": 1}, {"data": 0.5}, [{"question": "culture.vision", "level": 3}]),
    "devops.pipeline": (3, {"devops-cloud": 1}, {"security": 1}, []),
    "devops.monitoring": (
        1,
        {"devops-cloud": 0.5, "layered-architecture": 0.5},
        {"security": 0.5},
        [{"question": "devops.pipeline", "level": 3}],
    ),
    "architecture.apis": (2, {"layered-architecture": 1}, {"interoperability": 1}, []),
    "architecture.identity": (
        1,
        {"layered-architecture": 0.5},
        {"identity": 1},
        [{"question": "architecture.apis", "level": 3}],
    ),
    "procurement.contracts": (1, {"supplier-collaboration": 1}, {"interoperability": 0.5}, []),
    "procurement.sandbox": (
        1,
        {"supplier-collaboration": 1},
        {"security": 0.5},
        [{"question": "procurement.contracts", "level": 5}],
    ),
    "skills.unit": (2, {"digital-unit": 1}, {"data": 0.5}, []),
    "skills.product-owner": (
        1,
        {"product-backlog": 1},
        {"personalised-services": 0.5},
        [{"question": "skills.unit", "level": 4}, {"question": "culture.vision", "level": 2}],
    ),
}


def question_record(question_id: str) -> dict[str, Any]:
    weight, steps, pillars, prerequisites = QUESTIONS[question_id]
    return {
        "id": question_id,
        "text": f"How far along is {question_id}?",
        "help": "Look at what happens, not at what is planned.",
        "weight": weight,
        "levels": {level: f"Observable state {level} of {question_id}." for level in range(1, 6)},
        "steps": steps,
        "pillars": pillars,
        "actions": {
            level: {
                "title": f"Lift {question_id} to {level}",
                "description": f"Do what it takes to reach level {level}.",
                "effort": effort,
            }
            for level, effort in EFFORTS.items()
        },
        "prerequisites": prerequisites,
    }


def write_bank(directory: Path) -> Path:
    (directory / "areas").mkdir(parents=True)
    shutil.copy(DEFAULT_BANK_DIR / "framework.yaml", directory / "framework.yaml")
    for area in ("culture", "devops", "architecture", "procurement", "skills"):
        questions = [question_record(q) for q in QUESTIONS if q.startswith(f"{area}.")]
        content = yaml.safe_dump({"area": area, "questions": questions}, allow_unicode=True)
        (directory / "areas" / f"{area}.yaml").write_text(content, "utf-8")
    return directory


def answers_table(
    rows: list[tuple[str, str, str, object]], notes: list[str | None] | None = None
) -> pd.DataFrame:
    """An answers table from (assessment, respondent, question, answer) tuples."""
    frame = pd.DataFrame(
        {
            "assessment": [row[0] for row in rows],
            "respondent": [row[1] for row in rows],
            "question": [row[2] for row in rows],
            "answer": pd.Series([row[3] for row in rows], dtype=object),
        }
    )
    if notes is not None:
        frame["note"] = pd.Series(notes, dtype=object)
    return frame


def under_way(roadmap, month: int) -> int:
    """How many placed actions that take capacity (not find-out items) run in ``month``."""
    from scoring.roadmap import duration_months

    return sum(
        1
        for horizon in roadmap.horizons
        for item in horizon.items
        if not item.find_out
        and roadmap.start_months[item.key] <= month < roadmap.start_months[item.key] + duration_months(item)
    )
