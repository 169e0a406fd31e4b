"""A small, valid bank written to a temporary directory, which tests then break on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from questionnaires import DEFAULT_BANK_DIR

AREAS = ("culture", "devops", "architecture", "procurement", "skills")


def make_question(question_id: str, **overrides: Any) -> dict[str, Any]:
    question: dict[str, Any] = {
        "id": question_id,
        "text": f"How far along is {question_id}?",
        "help": "Look at what happens, not at what is planned.",
        "weight": 1,
        "levels": {level: f"Observable state {level} of {question_id}." for level in range(1, 6)},
        "steps": {"devops-cloud": 1},
        "pillars": {"security": 0.5},
        "actions": {
            level: {
                "title": f"Reach level {level}",
                "description": "Do the next concrete thing.",
                "effort": "S",
            }
            for level in range(2, 6)
        },
    }
    question.update(overrides)
    return question


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    """A copy of the shipped framework with one valid question per area."""
    directory = tmp_path / "bank"
    (directory / "areas").mkdir(parents=True)
    shutil.copy(DEFAULT_BANK_DIR / "framework.yaml", directory / "framework.yaml")
    for area in AREAS:
        write_area(directory, area, [make_question(f"{area}.first")])
    return directory


def write_area(directory: Path, area: str, questions: list[dict[str, Any]]) -> Path:
    path = directory / "areas" / f"{area}.yaml"
    path.write_text(yaml.safe_dump({"area": area, "questions": questions}, allow_unicode=True), "utf-8")
    return path


@pytest.fixture(name="make_question")
def make_question_fixture() -> Callable[..., dict[str, Any]]:
    return make_question


@pytest.fixture
def area_writer(bank_dir: Path) -> Callable[[str, list[dict[str, Any]]], Path]:
    return lambda area, questions: write_area(bank_dir, area, questions)
