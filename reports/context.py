"""What a report says about itself that the scores do not: who, which unit, when, how."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ReportContext:
    """The facts printed on a roadmap's cover.

    ``respondents`` is how many people took part (joined or were invited); the result
    knows how many actually answered, and the cover shows both when they differ.
    ``bank_version`` is the question bank the respondents answered; when it differs from
    the one the result was scored with, the cover says so.
    """

    organisation: str
    unit: str = ""
    title: str = ""
    assessed_on: date | None = None
    mode: str = ""
    respondents: int | None = None
    bank_version: str | None = None
    generated_on: date = field(default_factory=date.today)


@dataclass(frozen=True)
class ComparisonContext:
    """The facts printed on a comparison report's cover."""

    organisation: str
    title: str = ""
    generated_on: date = field(default_factory=date.today)
