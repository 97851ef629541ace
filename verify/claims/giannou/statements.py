"""Trusted statements of the Khatri-Rao / linear-algebra claims of Giannou et al. (paper 004,
Appendix A): what the paper asserts of the objects `builds` makes.  Each returns (predicate,
report) in the kernel's expression language; every number comes from the params or the objects'
shapes, never from a proof."""

from ...checks.base import AND, NOT, R, add, eq, equal, implies, lt, mul
from .builds import nm_of


def ne(a, b):
    return {"ne": [a, b]}


def entry(name, i=0, j=0):
    return {"entry": [name, i, j]}


def full_rank(name, objects):
    M = objects[name]
    return eq(R(name), min(M.nrows, M.ncols))


def defkr(params, objects):
    n, m = nm_of(dict({"m": 3}, **params))
    shape = [{"nrows": "KR"}, {"ncols": "KR"}]
    return (AND(equal("KR", "KRdef"), equal("KR", "KRblk"), eq(shape[0], n * m), eq(shape[1], n * m)),
            {"shape": shape})


def lemma1(params, objects):
    return equal("vec_CXB", "KRx"), {}


def generic_full_rank(params, objects):
    """Lemma 2 / Remark 5: A (.) B (or its three- / four-factor forms) has full rank nm over the
    field of rational functions in its formal entries, and the proof's assignment gives I."""
    n, m = nm_of(params)
    return AND(eq(R("KR"), n * m), equal("KR_witness", "I")), {"generic_rank": R("KR")}


def thm5(params, objects):
    pred = AND(eq(R("AkB"), mul(R("A"), R("B"))), equal("mixed_lhs", "mixed_rhs"))
    return pred, {"rank_A": R("A"), "rank_B": R("B"), "rank_AkB": R("AkB")}


def thm6(params, objects):
    return AND(equal("lhs13", "rhs13"), equal("lhs14", "rhs14")), {}


def _null_basis_ok(objects):
    """N's columns are a basis of null(A): A N = 0, N has independent columns, rank A + #N = m."""
    k, m = objects["N"].ncols, objects["A"].ncols
    return AND({"is_zero": "AN"}, eq(R("N"), k), eq(add(R("A"), k), m))


def fact1(params, objects):
    """Fact 1: A (n x m), B (m x l) full rank, n < m, l < m, null(A) n col(B) = {0}
    => rank(AB) = min{n, l}.  Remark 4 (part remark4) adds the converse: for full-rank A, B,
    rank(AB) = min{n, l} => null(A) n col(B) = {0}.  With N a certified basis of null(A),
    null(A) n col(B) = {0} iff rank [N | B] = rank N + rank B (dim(U + V) = dim U + dim V - dim(U n V));
    a meeting is asserted only together with the certificate that N is that basis."""
    (n, m), l = objects["A"].shape, objects["B"].ncols
    target = min(n, l)
    meet_zero = AND(_null_basis_ok(objects), eq(R("NB"), add(R("N"), R("B"))))
    meet_nonzero = AND(_null_basis_ok(objects), lt(R("NB"), add(R("N"), R("B"))))
    full = AND(eq(R("A"), min(n, m)), eq(R("B"), min(m, l)))
    report = {"rank_A": R("A"), "rank_B": R("B"), "rank_AB": R("AB"), "rank_NB": R("NB"),
              "null_A_meets_col_B_only_in_0": meet_zero}
    if params.get("part", "fact") == "remark4":
        return implies(AND(full, n < m, l < m, eq(R("AB"), target)), NOT(meet_nonzero)), report
    hyp = AND(full, meet_zero, n < m, l < m)
    report["hypotheses_hold"] = hyp
    return implies(hyp, eq(R("AB"), target)), report


def thm7(params, objects):
    """Rouche-Kronecker-Capelli for A x = b, A m x n (n unknowns): rank A != rank [A|b] => no
    solution; rank A = rank [A|b] = n => a solution, unique (rank n: the kernel is 0); rank A =
    rank [A|b] < n => a solution and a nonzero kernel vector (rank A < n is certified by one), so
    infinitely many.  All three implications are asserted on the instance; the case's `case` names
    the branch its instance is built for."""
    n = objects["A"].ncols
    ra, rab, s = R("A"), R("Ab"), {"solvable": ["A", "b"]}
    pred = AND(implies(ne(ra, rab), NOT(s)),
               implies(AND(eq(ra, rab), eq(ra, n)), s),
               implies(AND(eq(ra, rab), lt(ra, n)), AND(s, lt(ra, n))))
    return pred, {"rank_A": ra, "rank_Ab": rab, "solvable": s, "unknowns": n}


def lemma3(params, objects):
    """Lemma 3 / 8: for w* != 0 and D diagonal without zero, P(<row_i(B^-1), w*> = 0) = 0 for every
    i.  (B^-1 w*)_i = det B_i / det B, so it holds iff det B and every det B_i are nonzero
    polynomials in the formal entries (Lemma 5), i.e. B and every B_i have full rank over Q(A, C)."""
    nm = objects["B"].nrows
    D = objects["D"]
    hyp = AND(NOT({"is_zero": "w"}), *[ne(entry("D", i, i), 0) for i in range(D.nrows)])
    concl = AND(eq(R("B"), nm), *[eq(R(f"B_{i}"), nm) for i in range(nm)])
    return implies(hyp, concl), {"generic_rank_B": R("B"),
                                 "generic_rank_B_i": [R(f"B_{i}") for i in range(nm)]}
