"""Exact formal differentiation of kernel polynomials (`Poly`) and of matrices of them.

Pure term-by-term differentiation: d/dx (c * x^e * m) = c * e * x^(e-1) * m.  Used as the
independent reference against which network Jacobians, gradients and Hessians built by other
algorithms (back-propagation recursions, forward jets) are compared.
"""

from fractions import Fraction

from ..kernel.exact import Matrix, norm
from ..kernel.poly import Poly


def derivative(p, var):
    """d p / d var for an entry `p` (scalar or Poly); a scalar differentiates to 0."""
    if not isinstance(p, Poly):
        return 0
    out = {}
    for mono, c in p.terms.items():
        for k, (v, e) in enumerate(mono):
            if v == var:
                rest = mono[:k] + (((v, e - 1),) if e > 1 else ()) + mono[k + 1:]
                out[rest] = out.get(rest, Fraction(0)) + c * e
                break
    return norm(Poly(out))


def gradient(p, variables):
    """Column vector (len(variables) x 1 Matrix) of partial derivatives."""
    return Matrix(len(variables), 1, [[derivative(p, v)] for v in variables])


def jacobian(entries, variables):
    """Matrix J with J[i][j] = d entries[i] / d variables[j]."""
    return Matrix(len(entries), len(variables), [[derivative(p, v) for v in variables] for p in entries])


def hessian(p, variables):
    """Symmetric Matrix of second partial derivatives."""
    first = [derivative(p, v) for v in variables]
    return Matrix(len(variables), len(variables), [[derivative(g, v) for v in variables] for g in first])


__all__ = ["derivative", "gradient", "jacobian", "hessian"]
