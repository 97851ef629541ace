"""From checked facts to the value and the verdict (CONTRACTS.md section 4).

Nothing here computes on matrices beyond reading shapes and entries: ranks, determinants and
inertias come only from facts that `rules` established.  Whatever cannot be settled from the facts
gives UNKNOWN (for a statement) or a rejection (for an expression a certificate relies on).
"""

from fractions import Fraction

from ..errors import CertificateError
from .exact import decode_entry, encode_entry, is_scalar, is_zero, scalar_text


class Facts:
    """The facts established by the checked obligations of one certificate."""

    def __init__(self, objects):
        self.objects = objects
        self.rank_lb, self.rank_ub = {}, {}
        self.det, self.inertia, self.detbool = {}, {}, {}
        self.solvable, self.equal, self.labels = {}, set(), set()

    def add(self, fact, label=None):
        kind, name = fact[0], fact[1]
        if kind == "rank_ge":
            self.rank_lb[name] = max(self.rank_lb.get(name, 0), fact[2])
        elif kind == "rank_le":
            self.rank_ub[name] = min(self.rank_ub.get(name, fact[2]), fact[2])
        elif kind in ("det", "inertia", "detbool"):
            table = getattr(self, kind)
            if name in table and table[name] != fact[2]:
                raise CertificateError(kind, f"contradictory facts for {name}")
            table[name] = fact[2]
        elif kind == "solvable":
            self.solvable[(name, fact[2])] = fact[3]
        elif kind == "equal":
            self.equal.update({(fact[1], fact[2]), (fact[2], fact[1])})
        if label is not None:
            if not isinstance(label, str):
                raise CertificateError("format", f"label must be a string, got {label!r}")
            self.labels.add(label)

    def bounds(self, name):
        M = self.objects[name]
        lb = self.rank_lb.get(name, 0)
        ub = min(self.rank_ub.get(name, M.nrows), M.nrows, M.ncols)
        if name in self.det and self.det[name] != 0:
            lb = max(lb, M.nrows)
        if name in self.det and self.det[name] == 0:
            ub = min(ub, M.nrows - 1)
        if lb > ub:
            raise CertificateError("rank", f"contradictory rank bounds for {name}: {lb} > {ub}")
        return lb, ub

    def exact_rank(self, name):
        lb, ub = self.bounds(name)
        if lb != ub:
            raise CertificateError("rank", f"rank of {name} is only known to lie in {lb}..{ub}")
        return lb


# ---------------------------------------------------------------------------------- expressions
_CMP = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
}


def _name(facts, x):
    if not isinstance(x, str) or x not in facts.objects:
        raise CertificateError("expression", f"no problem object named {x!r}")
    return x


def _known(table, facts, name, what):
    name = _name(facts, name)
    if name not in table:
        raise CertificateError("expression", f"no checked {what} for {name}")
    return table[name]


def evaluate(expr, facts):
    """Evaluate an expression exactly on the facts (CONTRACTS.md section 4)."""
    if isinstance(expr, bool):
        return expr
    if isinstance(expr, (int, str)):
        return decode_entry(expr, "expression literal")
    if isinstance(expr, list):
        return [evaluate(e, facts) for e in expr]
    if not isinstance(expr, dict) or len(expr) != 1:
        raise CertificateError("expression", f"malformed expression {expr!r}")
    (op, arg), = expr.items()
    ev = lambda e: evaluate(e, facts)  # noqa: E731
    if op == "rank":
        return facts.exact_rank(_name(facts, arg))
    if op == "rank_lb":
        return facts.bounds(_name(facts, arg))[0]
    if op == "rank_ub":
        return facts.bounds(_name(facts, arg))[1]
    if op == "det":
        return _known(facts.det, facts, arg, "determinant")
    if op == "inertia":
        return list(_known(facts.inertia, facts, arg, "inertia"))
    if op == "detbool":
        return _known(facts.detbool, facts, arg, "detbool")
    if op == "solvable":
        key = (_name(facts, arg[0]), _name(facts, arg[1]))
        if key not in facts.solvable:
            raise CertificateError("expression", f"no checked solve/inconsistent for {key}")
        return facts.solvable[key]
    if op == "equal":
        a, b = _name(facts, arg[0]), _name(facts, arg[1])
        return (a, b) in facts.equal or facts.objects[a] == facts.objects[b]
    if op == "is_zero":
        return is_zero(facts.objects[_name(facts, arg)])
    if op == "fact":
        if arg not in facts.labels:
            raise CertificateError("expression", f"no checked obligation carries the label {arg!r}")
        return True
    if op == "entry":
        M = facts.objects[_name(facts, arg[0])]
        i, j = arg[1], arg[2]
        if not (isinstance(i, int) and isinstance(j, int) and 0 <= i < M.nrows and 0 <= j < M.ncols):
            raise CertificateError("expression", f"entry index out of range: {arg!r}")
        return M.rows[i][j]
    if op == "nrows":
        return facts.objects[_name(facts, arg)].nrows
    if op == "ncols":
        return facts.objects[_name(facts, arg)].ncols
    if op == "add":
        return sum((ev(e) for e in arg), 0)
    if op == "mul":
        out = 1
        for e in arg:
            out = out * ev(e)
        return out
    if op == "sub":
        return ev(arg[0]) - ev(arg[1])
    if op == "neg":
        return -ev(arg)
    if op in ("min", "max"):
        vals = [ev(e) for e in arg]
        return min(vals) if op == "min" else max(vals)
    if op == "index":
        return ev(arg[0])[arg[1]]
    if op in _CMP:
        a, b = ev(arg[0]), ev(arg[1])
        if op not in ("eq", "ne") and not (is_scalar(a) and is_scalar(b)):
            raise CertificateError("expression", f"'{op}' compares numbers only")
        return _CMP[op](a, b)
    if op == "and":
        return all(_truth(ev(e)) for e in arg)
    if op == "or":
        return any(_truth(ev(e)) for e in arg)
    if op == "not":
        return not _truth(ev(arg))
    if op == "implies":
        return (not _truth(ev(arg[0]))) or _truth(ev(arg[1]))
    raise CertificateError("expression", f"unknown operator {op!r}")


def _truth(v):
    if not isinstance(v, bool):
        raise CertificateError("expression", f"a condition must be true or false, got {v!r}")
    return v


def to_json(v):
    """JSON form of an evaluated value (exact numbers as in CONTRACTS.md section 2)."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    return encode_entry(v)


# ---------------------------------------------------------------------------------- decisions
def _settle(confirmed, refuted):
    if confirmed and refuted:
        raise CertificateError("verdict", "facts both confirm and refute the statement")
    return "CONFIRMED" if confirmed else "REFUTED" if refuted else "UNKNOWN"


def _rank_statement(stmt, lb, ub, full):
    """Verdict of a rank statement given certified bounds lb <= rank <= ub."""
    if stmt == "full":
        return _settle(lb >= full, ub < full)
    if stmt == "deficient":
        return _settle(ub < full, lb >= full)
    if isinstance(stmt, int) and not isinstance(stmt, bool):
        return _settle(lb == ub == stmt, lb > stmt or ub < stmt)
    if isinstance(stmt, str):
        op, _, num = stmt.strip().partition(" ")
        if op in (">=", "<=") and num.strip().isdigit():
            r = int(num)
            if op == ">=":
                return _settle(lb >= r, ub < r)
            return _settle(ub <= r, lb > r)
    raise CertificateError("verdict", f"unsupported rank statement {stmt!r}")


_DEFINITE = {
    "pd": lambda p, n, z: n == 0 and z == 0, "psd": lambda p, n, z: n == 0,
    "nd": lambda p, n, z: p == 0 and z == 0, "nsd": lambda p, n, z: p == 0,
    "indefinite": lambda p, n, z: p > 0 and n > 0,
}


def _sides(kind, r, shape):
    """Both sides of a rank inequality (lhs >= rhs) from exact ranks `r`."""
    if kind == "sylvester":
        return r["AC"], r["A"] + r["C"] - shape("A")[1]
    if kind == "frobenius":
        return r["ABC"] + r["B"], r["AB"] + r["BC"]
    if kind == "combined":
        return r["ABC"], r["A"] + r["B"] + r["C"] - shape("A")[1] - shape("B")[1]
    raise CertificateError("verdict", f"unknown inequality {kind!r}")


def decide(cert, facts):
    """(value, verdict) of a certificate from its checked facts."""
    check, expect = cert.get("check"), cert.get("expect") or {}
    objects = facts.objects
    if check in ("rank", "generic_rank", "rank_at"):
        name = "M_at" if check == "rank_at" else "M"
        M = objects[name]
        lb, ub = facts.bounds(name)
        value = {"rank": lb} if lb == ub else {"rank_bounds": [lb, ub]}
        if "rank" not in expect:
            return value, ("COMPUTED" if lb == ub else "UNKNOWN")
        return value, _rank_statement(expect["rank"], lb, ub, min(M.nrows, M.ncols))
    if check == "determinant":
        n = objects["M"].nrows
        det = facts.det.get("M")
        value = {"det": scalar_text(det) if is_scalar(det) else det.to_text()} if det is not None else {}
        if "det" not in expect:
            return value, ("COMPUTED" if det is not None else "UNKNOWN")
        want = expect["det"]
        if want == "nonzero":
            lb, ub = facts.bounds("M")
            verdict = _settle(lb == n, ub < n)
            return value or {"det": "nonzero" if lb == n else "0" if ub < n else "unknown"}, verdict
        if det is None:
            return value, "UNKNOWN"
        return value, ("CONFIRMED" if det == decode_entry(want, "expect.det") else "REFUTED")
    if check == "inertia":
        inertia = facts.inertia.get("M")
        if inertia is None:
            return {}, "UNKNOWN"
        value = {"inertia": list(inertia)}
        if "inertia" in expect:
            return value, ("CONFIRMED" if list(expect["inertia"]) == list(inertia) else "REFUTED")
        if "definiteness" in expect:
            test = _DEFINITE.get(expect["definiteness"])
            if test is None:
                raise CertificateError("verdict", f"unknown definiteness {expect['definiteness']!r}")
            return value, ("CONFIRMED" if test(*inertia) else "REFUTED")
        return value, "COMPUTED"
    if check == "boolean_determinant":
        v = facts.detbool.get("M")
        if v is None:
            return {}, "UNKNOWN"
        if "detbool" in expect:
            return {"detbool": v}, ("CONFIRMED" if expect["detbool"] == v else "REFUTED")
        return {"detbool": v}, "COMPUTED"
    if check == "rank_inequality":
        kind = cert.get("params", {}).get("inequality")
        names = {"sylvester": ["A", "C", "AC"]}.get(kind, ["A", "B", "C", "AB", "BC", "ABC"])
        ranks = {n: facts.exact_rank(n) for n in names}
        lhs, rhs = _sides(kind, ranks, lambda n: objects[n].shape)
        value = {"lhs": lhs, "rhs": rhs, "holds": lhs >= rhs, "tight": lhs == rhs, "ranks": ranks}
        wanted = [(k, expect[k]) for k in ("holds", "tight") if k in expect]
        if not wanted:
            return value, "COMPUTED"
        return value, ("CONFIRMED" if all(value[k] == v for k, v in wanted) else "REFUTED")
    if check == "claim":
        conclusion = cert.get("conclusion") or {}
        holds = _truth(evaluate(conclusion.get("predicate"), facts))
        value = {"holds": holds}
        for key, expr in (conclusion.get("report") or {}).items():
            value[key] = to_json(evaluate(expr, facts))
        want = expect.get("verdict")
        if want is None:
            return value, "COMPUTED"
        if want not in ("confirmed", "refuted"):
            raise CertificateError("verdict", f"expect.verdict must be confirmed or refuted, got {want!r}")
        return value, ("CONFIRMED" if holds == (want == "confirmed") else "REFUTED")
    raise CertificateError("verdict", f"unknown check {check!r}")


__all__ = ["Facts", "evaluate", "decide", "to_json", "Fraction"]
