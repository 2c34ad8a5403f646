"""Bar and stacked bar charts as inline SVG strings, drawn on the server so a page needs no
JavaScript. Each chart is an image with a <title> and <desc>; the page puts the data table
under it, which is the accessible version. Every text is escaped here. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 56
LEGEND_ROW = 18
# Colour-blind-safe palette (Okabe-Ito), in the order the series come.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int]


def bar_chart(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[int],
    x_label: str,
    y_label: str,
) -> str:
    """One bar per label."""
    return stacked_bar_chart(
        title=title,
        desc=desc,
        labels=labels,
        series=[Series(y_label, values)],
        x_label=x_label,
        y_label=y_label,
        legend=False,
    )


def stacked_bar_chart(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    legend: bool = True,
) -> str:
    """One bar per label, each series stacked on the ones before it, a legend under the axis."""
    legend_height = LEGEND_ROW * len(series) if legend else 0
    height = HEIGHT + legend_height
    parts = [_open(title, desc, height)]
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    if not labels or not any(totals):
        parts.append(_text(WIDTH / 2, HEIGHT / 2, "No data", anchor="middle"))
    else:
        top = nice_ceiling(max(totals))
        parts.extend(_axes(top, x_label, y_label))
        parts.extend(_bars(labels, series, top))
        if legend:
            parts.extend(_legend(series))
    parts.append("</svg>")
    return "".join(parts)


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 x 10^n that is at least `value` (an axis top)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= value:
                return factor * step
        step *= 10


def _open(title: str, desc: str, height: int) -> str:
    key = _id(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-labelledby="{key}-t {key}-d">'
        f'<title id="{key}-t">{escape(title)}</title>'
        f'<desc id="{key}-d">{escape(desc)}</desc>'
    )


def _id(title: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower())


def _plot_height() -> int:
    return HEIGHT - TOP - BOTTOM


def _y(value: float, top: int) -> float:
    return TOP + _plot_height() * (1 - value / top)


def _axes(top: int, x_label: str, y_label: str) -> list[str]:
    base = TOP + _plot_height()
    parts = [
        _line(LEFT, TOP, LEFT, base),
        _line(LEFT, base, WIDTH - RIGHT, base),
        _text(WIDTH / 2, HEIGHT - 6, x_label, anchor="middle"),
        f'<text x="14" y="{TOP + _plot_height() / 2}" text-anchor="middle" font-size="12" '
        f'transform="rotate(-90 14 {TOP + _plot_height() / 2})">{escape(y_label)}</text>',
    ]
    for tick in (0, top / 2, top):
        y = _y(tick, top)
        label = f"{tick:g}"
        parts.append(_line(LEFT - 4, y, LEFT, y))
        parts.append(_text(LEFT - 6, y + 4, label, anchor="end"))
    return parts


def _bars(labels: Sequence[str], series: Sequence[Series], top: int) -> list[str]:
    slot = (WIDTH - LEFT - RIGHT) / len(labels)
    width = max(slot * 0.7, 1)
    parts = []
    for i, label in enumerate(labels):
        x = LEFT + slot * i + (slot - width) / 2
        below = 0
        for n, one in enumerate(series):
            value = one.values[i]
            if value:
                y = _y(below + value, top)
                h = _y(below, top) - y
                colour = PALETTE[n % len(PALETTE)]
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" '
                    f'fill="{colour}"><title>{escape(label)}, {escape(one.label)}: {value}'
                    "</title></rect>"
                )
            below += value
        parts.append(_text(x + width / 2, TOP + _plot_height() + 16, label, anchor="middle"))
    return parts


def _legend(series: Sequence[Series]) -> list[str]:
    parts = []
    for n, one in enumerate(series):
        y = HEIGHT + LEGEND_ROW * n
        colour = PALETTE[n % len(PALETTE)]
        parts.append(f'<rect x="{LEFT}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(LEFT + 18, y, one.label))
    return parts


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#565c65"/>'


def _text(x: float, y: float, text: str, *, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="12">{escape(text)}</text>'
    )
