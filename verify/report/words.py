"""Plain-text wording of certificates and result records (CONTRACTS.md sections 3, 4 and 7).

Everything here reads JSON data (as written by the pipeline) and returns text; nothing is
recomputed and nothing here takes part in a verdict.  The functions are tolerant of missing keys:
a report must be written even for a half-filled record (ERROR cases have no certificate).
"""

import re

VERDICTS = ("CONFIRMED", "REFUTED", "COMPUTED", "UNKNOWN", "ERROR")

VERDICT_MEANING = {
    "CONFIRMED": "the statement holds, and its certificate passed the independent checker",
    "REFUTED": "the statement is false, and a certificate of the negation passed the independent checker",
    "COMPUTED": "no statement was given; the computed value's certificate passed the independent checker",
    "UNKNOWN": "neither the statement nor its negation could be certified within the limits",
    "ERROR": "the case itself is malformed, or could not be run",
}

OTHER_PAPER = ("other", "other")

CHECK_WORDS = {
    "rank": "exact rank over Q",
    "generic_rank": "generic rank over the field of rational functions",
    "rank_at": "exact rank after substituting a point",
    "determinant": "exact determinant",
    "inertia": "inertia (n+, n-, n0)",
    "boolean_determinant": "Boolean determinant (perfect matching of the support)",
    "rank_inequality": "both sides of a rank inequality, exactly",
    "claim": "a paper statement on this instance",
}


def paper_of(result):
    """(key, label) of the paper a result belongs to: claim-id prefix, else the source's file number."""
    from ..papers import paper_of_claim, paper_of_source

    paper = paper_of_claim(result.get("claim")) or paper_of_source(result.get("source"))
    return (paper.prefix, paper.label) if paper else OTHER_PAPER


# ------------------------------------------------------------------------------ exact values
def is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def scalar_text(x):
    """Text of a JSON scalar: int, "p/q" string (shown as is), bool, or anything else via str."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if x is None:
        return "-"
    return str(x)


def monomial_text(mono):
    """{"x": 1, "y": 2} -> "x*y^2" (variables sorted by name)."""
    parts = []
    for v in sorted(mono):
        e = mono[v]
        parts.append(str(v) if e == 1 else f"{v}^{e}")
    return "*".join(parts)


def entry_text(x):
    """Plain text of a JSON-encoded entry (section 2): 3, "-1/2", {"poly": [[c, {x: e}], ...]}."""
    if isinstance(x, dict) and isinstance(x.get("poly"), list):
        out = ""
        for k, term in enumerate(x["poly"]):
            try:
                c, mono = term
            except (TypeError, ValueError):
                return str(x)
            c = scalar_text(c)
            neg = c.startswith("-")
            mag = c[1:] if neg else c
            mono_t = monomial_text(mono) if isinstance(mono, dict) and mono else ""
            if mono_t:
                term_t = mono_t if mag == "1" else f"{mag}*{mono_t}"
            else:
                term_t = mag
            if k == 0:
                out = ("-" if neg else "") + term_t
            else:
                out += (" - " if neg else " + ") + term_t
        return out or "0"
    return scalar_text(x)


def is_matrix(obj):
    """A JSON-encoded matrix {"shape": [m, n], "rows": [[...]]} with consistent rows."""
    if not isinstance(obj, dict):
        return False
    shape, rows = obj.get("shape"), obj.get("rows")
    if not (isinstance(shape, list) and len(shape) == 2 and all(is_int(k) for k in shape)):
        return False
    return isinstance(rows, list) and len(rows) == shape[0] and all(
        isinstance(r, list) and len(r) == shape[1] for r in rows)


def matrix_text(obj, indent=""):
    """Plain-text matrix with right-aligned columns, one bracketed line per row."""
    m, n = obj["shape"]
    if m == 0 or n == 0:
        return f"{indent}(empty {m} x {n} matrix)"
    cells = [[entry_text(x) for x in r] for r in obj["rows"]]
    widths = [max(len(cells[i][j]) for i in range(m)) for j in range(n)]
    lines = []
    for row in cells:
        lines.append(indent + "[ " + "  ".join(c.rjust(w) for c, w in zip(row, widths)) + " ]")
    return "\n".join(lines)


def shape_text(shape):
    if isinstance(shape, list) and len(shape) == 2:
        return f"{shape[0]}×{shape[1]}"
    return "?"


def short(text, limit=60):
    """Abbreviate a long value (e.g. a 300-digit determinant) keeping both ends and the length."""
    text = str(text)
    if len(text) <= limit:
        return text
    keep = max(8, (limit - 20) // 2)
    return f"{text[:keep]}…{text[-keep:]} ({len(text)} characters)"


def index_list(idx, limit=16):
    """0-based indices shown 1-based, as in the papers: [0,1,2,3,5,7,8,9] -> "{1–4, 6, 8–10}",
    at most `limit` runs, then "… (N in all)"."""
    if not isinstance(idx, list):
        return str(idx)
    if not all(is_int(i) for i in idx):
        return ", ".join(map(str, idx))
    runs = []
    for i in (k + 1 for k in idx):
        if runs and runs[-1][1] + 1 == i:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    parts = [str(a) if a == b else (f"{a}, {b}" if b == a + 1 else f"{a}–{b}") for a, b in runs]
    text = ", ".join(parts[:limit])
    if len(parts) > limit:
        text += f", … ({len(idx)} in all)"
    return "{" + text + "}"


def perm_text(perm, limit=24):
    """A 0-based permutation as "identity" or its 1-based image list [3, 1, 2, …]."""
    if not isinstance(perm, list):
        return str(perm)
    if perm == list(range(len(perm))):
        return f"identity (of size {len(perm)})"
    more = f", … ({len(perm)} in all)" if len(perm) > limit else ""
    return "[" + ", ".join(str(k + 1) if is_int(k) else str(k) for k in perm[:limit]) + more + "]"


def point_text(point):
    if not isinstance(point, dict) or not point:
        return ""
    return ", ".join(f"{v} = {entry_text(point[v])}" for v in sorted(point))


# ------------------------------------------------------------------------------ statements
def _obj_shape(cert, name):
    objs = (cert or {}).get("objects") or {}
    shape = (objs.get(name) or {}).get("shape")
    if isinstance(shape, list) and len(shape) == 2 and all(is_int(k) for k in shape):
        return shape
    return None


def _rank_name(check):
    return "M_at" if check == "rank_at" else "M"


def expect_text(result, cert=None):
    """The `expect` statement in words, e.g. "rank of M equals min(m, n) = 9 (full rank)"."""
    expect = result.get("expect")
    if expect is None and cert:
        expect = cert.get("expect")
    check = result.get("check") or (cert or {}).get("check")
    if not expect:
        return "no statement given: the value is computed"
    if not isinstance(expect, dict):
        return f"expect: {expect}"
    parts = []
    for key, want in expect.items():
        parts.append(_expect_one(check, key, want, result, cert))
    return "; ".join(parts)


def _expect_one(check, key, want, result, cert):
    if key == "rank":
        name = _rank_name(check)
        shape = _obj_shape(cert, name)
        mn = min(shape) if shape else None
        params = (cert or {}).get("params") or result.get("params") or {}
        at = point_text(params.get("point")) if isinstance(params, dict) else ""
        what = {"generic_rank": f"generic rank of {name} (over the rational functions)",
                "rank_at": f"rank of {name} (M at the point {at or 'given in the case'})"}.get(check, f"rank of {name}")
        if want == "full":
            return f"{what} equals min(m, n)" + (f" = {mn} (full rank)" if mn is not None else " (full rank)")
        if want == "deficient":
            return f"{what} is less than min(m, n)" + (f" = {mn}" if mn is not None else "") + " (rank deficient)"
        if isinstance(want, str):
            m = re.fullmatch(r"\s*(>=|<=|≥|≤)\s*(\d+)\s*", want)
            if m:
                op = "at least" if m.group(1) in (">=", "≥") else "at most"
                return f"{what} is {op} {m.group(2)}"
        tail = " (full rank)" if is_int(want) and mn is not None and want == mn else ""
        return f"{what} equals {scalar_text(want)}{tail}"
    if key == "det":
        if want == "nonzero":
            return "det(M) ≠ 0 (M is nonsingular)"
        return f"det(M) = {short(entry_text(want))}"
    if key == "inertia":
        if isinstance(want, list) and len(want) == 3:
            return "inertia of M (n₊, n₋, n₀) = ({}, {}, {})".format(*map(scalar_text, want))
        return f"inertia of M = {want}"
    if key == "definiteness":
        words = {"pd": "positive definite (all eigenvalues > 0)",
                 "psd": "positive semidefinite (no eigenvalue < 0)",
                 "nd": "negative definite (all eigenvalues < 0)",
                 "nsd": "negative semidefinite (no eigenvalue > 0)",
                 "indefinite": "indefinite (eigenvalues of both signs)"}
        return f"M is {words.get(want, want)}"
    if key == "detbool":
        if want in (1, "1"):
            return "DetBool(M) = 1: the support of M has a perfect matching"
        if want in (0, "0"):
            return "DetBool(M) = 0: the support of M has no perfect matching"
        return f"DetBool(M) = {want}"
    if key in ("holds", "tight"):
        ineq = _inequality(result, cert)
        if key == "holds":
            return f"{ineq} {'holds' if want else 'fails'}"
        return f"{ineq} is {'tight (equality)' if want else 'not tight (strict)'}"
    if key == "verdict":
        if str(want).lower() == "confirmed":
            return "the case expects the paper's statement to hold on this instance"
        if str(want).lower() == "refuted":
            return "the case expects the paper's statement to fail on this instance (a counterexample)"
    return f"{key}: {want}"


INEQUALITIES = {
    "sylvester": "the Sylvester inequality rank(AC) ≥ rank A + rank C − n",
    "frobenius": "the Frobenius inequality rank(ABC) + rank B ≥ rank AB + rank BC",
    "combined": "the inequality rank(ABC) ≥ rank A + rank B + rank C − n₁ − n₂",
}


def _inequality(result, cert):
    for src in (result, (result.get("params") or {}), cert or {}, (cert or {}).get("params") or {}):
        name = src.get("inequality") if isinstance(src, dict) else None
        if name:
            return INEQUALITIES.get(name, f"the {name} inequality")
    return "the rank inequality"


# ------------------------------------------------------------------------------ values
VALUE_ORDER = ("rank", "det", "inertia", "detbool", "holds", "tight", "lhs", "rhs")


def value_text(value, limit=60):
    """Compact words for a `value`: {"rank": 9} -> "rank 9", {"inertia": [3,0,6]} -> "inertia (3, 0, 6)"."""
    if value is None or value == {}:
        return "—"
    if isinstance(value, list):
        return "(" + ", ".join(value_text(x, limit) for x in value) + ")"
    if not isinstance(value, dict):
        return short(entry_text(value), limit)
    parts = []
    for k in sorted(value, key=lambda k: (VALUE_ORDER.index(k) if k in VALUE_ORDER else len(VALUE_ORDER), k)):
        v = value[k]
        if k == "inertia" and isinstance(v, list):
            parts.append("inertia (" + ", ".join(map(scalar_text, v)) + ")")
        elif k == "det":
            parts.append("det = " + short(entry_text(v), limit))
        elif k == "detbool":
            parts.append(f"DetBool = {scalar_text(v)}")
        elif isinstance(v, dict):
            parts.append(f"{k}: " + ", ".join(f"{a} = {value_text(b, limit)}" for a, b in v.items()))
        elif isinstance(v, list):
            parts.append(f"{k} = (" + ", ".join(short(entry_text(x), limit) for x in v) + ")")
        else:
            parts.append(f"{k} = {short(entry_text(v), limit)}")
    return "; ".join(parts)


# ------------------------------------------------------------------------------ expressions
# operator -> (infix text, precedence); a child is parenthesised when it binds less tightly.
_INFIX = {"implies": (" ⇒ ", 1), "or": (" ∨ ", 2), "and": (" ∧ ", 3),
          "eq": (" = ", 4), "ne": (" ≠ ", 4), "lt": (" < ", 4), "le": (" ≤ ", 4), "gt": (" > ", 4),
          "ge": (" ≥ ", 4), "add": (" + ", 5), "sub": (" − ", 5), "mul": ("·", 6)}
_FUNC = {"rank": "rank", "rank_lb": "rank_lb", "rank_ub": "rank_ub", "det": "det", "inertia": "inertia",
         "detbool": "DetBool", "is_zero": "is_zero", "nrows": "nrows", "ncols": "ncols"}


def expr_text(e, parent=0):
    """Infix text of a kernel expression (CONTRACTS.md section 4), e.g. "rank(P) ≥ 2·rank(Phi) − 1"."""
    if isinstance(e, bool) or e is None or not isinstance(e, (dict, list)):
        return scalar_text(e)
    if isinstance(e, list):
        return "[" + ", ".join(expr_text(x) for x in e) + "]"
    if len(e) != 1:
        return str(e)
    (op, arg), = e.items()
    if op == "fact":
        return f"fact “{arg}”"
    if op in _FUNC:
        return f"{_FUNC[op]}({arg})"
    args = arg if isinstance(arg, list) else [arg]
    if op in _INFIX:
        sym, prec = _INFIX[op]
        # left-associative: a right operand of equal precedence keeps its parentheses (a − (b − c))
        parts = [expr_text(a, prec if k == 0 or op in ("add", "mul", "and", "or") else prec + 1)
                 for k, a in enumerate(args)]
        text = sym.join(parts)
        return f"({text})" if prec < parent else text
    if op in ("neg", "not"):
        return ("−" if op == "neg" else "¬") + expr_text(arg, 7)
    if op == "entry" and len(args) == 3:
        return f"{args[0]}[{args[1]}, {args[2]}]"
    if op == "index" and len(args) == 2:
        return f"{expr_text(args[0], 8)}[{expr_text(args[1])}]"
    return f"{op}(" + ", ".join(expr_text(a) for a in args) + ")"


# ------------------------------------------------------------------------------ obligations
def obligation_text(ob, cert=None):
    """One line saying, in words, what the kernel re-checked for this obligation."""
    if not isinstance(ob, dict):
        return f"(unreadable obligation {ob!r})"
    rule = ob.get("rule", "?")
    name = ob.get("matrix", "M")
    at = point_text(ob.get("point"))
    at = f", at the point {at}" if at else ""
    p = ob.get("prime")
    modp = f"mod p = {p}" if p is not None else "mod p"
    label = f" [fact “{ob['label']}”]" if ob.get("label") else ""
    if rule == "rank_ge":
        r = ob.get("r")
        return (f"rank({name}) ≥ {r}: rows {index_list(ob.get('rows'))}, cols {index_list(ob.get('cols'))}; "
                f"the {r}×{r} minor is nonzero {modp}{at}{label}")
    if rule == "rank_le":
        r = ob.get("r")
        side = ob.get("side")
        basis = ob.get("basis")
        if side == "trivial" or not is_matrix(basis):
            shape = _obj_shape(cert, name)
            mn = f" = min{tuple(shape)}" if shape else ""
            return f"rank({name}) ≤ {r}: trivially, a matrix has rank at most min(m, n){mn}{label}"
        k = basis["shape"][1] if side == "right" else basis["shape"][0]
        minor = (f"whose rows {index_list(ob.get('basis_rows'))} (cols {index_list(ob.get('basis_cols'))}) "
                 f"form a nonsingular {k}×{k} block {modp}{at}")
        if side == "left":
            minor = (f"whose cols {index_list(ob.get('basis_cols'))} (rows {index_list(ob.get('basis_rows'))}) "
                     f"form a nonsingular {k}×{k} block {modp}{at}")
            return (f"rank({name}) ≤ {r}: N·{name} = 0 for an exact {shape_text(basis['shape'])} left kernel "
                    f"basis N, {minor}{label}")
        F = ob.get("factor")
        if is_matrix(F):
            return (f"rank({name}) ≤ {r}: {name}·N = 0 for the kernel basis N = F·N0, checked as ({name}·F)·N0 = 0 "
                    f"with an exact {shape_text(F['shape'])} factor F and {shape_text(basis['shape'])} N0; the "
                    f"rows {index_list(ob.get('basis_rows'))} (cols {index_list(ob.get('basis_cols'))}) of F·N0 "
                    f"form a nonsingular {k}×{k} block {modp}{at}{label}")
        return (f"rank({name}) ≤ {r}: {name}·N = 0 for an exact {shape_text(basis['shape'])} kernel basis N, "
                f"{minor}{label}")
    if rule == "det":
        return f"det({name}) = {short(entry_text(ob.get('value')))}, recomputed exactly{label}"
    if rule == "det_residues":
        how = ("a nonzero kernel vector z with A·z = 0" if "null" in ob else
               f"residues mod {len(ob.get('primes') or [])} prime{'' if len(ob.get('primes') or []) == 1 else 's'} "
               "beyond the Hadamard bound"
               + (", over a divisor s′ of det taken from one solution A·y = s·b" if "s" in ob else ""))
        return f"det({name}) = {short(entry_text(ob.get('value')))}: from {how}{label}"
    if rule == "det_fraction":
        return (f"det({name}) / ({short(entry_text(ob.get('scale')))}) = ({short(entry_text(ob.get('num')))}) / "
                f"({short(entry_text(ob.get('den')))}), common factor ({short(entry_text(ob.get('gcd')))}) checked{label}")
    if rule == "inertia":
        value = ob.get("value")
        val = "({}, {}, {})".format(*map(scalar_text, value)) if isinstance(value, list) and len(value) == 3 else str(value)
        if "U" in ob:
            u = ob.get("U") or {}
            return (f"inertia({name}) = (n₊, n₋, n₀) = {val}: for the permutation P = {perm_text(ob.get('perm'))} "
                    f"and an integer {shape_text(u.get('shape'))} matrix U, block upper triangular with nonsingular "
                    f"diagonal blocks (so invertible), Uᵀ (q·Pᵀ {name} P) U has zero rows where its diagonal is "
                    f"zero and is strictly diagonally dominant elsewhere; the signs of its diagonal give the "
                    f"inertia (Sylvester's law of inertia){label}")
        return (f"inertia({name}) = (n₊, n₋, n₀) = {val}: Pᵀ {name} P = L D Lᵀ with P the permutation "
                f"{perm_text(ob.get('perm'))}, L unit lower triangular, D = {d_blocks_text(ob)}; "
                f"the signs are counted block by block (Sylvester's law of inertia){label}")
    if rule == "detbool":
        if ob.get("matching") is not None:
            m = ob["matching"]
            pairs = ", ".join(f"{i + 1}→{j + 1 if is_int(j) else j}" for i, j in enumerate(m[:16])) \
                if isinstance(m, list) else str(m)
            more = f", … ({len(m)} in all)" if isinstance(m, list) and len(m) > 16 else ""
            return (f"DetBool({name}) = 1: perfect matching row → column {pairs}{more}; "
                    f"every matched entry is nonzero{label}")
        rows = ob.get("hall_rows") or []
        cols = ob.get("hall_cols")
        k = len(rows) if isinstance(rows, list) else "?"
        if isinstance(cols, list):
            see = f"see only columns {index_list(cols)} ({len(cols)} < {k})"
        else:
            see = f"have nonzero entries in fewer than {k} columns"
        return f"DetBool({name}) = 0: Hall violator, the {k} rows {index_list(rows)} {see}{label}"
    if rule == "solve":
        x = ob.get("x")
        xs = f" for an exact {shape_text(x['shape'])} solution x" if is_matrix(x) else ""
        return f"{name}·x = {_name(ob.get('rhs'))} exactly{xs}: the system is solvable{label}"
    if rule == "inconsistent":
        return (f"yᵀ{name} = 0 and yᵀ{_name(ob.get('rhs'))} ≠ 0 for an exact vector y: "
                f"the system {name}·x = {_name(ob.get('rhs'))} has no solution{label}")
    if rule == "equal":
        return f"{_name(ob.get('lhs'))} = {_name(ob.get('rhs'))}, entry by entry{label}"
    if rule == "sturm":
        return f"{RULE_NOUNS['sturm'][0]}: a root count of a polynomial on an interval, by Sturm's theorem{label}"
    keys = ", ".join(f"{k}" for k in sorted(ob) if k not in ("rule", "label"))
    return f"{rule}: checked by the kernel rule of that name (fields: {keys}){label}"


# rule -> (one, many): the noun of an obligation of that rule, used when obligations are grouped
RULE_NOUNS = {"rank_ge": ("rank lower bound", "rank lower bounds"),
              "rank_le": ("rank upper bound", "rank upper bounds"),
              "det": ("determinant", "determinants"), "det_residues": ("determinant", "determinants"),
              "inertia": ("inertia fact", "inertia facts"),
              "detbool": ("Boolean determinant", "Boolean determinants"),
              "solve": ("solvable system", "solvable systems"),
              "inconsistent": ("inconsistent system", "inconsistent systems"),
              "equal": ("equality", "equalities"),
              "sturm": ("Sturm sequence fact", "Sturm sequence facts")}
GROUP_AT = 3        # a rule with at least this many obligations is shown as one group
GROUP_SHOWN = 6     # ... of which this many are spelled out


def group_obligations(texts_rules):
    """[(text, rule)] -> [(heading or None, [texts])]: a rule with GROUP_AT or more obligations
    becomes one group "8 Sturm sequence facts" (in first-seen order) listing the distinct texts
    (identical ones once, with a count), at most GROUP_SHOWN of them; the others stay single."""
    counts = {}
    for _, rule in texts_rules:
        counts[rule] = counts.get(rule, 0) + 1
    out, seen = [], {}
    for text, rule in texts_rules:
        if counts[rule] < GROUP_AT:
            out.append((None, [text]))
            continue
        if rule not in seen:
            one, many = RULE_NOUNS.get(rule, (f"{rule} fact", f"{rule} facts"))
            seen[rule] = (f"{counts[rule]} {many}", {})
            out.append((rule, seen[rule]))
        seen[rule][1][text] = seen[rule][1].get(text, 0) + 1
    result = []
    for head, body in out:
        if head is None:
            result.append((None, body))
            continue
        title, distinct = body
        lines = [t if n == 1 else f"{t} (×{n})" for t, n in distinct.items()]
        more = len(lines) - GROUP_SHOWN
        lines = lines[:GROUP_SHOWN] + ([f"… and {more} more of this kind (in the certificate)"] if more > 0 else [])
        result.append((title, lines))
    return result


def _name(x):
    if isinstance(x, str):
        return x
    if is_matrix(x):
        return f"the given {shape_text(x['shape'])} matrix"
    return "b"


def d_blocks_text(ob, limit=12):
    """D of an inertia obligation as diag(d1, d2, [a b; b c], ...) from its `blocks` sizes."""
    D, blocks = ob.get("D"), ob.get("blocks")
    if not is_matrix(D) or not isinstance(blocks, list):
        return "block diagonal"
    rows, out, i = D["rows"], [], 0
    try:
        for size in blocks:
            if size == 1:
                out.append(entry_text(rows[i][i]))
            else:
                a, b = rows[i][i], rows[i][i + 1]
                c, d = rows[i + 1][i], rows[i + 1][i + 1]
                out.append(f"[{entry_text(a)} {entry_text(b)}; {entry_text(c)} {entry_text(d)}]")
            i += size
    except (IndexError, TypeError):
        return "block diagonal"
    more = f", … ({len(out)} blocks)" if len(out) > limit else ""
    return "diag(" + ", ".join(short(t, 40) for t in out[:limit]) + more + ")"


OBLIGATION_MATRICES = ("basis", "L", "D", "x", "y", "rhs", "lhs", "value")


def obligation_matrices(ob):
    """[(label, matrix-json)] of the matrices carried in an obligation, in a fixed order."""
    out = []
    if not isinstance(ob, dict):
        return out
    for key in OBLIGATION_MATRICES:
        if is_matrix(ob.get(key)):
            label = {"basis": "N (kernel basis)"}.get(key, key)
            out.append((label, ob[key]))
    return out


# ------------------------------------------------------------------------------ trusted base
def trusted_base(result, cert=None):
    """The list of modules a reader must trust for this verdict, in words."""
    check = result.get("check") or (cert or {}).get("check")
    claim = result.get("claim") or (cert or {}).get("claim")
    base = ["verify/kernel/: the independent checker (exact arithmetic, the certificate rules, "
            "the verdict rules); it uses the standard library only"]
    if check == "claim" or claim:
        base.append(f"the build function of claim {claim or '?'} (in verify/claims/), which constructs "
                    "the problem objects from the parameters without any engine")
    base.append("verify/cases/: the case loader, which turns the case file into exact matrices")
    return base
