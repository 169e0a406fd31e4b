"""What a report says about itself that the scores do not: who, which unit, when, how."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol


class AssessmentFacts(Protocol):
    """What a roadmap's cover needs to know about an assessment.

    ``assessment.records.AssessmentInfo`` has these attributes, so the application hands
    its record over as it is, and ``reports`` never imports ``assessment``.
    """

    @property
    def organisation(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def assessed_on(self) -> date: ...
    @property
    def mode_name(self) -> str: ...
    @property
    def respondents(self) -> int: ...
    @property
    def bank_version(self) -> str | None: ...
    @property
    def anonymous(self) -> bool: ...


@dataclass(frozen=True)
class ReportContext:
    """The facts printed on a roadmap's cover.

    ``respondents`` is how many people took part (joined or were invited); the result
    knows how many actually answered, and the cover shows both when they differ.
    ``bank_version`` is the question bank the respondents answered; when it differs from
    the one the result was scored with, the cover says so. ``anonymous``: a workshop in which
    no names were asked or stored, which the cover says.
    """

    organisation: str
    unit: str = ""
    title: str = ""
    assessed_on: date | None = None
    mode: str = ""
    respondents: int | None = None
    bank_version: str | None = None
    generated_on: date = field(default_factory=date.today)
    anonymous: bool = False

    @classmethod
    def for_assessment(cls, facts: AssessmentFacts) -> ReportContext:
        """The cover facts of a stored assessment's roadmap, from its record."""
        return cls(
            organisation=facts.organisation,
            unit=facts.unit,
            title=facts.title,
            assessed_on=facts.assessed_on,
            mode=facts.mode_name,
            respondents=facts.respondents,
            # A flagged assessment (its bank not kept) was answered with another version than
            # the one it is scored with: the cover then names both.
            bank_version=getattr(facts, "unkept_bank_version", None) or facts.bank_version,
            anonymous=facts.anonymous,
        )


@dataclass(frozen=True)
class ComparisonContext:
    """The facts printed on a comparison report's cover."""

    organisation: str
    title: str = ""
    generated_on: date = field(default_factory=date.today)
