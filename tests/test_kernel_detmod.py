"""The kernel's `det_residues` rule (`verify/kernel/detmod.py`): determinants from residues mod primes,
over a divisor s' of det taken from one solution A y = s b.

Expected values come from python-flint's `fmpz_mat.det` and from the kernel's Bareiss recomputation
(`det_exact`), both independent of the rule.  Forgeries: every hint changed in a way that could make
a wrong value pass is refused; hints that are changed but still true certify the same value.
"""

import random
from fractions import Fraction

import flint
import pytest

from verify.engines.det import RESIDUES_MIN_DIM, det_certificate, residues_obligation
from verify.engines.fiatshamir import derive_prime
from verify.kernel.detmod import check_det_residues, det_of_integer_rows
from verify.kernel.errors import CertificateError
from verify.kernel.exact import Matrix, encode_entry
from verify.kernel.modp import det_mod_p
from verify.kernel.rules import check_obligation, det_exact


def _random(n, lo, hi, rng):
    return [[rng.randint(lo, hi) for _ in range(n)] for _ in range(n)]


def _flint_det(rows):
    return int(flint.fmpz_mat(rows).det()) if rows else 1


def _ob(rows, seed=b"t"):
    M = Matrix.from_rows(rows)
    d = _flint_det(rows)
    return M, d, residues_obligation(M, "M", d, seed=seed)


def test_det_mod_p_against_flint():
    rng = random.Random(5)
    for n in range(0, 9):
        for p in (2, 3, 7, 65537, (1 << 61) - 1):
            rows = _random(n, -5, 5, rng)
            if n and rng.random() < 0.3:
                rows[-1] = list(rows[0])                      # singular
            assert det_mod_p([r[:] for r in rows], p) == _flint_det(rows) % p, (n, p, rows)
    assert det_mod_p([[0, 1], [1, 0]], 7) == 6                # one row swap: -1
    assert det_mod_p([[0, 0, 1], [0, 1, 0], [1, 0, 0]], 11) == 10


@pytest.mark.parametrize("n,lo,hi", [(16, -9, 9), (24, -2 ** 62, 2 ** 62), (20, -10 ** 40, 10 ** 40), (30, 0, 1)])
def test_values_against_flint(n, lo, hi):
    rng = random.Random(n)
    rows = _random(n, lo, hi, rng)
    M, d, ob = _ob(rows)
    assert check_det_residues(ob, {"M": M}) == ("det", "M", d)


def test_edges_of_the_integer_range():
    """Entries at 2^52, 2^53 +- 1 and the int64 extremes: no float is involved, but the edges are where
    a float path would fail (two rows that differ by one unit at 2^53 + 1 make a tiny determinant)."""
    big = [2 ** 52, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 1, 2 ** 63 - 1, -2 ** 63]
    rng = random.Random(53)
    for _ in range(5):
        rows = [[rng.choice(big) + rng.randint(-1, 1) for _ in range(16)] for _ in range(16)]
        rows[1] = [x + (1 if j == 3 else 0) for j, x in enumerate(rows[0])]
        M, d, ob = _ob(rows)
        assert check_det_residues(ob, {"M": M})[2] == d == det_exact(M)


def test_rational_entries_and_zero_against_bareiss():
    rng = random.Random(7)
    rows = [[Fraction(rng.randint(-9, 9), rng.randint(1, 6)) for _ in range(17)] for _ in range(17)]
    M = Matrix.from_rows(rows)
    d, obs = det_certificate(M, "M", seed=b"q")
    assert obs[0]["rule"] == "det_residues" and d == det_exact(M) != 0
    assert check_obligation(obs[0], {"M": M}) == ("det", "M", d)
    rows[5] = [2 * x - y for x, y in zip(rows[0], rows[1])]
    M = Matrix.from_rows(rows)
    d, obs = det_certificate(M, "M", seed=b"q")
    assert d == 0 == det_exact(M) and "null" in obs[0]
    assert check_obligation(obs[0], {"M": M}) == ("det", "M", 0)


def test_small_matrices_keep_the_recomputation():
    M = Matrix.from_rows(_random(RESIDUES_MIN_DIM - 1, -3, 3, random.Random(1)))
    assert det_certificate(M, "M")[1][0]["rule"] == "det"


def test_plain_multimodular_without_a_solution():
    """s = 1, y = b = 0 (no hint): enough primes for the whole Hadamard bound recompute det."""
    rows = _random(16, -99, 99, random.Random(3))
    M, d, ob = _ob(rows)
    plain = {k: v for k, v in ob.items() if k not in ("s", "y", "b")}
    assert check_det_residues({**plain, "primes": _many(rows)}, {"M": M})[2] == d
    with pytest.raises(CertificateError, match="too small"):   # the hinted prime count is not enough
        check_det_residues(plain, {"M": M})


def _rejects(ob, M, match=None):
    with pytest.raises(CertificateError, match=match):
        check_det_residues(ob, {"M": M})


def test_forged_hints_are_refused():
    rows = _random(18, -50, 50, random.Random(11))
    M, d, ob = _ob(rows)
    assert len(ob["primes"]) >= 1 and ob["s"] > 1
    objs = {"M": M}
    _rejects({**ob, "value": encode_entry(d + 1)}, M, "not")
    _rejects({**ob, "value": encode_entry(-d)}, M, "not")
    _rejects({**ob, "s": ob["s"] * 2}, M, "A y != s b")          # a larger s' is not a divisor any more
    _rejects({**ob, "s": ob["s"] + 1}, M, "A y != s b")
    _rejects({**ob, "y": [v + 1 for v in ob["y"]]}, M, "A y != s b")
    _rejects({**ob, "b": [v + 1 for v in ob["b"]]}, M, "A y != s b")
    _rejects({**ob, "s": 0}, M, "'s'")
    _rejects({**ob, "s": True}, M, "'s'")
    _rejects({**ob, "y": ob["y"][:-1]}, M, "'y'")
    _rejects({**ob, "b": [True] + ob["b"][1:]}, M, "'b'")
    _rejects({**ob, "primes": []}, M, "primes")
    _rejects({**ob, "primes": [ob["primes"][0]] * 3}, M, "distinct")      # a repeated prime is no new modulus
    _rejects({**ob, "primes": [ob["primes"][0] + 2]}, M, "prime")
    _rejects({**ob, "primes": [4]}, M, "prime")
    _rejects({k: v for k, v in ob.items() if k != "y"}, M, "'y'")
    _rejects({**ob, "matrix": "N"}, M, "names no problem object")
    ob3 = {**ob, "s": ob["s"] * 3, "y": [3 * v for v in ob["y"]], "b": ob["b"]}
    assert check_det_residues(ob3, objs)[2] == d                      # a true, rescaled solution: same s'
    trivial = {**ob, "s": 3, "y": [0] * 18, "b": [0] * 18}             # true but useless: s' = 1, too few primes
    _rejects(trivial, M, "too small")
    seven = Matrix.from_rows([[7]])                                    # s' = 7: the prime 7 cannot invert it
    _rejects({"rule": "det_residues", "matrix": "M", "value": "7", "primes": [7, 11], "s": 7, "y": [1], "b": [1]},
             seven, "divides")
    assert check_det_residues({"matrix": "M", "value": "7", "primes": [11], "s": 7, "y": [1], "b": [1]},
                              {"M": seven})[2] == 7

    _rejects({**ob, "null": [0] * 18}, M, "nonzero")
    _rejects({**ob, "null": [1] + [0] * 17}, M, "A z = 0")
    _rejects({**ob, "primes": ob["primes"][:-1] or [2]}, M, "too small")


def test_every_true_solution_gives_the_same_value():
    """Soundness of Lemma 1 on random data: any (s, y, b) with A y = s b, found by brute force on small
    matrices, either is refused for too few primes or certifies the true determinant."""
    rng = random.Random(17)
    for _ in range(150):
        n = rng.randint(1, 4)
        rows = _random(n, -4, 4, rng)
        A = rows
        y = [rng.randint(-6, 6) for _ in range(n)]
        Ay = [sum(a * v for a, v in zip(r, y)) for r in A]
        for s in range(1, 13):
            if all(v % s == 0 for v in Ay):
                ob = {"primes": [derive_prime(b"s", str(j)) for j in range(2)], "s": s, "y": y, "b": [v // s for v in Ay]}
                assert det_of_integer_rows(A, ob) == _flint_det(rows)


def test_structure_is_refused():
    x = Matrix.from_rows([[1, 2], [3, 4]])
    _rejects({"rule": "det_residues", "matrix": "M", "value": "1", "primes": [5]}, Matrix.from_rows([[1, 2, 3]]), "square")
    from verify.kernel.poly import Poly
    _rejects({"rule": "det_residues", "matrix": "M", "value": "1", "primes": [5]}, Matrix.from_rows([[Poly.var("x")]]),
             "rational")
    assert check_obligation({"rule": "det_residues", "matrix": "M", "value": "-2", "primes": [101]}, {"M": x})[2] == -2


@pytest.mark.parametrize("method", ["python", "sympy"])
def test_hints_from_the_other_backends(method):
    rows = _random(16, -20, 20, random.Random(23))
    M = Matrix.from_rows(rows)
    d, obs = det_certificate(M, "M", method=method, seed=b"b")
    assert obs[0]["rule"] == "det_residues" and d == _flint_det(rows)
    assert check_obligation(obs[0], {"M": M}) == ("det", "M", d)


def _refusal(ob, M):
    with pytest.raises(CertificateError) as e:
        check_det_residues({"rule": "det_residues", "matrix": "M", **ob}, {"M": M})
    assert e.value.rule == "det_residues", e.value.rule
    return e.value.message


def test_the_bounds_at_their_edges():
    """Hand-checked 1 x 1 and 2 x 2 cases at the edges of Lemma 3 (the mutants of the bound, of the
    symmetric range and of the defaults are killed here)."""
    three, minus3 = Matrix.from_rows([[3]]), Matrix.from_rows([[-3]])
    # H = 9: one prime 7 (49 > 36) fixes k = det in (-3.5, 3.5); k = 3 = (P - 1) / 2 is the edge
    assert check_det_residues({"matrix": "M", "value": "3", "primes": [7]}, {"M": three})[2] == 3
    assert check_det_residues({"matrix": "M", "value": "-3", "primes": [7]}, {"M": minus3})[2] == -3
    assert "too small" in _refusal({"value": "3", "primes": [5]}, three)            # 25 <= 36
    # (P s')^2 = 4 H exactly: P = 2, s' = 3: k = +-1 are both 1 mod 2; the rule must refuse, or the
    # false value 3 of det [[-3]] would pass
    hint = {"s": 3, "y": [-1], "b": [1]}
    assert "too small" in _refusal({"value": "3", "primes": [2], **hint}, minus3)
    assert "too small" in _refusal({"value": "-3", "primes": [2], **hint}, minus3)
    # 2 x 2, H = 125: P = 23 has 4 H = 500 < 529 <= 5 H = 625
    two = Matrix.from_rows([[1, 2], [3, 4]])
    assert check_det_residues({"matrix": "M", "value": "-2", "primes": [23]}, {"M": two})[2] == -2
    assert check_det_residues({"matrix": "M", "value": "-2", "primes": [29, 31, 37]}, {"M": two})[2] == -2
    assert "too small" in _refusal({"value": "-2", "primes": [19]}, two)            # 361 <= 500


def test_many_primes():
    """Entries near 2^62 on 16 x 16: the Hadamard bound needs 17 primes of 62 bits without a hint, and
    their product exceeds float range (no float may enter the symmetric range)."""
    rows = _random(16, -2 ** 62, 2 ** 62, random.Random(62))
    M = Matrix.from_rows(rows)
    primes = _many(rows)
    P = 1
    for p in primes:
        P *= p
    assert len(primes) >= 17 and P > 2 ** 1030
    assert check_det_residues({"matrix": "M", "value": str(_flint_det(rows)), "primes": primes}, {"M": M})[2] \
        == _flint_det(rows)


def test_every_refusal_names_the_rule_and_says_why():
    rows = _random(16, -9, 9, random.Random(4))
    M, d, ob = _ob(rows)
    base = {k: v for k, v in ob.items() if k != "rule"}
    plain = {k: v for k, v in base.items() if k not in ("s", "y", "b")}
    three = Matrix.from_rows([[3]])
    assert _refusal({**base, "value": encode_entry(d + 1)}, M) == f"determinant is not {d + 1!r}"
    assert _refusal({**base, "y": base["y"][:3]}, M) == "field 'y' must be a list of 16 integers"
    assert _refusal({**base, "null": [0] * 16}, M) == "'null' must be a nonzero integer vector z with A z = 0"
    assert _refusal({**base, "primes": []}, M) == "field 'primes' must be a nonempty list of primes"
    assert _refusal({**base, "primes": 7}, M) == "field 'primes' must be a nonempty list of primes"
    assert _refusal({**base, "primes": "7"}, M) == "field 'primes' must be a nonempty list of primes"
    assert _refusal({**base, "primes": [9]}, M) == "9 is not a prime"
    assert _refusal({**base, "primes": [7, 7]}, M) == "the primes must be distinct"
    assert _refusal({**base, "s": -1}, M) == "field 's' must be an integer >= 1, got -1"
    assert _refusal({**base, "s": base["s"] + 1}, M) == "A y != s b"
    assert _refusal({"value": "3", "primes": [3, 11], "s": 3, "y": [1], "b": [1]}, three) == \
        "prime 3 divides s' = s / gcd(s, y)"
    assert _refusal({**plain, "primes": plain["primes"][:1]}, M).startswith("the primes' product is too small")
    assert _refusal({**base, "matrix": "N"}, M) == "field 'matrix' names no problem object: 'N'"
    assert _refusal({**base}, Matrix.from_rows([[1, 2]])) == "the matrix must be square with rational entries"
    # a partial hint (s, y or b alone, or two of them) is refused, never read as no hint
    for keep in (("s",), ("y",), ("b",), ("s", "y"), ("s", "b"), ("y", "b")):
        partial = {**plain, **{k: base[k] for k in keep}, "primes": _many(rows)}
        msg = _refusal(partial, M)
        assert msg.startswith("field '") and "must be" in msg, (keep, msg)


def _many(rows):
    """Primes enough for the whole Hadamard bound of rows (so that s' = 1 would pass)."""
    H = 1
    for r in rows:
        H *= sum(a * a for a in r)
    primes, P, i = [], 1, 0
    while P * P <= 4 * H:
        p = derive_prime(b"enough", str(i))
        i += 1
        if p not in primes:
            primes.append(p)
            P *= p
    return primes
