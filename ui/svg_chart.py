"""The PDFs' own charts (``reports.charts``, ``reports.comparison_charts``: reportlab drawings)
shown in the page as SVG images.

One drawing code for the app and the PDF, so both show the same chart, and no Plotly on a
page's first paint: the browser spends 0.6–0.9 s evaluating Streamlit's 4.7 MB Plotly bundle as
soon as the first plotly element arrives, longer than the server takes for the whole page.
An SVG of a few kB is drawn at once.

``st.html`` sanitises what it is given with the HTML profile, which removes inline ``<svg>``;
an ``<img>`` of the SVG as a ``data:`` URL passes, and is what ``st.image`` would make of it
too. One ``st.html`` holds both sizes of a chart and the CSS that chooses between them.

The image fills its container's width up to the size the drawing's text reads at, never
larger. A chart is drawn twice, for a wide and a narrow container (a phone's 390 px): scaled
down, the wide one's labels would be too small to read there. A CSS container query shows the
one that fits; the one not shown is not rendered, nor read by screen readers, which hear the
image's ``alt`` (the chart's title and summary). The numbers are in the tables beside each chart.
"""

from __future__ import annotations

import base64
import re
from html import escape

import streamlit as st
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Group

from reports.fonts import BOLD, FALLBACK, REGULAR

PX_PER_UNIT = 1.6  # a 7.5 pt chart label is 12 px, the size of the page's small text
NARROW_BELOW_PX = 560  # a container narrower than this shows the narrow drawing
# reportlab names the fonts the PDF registers; the browser gets the same faces where it has
# them (DejaVu Sans on Linux) or Verdana, whose letters are as wide, so labels the drawing
# placed by DejaVu's widths (centred, right-aligned) stay where they were put.
FONT_STACKS = {
    REGULAR: "font-family: 'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif;",
    BOLD: "font-family: 'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif; font-weight: bold;",
    FALLBACK: "font-family: 'Droid Sans Fallback', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif;",
}
_FONT_NAME = re.compile(r"font-family: ([\w-]+);")
STYLE = f"""<style>
.wf-chart {{ container-type: inline-size; margin: 0; }}
.wf-chart figcaption {{ font-weight: 600; margin-bottom: 0.25rem; }}
.wf-chart img {{ display: block; width: 100%; height: auto; }}
.wf-chart .wf-narrow {{ display: none; }}
@container (max-width: {NARROW_BELOW_PX}px) {{
  .wf-chart .wf-wide {{ display: none; }}
  .wf-chart .wf-narrow {{ display: block; }}
}}
</style>"""


def svg_text(drawing: Drawing) -> str:
    """``drawing`` as an SVG document, the PDF's font names turned into browser font stacks."""
    text = renderSVG.drawToString(drawing)
    text = text[text.index("<svg ") :]
    text = re.sub(r"\s*<title>\.\.\.</title>\s*<desc>\.\.\.</desc>", "", text, count=1)
    return _FONT_NAME.sub(lambda match: FONT_STACKS.get(match[1], match[0]), text)


def image_markup(drawing: Drawing, *, alt: str, css_class: str) -> str:
    """An ``<img>`` of ``drawing`` that follows its container's width up to
    :data:`PX_PER_UNIT` pixels per point, where its labels have their intended size."""
    source = "data:image/svg+xml;base64," + base64.b64encode(svg_text(drawing).encode()).decode()
    largest = f"max-width: {drawing.width * PX_PER_UNIT:.0f}px"
    return f'<img class="{css_class}" alt="{escape(alt)}" style="{largest}" src="{source}">'


def stacked(*drawings: Drawing, gap: float = 6) -> Drawing:
    """``drawings`` one above the other in one drawing (a legend over its heatmap), as wide as the
    widest; one whose text runs past that width (a legend's words in German on a phone's
    drawing) is scaled down to fit, never clipped."""
    width = max(drawing.width for drawing in drawings)
    shrink = [min(1.0, width / max(drawing.width, drawing.getBounds()[2])) for drawing in drawings]
    height = sum(d.height * f for d, f in zip(drawings, shrink, strict=True)) + gap * (len(drawings) - 1)
    whole = Drawing(width, height)
    top = height
    for drawing, factor in zip(drawings, shrink, strict=True):
        top -= drawing.height * factor
        part = Group(*drawing.contents)
        part.translate(0, top)
        part.scale(factor, factor)
        whole.add(part)
        top -= gap
    return whole


def chart_html(*, wide: Drawing, narrow: Drawing, title: str, label: str, key: str) -> str:
    """The figure: a visible title and both drawings, each with ``label`` as its text alternative."""
    return (
        f'{STYLE}<figure class="wf-chart" data-chart="{escape(key)}">'
        f'<figcaption aria-hidden="true">{escape(title)}</figcaption>'
        f"{image_markup(wide, alt=label, css_class='wf-wide')}"
        f"{image_markup(narrow, alt=label, css_class='wf-narrow')}"
        "</figure>"
    )


def show_chart(*, wide: Drawing, narrow: Drawing, title: str, label: str, key: str) -> None:
    """Draw the chart in a container keyed ``key`` (its CSS class ``st-key-<key>``).

    ``label``: what a screen reader says for the chart (its title and summary)."""
    with st.container(key=key):
        st.html(chart_html(wide=wide, narrow=narrow, title=title, label=label, key=key))
