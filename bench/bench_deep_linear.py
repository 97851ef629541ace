"""Benchmark: exact Hessian (+ exact inertia) of a deep linear network, H = 3, all widths w in
{4, 8, 16} (4 w^2 parameters), against sympy's `hessian` of the symbolic loss and a float64 numpy
computation (closed-form Kronecker blocks + eigvalsh).  Each measurement runs under a time cap
(SIGALRM); capped runs are reported as "> cap".  The exact inertia is timed in the engine and in the kernel's check of its certificate.
Usage: python bench/bench_deep_linear.py [cap_s] [reps]
"""

import platform
import random
import signal
import statistics
import sys
import time

import numpy as np
import sympy

from verify.builders import deep_linear as dl
from verify.engines import inertia_certificate
from verify.kernel.exact import Matrix
from verify.kernel.rules import check_obligation


class Cap(Exception):
    pass


def _alarm(signum, frame):
    raise Cap()


def timed(fn, cap, reps):
    out, vals = None, []
    for _ in range(reps):
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(int(cap))
        t = time.perf_counter()
        try:
            out = fn()
        except Cap:
            return None, f"> {cap} s"
        finally:
            signal.alarm(0)
        vals.append(time.perf_counter() - t)
    return out, f"{statistics.median(vals):.3g} s"


def instance(w, seed=0):
    rng = random.Random(seed)
    dims = [w] * 5
    Ws = [Matrix.from_rows([[rng.randint(-2, 2) for _ in range(w)] for _ in range(w)]) for _ in range(4)]
    X = Matrix.from_rows([[rng.randint(-2, 2) for _ in range(w + 1)] for _ in range(w)])
    Y = Matrix.from_rows([[rng.randint(-2, 2) for _ in range(w + 1)] for _ in range(w)])
    return dims, Ws, X, Y


def float_hessian(Ws, X, Y):
    W = [np.array(M.rows, dtype=float) for M in Ws]
    Xf, Yf = np.array(X.rows, dtype=float), np.array(Y.rows, dtype=float)
    n = len(W)

    def chain(hi, lo):
        M = np.eye(W[hi - 1].shape[0]) if hi < lo else W[hi - 1]
        for k in range(hi - 1, lo - 1, -1):
            M = M @ W[k - 1]
        return M if hi >= lo else np.eye(W[lo - 2].shape[0])

    A = {k: chain(n, k + 1) if k < n else np.eye(W[-1].shape[0]) for k in range(1, n + 1)}
    B = {k: (chain(k - 1, 1) if k > 1 else np.eye(Xf.shape[0])) @ Xf for k in range(1, n + 1)}
    R = A[1] @ W[0] @ Xf - Yf
    blocks = {}
    for i in range(1, n + 1):
        for j in range(1, i + 1):
            blk = np.kron(A[i].T @ A[j], B[i] @ B[j].T)
            if i > j:
                G = A[i].T @ R @ B[j].T
                M = chain(i - 1, j + 1) if i - 1 >= j + 1 else np.eye(W[j - 1].shape[0])
                S = np.einsum("ad,bc->abcd", G, M).reshape(blk.shape)
                blk = blk + S
                blocks[(j, i)] = blk.T
            blocks[(i, j)] = blk
    order = list(range(n, 0, -1))
    Hf = np.block([[blocks[(i, j)] for j in order] for i in order])
    ev = np.linalg.eigvalsh(Hf)
    tol = ev.max() * Hf.shape[0] * np.finfo(float).eps
    return Hf, (int((ev > tol).sum()), int((ev < -tol).sum()), int((abs(ev) <= tol).sum()))


def sympy_hessian(dims, X, Y):
    mats = [sympy.Matrix(dims[k], dims[k - 1], lambda i, j, k=k: sympy.Symbol(f"w{k}_{i}_{j}")) for k in range(1, len(dims))]
    P = mats[-1]
    for M in reversed(mats[:-1]):
        P = P * M
    Rm = P * sympy.Matrix(X.rows) - sympy.Matrix(Y.rows)
    L = sum(e ** 2 for e in Rm) / 2
    syms = [s for k in range(len(dims) - 1, 0, -1) for s in mats[k - 1]]
    return sympy.hessian(L, syms)


def main():
    if any(a in ("-h", "--help") for a in sys.argv[1:]):
        print(__doc__)
        return
    cap = float(sys.argv[1]) if len(sys.argv) > 1 else 120
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(f"machine: {platform.machine()} {platform.processor() or ''}, python {platform.python_version()}, "
          f"numpy {np.__version__}, sympy {sympy.__version__}; cap {cap:g} s, median of {reps}")
    print("| widths (H=3) | parameters | exact Hessian | exact inertia (engine) | kernel check | inertia | sympy hessian (symbolic) | float64 Hessian+eigvalsh | float inertia |")
    print("|---|---|---|---|---|---|---|---|---|")
    for w in (4, 8, 16):
        dims, Ws, X, Y = instance(w)
        H, t_h = timed(lambda: dl.hessian(Ws, X, Y), cap, reps)
        inert, t_i, t_k = (None, "skipped", "skipped")
        if H is not None:
            res, t_i = timed(lambda: inertia_certificate(H, "H"), cap, 1)
            if res is not None:
                inert, obligations = res
                _, t_k = timed(lambda: [check_obligation(ob, {"H": H}) for ob in obligations], cap, 1)
        _, t_s = timed(lambda: sympy_hessian(dims, X, Y), cap, 1)
        fres, t_f = timed(lambda: float_hessian(Ws, X, Y), cap, reps)
        if fres is not None and H is not None:
            assert np.allclose(fres[0], np.array([[float(x) for x in r] for r in H.rows]))
        print(f"| {w},{w},{w} | {4 * w * w} | {t_h} | {t_i} | {t_k} | {list(inert) if inert else '-'} | {t_s} | {t_f} | "
              f"{list(fres[1]) if fres else '-'} |", flush=True)


if __name__ == "__main__":
    main()
