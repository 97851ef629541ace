"""Arithmetic modulo a prime for the checker: a deterministic primality test, exact reduction of
rationals, and Gaussian elimination over GF(p).  Standard library only.

Lemmas:
* Miller-Rabin with the first 13 primes as bases is deterministic below 3.3 * 10^24
  (Sorenson and Webster 2015); larger numbers are refused rather than guessed.
* Reduction mod p is a ring map from the p-integral rationals (denominator prime to p) onto GF(p).
* Gaussian elimination over the field GF(p) finds a nonzero pivot in every column exactly when the
  determinant is nonzero mod p; the determinant is then the product of the pivots times (-1) per row swap.
"""

from .errors import CertificateError

_MR_BASES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)
MR_LIMIT = 3_317_044_064_679_887_385_961_981


def is_prime(n):
    """True iff n is a prime (n an int below MR_LIMIT; CertificateError beyond it)."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 2:
        return False
    if n >= MR_LIMIT:
        raise CertificateError("prime", f"{n} is beyond the deterministic primality range")
    for b in _MR_BASES:
        if n % b == 0:
            return n == b
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for b in _MR_BASES:
        x = pow(b, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def require_prime(p, rule):
    """p itself, when it is an int and a prime; else CertificateError naming `rule`."""
    if not isinstance(p, int) or isinstance(p, bool) or not is_prime(p):
        raise CertificateError(rule, f"{p!r} is not a prime")
    return p


def reduce_mod(x, p, rule):
    """The residue of the rational x mod p; CertificateError when p divides its denominator."""
    if isinstance(x, int):
        return x % p
    if x.denominator % p == 0:
        raise CertificateError(rule, f"prime {p} divides a denominator")
    return x.numerator * pow(x.denominator, -1, p) % p


def det_mod_p(a, p):
    """det(a) mod p, in [0, p), for the square matrix `a` (a list of rows of residues mod p) by Gaussian
    elimination over GF(p): the product of the pivots, negated for each row swap.  `a` is modified."""
    n, det = len(a), 1
    for c in range(n):
        piv = next((r for r in range(c, n) if a[r][c] % p), None)
        if piv is None:
            return 0
        if piv != c:
            a[c], a[piv] = a[piv], a[c]
            det = -det
        ac = a[c]
        det = det * ac[c] % p
        inv = pow(ac[c], -1, p)
        for r in range(c + 1, n):
            f = a[r][c] * inv % p
            if f:
                a[r][c:] = [(x - f * y) % p for x, y in zip(a[r][c:], ac[c:])]
    return det % p


def square_nonsingular_mod_p(a, p):
    """True iff the square matrix `a` (a list of rows of residues mod p) is nonsingular over GF(p).
    `a` is modified."""
    return det_mod_p(a, p) != 0
