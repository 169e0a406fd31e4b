"""AppTest of the compare page when a unit's rounds used different bank versions (#14)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import Engine

from assessment import db
from questionnaires import Bank, load_bank
from tests.factories import make_answered_assessment, make_organisation, make_unit
from tests.ui.helpers_insight import page


def test_the_page_says_when_the_versions_differ_and_how_many_questions_were_compared(
    engine: Engine, small_bank: Bank, small_bank_dir: Path, tmp_path: Path
) -> None:
    newer_dir = Path(shutil.copytree(small_bank_dir, tmp_path / "newer"))
    path = newer_dir / "areas" / "skills.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["questions"].pop()  # skills.q3 retired
    path.write_text(yaml.safe_dump(data), "utf-8")
    newer = load_bank(newer_dir)
    with db.session_scope(engine) as session:
        unit = make_unit(session, make_organisation(session, name="Versions").id, name="Finance")
        for number, bank in ((1, small_bank), (2, newer)):
            answers = {question.id: number + 1 for question in bank.questions}
            make_answered_assessment(
                session, {"Ana": answers}, unit_id=unit.id, assessed_on=date(2024 + number, 3, 1), bank=bank
            )
    app = page("compare").run()
    assert not app.exception
    sentence = (
        f"Question bank versions differ ({small_bank.version}, {newer.version}): "
        f"scores compared on the {len(newer.questions)} questions they share."
    )
    assert [info.value for info in app.info] == [sentence, sentence]  # the comparison, the unit's trend
