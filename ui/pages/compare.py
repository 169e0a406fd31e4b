"""Compare the units of one organisation: heatmap, ranking and change since the previous round."""

from __future__ import annotations

import streamlit as st

from assessment import services
from questionnaires.i18n import _
from scoring.formatting import versions_text
from ui import charts, pickers, resources, state, tables
from ui.scores import organisation_comparison, unit_trend

KINDS = {"area": _("Areas"), "step": _("Guiding steps"), "pillar": _("Pillars")}

st.title(_("Compare units"))

organisation = pickers.organisation_picker(key="compare_organisation")
if organisation is None:
    st.info(pickers.no_organisations())
    st.stop()
comparison = organisation_comparison(organisation.id)

if not comparison.entries:
    st.info(_("No unit of this organisation has an assessment yet."))
    st.stop()

if comparison_versions := versions_text(comparison.versions):
    st.info(comparison_versions, icon=":material/difference:")

st.header(_("Scores by unit"))
kind = st.segmented_control(
    _("Show scores by"),
    list(KINDS),
    format_func=KINDS.__getitem__,
    default="area",
    key="compare_kind",
    required=True,
)
matrix = comparison.matrices[kind]
title = _("{dimensions} by unit (1–5)").format(dimensions=KINDS[kind])
summary = charts.heatmap_summary(matrix, comparison.dimension_names, noun=kind)
st.plotly_chart(
    charts.heatmap_figure(matrix, comparison.dimension_names, title=title),
    key="compare_heatmap",
    alt=_("Heatmap: {title}. {summary}").format(title=title, summary=summary),
)
st.write(summary)
with st.expander(_("Show the heatmap as a table")):
    st.table(
        tables.escaped(charts.heatmap_table(matrix, comparison.dimension_names), _("Unit")), hide_index=True
    )

st.header(_("Ranking"))
st.caption(
    _(
        "Units ranked by their latest assessment's overall score. Percentile: the share of the "
        "other units it scores above (ties count half)."
    )
)
st.dataframe(tables.ranking_table(comparison), hide_index=True, key="ranking")

st.header(_("Change since the previous assessment"))
if not comparison.changes:
    st.write(_("No unit has been assessed twice yet: changes appear after a unit's second assessment."))
else:
    change_summary = charts.change_summary(comparison.changes)
    st.text(change_summary)  # names units: plain text, never markdown
    st.table(tables.escaped(charts.change_table(comparison.changes), _("Unit")), hide_index=True)
    st.plotly_chart(
        charts.change_figure(comparison.changes, title=_("Change in overall score")),
        key="change_chart",
        alt=_("Bar chart of each unit's change in overall score. {change_summary}").format(
            change_summary=change_summary
        ),
    )

st.header(_("One unit over time"))
with resources.session(write=False) as session:
    assessments = services.list_assessments(
        actor=state.actor(), session=session, organisation_id=organisation.id
    )
    units = services.list_units(actor=state.actor(), session=session, organisation_id=organisation.id)
assessed = {a.unit_id for a in assessments}
unit = pickers.unit_picker([u for u in units if u.id in assessed], key="trend_unit")
if unit is None:  # the units were deleted since the comparison above was scored
    st.stop()
trend = unit_trend(unit.id)
points = trend.points
if trend_versions := versions_text(trend.versions):
    st.info(trend_versions, icon=":material/difference:")
trend_summary = charts.trend_summary(points)
trend_table = tables.escaped(charts.trend_table(points), _("Title"))
if len(points) < 2:
    st.write(trend_summary)
    st.table(trend_table, hide_index=True)
else:
    st.plotly_chart(
        charts.trend_figure(points, title=_("Overall and area scores over time")),
        key="trend_chart",
        alt=_("Line chart of {path}'s overall and area scores by assessment date. {trend_summary}").format(
            path=unit.path, trend_summary=trend_summary
        ),
    )
    st.write(trend_summary)
    with st.expander(_("Show as table")):
        st.table(trend_table, hide_index=True)
