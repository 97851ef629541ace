"""Statements: what a case asserts, evaluated on the facts the checked obligations established.

A statement is JSON data computed by trusted code from the case (never read from a certificate):

    {"predicate": EXPR | null,            the assertion; null: the case only computes values
     "polarity": "confirmed" | "refuted" | null,
                                          what the case expects of the predicate (null: no expect)
     "quantifier": null | "exists" | "forall",
                                          null: the predicate is about the instance the case fixes;
                                          "exists": about a witness, and only its truth counts;
                                          "forall": about a candidate counterexample, and only its
                                          falsity counts
     "report": {NAME: EXPR, ...},         values shown in the result
     "value_holds": bool}                 whether the predicate's truth is part of the value

Evaluation is three-valued.  An atom that the facts do not settle is UNKNOWN (never guessed, never
read as false); a rank is an interval [lower, upper] of certified bounds; comparisons and the
connectives follow Kleene's strong logic (`and` is false as soon as one part is false, unknown when
none is false and one is unknown).  So a statement is CONFIRMED or REFUTED only when the facts
decide it, and is UNKNOWN, with the undecided atoms named, otherwise.

Expressions (JSON):
  literals       an int, a "p/q" string (an exact rational), {"poly": ...} (CONTRACTS.md), true, false
  facts          {"rank": M} (an interval), {"det": M}, {"det_nonzero": M}, {"inertia": M},
                 {"det_fraction": [N, S]} (text of det(N) / S, from `ratfunc`),
                 {"detbool": M}, {"solvable": [A, b]}, {"solution": [A, b]} (the checked solution),
                 {"kernel_basis": M} (a checked basis of the right kernel, when the rank is exact),
                 {"log_rank": E} (rank of the entrywise logarithm of E, from `logdet`)
  direct         {"equal": [A, B]}, {"is_zero": M}, {"entry": [M, i, j]} (0-based), {"nrows": M},
                 {"ncols": M}, {"object": M}, {"positive_on" | "negative_on" | "nonzero_on":
                 [M, variable, lo, hi, lo_closed, hi_closed]} (the 1 x 1 polynomial M on an
                 interval, decided by Sturm's theorem in `sturm`)
  arithmetic     {"add": [..]}, {"sub": [a, b]}, {"mul": [..]}, {"div": [a, c]} (c a nonzero
                 number), {"neg": a}, {"min": [..]}, {"max": [..]}, {"index": [list, i]}
  comparisons    {"eq" | "ne" | "lt" | "le" | "gt" | "ge": [a, b]}
  logic          {"and": [..]}, {"or": [..]}, {"not": a}, {"implies": [a, b]}
  structure      [..] (a list), {"record": {NAME: EXPR}}, {"text": a} (canonical text of a number
                 or polynomial), {"undecided": "reason"} (UNKNOWN whatever the facts: a statement
                 that no finite exact computation decides, e.g. a limit)
Object names refer to the problem's objects, which trusted code built and which the certificate is
bound to by content hash; a fact about an object is a fact about that content.
"""

from enum import Enum
from fractions import Fraction

from .errors import CertificateError
from .exact import Interval, Matrix, between, decode_entry, encode_entry, encode_matrix, is_scalar, scalar_text
from .logdet import ATOMS as LOG_ATOMS
from .ratfunc import ATOMS as FRACTION_ATOMS
from .sturm import ATOMS as STURM_ATOMS
from .poly import Poly


class _Unknown:
    """The third truth value (and an undetermined quantity); it has no Python truth value."""

    def __repr__(self):
        return "UNKNOWN"

    def __bool__(self):
        raise TypeError("UNKNOWN has no truth value in Python; use the three-valued connectives")


UNKNOWN = _Unknown()


class Verdict(str, Enum):
    """The verdicts of CASES.md, the only list of them (a str: JSON and comparisons see the name)."""
    CONFIRMED = "CONFIRMED"
    REFUTED = "REFUTED"
    COMPUTED = "COMPUTED"
    UNKNOWN = "UNKNOWN"

    __str__ = str.__str__
    __repr__ = str.__repr__       # shows as the string it is


# ------------------------------------------------------------------------------------- facts
class Facts:
    """What the checked obligations established, keyed by the objects they are about."""

    def __init__(self, objects):
        self.objects = objects
        self.rank_lb, self.rank_ub, self.kernel = {}, {}, {}
        self.values = {}              # (kind, name) -> exact value: det, inertia, detbool, log_rank_ge
        self.solvable = {}            # (name, rhs) -> (bool, solution or None)
        self.undecided = []           # why atoms were UNKNOWN, for the reason of an UNKNOWN verdict

    def add(self, fact):
        kind, name = fact[0], fact[1]
        if kind == "rank_ge":
            self.rank_lb[name] = max(self.rank_lb.get(name, 0), fact[2])
        elif kind == "rank_le":
            self.rank_ub[name] = min(self.rank_ub.get(name, fact[2]), fact[2])
            if fact[3] is not None and fact[3].ncols > getattr(self.kernel.get(name), "ncols", -1):
                self.kernel[name] = fact[3]
        elif kind == "log_rank_ge":
            self.values[(kind, name)] = max(self.values.get((kind, name), 0), fact[2])
        elif kind in ("det", "inertia", "detbool", "det_fraction"):
            if self.values.get((kind, name), fact[2]) != fact[2]:
                raise CertificateError(kind, f"contradictory facts for {name}")
            self.values[(kind, name)] = fact[2]
        elif kind == "solvable":
            old = self.solvable.get((name, fact[2]))
            if old is not None and old[0] != fact[3]:
                raise CertificateError("solve", f"{name} x = {fact[2]} both solvable and inconsistent")
            if old is None or fact[4] is not None:
                self.solvable[(name, fact[2])] = (fact[3], fact[4])
        else:
            raise CertificateError("facts", f"unknown fact {kind!r}")

    def matrix(self, name):
        if not isinstance(name, str) or name not in self.objects:
            raise CertificateError("statement", f"no problem object named {name!r}")
        return self.objects[name]

    def unknown(self, why):
        self.undecided.append(why)
        return UNKNOWN

    def rank_bounds(self, name):
        M = self.matrix(name)
        n = min(M.nrows, M.ncols)
        lb, ub = self.rank_lb.get(name, 0), min(self.rank_ub.get(name, n), n)
        det = self.values.get(("det", name))
        if det is not None and M.nrows == M.ncols:
            lb, ub = (max(lb, n), ub) if det != 0 else (lb, min(ub, n - 1))
        if lb > ub:
            raise CertificateError("rank", f"contradictory rank bounds for {name}: {lb} > {ub}")
        return lb, ub


# ------------------------------------------------------------------------------------- atoms
def _rank(f, name):
    lb, ub = f.rank_bounds(name)
    if lb != ub:
        f.unknown(f"rank of {name} certified only within {lb}..{ub}")
    return between(lb, ub)


# (the atom factories return closures that call module-level functions at each use, so that
# every line of an atom runs at call time: see "Mutation testing" in README.md)
def _value_of(f, name, kind, what):
    f.matrix(name)
    v = f.values.get((kind, name), UNKNOWN)
    return f.unknown(f"no checked {what} of {name}") if v is UNKNOWN else list(v) if kind == "inertia" else v


def _value(kind, what):
    return lambda f, name: _value_of(f, name, kind, what)


def _det(f, name):
    M = f.matrix(name)
    if ("det", name) not in f.values and M.nrows == M.ncols and f.rank_bounds(name)[1] < M.nrows:
        return 0
    return _value("det", "determinant")(f, name)


def _det_nonzero(f, name):
    M = f.matrix(name)
    if M.nrows != M.ncols:
        raise CertificateError("statement", f"{name} is not square: it has no determinant")
    lb, ub = f.rank_bounds(name)
    if lb == M.nrows or ub < M.nrows:
        return lb == M.nrows
    return f.unknown(f"neither a nonzero minor of full size nor a kernel vector of {name} checked")


def _solvable_of(f, arg, want_solution):
    if not (isinstance(arg, list) and len(arg) == 2):
        raise CertificateError("statement", f"solvable / solution take [A, b], got {arg!r}")
    f.matrix(arg[0]), f.matrix(arg[1])
    got = f.solvable.get((arg[0], arg[1]))
    if got is None:
        return f.unknown(f"no checked solution or inconsistency certificate for {arg[0]} x = {arg[1]}")
    return got[1] if want_solution else got[0]  # the solution is None (there is none) when inconsistent


def _solvable(want_solution):
    return lambda f, arg: _solvable_of(f, arg, want_solution)


def _kernel_basis(f, name):
    M, N = f.matrix(name), f.kernel.get(name)
    lb = f.rank_bounds(name)[0]
    if lb == M.ncols:
        return Matrix(M.ncols, 0, [() for _ in range(M.ncols)])
    if N is not None and lb == M.ncols - N.ncols:
        return N
    return f.unknown(f"no checked basis of the whole kernel of {name}")


def _entry(f, arg):
    if not (isinstance(arg, list) and len(arg) == 3):
        raise CertificateError("statement", f"entry takes [M, i, j], got {arg!r}")
    M, i, j = f.matrix(arg[0]), arg[1], arg[2]
    if not all(type(k) is int for k in (i, j)) or not (0 <= i < M.nrows and 0 <= j < M.ncols):
        raise CertificateError("statement", f"entry index out of range: {arg!r}")
    return M.rows[i][j]


def _equal(f, arg):
    if not (isinstance(arg, list) and len(arg) == 2):
        raise CertificateError("statement", f"equal takes [A, B], got {arg!r}")
    return f.matrix(arg[0]) == f.matrix(arg[1])


ATOMS = {
    "nrows": lambda f, a: f.matrix(a).nrows, "ncols": lambda f, a: f.matrix(a).ncols,
    "object": lambda f, a: f.matrix(a), "is_zero": lambda f, a: all(x == 0 for x in f.matrix(a).entries()),
    "rank": _rank, "det": _det, "det_nonzero": _det_nonzero, "inertia": _value("inertia", "inertia"),
    "detbool": _value("detbool", "Boolean determinant"), "solvable": _solvable(False), "solution": _solvable(True),
    "kernel_basis": _kernel_basis, "entry": _entry, "equal": _equal, **LOG_ATOMS, **STURM_ATOMS, **FRACTION_ATOMS,
    "poly": lambda f, a: decode_entry({"poly": a}, "statement literal"),
    "undecided": lambda f, a: f.unknown(str(a)),
}


# ------------------------------------------------------------------------------- evaluation
def _numeric(v):
    """(lo, hi) of a number or an interval; None for anything else."""
    return (v.lo, v.hi) if isinstance(v, Interval) else (v, v) if is_scalar(v) else None


def _exact(v):
    if v is UNKNOWN or isinstance(v, Interval):
        return False
    if isinstance(v, (list, dict)):
        return all(_exact(x) for x in (v.values() if isinstance(v, dict) else v))
    return True


def _truth(v):
    if v is UNKNOWN or isinstance(v, bool):
        return v
    raise CertificateError("statement", f"a condition must be true or false, got {v!r}")


def _and(vals):
    vals = [_truth(v) for v in vals]
    return False if False in vals else UNKNOWN if any(v is UNKNOWN for v in vals) else True


def _not(v):
    v = _truth(v)
    return UNKNOWN if v is UNKNOWN else not v


def _compare(op, a, b):
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if op == "ne":
        return _not(_compare("eq", a, b))
    na, nb = _numeric(a), _numeric(b)
    if na is None or nb is None:
        if op != "eq":
            raise CertificateError("statement", f"'{op}' compares numbers only, got {a!r} and {b!r}")
        if isinstance(a, list) and isinstance(b, list):
            return False if len(a) != len(b) else _and([_compare("eq", x, y) for x, y in zip(a, b)])
        if isinstance(a, dict) and isinstance(b, dict):  # records, part by part (never Python's == on intervals)
            return False if a.keys() != b.keys() else _and([_compare("eq", a[k], b[k]) for k in a])
        return UNKNOWN if isinstance(a, Interval) or isinstance(b, Interval) else \
            isinstance(a, bool) == isinstance(b, bool) and a == b  # a truth value is no number (True == 1)
    if op in ("lt", "le"):  # a < b is b > a
        op, na, nb = {"lt": "gt", "le": "ge"}[op], nb, na
    (alo, ahi), (blo, bhi) = na, nb
    if op == "eq":
        return True if alo == ahi == blo == bhi else False if ahi < blo or bhi < alo else UNKNOWN
    if op == "ge":
        return True if alo >= bhi else False if ahi < blo else UNKNOWN
    return True if alo > bhi else False if ahi <= blo else UNKNOWN  # gt


def _norm(v):
    if isinstance(v, Poly) and v.is_constant():
        v = Fraction(v.constant())
    return v.numerator if isinstance(v, Fraction) and v.denominator == 1 else v


def _arith(op, vals):
    """add, mul, min, max over exact numbers, polynomials (add, mul) and intervals."""
    if any(v is UNKNOWN for v in vals):
        return UNKNOWN
    if not vals:
        raise CertificateError("statement", f"'{op}' of nothing")
    if any(isinstance(v, Interval) for v in vals) and all(_numeric(v) for v in vals):
        lo, hi = _numeric(vals[0])
        for vlo, vhi in map(_numeric, vals[1:]):
            if op == "mul":
                prods = [lo * vlo, lo * vhi, hi * vlo, hi * vhi]
                lo, hi = min(prods), max(prods)
            else:
                f = {"add": lambda x, y: x + y, "min": min, "max": max}[op]
                lo, hi = f(lo, vlo), f(hi, vhi)
        return between(lo, hi)
    if not all(is_scalar(v) or (isinstance(v, Poly) and op in ("add", "mul")) for v in vals):
        raise CertificateError("statement", f"'{op}' needs numbers, got {vals!r}")
    if op in ("min", "max"):
        return min(vals) if op == "min" else max(vals)
    out = vals[0]
    for v in vals[1:]:
        out = out + v if op == "add" else out * v
    return _norm(out)


def _neg(v):
    if v is UNKNOWN or isinstance(v, Interval):
        return v if v is UNKNOWN else Interval(-v.hi, -v.lo)
    if not (is_scalar(v) or isinstance(v, Poly)):
        raise CertificateError("statement", f"cannot negate {v!r}")
    return _norm(-v)


def _div(a, c):
    if not is_scalar(c) or c == 0:
        raise CertificateError("statement", f"division by {c!r}: only by a nonzero number")
    return _arith("mul", [a, Fraction(1) / c])


def _text(v):
    if v is UNKNOWN or not (is_scalar(v) or isinstance(v, Poly)):
        if v is UNKNOWN:
            return v
        raise CertificateError("statement", f"'text' of {v!r}")
    return v.to_text() if isinstance(v, Poly) else scalar_text(v)


_TWO = {"sub", "div", "index", "implies", "eq", "ne", "lt", "le", "gt", "ge"}
_MANY = {"and", "or", "add", "mul", "min", "max"}


def evaluate(expr, facts):
    """The value of `expr` on `facts`: an exact value, an Interval, or UNKNOWN."""
    if isinstance(expr, bool):
        return expr
    if isinstance(expr, (int, str)):
        return decode_entry(expr, "statement literal")
    if isinstance(expr, list):
        return [evaluate(e, facts) for e in expr]
    if not isinstance(expr, dict) or len(expr) != 1:
        raise CertificateError("statement", f"malformed expression {expr!r}")
    (op, arg), = expr.items()
    if op in ATOMS:
        return ATOMS[op](facts, arg)
    if op == "record":
        if not isinstance(arg, dict):
            raise CertificateError("statement", "record takes a mapping")
        return {k: evaluate(v, facts) for k, v in arg.items()}
    if (op in _MANY and not isinstance(arg, list)) or (op in _TWO and not (isinstance(arg, list) and len(arg) == 2)):
        raise CertificateError("statement", f"'{op}' takes {'a list' if op in _MANY else 'two arguments'}")
    if op == "index":
        seq, i = evaluate(arg[0], facts), arg[1]
        if seq is UNKNOWN:
            return UNKNOWN
        if not isinstance(seq, list) or type(i) is not int or not 0 <= i < len(seq):
            raise CertificateError("statement", f"bad index {i!r} into {seq!r}")
        return seq[i]
    if op in ("not", "neg", "text"):
        v = evaluate(arg, facts)
        return _not(v) if op == "not" else _neg(v) if op == "neg" else _text(v)
    ev = [evaluate(e, facts) for e in arg] if op in _MANY | _TWO else None
    if op == "and":
        return _and(ev)
    if op == "or":
        return _not(_and([_not(v) for v in ev]))
    if op == "implies":
        return _not(_and([ev[0], _not(ev[1])]))
    if op in ("eq", "ne", "lt", "le", "gt", "ge"):
        return _compare(op, ev[0], ev[1])
    if op in _MANY:
        return _arith(op, ev)
    if op == "sub":
        return _arith("add", [ev[0], _neg(ev[1])])
    if op == "div":
        return UNKNOWN if UNKNOWN in (ev[0], ev[1]) else _div(ev[0], ev[1])
    raise CertificateError("statement", f"unknown operator {op!r}")


def to_json(v):
    """JSON form of a value; UNKNOWN is None, an interval {"at_least": lo, "at_most": hi}."""
    if v is UNKNOWN or v is None or isinstance(v, (bool, str)):
        return None if v is UNKNOWN else v
    if isinstance(v, Interval):
        return {"at_least": encode_entry(v.lo), "at_most": encode_entry(v.hi)}
    if isinstance(v, (list, dict)):
        return [to_json(x) for x in v] if isinstance(v, list) else {k: to_json(x) for k, x in v.items()}
    return encode_matrix(v) if isinstance(v, Matrix) else encode_entry(v)


# ---------------------------------------------------------------------------------- verdicts
POLARITIES = (None, "confirmed", "refuted")
QUANTIFIERS = (None, "exists", "forall")
STATEMENT_KEYS = {"predicate", "polarity", "quantifier", "report", "value_holds"}


def validate_statement(st):
    if not isinstance(st, dict) or set(st) != STATEMENT_KEYS:
        raise CertificateError("statement", f"a statement has exactly the keys {sorted(STATEMENT_KEYS)}")
    if st["polarity"] not in POLARITIES or st["quantifier"] not in QUANTIFIERS:
        raise CertificateError("statement", "bad polarity or quantifier")
    if st["predicate"] is None and (st["polarity"] is not None or st["quantifier"] is not None):
        raise CertificateError("statement", "a polarity or quantifier needs a predicate")
    if not isinstance(st["report"], dict) or not isinstance(st["value_holds"], bool):
        raise CertificateError("statement", "report must be a mapping and value_holds a boolean")


def judge(statement, facts):
    """(value, verdict, holds, reasons) of a statement on checked facts.

    holds: the predicate's truth, after the quantifier (exists: only a true witness counts;
    forall: only a false one does).  Verdict: with a polarity, CONFIRMED when holds agrees with it,
    REFUTED when it disagrees, UNKNOWN when holds is unknown; without one, COMPUTED when every
    reported value is exact (and the predicate, if any, decided), else UNKNOWN."""
    validate_statement(statement)
    pred, q = statement["predicate"], statement["quantifier"]
    holds = None if pred is None else _truth(evaluate(pred, facts))
    if q == "exists" and holds is not True:
        holds = facts.unknown("the witness does not satisfy the existential statement")
    if q == "forall" and holds is not False:
        holds = facts.unknown("no counterexample: a universal statement is not certified by one instance")
    report = {k: evaluate(e, facts) for k, e in statement["report"].items()}
    value = {k: to_json(v) for k, v in report.items() if v is not UNKNOWN}
    if statement["value_holds"] and holds is not None and holds is not UNKNOWN:
        value["holds"] = holds
    polarity = statement["polarity"]
    if polarity is None:
        computed = holds is not UNKNOWN and all(_exact(v) for v in report.values())
        verdict = Verdict.COMPUTED if computed else Verdict.UNKNOWN
    else:
        verdict = (Verdict.UNKNOWN if holds is UNKNOWN else
                   Verdict.CONFIRMED if holds == (polarity == "confirmed") else Verdict.REFUTED)
    reasons = list(dict.fromkeys(facts.undecided)) if verdict is Verdict.UNKNOWN else []
    return value, verdict, holds, reasons


__all__ = ["UNKNOWN", "Verdict", "Interval", "Facts", "evaluate", "judge", "to_json", "validate_statement"]
