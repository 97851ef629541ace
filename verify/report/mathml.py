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
        body = (f'<mrow><mo fence="true" stretchy="true">(</mo><mtable columnalign="right">{rows}</mtable>'
                f'<mo fence="true" stretchy="true">)</mo></mrow>')
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


# ------------------------------------------------------------------------------ $...$ in text
# A small TeX subset for titles and statements: letters, digits, operators, ^ and _ (with {...}
# groups), \frac, \sqrt, \operatorname / \mathrm / \text / \mathbb, Greek letters and the common
# relation and set symbols.  Anything else is shown as its source text: never an error.
TEX_SYMBOLS = {
    "cap": "∩", "cup": "∪", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "times": "×", "cdot": "·", "otimes": "⊗",
    "odot": "⊙", "circ": "∘", "pm": "±", "mp": "∓", "to": "→", "rightarrow": "→", "Rightarrow": "⇒",
    "iff": "⇔", "implies": "⇒", "forall": "∀", "exists": "∃", "neg": "¬", "land": "∧", "lor": "∨",
    "infty": "∞", "emptyset": "∅", "ldots": "…", "cdots": "⋯", "top": "⊤", "perp": "⊥", "mid": "∣",
    "{": "{", "}": "}", "|": "‖", ",": " ", ";": " ", "setminus": "∖", "approx": "≈", "sim": "∼",
    "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|", "prime": "′",
}
TEX_GREEK = dict(zip(("alpha beta gamma delta epsilon varepsilon zeta eta theta iota kappa lambda mu nu xi pi rho "
                      "sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi "
                      "Omega").split(), "αβγδϵεζηθικλμνξπρστυϕφχψωΓΔΘΛΞΠΣΦΨΩ"))
TEX_FUNCS = {"rank", "min", "max", "det", "dim", "ker", "log", "exp", "sin", "cos", "tr", "diag", "null",
             "col", "span", "sign", "inf", "sup", "lim"}
TEX_BB = {"R": "ℝ", "Q": "ℚ", "Z": "ℤ", "N": "ℕ", "C": "ℂ", "F": "𝔽"}
_TEX_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|[0-9]+(?:\.[0-9]+)?|\s+|.", re.S)
_TEX_MATH = re.compile(r"(?<![\\$])\$(?!\{)([^$]+?)(?<!\\)\$")


def _tex_group(toks, i):
    """(mathml, next index) of one argument: a {...} group or a single token."""
    while i < len(toks) and toks[i].isspace():
        i += 1
    if i < len(toks) and toks[i] == "{":
        depth, j = 1, i + 1
        while j < len(toks) and depth:
            depth += {"{": 1, "}": -1}.get(toks[j], 0)
            j += 1
        return "<mrow>" + _tex_seq(toks[i + 1:j - 1]) + "</mrow>", j
    if i < len(toks):
        return _tex_atom(toks, i)
    return "<mrow></mrow>", i


def _tex_raw_group(toks, i):
    """(source text, next index) of a {...} argument (for \\text, \\operatorname, \\mathbb)."""
    ml, j = _tex_group(toks, i)
    k = i
    while k < len(toks) and toks[k].isspace():
        k += 1
    inner = toks[k + 1:j - 1] if k < len(toks) and toks[k] == "{" else toks[k:j]
    return "".join(inner), j


def _tex_atom(toks, i):
    t = toks[i]
    if t.startswith("\\") and len(t) > 1:
        name = t[1:]
        if name == "frac":
            a, i = _tex_group(toks, i + 1)
            b, i = _tex_group(toks, i)
            return f"<mfrac>{a}{b}</mfrac>", i
        if name == "sqrt":
            a, i = _tex_group(toks, i + 1)
            return f"<msqrt>{a}</msqrt>", i
        if name in ("operatorname", "mathrm", "text", "textrm", "mathit", "mathbf"):
            raw, i = _tex_raw_group(toks, i + 1)
            if name in ("text", "textrm"):
                return f"<mtext>{escape(raw)}</mtext>", i
            variant = {"mathbf": ' mathvariant="bold"', "mathit": ""}.get(name, ' mathvariant="normal"')
            return f"<mi{variant}>{escape(raw)}</mi>", i
        if name == "mathbb":
            raw, i = _tex_raw_group(toks, i + 1)
            return f"<mi>{escape(''.join(TEX_BB.get(c, c) for c in raw))}</mi>", i
        if name in ("left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr"):
            return "", i + 1
        if name in TEX_GREEK:
            return f"<mi>{TEX_GREEK[name]}</mi>", i + 1
        if name in TEX_FUNCS:
            return f'<mi mathvariant="normal">{name}</mi><mo>&#x2061;</mo>', i + 1
        if name in TEX_SYMBOLS:
            sym = TEX_SYMBOLS[name]
            return (f"<mspace width=\"0.2em\"></mspace>" if sym == " " else f"<mo>{escape(sym)}</mo>"), i + 1
        return f"<mtext>{escape(t)}</mtext>", i + 1
    if t.isspace():
        return "", i + 1
    if t[0].isdigit():
        return f"<mn>{escape(t)}</mn>", i + 1
    if t.isalpha():
        return f"<mi>{escape(t)}</mi>", i + 1
    if t == "{":
        return _tex_group(toks, i)
    if t in "()[]|":
        return f'<mo stretchy="false">{escape(t)}</mo>', i + 1
    return f"<mo>{escape({'-': '−', '*': '∗'}.get(t, t))}</mo>", i + 1


def _tex_seq(toks):
    out, i = [], 0
    while i < len(toks):
        base, i = _tex_atom(toks, i)
        sub = sup = None
        while i < len(toks) and toks[i] in ("_", "^"):
            arg, j = _tex_group(toks, i + 1)
            if toks[i] == "_":
                sub = arg
            else:
                sup = arg
            i = j
        if not base and sub is None and sup is None:
            continue
        base = base or "<mrow></mrow>"
        if sub is not None and sup is not None:
            base = f"<msubsup><mrow>{base}</mrow>{sub}{sup}</msubsup>"
        elif sub is not None:
            base = f"<msub><mrow>{base}</mrow>{sub}</msub>"
        elif sup is not None:
            base = f"<msup><mrow>{base}</mrow>{sup}</msup>"
        out.append(base)
    return "".join(out)


def tex_mathml(src):
    """An inline <math> element for a TeX formula (without the dollars), alttext the source."""
    toks = _TEX_TOKEN.findall(src)
    return f'<math alttext="{escape(src)}"><mrow>{_tex_seq(toks)}</mrow></math>'


def has_tex(text):
    return bool(_TEX_MATH.search(str(text or "")))


def text_with_math(text):
    """HTML of a title or statement: the text escaped, each $...$ rendered as inline MathML."""
    text, out, last = str(text or ""), [], 0
    for m in _TEX_MATH.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append(tex_mathml(m.group(1)))
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def plain_tex(text):
    """The text with its $...$ formulas as plain source (for <title>, Markdown code spans)."""
    return _TEX_MATH.sub(lambda m: m.group(1), str(text or ""))
