"""Geometry for small server-rendered SVG bar charts (no JavaScript): the template only draws what is here.

Each chart comes with a table of the same figures on the page; the SVG is a picture of it (role="img" with a
title and a description)."""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 250
BAR_AREA = 330
ROW_HEIGHT = 28
BAR_HEIGHT = 18
MAX_LABEL = 34

# Category colours: each has a contrast of at least 3:1 on white (WCAG 1.4.11), and the legend names them.
SERIES_COLOURS = ["#0066cc", "#8a4b00", "#5c2d91", "#5d7083"]


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    value: int
    series: str


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    total: int
    y: int
    text_y: int
    value_x: float
    segments: list[Segment]


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    width: int
    label_width: int
    legend: list[tuple[str, str]]


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(rows: list[tuple[str, list[int]]], series: list[str]) -> Chart:
    """Horizontal bars, one per row, stacked by series (e.g. one segment per actor category)."""
    longest = max((sum(values) for _, values in rows), default=0) or 1
    scale = BAR_AREA / longest
    bars = []
    for index, (label, values) in enumerate(rows):
        y = index * ROW_HEIGHT + 4
        x = float(LABEL_WIDTH)
        segments = []
        for position, value in enumerate(values):
            if value:
                width = round(value * scale, 1)
                colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
                segments.append(Segment(x=x, width=width, colour=colour, value=value, series=series[position]))
                x += width
        bars.append(
            Bar(
                label=_short(label),
                full_label=label,
                total=sum(values),
                y=y,
                text_y=y + BAR_HEIGHT - 4,
                value_x=x + 6,
                segments=segments,
            )
        )
    legend = (
        [(series[i], SERIES_COLOURS[i % len(SERIES_COLOURS)]) for i in range(len(series))] if len(series) > 1 else []
    )
    return Chart(
        bars=bars,
        height=len(rows) * ROW_HEIGHT + 8,
        width=LABEL_WIDTH + BAR_AREA + 50,
        label_width=LABEL_WIDTH,
        legend=legend,
    )
