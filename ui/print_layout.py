"""How a page prints from the browser (Ctrl+P): the page's content only, flowing over as many
sheets as it needs, without the menu, toolbars or cut charts.

Streamlit lays the app out for a screen: the main block is a scrolling box of the window's
height, which printing cuts after the first sheet (and the rest becomes blank sheets). The
print rules let it flow, hide what only works on a screen, and keep each chart and metric on
one sheet. A tab prints as it is shown. Static CSS, no user text.
"""

from __future__ import annotations

import streamlit as st

PRINT_CSS = """<style>
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stExpandSidebarButton"],
  [data-testid="stElementToolbar"], [data-testid="stBottom"], .modebar-container,
  [data-testid="stDownloadButton"], [data-testid="stForm"], [data-testid="stPageLink"],
  [data-testid="stExpander"]:has(details:not([open])), [data-testid="stSelectbox"],
  [data-testid="stMultiSelect"], [data-testid="stSegmentedControl"] {
    display: none !important;
  }
  html, body, #root, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] {
    position: static !important; display: block !important; overflow: visible !important;
    height: auto !important; min-height: 0 !important; max-height: none !important;
  }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0 !important; }
  /* A box that scrolls is printed whole or not at all: tables must flow from sheet to sheet. */
  .wf-table { overflow: visible !important; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"],
  [data-testid="stImage"], [data-testid="stAlert"] { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
}
</style>"""


def use_print_layout() -> None:
    """Print this page as a document (call once, anywhere on the page)."""
    st.html(PRINT_CSS)
