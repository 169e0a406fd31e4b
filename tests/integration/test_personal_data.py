"""Personal data: deleted until purged, purged for good (even from the file), anonymous
workshops, subject access, and one audit row for each audited action."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import col, select

from assessment import backup, exporting, importing, restore, services
from assessment.access import Actor
from assessment.db import scrub, session_scope
from assessment.errors import AssessmentClosedError, InvalidInputError, NotFoundError, PermissionDeniedError
from assessment.models import AuditEvent, utcnow
from tests.factories import OPERATOR, answer_all, make_assessment, make_organisation, make_person


def audit_rows(engine: Engine) -> list[tuple[str, str, int | None]]:
    with session_scope(engine, write=False) as session:
        events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [(event.action, event.object_kind, event.object_id) for event in events]


def file_bytes(engine: Engine) -> bytes:
    """The SQLite database file and its write-ahead log, as they are on disk."""
    path = Path(engine.url.database or "")
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_a_purged_participant_is_gone_from_the_database_file_or_server(engine):
    marker = f"Zyx{secrets.token_hex(6)}"
    with session_scope(engine) as session:
        workshop = make_assessment(session, mode="workshop")
        person = services.join_workshop(
            session=session, join_code=workshop.join_code or "", client="t", label=marker
        )
        answer_all(session, person.id, 3, question_ids=["culture.q1"], notes={"culture.q1": f"note {marker}"})
        services.delete_respondent(session=session, actor=OPERATOR, respondent_id=person.id, confirm=marker)
    with session_scope(engine) as session:  # deleted but restorable: still stored
        assert services.respondent_by_token(session=session, token=person.token) is None
        report = services.purge(session=session, actor=OPERATOR, older_than_days=0)
    scrub(engine)
    assert report.respondents == 1
    if engine.dialect.name == "sqlite":
        assert marker.encode() not in file_bytes(engine)
    else:
        with engine.connect() as connection:
            for table in ("respondent", "answer", "audit_event"):
                dump = connection.execute(text(f"SELECT CAST(t.* AS text) FROM {table} t")).scalars().all()
                assert not [row for row in dump if marker in row], table


def test_deleted_data_is_restorable_until_its_retention_ends(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        kept = make_assessment(session, organisation_id=organisation.id, title="Kept")
        services.delete_assessment(session=session, actor=OPERATOR, assessment_id=kept.id, confirm="Kept")
        assert services.purge(session=session, actor=OPERATOR).total == 0  # 30 days not over
        services.restore_assessment(session=session, actor=OPERATOR, assessment_id=kept.id)
        services.delete_assessment(session=session, actor=OPERATOR, assessment_id=kept.id, confirm="Kept")
        later = utcnow() + timedelta(days=31)
        assert services.purge(session=session, actor=OPERATOR, now=later).assessments == 1
        with pytest.raises(NotFoundError):
            services.restore_assessment(session=session, actor=OPERATOR, assessment_id=kept.id)


def test_purging_an_organisation_takes_everything_below_it_and_keeps_the_trail(engine):
    with session_scope(engine) as session:
        assessment = make_assessment(session, organisation="Gone agency")
        person = make_person(session, {assessment.organisation_id: "owner"}, email="gone@example.org")
        services.delete_organisation(
            session=session, actor=person, organisation_id=assessment.organisation_id, confirm="Gone agency"
        )
        report = services.purge(session=session, actor=OPERATOR, older_than_days=0)
        assert (
            report.organisations,
            services.actor_for(session=session, email="gone@example.org").memberships,
        ) == (
            1,
            {},
        )
        details = session.exec(
            select(AuditEvent.detail).where(col(AuditEvent.organisation_id) == assessment.organisation_id)
        ).all()
    assert details and all(detail is None for detail in details)  # rows kept, member addresses gone


def test_only_admins_purge(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        owner = make_person(session, {organisation.id: "owner"})
        with pytest.raises(PermissionDeniedError):
            services.purge(session=session, actor=owner, older_than_days=0)


def test_an_anonymous_workshop_stores_no_name_or_role(engine):
    with session_scope(engine) as session:
        workshop = make_assessment(session, mode="workshop", anonymous=True)
        for name in ("Ada Lovelace", "Grace Hopper"):
            services.join_workshop(
                session=session, join_code=workshop.join_code or "", client="t", label=name, role="CIO"
            )
        services.add_respondent(
            session=session, actor=OPERATOR, assessment_id=workshop.id, label="Alan Turing"
        )
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT label, role, email FROM respondent")).all()
        everything = " ".join(str(row) for row in connection.execute(text("SELECT * FROM respondent")).all())
    assert sorted(label for label, _, _ in rows) == ["Participant 1", "Participant 2", "Participant 3"]
    assert {(role, email) for _, role, email in rows} == {("", None)}
    assert not any(name in everything for name in ("Ada", "Grace", "Alan", "CIO"))


def test_a_participant_withdraws_their_answers_while_the_workshop_is_open(engine):
    with session_scope(engine) as session:
        workshop = make_assessment(session, mode="workshop")
        ada = services.join_workshop(
            session=session, join_code=workshop.join_code or "", client="t", label="Ada"
        )
        bo = services.join_workshop(
            session=session, join_code=workshop.join_code or "", client="t", label="Bo"
        )
        answer_all(session, ada.id, 4, question_ids=["culture.q1"])
        with pytest.raises(PermissionDeniedError):
            services.withdraw(session=session, actor=Actor.participant(bo.id), respondent_id=ada.id)
        services.withdraw(session=session, actor=Actor.participant(ada.id), respondent_id=ada.id)
        assert services.load_answers(session=session, actor=OPERATOR, assessment_id=workshop.id).empty
        assert [
            r.label
            for r in services.list_respondents(session=session, actor=OPERATOR, assessment_id=workshop.id)
        ] == ["Bo"]
        services.restore_respondent(session=session, actor=OPERATOR, respondent_id=ada.id)
        assert len(services.load_answers(session=session, actor=OPERATOR, assessment_id=workshop.id)) == 1
        services.close_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id)
        with pytest.raises(AssessmentClosedError):
            services.withdraw(session=session, actor=Actor.participant(bo.id), respondent_id=bo.id)


def test_a_person_gets_everything_stored_about_them(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        leader = make_person(session, {organisation.id: "facilitator"}, email="lead@example.org")
        unit = services.create_unit(
            session=session, actor=leader, organisation_id=organisation.id, name="Unit"
        )
        _, respondent = services.start_self_assessment(
            session=session,
            actor=leader,
            unit_id=unit.id,
            title="Mine",
            assessed_on=date(2026, 1, 1),
            leader="Lead",
        )
        answer_all(session, respondent.id, 2, question_ids=["culture.q1"], notes={"culture.q1": "our note"})
        plan = services.adopt_backlog(session=session, actor=leader, assessment_id=respondent.assessment_id)
        by_email = services.person_data(session=session, actor=OPERATOR, email="LEAD@example.org")
        by_token = services.person_data(
            session=session, actor=Actor.participant(respondent.id), token=respondent.token
        )
        with pytest.raises(PermissionDeniedError):
            services.person_data(session=session, actor=leader, email="someone@example.org")
    assert by_email["memberships"] == [{"organisation_id": organisation.id, "role": "facilitator"}]
    assert by_email["respondents"][0]["answers"][0]["note"] == "our note"
    assert [event["action"] for event in by_email["audit"]] == [
        "create",
        "create",
        "plan",
    ]  # unit, assessment, adoption
    assert by_token["respondents"][0]["label"] == "Lead"
    assert by_email["plan_changes"] and {c["unit_id"] for c in by_email["plan_changes"]} == {unit.id}
    assert {c["item"] for c in by_email["plan_changes"]} == {item.key for item in plan.items}


def test_each_audited_action_writes_exactly_one_row(engine, bank):
    with session_scope(engine) as session:
        services.record_sign_in(session=session, actor=OPERATOR)
        organisation = services.create_organisation(session=session, actor=OPERATOR, name="Audited")
        org = organisation.id
        services.rename_organisation(
            session=session, actor=OPERATOR, organisation_id=org, name="Audited agency"
        )
        unit = services.create_unit(session=session, actor=OPERATOR, organisation_id=org, name="Unit")
        services.rename_unit(session=session, actor=OPERATOR, unit_id=unit.id, name="Unit 2")
        workshop = services.create_assessment(
            session=session,
            actor=OPERATOR,
            unit_id=unit.id,
            title="W",
            mode="workshop",
            assessed_on=date(2026, 1, 1),
        )
        services.rename_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id, title="W2")
        services.rotate_join_code(session=session, actor=OPERATOR, assessment_id=workshop.id)
        services.close_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id)
        services.reopen_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id)
        services.add_member(
            session=session, actor=OPERATOR, organisation_id=org, email="a@example.org", role="owner"
        )
        services.add_member(
            session=session, actor=OPERATOR, organisation_id=org, email="b@example.org", role="viewer"
        )
        services.remove_member(session=session, actor=OPERATOR, organisation_id=org, email="b@example.org")
        services.add_admin(session=session, actor=OPERATOR, email="boss@example.org")
        exporting.export_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id, fmt="csv")
        exporting.export_organisation(session=session, actor=OPERATOR, organisation_id=org, fmt="json")
        services.record_report(
            session=session, actor=OPERATOR, assessment_id=workshop.id, organisation_id=org
        )
        parsed = importing.read_responses(
            b"respondent,question,answer\nAda,culture.q1,3\n", filename="a.csv", bank=bank
        )
        imported = importing.store_responses(
            session=session,
            actor=OPERATOR,
            parsed=parsed,
            organisation="Audited agency",
            unit="Unit 2",
            title="Imported",
            assessed_on=date(2026, 2, 1),
            mode="self",
            bank=bank,
        )
        services.delete_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id, confirm="W2")
        services.restore_assessment(session=session, actor=OPERATOR, assessment_id=workshop.id)
        services.delete_unit(session=session, actor=OPERATOR, unit_id=unit.id, confirm="Unit 2")
        services.restore_unit(session=session, actor=OPERATOR, unit_id=unit.id)
        data = backup.organisation_backup(session=session, actor=OPERATOR, organisation_id=org)
        services.delete_organisation(
            session=session, actor=OPERATOR, organisation_id=org, confirm="Audited agency"
        )
        services.restore_organisation(session=session, actor=OPERATOR, organisation_id=org)
        services.purge(session=session, actor=OPERATOR, older_than_days=0)
    data["organisation"]["name"] = "Restored agency"
    with session_scope(engine) as session:
        restored = restore.restore_organisation(session=session, actor=OPERATOR, data=data)
    w, i, o = workshop.id, imported.assessment.id, org
    assert audit_rows(engine) == [
        ("sign in", "person", None),
        ("create", "organisation", o),
        ("rename", "organisation", o),
        ("create", "unit", unit.id),
        ("rename", "unit", unit.id),
        ("create", "assessment", w),
        ("rename", "assessment", w),
        ("new join code", "assessment", w),
        ("close", "assessment", w),
        ("reopen", "assessment", w),
        ("member", "member", 1),
        ("member", "member", 2),
        ("member", "member", 2),
        ("member", "admin", None),
        ("export", "assessment", w),
        ("backup", "organisation", o),
        ("report", "assessment", w),
        ("create", "assessment", i),
        ("import", "assessment", i),
        ("delete", "assessment", w),
        ("restore", "assessment", w),
        ("delete", "unit", unit.id),
        ("restore", "unit", unit.id),
        ("delete", "organisation", o),
        ("restore", "organisation", o),
        ("purge", "database", None),
        ("import", "organisation", restored.organisation.id),
    ]


def test_owners_set_how_long_deleted_data_stays_restorable(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        owner = make_person(session, {organisation.id: "owner"})
        viewer = make_person(session, {organisation.id: "viewer"})
        assert organisation.retention_days == 30
        changed = services.set_retention(
            session=session, actor=owner, organisation_id=organisation.id, days=7
        )
        assert changed.retention_days == 7
        with pytest.raises(PermissionDeniedError):
            services.set_retention(session=session, actor=viewer, organisation_id=organisation.id, days=1)
        with pytest.raises(InvalidInputError, match="between 0 and 3650"):
            services.set_retention(session=session, actor=owner, organisation_id=organisation.id, days=-1)
        gone = make_assessment(session, organisation_id=organisation.id, title="Gone")
        services.delete_assessment(session=session, actor=owner, assessment_id=gone.id, confirm="Gone")
        assert services.purge(session=session, actor=OPERATOR, now=utcnow() + timedelta(days=6)).total == 0
        assert (
            services.purge(session=session, actor=OPERATOR, now=utcnow() + timedelta(days=8)).assessments == 1
        )


def test_the_server_wide_trail_holds_sign_ins_and_purges_for_admins_only(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        owner = make_person(session, {organisation.id: "owner"})
        services.record_sign_in(session=session, actor=owner)
        services.purge(session=session, actor=OPERATOR, older_than_days=0)
        trail = services.audit_trail(session=session, actor=OPERATOR, organisation_id=None)
        with pytest.raises(PermissionDeniedError, match="instance admin"):
            services.audit_trail(session=session, actor=owner, organisation_id=None)
    assert [(event.action, event.actor) for event in trail] == [
        ("purge", "local operator"),
        ("sign in", owner.email),
    ]
