"""The question bank as numpy arrays: weights and question × dimension weight matrices.

For a dimension kind (area, step, pillar) the matrix ``weights[kind]`` has one row per
question (bank order) and one column per dimension (framework order); its entry is the
question weight times the link weight, w_q·l_{q,k} (for areas l is 1 for the question's
own area and 0 elsewhere). Every score of the engine is a product with these matrices.
``combined`` stacks the three kinds' matrices and the question weights (for the overall
coverage) side by side, transposed to (columns, questions) so each score is a dot product
over contiguous memory; ``columns[kind]`` says which rows of it belong to a kind, and
``linked`` is 1 where ``combined`` is positive (to count linked questions).
Built once per bank version and cached; the arrays are read-only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from questionnaires import Bank

KINDS = ("area", "step", "pillar")


@dataclass(frozen=True)
class BankMatrices:
    question_ids: tuple[str, ...]
    question_weights: np.ndarray
    question_area: np.ndarray
    ids: dict[str, tuple[str, ...]]
    names: dict[str, tuple[str, ...]]
    links: dict[str, np.ndarray]
    weights: dict[str, np.ndarray]
    area_weights: np.ndarray
    combined: np.ndarray
    linked: np.ndarray
    columns: dict[str, slice]


def bank_matrices(bank: Bank) -> BankMatrices:
    """The arrays of ``bank``, cached by bank version, location and language.

    A translated bank has its English bank's version and location but other names, which the
    matrices carry: the names tell the languages apart.
    """
    framework = bank.framework
    names = tuple(
        record.name for records in (framework.areas, framework.steps, framework.pillars) for record in records
    )
    key = (bank.version, str(bank.source), names)
    with _lock:
        cached = _cache.get(key)
    if cached is None:
        cached = _build(bank)
        with _lock:
            if len(_cache) >= _CACHE_SIZE:
                _cache.pop(next(iter(_cache)))
            _cache[key] = cached
    return cached


_CACHE_SIZE = 16
_cache: dict[tuple[str, str, tuple[str, ...]], BankMatrices] = {}
_lock = threading.Lock()


def _build(bank: Bank) -> BankMatrices:
    framework = bank.framework
    questions = bank.questions
    records = {"area": framework.areas, "step": framework.steps, "pillar": framework.pillars}
    ids = {kind: tuple(record.id for record in records[kind]) for kind in KINDS}
    names = {kind: tuple(record.name for record in records[kind]) for kind in KINDS}
    column = {kind: {dimension: index for index, dimension in enumerate(ids[kind])} for kind in KINDS}

    question_weights = np.array([question.weight for question in questions], dtype=np.float64)
    question_area = np.array([column["area"][question.area] for question in questions], dtype=np.intp)
    links = {kind: np.zeros((len(questions), len(ids[kind]))) for kind in KINDS}
    for row, question in enumerate(questions):
        links["area"][row, question_area[row]] = 1.0
        for step, link in question.steps.items():
            links["step"][row, column["step"][step]] = link
        for pillar, link in question.pillars.items():
            links["pillar"][row, column["pillar"][pillar]] = link
    weights = {kind: question_weights[:, None] * links[kind] for kind in KINDS}
    area_weights = weights["area"].sum(axis=0)
    combined = np.ascontiguousarray(
        np.hstack([*(weights[kind] for kind in KINDS), question_weights[:, None]]).T
    )
    starts = np.cumsum([0, *(len(ids[kind]) for kind in KINDS)])
    columns = {kind: slice(int(starts[i]), int(starts[i + 1])) for i, kind in enumerate(KINDS)}
    columns["overall"] = slice(int(starts[-1]), int(starts[-1]) + 1)
    linked = (combined > 0).astype(np.float64)
    for array in (
        question_weights,
        question_area,
        area_weights,
        combined,
        linked,
        *links.values(),
        *weights.values(),
    ):
        array.setflags(write=False)
    return BankMatrices(
        question_ids=tuple(question.id for question in questions),
        question_weights=question_weights,
        question_area=question_area,
        ids=ids,
        names=names,
        links=links,
        weights=weights,
        area_weights=area_weights,
        combined=combined,
        linked=linked,
        columns=columns,
    )
