"""Benchmark: exact inertia of deep-linear-network Hessians (H = 3, all widths w in {4, 8, 16}, 4 w^2
parameters) by the congruence certificate: engine (`verify.engines.inertia_certificate`) and kernel
check (`verify.kernel.rules.check_obligation`) timed separately, at a random integer point (the
instance of bench_deep_linear.py, nonsingular) and at two singular critical points (an index-set
point of Theorem 2.3's data, and two zero layers).  Float64 eigvalsh inertia alongside, as a
cross-check only.  Usage: python bench/bench_inertia.py [widths...]
"""

import json
import platform
import sys
import time

import flint
import numpy as np

sys.path.insert(0, "bench")
from bench_deep_linear import instance  # noqa: E402

from verify.builders import deep_linear as dl  # noqa: E402
from verify.engines import inertia_certificate  # noqa: E402
from verify.engines.inertia import ldlt, count_inertia  # noqa: E402
from verify.kernel.rules import check_obligation  # noqa: E402


def float_inertia(H):
    ev = np.linalg.eigvalsh(np.array([[float(x) for x in r] for r in H.rows]))
    tol = np.abs(ev).max() * H.nrows * np.finfo(float).eps
    return [int((ev > tol).sum()), int((ev < -tol).sum()), int((abs(ev) <= tol).sum())]


def points(w):
    dims, Ws, X, Y = instance(w)
    yield "random point", Ws, X, Y
    data = dl.make_data(w, w, seed=1)
    yield "critical: index set, #I = w/2", dl.index_set_point(data, [w] * 5, list(range(w // 2))), data.X, data.Y
    yield "critical: W1 = W2 = 0", dl.zero_layers_point([w] * 5, {1, 2}), data.X, data.Y


def main():
    widths = [int(a) for a in sys.argv[1:]] or [4, 8, 16]
    print(f"machine: {platform.machine()} {platform.processor() or ''}, python {platform.python_version()}, "
          f"numpy {np.__version__}, python-flint {flint.__version__}")
    print("| widths (H=3) | n | point | engine | kernel check | certificate | max bits of U | inertia | float64 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for w in widths:
        for label, Ws, X, Y in points(w):
            H = dl.hessian(Ws, X, Y)
            t = time.perf_counter()
            value, obs = inertia_certificate(H, "H")
            te = time.perf_counter() - t
            text = json.dumps(obs[0])
            t = time.perf_counter()
            fact = check_obligation(json.loads(text), {"H": H})
            tk = time.perf_counter() - t
            bits = max(abs(x) for r in obs[0]["U"]["rows"] for x in r).bit_length() if "U" in obs[0] else "-"
            print(f"| {w},{w},{w} | {H.nrows} | {label} | {te:.3g} s | {tk:.3g} s | {len(text) / 1e6:.2g} MB | "
                  f"{bits} | {list(fact[2])} | {float_inertia(H)} |", flush=True)
    dims, Ws, X, Y = instance(4)
    H = dl.hessian(Ws, X, Y)
    t = time.perf_counter()
    perm, L, D, blocks = ldlt(H)
    print(f"\nexact Fraction LDL^T at w = 4 (n = 64), for comparison: {time.perf_counter() - t:.3g} s, "
          f"inertia {list(count_inertia(D, blocks))}")


if __name__ == "__main__":
    main()
