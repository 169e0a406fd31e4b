"""Two facilitators on the results page save targets one after the other: the second is told."""

from __future__ import annotations

from sqlalchemy import Engine

from assessment import db, services
from tests.factories import OPERATOR
from tests.ui.conftest import open_sections
from tests.ui.helpers_insight import page, seed_assessment


def test_the_second_facilitator_saving_targets_is_told_and_the_first_change_stays(engine: Engine) -> None:
    made = seed_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 3}})
    query = {"assessment": str(made.assessment.id)}
    first, second = (open_sections(page("results", query=query).run(), "wf_targets_open") for _ in "12")
    key = f"target_{made.assessment.id}_culture"

    first.number_input(key=key).set_value(5.0)
    next(b for b in first.button if b.label == "Save targets and focus").click().run()
    assert any("Targets and focus saved" in s.value for s in first.success)

    second.number_input(key=key).set_value(2.0)
    next(b for b in second.button if b.label == "Save targets and focus").click().run()
    assert not second.exception
    assert any("someone else changed the targets" in e.value for e in second.error)
    with db.session_scope(engine, write=False) as session:
        info = services.get_assessment_info(actor=OPERATOR, session=session, assessment_id=made.assessment.id)
    assert info.area_targets["culture"] == 5.0
