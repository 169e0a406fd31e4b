"""The results of one assessment as the results page shows them: header with the headline
numbers, radars, areas in detail, backlog and roadmap.

Functions, not a page: the results page and the read-only page shared with a board both draw
an assessment with them. Each headline number says briefly what it means (``help=``); the help
page says it at length.
"""

from __future__ import annotations

import streamlit as st

from assessment.records import AssessmentInfo
from questionnaires import Bank
from questionnaires.i18n import _
from scoring.formatting import TABLE_DIGITS, date_text, index_text, level_text, percent_text, score_text
from scoring.results import AssessmentResult, DimensionScore
from ui import erasing, radar_charts, sections, svg_chart, tables
from ui.help_text import COVERAGE_HELP, INDEX_HELP, LEVEL_HELP, SCORE_HELP, show_help_link
from ui.html_table import show_table
from ui.roadmap_lanes import lanes_html
from ui.text import escape_markdown

BACKLOG_SHOWN = 15


def show_header(info: AssessmentInfo, result: AssessmentResult) -> None:
    st.header(f"{escape_markdown(info.organisation)} — {escape_markdown(info.unit)}")
    respondents = erasing.plural(result.respondents, "respondent")
    mode = (
        _("{mode} (anonymous: no names asked or stored)").format(mode=info.mode_name)
        if info.anonymous
        else info.mode_name
    )
    status = _("open") if info.is_open else _("closed")
    st.markdown(
        " · ".join((escape_markdown(info.title), date_text(info.assessed_on), mode, respondents, status))
    )
    if info.unkept_bank_version:
        st.warning(
            _(
                "Answered with question bank version {unkept_bank_version}, which was not kept (recorded "
                "before banks were stored): scored with bank version {bank_version}, shipped at that time."
            ).format(unkept_bank_version=info.unkept_bank_version, bank_version=info.bank_version),
            icon=":material/flag:",
        )
    overall = result.overall
    if not overall.scored:
        st.info(
            _(
                "Not scored yet: nobody has answered a question of this assessment. Scores, charts and the "
                "backlog appear with the first answer."
            )
        )
        return
    with sections.metrics_row():
        st.metric(_("Overall level"), level_text(overall), help=str(LEVEL_HELP))
        st.metric(_("Index"), f"{index_text(overall.index)} / 100", help=str(INDEX_HELP))
        st.metric(
            _("Score"),
            _("{score} of 5").format(score=score_text(overall.value, TABLE_DIGITS)),
            help=str(SCORE_HELP),
        )
        st.metric(_("Coverage"), percent_text(overall.coverage), help=str(COVERAGE_HELP))
    show_help_link()


def show_radar(dimensions: tuple[DimensionScore, ...], *, title: str, noun: str, key: str) -> None:
    summary = radar_charts.radar_summary(dimensions, noun=noun)
    wide, narrow = radar_charts.radar_drawings(dimensions)
    svg_chart.show_chart(
        wide=wide,
        narrow=narrow,
        title=title,
        label=_("Radar chart: {title}. {summary}").format(title=title, summary=summary),
        key=f"radar_{key}",
    )
    st.write(summary)
    if table := sections.opened(_("Show as a table: {chart}").format(chart=title), key=f"wf_table_{key}"):
        with table:
            show_table(radar_charts.dimension_table(dimensions), label=title)


def show_standing(result: AssessmentResult) -> None:
    """The three radars (areas, guiding steps, pillars), each with its summary and table.

    Only the open tab is drawn (the others when chosen, a rerun from cached scores): the
    browser spends far longer drawing a chart than the server takes to send it."""
    st.header(_("Where you stand"))
    radars = (
        (result.areas, _("Areas"), _("Areas: current and target"), "area", "areas"),
        (result.steps, _("Guiding steps"), _("Guiding steps: current and target"), "step", "steps"),
        (result.pillars, _("Pillars"), _("Pillars: current and target"), "pillar", "pillars"),
    )
    tabs = st.tabs([radar[1] for radar in radars], key="wf_standing", on_change="rerun")
    for tab, (dimensions, _label, title, noun, key) in zip(tabs, radars, strict=True):
        if tab.open:
            with tab:
                show_radar(dimensions, title=title, noun=noun, key=key)


def show_area_detail(result: AssessmentResult, bank: Bank) -> None:
    st.header(_("Areas in detail"))
    tabs = st.tabs([a.name for a in result.areas], key="wf_area_detail", on_change="rerun")
    for tab, area in zip(tabs, result.areas, strict=True):
        if not tab.open:  # drawn when chosen, like the radars
            continue
        with tab:
            with sections.metrics_row():
                st.metric(_("Score"), score_text(area.score.value, TABLE_DIGITS), help=str(SCORE_HELP))
                st.metric(_("Target"), score_text(area.target))
                st.metric(_("Gap"), score_text(area.gap, TABLE_DIGITS))
            scores = [q for q in result.questions if q.area == area.id]
            show_table(tables.question_score_table(scores, bank), label=area.name)
            notes = tables.notes_table(result, area.id, bank)
            if not notes.empty:
                label = _("Notes from respondents")
                st.markdown(f"**{label}**")
                show_table(notes, label=label)


def show_backlog(result: AssessmentResult, bank: Bank) -> None:
    st.header(_("Prioritised backlog"))
    if not result.backlog:
        st.write(_("Every question meets its target: nothing to add to the backlog."))
        return
    st.caption(
        _("{count} actions, most important first; 'Why' explains each rank. ").format(
            count=len(result.backlog)
        )
        + tables.links_legend(bank.framework)
    )
    backlog = tables.backlog_table(result.backlog, bank.framework)
    show_table(backlog.head(BACKLOG_SHOWN), label=_("Prioritised backlog"))
    # The rest on request: an expander's content is drawn even while it is closed, and a long
    # table is hundreds of cells for the browser to lay out.
    rest = len(backlog) - BACKLOG_SHOWN
    if rest > 0 and st.toggle(_("Show the other {count} actions").format(count=rest), key="wf_backlog_rest"):
        show_table(backlog.iloc[BACKLOG_SHOWN:], label=_("Prioritised backlog"))


def show_roadmap(result: AssessmentResult, bank: Bank) -> None:
    st.header(_("Roadmap"))
    lanes = [
        (
            _("{name} ({start_month}–{end_month} months)").format(
                name=horizon.name, start_month=horizon.start_month, end_month=horizon.end_month
            ),
            tables.horizon_lines(horizon.items, bank.framework),
        )
        for horizon in result.roadmap.horizons
    ]
    st.html(lanes_html(lanes, empty=_("Nothing planned.")))
    if result.roadmap.unscheduled:
        unscheduled = sections.opened(
            _("Not scheduled yet ({count}): beyond the work limits").format(
                count=len(result.roadmap.unscheduled)
            ),
            key="wf_unscheduled",
        )
        if unscheduled:
            lines = tables.horizon_lines(result.roadmap.unscheduled, bank.framework)
            unscheduled.html(lanes_html([("", lines)], empty=""))
