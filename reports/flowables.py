"""Text flowables for plain text: no markup to parse, so nothing in the text can be read as markup.

``TextBlock`` sets a string in one paragraph style, wrapped at spaces (or anywhere in a
word too long for a line, such as a Chinese name) with per-run font fallback. It does
what a ``Paragraph`` of escaped text does for the common case, at a fraction of the cost:
a ``Paragraph`` runs an HTML parser and reportlab's general line breaker, and a table
asks each cell for its size several times. Text that needs inline markup (bold words
inside a sentence) still goes through ``safe()`` into a ``Paragraph``.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from reports.text import clean, draw_lines, draw_text, fit, wrap


class TextBlock(Flowable):
    """Plain text in one style, wrapped to the width it is given; splits across pages by line.

    ``max_lines`` caps the lines (the last one ends in an ellipsis), for table cells that
    must never grow taller than a page.
    """

    def __init__(self, value: object, style: ParagraphStyle, *, max_lines: int | None = None) -> None:
        super().__init__()
        self.value = clean(value)
        self.style = style
        self.max_lines = max_lines
        self.lines: list[str] = []
        self._wrapped_for: float | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped_for != available_width:
            style = self.style
            usable = available_width - style.leftIndent - style.rightIndent
            self.lines = wrap(
                self.value, usable, style.fontSize, font=style.fontName, max_lines=self.max_lines
            )
            self._wrapped_for = available_width
        self.width = available_width
        self.height = max(len(self.lines), 1) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        total = len(self.lines)
        fitting = min(int(available_height // self.style.leading), total)
        if fitting == total:
            return [self]
        if total - fitting < 2:  # leave no single line alone at the top of the next page
            fitting = total - 2
        if fitting < 2:  # nor at the foot of this one: move the whole block on
            return []
        head = _part(self, self.lines[:fitting], available_width, space_after=0)
        tail = _part(self, self.lines[fitting:], available_width, space_before=0)
        return [head, tail]

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        canvas.setFillColor(style.textColor)
        left = style.leftIndent
        right = self.width - style.rightIndent
        anchor, x = "start", left
        if style.alignment == TA_RIGHT:
            anchor, x = "end", right
        elif style.alignment == TA_CENTER:
            anchor, x = "middle", (left + right) / 2
        draw_lines(
            canvas,
            x,
            self.height - style.fontSize,
            self.lines,
            size=style.fontSize,
            leading=style.leading,
            font=style.fontName,
            anchor=anchor,
        )


def _part(
    block: TextBlock,
    lines: list[str],
    width: float,
    *,
    space_before: float | None = None,
    space_after: float | None = None,
) -> TextBlock:
    style = block.style
    if space_before is not None or space_after is not None:
        style = ParagraphStyle(
            f"{style.name}-part",
            parent=style,
            spaceBefore=style.spaceBefore if space_before is None else space_before,
            spaceAfter=style.spaceAfter if space_after is None else space_after,
        )
    part = TextBlock(" ".join(lines), style)
    part.lines = lines
    part._wrapped_for = width
    return part


class Caption(Flowable):
    """One line of small text, cut with an ellipsis to the width it gets.

    For ids and captions under a cell's main text.
    """

    def __init__(self, value: object, style: ParagraphStyle) -> None:
        super().__init__()
        self.value = clean(value).replace("\n", " ")
        self.style = style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        style = self.style
        self.canv.setFillColor(style.textColor)
        line = fit(self.value, self.width, style.fontSize, style.fontName)
        draw_text(self.canv, 0, self.height - style.fontSize, line, size=style.fontSize, font=style.fontName)
