"""The Wayfinder framework and question banks, loaded from YAML into validated objects."""

from questionnaires.loader import DEFAULT_BANK_DIR, Bank, BankError, check_bank, load_bank
from questionnaires.problem_text import Problem
from questionnaires.schema import (
    Action,
    Area,
    Framework,
    GuidingStep,
    MaturityLevel,
    Pillar,
    Prerequisite,
    Question,
)

__all__ = [
    "DEFAULT_BANK_DIR",
    "Action",
    "Area",
    "Bank",
    "BankError",
    "Framework",
    "GuidingStep",
    "MaturityLevel",
    "Pillar",
    "Prerequisite",
    "Problem",
    "Question",
    "check_bank",
    "load_bank",
]
