"""Native charts: what they draw for scores that are missing, and that they stay in their box."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Polygon, String

from reports import charts, comparison_charts, timeline


def shapes(node) -> list:
    found = []
    for item in getattr(node, "contents", []):
        found.append(item)
        if isinstance(item, Group):
            found.extend(shapes(item))
    return found


def strings(drawing: Drawing) -> list[str]:
    return [shape.text for shape in shapes(drawing) if isinstance(shape, String)]


def test_a_radar_with_an_unscored_axis_fills_no_shape_and_says_not_scored():
    axes = [charts.Axis(f"Area {n}", None if n == 2 else 3.0, 4.0) for n in range(5)]
    drawing = charts.radar(axes, width=300, height=220)

    filled = [s for s in shapes(drawing) if isinstance(s, Polygon) and s.fillColor is not None]
    assert filled == []
    assert "not scored" in strings(drawing)


def test_a_fully_scored_radar_fills_the_current_shape():
    axes = [charts.Axis(f"Area {n}", 2.0 + n / 2, 4.0) for n in range(5)]
    filled = [
        s for s in shapes(charts.radar(axes, width=300, height=220)) if isinstance(s, Polygon) and s.fillColor
    ]
    assert len(filled) == 1
    assert filled[0].fillColor.alpha < 1  # translucent: the target outline shows through


def test_a_heatmap_cell_without_a_score_shows_a_dash_on_grey_never_zero():
    drawing = comparison_charts.heatmap(["Unit"], ["A", "B"], [[3.2, None]], width=300)
    texts = strings(drawing)
    assert "3.2" in texts
    assert "–" in texts
    assert not any(text in ("0", "0.0") for text in texts)


def test_every_chart_stays_inside_its_drawing():
    axes = [
        charts.Axis(name, 1.0 + n, 4.0)
        for n, name in enumerate(("A long area name " * 3, "B", "C", "D", "E"))
    ]
    lanes = [timeline.Lane("Now", 0, 3, [timeline.Card(n, "A long title " * 5, "detail") for n in range(40)])]
    drawings = [
        charts.radar(axes, width=240, height=200),
        charts.score_bars(axes, width=400),
        comparison_charts.heatmap(["Unit " * 20], ["Column " * 10], [[2.0]], width=400),
        comparison_charts.delta_bars([("Unit", -0.5), ("Other", None)], width=400),
        timeline.timeline(lanes, width=400, max_height=300),
    ]
    for drawing in drawings:
        left, bottom, right, top = drawing.getBounds()
        assert left >= -0.5 and bottom >= -0.5, drawing
        assert right <= drawing.width + 0.5 and top <= drawing.height + 0.5, drawing
    assert drawings[-1].height <= 300


class RecordingCanvas:
    """Stands in for a reportlab canvas and keeps the rectangles drawn on it."""

    def __init__(self) -> None:
        self.rects: list[tuple[float, float, float, float]] = []

    def rect(self, x, y, width, height, stroke=1, fill=0):
        self.rects.append((x, y, width, height))

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def test_the_distribution_cell_draws_one_bar_per_chosen_level_scaled_to_the_most_chosen():
    cell = charts.Distribution((0, 3, 0, 1, 0), "n=4", width=40)
    cell.canv = RecordingCanvas()
    cell.draw()
    heights = [height for _, _, _, height in cell.canv.rects]
    assert heights == [cell.BAR_HEIGHT, cell.BAR_HEIGHT / 3]
