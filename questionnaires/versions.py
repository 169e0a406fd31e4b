"""Bank versions side by side: stored form, what changed between two, what several share.

A bank version is known by its content hash (``Bank.version``) and never changes meaning, so
a bank can be stored as the JSON of :meth:`Bank.to_dict` and rebuilt from it exactly (float
weights survive JSON unchanged). Across versions a question is "the same" when it keeps its
id, or when the newer one declares ``replaces: <old id>``; comparisons use only the questions
every version shares, on the newest version's weights and links.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from questionnaires.loader import Bank
from questionnaires.schema import Framework, Question

STORED_SOURCE = Path("stored-bank")
SHARED_SOURCE = Path("shared-questions")


def bank_json(bank: Bank) -> str:
    """The bank as the JSON text it is stored as (rebuilt by :func:`bank_from_json`)."""
    return json.dumps(bank.to_dict(), ensure_ascii=False, separators=(",", ":"))


def bank_from_json(text: str) -> Bank:
    """A stored bank, rebuilt through the same schema it was validated with."""
    return bank_from_dict(json.loads(text))


def bank_from_dict(data: Mapping[str, Any]) -> Bank:
    areas = data["areas"]
    framework = Framework.model_validate(
        {
            **data["framework"],
            "areas": [{key: value for key, value in area.items() if key != "questions"} for area in areas],
        }
    )
    questions = tuple(Question.model_validate(question) for area in areas for question in area["questions"])
    version = str(data["version"])
    return Bank(framework=framework, questions=questions, version=version, source=STORED_SOURCE / version)


@dataclass(frozen=True)
class BankDiff:
    """What changed from ``old`` to ``new``, by question id (sorted)."""

    old_version: str
    new_version: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    replaced: tuple[tuple[str, str], ...]  # (old id, new id)
    reworded: tuple[str, ...]
    reweighted: tuple[tuple[str, float, float], ...]  # (id, old weight, new weight)
    other: tuple[str, ...]  # levels, actions, links or prerequisites changed
    areas_added: tuple[str, ...] = ()
    areas_removed: tuple[str, ...] = ()

    @property
    def unchanged(self) -> bool:
        return self.old_version == self.new_version

    def lines(self) -> list[str]:
        """The diff in plain words, one line per kind of change that happened."""
        if self.unchanged:
            return ["the same version: nothing changed"]
        parts = [
            ("areas added", list(self.areas_added)),
            ("areas removed", list(self.areas_removed)),
            ("questions added", list(self.added)),
            ("questions removed", list(self.removed)),
            ("questions replaced", [f"{old} → {new}" for old, new in self.replaced]),
            ("questions reworded", list(self.reworded)),
            ("questions re-weighted", [f"{q} ({old:g} → {new:g})" for q, old, new in self.reweighted]),
            ("levels, actions or links changed", list(self.other)),
        ]
        lines = [f"{what} ({len(items)}): {', '.join(items)}" for what, items in parts if items]
        return lines or ["only the framework's descriptions changed"]


def diff_banks(old: Bank, new: Bank) -> BankDiff:
    """Added, removed, replaced, reworded and re-weighted questions from ``old`` to ``new``."""
    replaced = tuple(
        sorted(
            (old_id, question.id)
            for question in new.questions
            if not old.has_question(question.id)
            for old_id in question.replaces
            if old.has_question(old_id)
        )
    )
    taken_over = {old_id for old_id, _ in replaced}
    takers = {new_id for _, new_id in replaced}
    old_ids = {question.id for question in old.questions}
    new_ids = {question.id for question in new.questions}
    reworded, reweighted, other = [], [], []
    for question_id in sorted(old_ids & new_ids):
        before, after = old.question(question_id), new.question(question_id)
        if (before.text, before.help) != (after.text, after.help):
            reworded.append(question_id)
        if before.weight != after.weight:
            reweighted.append((question_id, before.weight, after.weight))
        if _substance(before) != _substance(after):
            other.append(question_id)
    old_areas = {area.id for area in old.areas}
    new_areas = {area.id for area in new.areas}
    return BankDiff(
        old_version=old.version,
        new_version=new.version,
        added=tuple(sorted(new_ids - old_ids - takers)),
        removed=tuple(sorted(old_ids - new_ids - taken_over)),
        replaced=replaced,
        reworded=tuple(reworded),
        reweighted=tuple(reweighted),
        other=tuple(other),
        areas_added=tuple(sorted(new_areas - old_areas)),
        areas_removed=tuple(sorted(old_areas - new_areas)),
    )


def _substance(question: Question) -> Any:
    return question.model_dump(exclude={"text", "help", "weight", "replaces"})


@dataclass(frozen=True)
class SharedQuestions:
    """What several bank versions share, ready to score every version's answers alike.

    ``bank`` is the newest version cut down to the shared questions; ``renames`` maps each
    older version to {its question id: the newest version's id} for the questions that were
    replaced, so its answers can be read as answers to the newest questions.
    """

    bank: Bank
    versions: tuple[str, ...]
    renames: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def versions_differ(self) -> bool:
        return len(self.versions) > 1

    @property
    def questions(self) -> int:
        return len(self.bank.questions)


def shared_questions(banks: Sequence[Bank]) -> SharedQuestions:
    """The questions every bank in ``banks`` (oldest first; the last is the reference) shares."""
    distinct = list({bank.version: bank for bank in banks}.values())
    reference = distinct[-1]
    if len(distinct) == 1:
        return SharedQuestions(bank=reference, versions=(reference.version,))
    counterparts = {question.id: _counterparts(question, distinct[:-1]) for question in reference.questions}
    shared = [question_id for question_id, found in counterparts.items() if found is not None]
    renames: dict[str, dict[str, str]] = {}
    for question_id in shared:
        for version, old_id in (counterparts[question_id] or {}).items():
            if old_id != question_id:
                renames.setdefault(version, {})[old_id] = question_id
    return SharedQuestions(
        bank=_cut_down(reference, shared, [bank.version for bank in distinct]),
        versions=tuple(bank.version for bank in distinct),
        renames=renames,
    )


def _counterparts(question: Question, older: Sequence[Bank]) -> dict[str, str] | None:
    """Each older version's id for ``question`` (following ``replaces`` back), or None if one lacks it."""
    found: dict[str, str] = {}
    current, aliases = question.id, list(question.replaces)
    for bank in reversed(older):
        match = next((i for i in (current, *aliases) if bank.has_question(i)), None)
        if match is None:
            return None
        found[bank.version] = match
        current = match
        aliases = [*bank.question(match).replaces, *aliases]
    return found


def _cut_down(reference: Bank, keep: Sequence[str], versions: Sequence[str]) -> Bank:
    kept = set(keep)
    questions = tuple(
        question.model_copy(
            update={"prerequisites": tuple(p for p in question.prerequisites if p.question in kept)}
        )
        for question in reference.questions
        if question.id in kept
    )
    areas = tuple(area for area in reference.areas if any(q.area == area.id for q in questions))
    framework = reference.framework.model_copy(update={"areas": areas or reference.areas})
    # A distinct version key, so caches of bank arrays never mix the cut-down bank with the full one.
    key = hashlib.sha256("\n".join([*versions, *keep]).encode()).hexdigest()[:8]
    return Bank(
        framework=framework,
        questions=questions,
        version=f"{reference.version}/shared-{key}",
        source=SHARED_SOURCE / key,
    )
