"""The option choices and defaults the parser needs, without importing the modules they come from.

Those modules load pandas, SQLAlchemy, pydantic and YAML; these copies keep ``--help`` fast.
``tests/unit/test_cli_startup.py`` checks that each copy equals its original.
"""

from __future__ import annotations

from pathlib import Path

# assessment.models.MODES
MODES: tuple[str, ...] = ("self", "workshop")
# assessment.exporting.FORMATS and TABLES
EXPORT_FORMATS: tuple[str, ...] = ("csv", "xlsx", "json")
EXPORT_TABLES: tuple[str, ...] = ("answers", "scores", "backlog", "questions")
# questionnaires.DEFAULT_BANK_DIR
DEFAULT_BANK_DIR = Path(__file__).resolve().parent.parent / "questionnaires" / "bank"
# assessment.access.ROLES
ROLES: tuple[str, ...] = ("viewer", "facilitator", "owner")
# assessment.plan_exchange.FORMATS
PLAN_FORMATS: tuple[str, ...] = ("jira", "azure-devops", "github", "xlsx")
