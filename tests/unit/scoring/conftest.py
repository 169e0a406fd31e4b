"""Fixtures of the scoring tests: the small hand-made bank of ``builders.py``, loaded once."""

from __future__ import annotations

import pytest

from questionnaires import Bank, load_bank
from tests.unit.scoring.builders import write_bank


@pytest.fixture(scope="session")
def small_bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return load_bank(write_bank(tmp_path_factory.mktemp("scoring") / "bank"))
