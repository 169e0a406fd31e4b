"""Bank versions (#14): stored banks keep old scores, comparisons across versions, tailored banks."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlmodel import select

from assessment import services
from assessment.backup import organisation_backup
from assessment.db import session_scope
from assessment.errors import InvalidInputError, PermissionDeniedError
from assessment.models import Organisation, StoredBank
from assessment.restore import restore_organisation
from questionnaires import BankError, load_bank
from questionnaires.archive import read_bank_archive
from reports.comparison import build_comparison_pdf
from reports.context import ComparisonContext
from scoring.results import to_jsonable
from tests.factories import OPERATOR, make_answered_assessment, make_organisation, make_person, make_unit


def copy_bank(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def edit_area(bank_dir: Path, area: str, change) -> None:
    path = bank_dir / "areas" / f"{area}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data["questions"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def zipped(bank_dir: Path, folder: str = "my-bank") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(bank_dir.rglob("*.yaml")):
            archive.write(file, f"{folder}/{file.relative_to(bank_dir)}")
    return buffer.getvalue()


def everything(bank, level: int) -> dict[str, int]:
    return {question.id: level for question in bank.questions}


def test_changing_a_weight_in_the_installed_bank_leaves_stored_scores_bit_for_bit_unchanged(
    engine, bank_dir, tmp_path, monkeypatch
):
    installed = copy_bank(bank_dir, tmp_path / "installed")
    monkeypatch.setenv("WAYFINDER_BANK_DIR", str(installed))
    answers = {f"{area}.q{n}": n for area in ("culture", "devops") for n in (1, 2, 3)}
    with session_scope(engine) as session:
        old = make_answered_assessment(session, {"Ana": answers}).assessment
        before = services.score_assessment(session=session, actor=OPERATOR, assessment_id=old.id)
        organisation_before = services.overall_scores(session=session, actor=OPERATOR)

    edit_area(installed, "culture", lambda questions: questions[0].update(weight=5))  # was 1
    assert load_bank(installed).version != old.bank_version
    with session_scope(engine) as session:
        after = services.score_assessment(session=session, actor=OPERATOR, assessment_id=old.id)
        assert after == before
        assert to_jsonable(after) == to_jsonable(before)  # every float, bit for bit
        assert services.overall_scores(session=session, actor=OPERATOR) == organisation_before
        new = make_answered_assessment(
            session, {"Ana": answers}, unit_id=old.unit_id, title="Next"
        ).assessment
        renewed = services.score_assessment(session=session, actor=OPERATOR, assessment_id=new.id)
    assert new.bank_version == load_bank(installed).version != old.bank_version
    culture = {area.id: area.score.value for area in renewed.areas}["culture"]
    # culture: answers 1, 2, 3 with weights 5, 2, 3 (new) instead of 1, 2, 3 (old)
    assert culture == pytest.approx((5 * 1 + 2 * 2 + 3 * 3) / 10)
    assert {a.id: a.score.value for a in before.areas}["culture"] == pytest.approx((1 + 4 + 9) / 6)


def three_versions(bank_dir: Path, tmp_path: Path):
    """v1; v2 renames culture.q1 to culture.vision (replaces) and re-weights devops.q1;
    v3 retires devops.q3 and adds skills.q4."""
    v1 = copy_bank(bank_dir, tmp_path / "v1")
    v2 = copy_bank(v1, tmp_path / "v2")
    edit_area(v2, "culture", lambda qs: qs[0].update(id="culture.vision", replaces="culture.q1"))
    edit_area(v2, "devops", lambda qs: qs[0].update(weight=4))
    v3 = copy_bank(v2, tmp_path / "v3")
    edit_area(v3, "devops", lambda qs: qs.pop(2))
    edit_area(v3, "skills", lambda qs: qs.append({**qs[0], "id": "skills.q4"}))
    return load_bank(v1), load_bank(v2), load_bank(v3)


def test_a_trend_over_three_rounds_with_three_bank_versions_is_computed_on_the_shared_questions(
    engine, bank_dir, tmp_path
):
    v1, v2, v3 = three_versions(bank_dir, tmp_path)
    assert len({v1.version, v2.version, v3.version}) == 3
    with session_scope(engine) as session:
        unit = make_unit(session, make_organisation(session, name="Trend org").id, name="Finance")
        for number, (bank, level) in enumerate(((v1, 2), (v2, 3), (v3, 4)), start=1):
            # devops.q3, retired in v3, is answered 5 in rounds 1 and 2: it must not count anywhere
            answers = everything(bank, level) | ({"devops.q3": 5} if number < 3 else {})
            make_answered_assessment(
                session,
                {"Ana": answers},
                unit_id=unit.id,
                title=f"Round {number}",
                assessed_on=date(2024 + number, 3, 1),
                bank=bank,
            )
        trend = services.unit_trend(session=session, actor=OPERATOR, unit_id=unit.id)
        comparison = services.score_organisation(
            session=session, actor=OPERATOR, organisation_id=unit.organisation_id
        )
        bank = services.comparison_bank(session=session, comparison=comparison)

    # 15 questions in v1; v3 drops devops.q3 and adds skills.q4: 14 shared (culture.q1 = culture.vision)
    assert trend.versions.versions == (v1.version, v2.version, v3.version)
    assert trend.versions.questions_compared == 14
    assert [point.result.overall.value for point in trend.points] == [2.0, 3.0, 4.0]
    # every shared question counted, culture.q1 (rounds 1) read as culture.vision
    assert all(point.result.overall.coverage == 1.0 for point in trend.points)
    own = services_own_overall(engine, trend)
    assert own[0] > 2.0  # round 1 on its own bank counts devops.q3 (5): the trend does not
    assert comparison.versions.versions_differ and comparison.versions.questions_compared == 14

    pdf = build_comparison_pdf(
        comparison, bank, ComparisonContext(organisation="Trend org"), trend.for_report("Finance")
    )
    (tmp_path / "trend.pdf").write_bytes(pdf)
    words = " ".join(
        subprocess.run(
            ["pdftotext", str(tmp_path / "trend.pdf"), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    assert "Finance over time" in words
    assert "Question bank versions differ" in words
    assert "scores compared on the 14 questions they share" in words
    assert "2025-03-01 Round 1" in words and "2027-03-01 Round 3" in words


def services_own_overall(engine, trend) -> list[float]:
    """Each round's overall score with its own full bank (what its roadmap shows)."""
    with session_scope(engine) as session:
        return [
            services.score_assessment(
                session=session, actor=OPERATOR, assessment_id=p.assessment.id
            ).overall.value
            for p in trend.points
        ]


def test_one_bank_version_says_nothing_about_versions(engine, bank):
    with session_scope(engine) as session:
        unit = make_unit(session, make_organisation(session).id)
        for number in (1, 2):
            make_answered_assessment(session, {"Ana": everything(bank, number)}, unit_id=unit.id, bank=bank)
        trend = services.unit_trend(session=session, actor=OPERATOR, unit_id=unit.id)
    assert not trend.versions.versions_differ
    assert trend.versions.questions_compared == len(bank.questions)


def broken_bank(bank_dir: Path, tmp_path: Path) -> Path:
    broken = copy_bank(bank_dir, tmp_path / "broken")
    edit_area(broken, "culture", lambda qs: qs[0].update(weight=9))
    edit_area(broken, "devops", lambda qs: qs[1].pop("levels"))
    (broken / "areas" / "skills.yaml").write_text("area: skills\nquestions: [oops", "utf-8")
    return broken


def stored_banks(session) -> list[str]:
    return list(session.exec(select(StoredBank.version).order_by(StoredBank.version)).all())


def test_a_malformed_tailored_bank_is_refused_with_every_problem_and_nothing_stored(
    engine, bank_dir, tmp_path
):
    with session_scope(engine) as session:
        kept = stored_banks(session)  # the bank shipped with migration 0006
    data = zipped(broken_bank(bank_dir, tmp_path))
    with pytest.raises(BankError) as raised:
        read_bank_archive(data)
    problems = [str(problem) for problem in raised.value.problems]
    assert any(p.startswith("areas/culture.yaml: question 'culture.q1': weight") for p in problems)
    assert any(p.startswith("areas/devops.yaml: question 'devops.q2': levels") for p in problems)
    assert any(p.startswith("areas/skills.yaml: invalid YAML") for p in problems)
    with session_scope(engine) as session:
        assert stored_banks(session) == kept
        assert session.exec(select(Organisation.adopted_bank)).all() == []


def test_a_tailored_bank_must_keep_the_frameworks_steps_and_pillars(engine, bank_dir, tmp_path):
    other = copy_bank(bank_dir, tmp_path / "other")
    framework = yaml.safe_load((other / "framework.yaml").read_text("utf-8"))
    framework["pillars"] = framework["pillars"][:-1]
    (other / "framework.yaml").write_text(yaml.safe_dump(framework, allow_unicode=True), "utf-8")
    # the removed pillar must not be linked from any question for the bank itself to load
    removed = yaml.safe_load((bank_dir / "framework.yaml").read_text("utf-8"))["pillars"][-1]["id"]
    for area in ("culture", "devops", "architecture", "procurement", "skills"):
        edit_area(other, area, lambda qs: [q["pillars"].pop(removed, None) or q for q in qs])
    tailored = read_bank_archive(zipped(other))
    with session_scope(engine) as session:
        kept = stored_banks(session)
        organisation = make_organisation(session)
        with pytest.raises(BankError, match="pillars must be the framework's"):
            services.adopt_bank(
                session=session, actor=OPERATOR, organisation_id=organisation.id, bank=tailored
            )
        assert services.get_organisation(session=session, actor=OPERATOR, organisation_id=organisation.id)
        assert session.get(Organisation, organisation.id).adopted_bank is None
        assert stored_banks(session) == kept


def tailored_bank(bank_dir: Path, tmp_path: Path):
    """A subset (no procurement questions but one), a new weight and a question of its own."""
    tailored = copy_bank(bank_dir, tmp_path / "tailored")
    edit_area(tailored, "procurement", lambda qs: [qs.pop() for _ in range(len(qs) - 1)])
    edit_area(tailored, "culture", lambda qs: qs[0].update(weight=3))
    edit_area(
        tailored, "skills", lambda qs: qs.append({**qs[0], "id": "skills.own-academy", "text": "Our own?"})
    )
    return read_bank_archive(zipped(tailored))


def test_a_good_tailored_bank_is_adopted_and_new_assessments_of_that_organisation_use_it(
    engine, bank_dir, tmp_path, bank
):
    tailored = tailored_bank(bank_dir, tmp_path)
    with session_scope(engine) as session:
        kept = stored_banks(session)
        organisation = make_organisation(session, name="Tailored org")
        other = make_organisation(session, name="Other org")
        diff = services.preview_adoption(
            session=session, actor=OPERATOR, organisation_id=organisation.id, bank=tailored
        )
        assert diff.added == ("skills.own-academy",)
        assert diff.removed == ("procurement.q2", "procurement.q3")
        assert diff.reweighted == (("culture.q1", 1.0, 3.0),)
        assert stored_banks(session) == kept  # a preview stores nothing
        services.adopt_bank(session=session, actor=OPERATOR, organisation_id=organisation.id, bank=tailored)

        mine = make_answered_assessment(
            session, {"Ana": {"skills.own-academy": 4}}, organisation_id=organisation.id
        )
        theirs = make_answered_assessment(session, {}, organisation_id=other.id)
        result = services.score_assessment(session=session, actor=OPERATOR, assessment_id=mine.assessment.id)
        versions = services.list_bank_versions(session=session, actor=OPERATOR)
    assert mine.assessment.bank_version == tailored.version
    assert theirs.assessment.bank_version == bank.version
    assert {q.question_id for q in result.questions} == {q.id for q in tailored.questions}
    assert result.overall.value == 4.0
    listed = {info.version: info for info in versions}
    assert listed[tailored.version].adopted_by == ("Tailored org",)
    assert [use.title for use in listed[tailored.version].assessments] == [mine.assessment.title]
    assert listed[bank.version].installed


@pytest.mark.parametrize("role", ["viewer", "facilitator"])
def test_only_an_owner_adopts_a_tailored_bank(engine, bank_dir, tmp_path, role):
    tailored = tailored_bank(bank_dir, tmp_path)
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        person = make_person(session, {organisation.id: role})
        with pytest.raises(PermissionDeniedError):
            services.adopt_bank(session=session, actor=person, organisation_id=organisation.id, bank=tailored)
        owner = make_person(session, {organisation.id: "owner"})
        services.adopt_bank(session=session, actor=owner, organisation_id=organisation.id, bank=tailored)
        assert session.get(Organisation, organisation.id).adopted_bank == tailored.version


def test_a_backup_carries_its_banks_and_a_restore_scores_with_them(engine, sqlite_engine, bank_dir, tmp_path):
    tailored = tailored_bank(bank_dir, tmp_path)
    with session_scope(sqlite_engine) as session:
        organisation = make_organisation(session, name="Carried")
        services.adopt_bank(session=session, actor=OPERATOR, organisation_id=organisation.id, bank=tailored)
        answered = make_answered_assessment(
            session, {"Ana": everything(tailored, 2) | {"culture.q1": 5}}, organisation_id=organisation.id
        ).assessment
        before = services.score_assessment(session=session, actor=OPERATOR, assessment_id=answered.id)
        backup = organisation_backup(session=session, actor=OPERATOR, organisation_id=organisation.id)
    assert list(backup["banks"]) == [tailored.version]

    with session_scope(engine) as session:
        restored = restore_organisation(session=session, actor=OPERATOR, data=backup)
        (info,) = services.list_assessments(
            session=session, actor=OPERATOR, organisation_id=restored.organisation.id
        )
        after = services.score_assessment(session=session, actor=OPERATOR, assessment_id=info.id)
    assert info.bank_version == tailored.version and info.unkept_bank_version is None
    assert to_jsonable(after) == to_jsonable(before) | {"assessment_id": str(info.id)}


def test_restoring_an_old_backup_without_its_bank_flags_the_assessment(engine, sqlite_engine, bank):
    with session_scope(sqlite_engine) as session:
        organisation = make_organisation(session, name="Older")
        make_answered_assessment(session, {"Ana": {"culture.q1": 3}}, organisation_id=organisation.id)
        backup = organisation_backup(session=session, actor=OPERATOR, organisation_id=organisation.id)
    del backup["banks"]  # as written before banks were carried
    backup["organisation"]["units"][0]["assessments"][0]["bank_version"] = "0123456789ab"
    with session_scope(engine) as session:
        restored = restore_organisation(session=session, actor=OPERATOR, data=backup)
        (info,) = services.list_assessments(
            session=session, actor=OPERATOR, organisation_id=restored.organisation.id
        )
    assert (info.bank_version, info.unkept_bank_version) == (bank.version, "0123456789ab")


def test_a_backup_carrying_a_bank_under_another_version_is_refused(engine, sqlite_engine, bank):
    with session_scope(sqlite_engine) as session:
        organisation = make_organisation(session, name="Forged")
        make_answered_assessment(session, {"Ana": {"culture.q1": 3}}, organisation_id=organisation.id)
        backup = organisation_backup(session=session, actor=OPERATOR, organisation_id=organisation.id)
    backup["banks"]["feedfeedfeed"] = backup["banks"][bank.version]
    with (
        session_scope(engine) as session,
        pytest.raises(InvalidInputError, match=r"banks\.feedfeedfeed: holds bank"),
    ):
        restore_organisation(session=session, actor=OPERATOR, data=backup)
