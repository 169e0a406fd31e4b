"""AppTests of the bank page's versions tab: versions in use, a diff, adopting a tailored bank."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import yaml
from sqlmodel import select

from assessment import services
from assessment.models import Organisation, StoredBank
from questionnaires import Bank
from tests.factories import (
    OPERATOR,
    make_answered_assessment,
    make_assessment,
    make_organisation,
    make_person,
)
from tests.ui.conftest import AUTH_SECRETS, signed_in
from tests.ui.helpers_insight import shown_tables, table

# The page draws only its open tab: these tests open the versions tab.
VERSIONS_TAB = {"bank_tabs": "Versions and tailored banks"}


def zipped(directory: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(directory.rglob("*.yaml")):
            archive.write(file, f"bank/{file.relative_to(directory)}")
    return buffer.getvalue()


def tailored(small_bank_dir: Path, tmp_path: Path, *, broken: bool = False) -> bytes:
    directory = Path(shutil.copytree(small_bank_dir, tmp_path / "tailored"))
    path = directory / "areas" / "culture.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["questions"][0]["weight"] = 9 if broken else 3
    if broken:
        del data["questions"][1]["help"]
    path.write_text(yaml.safe_dump(data), "utf-8")
    return zipped(directory)


def versions_frame(app) -> pd.DataFrame:
    return table(app, "Version", "Came from", "Used for")


def stored(db) -> list[str]:
    with db() as session:
        return list(session.exec(select(StoredBank.version)).all())


def test_the_versions_in_use_are_listed_with_their_assessments(open_page, db, small_bank: Bank) -> None:
    with db() as session:
        make_answered_assessment(
            session, {"Ana": {"culture.q1": 3}}, organisation="Versions org", title="Spring"
        )
    app = open_page("bank", session_state=VERSIONS_TAB)
    assert not app.exception
    versions = versions_frame(app)
    row = versions[versions["Version"] == small_bank.version].iloc[0]
    assert row["Assessments"] == "1" and row["Flagged"] == "0"
    assert "installed" in row["Used for"] and row["Came from"] == "installed bank"
    uses = table(app, "Assessment", "Flag")
    assert list(uses["Assessment"]) == ["Spring"]
    assert not app.dataframe, "read-only tables are HTML, without the grid's JavaScript"


def test_a_malformed_tailored_bank_is_refused_with_every_problem_and_nothing_stored(
    open_page, db, small_bank: Bank, small_bank_dir: Path, tmp_path: Path
) -> None:
    with db() as session:
        make_organisation(session, name="Tailors")
    before = stored(db)
    app = open_page("bank", session_state=VERSIONS_TAB)
    app.file_uploader(key="bank_upload").set_value(
        ("bank.zip", tailored(small_bank_dir, tmp_path, broken=True), "application/zip")
    ).run()
    assert not app.exception
    assert "the bank has 2 problem(s)" in app.error[0].value
    problems = shown_tables(app)[-1]
    assert list(problems["File"]) == ["areas/culture.yaml", "areas/culture.yaml"]
    assert set(problems["Question"]) == {"culture.q1", "culture.q2"}
    assert any(problem.startswith("weight") for problem in problems["Problem"])
    assert not [b for b in app.button if b.key == "bank_adopt"]
    assert stored(db) == before
    with db() as session:
        assert session.exec(select(Organisation.adopted_bank)).all() == [None]


def test_a_good_tailored_bank_shows_its_diff_then_is_adopted_for_new_assessments(
    open_page, db, small_bank: Bank, small_bank_dir: Path, tmp_path: Path
) -> None:
    with db() as session:
        organisation = make_organisation(session, name="Tailors")
    app = open_page("bank", session_state=VERSIONS_TAB)
    app.file_uploader(key="bank_upload").set_value(
        ("bank.zip", tailored(small_bank_dir, tmp_path), "application/zip")
    ).run()
    assert not app.exception
    shown = " ".join(m.value for m in app.markdown).replace("\\", "")  # shown escaped
    assert "questions re-weighted (1): culture.q1 (1 → 3)" in shown
    app.button(key="bank_adopt").click().run()
    assert not app.exception
    assert "Tailors adopted bank" in app.success[0].value
    with db() as session:
        adopted = session.get(Organisation, organisation.id).adopted_bank
        new = make_assessment(session, organisation_id=organisation.id)
    assert adopted is not None and adopted != small_bank.version
    assert new.bank_version == adopted


def test_a_facilitator_cannot_adopt_a_bank(open_page, db, small_bank: Bank) -> None:
    with db() as session:
        organisation = make_organisation(session, name="Tailors")
        make_person(session, {organisation.id: "facilitator"}, email="facilitator@tailors.example")
    app = open_page(
        "bank",
        session_state=VERSIONS_TAB,
        user=signed_in("facilitator@tailors.example"),
        secrets={"auth": dict(AUTH_SECRETS)},
        from_menu=True,
    )
    assert not app.exception
    assert not [u for u in app.file_uploader if u.key == "bank_upload"]
    assert "Only an organisation's owners adopt a tailored bank." in [m.value for m in app.markdown]
    with db() as session:
        assert services.list_bank_versions(session=session, actor=OPERATOR)


def test_an_owner_can_go_back_to_the_installed_bank(
    open_page, db, small_bank: Bank, small_bank_dir: Path, tmp_path: Path
) -> None:
    with db() as session:
        organisation = make_organisation(session, name="Tailors")
    app = open_page("bank", session_state=VERSIONS_TAB)
    app.file_uploader(key="bank_upload").set_value(
        ("bank.zip", tailored(small_bank_dir, tmp_path), "application/zip")
    ).run()
    app.button(key="bank_adopt").click().run()
    app.button(key="bank_stop_tailored").click().run()
    assert not app.exception
    with db() as session:
        assert session.get(Organisation, organisation.id).adopted_bank is None
        assert make_assessment(session, organisation_id=organisation.id).bank_version == small_bank.version


def test_a_bank_without_the_frameworks_pillars_is_refused_on_the_page(
    open_page, db, small_bank: Bank, small_bank_dir: Path, tmp_path: Path
) -> None:
    with db() as session:
        make_organisation(session, name="Tailors *bold*")
    directory = Path(shutil.copytree(small_bank_dir, tmp_path / "fewer-pillars"))
    framework = yaml.safe_load((directory / "framework.yaml").read_text("utf-8"))
    framework["pillars"] = [p for p in framework["pillars"] if p["id"] == "security"]
    (directory / "framework.yaml").write_text(yaml.safe_dump(framework), "utf-8")
    app = open_page("bank", session_state=VERSIONS_TAB)
    app.file_uploader(key="bank_upload").set_value(("bank.zip", zipped(directory), "application/zip")).run()
    assert not app.exception
    assert "the bank has 1 problem(s)" in app.error[0].value
    assert "pillars must be the framework" in shown_tables(app)[-1].iloc[0, 2]
