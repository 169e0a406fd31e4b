"""Shortcuts that code big answer columns in less time, each with exactly the plain route's result.

A million-row answers table spends most of its scoring time turning text columns into
integer codes. Three facts about real files make that cheaper, and each shortcut here
falls back to the plain pandas route when its fact does not hold:

* id columns come in runs of equal values (:func:`factorize` hashes one value per run);
* most codes already are what they should become (:func:`remap` then skips the pass);
* nearly every answer is a single digit (:func:`digit_levels` reads it from the bytes).

:func:`call_all` codes the columns side by side on a small shared thread pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from questionnaires.answers import INVALID_CODE

RUN_ROWS = 50_000  # from this size id columns are checked for runs of equal values ...
RUN_SAMPLE = 5_000  # ... first on a sample of rows ...
RUN_LENGTH = 8  # ... and used when the runs are this long on average
CODING_WORKERS = min(4, os.cpu_count() or 1)

UNREAD = -2  # the code digit_levels gives a value it leaves to the general rule


def call_all(calls: list[Callable[[], Any]], *, parallel: bool) -> list[Any]:
    """Each call's result, in order; side by side when ``parallel`` and the machine has cores to spare.

    Hashing a text column (``pd.factorize`` on pyarrow strings) releases the GIL, so two
    columns coded on two cores take the time of one.
    """
    if parallel and CODING_WORKERS > 1:
        return list(_pool().map(_call, calls))
    return [call() for call in calls]


def _call(function: Callable[[], Any]) -> Any:
    return function()


@cache
def _pool() -> ThreadPoolExecutor:
    """One small pool for the process: scoring is pure, so calls from many sessions can share it."""
    return ThreadPoolExecutor(max_workers=CODING_WORKERS, thread_name_prefix="scoring")


def factorize(column: pd.Series) -> tuple[np.ndarray, Any]:
    """``pd.factorize``, faster for text columns whose equal values come in runs.

    Exports and database queries list answers grouped by assessment and respondent, so
    those columns hold a few thousand runs of equal values. Comparing neighbours (a plain
    string comparison) finds the runs in a fraction of the time hashing every row takes;
    only the first value of each run is then hashed. Same codes and uniques as
    ``pd.factorize``; any other column is hashed as usual.
    """
    runs = _runs(column)
    if runs is None:
        return pd.factorize(column, use_na_sentinel=True)
    starts, lengths = runs
    codes, uniques = pd.factorize(column.iloc[starts], use_na_sentinel=True)
    return np.repeat(codes, lengths), uniques


def _runs(column: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """Start and length of each run of equal values, or None when runs would not pay off."""
    dtype = column.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or column.hasnans:
        return None
    rows = len(column)
    if rows < RUN_ROWS or _run_count(column.iloc[:RUN_SAMPLE]) > RUN_SAMPLE // RUN_LENGTH:
        return None
    import pyarrow as pa  # present whenever a column is stored in pyarrow
    import pyarrow.compute as pc

    values = pa.array(column)
    changes = pc.indices_nonzero(pc.not_equal(values[1:], values[:-1])).to_numpy().astype(np.intp) + 1
    if len(changes) + 1 > rows // RUN_LENGTH:
        return None
    starts = np.concatenate(([0], changes))
    return starts, np.diff(starts, append=rows)


def _run_count(sample: pd.Series) -> int:
    values = sample.to_numpy()
    return int((values[1:] != values[:-1]).sum()) + 1


def remap(codes: np.ndarray, table: np.ndarray, has_missing: bool) -> np.ndarray:
    """``table[codes]``, with code -1 (a missing value) kept as -1; skipped when it changes nothing.

    The table is the identity when the ids were already clean and, for sorted ids, the
    rows came sorted by them — the usual case, which then costs no pass over the rows.
    """
    if not has_missing and np.array_equal(table, np.arange(len(table))):
        return codes
    return np.append(table, INVALID_CODE).astype(codes.dtype)[codes]  # code -1 reads the appended -1


def digit_levels(column: pd.Series) -> np.ndarray | None:
    """Levels read straight from the bytes of a pyarrow text column: "1" … "5" are one byte.

    Answers read from a file are text, nearly all of them a single digit. Checking each
    value's length and first byte takes a few vectorised passes instead of hashing every
    row; the other rows ("na", " 3 ", "3.0", mistakes) are marked ``UNREAD`` for the
    general rule. None when the column is not pyarrow text without missing values.
    """
    dtype = column.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or column.hasnans:
        return None
    import pyarrow as pa  # present whenever a column is stored in pyarrow

    values = pa.array(column)
    parts = []
    for chunk in values.chunks if isinstance(values, pa.ChunkedArray) else [values]:
        _, offsets_buffer, data_buffer = chunk.buffers()
        if data_buffer is None or data_buffer.size == 0:
            return None
        offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets_buffer, dtype=offset_type)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        data = np.frombuffer(data_buffer, dtype=np.uint8)
        digit = data[np.minimum(offsets[:-1], data.size - 1)].astype(np.int8) - ord("0")
        readable = (np.diff(offsets) == 1) & (digit >= 1) & (digit <= 5)
        parts.append(np.where(readable, digit, UNREAD).astype(np.int8))
    return np.concatenate(parts) if parts else None
