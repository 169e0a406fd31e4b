"""The roadmap's horizons (Now, Next, Later) as lanes side by side, one under the other on a phone.

One HTML block rather than a column, a subheader and a list per lane: the page's first paint
costs the browser per element it draws, and three lanes were nine. Every line is user-facing
text escaped here (action titles come from banks an organisation may tailor).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ui.svg_chart import NARROW_BELOW_PX

STYLE = f"""<style>
.wf-lanes {{ container-type: inline-size; }}
.wf-lanes > div {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(0, 1fr)); gap: 1.5rem; }}
.wf-lane h3 {{ font-size: 1.25rem; font-weight: 600; margin: 0 0 0.5rem; padding: 0; line-height: 1.3; }}
.wf-lane ul {{ margin: 0; padding-inline-start: 1.2rem; }}
.wf-lane li {{ margin: 0 0 0.25rem; }}
.wf-lane p {{ margin: 0; }}
@container (max-width: {NARROW_BELOW_PX - 1}px) {{
  .wf-lanes > div {{ grid-template-columns: 1fr; gap: 1rem; }}
}}
</style>"""


def lanes_html(lanes: Sequence[tuple[str, Sequence[str]]], *, empty: str) -> str:
    """One lane per (heading, lines), the heading left out where it is empty; a lane without
    lines says ``empty``."""
    parts = []
    for heading, lines in lanes:
        body = (
            "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
            if lines
            else f"<p>{escape(empty)}</p>"
        )
        title = f"<h3>{escape(heading)}</h3>" if heading else ""
        parts.append(f'<section class="wf-lane">{title}{body}</section>')
    return f'{STYLE}<div class="wf-lanes"><div>{"".join(parts)}</div></div>'
