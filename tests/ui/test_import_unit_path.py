"""Where the import page puts answers: the unit chosen (two may share a name under different
parents), checked against and stored with the organisation's own bank."""

from __future__ import annotations

import shutil

from sqlalchemy import Engine

from assessment import db, services
from questionnaires import DEFAULT_BANK_DIR, load_bank
from tests.factories import OPERATOR, make_organisation, make_unit
from tests.ui.helpers_insight import page

GOOD_LONG = b"respondent,question,answer\nAna,culture.leadership-mandate,3\n"


def test_importing_into_one_of_two_units_called_payroll_uses_the_chosen_path(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        organisation = make_organisation(session, name="Agency")
        payrolls = {}
        for parent in ("North", "South"):
            parent_unit = make_unit(session, organisation.id, name=parent)
            payrolls[parent] = make_unit(session, organisation.id, name="Payroll", parent_id=parent_unit.id)
    app = page("import_responses").run()
    app.selectbox(key="import_organisation").set_value(organisation.id).run()
    app.selectbox(key="import_unit").set_value(payrolls["South"].id).run()
    app.file_uploader[0].set_value(("answers.csv", GOOD_LONG, "text/csv")).run()
    app.button(key="import_button").click().run()
    assert not app.exception
    assert not app.error, [error.value for error in app.error]
    with db.session_scope(engine, write=False) as session:
        imported = services.list_assessments(actor=OPERATOR, session=session, organisation_id=organisation.id)
    assert [(info.unit_id, info.unit) for info in imported] == [(payrolls["South"].id, "South / Payroll")]


def test_an_organisation_with_its_own_bank_imports_against_that_bank(engine: Engine, tmp_path) -> None:
    tailored_dir = tmp_path / "bank"
    shutil.copytree(DEFAULT_BANK_DIR, tailored_dir, ignore=shutil.ignore_patterns("translations"))
    culture = tailored_dir / "areas" / "culture.yaml"
    culture.write_text(culture.read_text().replace("weight: 3", "weight: 1", 1))
    tailored = load_bank(tailored_dir)
    with db.session_scope(engine) as session:
        organisation = make_organisation(session, name="Tailored agency")
        unit = make_unit(session, organisation.id, name="Finance")
        services.adopt_bank(session=session, actor=OPERATOR, organisation_id=organisation.id, bank=tailored)
    app = page("import_responses").run()
    app.selectbox(key="import_organisation").set_value(organisation.id).run()
    app.selectbox(key="import_unit").set_value(unit.id).run()
    app.file_uploader[0].set_value(("answers.csv", GOOD_LONG, "text/csv")).run()
    app.button(key="import_button").click().run()
    assert not app.exception
    assert not app.error, [error.value for error in app.error]
    with db.session_scope(engine, write=False) as session:
        imported = services.list_assessments(actor=OPERATOR, session=session, organisation_id=organisation.id)
    assert [info.bank_version for info in imported] == [tailored.version] != [load_bank().version]
