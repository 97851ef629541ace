"""Exact univariate polynomials over Q as dense coefficient lists (constant first), for the trusted
builds of the probability claims: conversion from and to `Poly`, and the odd part of a polynomial.

Odd part.  Over Q every nonzero f factors as f = c * prod_i a_i^i with the a_i monic, squarefree and
pairwise coprime (Yun's algorithm computes them with gcds only).  Its odd part is
g = c * prod_{i odd} a_i.  f = g * e with e = prod_{i odd} a_i^(i-1) * prod_{i even} a_i^i >= 0, and e
vanishes at finitely many points only, so on an interval f >= 0 iff g >= 0 (continuity); g is
squarefree, so every real root of g is simple and g changes sign there: g >= 0 on an interval iff
g > 0 on its interior.  Hence f >= 0 on [lo, hi] iff g > 0 on (lo, hi), a statement the kernel's
Sturm atom `positive_on` decides exactly.
"""

from fractions import Fraction

from ...kernel.poly import Poly


def coeffs(x, var="p"):
    """Dense coefficients of a polynomial (or number) in `var` alone."""
    if not isinstance(x, Poly):
        return trim([Fraction(x)])
    out = [Fraction(0)] * (max(x.degree(var), 0) + 1)
    for mono, c in x.terms.items():
        if any(v != var for v, _ in mono):
            raise ValueError(f"polynomial in a variable other than {var}")
        out[mono[0][1] if mono else 0] += c
    return trim(out)


def to_poly(c, var="p"):
    return Poly({(((var, k),) if k else ()): a for k, a in enumerate(c) if a})


def trim(c):
    c = list(c)
    while c and c[-1] == 0:
        c.pop()
    return c


def deriv(c):
    return trim([k * a for k, a in enumerate(c)][1:])


def divmod_(a, b):
    """(q, r) with a = q b + r, deg r < deg b (b nonzero)."""
    a, q = list(a), [Fraction(0)] * max(len(a) - len(b) + 1, 1)
    while len(a) >= len(b) and a:
        f, s = a[-1] / b[-1], len(a) - len(b)
        q[s] = f
        for i, x in enumerate(b):
            a[i + s] -= f * x
        a = trim(a[:-1])
    return trim(q), a


def monic(c):
    return [x / c[-1] for x in c]


def gcd(a, b):
    a, b = trim(a), trim(b)
    while b:
        a, b = b, divmod_(a, b)[1]
    return monic(a) if a else a


def exact_div(a, b):
    q, r = divmod_(a, b)
    if r:
        raise ArithmeticError("inexact polynomial division")
    return q


def squarefree_factors(f):
    """Yun: [a_1, a_2, ...] monic, squarefree, pairwise coprime with f = lc(f) prod a_i^i."""
    f = trim(f)
    if len(f) <= 1:
        return []
    a0 = gcd(f, deriv(f))
    b, c = exact_div(f, a0), exact_div(deriv(f), a0)
    dd = trim([x - y for x, y in zip(c + [0] * len(b), deriv(b) + [0] * len(c))])
    out = []
    while len(b) > 1:
        a = gcd(b, dd)
        b = exact_div(b, a)
        c = exact_div(dd, a)
        dd = trim([x - y for x, y in zip(c + [0] * len(b), deriv(b) + [0] * len(c))])
        out.append(monic(a))
    return out


def mul(a, b):
    if not a or not b:
        return []
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


PRIME = (1 << 61) - 1


def _mod_coeffs(f, p):
    den = 1
    for a in f:
        den = den * a.denominator // gcd_int(den, a.denominator)
    return [int(a * den) % p for a in f]


def gcd_int(a, b):
    while b:
        a, b = b, a % b
    return a


def _gcd_mod(a, b, p):
    """Degree of gcd(a, b) in GF(p)[x] (dense lists, constant first)."""
    def tr(c):
        while c and c[-1] == 0:
            c.pop()
        return c
    a, b = tr(list(a)), tr(list(b))
    while b:
        inv = pow(b[-1], p - 2, p)
        while len(a) >= len(b):
            f, s = a[-1] * inv % p, len(a) - len(b)
            for i, x in enumerate(b):
                a[i + s] = (a[i + s] - f * x) % p
            a = tr(a)
        a, b = b, a
    return len(a) - 1


def squarefree_mod_p(f, p=PRIME):
    """True when f is certainly squarefree over Q: p does not divide the leading coefficient of the
    integer multiple F of f, and gcd(F, F') = 1 modulo p.  (If f = A^2 B with deg A >= 1, Gauss's
    lemma gives such a factorisation of F over Z with p not dividing lc A; then A mod p has degree
    deg A and divides F and F' mod p.)  False means: not decided this way."""
    F = _mod_coeffs(f, p)
    if len(F) < 2 or F[-1] == 0:
        return len(F) < 2
    dF = [(k * a) % p for k, a in enumerate(F)][1:]
    return _gcd_mod(F, dF, p) == 0


def odd_part(f):
    """lc(f) * prod_{i odd} a_i for the squarefree decomposition of f (module docstring); [] for 0.
    A factor x^k is split off first (it contributes x when k is odd); a squarefree rest is its own
    odd part (`squarefree_mod_p`), otherwise Yun's algorithm decides."""
    f = trim(f)
    if not f:
        return []
    k = 0
    while f[0] == 0:
        f, k = f[1:], k + 1
    if squarefree_mod_p(f):
        g = list(f)
    else:
        g = [f[-1]]
        for i, a in enumerate(squarefree_factors(f), 1):
            if i % 2:
                g = mul(g, a)
    return [Fraction(0)] + g if k % 2 else g
