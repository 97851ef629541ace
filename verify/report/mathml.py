"""MathML for JSON-encoded exact entries and matrices (rendered natively by Chromium and Firefox).

Every piece of text is escaped; the `alttext` attribute and a plain-text `<pre>` carry a fallback
for readers without MathML.
"""

import re
from html import escape

from .words import entry_text, is_matrix, matrix_text


def _mn(s):
    return f"<mn>{escape(s)}</mn>"


def _mi(name):
    """x_1_2 -> x with subscript "1,2"; other identifiers as a plain <mi>."""
    m = re.fullmatch(r"([A-Za-z]+)_([0-9_]+)", name)
    if m:
        sub = "<mo>,</mo>".join(_mn(p) for p in m.group(2).split("_") if p)
        return f"<msub><mi>{escape(m.group(1))}</mi><mrow>{sub}</mrow></msub>"
    return f"<mi>{escape(name)}</mi>"


def _magnitude(s):
    """MathML of an unsigned scalar text: "7" or "3/4" (a fraction)."""
    num, slash, den = s.partition("/")
    if slash and num.isdigit() and den.isdigit():
        return f"<mfrac>{_mn(num)}{_mn(den)}</mfrac>"
    return _mn(s)


def scalar_mathml(x):
    s = entry_text(x)
    if s.startswith("-"):
        return f"<mrow><mo>−</mo>{_magnitude(s[1:])}</mrow>"
    return _magnitude(s)


def entry_mathml(x):
    """MathML (the inside of a <math>) of a JSON-encoded entry."""
    if not (isinstance(x, dict) and isinstance(x.get("poly"), list)):
        return scalar_mathml(x)
    parts = []
    for k, term in enumerate(x["poly"]):
        try:
            c, mono = term
        except (TypeError, ValueError):
            return f"<mtext>{escape(str(x))}</mtext>"
        c = entry_text(c)
        neg = c.startswith("-")
        mag = c[1:] if neg else c
        if k > 0 or neg:
            parts.append("<mo>−</mo>" if neg else "<mo>+</mo>")
        factors = []
        if mag != "1" or not mono:
            factors.append(_magnitude(mag))
        for v in sorted(mono or {}):
            e = mono[v]
            factors.append(_mi(str(v)) if e == 1 else f"<msup>{_mi(str(v))}{_mn(str(e))}</msup>")
        parts.append("<mo>&#x2062;</mo>".join(factors))  # invisible times
    return "<mrow>" + "".join(parts) + "</mrow>" if parts else _mn("0")


def matrix_mathml(name, obj):
    """A <math> block `name = ( entries )`, with alttext; `obj` is a JSON-encoded matrix."""
    m, n = obj["shape"]
    alt = f"{name} = " + (matrix_text(obj).replace("\n", " ") if m and n else f"empty {m}x{n} matrix")
    if m == 0 or n == 0:
        body = f"<mtext>(empty {m} × {n} matrix)</mtext>"
    else:
        rows = "".join("<mtr>" + "".join(f"<mtd>{entry_mathml(x)}</mtd>" for x in r) + "</mtr>"
                       for r in obj["rows"])
        body = f'<mrow><mo>(</mo><mtable columnalign="right">{rows}</mtable><mo>)</mo></mrow>'
    return (f'<math display="block" alttext="{escape(alt)}"><mrow>{_mi(name) if name else ""}'
            f'{"<mo>=</mo>" if name else ""}{body}</mrow></math>')


def matrix_block(name, obj, caption=""):
    """HTML figure: MathML matrix and a collapsible plain-text fallback."""
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (f'<figure class="matrix">{cap}{matrix_mathml(name, obj)}'
            f"<details><summary>plain text</summary><pre>{escape(matrix_text(obj))}</pre></details></figure>")


def small(obj, limit=12):
    """Whether a JSON matrix is small enough to show in full."""
    return is_matrix(obj) and obj["shape"][0] <= limit and obj["shape"][1] <= limit
