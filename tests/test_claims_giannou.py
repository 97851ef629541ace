"""Giannou et al. (paper 004) claims: build/prove/kernel round trips and pinned findings, each
expected value computed independently of the claim code."""

from itertools import product

import pytest

from verify.claims import registry
from verify.claims.base import Context
from verify.kernel.exact import Matrix
from verify.kernel.poly import Poly
from verify.kernel.sturm import check_sturm
from verify.errors import CertificateError


def run(cid, params):
    claim = registry()[cid]
    objects = claim.build(params, None)
    proof = claim.prove(objects, params, Context(seed=b"test-" + cid.encode()))
    if proof.witness is not None or proof.objects:
        objects = claim.build(params, proof.witness)
    cert = {"format": "verify-certificate/1", "check": "claim", "claim": cid, "params": params,
            "expect": {"verdict": "confirmed"},
            "objects": {n: {"shape": [M.nrows, M.ncols], "sha256": M.content_hash()} for n, M in objects.items()},
            "obligations": proof.obligations, "conclusion": {"predicate": proof.predicate, "report": proof.report}}
    from verify.kernel.check import check_obligations
    from verify.kernel.verdicts import decide
    value, verdict = decide(cert, check_obligations(proof.obligations, objects)[0])
    return value["holds"], objects, proof


@pytest.mark.parametrize("cid,params", [
    ("gia.def.kr", {"n": 2, "m": 2}), ("gia.lemma1", {"n": 2, "m": 2}), ("gia.lemma2", {"n": 2, "m": 3}),
    ("gia.thm6", {}), ("gia.thm7", {"case": "none"}), ("gia.prop1", {"d": 2}),
    ("gia.thm1", {"d": 2, "l": 2, "seed": 4}), ("gia.lemma7", {"d": 2, "l": 1, "bn": True}),
    ("gia.cor1", {"d": 3, "rank": 2, "seed": 8}), ("gia.thm2", {"d": 2, "k": 1}), ("gia.def4", {"n": 2}),
    ("gia.lemma10", {"d": 2, "part": "statement"}), ("gia.lemma10", {"d": 3, "part": "final"}),
])
def test_confirmed(cid, params):
    assert run(cid, params)[0] is True


def test_remark4_counterexample_refutes():
    assert run("gia.fact1", {"part": "remark4"})[0] is False


def test_thm2_zero_last_block_refutes_and_zero_first_block_works():
    assert run("gia.thm2", {"d": 2, "k": 1, "targets": [{"W": [[1, 0], [0, 0]]}]})[0] is False
    assert run("gia.thm2", {"d": 2, "k": 1, "targets": [{"W": [[0, 1], [0, "1/2"]]}]})[0] is True


def test_lemma10_step_h_gap_is_minus_p2_1mp_2mp():
    holds, objects, _ = run("gia.lemma10", {"d": 2, "part": "step_h"})
    p = Poly.var("p")
    assert holds is False
    assert objects["gap"].rows[0][0] == -(p * p) * (1 - p) * (2 - p)


def _singular_prob_bruteforce():
    """P(DetBool(M1 (.) M2) = 0) for 2 x 4 Bernoulli(p) M1, M2 by enumerating all 2^16 pairs with a
    permutation-expansion test (independent of the claim's column-multiset sum and of matchings)."""
    from itertools import permutations
    perms = list(permutations(range(4)))
    p = Poly.var("p")
    counts = {}
    for bits in product((0, 1), repeat=16):
        A, B = bits[:8], bits[8:]
        K = [[A[(i // 2) * 4 + j] * B[(i % 2) * 4 + j] for j in range(4)] for i in range(4)]
        if not any(all(K[i][s[i]] for i in range(4)) for s in perms):
            k = sum(bits)
            counts[k] = counts.get(k, 0) + 1
    return sum((c * p ** k * (1 - p) ** (16 - k) for k, c in counts.items()), Poly.const(0))


def test_thm3_d2_polynomial_matches_bruteforce():
    holds, objects, _ = run("gia.thm3", {})
    assert holds is True
    assert objects["Psing"].rows[0][0] == _singular_prob_bruteforce()


def test_def4_recursion_equals_matching_all_3x3():
    from verify.claims.giannou_sparse import detbool_recursive
    from itertools import permutations
    for bits in product((0, 1), repeat=9):
        B = [list(bits[3 * i:3 * i + 3]) for i in range(3)]
        ref = int(any(all(B[i][s[i]] for i in range(3)) for s in permutations(range(3))))
        assert detbool_recursive(B) == ref


def test_sturm_rule_accepts_and_rejects():
    p = Poly.var("p")
    objs = {"a": Matrix.from_rows([[p * p - 2]]), "b": Matrix.from_rows([[p * (1 - p)]])}
    ob = {"rule": "sturm", "matrix": "a", "variable": "p", "lo": 0, "hi": 1, "lo_closed": True, "hi_closed": True,
          "sign": "negative"}
    assert check_sturm(ob, objs)[0] == "sturm"
    with pytest.raises(CertificateError):
        check_sturm({**ob, "hi": 2}, objs)
    with pytest.raises(CertificateError):
        check_sturm({**ob, "sign": "positive"}, objs)
    ob2 = {**ob, "matrix": "b", "sign": "positive", "lo_closed": False, "hi_closed": False}
    assert check_sturm(ob2, objs)[2] == "positive"
    with pytest.raises(CertificateError):
        check_sturm({**ob2, "hi_closed": True}, objs)
