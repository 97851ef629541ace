"""Determinants of large rational matrices from residues (optional module).

Recomputing det M by Bareiss elimination (`rules.det_exact`) costs n^3/3 operations on integers as
long as the determinant; for a 90 x 90 matrix of 48-digit entries (a 4,500-digit determinant) that
is 20 s.  This rule checks the same fact from untrusted hints in a fraction of it.

Rule `det_residues`: fields `matrix` (M, square, rational), `value` (d), and either
* `null` (only for d = 0): an integer vector z != 0 with A z = 0; or
* `primes` (distinct primes), with optional `s` (an integer >= 1), `y` and `b` (integer vectors)
  such that A y = s b (without them s = 1, y = b = 0).

Here A is M with row i multiplied by the lcm L_i of its denominators, so det M = det A / (L_1 ... L_m),
and A is an integer matrix.  Write g = gcd(s, y_1, ..., y_n), s' = s / g.

Lemma 1 (a divisor from one solution).  s' divides det A.  Proof: with y' = y / g, A y' = s' b and
gcd(s', y'_1, ..., y'_n) = 1.  Multiplying by adj A (adj A . A = det A . I): det A . y' = s' adj(A) b,
an integer vector times s'; so s' divides det A . y'_i for every i.  For each prime power q^e exactly
dividing s', q does not divide some y'_j (the gcd is 1), and q^e | det A . y'_j gives q^e | det A.
Lemma 2 (Hadamard).  det(A)^2 <= H = prod_i (A_i1^2 + ... + A_in^2).
Lemma 3 (Chinese remainders).  For distinct primes p_1..p_t not dividing s', with P their product,
the integer k = det A / s' is fixed by its residues k = det(A mod p) / s' mod p when |k| < P / 2;
and |k| <= sqrt(H) / s' < P / 2 follows from (P s')^2 > 4 H.  Then det A = s' k.
(The hints only make k small; any s, y, b satisfying A y = s b are sound, and with s = 1 the rule is
plain multi-modular recomputation up to the Hadamard bound.)

Fact: ("det", name, d), the same fact as the `det` rule.
"""

from math import gcd

from .errors import CertificateError
from .exact import decode_entry, integer_rows
from .modp import det_mod_p, require_prime

RULE = "det_residues"


def _ints(ob, key, n):
    v = ob.get(key)
    if not isinstance(v, list) or len(v) != n or not all(isinstance(x, int) and not isinstance(x, bool) for x in v):
        raise CertificateError(RULE, f"field '{key}' must be a list of {n} integers")
    return v


def _times(A, v):
    return [sum(a * x for a, x in zip(row, v) if a) for row in A]


def det_of_integer_rows(A, ob):
    """det A for an integer matrix A (a list of n rows of n ints), from the hints (module docstring)."""
    n = len(A)
    if "null" in ob:
        z = _ints(ob, "null", n)
        if not any(z) or any(_times(A, z)):
            raise CertificateError(RULE, "'null' must be a nonzero integer vector z with A z = 0")
        return 0
    primes = ob.get("primes")
    if not isinstance(primes, list) or not primes:
        raise CertificateError(RULE, "field 'primes' must be a nonempty list of primes")
    for p in primes:
        require_prime(p, RULE)
    if len(set(primes)) != len(primes):
        raise CertificateError(RULE, "the primes must be distinct")
    s, y, b = 1, [0] * n, [0] * n
    if "s" in ob or "y" in ob or "b" in ob:
        s = ob.get("s")
        if not isinstance(s, int) or isinstance(s, bool) or s < 1:
            raise CertificateError(RULE, f"field 's' must be an integer >= 1, got {s!r}")
        y, b = _ints(ob, "y", n), _ints(ob, "b", n)
        if _times(A, y) != [s * x for x in b]:
            raise CertificateError(RULE, "A y != s b")
    s1 = s // gcd(s, *y)
    H = 1
    for row in A:
        H *= sum(a * a for a in row)
    P = 1
    for p in primes:
        P *= p
    if (P * s1) ** 2 <= 4 * H:
        raise CertificateError(RULE, f"the primes' product is too small for the Hadamard bound ({len(primes)} primes)")
    k, Q = 0, 1                                   # k mod Q, Q the product of the primes so far
    for p in primes:
        if s1 % p == 0:
            raise CertificateError(RULE, f"prime {p} divides s' = s / gcd(s, y)")
        kp = det_mod_p([[a % p for a in row] for row in A], p) * pow(s1, -1, p) % p
        k += Q * ((kp - k) * pow(Q, -1, p) % p)    # now k = kp mod p, and unchanged mod Q
        Q *= p
    if k > P // 2:
        k -= P
    return s1 * k


def check_det_residues(ob, objects):
    """det(M) = value, from residues (see the module docstring)."""
    name = ob.get("matrix")
    if not isinstance(name, str) or name not in objects:
        raise CertificateError(RULE, f"field 'matrix' names no problem object: {name!r}")
    M = objects[name]
    if M.nrows != M.ncols or M.is_polynomial():
        raise CertificateError(RULE, "the matrix must be square with rational entries")
    value = decode_entry(ob.get("value"), "value")
    A, L = integer_rows(M)
    if det_of_integer_rows(A, ob) != value * L:
        raise CertificateError(RULE, f"determinant is not {value!r}")
    return ("det", name, value)


__all__ = ["RULE", "check_det_residues", "det_of_integer_rows"]
