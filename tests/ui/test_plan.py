"""AppTests of the plan page (adopt, board, overdue, roles) and of the results page's "progress
since last round" on a unit's second assessment."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine

from assessment import db, services
from assessment.records import ItemEdit, PlanInfo
from tests.factories import OPERATOR, make_answered_assessment, make_person
from tests.ui.conftest import signed_in
from tests.ui.helpers_insight import page, seed_assessment, table
from ui.text import escape_markdown

FIRST = {"Lead": {"culture.q1": 2, "devops.q1": 3}}


def adopt(engine: Engine, assessment_id: int) -> PlanInfo:
    with db.session_scope(engine) as session:
        return services.adopt_backlog(session=session, actor=OPERATOR, assessment_id=assessment_id)


def set_items(engine: Engine, plan: PlanInfo, **by_key: dict[str, object]) -> None:
    with db.session_scope(engine) as session:
        edits = []
        for item in plan.items:
            values = {"owner": item.owner, "status": item.status, "due_on": item.due_on}
            values |= by_key.get(item.key.replace(".", "_").replace("@", "_"), {})
            edits.append(
                ItemEdit(item.id, item.version, acceptance=item.acceptance, notes=item.notes, **values)
            )
        services.save_plan_items(session=session, actor=OPERATOR, unit_id=plan.unit_id, edits=edits)


def test_a_facilitator_adopts_the_backlog_and_sees_it_on_the_board(engine: Engine, small_bank) -> None:
    seed_assessment(engine, FIRST)
    app = page("plan").run()
    assert not app.exception
    assert any("has no plan yet" in info.value for info in app.info)
    next(b for b in app.button if b.label == "Adopt into the plan").click().run()
    assert not app.exception
    assert any("3 item(s) adopted into the plan" in s.value for s in app.success)
    lanes = [header.value for header in app.subheader]
    assert "Later (3)" in lanes and "Now: in progress (0)" in lanes
    assert escape_markdown("Lift culture.q1 to 3") in [m.value.strip("*") for m in app.markdown]


def test_the_board_puts_items_in_lanes_by_status_and_highlights_the_overdue(
    engine: Engine, small_bank
) -> None:
    made = seed_assessment(engine, FIRST)
    plan = adopt(engine, made.assessment.id)
    set_items(
        engine,
        plan,
        culture_q1_3={"status": "in progress", "owner": "Ana", "due_on": date.today() - timedelta(days=3)},
        culture_q1_4={"due_on": date.today() + timedelta(days=20), "owner": "Ben"},
    )
    app = page("plan").run()
    assert not app.exception
    lanes = [header.value for header in app.subheader]
    assert {"Now: in progress (1)", "Next: due within 3 months (1)", "Later (1)"} <= set(lanes)
    assert sum("Overdue" in m.value for m in app.markdown) == 1
    assert any("3 of 3 items shown · 1 overdue" in c.value for c in app.caption)
    app.multiselect(key="plan_filter_owner").set_value(["Ben"]).run()
    assert any("1 of 3 items shown · 0 overdue" in c.value for c in app.caption)


def test_a_viewer_reads_the_plan_without_editor_adoption_or_import(
    engine: Engine, small_bank, open_page
) -> None:
    made = seed_assessment(engine, FIRST)
    adopt(engine, made.assessment.id)
    with db.session_scope(engine) as session:
        viewer = make_person(session, {made.organisation_id: "viewer"})
    app = open_page("plan", user=signed_in(viewer.email), secrets={"auth": _auth()})
    assert not app.exception
    assert not [
        b for b in app.button if b.label in ("Save changes", "Adopt into the plan", "Import statuses")
    ]
    assert not app.get("file_uploader")
    assert len(app.dataframe) >= 1


def _auth() -> dict[str, str]:
    from tests.ui.conftest import AUTH_SECRETS

    return dict(AUTH_SECRETS)


def test_the_second_round_shows_progress_per_done_item_and_leaves_in_progress_out(
    engine: Engine, small_bank
) -> None:
    made = seed_assessment(engine, FIRST, assessed_on=date(2025, 3, 1))
    plan = adopt(engine, made.assessment.id)
    set_items(engine, plan, culture_q1_3={"status": "done"}, devops_q1_4={"status": "done"})
    set_items(engine, _reread(engine, plan), culture_q1_4={"status": "in progress"})
    with db.session_scope(engine) as session:
        second = make_answered_assessment(
            session,
            {"Lead": {"culture.q1": 3, "devops.q1": 3}},
            unit_id=made.unit_id,
            title="Second round",
            assessed_on=date(2025, 9, 1),
        )
    app = page("results", query={"assessment": str(second.assessment.id)}).run()
    assert not app.exception
    assert "Progress since last round" in [h.value for h in app.header]
    progress = table(app, "Done item", "Then", "Now", "Change")
    rows = {
        row["Done item"]: (row["Then"], row["Now"], row["Change"], row["Discuss"])
        for _, row in progress.iterrows()
    }
    assert rows == {
        "Lift culture.q1 to 3": ("2.0", "3.0", "+1.0", "no: it moved"),
        "Lift devops.q1 to 4": ("3.0", "3.0", "±0.0", "yes: it did not move"),
    }
    assert any("1 done item(s) to discuss" in w.value for w in app.warning)
    left_out = "already in progress in the plan: " + escape_markdown("Lift culture.q1 to 4")
    assert any(left_out in info.value for info in app.info)
    backlog = table(app, "Rank", "Action", "Why")
    assert "Lift culture.q1 to 4" not in set(backlog["Action"])


def _reread(engine: Engine, plan: PlanInfo) -> PlanInfo:
    with db.session_scope(engine, write=False) as session:
        return services.get_plan(session=session, actor=OPERATOR, unit_id=plan.unit_id)
