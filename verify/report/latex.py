"""LaTeX appendices for papers, from certificates: what was stated, on which exact data, the
witnesses the certificate holds, and the lemma each checked step relies on.

`verify report DIR --latex OUT` writes, per certificate of DIR, `OUT/<id>.tex` (a `\\subsection*`
to paste into a paper; it needs `amsmath` and `amssymb`) and `OUT/appendix.tex`, a document that
inputs them all (it compiles with `pdflatex appendix.tex`).  `Result.latex()` of the Python API
gives the same fragment for one result.

Like the rest of `verify.report`, this restates what certificates and result records say and
decides nothing.  Matrices come from the certificate (its copies of small objects), from the
exact objects a caller passes, or, for a certificate that embeds its problem, from that problem
rebuilt by the trusted loader (`verify.problem`, imported only then).  Matrices larger than
`SHOW` x `SHOW` are shortened to their corners (`\\cdots`, `\\vdots`, `\\ddots`); integers longer than
`MAX_DIGITS` digits are shortened with their digit count.  Indices are 1-based, as in papers.
"""

import json
import re
from pathlib import Path

from . import words

SHOW = 8          # matrices up to SHOW x SHOW in full (amsmath allows 10 columns by default)
MAX_DIGITS = 40
MAX_OBLIGATIONS = 40
MAX_EXPR = 1500   # characters of a statement's formula

_TEXT_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "<": r"\textless{}", ">": r"\textgreater{}",
                 "|": r"\textbar{}", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                 "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_UNICODE = {
    "≥": r"\ensuremath{\geq}", "≤": r"\ensuremath{\leq}", "≠": r"\ensuremath{\neq}", "−": "-", "–": "--", "—": "---",
    "×": r"\ensuremath{\times}", "·": r"\ensuremath{\cdot}", "⇒": r"\ensuremath{\Rightarrow}",
    "→": r"\ensuremath{\to}", "↦": r"\ensuremath{\mapsto}", "∧": r"\ensuremath{\land}", "∨": r"\ensuremath{\lor}",
    "¬": r"\ensuremath{\neg}", "…": r"\ldots{}", "“": "``", "”": "''", "‘": "`", "’": "'", "ᵀ": r"\ensuremath{^{\top}}",
    "₊": r"\ensuremath{_+}", "₋": r"\ensuremath{_-}", "₀": r"\ensuremath{_0}", "₁": r"\ensuremath{_1}",
    "₂": r"\ensuremath{_2}", "₃": r"\ensuremath{_3}", "⁻": r"\ensuremath{^-}", "¹": r"\ensuremath{^1}",
    "²": r"\ensuremath{^2}", "³": r"\ensuremath{^3}", "⁴": r"\ensuremath{^4}", "√": r"\ensuremath{\surd}",
    "⊙": r"\ensuremath{\odot}", "⊗": r"\ensuremath{\otimes}", "∈": r"\ensuremath{\in}", "∞": r"\ensuremath{\infty}",
    "≈": r"\ensuremath{\approx}", "∑": r"\ensuremath{\sum}", "∏": r"\ensuremath{\prod}", "≡": r"\ensuremath{\equiv}",
    "⌊": r"\ensuremath{\lfloor}", "⌋": r"\ensuremath{\rfloor}", "ℚ": r"\ensuremath{\mathbb{Q}}",
    "±": r"\ensuremath{\pm}", "′": "'", "″": "''", "é": r"\'e", "ö": r'\"o', "ü": r'\"u', "ä": r'\"a',
}
_GREEK = "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ"
_GREEK_NAMES = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon "
                "phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega").split()
_UNICODE.update({g: rf"\ensuremath{{\{n}}}" for g, n in zip(_GREEK, _GREEK_NAMES)})

LEMMAS = {
    "rank_ge": r"If $\det A[I,J] \not\equiv 0 \pmod p$ then $\det A[I,J] \neq 0$ over $\mathbb{Q}$ (reduction "
               r"modulo $p$ is a ring homomorphism on the $p$-integral rationals), so the rows indexed by $I$ are "
               r"linearly independent and $\operatorname{rank} A \geq |I|$.  For a polynomial matrix the minor is "
               r"evaluated at a point: a polynomial that is nonzero at a point is nonzero.",
    "rank_le": r"Rank--nullity: if $A N = 0$ (or $N A = 0$) for a matrix $N$ with $k$ linearly independent columns "
               r"(rows), certified by a nonsingular $k \times k$ block modulo $p$, then $\operatorname{rank} A \leq "
               r"n - k$.  Over $\mathbb{Q}(x)$: $AN = 0$ as polynomials and a $k$-minor of $N$ nonzero at a point.",
    "rank_le_trivial": r"A matrix with $m$ rows and $n$ columns has rank at most $\min(m, n)$.",
    "det": r"Exact recomputation: Bareiss' fraction-free elimination (every division is exact, Bareiss 1968) for "
           r"rational entries, Laplace expansion for polynomial entries.",
    "inertia": r"Sylvester's law of inertia: if $P^{\top} A P = L D L^{\top}$ with $P$ a permutation and $L$ unit "
               r"lower triangular (hence invertible), then $A$ and $D$ have the same inertia, and the inertia of a "
               r"block-diagonal $D$ (blocks of size 1 or 2) is the sum of its blocks' inertias.",
    "inertia_U": r"Sylvester's law of inertia and Gershgorin's theorem: for $U$ invertible (block upper triangular "
                 r"with nonsingular diagonal blocks) and $q > 0$, $G = U^{\top}(q P^{\top} A P)U$ has the inertia "
                 r"of $A$; a row of $G$ that is zero contributes a zero eigenvalue, a strictly diagonally dominant "
                 r"row the sign of its diagonal entry.",
    "detbool_1": r"A perfect matching $\sigma$ of the support of $A$ (every $A_{i,\sigma(i)} \neq 0$) is a nonzero "
                 r"term of the permutation expansion, so $\operatorname{DetBool}(A) = 1$.",
    "detbool_0": r"Hall's theorem (K\"onig--Hall): rows $S$ whose nonzero entries lie in fewer than $|S|$ columns "
                 r"admit no perfect matching, so every term of the permutation expansion vanishes and "
                 r"$\operatorname{DetBool}(A) = 0$.",
    "solve": r"Exact substitution: $A x = b$ is checked entry by entry in exact arithmetic.",
    "inconsistent": r"Fredholm alternative: if $y^{\top} A = 0$ and $y^{\top} b \neq 0$ then $y^{\top} A x = 0 \neq "
                    r"y^{\top} b$ for every $x$, so $A x = b$ has no solution.",
    "log_minor_nonzero": r"Rational enclosures of logarithms: $\log x = 2\sum_{k \geq 0} y^{2k+1}/(2k+1)$ with "
                         r"$y = (x-1)/(x+1)$ and an explicit tail bound; exact interval arithmetic encloses the "
                         r"minor of $\log E$, and an enclosure that excludes $0$ proves it nonzero.",
    "det_residues": r"Determinant from residues: if $A y = s b$ for integer $y, b$ then $s' = s / \gcd(s, y)$ divides "
                    r"$\det A$ (Cramer); $|\det A| \leq \prod_i \lVert A_i \rVert$ (Hadamard); so $\det A / s'$ is "
                    r"determined by its residues modulo primes whose product $P$ has $(P s')^2 > 4 \prod_i "
                    r"\lVert A_i \rVert^2$ (Chinese remainders).  A nonzero $z$ with $A z = 0$ gives $\det A = 0$.",
    "det_fraction": r"A common factor: if $D = P G$ and $S = Q G$ with $G \neq 0$, then $D / S = P / Q$ in "
                    r"$\mathbb{Q}(x)$.  With rows cleared of denominators "
                    r"($N = \operatorname{diag}(d) M$), $\det M = \det N / (d_1 \cdots d_m)$.",
    "sturm": r"Sturm's theorem: the number of sign changes of the Sturm sequence counts the real roots in an "
             r"interval exactly.",
    "equal": r"Entrywise equality of exact matrices (polynomials compared as polynomials).",
}


# ------------------------------------------------------------------------------ text and numbers
def text(s):
    """LaTeX text for plain (possibly Unicode) text."""
    out = []
    for ch in str(s):
        if ch in _TEXT_ESCAPES:
            out.append(_TEXT_ESCAPES[ch])
        elif ch in _UNICODE:
            out.append(_UNICODE[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


def tt(s):
    return r"\texttt{" + text(s) + "}"


def _int_tex(n):
    s = str(n)
    digits = s.lstrip("-")
    if len(digits) > MAX_DIGITS:
        return f"{'-' if s.startswith('-') else ''}{digits[:12]}\\ldots{digits[-6:]}\\,(\\text{{{len(digits)} digits}})"
    return s


def scalar_tex(x):
    """An exact scalar in JSON form (int, "p/q") as math."""
    if isinstance(x, bool):
        return r"\text{" + ("true" if x else "false") + "}"
    if isinstance(x, int):
        return _int_tex(x)
    if isinstance(x, str):
        m = re.fullmatch(r"\s*(-?)(\d+)/(\d+)\s*", x)
        if m:
            return f"{m.group(1)}\\frac{{{_int_tex(int(m.group(2)))}}}{{{_int_tex(int(m.group(3)))}}}"
        if re.fullmatch(r"-?\d+", x.strip()):
            return _int_tex(int(x))
        return poly_text_tex(x)
    if x is None:
        return r"\text{--}"
    return r"\text{" + text(x) + "}"


def var_tex(name):
    """x -> x, x_1_2 -> x_{1,2}, w12 -> w_{12}, alpha -> \\alpha."""
    name = str(name)
    base, *subs = name.split("_")
    m = re.fullmatch(r"([A-Za-z]+?)(\d+)", base)
    if not subs and m:
        base, subs = m.group(1), [m.group(2)]
    if base in _GREEK_NAMES:
        b = "\\" + base
    elif len(base) == 1:
        b = base
    else:
        b = r"\mathit{" + text(base) + "}"
    return b + ("_{" + ",".join(text(s) for s in subs if s) + "}" if any(subs) else "")


POLY_SHOWN = 12   # terms of a polynomial written out; a longer one shows its first terms and its size


def poly_tex(obj, limit=POLY_SHOWN):
    """A polynomial in JSON form ({"poly": [[coef, {var: exp}], ...]}) as math (beyond `limit` terms:
    the first ones by degree, then its number of terms; the certificate holds it whole)."""
    terms = obj.get("poly") if isinstance(obj, dict) else None
    if not isinstance(terms, list):
        return r"\text{?}"

    def degree(t):
        return -sum(e for e in (t[1] or {}).values() if isinstance(e, int)) if isinstance(t, list) and len(t) == 2 else 0

    if len(terms) > limit:
        head = poly_tex({"poly": sorted(terms, key=degree)[:limit // 2]}, limit)
        return head + rf" + \cdots\ (\text{{{len(terms):,} terms}})"

    out = []
    for t in sorted(terms, key=degree):
        if not (isinstance(t, list) and len(t) == 2 and isinstance(t[1], dict)):
            continue
        c, mono = t
        factors = "".join(var_tex(v) + (f"^{{{e}}}" if e != 1 else "") for v, e in sorted(mono.items()))
        ctex = scalar_tex(c)
        neg = ctex.startswith("-")
        mag = ctex[1:] if neg else ctex
        if factors and mag == "1":
            mag = ""
        piece = mag + (" " if mag and factors and not mag.endswith("}") else "") + factors
        if not out:
            out.append(("-" if neg else "") + piece)
        else:
            out.append((" - " if neg else " + ") + piece)
    return "".join(out) or "0"


def poly_text_tex(s):
    """Polynomial text of the case grammar ("x*y - 1/2") as math, for values written as text."""
    try:
        from ..cases.polyparse import parse_poly
        from ..kernel.exact import encode_entry

        e = encode_entry(parse_poly(s))
        return entry_tex(e)
    except Exception:  # noqa: BLE001 - a report shows what it cannot parse as text
        return r"\text{" + text(s) + "}"


def entry_tex(x):
    if isinstance(x, dict) and "poly" in x:
        return poly_tex(x)
    return scalar_tex(x)


def _matrix_json(M):
    if M is None:
        return None
    if isinstance(M, dict):
        return M if M.get("corner") or words.is_matrix(M) else None
    return _shown(M)


def bmatrix(M, limit=SHOW):
    """A matrix (JSON form or Matrix) as a `bmatrix`, shortened to its corners beyond limit x limit."""
    obj = _matrix_json(M)
    if obj is None:
        return r"\text{(matrix not shown)}"
    m, n = obj["shape"]
    rows = obj["rows"]
    if m == 0 or n == 0:
        return rf"\text{{(the empty ${m} \times {n}$ matrix)}}"
    ri = list(range(m)) if m <= limit else list(range(limit - 2)) + [None, m - 1]
    ci = list(range(n)) if n <= limit else list(range(limit - 2)) + [None, n - 1]
    lines = []
    for i in ri:
        cells = []
        for j in ci:
            if i is None:
                cells.append(r"\ddots" if j is None else r"\vdots")
            elif j is None:
                cells.append(r"\cdots")
            else:
                cells.append(entry_tex(rows[i][j]))
        lines.append(" & ".join(cells))
    return r"\begin{bmatrix}" + r" \\ ".join(lines) + r"\end{bmatrix}"


def index_tex(idx, limit=24):
    """0-based indices as a 1-based set {1, 3, 4}."""
    if not isinstance(idx, list):
        return r"\text{?}"
    shown = [str(i + 1) if isinstance(i, int) and not isinstance(i, bool) else "?" for i in idx[:limit]]
    more = rf", \ldots\ ({len(idx)}\text{{ in all}})" if len(idx) > limit else ""
    return r"\{" + ", ".join(shown) + more + r"\}"


def name_tex(name):
    return var_tex(name) if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", str(name or "")) else r"\text{" + text(name) + "}"


# ------------------------------------------------------------------------------ statements
_OPS = {"eq": "=", "ne": r"\neq", "lt": "<", "le": r"\leq", "gt": ">", "ge": r"\geq", "add": "+", "sub": "-",
        "mul": r"\cdot", "and": r"\;\land\;", "or": r"\;\lor\;", "implies": r"\;\Rightarrow\;"}
_PREC = {"implies": 1, "or": 2, "and": 3, "eq": 4, "ne": 4, "lt": 4, "le": 4, "gt": 4, "ge": 4, "add": 5, "sub": 5,
         "mul": 6}
_FUNCS = {"rank": r"\operatorname{rank}", "det": r"\det", "inertia": r"\operatorname{In}",
          "detbool": r"\operatorname{DetBool}", "nrows": r"\operatorname{rows}", "ncols": r"\operatorname{cols}",
          "is_zero": r"\operatorname{is\_zero}", "log_rank": r"\operatorname{rank}\log",
          "kernel_basis": r"\ker", "object": ""}


def expr_tex(e, parent=0):
    """A kernel expression (`verify/kernel/statement.py`) as math."""
    if isinstance(e, bool):
        return r"\text{" + ("true" if e else "false") + "}"
    if e is None or isinstance(e, (int, str)):
        return scalar_tex(e)
    if isinstance(e, list):
        return "(" + ", ".join(expr_tex(x) for x in e) + ")"
    if not isinstance(e, dict) or len(e) != 1:
        return r"\text{?}"
    (op, arg), = e.items()
    if op == "poly":
        return poly_tex(e)
    if op in _FUNCS:
        inner = name_tex(arg) if isinstance(arg, str) else expr_tex(arg)
        return f"{_FUNCS[op]} {inner}" if _FUNCS[op] else inner
    args = arg if isinstance(arg, list) else [arg]
    if op in _OPS:
        prec = _PREC[op]
        parts = [expr_tex(a, prec if k == 0 or op in ("add", "mul", "and", "or") else prec + 1)
                 for k, a in enumerate(args)]
        body = f" {_OPS[op]} ".join(parts)
        return rf"\left({body}\right)" if prec < parent else body
    if op == "neg":
        return "-" + expr_tex(arg, 7)
    if op == "not":
        return r"\neg " + expr_tex(arg, 7)
    if op == "entry" and len(args) == 3:
        if all(isinstance(a, int) and not isinstance(a, bool) for a in args[1:]):
            return f"{{{name_tex(args[0])}}}_{{{args[1] + 1},{args[2] + 1}}}"
        return f"{{{name_tex(args[0])}}}_{{{expr_tex(args[1])}+1,\\,{expr_tex(args[2])}+1}}"
    if op == "index" and len(args) == 2:
        seq, i = args
        if isinstance(seq, dict) and set(seq) == {"inertia"} and i in (0, 1, 2) and not isinstance(i, bool):
            return rf"n_{'+-0'[i]}({name_tex(seq['inertia'])})"
        k = i + 1 if isinstance(i, int) and not isinstance(i, bool) else expr_tex(i)
        return rf"\left({expr_tex(seq)}\right)_{{{k}}}"
    if op == "solvable" and len(args) == 2:
        return rf"\exists x:\ {name_tex(args[0])}\,x = {name_tex(args[1])}"
    if op == "solution" and len(args) == 2:
        return rf"\text{{solution of }} {name_tex(args[0])}\,x = {name_tex(args[1])}"
    if op == "equal" and len(args) == 2:
        return f"{name_tex(args[0])} = {name_tex(args[1])}"
    if op == "det_nonzero":
        return rf"\det {name_tex(arg)} \neq 0"
    if op in ("div",) and len(args) == 2:
        return rf"\frac{{{expr_tex(args[0])}}}{{{expr_tex(args[1])}}}"
    if op in ("min", "max"):
        return rf"\{op}\left(" + ", ".join(expr_tex(a) for a in args) + r"\right)"
    if op == "text":
        return expr_tex(arg, parent)
    if op == "record" and isinstance(arg, dict):
        return r"\left(" + ", ".join(f"{name_tex(k)}: {expr_tex(v)}" for k, v in arg.items()) + r"\right)"
    if op == "fact":
        return r"\text{fact ``" + text(arg) + "''}"
    return r"\operatorname{" + text(op).replace(r"\_", r"\_") + r"}\left(" + ", ".join(expr_tex(a) for a in args) + r"\right)"


def value_tex(v):
    """A reported value (JSON form) as math."""
    if isinstance(v, dict):
        if words.is_matrix(v):
            return bmatrix(v)
        if "poly" in v:
            return poly_tex(v)
        if "at_least" in v:
            return rf"\in [{scalar_tex(v['at_least'])}, {scalar_tex(v['at_most'])}]"
        return r"\left(" + ", ".join(f"{name_tex(k)} = {value_tex(x)}" for k, x in v.items()) + r"\right)"
    if isinstance(v, list):
        return "(" + ", ".join(value_tex(x) for x in v) + ")"
    return scalar_tex(v)


# ------------------------------------------------------------------------------ obligations
def obligation_tex(ob, objects):
    """(claim, witness, lemma key) of one obligation, as LaTeX text."""
    if not isinstance(ob, dict):
        return text("an unreadable obligation"), "", None
    rule = ob.get("rule")
    A = name_tex(ob.get("matrix", "M"))
    p = ob.get("prime")
    at = ""
    if isinstance(ob.get("point"), dict):
        at = r", at the point $" + ", ".join(f"{var_tex(k)} = {scalar_tex(v)}" for k, v in ob["point"].items()) + "$"
    if rule == "rank_ge":
        r = ob.get("r")
        if r == 0:
            return rf"$\operatorname{{rank}} {A} \geq 0$", text("trivially"), None
        wit = (rf"the ${r} \times {r}$ minor on rows $I = {index_tex(ob.get('rows'))}$ and columns "
               rf"$J = {index_tex(ob.get('cols'))}$ is nonzero modulo the prime $p = {scalar_tex(p)}$" + at)
        M = objects.get(ob.get("matrix"))
        if M is not None and not M.get("corner") and isinstance(r, int) and 0 < r <= SHOW and not _is_poly(M):
            try:
                sub = [[M["rows"][i][j] for j in ob["cols"]] for i in ob["rows"]]
                wit += rf"; ${A}[I, J] = {bmatrix({'shape': [r, r], 'rows': sub})}$"
            except (KeyError, IndexError, TypeError):
                pass
        return rf"$\operatorname{{rank}} {A} \geq {r}$", wit, "rank_ge"
    if rule == "rank_le":
        r = ob.get("r")
        basis = ob.get("basis")
        if ob.get("side") == "trivial" or not words.is_matrix(basis):
            return rf"$\operatorname{{rank}} {A} \leq {r}$", text("trivially, from the shape"), "rank_le_trivial"
        left = ob.get("side") == "left"
        k = basis["shape"][0] if left else basis["shape"][1]
        prod = rf"N\,{A} = 0" if left else rf"{A}\,N = 0"
        F = ob.get("factor")
        basis_tex = rf"$N = {bmatrix(basis)}$ (${basis['shape'][0]} \times {basis['shape'][1]}$)"
        if words.is_matrix(F) and not left:
            basis_tex = (rf"$N = F N_0$, checked as $({A} F)\,N_0 = 0$, with $F = {bmatrix(F)}$ "
                         rf"(${F['shape'][0]} \times {F['shape'][1]}$) and $N_0 = {bmatrix(basis)}$ "
                         rf"(${basis['shape'][0]} \times {basis['shape'][1]}$)")
        wit = (rf"${prod}$ for the {'left' if left else 'right'} kernel basis {basis_tex}, whose block on rows "
               rf"${index_tex(ob.get('basis_rows', list(range(basis['shape'][0]))))}$ and columns "
               rf"${index_tex(ob.get('basis_cols', list(range(basis['shape'][1]))))}$ is a nonsingular ${k} \times {k}$ "
               rf"matrix modulo $p = {scalar_tex(p)}$" + at)
        return rf"$\operatorname{{rank}} {A} \leq {r}$", wit, "rank_le"
    if rule == "det":
        return rf"$\det {A} = {entry_tex(ob.get('value'))}$", text("recomputed exactly by the kernel"), "det"
    if rule == "inertia":
        v = ob.get("value")
        val = value_tex(v) if isinstance(v, list) else r"\text{?}"
        perm = ob.get("perm")
        ptex = r"\pi = (" + ", ".join(str(i + 1) for i in perm[:24]) + (r", \ldots" if len(perm) > 24 else "") + ")" \
            if isinstance(perm, list) else r"\pi"
        if "U" in ob:
            wit = (rf"the congruence $G = U^{{\top}}(q P^{{\top}} {A} P) U$ with $P$ the permutation ${ptex}$ and the "
                   rf"integer matrix $U = {bmatrix(ob.get('U'))}$ (diagonal blocks of sizes "
                   rf"${text(ob.get('blocks'))}$) is diagonally dominant")
            return rf"$\operatorname{{In}}({A}) = {val}$", wit, "inertia_U"
        wit = (rf"$P^{{\top}} {A} P = L D L^{{\top}}$ with $P$ the permutation ${ptex}$, "
               rf"$L = {bmatrix(ob.get('L'))}$ and $D = {bmatrix(ob.get('D'))}$ (blocks of sizes "
               rf"${', '.join(str(b) for b in ob.get('blocks') or [])}$)")
        return rf"$\operatorname{{In}}({A}) = {val}$ $(n_+, n_-, n_0)$", wit, "inertia"
    if rule == "detbool":
        if ob.get("value") == 1 and isinstance(ob.get("matching"), list):
            m = ob["matching"]
            pairs = ", ".join(rf"{i + 1} \mapsto {j + 1}" for i, j in enumerate(m[:16]) if isinstance(j, int))
            more = rf", \ldots\ ({len(m)}\text{{ rows}})" if len(m) > 16 else ""
            return (rf"$\operatorname{{DetBool}}({A}) = 1$", rf"the perfect matching $\sigma: {pairs}{more}$",
                    "detbool_1")
        rows = ob.get("hall_rows")
        return (rf"$\operatorname{{DetBool}}({A}) = 0$", rf"the rows $S = {index_tex(rows)}$ violate Hall's condition",
                "detbool_0")
    if rule == "solve":
        return (rf"${A}\,x = {name_tex(ob.get('rhs'))}$ is solvable", rf"$x = {bmatrix(ob.get('x'))}$", "solve")
    if rule == "inconsistent":
        return (rf"${A}\,x = {name_tex(ob.get('rhs'))}$ has no solution",
                rf"$y = {bmatrix(ob.get('y'))}$ with $y^{{\top}} {A} = 0$ and $y^{{\top}} {name_tex(ob.get('rhs'))} \neq 0$",
                "inconsistent")
    if rule == "equal":
        return rf"${name_tex(ob.get('lhs'))} = {name_tex(ob.get('rhs'))}$", text("entry by entry"), "equal"
    if rule == "det_residues":
        how = "a kernel vector" if "null" in ob else f"residues modulo {len(ob.get('primes') or [])} primes"
        return rf"$\det {A} = {entry_tex(ob.get('value'))}$", text(f"from {how}"), "det_residues"
    if rule == "det_fraction":
        return (rf"$\det {A} / ({entry_tex(ob.get('scale'))}) = ({entry_tex(ob.get('num'))}) / "
                rf"({entry_tex(ob.get('den'))})$", rf"with the common factor ${entry_tex(ob.get('gcd'))}$",
                "det_fraction")
    if rule == "log_minor_nonzero":
        return (rf"$\operatorname{{rank}} \log {A} \geq {len(ob.get('rows') or [])}$",
                rf"the minor on rows ${index_tex(ob.get('rows'))}$ and columns ${index_tex(ob.get('cols'))}$ of "
                rf"$\log {A}$ is enclosed away from $0$", "log_minor_nonzero")
    fields = ", ".join(sorted(k for k in ob if k not in ("rule", "label")))
    return tt(rule or "?"), text(f"checked by the kernel rule of that name (fields: {fields})"), rule


def _is_poly(M):
    return M.get("corner") or any(isinstance(x, dict) for r in M.get("rows", []) for x in r)


# ------------------------------------------------------------------------------ one case
def _objects_json(cert, objects=None, rebuild=True):
    """name -> matrix JSON (full, or its corners: `_shown`) for every object that can be shown:
    given objects, the certificate's copies, or the embedded problem rebuilt by the trusted loader."""
    out = {}
    table = cert.get("objects") if isinstance(cert.get("objects"), dict) else {}
    for name, info in table.items():
        if isinstance(info, dict) and words.is_matrix(info.get("matrix")):
            out[name] = info["matrix"]
    for name, M in (objects or {}).items():
        if name not in out and M is not None:
            out[name] = _shown(M)
    missing = [n for n in table if n not in out]
    if missing and rebuild and isinstance(cert.get("problem"), dict):
        try:
            from ..problem import build_problem, embedded_case

            with embedded_case(cert["problem"], (cert.get("case") or {}).get("id")) as case:
                problem = build_problem(case, {"max_entries": 4_000_000}, cert.get("witness"))
            for n in missing:
                M = problem["objects"].get(n)
                if M is not None and M.content_hash() == (table.get(n) or {}).get("sha256"):
                    out[n] = _shown(M)
        except Exception:  # noqa: BLE001 - a report shows what it can
            pass
    return out


def _corner(n, limit=SHOW):
    return list(range(n)) if n <= limit else list(range(limit - 2)) + [n - 1]


def _shown(M):
    """The JSON form of a Matrix, or, beyond SHOW x SHOW, of the corner entries `bmatrix` shows
    (with the full shape and `"corner": true`)."""
    from ..kernel.exact import encode_matrix

    if M.nrows <= SHOW and M.ncols <= SHOW:
        return encode_matrix(M)
    ri, ci = _corner(M.nrows), _corner(M.ncols)
    sub = encode_matrix(M.submatrix(ri, ci))
    grid = {(i, j): sub["rows"][a][b] for a, i in enumerate(ri) for b, j in enumerate(ci)}
    return {"shape": [M.nrows, M.ncols], "rows": _Rows(grid), "corner": True}


class _Rows:
    """Row access to the corner entries of a large matrix (only those `bmatrix` shows exist)."""

    def __init__(self, grid):
        self.grid = grid

    def __getitem__(self, i):
        grid = self.grid

        class _Row:
            def __getitem__(self, j):
                return grid[(i, j)]

        return _Row()

    def __iter__(self):
        return iter(())


def _describe_object(name, info, shown):
    kind = (info or {}).get("kind") or "exact"
    shape = (info or {}).get("shape") or ["?", "?"]
    sha = str((info or {}).get("sha256") or "")
    head = rf"${name_tex(name)}$, the ${shape[0]} \times {shape[1]}$ {text(kind)} matrix"
    if sha:
        head += rf" (content hash {tt(sha[:23] + '...')})"
    if shown is not None:
        m, n = shown["shape"]
        if m <= 3 and n <= 6:
            head += rf": ${name_tex(name)} = {bmatrix(shown)}$"
        else:
            head += rf": \[ {name_tex(name)} = {bmatrix(shown)} \]"
    return head


def case_latex(cert, objects=None, result=None, rebuild=True):
    """The LaTeX appendix (a `\\subsection*` fragment) of one certificate; `objects` are exact
    problem objects to show (name -> Matrix), `result` the result record, if at hand."""
    cert = cert if isinstance(cert, dict) else {}
    result = dict(result or {})
    info = cert.get("case") if isinstance(cert.get("case"), dict) else {}
    cid = result.get("id") or info.get("id") or "case"
    title = result.get("title") or ((cert.get("problem") or {}).get("case") or {}).get("title") or ""
    check = result.get("check") or cert.get("check") or "?"
    conclusion = cert.get("conclusion") if isinstance(cert.get("conclusion"), dict) else {}
    verdict = conclusion.get("verdict") or result.get("verdict") or "?"
    value = conclusion.get("value") if "value" in conclusion else result.get("value")
    rec = {"check": check, "expect": cert.get("expect", result.get("expect")), "params": cert.get("params") or {}}
    out = [f"% verify: appendix for case {cid} (written by verify report --latex; paste into a document that loads "
           "amsmath and amssymb)",
           r"\subsection*{Case " + tt(cid) + (": " + text(title) if title else "") + "}"]
    src = result.get("source") or ((cert.get("problem") or {}).get("case") or {}).get("source")
    if src:
        out.append(r"\noindent\emph{Source:} " + text(src) + r"\par")
    claim = cert.get("claim") or result.get("claim")
    what = words.CHECK_WORDS.get(check, check)
    out.append(r"\paragraph{Statement.} " + text("Check ") + tt(check) + text(f" ({what})")
               + (text(", claim ") + tt(claim) if claim else "") + ": " + text(words.expect_text(rec, cert)) + ".")
    st = cert.get("statement") if isinstance(cert.get("statement"), dict) else {}
    pred = st.get("predicate")
    if pred is not None:
        formula = expr_tex(pred)
        if len(formula) <= MAX_EXPR:
            polarity = st.get("polarity")
            q = {"exists": "for the witness below", "forall": "for the candidate counterexample below"}.get(
                st.get("quantifier"), "")
            out.append(r"In the checker's language" + (" (" + q + ")" if q else "") + r": \[ " + formula + r" \]"
                       + (text(" (the case asserts its negation)") if polarity == "refuted" else ""))
        else:
            out.append(text(f"(The formula has {len(formula)} characters; it is in the certificate's statement.)"))
    out.append(r"\paragraph{Verdict.} \textbf{" + text(verdict) + "}: "
               + text(words.VERDICT_MEANING.get(verdict, "")) + ".")
    if isinstance(value, dict) and value:
        vals = [rf"{text(k)} ${value_tex(v)}$" for k, v in value.items() if k != "ranks"]
        out.append(r"\emph{Value:} " + "; ".join(vals) + ".")
        if isinstance(value.get("ranks"), dict):
            out.append(r"\emph{Ranks:} $" + ", ".join(rf"\operatorname{{rank}} {name_tex(k)} = {value_tex(v)}"
                                                      for k, v in value["ranks"].items()) + "$.")
    if cert.get("witness") is not None:
        wit = json.dumps(cert["witness"], sort_keys=True)
        out.append(r"\emph{Witness (data the claim's trusted build turns into the objects):} "
                   + tt(wit[:300] + ("..." if len(wit) > 300 else "")) + ".")
    shown = _objects_json(cert, objects, rebuild)
    table = cert.get("objects") if isinstance(cert.get("objects"), dict) else {}
    if table:
        out.append(r"\paragraph{Data.} The exact objects the problem defines" +
                   (text(" (built from the parameters by the claim's trusted construction)") if claim else "") + ":")
        out.append(r"\begin{itemize}")
        for name in sorted(table)[:24]:
            out.append(r"\item " + _describe_object(name, table[name], shown.get(name)))
        if len(table) > 24:
            out.append(r"\item " + text(f"... {len(table) - 24} more objects (listed in the certificate)"))
        out.append(r"\end{itemize}")
    obs = cert.get("obligations") if isinstance(cert.get("obligations"), list) else []
    if obs:
        out.append(r"\paragraph{Certificate.} " + text(
            f"{len(obs)} obligation{'s' if len(obs) != 1 else ''}, each re-checked by the independent kernel; the "
            "witness each holds, and the lemma the check relies on:"))
        out.append(r"\begin{enumerate}")
        used = []
        for ob in obs[:MAX_OBLIGATIONS]:
            what_tex, wit, lemma = obligation_tex(ob, shown)
            lemma_ref = ""
            if lemma in LEMMAS:
                if lemma not in used:
                    used.append(lemma)
                lemma_ref = f" (Lemma {used.index(lemma) + 1})"
            out.append(r"\item " + what_tex + (": " + wit if wit else "") + lemma_ref + ".")
        if len(obs) > MAX_OBLIGATIONS:
            out.append(r"\item " + text(f"... {len(obs) - MAX_OBLIGATIONS} more obligations (in the certificate)"))
        out.append(r"\end{enumerate}")
        if used:
            out.append(r"\noindent\emph{Lemmas.}")
            out.append(r"\begin{enumerate}")
            for key in used:
                out.append(r"\item " + LEMMAS[key])
            out.append(r"\end{enumerate}")
    prob = cert.get("problem")
    how = (text("The certificate embeds its problem (sha256 ") + tt(str(prob.get("sha256", ""))[:16] + "...")
           + text("), so ") + tt("verify check") + text(" re-checks it with nothing else present")
           if isinstance(prob, dict) else tt("verify check") + text(f" rebuilds the problem from the case file "
                                                                    f"{info.get('file') or '(not recorded)'}"))
    out.append(r"\paragraph{Re-checking.} " + how + text(": the problem (objects and statement) is rebuilt by "
               "trusted code, never read from the certificate, and every obligation is re-checked in exact "
               "arithmetic; no floating-point number takes part.") + "\n")
    return "\n".join(out) + "\n"


def result_math(record, cert, objects):
    """One line of math for a notebook (`Result._repr_latex_`)."""
    check = record.get("check")
    value = record.get("value") or {}
    names = {"rank_at": "M_at"}
    M = (objects or {}).get(names.get(check, "M")) or (objects or {}).get("A")
    mtex = bmatrix(M) if M is not None else "M"
    verdict = record.get("verdict") or "?"
    if check in ("rank", "generic_rank", "rank_at") and "rank" in value:
        body = rf"\operatorname{{rank}} {mtex} = {value_tex(value['rank'])}"
    elif check == "determinant" and "det" in value:
        body = rf"\det {mtex} = {value_tex(value['det'])}"
    elif check == "inertia" and "inertia" in value:
        body = rf"\operatorname{{In}} {mtex} = {value_tex(value['inertia'])}"
    elif check == "boolean_determinant" and "detbool" in value:
        body = rf"\operatorname{{DetBool}} {mtex} = {value_tex(value['detbool'])}"
    elif check == "nullspace" and "basis" in value:
        body = rf"\ker {mtex} = \operatorname{{span}} {value_tex(value['basis'])}"
    elif check == "solve" and value.get("solvable") is True and "solution" in value:
        body = rf"{mtex}\,{value_tex(value['solution'])} = {bmatrix(objects.get('b'))}"
    else:
        body = value_tex({k: v for k, v in value.items() if k != "ranks"}) if value else r"\text{no value}"
    return body + r"\quad\text{(" + text(verdict) + ")}"


# ------------------------------------------------------------------------------ documents
PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{amsmath,amssymb}
\usepackage[margin=2cm]{geometry}
\setcounter{MaxMatrixCols}{12}
\begin{document}
\section*{Appendix: certified exact computations}
Each subsection below restates a claim, the exact data it is about, and the certificate that the
independent checker of \texttt{verify} re-checked: the witnesses it holds and the lemma each step
relies on.  Indices are 1-based.  Every certificate can be re-checked with \texttt{verify check}.
"""


def _stem(case_id, used):
    s = re.sub(r"[^A-Za-z0-9.-]", "-", str(case_id or "case")).strip(".") or "case"
    stem, k = s, 2
    while stem in used:
        stem, k = f"{s}-{k}", k + 1
    used.add(stem)
    return stem


def write_latex(report_dir, out_dir):
    """Write `<id>.tex` for every certificate in `report_dir` and `appendix.tex` into `out_dir`;
    returns the number of cases."""
    from . import ReportError, _load

    src, out = Path(report_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    used, names = set(), []
    for path in sorted(src.glob("*.cert.json")):
        cert = _load(path)
        stem_of_file = path.name[: -len(".cert.json")]
        res_path = src / f"{stem_of_file}.result.json"
        result = _load(res_path) if res_path.is_file() else None
        stem = _stem((cert.get("case") or {}).get("id") or stem_of_file, used)
        (out / f"{stem}.tex").write_text(case_latex(cert, result=result), encoding="utf-8", newline="\n")
        names.append(stem)
    if not names:
        raise ReportError(f"{src}: no certificates (*.cert.json)")
    doc = PREAMBLE + "".join(f"\\input{{{n}.tex}}\n" for n in names) + "\\end{document}\n"
    (out / "appendix.tex").write_text(doc, encoding="utf-8", newline="\n")
    return len(names)


def document(fragments):
    """A complete LaTeX document of case fragments (for one-off use, e.g. from Python)."""
    return PREAMBLE + "\n".join(fragments) + "\\end{document}\n"
