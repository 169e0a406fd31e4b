"""The typed shape of the framework and the question banks.

Every model forbids unknown fields so a typo in a content file (``wieght: 2``) is an
error instead of a silently ignored line. Cross-references between records (step and
pillar ids, prerequisites) are checked by :mod:`questionnaires.bank_checks`, which sees all
files at once.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from questionnaires.i18n import LazyText, _, lazy_gettext

LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
LOWEST_LEVEL = LEVELS[0]
HIGHEST_LEVEL = LEVELS[-1]

Effort = Literal["S", "M", "L"]
# How the pages and reports name an action's effort; the bank holds only the letter. Interface
# words, not bank content: read them through effort_name(), in the current language.
EFFORT_NAMES: dict[Effort, LazyText] = {
    "S": lazy_gettext("small"),
    "M": lazy_gettext("medium"),
    "L": lazy_gettext("large"),
}


def effort_name(effort: Effort) -> str:
    """An action's effort in words, in the current language: "small", "medium", "large"."""
    return str(EFFORT_NAMES[effort])


Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]
QuestionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$", max_length=120)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
LinkWeight = Annotated[float, Field(gt=0, le=1)]


class _Content(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class MaturityLevel(_Content):
    level: Annotated[int, Field(ge=LOWEST_LEVEL, le=HIGHEST_LEVEL)]
    name: Text
    meaning: Text


class GuidingStep(_Content):
    id: Slug
    number: Annotated[int, Field(ge=1, le=99)]
    name: Text
    description: Text


class Pillar(_Content):
    id: Slug
    letter: Annotated[str, Field(pattern=r"^[A-Z]$")]
    name: Text
    description: Text


class Area(_Content):
    id: Slug
    name: Text
    description: Text


class Framework(_Content):
    levels: tuple[MaturityLevel, ...]
    steps: tuple[GuidingStep, ...]
    pillars: tuple[Pillar, ...]
    areas: tuple[Area, ...]

    @model_validator(mode="after")
    def _levels_and_ids_are_complete(self) -> Framework:
        if tuple(level.level for level in self.levels) != LEVELS:
            raise ValueError(_("levels must be exactly {levels} in order").format(levels=list(LEVELS)))
        for duplicated, required, records in (
            (_("duplicate step id(s): {ids}"), _("at least one step is required"), self.steps),
            (_("duplicate pillar id(s): {ids}"), _("at least one pillar is required"), self.pillars),
            (_("duplicate area id(s): {ids}"), _("at least one area is required"), self.areas),
        ):
            ids = [record.id for record in records]
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(duplicated.format(ids=", ".join(duplicates)))
            if not ids:
                raise ValueError(required)
        return self

    def level_name(self, level: int) -> str:
        return self.levels[level - LOWEST_LEVEL].name


class Action(_Content):
    """What to do to move a question up by one level; becomes a backlog item."""

    title: Annotated[str, Field(min_length=1, max_length=120)]
    description: Text
    effort: Effort


class Prerequisite(_Content):
    """Another question that should reach ``level`` before this one is worked on."""

    question: QuestionId
    level: Annotated[int, Field(ge=LOWEST_LEVEL + 1, le=HIGHEST_LEVEL)]


class Question(_Content):
    id: QuestionId
    text: Text
    help: Text
    weight: Annotated[float, Field(gt=0, le=5)] = 1.0
    levels: dict[int, Text]
    steps: dict[str, LinkWeight]
    pillars: dict[str, LinkWeight]
    actions: dict[int, Action]
    prerequisites: tuple[Prerequisite, ...] = ()
    # Ids of questions of earlier bank versions this one takes over: answers to them are
    # compared with answers to this one across versions (one id or a list).
    replaces: tuple[QuestionId, ...] = ()
    # A reviewer's attestation that every level's descriptor includes the conditions of the
    # level below, so a respondent can read upwards and stop at the first level not fully met
    # (the tie-break rule in the help texts). The content tests require it of the shipped bank.
    requires_previous: bool = False

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]

    @field_validator("levels")
    @classmethod
    def _every_level_described(cls, levels: dict[int, str]) -> dict[int, str]:
        missing = [level for level in LEVELS if level not in levels]
        if missing:
            raise ValueError(
                _("missing level descriptor(s) for level {levels}").format(
                    levels=", ".join(map(str, missing))
                )
            )
        extra = sorted(set(levels) - set(LEVELS))
        if extra:
            raise ValueError(
                _("unknown level(s) {levels}; levels are 1 to 5").format(levels=", ".join(map(str, extra)))
            )
        return levels

    @field_validator("actions")
    @classmethod
    def _every_step_up_has_an_action(cls, actions: dict[int, Action]) -> dict[int, Action]:
        expected = LEVELS[1:]
        missing = [level for level in expected if level not in actions]
        if missing:
            raise ValueError(
                _("missing action(s) for the step up to level {levels}").format(
                    levels=", ".join(map(str, missing))
                )
            )
        extra = sorted(set(actions) - set(expected))
        if extra:
            raise ValueError(
                _("actions are keyed by the level they reach (2 to 5), not {extra}").format(extra=extra)
            )
        return actions

    @field_validator("steps")
    @classmethod
    def _at_least_one_step(cls, links: dict[str, float]) -> dict[str, float]:
        # Every question serves a guiding step; a pillar link is optional, because a
        # question about, say, leadership tells nothing about security or identity.
        if not links:
            raise ValueError(_("link the question to at least one id"))
        return links

    @field_validator("replaces", mode="before")
    @classmethod
    def _one_id_or_a_list(cls, replaces: object) -> object:
        return (replaces,) if isinstance(replaces, str) else replaces

    @model_validator(mode="after")
    def _no_self_prerequisite(self) -> Question:
        if any(p.question == self.id for p in self.prerequisites):
            raise ValueError(_("a question cannot be its own prerequisite"))
        if self.id in self.replaces:
            raise ValueError(_("a question cannot replace itself"))
        return self

    def action_to(self, level: int) -> Action:
        """The action that lifts this question from ``level - 1`` to ``level``."""
        return self.actions[level]


class AreaFile(_Content):
    """One area's question bank file."""

    area: Slug
    questions: tuple[Question, ...]
