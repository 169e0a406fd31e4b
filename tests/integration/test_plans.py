"""Plans on SQLite and PostgreSQL: adopt, edit with history and optimistic saving, roles, the
round trip through Jira's and Azure DevOps' CSV, and progress when the unit is assessed again."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from assessment import services
from assessment.backup import organisation_backup
from assessment.db import session_scope
from assessment.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from assessment.plan_exchange import (
    AZURE_COLUMNS,
    JIRA_COLUMNS,
    PlanFileError,
    export_plan,
    read_statuses,
)
from assessment.records import ItemEdit, PlanInfo, PlanItemInfo
from assessment.restore import restore_organisation
from tests.factories import OPERATOR, make_answered_assessment, make_person

FIRST = {"Lead": {"culture.q1": 2, "devops.q1": 3, "skills.q1": 4}}
KEYS = ("culture.q1@3", "culture.q1@4", "devops.q1@4")


def adopted(engine: Engine, keys: tuple[str, ...] = KEYS) -> PlanInfo:
    with session_scope(engine) as session:
        made = make_answered_assessment(session, FIRST, question_targets={}, assessed_on=date(2025, 3, 1))
        return services.adopt_backlog(
            session=session, actor=OPERATOR, assessment_id=made.assessment.id, keys=keys
        )


def by_key(plan: PlanInfo) -> dict[str, PlanItemInfo]:
    return {item.key: item for item in plan.items}


def edit(item: PlanItemInfo, **changes: object) -> ItemEdit:
    values = {name: getattr(item, name) for name in ("owner", "status", "due_on", "acceptance", "notes")}
    return ItemEdit(item.id, item.version, **{**values, **changes})


def test_adopting_keeps_each_items_source_and_prefills_its_acceptance_criteria(engine):
    plan = adopted(engine)
    items = by_key(plan)
    assert sorted(items) == sorted(KEYS)
    culture = items["culture.q1@3"]
    assert (culture.question_id, culture.from_level, culture.to_level, culture.status) == (
        "culture.q1",
        2,
        3,
        "planned",
    )
    assert culture.reason.startswith("Gap of") and culture.priority > 0
    assert culture.acceptance == "Reaches level 3 (Defined): State 3 of culture.q1."


def test_adopting_an_item_twice_keeps_the_first_and_an_unknown_key_adopts_nothing(engine):
    plan = adopted(engine, KEYS[:2])
    chosen = by_key(plan)["culture.q1@3"]
    with session_scope(engine) as session:
        services.save_plan_items(
            session=session, actor=OPERATOR, unit_id=plan.unit_id, edits=[edit(chosen, owner="Kept")]
        )
        again = services.adopt_backlog(
            session=session, actor=OPERATOR, assessment_id=chosen.source_assessment_id
        )
    assert sorted(by_key(again)) == sorted(KEYS)  # the whole backlog now; skills.q1 meets its target
    assert by_key(again)["culture.q1@3"].owner == "Kept"
    source = chosen.source_assessment_id
    with session_scope(engine) as session, pytest.raises(InvalidInputError, match="nope@3"):
        services.adopt_backlog(session=session, actor=OPERATOR, assessment_id=source, keys=["nope@3"])
    with session_scope(engine, write=False) as session:
        assert len(services.get_plan(session=session, actor=OPERATOR, unit_id=plan.unit_id).items) == 3


def test_viewers_read_the_plan_facilitators_edit_it_and_outsiders_do_not_see_it(engine):
    plan = adopted(engine)
    with session_scope(engine) as session:
        viewer = make_person(session, {plan.organisation_id: "viewer"})
        facilitator = make_person(session, {plan.organisation_id: "facilitator"})
        outsider = make_person(session, {})
    item = plan.items[0]
    with session_scope(engine) as session:
        assert services.get_plan(session=session, actor=viewer, unit_id=plan.unit_id).id == plan.id
        with pytest.raises(PermissionDeniedError):
            services.save_plan_items(
                session=session, actor=viewer, unit_id=plan.unit_id, edits=[edit(item, owner="Vi")]
            )
        with pytest.raises(NotFoundError):
            services.get_plan(session=session, actor=outsider, unit_id=plan.unit_id)
        saved = services.save_plan_items(
            session=session, actor=facilitator, unit_id=plan.unit_id, edits=[edit(item, owner="Fay")]
        )
    assert saved.item(item.id).owner == "Fay"
    assert saved.item(item.id).updated_by == facilitator.email


def test_every_status_change_is_stored_with_who_and_when(engine):
    plan = adopted(engine)
    item = by_key(plan)["culture.q1@3"]
    with session_scope(engine) as session:
        person = make_person(session, {plan.organisation_id: "facilitator"})
    before = datetime.now(UTC)
    with session_scope(engine) as session:
        first = services.save_plan_items(
            session=session, actor=person, unit_id=plan.unit_id, edits=[edit(item, status="in progress")]
        )
    with session_scope(engine) as session:
        services.save_plan_items(
            session=session,
            actor=OPERATOR,
            unit_id=plan.unit_id,
            edits=[edit(first.item(item.id), status="done", due_on=date(2025, 6, 30))],
        )
    with session_scope(engine, write=False) as session:
        history = services.plan_history(session=session, actor=OPERATOR, unit_id=plan.unit_id)
    statuses = [(c.actor, c.old, c.new) for c in history if c.field == "status"]
    assert statuses == [("local operator", "in progress", "done"), (person.email, "planned", "in progress")]
    assert all(c.at >= before for c in history if c.field == "status")
    assert [c.new for c in history if c.field == "due_on"] == ["2025-06-30"]
    assert sum(c.field == "adopted" for c in history) == len(KEYS)


def test_a_save_from_an_outdated_copy_is_refused_and_changes_nothing(engine):
    plan = adopted(engine)
    first, second = plan.items[0], plan.items[1]
    with session_scope(engine) as session:
        services.save_plan_items(
            session=session, actor=OPERATOR, unit_id=plan.unit_id, edits=[edit(first, owner="Ana")]
        )
    with session_scope(engine) as session, pytest.raises(ConflictError, match="saved by local operator"):
        services.save_plan_items(
            session=session,
            actor=OPERATOR,
            unit_id=plan.unit_id,
            edits=[edit(second, owner="Ben"), edit(first, owner="Bob")],  # ``first`` as read before Ana
        )
    with session_scope(engine, write=False) as session:
        now = by_key(services.get_plan(session=session, actor=OPERATOR, unit_id=plan.unit_id))
    assert now[first.key].owner == "Ana" and now[second.key].owner == ""


def test_an_invalid_status_is_refused_by_name_and_nothing_is_saved(engine):
    plan = adopted(engine)
    with session_scope(engine) as session, pytest.raises(InvalidInputError, match="status"):
        services.save_plan_items(
            session=session,
            actor=OPERATOR,
            unit_id=plan.unit_id,
            edits=[edit(plan.items[0], owner="Ok"), edit(plan.items[1], status="finished")],
        )
    with session_scope(engine, write=False) as session:
        assert {
            i.owner for i in services.get_plan(session=session, actor=OPERATOR, unit_id=plan.unit_id).items
        } == {""}


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def test_the_jira_and_azure_devops_files_have_exactly_their_import_columns_one_row_per_item(engine):
    plan = adopted(engine)
    jira, azure = (
        rows(export_plan(plan, "jira", unit="Finance")),
        rows(export_plan(plan, "azure-devops", unit="F")),
    )
    assert jira[0] == [
        "Summary",
        "Issue Type",
        "Status",
        "Resolution",
        "Due Date",
        "Description",
        "Labels",
        "Labels",
        "Labels",
    ]
    assert tuple(jira[0]) == JIRA_COLUMNS
    assert azure[0] == ["Work Item Type", "Title", "Description", "Acceptance Criteria", "Tags"]
    assert tuple(azure[0]) == AZURE_COLUMNS
    assert len(jira) == len(azure) == len(plan.items) + 1
    assert {row[7] for row in jira[1:]} == {f"wayfinder-{key}" for key in KEYS}
    assert {row[4].split("; ")[1] for row in azure[1:]} == {f"wayfinder-{key}" for key in KEYS}
    assert {row[2] for row in jira[1:]} == {"To Do"}


def test_github_json_and_xlsx_hold_one_issue_or_row_per_item(engine):
    plan = adopted(engine)
    issues = json.loads(export_plan(plan, "github", unit="Finance"))
    assert [sorted(issue) for issue in issues] == [["body", "labels", "title"]] * len(KEYS)
    sheet = load_workbook(io.BytesIO(export_plan(plan, "xlsx", unit="Finance")))["Plan"]
    assert sheet.max_row == len(KEYS) + 1 and sheet["A1"].value == "Key"


def test_a_cell_that_would_be_a_formula_is_neutralised_in_every_format(engine):
    plan = adopted(engine)
    item = plan.items[0]
    with session_scope(engine) as session:
        plan = services.save_plan_items(
            session=session,
            actor=OPERATOR,
            unit_id=plan.unit_id,
            edits=[edit(item, acceptance="=HYPERLINK(1)")],
        )
    azure = rows(export_plan(plan, "azure-devops", unit="F"))
    assert "'=HYPERLINK(1)" in [row[3] for row in azure]
    sheet = load_workbook(io.BytesIO(export_plan(plan, "xlsx", unit="F")))["Plan"]
    assert "'=HYPERLINK(1)" in [cell.value for cell in sheet["F"]]


def jira_export(plan: PlanInfo, statuses: dict[str, tuple[str, str]]) -> bytes:
    """What Jira's own "Export CSV (all fields)" gives after the team moved some issues."""
    ours = rows(export_plan(plan, "jira", unit="Finance"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Resolution", *["Labels"] * 3]
    )
    for number, row in enumerate(ours[1:], start=1):
        key = row[7].removeprefix("wayfinder-")
        status, resolution = statuses.get(key, (row[2], row[3]))
        writer.writerow([row[0], f"DT-{number}", 10000 + number, "Task", status, resolution, *row[6:9]])
    return buffer.getvalue().encode("utf-8-sig")


def azure_export(plan: PlanInfo, states: dict[str, str]) -> bytes:
    """What Azure Boards' "Export to CSV" of a query gives: ID, type, title, state, tags."""
    ours = rows(export_plan(plan, "azure-devops", unit="Finance"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["ID", "Work Item Type", "Title", "State", "Tags"])
    for number, row in enumerate(ours[1:], start=101):
        key = row[4].split("; ")[1].removeprefix("wayfinder-")
        writer.writerow([number, row[0], row[1], states.get(key, "New"), row[4]])
    return buffer.getvalue().encode("utf-8-sig")


def statuses(engine: Engine, unit_id: int) -> dict[str, str]:
    with session_scope(engine, write=False) as session:
        return {
            i.key: i.status for i in services.get_plan(session=session, actor=OPERATOR, unit_id=unit_id).items
        }


@pytest.mark.parametrize("tool", ["jira", "azure-devops"])
def test_a_round_trip_through_the_tool_updates_exactly_the_items_moved_there(engine, tool):
    plan = adopted(engine)
    if tool == "jira":
        data = jira_export(plan, {"culture.q1@3": ("Done", "Done"), "devops.q1@4": ("Done", "Won't Do")})
        expected = {"culture.q1@3": "done", "devops.q1@4": "dropped", "culture.q1@4": "planned"}
    else:
        data = azure_export(plan, {"culture.q1@3": "Closed", "devops.q1@4": "Active"})
        expected = {"culture.q1@3": "done", "devops.q1@4": "in progress", "culture.q1@4": "planned"}
    with session_scope(engine) as session:
        changed = services.import_statuses(
            session=session, actor=OPERATOR, unit_id=plan.unit_id, rows=read_statuses(data)
        )
    assert sorted(changed) == ["culture.q1@3", "devops.q1@4"]
    assert statuses(engine, plan.unit_id) == expected
    with session_scope(engine, write=False) as session:
        history = services.plan_history(session=session, actor=OPERATOR, unit_id=plan.unit_id)
    assert sorted(c.item_key for c in history if c.field == "status") == ["culture.q1@3", "devops.q1@4"]


def test_a_malformed_export_names_every_bad_row_and_changes_nothing(engine):
    plan = adopted(engine)
    good = jira_export(plan, {"culture.q1@3": ("Done", "Done")}).decode("utf-8-sig")
    lines = good.splitlines()
    lines[2] = lines[2].replace("wayfinder-culture.q1@4", "someone-else")
    lines[3] = lines[3].replace(",To Do,", ",Parked,")
    with pytest.raises(PlanFileError) as problem:
        read_statuses("\n".join(lines).encode("utf-8"))
    assert "row 3: no 'wayfinder-…' label" in str(problem.value)
    assert "row 4: the Jira status 'Parked' is not one Wayfinder knows" in str(problem.value)
    unknown = azure_export(plan, {}).decode("utf-8-sig").replace("wayfinder-devops.q1@4", "wayfinder-gone@9")
    with session_scope(engine) as session, pytest.raises(InvalidInputError, match="row 4: no item 'gone@9'"):
        services.import_statuses(
            session=session, actor=OPERATOR, unit_id=plan.unit_id, rows=read_statuses(unknown.encode())
        )
    assert set(statuses(engine, plan.unit_id).values()) == {"planned"}


def test_a_file_of_neither_tool_is_refused_with_its_columns():
    with pytest.raises(PlanFileError, match="its columns are: a, b"):
        read_statuses(b"a,b\n1,2\n")


def test_the_next_round_shows_progress_per_done_item_and_leaves_in_progress_items_out(engine):
    plan = adopted(engine)
    items = by_key(plan)
    with session_scope(engine) as session:
        services.save_plan_items(
            session=session,
            actor=OPERATOR,
            unit_id=plan.unit_id,
            edits=[
                edit(items["culture.q1@3"], status="done"),
                edit(items["devops.q1@4"], status="done"),
                edit(items["culture.q1@4"], status="in progress"),
            ],
        )
        second = make_answered_assessment(
            session,
            {"Lead": {"culture.q1": 3, "devops.q1": 3, "skills.q1": 4}},
            unit_id=plan.unit_id,
            title="Second round",
            assessed_on=date(2025, 9, 1),
        )
        result = services.score_assessment(
            session=session, actor=OPERATOR, assessment_id=second.assessment.id
        )
        trimmed, progress = services.review_round(
            session=session, actor=OPERATOR, assessment_id=second.assessment.id, result=result
        )
        first_result = services.score_assessment(
            session=session, actor=OPERATOR, assessment_id=items["culture.q1@3"].source_assessment_id
        )
        unchanged, none = services.review_round(
            session=session,
            actor=OPERATOR,
            assessment_id=first_result.assessment_id and int(first_result.assessment_id),
            result=first_result,
        )
    assert progress is not None and none is None and unchanged is first_result
    moved = {item.key: (item.before, item.after, item.delta, item.to_discuss) for item in progress.items}
    assert moved == {"culture.q1@3": (2.0, 3.0, 1.0, False), "devops.q1@4": (3.0, 3.0, 0.0, True)}
    assert [item.key for item in progress.left_out] == ["culture.q1@4"]
    assert "culture.q1@4" in {item.key for item in result.backlog}
    assert "culture.q1@4" not in {item.key for item in trimmed.backlog}
    assert [item.rank for item in trimmed.backlog] == list(range(1, len(trimmed.backlog) + 1))


def test_an_organisation_backup_carries_the_plan_and_its_history_through_a_restore(sqlite_engine, engine):
    plan = adopted(sqlite_engine)
    item = by_key(plan)["culture.q1@3"]
    with session_scope(sqlite_engine) as session:
        services.save_plan_items(
            session=session,
            actor=OPERATOR,
            unit_id=plan.unit_id,
            edits=[edit(item, status="done", owner="Ana", due_on=date(2025, 6, 30), notes="R&D <ok>")],
        )
        backup = organisation_backup(session=session, actor=OPERATOR, organisation_id=plan.organisation_id)
        history = services.plan_history(session=session, actor=OPERATOR, unit_id=plan.unit_id)
    with session_scope(engine) as session:
        restored = restore_organisation(session=session, actor=OPERATOR, data=json.loads(json.dumps(backup)))
    with session_scope(engine, write=False) as session:
        (unit,) = services.list_units(
            session=session, actor=OPERATOR, organisation_id=restored.organisation.id
        )
        (assessment,) = services.list_assessments(session=session, actor=OPERATOR, unit_id=unit.id)
        again = services.get_plan(session=session, actor=OPERATOR, unit_id=unit.id)
        restored_history = services.plan_history(session=session, actor=OPERATOR, unit_id=unit.id)
        second = organisation_backup(
            session=session, actor=OPERATOR, organisation_id=restored.organisation.id
        )

    def comparable(info: PlanItemInfo) -> tuple:
        return (info.key, info.status, info.owner, info.due_on, info.notes, info.version, info.updated_at)

    assert [comparable(i) for i in again.items] == [comparable(i) for i in plan_items(sqlite_engine, plan)]
    assert {i.source_assessment_id for i in again.items} == {assessment.id}
    assert sorted((c.at, c.item_key, c.actor, c.field, c.old, c.new) for c in restored_history) == sorted(
        (c.at, c.item_key, c.actor, c.field, c.old, c.new) for c in history
    )
    second.pop("exported_at"), backup.pop("exported_at")
    assert second["organisation"]["units"][0]["plan"] == backup["organisation"]["units"][0]["plan"]


def test_a_backup_with_a_damaged_plan_is_refused_with_where(sqlite_engine, engine):
    plan = adopted(sqlite_engine)
    with session_scope(sqlite_engine, write=False) as session:
        backup = organisation_backup(session=session, actor=OPERATOR, organisation_id=plan.organisation_id)
    backup["organisation"]["units"][0]["plan"]["items"][1]["status"] = "finished"
    with session_scope(engine) as session, pytest.raises(InvalidInputError, match=r"plan\.items\.1\.status"):
        restore_organisation(session=session, actor=OPERATOR, data=backup)


def plan_items(engine: Engine, plan: PlanInfo) -> tuple[PlanItemInfo, ...]:
    with session_scope(engine, write=False) as session:
        return services.get_plan(session=session, actor=OPERATOR, unit_id=plan.unit_id).items


def test_two_editors_saving_the_same_item_at_once_never_overwrite_each_other(engine):
    plan = adopted(engine)
    item = plan.items[0]
    first_holds_its_save = threading.Event()
    outcome: dict[str, str] = {}

    def second_editor() -> None:
        first_holds_its_save.wait()
        try:
            with session_scope(engine) as session:
                services.save_plan_items(
                    session=session, actor=OPERATOR, unit_id=plan.unit_id, edits=[edit(item, owner="Bob")]
                )
            outcome["second"] = "saved"
        except ConflictError:
            outcome["second"] = "refused"

    thread = threading.Thread(target=second_editor)
    thread.start()
    with session_scope(engine) as session:
        services.save_plan_items(
            session=session, actor=OPERATOR, unit_id=plan.unit_id, edits=[edit(item, owner="Ana")]
        )
        first_holds_its_save.set()
        time.sleep(0.5)  # the second editor's save starts while this one is not committed yet
    thread.join()
    assert outcome == {"second": "refused"}
    assert by_key(plan_items_info(engine, plan))[item.key].owner == "Ana"


def plan_items_info(engine: Engine, plan: PlanInfo) -> PlanInfo:
    with session_scope(engine, write=False) as session:
        return services.get_plan(session=session, actor=OPERATOR, unit_id=plan.unit_id)
