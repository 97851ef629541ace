"""The kernel's polynomial fast paths and the factored kernel basis of `rank_le`.

* `Poly.dot` (one accumulated sum of products, integer arithmetic when every coefficient is whole),
  the one-term product and `Poly.evaluate` (powers cached, ints kept) against sympy.
* `rank_le` with a `factor` F: the basis is F N0 and the kernel checks (M F) N0 = 0 and the rank of
  F N0 at a point.  Forgeries of every field are refused; the fact carries no basis (a factored
  basis does not serve the nullspace value).
"""

import random
from fractions import Fraction

import pytest
import sympy

from verify.kernel.errors import CertificateError
from verify.kernel.exact import Matrix, encode_matrix, matmul
from verify.kernel.poly import Poly
from verify.kernel.rules import check_rank_le

NAMES = ["a", "b", "c", "d"]
SYMS = sympy.symbols(NAMES)


def _rand_poly(rng, terms, whole=True):
    t = {}
    for _ in range(terms):
        mono = tuple((v, rng.randint(1, 3)) for v in NAMES if rng.random() < 0.5)
        c = rng.randint(-9, 9) if whole else Fraction(rng.randint(-9, 9), rng.randint(1, 4))
        t[mono] = t.get(mono, 0) + c
    return Poly(t)


def _sym(p):
    if not isinstance(p, Poly):
        return sympy.Rational(Fraction(p).numerator, Fraction(p).denominator)
    return sum((sympy.Rational(c.numerator, c.denominator) * sympy.Mul(*[dict(zip(NAMES, SYMS))[v] ** e for v, e in m])
                for m, c in p.terms.items()), sympy.Integer(0))


@pytest.mark.parametrize("whole", [True, False])
def test_dot_and_products_against_sympy(whole):
    rng = random.Random(1 + whole)
    for _ in range(40):
        pairs = [(_rand_poly(rng, rng.randint(0, 5), whole), _rand_poly(rng, rng.randint(1, 5), whole))
                 for _ in range(rng.randint(1, 4))]
        pairs.append((rng.randint(-3, 3), _rand_poly(rng, 2, whole)))
        got = Poly.dot(pairs)
        want = sympy.expand(sum((_sym(a) * _sym(b) for a, b in pairs), sympy.Integer(0)))
        assert sympy.expand(_sym(got) - want) == 0
        assert all(c != 0 and isinstance(c, Fraction) for c in got.terms.values())
        one = _rand_poly(rng, 1, whole)
        if len(one.terms) == 1:
            other = pairs[0][1]
            assert (one * other).terms == Poly.dot([(one, other)]).terms        # the one-term path
            assert sympy.expand(_sym(one * other) - _sym(one) * _sym(other)) == 0
            assert (other * one).terms == (one * other).terms
    assert Poly.dot([]).is_zero() and Poly.dot([(Poly.var("a"), Poly.var("b")), (Poly.var("a"), -Poly.var("b")), (Poly.var("a"), 1)]) == Poly.var("a")


def test_evaluate_against_sympy():
    rng = random.Random(5)
    for _ in range(60):
        p = _rand_poly(rng, rng.randint(0, 6), whole=rng.random() < 0.5)
        pt = {v: rng.choice([0, 1, -1, 2, -7, Fraction(-3, 5), Fraction(2, 9), 2 ** 61]) for v in NAMES}
        want = _sym(p).subs({s: sympy.Rational(Fraction(pt[n]).numerator, Fraction(pt[n]).denominator)
                             for s, n in zip(SYMS, NAMES)})
        got = p.evaluate(pt)
        assert isinstance(got, Fraction) and got == Fraction(int(sympy.numer(want)), int(sympy.denom(want)))
    with pytest.raises(KeyError):
        Poly.var("a").evaluate({"b": 1})
    with pytest.raises(TypeError):
        Poly.var("a").evaluate({"a": 0.5})


# ------------------------------------------------------------------------------ factored basis
x, y = Poly.var("x"), Poly.var("y")
# M (2 x 3) has the kernel vector (y, -x, 0)... written as F N0 with F = [[1, 0], [0, 1], [0, 0]]
# times N0 = (y, -x)^T, and a second representation with a non-identity F.
M = Matrix.from_rows([[x, y, x * y], [x * x, x * y, 0]])
F = Matrix.from_rows([[1, 0], [0, 1], [0, 0]])
N0 = Matrix.from_rows([[y], [-x]])


def _ob(**kw):
    ob = {"rule": "rank_le", "matrix": "M", "r": 2, "side": "right", "basis": encode_matrix(N0),
          "factor": encode_matrix(F), "basis_rows": [0], "basis_cols": [0], "prime": 101,
          "point": {"x": "3", "y": "5"}}
    ob.update(kw)
    return ob


def test_factored_basis_is_accepted_and_carries_no_basis():
    assert matmul(M, matmul(F, N0)).entries().__next__() == 0
    assert check_rank_le(_ob(), {"M": M}) == ("rank_le", "M", 2, None)
    F2 = Matrix.from_rows([[2, 0], [0, 2], [0, 0]])                  # F N0 scaled: still a kernel vector
    assert check_rank_le(_ob(factor=encode_matrix(F2)), {"M": M})[2] == 2
    plain = {k: v for k, v in _ob().items() if k != "factor"}
    plain["basis"] = encode_matrix(matmul(F, N0))
    assert check_rank_le(plain, {"M": M})[3] == matmul(F, N0)           # without a factor the basis is the fact's


@pytest.mark.parametrize("change,match", [
    ({"factor": encode_matrix(Matrix.from_rows([[1, 0], [0, 2], [0, 0]]))}, "M\\*N != 0"),   # (M F) N0 != 0
    ({"factor": encode_matrix(Matrix.from_rows([[1, 0], [0, 1], [0, 1]]))}, "M\\*N != 0"),
    ({"factor": encode_matrix(Matrix.from_rows([[1, 0], [0, 1]]))}, "factor is 2 x 2"),
    ({"factor": encode_matrix(Matrix.from_rows([[1], [0], [0]]))}, "factor is 3 x 1"),
    ({"factor": encode_matrix(Matrix.from_rows([[Poly.var("z"), 0], [0, 1], [0, 0]]))}, "variable"),
    ({"factor": encode_matrix(Matrix.from_rows([[0, 0], [0, 0], [0, 0]]))}, "minor"),           # F N0 = 0
    ({"side": "left"}, "factor is for side right only|columns"),
    ({"r": 1}, "needs 2"),
    ({"basis_rows": [2]}, "minor"),                                                          # row 3 of F N0 is 0
    ({"point": {"x": "0", "y": "0"}}, "minor"),
    ({"factor": "junk"}, "."),
])
def test_forged_factored_bases_are_refused(change, match):
    with pytest.raises(CertificateError, match=match):
        check_rank_le(_ob(**change), {"M": M})


def test_polynomial_factor_and_the_left_side():
    """F may have polynomial entries (F N0 is then evaluated at the point); a factor with a left basis
    of the right shape is refused by name; every refusal names the rule."""
    Fx = Matrix.from_rows([[x, 0], [0, x], [0, 0]])                  # F N0 = x (y, -x, 0)
    assert check_rank_le(_ob(factor=encode_matrix(Fx)), {"M": M}) == ("rank_le", "M", 2, None)
    with pytest.raises(CertificateError) as e:                        # at x = 0 the block of F N0 is 0
        check_rank_le(_ob(factor=encode_matrix(Fx), point={"x": "0", "y": "5"}), {"M": M})
    assert e.value.rule == "rank_le" and "minor" in e.value.message
    Ml = Matrix.from_rows([[x, y], [x * x, x * y]])                  # (x, -1) Ml = 0: a left kernel vector
    left = {"rule": "rank_le", "matrix": "M", "r": 1, "side": "left",
            "basis": encode_matrix(Matrix.from_rows([[x, -1]])), "basis_rows": [0], "basis_cols": [1],
            "prime": 101, "point": {"x": "3", "y": "5"}}
    assert check_rank_le(left, {"M": Ml})[2] == 1
    with pytest.raises(CertificateError) as e:
        check_rank_le({**left, "factor": encode_matrix(Matrix.from_rows([[1, 0], [0, 1]]))}, {"M": Ml})
    assert (e.value.rule, e.value.message) == ("rank_le", "a factor is for side right only")
    with pytest.raises(CertificateError) as e:
        check_rank_le(_ob(factor=encode_matrix(Matrix.from_rows([[1, 0], [0, 1]]))), {"M": M})
    assert (e.value.rule, e.value.message) == ("rank_le", "factor is 2 x 2, needs 3 x 2")
