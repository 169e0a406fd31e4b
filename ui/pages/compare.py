"""Compare the units of one organisation: heatmap, ranking, change since the previous round of
the same kind, one unit over time, and the comparison PDF."""

from __future__ import annotations

import streamlit as st

from assessment import services
from assessment.records import AssessmentInfo
from questionnaires.i18n import LANGUAGES, _, current_language, language_name
from scoring.formatting import date_text, versions_text
from scoring.results import Change
from ui import (
    comparison_charts,
    downloads,
    pickers,
    print_layout,
    resources,
    sections,
    state,
    svg_chart,
    tables,
    trend_charts,
)
from ui.chart_style import CHART_CONFIG
from ui.html_table import show_table
from ui.scores import organisation_comparison, unit_trend

KINDS = {"area": _("Areas"), "step": _("Guiding steps"), "pillar": _("Pillars")}


def rounds_compared(change: Change, assessments: dict[str, AssessmentInfo]) -> str:
    """The two rounds a change compares, as people read them: "Self-assessment: 14 Mar 2024 → 13 Mar 2025"."""
    before = assessments.get(change.before_assessment_id)
    after = assessments.get(change.after_assessment_id)
    if before is None or after is None:
        return ""
    return _("{kind}: {before} → {after}").format(
        kind=after.mode_name, before=date_text(before.assessed_on), after=date_text(after.assessed_on)
    )


st.title(_("Compare units"))
print_layout.use_print_layout()

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
summary = comparison_charts.heatmap_summary(matrix, comparison.dimension_names, noun=kind)
codes = comparison_charts.dimension_codes(resources.bank().framework, kind)
wide, narrow = comparison_charts.heatmap_drawings(matrix, comparison.dimension_names, codes=codes)
svg_chart.show_chart(
    wide=wide,
    narrow=narrow,
    title=title,
    label=_("Heatmap: {title}. {summary}").format(title=title, summary=summary),
    key="compare_heatmap",
)
if codes:
    st.caption(comparison_charts.codes_key(codes, comparison.dimension_names))
st.write(summary)
if heatmap_table := sections.opened(_("Show the heatmap as a table"), key="wf_table_heatmap"):
    with heatmap_table:
        show_table(comparison_charts.heatmap_table(matrix, comparison.dimension_names), label=title)

st.header(_("Ranking"))
st.caption(
    _(
        "Units ranked by their latest assessment's overall score. Percentile: the share of the "
        "other units it scores above (ties count half)."
    )
)
show_table(tables.ranking_table(comparison), label=_("Ranking"))

with resources.session(write=False) as session:
    assessments = services.list_assessments(
        actor=state.actor(), session=session, organisation_id=organisation.id
    )
    units = services.list_units(actor=state.actor(), session=session, organisation_id=organisation.id)
by_key = {str(a.id): a for a in assessments}

st.header(_("Change since the previous round"))
st.caption(
    _(
        "Each unit's latest round compared with its previous round of the same kind: a workshop with "
        "the previous workshop, a self-assessment with the previous self-assessment. Changes are "
        "rounded to two decimals, as the scores are."
    )
)
if not comparison.changes:
    st.write(_("No unit has two rounds of the same kind yet: changes appear after a unit's second one."))
else:
    change_summary = comparison_charts.change_summary(comparison.changes)
    st.text(change_summary)  # names units: plain text, never markdown
    rounds = {change.unit: rounds_compared(change, by_key) for change in comparison.changes}
    show_table(
        comparison_charts.change_table(comparison.changes, rounds), label=_("Change since the previous round")
    )
    wide, narrow = comparison_charts.change_drawings(comparison.changes)
    svg_chart.show_chart(
        wide=wide,
        narrow=narrow,
        title=_("Change in overall score"),
        label=_("Bar chart of each unit's change in overall score. {change_summary}").format(
            change_summary=change_summary
        ),
        key="change_chart",
    )

st.header(_("One unit over time"))
assessed = {a.unit_id for a in assessments}
unit = pickers.unit_picker([u for u in units if u.id in assessed], key="trend_unit")
if unit is not None:  # None: the units were deleted since the comparison above was scored
    trend = unit_trend(unit.id)
    points = trend.points
    if trend_versions := versions_text(trend.versions):
        st.info(trend_versions, icon=":material/difference:")
    trend_summary = trend_charts.trend_summary(points)
    st.write(trend_summary)
    show_table(trend_charts.trend_table(points), label=_("One unit over time"))
    # The line chart stays interactive (hover names each point), so it is plotly's: drawn on
    # request, since the first plotly element costs the browser its 4.7 MB bundle.
    trend_title = _("Overall and area scores over time")
    if len(points) >= 2 and st.toggle(trend_title, key="trend_chart_shown"):
        st.plotly_chart(
            trend_charts.trend_figure(points, title=trend_title),
            key="trend_chart",
            config=CHART_CONFIG,
            alt=_(
                "Line chart of {path}'s overall and area scores by assessment date. {trend_summary}"
            ).format(path=unit.path, trend_summary=trend_summary),
        )

st.header(_("Download"))
code = st.selectbox(
    _("Language of the PDF report"),
    LANGUAGES,
    index=LANGUAGES.index(current_language()) if current_language() in LANGUAGES else 0,
    format_func=language_name,
    key="compare_pdf_language",
)
pdf = downloads.comparison_pdf(resources.engine(), state.actor(), organisation.id, organisation.name, code)
st.download_button(
    pdf.label,
    data=pdf.build,
    file_name=pdf.file_name,
    mime=pdf.mime,
    key="download_comparison",
    icon=":material/download:",
)
st.caption(
    _(
        "The PDF is for printing and sharing; it is not tagged for screen readers. This page holds the "
        "same comparison in accessible form."
    )
)
