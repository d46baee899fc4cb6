"""Charts as inline SVG drawn on the server (no script, no other host), mirrored for right-to-left pages.
Every chart has a title for screen readers, and the page shows the same numbers in a table beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH = 640
ROW = 30
LABEL = 210
VALUE = 70
COLORS = {
    "e_marketing": "#0b6e4f",
    "influencer": "#a34a00",
    "awareness": "#1f5fa8",
    "consideration": "#6a4c93",
    "conversion": "#0b6e4f",
    "setup": "#555d66",
    "review": "#555d66",
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # 0..1 of the chart's scale
    text: str  # the value as shown
    kind: str  # a key of COLORS


def _svg(height: int, title: str, body: str, rtl: bool) -> Markup:
    """An SVG with the page's text direction: ``text-anchor`` "start"/"end" follow it (in right-to-left
    text, "start" is the right edge), so the same anchors serve both directions."""
    direction = "rtl" if rtl else "ltr"
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" direction="{direction}" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{body}</svg>'
    )


def _x(x: float, rtl: bool, width: float = 0.0) -> float:
    """Mirror a left-to-right x (of a box ``width`` wide) for right-to-left pages."""
    return WIDTH - x - width if rtl else x


def bars(items: list[Bar], title: str, rtl: bool) -> Markup:
    """Horizontal bars: label, bar, value; bars grow from the reading start."""
    height = ROW * len(items) + 10
    track = WIDTH - LABEL - VALUE - 20
    parts = []
    for i, b in enumerate(items):
        y = 5 + i * ROW
        w = max(2.0, track * max(0.0, min(1.0, b.value)))
        label_x = _x(LABEL - 8, rtl)
        parts.append(f'<text x="{label_x:.1f}" y="{y + 19}" text-anchor="end" class="label">{escape(b.label)}</text>')
        parts.append(
            f'<rect x="{_x(LABEL, rtl, w):.1f}" y="{y + 6}" width="{w:.1f}" height="16" rx="3" '
            f'fill="{COLORS.get(b.kind, "#555d66")}"/>'
        )
        value_x = _x(LABEL + w + 6, rtl)
        parts.append(f'<text x="{value_x:.1f}" y="{y + 19}" text-anchor="start" class="value">{escape(b.text)}</text>')
    return _svg(height, title, "".join(parts), rtl)


def split(items: list[Bar], title: str, rtl: bool) -> Markup:
    """One bar split into parts (shares that add up to 1), with a legend."""
    parts = []
    x = 10.0
    span = WIDTH - 20
    for b in items:
        w = span * max(0.0, b.value)
        if w <= 0:
            continue
        parts.append(
            f'<rect x="{_x(x, rtl, w):.1f}" y="10" width="{w:.1f}" height="26" fill="{COLORS.get(b.kind, "#555d66")}"/>'
        )
        if w > 60:
            cx = _x(x + w / 2, rtl)
            parts.append(f'<text x="{cx:.1f}" y="28" text-anchor="middle" class="inbar">{escape(b.text)}</text>')
        x += w
    lx = 10.0
    for b in items:
        parts.append(
            f'<rect x="{_x(lx, rtl, 12):.1f}" y="48" width="12" height="12" fill="{COLORS.get(b.kind, "#555d66")}"/>'
        )
        tx = _x(lx + 18, rtl)
        parts.append(
            f'<text x="{tx:.1f}" y="59" text-anchor="start" class="label">{escape(b.label)} {escape(b.text)}</text>'
        )
        lx += span / max(1, len(items))
    return _svg(70, title, "".join(parts), rtl)


@dataclass(frozen=True)
class Interval:
    label: str
    low: float
    mid: float
    high: float
    text: str


def intervals(items: list[Interval], title: str, rtl: bool) -> Markup:
    """P10-P90 ranges with the P50 marked; each row on its own scale (rows have different units)."""
    height = ROW * len(items) + 10
    track = WIDTH - LABEL - 20
    parts = []
    for i, it in enumerate(items):
        y = 5 + i * ROW
        top = it.high * 1.1 or 1.0
        lo, mid, hi = (LABEL + track * v / top for v in (it.low, it.mid, it.high))
        parts.append(
            f'<text x="{_x(LABEL - 8, rtl):.1f}" y="{y + 19}" text-anchor="end" class="label">{escape(it.label)}</text>'
        )
        parts.append(
            f'<line x1="{_x(lo, rtl):.1f}" x2="{_x(hi, rtl):.1f}" y1="{y + 14}" y2="{y + 14}" '
            f'stroke="#1f5fa8" stroke-width="6" stroke-linecap="round" opacity="0.45"/>'
        )
        parts.append(f'<circle cx="{_x(mid, rtl):.1f}" cy="{y + 14}" r="6" fill="#1f5fa8"/>')
        mid_x = _x(mid, rtl)
        label = escape(it.text)
        parts.append(f'<text x="{mid_x:.1f}" y="{y + 8}" text-anchor="middle" class="value small">{label}</text>')
    return _svg(height, title, "".join(parts), rtl)


@dataclass(frozen=True)
class Span:
    label: str
    start: int
    end: int
    kind: str


def timeline(items: list[Span], weeks: int, title: str, rtl: bool, num: Callable[[int], str] = str) -> Markup:
    """The campaign's steps as bars over weeks (week 0 is set-up)."""
    height = ROW * len(items) + 30
    track = WIDTH - LABEL - 20
    scale = track / (weeks + 1)
    parts = []
    for i, s in enumerate(items):
        y = 5 + i * ROW
        x0 = LABEL + s.start * scale
        w = max(scale * (s.end - s.start + 1), 6.0)
        parts.append(
            f'<text x="{_x(LABEL - 8, rtl):.1f}" y="{y + 19}" text-anchor="end" class="label">{escape(s.label)}</text>'
        )
        parts.append(
            f'<rect x="{_x(x0, rtl, w):.1f}" y="{y + 6}" width="{w:.1f}" height="16" rx="3" '
            f'fill="{COLORS.get(s.kind, "#555d66")}"/>'
        )
    axis_y = 5 + len(items) * ROW + 12
    for wk in sorted({0, weeks // 2, weeks}):
        parts.append(
            f'<text x="{_x(LABEL + wk * scale, rtl):.1f}" y="{axis_y}" text-anchor="middle" class="value small">'
            f"{escape(num(wk))}</text>"
        )
    return _svg(height, title, "".join(parts), rtl)


SERIES_COLORS = ("#1f5fa8", "#a34a00", "#0b6e4f", "#6a4c93", "#b0006a", "#1b1f24")


@dataclass(frozen=True)
class Group:
    label: str
    values: list[float]  # one per series, 0..1 of the chart's scale
    texts: list[str]


def grouped(rows: list[Group], series: list[str], title: str, rtl: bool) -> Markup:
    """Rows of thin bars, one bar per series (the same colour in every row), with a legend on top."""
    n = max(1, len(series))
    bar_h = 9
    row_h = n * (bar_h + 2) + 12
    legend_h = 24
    height = legend_h + row_h * len(rows) + 6
    track = WIDTH - LABEL - VALUE - 20
    parts = []
    lx = 10.0
    step = (WIDTH - 20) / n
    for k, name in enumerate(series):
        color = SERIES_COLORS[k % len(SERIES_COLORS)]
        parts.append(f'<rect x="{_x(lx, rtl, 12):.1f}" y="6" width="12" height="12" fill="{color}"/>')
        parts.append(
            f'<text x="{_x(lx + 18, rtl):.1f}" y="17" text-anchor="start" class="label small">{escape(name)}</text>'
        )
        lx += step
    for i, row in enumerate(rows):
        y0 = legend_h + i * row_h
        parts.append(
            f'<text x="{_x(LABEL - 8, rtl):.1f}" y="{y0 + row_h / 2 + 4:.1f}" text-anchor="end" class="label">'
            f"{escape(row.label)}</text>"
        )
        for k, (v, text) in enumerate(zip(row.values, row.texts, strict=True)):
            y = y0 + 4 + k * (bar_h + 2)
            w = max(1.0, track * max(0.0, min(1.0, v)))
            color = SERIES_COLORS[k % len(SERIES_COLORS)]
            parts.append(f'<rect x="{_x(LABEL, rtl, w):.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}"/>')
            parts.append(
                f'<text x="{_x(LABEL + w + 4, rtl):.1f}" y="{y + bar_h - 1}" text-anchor="start" '
                f'class="value small">{escape(text)}</text>'
            )
    return _svg(height, title, "".join(parts), rtl)


@dataclass(frozen=True)
class Point:
    label: str  # shown under the axis for the first and last points
    value: float
    marked: bool = False  # drawn as a filled diamond (a sponsored post, for example)


def line(
    points: list[Point], title: str, rtl: bool, value_text: Callable[[float], str] = str, height: int = 180
) -> Markup:
    """A series over time (oldest first) as a line with a dot per point and a dashed reference level at the
    median; time runs in the reading direction (right to left in Arabic)."""
    left, right, top, bottom = 60.0, 20.0, 16.0, 30.0
    span = WIDTH - left - right
    inner = height - top - bottom
    peak = max((p.value for p in points), default=0.0) * 1.1 or 1.0
    n = len(points)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (span * i / (n - 1) if n > 1 else span / 2)
        return _x(x, rtl), top + inner * (1 - v / peak)

    parts = [
        f'<line x1="{_x(left, rtl):.1f}" x2="{_x(left + span, rtl):.1f}" y1="{top + inner:.1f}" y2="{top + inner:.1f}" '
        f'stroke="#8a939c"/>'
    ]
    if points:
        ordered = sorted(p.value for p in points)
        median = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
        _, my = xy(0, median)
        parts.append(
            f'<line x1="{_x(left, rtl):.1f}" x2="{_x(left + span, rtl):.1f}" y1="{my:.1f}" y2="{my:.1f}" '
            f'stroke="#555d66" stroke-dasharray="4 4"/>'
        )
        parts.append(
            f'<text x="{_x(left - 6, rtl):.1f}" y="{my + 4:.1f}" text-anchor="end" class="value small">'
            f"{escape(value_text(median))}</text>"
        )
        coords = [xy(i, p.value) for i, p in enumerate(points)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
        for (x, y), p in zip(coords, points, strict=True):
            if p.marked:
                parts.append(
                    f'<path d="M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z" '
                    f'fill="#a34a00"/>'
                )
            else:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1f5fa8"/>')
        for i in sorted({0, n - 1}):
            x, _ = xy(i, 0)
            parts.append(
                f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" class="value small">'
                f"{escape(points[i].label)}</text>"
            )
    return _svg(height, title, "".join(parts), rtl)


@dataclass(frozen=True)
class BandPoint:
    label: str  # shown under the axis for the first, the last and the first point of a new group
    mid: float
    low: float
    high: float
    group: str = ""  # "observed"/"extrapolated" (a response curve) or "pre"/"post" (a lift)
    actual: float | None = None


def band(points: list[BandPoint], title: str, rtl: bool, series: list[str], height: int = 220) -> Markup:
    """A line with its interval as a shaded band over ordered points (a response curve over spend, a
    counterfactual over dates), the actual values as a second line when there are any; a dashed divider
    where the group changes (where the data ends, where a campaign starts) and the part past it dashed."""
    left, right, top, bottom = 60.0, 20.0, 54.0, 30.0
    height += 24
    span = WIDTH - left - right
    inner = height - top - bottom
    values = [v for p in points for v in (p.high, p.mid, p.actual if p.actual is not None else 0.0)]
    peak = max(values, default=0.0) * 1.1 or 1.0
    n = len(points)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (span * i / (n - 1) if n > 1 else span / 2)
        return _x(x, rtl), top + inner * (1 - max(v, 0.0) / peak)

    parts = [
        f'<line x1="{_x(left, rtl):.1f}" x2="{_x(left + span, rtl):.1f}" y1="{top + inner:.1f}" y2="{top + inner:.1f}" '
        f'stroke="#8a939c"/>'
    ]
    if not points:
        return _svg(height, title, "".join(parts), rtl)
    upper = [xy(i, p.high) for i, p in enumerate(points)]
    lower = [xy(i, p.low) for i, p in enumerate(points)][::-1]
    poly = " ".join(f"{x:.1f},{y:.1f}" for x, y in upper + lower)
    parts.append(f'<polygon points="{poly}" fill="#1f5fa8" opacity="0.18" class="band"/>')
    groups = [p.group for p in points]
    change = next((i for i in range(1, n) if groups[i] != groups[i - 1]), None)
    mids = [xy(i, p.mid) for i, p in enumerate(points)]
    cut = n if change is None else change + 1
    solid = " ".join(f"{x:.1f},{y:.1f}" for x, y in mids[:cut])
    parts.append(f'<polyline points="{solid}" fill="none" stroke="#1f5fa8" stroke-width="2" class="median"/>')
    if change is not None:
        rest = " ".join(f"{x:.1f},{y:.1f}" for x, y in mids[change:])
        dash = 'stroke-dasharray="6 4" ' if groups[-1] == "extrapolated" else ""
        parts.append(f'<polyline points="{rest}" fill="none" stroke="#1f5fa8" stroke-width="2" {dash}class="median"/>')
        x_cut, _ = xy(change, 0)
        parts.append(
            f'<line x1="{x_cut:.1f}" x2="{x_cut:.1f}" y1="{top:.1f}" y2="{top + inner:.1f}" stroke="#555d66" '
            f'stroke-dasharray="4 4" class="divider"/>'
        )
    if any(p.actual is not None for p in points):
        acts = " ".join(f"{x:.1f},{y:.1f}" for (x, y) in (xy(i, p.actual or 0.0) for i, p in enumerate(points)))
        parts.append(f'<polyline points="{acts}" fill="none" stroke="#a34a00" stroke-width="2" class="actual"/>')
    for i in sorted({0, n - 1, *([change] if change is not None else [])}):
        x, _ = xy(i, 0)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" class="value small">'
            f"{escape(points[i].label)}</text>"
        )
    parts.append(f'<text x="{_x(10, rtl):.1f}" y="17" text-anchor="start" class="label">{escape(title)}</text>')
    lx = 10.0
    colors = ("#1f5fa8", "#8fb0d8", "#a34a00")
    for k, name in enumerate(series[:3]):
        parts.append(f'<rect x="{_x(lx, rtl, 12):.1f}" y="28" width="12" height="12" fill="{colors[k]}"/>')
        parts.append(
            f'<text x="{_x(lx + 18, rtl):.1f}" y="39" text-anchor="start" class="label small">{escape(name)}</text>'
        )
        lx += (WIDTH - 20) / 3
    return _svg(height, title, "".join(parts), rtl)
