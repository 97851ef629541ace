"""Hand-built result records and certificates for the report tests (CONTRACTS.md sections 3, 7).

The numbers are small and checked by hand (or by the tests themselves, e.g. the kernel basis of
the 3x3 rank-2 matrix below), so the reports show real, consistent data.
"""

import copy

from verify.kernel.exact import decode_matrix, matrix_hash

SHA = "sha256:" + "ab" * 32


def _cert(case_id, check, objects, obligations, value, verdict, expect=None, claim=None, params=None,
          predicate=None, report=None, witness=None):
    return {
        "format": "verify-certificate/1",
        "case": {"file": "cases/sample.yaml", "file_sha256": "cd" * 32, "id": case_id},
        "check": check, "claim": claim, "params": params or {}, "witness": witness, "expect": expect,
        "objects": objects, "obligations": obligations,
        "conclusion": {"value": value, "verdict": verdict, "predicate": predicate, "report": report or {}},
        "meta": {"engine": "flint", "versions": {"python-flint": "0.6.0", "python": "3.11.9"},
                 "seconds": {"engine": 0.0123, "kernel": 0.0045}, "created_by": "verify 0.1.0"},
    }


def _result(case_id, title, source, check, verdict, value, expect=None, claim=None, crosscheck=None,
            reason=None, checked=None, notes=None, seconds=0.25):
    return {"id": case_id, "title": title, "source": source, "file": "cases/sample.yaml", "check": check,
            "claim": claim, "verdict": verdict, "value": value, "expect": expect,
            "certificate": f"out/{case_id}.cert.json" if verdict != "ERROR" else None,
            "report": f"out/{case_id}.md", "seconds": seconds, "reason": reason,
            "checked": checked or [], "crosscheck": crosscheck or [], "notes": notes or []}


# A = [[1,2,3],[4,5,6],[7,8,9]] has rank 2; its kernel is spanned by (1, -2, 1).
RANK2 = {"shape": [3, 3], "rows": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}
RANK2_BASIS = {"shape": [3, 1], "rows": [[1], [-2], [1]]}


def samples():
    """[(result, cert)] for every kind of page: rank CONFIRMED / REFUTED, UNKNOWN, ERROR, inertia,
    detbool, claim."""
    out = []

    # CONFIRMED: a 9x9 full-rank Khatri-Rao product (rank_ge 9 + trivial rank_le)
    cert = _cert("kr-d3-full", "rank", {"M": {"shape": [9, 9], "sha256": SHA, "kind": "integer"}},
                 [{"rule": "rank_ge", "matrix": "M", "r": 9, "rows": list(range(9)), "cols": list(range(9)),
                   "prime": 2305843009213693951},
                  {"rule": "rank_le", "matrix": "M", "r": 9, "side": "trivial"}],
                 {"rank": 9}, "CONFIRMED", expect={"rank": "full"})
    res = _result("kr-d3-full", "Khatri-Rao product of two 3 x 9 matrices has full rank", "004, Lemma 2",
                  "rank", "CONFIRMED", {"rank": 9}, expect={"rank": "full"}, checked=["rank_ge", "rank_le"],
                  crosscheck=[{"backend": "float64", "device": "cpu", "dtype": "float64", "rank": 9,
                               "tolerance": 1.9e-14, "gap": 3.2e12, "status": "agrees",
                               "singular_values": [41.2, 20.3, 11.0, 7.5, 3.3, 2.0, 1.1, 0.52, 0.061]}])
    out.append((res, cert))

    # REFUTED: the case expects full rank of the 3x3 matrix RANK2, which has rank 2
    cert = _cert("rank-refuted", "rank", {"M": {"shape": [3, 3], "sha256": matrix_hash(decode_matrix(RANK2)),
                                                "kind": "integer", "matrix": RANK2}},
                 [{"rule": "rank_ge", "matrix": "M", "r": 2, "rows": [0, 1], "cols": [0, 1], "prime": 1000003},
                  {"rule": "rank_le", "matrix": "M", "r": 2, "side": "right", "basis": RANK2_BASIS,
                   "basis_rows": [0], "basis_cols": [0], "prime": 1000003}],
                 {"rank": 2}, "REFUTED", expect={"rank": "full"})
    res = _result("rank-refuted", "The 3 x 3 counting matrix has full rank", "test", "rank", "REFUTED",
                  {"rank": 2}, expect={"rank": "full"}, checked=["rank_ge", "rank_le"],
                  crosscheck=[{"backend": "float64", "device": "cpu", "rank": 2, "tolerance": 3.6e-15,
                               "status": "agrees", "singular_values": [16.8, 1.07, 0.0]},
                              {"backend": "gpu", "device": "NVIDIA H100", "rank": 3, "tolerance": 1e-20,
                               "status": "disagrees", "singular_values": [16.8, 1.07, 3e-16]}])
    out.append((res, cert))

    # UNKNOWN: only a lower bound could be certified
    cert = _cert("big-unknown", "rank", {"M": {"shape": [5000, 5000], "sha256": SHA, "kind": "integer"}},
                 [{"rule": "rank_ge", "matrix": "M", "r": 4000, "rows": list(range(4000)),
                   "cols": list(range(1000, 5000)), "prime": 4611686018427387847}],
                 None, "UNKNOWN", expect={"rank": 4999})
    res = _result("big-unknown", "Rank of a large matrix", "001 (42)", "rank", "UNKNOWN", None,
                  expect={"rank": 4999}, reason="time limit 60 s reached after the lower bound 4000",
                  checked=["rank_ge"])
    out.append((res, cert))

    # ERROR: malformed case, no certificate
    res = _result("bad-float", "Malformed <b>case</b>", "", "rank", "ERROR", None,
                  reason="cases/bad.yaml: case bad-float: let.A: float literal 0.1; write \"0.1\"")
    out.append((res, None))

    # inertia: diag(2, -1/3) and a 2x2 block [[0, 1], [1, 0]] -> (2, 2, 0)
    D = {"shape": [4, 4], "rows": [[2, 0, 0, 0], [0, "-1/3", 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]}
    L = {"shape": [4, 4], "rows": [[1, 0, 0, 0], ["1/2", 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]}
    cert = _cert("hess-inertia", "inertia", {"M": {"shape": [4, 4], "sha256": SHA, "kind": "rational"}},
                 [{"rule": "inertia", "matrix": "M", "perm": [0, 1, 2, 3], "L": L, "D": D, "blocks": [1, 1, 2],
                   "value": [2, 2, 0]}],
                 {"inertia": [2, 2, 0]}, "CONFIRMED", expect={"definiteness": "indefinite"})
    res = _result("hess-inertia", "Hessian at the saddle is indefinite", "002, Lemma 4.3", "inertia",
                  "CONFIRMED", {"inertia": [2, 2, 0]}, expect={"definiteness": "indefinite"},
                  checked=["inertia"],
                  crosscheck=[{"backend": "float64", "device": "cpu", "status": "agrees", "tolerance": 1e-13,
                               "eigenvalues": [-1.2, -0.33, 1.0, 2.5]}])
    out.append((res, cert))

    # detbool: a perfect matching (COMPUTED, no expect) and a Hall violator
    cert = _cert("gia-detbool-1", "boolean_determinant",
                 {"M": {"shape": [3, 3], "sha256": SHA, "kind": "integer"}},
                 [{"rule": "detbool", "matrix": "M", "value": 1, "matching": [2, 0, 1]}],
                 {"detbool": 1}, "COMPUTED")
    res = _result("gia-detbool-1", "Support has a perfect matching", "004, Lemma 5", "boolean_determinant",
                  "COMPUTED", {"detbool": 1}, checked=["detbool"])
    out.append((res, cert))
    cert = _cert("gia-detbool-0", "boolean_determinant",
                 {"M": {"shape": [3, 3], "sha256": SHA, "kind": "integer"}},
                 [{"rule": "detbool", "matrix": "M", "value": 0, "hall_rows": [0, 2], "hall_cols": [1]}],
                 {"detbool": 0}, "CONFIRMED", expect={"detbool": 0})
    res = _result("gia-detbool-0", "Support has no perfect matching", "004, Lemma 5", "boolean_determinant",
                  "CONFIRMED", {"detbool": 0}, expect={"detbool": 0}, checked=["detbool"])
    out.append((res, cert))

    # claim with a predicate and reported values
    pred = {"ge": [{"rank": "P"}, {"sub": [{"mul": [2, {"rank": "Phi"}]}, 1]}]}
    cert = _cert("shen-prop2-small", "claim",
                 {"P": {"shape": [5, 4], "sha256": SHA, "kind": "rational"},
                  "Phi": {"shape": [3, 4], "sha256": SHA, "kind": "integer"}},
                 [{"rule": "rank_ge", "matrix": "P", "r": 3, "rows": [0, 1, 2], "cols": [0, 1, 3], "prime": 101},
                  {"rule": "rank_le", "matrix": "P", "r": 3, "side": "left",
                   "basis": {"shape": [2, 5], "rows": [[1, 0, -1, 0, 0], [0, 1, 0, "-1/2", 0]]},
                   "basis_rows": [0, 1], "basis_cols": [0, 1], "prime": 101},
                  {"rule": "rank_ge", "matrix": "Phi", "r": 2, "rows": [0, 1], "cols": [0, 1], "prime": 101},
                  {"rule": "rank_le", "matrix": "Phi", "r": 2, "side": "right",
                   "basis": {"shape": [4, 2], "rows": [[1, 0], [0, 1], [{"poly": [[1, {"x": 1}]]}, 0], [0, 0]]},
                   "basis_rows": [0, 1], "basis_cols": [0, 1], "prime": 101, "point": {"x": "3/2"},
                   "label": "phi-bound"}],
                 {"holds": True, "lhs": 3, "rhs": 3}, "CONFIRMED", expect={"verdict": "confirmed"},
                 claim="shen.prop2", params={"n": [2, 3, 1], "T": 4}, predicate=pred,
                 report={"lhs": {"rank": "P"}, "rhs": {"sub": [{"mul": [2, {"rank": "Phi"}]}, 1]}},
                 witness={"shape": [2, 2], "rows": [[{"poly": [[2, {"x": 2, "y": 1}], ["-1/2", {}]]}, 0],
                                                    [0, "7/3"]]})
    res = _result("shen-prop2-small", "Proposition 2 lower bound on a small network", "001 (23)", "claim",
                  "CONFIRMED", {"holds": True, "lhs": 3, "rhs": 3}, expect={"verdict": "confirmed"},
                  claim="shen.prop2", checked=["rank_ge", "rank_le", "rank_ge", "rank_le"],
                  notes=["the bound is attained (tight) on this instance",
                         "smallest witness found: T = 4"])
    res["params"] = {"n": [2, 3, 1], "T": 4}
    out.append((res, cert))
    return copy.deepcopy(out)


HOSTILE_TITLE = '<script>alert("x")</script> & <img src="http://evil.example/x.png"> | *bold*'
