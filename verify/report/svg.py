"""Inline SVG plots of float cross-check data, drawn by hand (no plotting library).

These plots show what a float computation saw; they are illustrations beside an exact verdict and
never part of one.  Inputs are lists of numbers from the cross-check entries (CASES.md); anything
that is not a finite real number is skipped.  Output is deterministic text.
"""

import math
from html import escape

W, H = 640, 300
ML, MR, MT, MB = 64, 20, 30, 42  # margins: left, right, top, bottom


def _num(x):
    """A finite float from a JSON number, else None (strings such as "1e-3" are accepted too)."""
    if isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _f(x):
    return f"{x:.2f}"


def _g(x):
    return f"{x:.3g}"


def _frame(title, body, aria, height=H):
    return (f'<svg class="plot" viewBox="0 0 {W} {height}" width="{W}" '
            f'height="{height}" role="img" aria-label="{escape(aria)}"><title>{escape(aria)}</title>'
            f'<rect x="0" y="0" width="{W}" height="{height}" fill="#fff"></rect>'
            f'<text x="{W / 2:.0f}" y="18" text-anchor="middle" font-size="13" font-weight="bold">'
            f"{escape(title)}</text>{body}</svg>")


def _axes(ylabel, xlabel):
    x0, x1, y0, y1 = ML, W - MR, MT, H - MB
    return (f'<line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}" stroke="#333"></line>'
            f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#333"></line>'
            f'<text x="{(x0 + x1) / 2:.0f}" y="{H - 6}" text-anchor="middle" font-size="11">{escape(xlabel)}</text>'
            f'<text x="14" y="{(y0 + y1) / 2:.0f}" text-anchor="middle" font-size="11" '
            f'transform="rotate(-90 14 {(y0 + y1) / 2:.0f})">{escape(ylabel)}</text>')


def _xticks(n, xpos, offset=0):
    """Ticks at about five round indices of 0..n-1, labelled 1-based from offset + 1."""
    if n <= 0:
        return ""
    step = max(1, 10 ** int(math.log10(max(1, n / 5))))
    while n / step > 8:
        step *= 2
    out = []
    for i in range(0, n, step):
        x = xpos(i)
        out.append(f'<line x1="{_f(x)}" y1="{H - MB}" x2="{_f(x)}" y2="{H - MB + 4}" stroke="#333"></line>'
                   f'<text x="{_f(x)}" y="{H - MB + 15}" text-anchor="middle" font-size="10">{i + 1 + offset}</text>')
    return "".join(out)


def singular_values_svg(values, tolerance=None, exact_rank=None, title="singular values", first_index=1):
    """Singular values (descending) on a log scale, the float tolerance as a horizontal dashed
    line and the exact rank as a vertical marker between value number r and r+1 (1-based).
    `first_index` is the number of the first value given (a window around the gap).
    Zero (or negative, by rounding) values are drawn as hollow triangles on the bottom edge."""
    offset = first_index - 1 if isinstance(first_index, int) and first_index >= 1 else 0
    sv = [v for v in (_num(x) for x in (values or [])) if v is not None]
    if not sv:
        return ""
    sv = sorted(sv, reverse=True)
    tol = _num(tolerance)
    pos = [v for v in sv if v > 0] + ([tol] if tol and tol > 0 else [])
    if not pos:
        pos = [1.0]
    lo = math.floor(math.log10(min(pos))) - 1
    hi = math.ceil(math.log10(max(pos)))
    if hi <= lo:
        hi = lo + 1
    n = len(sv)
    x0, x1, y0, y1 = ML, W - MR, MT, H - MB

    def xpos(i):
        return x0 + (x1 - x0) * (i + 0.5) / n

    def ypos(v):
        return y1 - (y1 - y0) * (math.log10(v) - lo) / (hi - lo)

    parts = [_axes("singular value (log scale)", "index, largest first")]
    step = max(1, math.ceil((hi - lo) / 8))
    for e in range(lo, hi + 1, step):
        y = ypos(10.0 ** e)
        parts.append(f'<line x1="{x0}" y1="{_f(y)}" x2="{x1}" y2="{_f(y)}" stroke="#e4e4e4"></line>'
                     f'<text x="{x0 - 4}" y="{_f(y + 3)}" text-anchor="end" font-size="10">1e{e}</text>')
    parts.append(_xticks(n, xpos, offset))
    pts, zeros = [], []
    for i, v in enumerate(sv):
        if v > 0:
            pts.append((xpos(i), ypos(v)))
        else:
            zeros.append(xpos(i))
    if len(pts) > 200:
        parts.append('<polyline fill="none" stroke="#1f5fa8" stroke-width="1.5" points="'
                     + " ".join(f"{_f(x)},{_f(y)}" for x, y in pts) + '"></polyline>')
    else:
        parts.extend(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3" fill="#1f5fa8"></circle>' for x, y in pts)
    for x in zeros[:400]:
        parts.append(f'<path d="M{_f(x - 3)},{y1 - 1} L{_f(x + 3)},{y1 - 1} L{_f(x)},{y1 - 7} Z" '
                     f'fill="none" stroke="#1f5fa8"></path>')
    which = f"singular values {offset + 1}–{offset + n}" if offset else f"{n} singular values"
    legend = [("#1f5fa8", "dot", which + (f" ({len(zeros)} exactly 0.0)" if zeros else ""))]
    if tol and tol > 0:
        y = ypos(tol)
        parts.append(f'<line x1="{x0}" y1="{_f(y)}" x2="{x1}" y2="{_f(y)}" stroke="#c0392b" '
                     f'stroke-dasharray="6 4" stroke-width="1.5"></line>')
        legend.append(("#c0392b", "dashed", f"float tolerance {_g(tol)}"))
    if isinstance(exact_rank, int) and not isinstance(exact_rank, bool) and 0 <= exact_rank - offset <= n:
        x = x0 + (x1 - x0) * (exact_rank - offset) / n
        parts.append(f'<line x1="{_f(x)}" y1="{y0}" x2="{_f(x)}" y2="{y1}" stroke="#27864a" '
                     f'stroke-width="2"></line>')
        legend.append(("#27864a", "solid", f"exact rank {exact_rank}"))
    marks = [(x - 3, y - 3, x + 3, y + 3) for x, y in pts] + [(x - 3, y1 - 7, x + 3, y1) for x in zeros]
    leg, extra = _legend(legend, marks)
    parts.append(leg)
    aria = f"{title}: {which}" + (f", tolerance {_g(tol)}" if tol else "") + (
        f", exact rank {exact_rank}" if isinstance(exact_rank, int) else "")
    return _frame(title, "".join(parts), aria, H + extra)


LEGEND_W, LEGEND_LINE = 200, 15
MIN_GAP = 12  # pixels between two y tick labels (font size 10)


def _legend(items, marks):
    """(svg, extra height): the legend in the first plot corner (top right, top left, bottom left,
    bottom right) whose box holds none of `marks` (boxes (x0, y0, x1, y1) of the drawn data); when
    every corner would cover data, below the plot (the picture grows by the returned height).
    Items are (color, style, text) with style "solid", "dashed", "dot" (a point) or "bar"."""
    h = LEGEND_LINE * len(items) + 6
    corners = [(W - MR - LEGEND_W - 4, MT + 2), (ML + 6, MT + 2),
               (ML + 6, H - MB - h - 2), (W - MR - LEGEND_W - 4, H - MB - h - 2)]

    def free(cx, cy):
        return not any(a < cx + LEGEND_W and c > cx and b < cy + h and d > cy for a, b, c, d in marks)

    spot = next((c for c in corners if free(*c)), None)
    extra = 0
    if spot is None:
        spot, extra = (ML + 6, H + 2), h + 6
    x, y = spot
    out = [f'<rect x="{x}" y="{y}" width="{LEGEND_W}" height="{h}" fill="#fff" fill-opacity="0.85" '
           f'stroke="#ccc"></rect>']
    y += 3 + LEGEND_LINE // 2 + 1
    for color, style, text in items:
        if style == "dot":
            key = f'<circle class="legend-mark" cx="{x + 15}" cy="{y}" r="3.5" fill="{color}"></circle>'
        elif style == "bar":
            key = (f'<rect class="legend-mark" x="{x + 10}" y="{y - 5}" width="10" height="10" '
                   f'fill="{color}"></rect>')
        elif style == "text":
            key = ""
        else:
            dash = ' stroke-dasharray="6 4"' if style == "dashed" else ""
            key = f'<line x1="{x + 6}" y1="{y}" x2="{x + 24}" y2="{y}" stroke="{color}" stroke-width="2"{dash}></line>'
        out.append(f'{key}<text x="{x + 30}" y="{y + 4}" font-size="11">{escape(text)}</text>')
        y += LEGEND_LINE
    return "".join(out), extra


def eigenvalues_svg(values, tolerance=None, exact_inertia=None, title="eigenvalues"):
    """Eigenvalues (ascending) as bars on a symmetric-log scale: y = sign(v)·log10(1 + |v|/c) with
    c a thousandth of the float tolerance (or 1e-15 of the largest magnitude), so that values near
    the tolerance stay visible.  Bars within the tolerance are grey; dashed lines mark ±tolerance."""
    ev = sorted(v for v in (_num(x) for x in (values or [])) if v is not None)
    if not ev:
        return ""
    tol = _num(tolerance)
    big = max(abs(v) for v in ev) or 1.0
    near = tol if tol and tol > 0 else 0.0
    c = near / 1000 if near else big * 1e-15

    def s(v):
        return math.copysign(math.log10(1 + abs(v) / c), v)

    top = max(s(big), 1.0)
    n = len(ev)
    x0, x1, y0, y1 = ML, W - MR, MT, H - MB
    ymid = (y0 + y1) / 2

    def ypos(t):
        return ymid - (ymid - y0) * t / top

    parts = [_axes("eigenvalue (symmetric log scale)", "index, smallest first")]
    decades = [e for e in range(math.floor(math.log10(c)), math.ceil(math.log10(big)) + 1)]
    step = max(1, math.ceil(len(decades) / 4))
    label_ys = [ymid]  # 0 is always labelled; a decade label closer than MIN_GAP to another is left out
    for e in decades[::step]:
        for sign in (1, -1):
            y = ypos(s(sign * 10.0 ** e))
            if y0 - 0.5 <= y <= y1 + 0.5 and all(abs(y - t) >= MIN_GAP for t in label_ys):
                label_ys.append(y)
                parts.append(f'<line x1="{x0}" y1="{_f(y)}" x2="{x1}" y2="{_f(y)}" stroke="#eee"></line>'
                             f'<text x="{x0 - 4}" y="{_f(y + 3)}" text-anchor="end" font-size="10">'
                             f'{"−" if sign < 0 else ""}1e{e}</text>')
    parts.append(f'<line x1="{x0}" y1="{_f(ymid)}" x2="{x1}" y2="{_f(ymid)}" stroke="#333"></line>'
                 f'<text x="{x0 - 4}" y="{_f(ymid + 3)}" text-anchor="end" font-size="10">0</text>')
    if near:
        for sign in (1, -1):
            y = ypos(s(sign * near))
            parts.append(f'<line x1="{x0}" y1="{_f(y)}" x2="{x1}" y2="{_f(y)}" stroke="#777" '
                         f'stroke-dasharray="6 4"></line>')
    bw = (x1 - x0) / n
    counts, marks = [0, 0, 0], []
    for i, v in enumerate(ev):
        if abs(v) <= near:
            color, counts[2] = "#999", counts[2] + 1
        elif v > 0:
            color, counts[0] = "#27864a", counts[0] + 1
        else:
            color, counts[1] = "#c0392b", counts[1] + 1
        y = ypos(s(v))
        top_y, h = (y, ymid - y) if y < ymid else (ymid, y - ymid)
        marks.append((x0 + i * bw, top_y, x0 + (i + 1) * bw, top_y + max(h, 1.0)))
        parts.append(f'<rect x="{_f(x0 + i * bw + bw * 0.1)}" y="{_f(top_y)}" width="{_f(max(bw * 0.8, 0.5))}" '
                     f'height="{_f(max(h, 1.0))}" fill="{color}"></rect>')
    parts.append(_xticks(n, lambda i: x0 + bw * (i + 0.5)))
    legend = [("#27864a", "bar", f"float positive: {counts[0]}"),
              ("#c0392b", "bar", f"float negative: {counts[1]}")]
    if near:
        legend.append(("#999", "bar", f"|λ| ≤ tolerance {_g(near)}: {counts[2]}"))
        legend.append(("#777", "dashed", f"± tolerance {_g(near)}"))
    if isinstance(exact_inertia, list) and len(exact_inertia) == 3:
        legend.append(("#000", "text", "exact inertia ({}, {}, {})".format(*exact_inertia)))
    leg, extra = _legend(legend, marks)
    parts.append(leg)
    aria = f"{title}: {counts[0]} positive, {counts[1]} negative" + (f", {counts[2]} within tolerance" if near else "")
    return _frame(title, "".join(parts), aria, H + extra)
