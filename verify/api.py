"""The Python API: `verify.rank(M, expect=...)` and its siblings, each a certified result.

Every function builds an in-memory case (a mapping exactly as in a case file, the matrices given
inline as exact entries) and runs it through `verify.pipeline.certify_document`, the path of
`verify run`: the trusted loader builds the problem, the engines prove it, the kernel derives the
value and the verdict.  The certificate embeds that case (it is standalone: `verify check
cert.json` re-checks it in an empty directory, and `Result.check()` does the same here).

Inputs (`as_matrix`): nested lists or tuples; ints, `Fraction`, `Decimal`, exact strings ("1/3",
"0.125", "x*y - 1"); numpy integer, boolean, string and object arrays; sympy matrices (rational
and polynomial entries); python-flint `fmpz_mat` / `fmpq_mat`; torch integer tensors (torch is never
imported here: a tensor is recognised by its type); the kernel's `Matrix`.  Binary floats (Python,
numpy, sympy `Float`, torch) only with `exact_floats=True`, which reads each float as the exact
dyadic rational it is (0.1 is 3602879701896397/36028797018963968) and says so in the result's notes
and in the case the certificate embeds; NaN and infinities are refused.
"""

from __future__ import annotations

import html
import json
import math
import os
from decimal import Decimal
from fractions import Fraction
from typing import Any, Mapping, Optional, Sequence, Union

from .errors import CaseError, CertificateError, EngineError, Unknown
from .verdicts import COLOURS, Verdict
from .kernel.exact import Matrix, norm, scalar_text
from .kernel.poly import Poly

__all__ = ["rank", "det", "inertia", "generic_rank", "rank_at", "detbool", "nullspace", "solve",
           "rank_inequality", "claim", "network", "as_matrix", "check_certificate", "Result", "Checked", "InvalidInput"]

MatrixLike = Any
"""Anything `as_matrix` reads: nested lists, numpy / sympy / flint / torch matrices, a Matrix."""

Entry = Union[int, Fraction, Poly]


class InvalidInput(ValueError):
    """An input the API cannot read exactly, or a case the loader refuses (the message says why)."""


# ------------------------------------------------------------------------------ input conversion
class _Reader:
    """Converts one input to case-file entries (int, "p/q" text, polynomial text), counting the
    binary floats it read exactly."""

    def __init__(self, exact_floats: bool, what: str):
        self.exact_floats, self.what, self.floats = bool(exact_floats), what, 0
        self.example = None

    def fail(self, where, message):
        raise InvalidInput(f"{self.what}{where}: {message}")

    def float_value(self, ratio, text, where):
        """A binary float given as (numerator, denominator) of its exact value."""
        if not self.exact_floats:
            self.fail(where, f"the binary float {text} is not exact input; pass exact_floats=True to read each float "
                             "as the exact dyadic rational it is, or give integers, Fractions or strings such as \"1/10\"")
        self.floats += 1
        q = norm(Fraction(*ratio))
        if self.example is None and not isinstance(q, int):
            self.example = f"{text} = {scalar_text(q)}"
        return q if isinstance(q, int) else scalar_text(q)

    def entry(self, x, where):
        if isinstance(x, bool):
            self.fail(where, f"the boolean {x} is not a number (use 0 and 1)")
        if isinstance(x, int):
            return int(x)
        if isinstance(x, Fraction):
            q = norm(x)
            return q if isinstance(q, int) else scalar_text(q)
        if isinstance(x, str):
            return x
        if isinstance(x, float):
            if not math.isfinite(x):
                self.fail(where, f"{x} is not a finite number")
            return self.float_value(x.as_integer_ratio(), repr(x), where)
        if isinstance(x, Decimal):
            if not x.is_finite():
                self.fail(where, f"{x} is not a finite number")
            return self.entry(Fraction(x), where)
        if isinstance(x, Poly):
            return self.entry(norm(x), where) if x.is_constant() else x.to_text()
        module = type(x).__module__ or ""
        top = module.split(".", 1)[0]
        if top == "numpy":
            return self.numpy_scalar(x, where)
        if top == "sympy":
            return self.sympy_entry(x, where)
        if top == "flint":
            return self.flint_entry(x, where)
        if top == "torch":  # a 0-d tensor
            return self.entry(x.item(), where)
        self.fail(where, f"{type(x).__name__} {x!r} is not an exact number")

    def numpy_scalar(self, x, where):
        import numpy as np

        if isinstance(x, np.bool_):
            return int(x)
        if isinstance(x, np.integer):
            return int(x)
        if isinstance(x, np.floating):
            if not np.isfinite(x):
                self.fail(where, f"{x} is not a finite number")
            return self.float_value(x.as_integer_ratio(), repr(float(x)) if x.dtype.itemsize <= 8 else str(x), where)
        if isinstance(x, np.str_):
            return str(x)
        self.fail(where, f"numpy {type(x).__name__} {x!r} is not an exact number")

    def sympy_entry(self, x, where):
        import sympy

        if not isinstance(x, sympy.Basic):
            self.fail(where, f"{type(x).__name__} is not a sympy number or polynomial")
        if x.is_Rational:
            return self.entry(Fraction(int(x.p), int(x.q)), where)
        if x.is_Float:
            if not x.is_finite:
                self.fail(where, f"{x} is not a finite number")
            q = sympy.Rational(x)  # the exact binary value of the Float
            return self.float_value((int(q.p), int(q.q)), str(x), where)
        symbols = sorted(x.free_symbols, key=str)
        if symbols and not x.is_polynomial(*symbols) and x.is_rational_function(*symbols):
            num, den = sympy.fraction(sympy.together(x))  # read as case-file text "(num)/(den)"
            return f"({self.sympy_entry(sympy.expand(num), where)})/({self.sympy_entry(sympy.expand(den), where)})"
        if not symbols or not x.is_polynomial(*symbols):
            self.fail(where, f"{x} is not a polynomial with rational coefficients (rational functions, roots and "
                             "transcendental functions are not exact matrix entries here)")
        try:
            p = sympy.Poly(x, *symbols, domain="QQ")
        except (sympy.PolynomialError, sympy.CoercionFailed, ValueError) as e:
            self.fail(where, f"{x} is not a polynomial with rational coefficients ({e})")
        out = Poly({})
        for s in symbols:
            if not s.name.isidentifier() or not s.name.isascii():
                self.fail(where, f"the variable name {s.name!r} is not an identifier [A-Za-z_][A-Za-z0-9_]*")
        for monom, c in p.terms():
            term = Poly.const(Fraction(int(c.p), int(c.q)))
            for s, e in zip(symbols, monom):
                if e:
                    term = term * (Poly.var(s.name) ** int(e))
            out = out + term
        return self.entry(out, where) if isinstance(out, Poly) else self.entry(norm(out), where)

    def flint_entry(self, x, where):
        name = type(x).__name__
        if name == "fmpz":
            return int(x)
        if name == "fmpq":
            return self.entry(Fraction(int(x.p), int(x.q)), where)
        self.fail(where, f"flint {name} is not an exact rational (fmpz or fmpq)")

    # matrices ---------------------------------------------------------------------------------
    def rows(self, x, vector_ok=False):
        """The case-file rows of a matrix-like input (a list of lists of entries)."""
        if isinstance(x, Matrix):
            if hasattr(x, "array"):  # IntArrayMatrix
                return x.array.tolist()
            return [[self.entry(e, f"[{i + 1}][{j + 1}]") for j, e in enumerate(r)] for i, r in enumerate(x.rows)]
        module = (type(x).__module__ or "").split(".", 1)[0]
        if module == "torch" and hasattr(x, "dtype") and hasattr(x, "dim"):
            return self.torch_rows(x, vector_ok)
        if module == "flint":
            return self.flint_rows(x)
        if module == "sympy" and hasattr(x, "tolist") and hasattr(x, "shape"):
            return self.grid(x.tolist(), vector_ok)
        if module == "numpy" or hasattr(x, "__array__") and not isinstance(x, (list, tuple)):
            return self.numpy_rows(x, vector_ok)
        if isinstance(x, (list, tuple)):
            return self.grid(x, vector_ok)
        self.fail("", f"{type(x).__name__} is not a matrix (give nested lists, or a numpy, sympy, flint or torch "
                      "matrix)")

    def grid(self, x, vector_ok):
        x = list(x)
        if not x:
            return []  # the 0 x 0 matrix (rank 0, det 1)
        if all(not isinstance(r, (list, tuple)) and not _is_array(r) for r in x):
            if not vector_ok:
                self.fail("", "a flat list is not a matrix: give a list of rows, e.g. [[1, 2], [3, 4]]")
            x = [[v] for v in x]
        out = []
        for i, r in enumerate(x):
            if _is_array(r):
                r = r.tolist()
            if not isinstance(r, (list, tuple)):
                self.fail(f"[{i + 1}]", "row is not a list (a matrix is a list of rows)")
            out.append([self.entry(v, f"[{i + 1}][{j + 1}]") for j, v in enumerate(r)])
        return out

    def numpy_rows(self, x, vector_ok):
        import numpy as np

        a = np.asarray(x)
        if a.ndim == 1 and vector_ok:
            a = a.reshape(-1, 1)
        if a.ndim != 2:
            self.fail("", f"a matrix needs 2 dimensions, this array has shape {a.shape}")
        kind = a.dtype.kind
        if kind in "iu":
            return a.tolist()
        if kind == "b":
            return a.astype(np.int64).tolist()
        if kind == "f":
            bad = np.argwhere(~np.isfinite(a))
            if len(bad):
                i, j = (int(k) for k in bad[0])
                self.fail(f"[{i + 1}][{j + 1}]", f"{a[i, j]} is not a finite number")
            if not self.exact_floats:
                self.fail("", f"a {a.dtype} array holds binary floats, not exact numbers; pass exact_floats=True to "
                              "read each float as the exact dyadic rational it is, or give an integer or object array")
            if a.dtype.itemsize <= 8:  # float16/32/64: a Python float holds each value exactly
                return [[self.entry(v, f"[{i + 1}][{j + 1}]") for j, v in enumerate(r)]
                        for i, r in enumerate(a.astype(np.float64).tolist())]
            return [[self.numpy_scalar(a[i, j], f"[{i + 1}][{j + 1}]") for j in range(a.shape[1])] for i in range(a.shape[0])]
        if kind in "OUS":
            return [[self.entry(a[i, j] if kind == "O" else str(a[i, j]), f"[{i + 1}][{j + 1}]") for j in range(a.shape[1])]
                    for i in range(a.shape[0])]
        self.fail("", f"a numpy array of dtype {a.dtype} holds no exact numbers")

    def torch_rows(self, t, vector_ok):
        if t.is_complex():
            self.fail("", f"a complex tensor ({t.dtype}) holds no rational numbers")
        dim = t.dim()
        if dim == 1 and vector_ok:
            t = t.reshape(-1, 1)
        elif dim != 2:
            self.fail("", f"a matrix needs 2 dimensions, this tensor has shape {tuple(t.shape)}")
        data = t.detach().cpu().tolist()
        if t.is_floating_point():
            if not self.exact_floats:
                self.fail("", f"a {t.dtype} tensor holds binary floats, not exact numbers; pass exact_floats=True to "
                              "read each float as the exact dyadic rational it is")
            return [[self.entry(float(v), f"[{i + 1}][{j + 1}]") for j, v in enumerate(r)] for i, r in enumerate(data)]
        return [[int(v) for v in r] for r in data]  # integer and bool tensors

    def flint_rows(self, x):
        name = type(x).__name__
        if name not in ("fmpz_mat", "fmpq_mat"):
            self.fail("", f"flint {name} is not a matrix over the integers or the rationals (fmpz_mat, fmpq_mat)")
        return [[self.flint_entry(x[i, j], f"[{i + 1}][{j + 1}]") for j in range(x.ncols())] for i in range(x.nrows())]


def _is_array(x):
    return (type(x).__module__ or "").split(".", 1)[0] == "numpy" and hasattr(x, "ndim")


def _read(x, exact_floats, what, vector_ok=False):
    r = _Reader(exact_floats, what)
    rows = r.rows(x, vector_ok)
    return rows, r


def as_matrix(x: MatrixLike, *, exact_floats: bool = False) -> Matrix:
    """The exact kernel `Matrix` of any supported input, read by the case loader's own inline reader
    (so entries parse exactly as in a case file)."""
    from .cases.numbers import InputError
    from .cases.sources import inline_rows

    rows, _ = _read(x, exact_floats, "matrix")
    try:
        return inline_rows(rows, max_entries=1 << 62)
    except InputError as e:
        raise InvalidInput(f"matrix{e.sub}: {e.message}") from None


def _exact_value(x, what):
    """An exact scalar or polynomial (expect values, points) as case-file text or int."""
    r = _Reader(False, what)
    return r.entry(x, "")


# ------------------------------------------------------------------------------ results
_KIND_VALUE = {"rank": "rank", "generic_rank": "rank", "rank_at": "rank", "boolean_determinant": "detbool",
               "inertia": "inertia", "determinant": "det"}


def _decode_value(kind, values):
    """The main value of a result, as Python objects."""
    from .kernel.exact import decode_matrix

    if kind in ("rank", "generic_rank", "rank_at", "boolean_determinant"):
        return values.get(_KIND_VALUE[kind])
    if kind == "inertia":
        v = values.get("inertia")
        return tuple(v) if isinstance(v, list) else v
    if kind == "determinant":
        v = values.get("det")
        if v is None:
            return None
        from .cases.numbers import InputError
        from .cases.ratfunc import parse_rational_entry

        try:
            return parse_rational_entry(v)  # a RatFunc (.num / .den) for a fraction of polynomials
        except InputError:  # beyond the grammar's limits (e.g. 10,000 characters): the text itself
            return v
    if kind == "nullspace":
        b = values.get("basis")
        return decode_matrix(b) if isinstance(b, dict) else None
    if kind == "solve":
        x = values.get("solution")
        return decode_matrix(x) if isinstance(x, dict) else None
    return dict(values)


class Checked:
    """What `Result.check()` verified: the kernel's verdict and value, the obligations it
    re-checked (in words), and where the problem came from."""

    def __init__(self, out: Mapping[str, Any], cert: Mapping[str, Any]):
        from .report.words import obligation_text

        self.verdict: str = out["verdict"]
        self.value: dict = out["value"]
        self.rules: list = list(out["checked"])
        self.source: str = out["source"]
        self.reasons: list = list(out["reasons"])
        self.problem_sha256: Optional[str] = (out.get("problem") or {}).get("embedded_sha256")
        self.facts: list = [obligation_text(ob, cert) for ob in cert.get("obligations") or []]

    def __repr__(self):
        from .report.words import value_text

        rules = ", ".join(dict.fromkeys(self.rules)) or "none"
        return (f"<ACCEPTED {self.verdict} {value_text(self.value)}: {_count(len(self.rules), 'obligation')} re-checked by the "
                f"kernel ({rules}); problem from {self.source}>")


class Result:
    """A certified result.  `.value` is the computed value (a rank, a determinant, a basis ...),
    `.verdict` the kernel's verdict (CONFIRMED / REFUTED / COMPUTED / UNKNOWN), `.certificate` the
    standalone certificate (a JSON object), `.check()` re-checks it with the kernel alone,
    `.save(path)` writes it for `verify check`.  `.values` has every reported value (JSON form),
    `.objects` the exact problem objects, `.notes` what the engines and the reader noted."""

    def __init__(self, kind: str, doc: Mapping[str, Any], *, verdict: str, values: Mapping[str, Any],
                 certificate: Optional[dict], objects: Optional[Mapping[str, Matrix]] = None,
                 notes: Sequence[str] = (), reason: Optional[str] = None, holds: Any = None,
                 seconds: Optional[Mapping[str, float]] = None):
        self.kind = kind
        self.case: dict = dict(doc)
        self.expect = doc.get("expect")
        self.verdict = verdict
        self.values: dict = dict(values)
        self.value = _decode_value(kind, self.values)
        self.certificate = certificate
        self.objects: dict = dict(objects or {})
        self.notes: list = list(notes)
        self.reason = reason
        self.holds = holds if isinstance(holds, bool) else None
        self.seconds: dict = dict(seconds or {})

    # ------------------------------------------------------------------ checking and saving
    def check(self) -> Checked:
        """Re-check the certificate with the independent kernel exactly as `verify check` does (the
        JSON text parsed again, the problem rebuilt from the embedded case by trusted code); returns
        what was verified, or raises `CertificateError` (rejected)."""
        from .checker import check_certificate, parse_certificate

        if self.certificate is None:
            raise CertificateError("certificate", f"nothing was certified ({self.reason})")
        cert = parse_certificate(json.dumps(self.certificate))
        return Checked(check_certificate(cert, problem="embedded"), cert)

    def save(self, path: Union[str, "os.PathLike[str]"]) -> str:
        """Write the certificate (standalone) to `path`; returns the path."""
        if self.certificate is None:
            raise ValueError(f"no certificate to save: {self.reason}")
        path = os.fspath(path)
        tmp = f"{path}.tmp-{os.getpid()}"
        from .pipeline import certificate_text

        with open(tmp, "w", encoding="utf-8") as f:
            f.write(certificate_text(self.certificate))
        os.replace(tmp, path)
        return path

    def latex(self) -> str:
        """A LaTeX appendix for this result (`verify.report.latex`)."""
        from .report.latex import case_latex

        return case_latex(self.certificate or {}, objects=self.objects, result=self._record())

    # ------------------------------------------------------------------ display
    def _record(self):
        return {"id": self.case.get("id"), "title": self.case.get("title"), "check": self.kind,
                "claim": self.case.get("claim"), "verdict": self.verdict, "value": self.values,
                "expect": self.certificate.get("expect") if self.certificate else self.expect,
                "reason": self.reason, "notes": self.notes}

    def summary(self) -> str:
        """One line: what was computed, the verdict, and what was expected."""
        from .report.words import expect_text

        line = f"{_headline(self.kind, self.case, self.values, self.value)}  {self.verdict}"
        if self.expect is not None:
            line += f" (expected: {expect_text(self._record(), self.certificate)})"
        return line

    def __repr__(self):
        lines = [self.summary()]
        for name, M in sorted(self.objects.items())[:6]:
            lines.append(f"  {name} = {M!r}")
        if self.reason:
            lines.append(f"  reason: {self.reason}")
        for n in self.notes[:4]:
            lines.append(f"  note: {n}")
        if self.certificate is not None:
            rules = [ob.get("rule") for ob in self.certificate.get("obligations") or []]
            lines.append(f"  certificate: {_count(len(rules), 'obligation')} ({', '.join(dict.fromkeys(rules)) or 'none'}), "
                         "standalone; .check() re-checks it with the kernel, .save(path) writes it")
        return "\n".join(lines)

    def _repr_html_(self):
        from .report.mathml import matrix_mathml
        from .kernel.exact import encode_matrix
        from .report.words import expect_text, obligation_text

        colour = COLOURS.get(self.verdict, "#5a5a5a")
        e = html.escape
        out = [f'<div class="verify-result"><span style="background:{colour};color:#fff;padding:.05em .45em;'
               f'border-radius:.3em;font-weight:700">{e(self.verdict)}</span> '
               f"<b>{e(_headline(self.kind, self.case, self.values, self.value))}</b>"]
        if self.expect is not None:
            out.append(f" <span>(expected: {e(expect_text(self._record(), self.certificate))})</span>")
        small = [(n, M) for n, M in sorted(self.objects.items()) if M.nrows <= 8 and M.ncols <= 8][:4]
        if small:
            out.append("<div>" + " ".join(f'<span style="margin-right:1.5em">{matrix_mathml(n, encode_matrix(M))}</span>'
                                          for n, M in small) + "</div>")
        if self.reason:
            out.append(f"<div>reason: {e(self.reason)}</div>")
        for n in self.notes[:4]:
            out.append(f"<div><i>note:</i> {e(n)}</div>")
        if self.certificate is not None:
            obs = self.certificate.get("obligations") or []
            items = "".join(f"<li>{e(obligation_text(ob, self.certificate))}</li>" for ob in obs[:12])
            more = f"<li>… {len(obs) - 12} more</li>" if len(obs) > 12 else ""
            out.append(f"<details><summary>certificate: {_count(len(obs), 'obligation')}, standalone "
                       f"(<code>.check()</code>, <code>.save(path)</code>)</summary><ul>{items}{more}</ul></details>")
        return "".join(out) + "</div>"

    def _repr_latex_(self):
        from .report.latex import result_math

        return "$" + result_math(self._record(), self.certificate or {}, self.objects) + "$"


def _headline(kind, case, values, value):
    from .report.words import value_text

    if kind in ("rank", "generic_rank", "rank_at"):
        where = {"generic_rank": " over Q(x)", "rank_at": "(" + ", ".join(
            f"{k} = {v}" for k, v in (case.get("point") or {}).items()) + ")"}.get(kind, "")
        return f"rank M{where} = {_show(value)}"
    if kind == "determinant":
        return f"det M = {_show(value)}"
    if kind == "inertia":
        return f"inertia M = {_show(value)} (n+, n-, n0)"
    if kind == "boolean_determinant":
        return f"DetBool M = {_show(value)}"
    if kind == "nullspace":
        dim = values.get("dimension")
        return f"ker M has dimension {_show(dim)}" + (f", basis N = {value!r}" if value is not None else "")
    if kind == "solve":
        if values.get("solvable") is True:
            return f"A x = b is solvable: x = {value!r}"
        if values.get("solvable") is False:
            return "A x = b has no solution"
        return "A x = b: solvability not settled"
    if kind == "rank_inequality":
        return f"{case.get('inequality')} inequality: {value_text({k: v for k, v in values.items() if k != 'ranks'})}"
    if kind == "claim":
        return f"claim {case.get('claim')}: {value_text(values)}"
    return value_text(values)


def _count(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def _show(v):
    if v is None:
        return "undetermined"
    if isinstance(v, dict) and "at_least" in v:
        return f"in [{v['at_least']}, {v['at_most']}]"
    if isinstance(v, Poly):
        return v.to_text()
    if isinstance(v, (int, Fraction)):
        return scalar_text(v)
    return str(v)


# ------------------------------------------------------------------------------ running
def _run(kind: str, body: dict, *, readers=(), id: Optional[str] = None, title: Optional[str] = None,
         source: Optional[str] = None, method: str = "auto", max_entries: Optional[int] = None,
         expect: Any = None) -> Result:
    """Build the case mapping, prove it through the pipeline, and wrap the outcome."""
    from .pipeline import certify_document

    doc = {"id": id or f"python.{kind}", "check": kind}
    if title:
        doc["title"] = str(title)
    if source:
        doc["source"] = str(source)
    doc.update(body)
    notes = []
    floats = sum(r.floats for r in readers)
    if floats:
        example = next((r.example for r in readers if r.example), None)
        notes.append(f"{floats} entries were binary floats, read exactly as the dyadic rationals they are "
                     f"(exact_floats=True)" + (f", e.g. {example}" if example else ""))
        doc["notes"] = list(notes)
    if expect is not None:
        doc["expect"] = expect
    limits = {"max_entries": int(max_entries)} if max_entries is not None else None
    try:
        got = certify_document(doc, method=method, limits=limits)
    except CaseError as e:
        raise InvalidInput(f"{e.key}: {e.message}") from None
    except Unknown as e:
        return Result(kind, doc, verdict=Verdict.UNKNOWN, values={}, certificate=None, notes=notes, reason=e.reason)
    except (CertificateError, EngineError) as e:
        return Result(kind, doc, verdict=Verdict.UNKNOWN, values={}, certificate=None, notes=notes,
                      reason=f"nothing could be certified: {e}")
    outcome, proof = got["outcome"], got["proof"]
    reason = None
    if outcome["verdict"] == Verdict.UNKNOWN:
        reason = "the certified facts do not settle the statement: " + "; ".join(outcome["reasons"][:6])
    return Result(kind, doc, verdict=outcome["verdict"], values=outcome["value"], certificate=got["certificate"],
                  objects=got["problem"]["objects"], notes=notes + list(proof.notes), reason=reason,
                  holds=outcome["holds"], seconds=got["seconds"])


def _rank_expect(expect):
    if expect is None or isinstance(expect, dict):
        return expect
    if isinstance(expect, bool):
        raise InvalidInput("expect: a rank is an integer, \">= r\", \"<= r\", \"full\" or \"deficient\"")
    if isinstance(expect, int) or _is_numpy_int(expect):
        return {"rank": int(expect)}
    return {"rank": str(expect)}


def _is_numpy_int(x):
    return (type(x).__module__ or "").startswith("numpy") and hasattr(x, "dtype") and x.dtype.kind in "iu"


def rank(M: MatrixLike, expect: Union[int, str, None] = None, *, exact_floats: bool = False,
         **options: Any) -> Result:
    """The exact rank of a rational matrix over Q.  `expect`: r, ">= r", "<= r", "full", "deficient".
    Options (every function): id, title, source (texts of the case), method ("auto", "flint",
    "sympy", "python"), max_entries (size limit)."""
    rows, r = _read(M, exact_floats, "matrix")
    return _run("rank", {"matrix": rows}, readers=[r], expect=_rank_expect(expect), **options)


def generic_rank(M: MatrixLike, expect: Union[int, str, None] = None, **options: Any) -> Result:
    """The rank of a polynomial matrix over the field of rational functions Q(x, ...)."""
    rows, r = _read(M, False, "matrix")
    return _run("generic_rank", {"matrix": rows}, readers=[r], expect=_rank_expect(expect), **options)


def rank_at(M: MatrixLike, point: Mapping[Any, Any], expect: Union[int, str, None] = None, *,
            exact_floats: bool = False, **options: Any) -> Result:
    """The rank of a polynomial matrix after substituting the exact values `point` ({"x": 1, ...};
    sympy symbols as keys are fine)."""
    rows, r = _read(M, False, "matrix")
    if not isinstance(point, Mapping):
        raise InvalidInput("point: a mapping variable -> exact value")
    pr = _Reader(exact_floats, "point")
    pt = {str(getattr(k, "name", k)): pr.entry(v, f".{getattr(k, 'name', k)}") for k, v in point.items()}
    return _run("rank_at", {"matrix": rows, "point": pt}, readers=[r, pr], expect=_rank_expect(expect), **options)


def det(M: MatrixLike, expect: Any = None, *, exact_floats: bool = False, **options: Any) -> Result:
    """The exact determinant of a square matrix (rational or polynomial entries).  `expect`: a value
    (number, Fraction, polynomial text or sympy expression) or "nonzero"."""
    rows, r = _read(M, exact_floats, "matrix")
    if expect is not None and not isinstance(expect, dict):
        expect = {"det": "nonzero" if isinstance(expect, str) and expect.strip() == "nonzero"
                  else _exact_value(expect, "expect")}
    return _run("determinant", {"matrix": rows}, readers=[r], expect=expect, **options)


def inertia(M: MatrixLike, expect: Any = None, *, exact_floats: bool = False, **options: Any) -> Result:
    """The inertia (n+, n-, n0) of a symmetric rational matrix.  `expect`: (p, n, z), or one of
    "pd", "psd", "nd", "nsd", "indefinite"."""
    rows, r = _read(M, exact_floats, "matrix")
    if isinstance(expect, str):
        expect = {"definiteness": expect}
    elif expect is not None and not isinstance(expect, dict):
        try:
            expect = {"inertia": [int(k) for k in expect]}
        except (TypeError, ValueError):
            raise InvalidInput("expect: (positive, negative, zero) counts, or a definiteness such as \"psd\"") from None
    return _run("inertia", {"matrix": rows}, readers=[r], expect=expect, **options)


def detbool(M: MatrixLike, expect: Optional[int] = None, **options: Any) -> Result:
    """Giannou's DetBool of a 0/1 matrix: whether its support has a perfect matching."""
    rows, r = _read(M, False, "matrix")
    if expect is not None and not isinstance(expect, dict):
        expect = {"detbool": int(expect)}
    return _run("boolean_determinant", {"matrix": rows}, readers=[r], expect=expect, **options)


def nullspace(M: MatrixLike, expect: Optional[int] = None, *, exact_floats: bool = False, **options: Any) -> Result:
    """An exact basis of the right kernel (`.value`, a Matrix whose columns span it); `expect`: its
    dimension."""
    rows, r = _read(M, exact_floats, "matrix")
    if expect is not None and not isinstance(expect, dict):
        expect = {"dimension": int(expect)}
    return _run("nullspace", {"matrix": rows}, readers=[r], expect=expect, **options)


def solve(A: MatrixLike, b: MatrixLike, expect: Optional[bool] = None, *, exact_floats: bool = False,
          **options: Any) -> Result:
    """A solution x of A x = b (`.value`), or a certificate that there is none (`.value` None);
    b may be a vector.  `expect`: True (solvable) or False."""
    rows, r = _read(A, exact_floats, "matrix")
    rhs, rb = _read(b, exact_floats, "rhs", vector_ok=True)
    if expect is not None and not isinstance(expect, dict):
        expect = {"solvable": bool(expect)}
    return _run("solve", {"matrix": rows, "rhs": rhs}, readers=[r, rb], expect=expect, **options)


def rank_inequality(inequality: str, A: MatrixLike, B: MatrixLike, C: Optional[MatrixLike] = None, *,
                    holds: Optional[bool] = None, tight: Optional[bool] = None, exact_floats: bool = False,
                    **options: Any) -> Result:
    """Both sides of the Sylvester (A, B), Frobenius or combined (A, B, C) rank inequality, exactly;
    `holds` / `tight` state what is expected."""
    body, readers = {"inequality": inequality}, []
    for name, X in (("A", A), ("B", B), ("C", C)):
        if X is not None:
            body[name], r = _read(X, exact_floats, name)
            readers.append(r)
    expect = options.pop("expect", None)
    if expect is None and (holds is not None or tight is not None):
        expect = {k: v for k, v in (("holds", holds), ("tight", tight)) if v is not None}
    return _run("rank_inequality", body, readers=readers, expect=expect, **options)


def claim(claim_id: str, /, *, expect: Optional[str] = "confirmed", **params: Any) -> Result:
    """A paper's statement on the instance `params` define (see `verify claims` for the ids).  The
    default `expect="confirmed"` states the paper's claim, so the verdict is the verdict on the
    paper; `expect=None` only computes.  Options as for `rank` may be given as `_id`, `_title`,
    `_method`, `_max_entries` (without the underscore they would be parameters of the claim)."""
    options = {k[1:]: params.pop(k) for k in list(params) if k in ("_id", "_title", "_source", "_method", "_max_entries")}
    body = {"claim": claim_id, "params": _plain_params(params)}
    return _run("claim", body, expect={"verdict": expect} if isinstance(expect, str) else expect,
                id=options.pop("id", None) or f"python.{claim_id}", **options)


NETWORK_QUANTITIES = ("gradient", "jacobian", "gauss_newton", "hessian", "critical_point", "generic_rank")


def network(widths: Sequence[int], layers: Sequence[Mapping[str, Any]], X: MatrixLike, Y: Optional[MatrixLike] = None,
            *, quantity: str = "hessian", expect: Any = None, loss: str = "square", loss_scale: Any = "mean",
            parameter_order: str = "paper", samples: str = "columns", curves: Optional[Mapping[str, Any]] = None,
            exact_floats: bool = False, **options: Any) -> Result:
    """A network-level check (`check: network_<quantity>`, README "Network checks") on the network
    `widths` / `layers` at its weights and the data X, Y.  `layers`: one mapping per layer as in a
    case file, {"activation": "relu" | "linear" | "logistic" | "tanh" | "leaky_relu" | {"polynomial":
    [c0, c1, ...]}, "weight": W (n_l x n_(l-1)), "bias": b} (logistic / tanh: "odds", "bias_odds");
    matrices as for `rank` (numpy, torch, sympy, lists; float arrays with exact_floats=True), biases
    may be vectors.  quantity: gradient (expect True / False: critical), jacobian, gauss_newton,
    generic_rank (expect a rank form; generic_rank: every weight symbolic, layers say "bias": True
    or False), hessian (expect (p, n, z), "psd", ...), critical_point (expect a classification such
    as "strict_saddle").  samples="rows" reads X as T x n_0 and Y as T x n_L (numpy's layout)."""
    if quantity not in NETWORK_QUANTITIES:
        raise InvalidInput(f"quantity: one of {', '.join(NETWORK_QUANTITIES)}, got {quantity!r}")
    readers = []
    symbolic = quantity == "generic_rank"

    def mat(x, what, vector_ok=False):
        rows, r = _read(x, exact_floats, what, vector_ok=vector_ok)
        readers.append(r)
        return rows

    out_layers = []
    if not isinstance(layers, (list, tuple)):
        raise InvalidInput("layers: a list with one mapping per layer")
    for l, lay in enumerate(layers):
        if not isinstance(lay, Mapping):
            raise InvalidInput(f"layers[{l}]: a mapping (activation, weight, bias, ...)")
        d = {}
        for k, v in lay.items():
            if k in ("weight", "odds"):
                d[k] = mat(v, f"layers[{l}].{k}")
            elif k in ("bias", "bias_odds") and not isinstance(v, bool):
                d[k] = mat(v, f"layers[{l}].{k}", vector_ok=True)
            elif k == "slope":
                d[k] = _exact_value(v, f"layers[{l}].slope")
            elif k == "activation" and isinstance(v, Mapping):
                d[k] = {str(a): ([_exact_value(c, "polynomial") for c in b] if isinstance(b, (list, tuple)) else b)
                        for a, b in v.items()}
            else:
                d[k] = v
        out_layers.append(d)
    spec = {"widths": [int(w) for w in widths], "layers": out_layers, "loss": loss,
            "loss_scale": loss_scale if isinstance(loss_scale, str) else _exact_value(loss_scale, "loss_scale"),
            "parameter_order": parameter_order}
    if symbolic:
        spec["symbolic"] = True
    data = {"X": mat(X, "X"), "samples": samples}
    if Y is not None:
        data["Y"] = mat(Y, "Y", vector_ok=True)
    body = {"network": spec, "data": data}
    if curves is not None:
        body["curves"] = _plain_params(curves, "curves")
    if expect is not None and not isinstance(expect, dict):
        if quantity == "gradient":
            expect = {"critical": bool(expect)}
        elif quantity in ("jacobian", "gauss_newton", "generic_rank"):
            expect = _rank_expect(expect)
        elif quantity == "hessian":
            expect = {"definiteness": expect} if isinstance(expect, str) else {"inertia": [int(k) for k in expect]}
        else:
            expect = {"classification": str(expect)}
    return _run(f"network_{quantity}", body, readers=readers, expect=expect, **options)


def _plain_params(value, where="params"):
    """Claim parameters as case data: ints, exact strings, booleans, lists and mappings (Fractions
    and numpy integers converted; floats refused)."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, Fraction):
        q = norm(value)
        return q if isinstance(q, int) else scalar_text(q)
    if _is_numpy_int(value):
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): _plain_params(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_params(v, f"{where}[{i + 1}]") for i, v in enumerate(value)]
    if hasattr(value, "tolist"):
        return _plain_params(value.tolist(), where)
    raise InvalidInput(f"{where}: {type(value).__name__} {value!r} is not exact case data (integers, \"p/q\" "
                       "strings, booleans, lists, mappings)")


def check_certificate(cert: Union[str, "os.PathLike[str]", Mapping[str, Any]], *, case_root: Optional[str] = None,
                      problem: str = "auto") -> Checked:
    """Re-check a certificate (a file path, or the JSON object) as `verify check` does; returns what
    was verified, or raises `CertificateError` (rejected)."""
    from .checker import check_certificate as check_cert, parse_certificate, read_certificate

    if isinstance(cert, Mapping):
        doc = parse_certificate(json.dumps(cert))
    else:
        doc = read_certificate(os.fspath(cert))
    return Checked(check_cert(doc, case_root, problem), doc)
