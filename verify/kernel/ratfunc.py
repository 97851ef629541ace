"""Determinants of matrices with rational-function entries, shown as fractions (optional module).

Trusted problem construction (`verify/cases/ratfunc.py`) replaces a matrix M over Q(x) by the
polynomial matrix N = diag(d_1, ..., d_m) M, each d_i a nonzero polynomial; so det M = det N / S
with S = d_1 ... d_m, and the statement carries S (it binds the scaling; the certificate cannot).
The determinant of N is the kernel's ordinary `det` fact.  This module only shows det N / S as a
fraction P / Q, typically reduced by a gcd that an untrusted engine computed:

Rule `det_fraction`: fields `matrix` (N), `scale` (S), `det` (D), `num` (P), `den` (Q), `gcd` (G).
Check: S != 0, G != 0, D == P * G and S == Q * G, exactly, as polynomials.
Lemma: then D / S = (P G) / (Q G) = P / Q in Q(x) (Q != 0 since S != 0).  (G is the common factor
the engine removed; multiplying by it costs far less than cross-multiplying D Q = P S.)
Fact: ("det_fraction", N, (S, D, P, Q)), i.e. "D / S = P / Q".

Atom `{"det_fraction": [N, S]}` (statement.py): the text of det(N) / S, using the certified
determinant of N (the `det` fact, or 0 from a rank bound): P / Q when a checked `det_fraction` fact
has the same S and D; otherwise det(N) / S as it stands (unreduced, still exact).  Reducing is a
presentation matter: no verdict depends on it, and a forged fraction either fails the check or
names another S or D and is not used (then the certificate's stated value
differs from the one the facts give, and `check.py` rejects it).
"""

from fractions import Fraction

from .errors import CertificateError
from .exact import decode_entry, is_scalar, norm, scalar_text
from .poly import Poly

RULE = "det_fraction"


def _p(x):
    return x if isinstance(x, Poly) else Poly.const(x)


def check_det_fraction(ob, objects):
    """D / S = P / Q, by D == P G and S == Q G with G != 0 (see the module docstring)."""
    name = ob.get("matrix")
    if not isinstance(name, str) or name not in objects:
        raise CertificateError(RULE, f"no problem object named {name!r}")
    S, D, P, Q, G = (decode_entry(ob.get(k), k) for k in ("scale", "det", "num", "den", "gcd"))
    if S == 0 or G == 0:
        raise CertificateError(RULE, "the scale or the common factor is zero")
    if _p(P) * _p(G) != _p(D):
        raise CertificateError(RULE, "num * gcd != det")
    if _p(Q) * _p(G) != _p(S):
        raise CertificateError(RULE, "den * gcd != scale")
    return (RULE, name, (S, D, P, Q))


def _wrap(x, sign_ok=False):
    text = x.to_text() if isinstance(x, Poly) else scalar_text(x)
    body = text[1:] if sign_ok and text.startswith("-") else text
    return text if all(c.isalnum() or c in "_^*" for c in body) else f"({text})"


def fraction_text(P, Q):
    """Text of P / Q (a polynomial's text when Q is a number)."""
    if is_scalar(Q) or P == 0:
        v = norm(_p(P) * (Fraction(1) / Q)) if is_scalar(Q) else 0
        return v.to_text() if isinstance(v, Poly) else scalar_text(v)
    return f"{_wrap(P, True)}/{_wrap(Q)}"


def _det_fraction(f, arg):
    """The statement atom {"det_fraction": [N, S]} (see the module docstring)."""
    if not (isinstance(arg, list) and len(arg) == 2):
        raise CertificateError("statement", f"det_fraction takes [N, S], got {arg!r}")
    name, S = arg[0], decode_entry(arg[1], "statement literal")
    N = f.matrix(name)
    if ("det", name) in f.values:
        D = f.values[("det", name)]
    elif N.nrows == N.ncols and f.rank_bounds(name)[1] < N.nrows:
        D = 0  # a certified rank deficiency
    else:
        return f.unknown(f"no checked determinant of {name}")
    got = f.values.get((RULE, name))
    if got is not None and got[0] == S and got[1] == D:
        return fraction_text(got[2], got[3])
    return fraction_text(D, S)


ATOMS = {"det_fraction": _det_fraction}
