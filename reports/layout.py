"""The document frame shared by every report: running header, footer, "page X of Y", build to bytes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from io import BytesIO
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from questionnaires.i18n import _
from reports.fonts import BOLD, REGULAR, register_fonts, text_width
from reports.styles import CONTENT_HEIGHT, CONTENT_WIDTH, MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH, RULE
from reports.text import draw_text, fit

FURNITURE_SIZE = 7.5


@dataclass(frozen=True)
class PageFurniture:
    """What every page but the cover carries at its top, and every page at its foot."""

    header_left: str
    header_right: str
    footer_left: str

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        if page > 1:
            top = PAGE_HEIGHT - MARGIN + 2
            # the title on the right keeps its length (up to half the line); the names get the rest
            right = fit(self.header_right, CONTENT_WIDTH / 2 - 6, FURNITURE_SIZE)
            left_width = CONTENT_WIDTH - text_width(right, FURNITURE_SIZE) - 12
            left = fit(self.header_left, left_width, FURNITURE_SIZE, BOLD)
            draw_text(canvas, MARGIN, top, left, size=FURNITURE_SIZE, font=BOLD)
            draw_text(canvas, PAGE_WIDTH - MARGIN, top, right, size=FURNITURE_SIZE, anchor="end")
            canvas.line(MARGIN, top - 4, PAGE_WIDTH - MARGIN, top - 4)
        bottom = MARGIN - 14
        canvas.line(MARGIN, bottom + 10, PAGE_WIDTH - MARGIN, bottom + 10)
        footer = fit(self.footer_left, CONTENT_WIDTH - 80, FURNITURE_SIZE)
        draw_text(canvas, MARGIN, bottom, footer, size=FURNITURE_SIZE, font=REGULAR)
        draw_text(
            canvas,
            PAGE_WIDTH - MARGIN,
            bottom,
            _("page {page} of {total}").format(page=page, total=total),
            size=FURNITURE_SIZE,
            anchor="end",
        )
        canvas.restoreState()


class NumberedCanvas(Canvas):
    """Holds every page back until the end, when the page count is known, then stamps the furniture."""

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._furniture.draw(self, self._pageNumber, total)
            super().showPage()
        super().save()


def build_pdf(story: list[Flowable], *, title: str, subject: str, furniture: PageFurniture) -> bytes:
    """Lay out ``story`` on A4 pages with the shared furniture and return the PDF's bytes."""
    register_fonts()
    buffer = BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        title=title,
        subject=subject,
        author="Wayfinder",
        creator="Wayfinder",
    )
    # No frame padding: tables and charts are sized to CONTENT_WIDTH exactly.
    frame = Frame(
        MARGIN,
        MARGIN,
        CONTENT_WIDTH,
        CONTENT_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(story, canvasmaker=partial(NumberedCanvas, furniture=furniture))
    return buffer.getvalue()
