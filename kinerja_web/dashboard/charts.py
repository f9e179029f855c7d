"""Charts drawn on the server as inline SVG: horizontal bars, a stacked bar, a line over review periods.

No JavaScript and no chart library: a chart is a small SVG whose ``viewBox`` scales it to the width of
its box, so it reads on a phone as on a desk. Each label sits on its own line above its bar, so long
unit names never squeeze the bars. Every chart has a title and a description for assistive technology;
the page puts the same numbers in a table beside it (screen readers, printing), with the links.
Text is escaped here; the caller passes plain strings and numbers.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

WIDTH = 320  # viewBox units; the SVG scales to its box (about its size on a phone, 1.2× in a desktop card)
FONT = 12
CHAR = FONT * 0.6  # the width of an average character, to fit labels
PALETTE = ("#1d6fb8", "#2e9e6a", "#e0a100", "#d1495b", "#7b5ea7", "#5c6b7a")
# predikat from best to worst: green to red, the order the regulation lists them
PREDICATE_COLOURS = ("#1e8f4e", "#6cbf4f", "#e0a100", "#e0662d", "#b8202f")
_ids = count(1)


def _num(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zero."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",") + " %"


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a label and one value per series (None: no data), with optional links."""

    label: str
    values: tuple[float | None, ...]
    href: str | None = None
    note: str = ""  # shown after the value, e.g. "(12 IKI)"
    depth: int = 0  # a unit below another: its label indented


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    colour: str
    href: str | None = None


@dataclass(frozen=True)
class Threshold:
    """One rule of a curve: the actual share against a limit (min or max), met or not."""

    label: str
    actual: float
    limit: float | None
    kind: str  # min_share | max_share | other
    met: bool


def fit(text: str, room: float) -> str:
    """``text`` shortened with an ellipsis to what fits in ``room`` viewBox units (the whole text stays in the
    chart's table and in the bar's tooltip)."""
    most = max(int(room / CHAR), 4)
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def _legend(names: Sequence[str], top: float = 0) -> tuple[str, float]:
    """Colour keys of the series, wrapped onto as many lines as they need; returns (svg, height)."""
    out, x, y = [], 0.0, top
    for k, name in enumerate(names):
        w = 18 + len(name) * CHAR
        if x and x + w > WIDTH:
            x, y = 0.0, y + FONT + 6
        out.append(f'<rect x="{_num(x)}" y="{_num(y + 2)}" width="10" height="10" fill="{PALETTE[k % len(PALETTE)]}"/>'
                   f'<text x="{_num(x + 14)}" y="{_num(y + 11)}">{escape(name)}</text>')
        x += w + 10
    return "".join(out), (y - top + FONT + 8) if names else 0


def _open(title: str, desc: str, height: float, testid: str, linked: bool = False) -> tuple[str, str]:
    """The SVG's opening tag, title and description. A chart whose marks are links is a labelled group (its
    links stay reachable, named by their text); one without links is a single image."""
    n = next(_ids)
    role = "group" if linked else "img"
    head = (f'<svg class="chart" viewBox="0 0 {WIDTH} {_num(height)}" role="{role}" '
            f'aria-labelledby="chart-{n}-t chart-{n}-d" data-testid="{escape(testid)}" '
            f'preserveAspectRatio="xMinYMin meet" font-size="{FONT}">'
            f'<title id="chart-{n}-t">{escape(title)}</title><desc id="chart-{n}-d">{escape(desc)}</desc>')
    return head, "</svg>"


def _link(href: str | None, body: str) -> str:
    """A mark wrapped in its link; the link is named by the text it holds (label and value)."""
    if not href:
        return body
    return f'<a href="{escape(href)}">{body}</a>'


def bars(title: str, rows: Sequence[Bar], *, series: Sequence[str] = ("",), scale: float = 100,
         reference: float | None = 100, fmt: Callable[[float | None], str] = _percent,
         desc: str = "", testid: str = "chart-bars") -> Markup:
    """Horizontal bars, one group per row and one bar per series, scaled to ``scale`` (grown to the largest
    value), with a dashed ``reference`` line (100 % by default) and the value written after each bar."""
    top = max([scale, *(v for r in rows for v in r.values if v is not None)]) or 1
    label_h, bar_h, gap = FONT + 4, 9, 8
    value_w = 70
    plot = WIDTH - value_w
    group_h = label_h + bar_h * len(series) + 2 * (len(series) - 1) + gap
    legend, legend_h = _legend(series) if len(series) > 1 else ("", 0)
    height = legend_h + max(len(rows), 1) * group_h + 4
    head, tail = _open(title, desc or title, height, testid, linked=any(r.href for r in rows))
    out = [head, legend]
    if reference is not None and reference <= top:
        x = plot * reference / top
        out.append(f'<line class="ref" x1="{_num(x)}" y1="{legend_h}" x2="{_num(x)}" y2="{_num(height - 2)}" '
                   'stroke="#8a96a3" stroke-dasharray="3 3"/>')
    if not rows:
        out.append(f'<text x="0" y="{legend_h + FONT + 2}" fill="#5c6b7a">–</text>')
    for i, row in enumerate(rows):
        y = legend_h + i * group_h
        indent = 10 * row.depth
        shown = fit(row.label, WIDTH - indent)
        body = [f'<title>{escape(row.label)}</title>',
                f'<text x="{indent}" y="{_num(y + FONT)}" class="label">{escape(shown)}</text>']
        for k, value in enumerate(row.values):
            by = y + label_h + k * (bar_h + 2)
            w = 0 if value is None else max(plot * min(value, top) / top, 1.5)
            colour = PALETTE[k % len(PALETTE)]
            body.append(f'<rect x="0" y="{_num(by)}" width="{_num(plot)}" height="{bar_h}" fill="#eef1f4"/>'
                        f'<rect x="0" y="{_num(by)}" width="{_num(w)}" height="{bar_h}" fill="{colour}"/>'
                        f'<text x="{_num(plot + 4)}" y="{_num(by + bar_h - 1)}" class="value">'
                        f'{escape(fmt(value))}{escape(" " + row.note) if row.note and k == 0 else ""}</text>')
        out.append(_link(row.href, "<g>" + "".join(body) + "</g>"))
    out.append(tail)
    return Markup("".join(out))


def stacked(title: str, segments: Sequence[Segment], *, fmt: Callable[[float | None], str] = _percent,
            desc: str = "", testid: str = "chart-stacked") -> Markup:
    """One bar split by share (the predikat of a unit), with a legend of counts under it."""
    total = sum(s.value for s in segments)
    bar_h, row_h = 22, FONT + 9
    per_row = 1
    legend_rows = (len(segments) + per_row - 1) // per_row
    height = bar_h + 10 + legend_rows * row_h
    head, tail = _open(title, desc or title, height, testid, linked=any(s.href for s in segments))
    out = [head, f'<rect x="0" y="0" width="{WIDTH}" height="{bar_h}" fill="#eef1f4"/>']
    x = 0.0
    for s in segments:
        if total and s.value:
            w = WIDTH * s.value / total
            share = s.value * 100 / total
            text = (f'<text x="{_num(x + w / 2)}" y="{_num(bar_h / 2 + 4)}" text-anchor="middle" fill="#fff">'
                    f'{escape(fmt(share))}</text>') if w > 44 else ""
            out.append(_link(s.href, f'<rect x="{_num(x)}" y="0" width="{_num(w)}" height="{bar_h}" '
                                     f'fill="{s.colour}"/>{text}'))
            x += w
    for k, s in enumerate(segments):
        lx, ly = (k % per_row) * WIDTH / per_row, bar_h + 10 + (k // per_row) * row_h
        share = f" ({fmt(s.value * 100 / total)})" if total else ""
        out.append(_link(s.href, f'<rect x="{_num(lx)}" y="{_num(ly)}" width="10" height="10" fill="{s.colour}"/>'
                                 f'<text x="{_num(lx + 14)}" y="{_num(ly + 9)}">{escape(s.label)}: {s.value}'
                                 f'{escape(share)}</text>'))
    out.append(tail)
    return Markup("".join(out))


def thresholds(title: str, rows: Sequence[Threshold], *, fmt: Callable[[float | None], str] = _percent,
               desc: str = "", testid: str = "chart-curve") -> Markup:
    """Each rule of a distribution curve as a bar of the actual share with a tick at its limit; a rule met is
    green, one not met red, and the limit is written beside the share ("38,5 % / ≤ 25 %")."""
    label_h, bar_h, gap, value_w = FONT + 4, 9, 8, 100
    plot = WIDTH - value_w
    group_h = label_h + bar_h + gap
    height = max(len(rows), 1) * group_h + 4
    head, tail = _open(title, desc or title, height, testid)
    out = [head]
    for i, row in enumerate(rows):
        y = i * group_h
        by = y + label_h
        colour = "#1e8f4e" if row.met else "#b8202f"
        w = max(plot * min(row.actual, 100) / 100, 1.5 if row.actual else 0)
        tick, limit = "", ""
        if row.limit is not None and row.kind in ("min_share", "max_share"):
            lx = plot * float(row.limit) / 100
            tick = (f'<line x1="{_num(lx)}" y1="{_num(by - 3)}" x2="{_num(lx)}" y2="{_num(by + bar_h + 3)}" '
                    'stroke="#1f2d3a" stroke-width="2"/>')
            limit = (" / ≥ " if row.kind == "min_share" else " / ≤ ") + fmt(float(row.limit))
        mark = "✓" if row.met else "✗"
        out.append(f'<text x="0" y="{_num(y + FONT)}">{escape(mark)} {escape(fit(row.label, WIDTH - 2 * CHAR))}</text>'
                   f'<rect x="0" y="{_num(by)}" width="{_num(plot)}" height="{bar_h}" fill="#eef1f4"/>'
                   f'<rect x="0" y="{_num(by)}" width="{_num(w)}" height="{bar_h}" fill="{colour}"/>{tick}'
                   f'<text x="{_num(plot + 4)}" y="{_num(by + bar_h - 1)}">{escape(fmt(row.actual) + limit)}'
                   '</text>')
    out.append(tail)
    return Markup("".join(out))


def line(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *,
         scale: float = 100, fmt: Callable[[float | None], str] = _percent, desc: str = "",
         testid: str = "chart-line") -> Markup:
    """One line per series over the review periods (``labels``), a point and its value at each period with
    data; a gap where a period has none. The y axis runs from 0 to ``scale`` (grown to the largest value)."""
    top = max([scale, *(v for _, vs in series for v in vs if v is not None)]) or 1
    legend, legend_h = _legend([name for name, _ in series])
    legend_h += FONT + 4  # room for the values written above the first line's points
    left, right, plot_h, axis_h = 48, 48, 130, FONT + 8
    height = legend_h + plot_h + axis_h + 6
    width = WIDTH - left - right
    step = width / max(len(labels) - 1, 1)
    head, tail = _open(title, desc or title, height, testid)
    out = [head, legend]

    def ypos(v: float) -> float:
        return legend_h + 6 + plot_h * (1 - min(v, top) / top)

    for tick in (0, top / 2, top):
        y = ypos(tick)
        out.append(f'<line x1="{left}" y1="{_num(y)}" x2="{WIDTH - right}" y2="{_num(y)}" stroke="#dde3e8"/>'
                   f'<text x="{left - 4}" y="{_num(y + 4)}" text-anchor="end" fill="#5c6b7a">{_num(tick)}</text>')
    for i, label in enumerate(labels):
        lx = left + (step * i if len(labels) > 1 else width / 2)
        out.append(f'<text x="{_num(lx)}" y="{_num(legend_h + 6 + plot_h + axis_h)}" text-anchor="middle" '
                   f'fill="#5c6b7a">{escape(fit(label, min(step, 2 * left) - 4))}</text>')
    for k, (name, values) in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        points, runs = [], [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
                continue
            px = left + (step * i if len(labels) > 1 else width / 2)
            runs[-1].append(f"{_num(px)},{_num(ypos(v))}")
            points.append((px, ypos(v), v))
        for run in runs:
            if len(run) > 1:
                out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(run)}"/>')
        for i, (px, py, v) in enumerate(points):
            out.append(f'<circle cx="{_num(px)}" cy="{_num(py)}" r="3.5" fill="{colour}">'
                       f'<title>{escape(name)}: {escape(fmt(v))}</title></circle>')
            if k == 0:  # the first series' values written out; the others in their tooltips and the table
                # the first value starts at its point, clear of the axis' numbers; the last ends at its point
                anchor = "start" if i == 0 and len(points) > 1 else "end" if i and i == len(points) - 1 else "middle"
                out.append(f'<text x="{_num(px)}" y="{_num(py - 7)}" text-anchor="{anchor}" font-weight="600" '
                           f'fill="{colour}">{escape(fmt(v))}</text>')
    out.append(tail)
    return Markup("".join(out))
