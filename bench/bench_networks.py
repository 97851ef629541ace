"""Network checks at a practical size: exact Hessian / Jacobian of a 2-layer network with a few
hundred parameters on a few dozen samples, certified inertia and rank, the kernel's check, against
sympy's `hessian` of the symbolic loss and float64 (numpy; torch where installed) as the cross-check.

    python bench/bench_networks.py [REPEAT] [SYMPY_CAP_SECONDS]

Networks (deterministic, `random.Random(seed)`):
  relu     F(8, 24, 1) ReLU hidden, linear output, biases: 241 parameters, T = 32 samples; weights
           k / 64 (dyadic, as float32-trained weights read exactly are), data k / 4, no zero
           pre-activation.
  logistic F(4, 24, 1) logistic hidden units by their odds (p / q, p, q <= 4), linear output,
           biases: 145 parameters, T = 16 integer samples.
Stages (medians of REPEAT runs, each in this process): builder Hessian H and Jacobian P
(verify.builders.network), engine inertia of H and rank of P (certificates), kernel check of them
(verify.kernel.rules on the JSON round trip), float64 eigvalsh / matrix_rank of the same matrices;
sympy: `sympy.hessian` of the loss written symbolically, substituted at the point (one run, in a
subprocess killed at the cap).
"""

import json
import multiprocessing as mp
import os
import platform
import random
import statistics
import sys
import time
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from verify.builders.network import Layer, Network  # noqa: E402
from verify.kernel.exact import Matrix  # noqa: E402


def relu_net(seed=1, n0=8, n1=24, T=32):
    rng = random.Random(seed)
    while True:
        A1 = Matrix(n1, n0 + 1, [[Fraction(rng.randint(-64, 64), 64) for _ in range(n0 + 1)] for _ in range(n1)])
        A2 = Matrix(1, n1 + 1, [[Fraction(rng.randint(-64, 64), 64) for _ in range(n1 + 1)]])
        X = Matrix(n0, T, [[Fraction(rng.randint(-8, 8), 4) for _ in range(T)] for _ in range(n0)])
        Y = Matrix(1, T, [[rng.randint(0, 1) for _ in range(T)]])
        net = Network([n0, n1, 1], [Layer("relu", A1, True), Layer("linear", A2, True)], scale=Fraction(1, T))
        try:
            net.check_pattern(X)
            return net, X, Y
        except ValueError:
            continue


def logistic_net(seed=2, n0=4, n1=24, T=16):
    rng = random.Random(seed)
    A1 = Matrix(n1, n0 + 1, [[Fraction(rng.randint(1, 4), rng.randint(1, 4)) for _ in range(n0 + 1)]
                             for _ in range(n1)])
    A2 = Matrix(1, n1 + 1, [[Fraction(rng.randint(-8, 8), 4) for _ in range(n1 + 1)]])
    X = Matrix(n0, T, [[rng.randint(0, 1) for _ in range(T)] for _ in range(n0)])
    Y = Matrix(1, T, [[rng.randint(0, 1) for _ in range(T)]])
    return Network([n0, n1, 1], [Layer("logistic", A1, True), Layer("linear", A2, True)], scale=Fraction(1, T)), X, Y


NETS = {"relu": relu_net, "logistic": logistic_net}


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def kernel_check(M, name, obs):
    from verify.kernel.exact import decode_matrix, encode_matrix
    from verify.kernel.rules import check_obligation

    objects = {name: decode_matrix(json.loads(json.dumps(encode_matrix(M))), name)}
    facts = [check_obligation(json.loads(json.dumps(ob)), objects) for ob in obs]
    return facts


def float_inertia(M):
    import numpy as np

    A = np.array([[float(x) for x in r] for r in M.rows])
    ev = np.linalg.eigvalsh(A)
    tol = np.abs(ev).max() * A.shape[0] * np.finfo(float).eps
    return [int((ev > tol).sum()), int((ev < -tol).sum()), int((abs(ev) <= tol).sum())]


def float_rank(M):
    import numpy as np

    return int(np.linalg.matrix_rank(np.array([[float(x) for x in r] for r in M.rows])))


def torch_checks(H, P):
    try:
        import torch
    except ImportError:
        return None
    Ht = torch.tensor([[float(x) for x in r] for r in H.rows], dtype=torch.float64)
    Pt = torch.tensor([[float(x) for x in r] for r in P.rows], dtype=torch.float64)
    t = time.perf_counter()
    ev = torch.linalg.eigvalsh(Ht)
    tol = ev.abs().max() * Ht.shape[0] * torch.finfo(torch.float64).eps
    inert = [int((ev > tol).sum()), int((ev < -tol).sum()), int((ev.abs() <= tol).sum())]
    r = int(torch.linalg.matrix_rank(Pt))
    return {"seconds": time.perf_counter() - t, "inertia": inert, "rank": r, "torch": torch.__version__}


def sympy_hessian(kind, q):
    """sympy.hessian of the loss (relu: the pattern of the point, as sympy's Piecewise would pick),
    substituted at the point; the inertia of the result is not computed (the Hessian alone)."""
    import sympy as sp

    net, X, Y = NETS[kind]()
    t = time.perf_counter()
    syms = {}
    for l, lay in enumerate(net.layers, start=1):
        for k in range(lay.A.nrows):
            for j in range(lay.A.ncols):
                syms[(l, k, j)] = sp.Symbol(f"p{l}_{k}_{j}")
    order = [syms[p] for p in net.index()]
    point = {}
    for (l, k, j), s in syms.items():
        e = Fraction(net.layers[l - 1].A.rows[k][j])
        e = sp.Rational(e.numerator, e.denominator)
        point[s] = sp.log(e) if net.layers[l - 1].act == "logistic" else e
    J = 0
    for i in range(X.ncols):
        x = [sp.Rational(Fraction(X.rows[j][i]).numerator, Fraction(X.rows[j][i]).denominator)
             for j in range(X.nrows)] + [1]
        _, s0, d1, _ = net.forward([X.rows[j][i] for j in range(X.nrows)], i)
        h = []
        for k in range(net.widths[1]):
            z = sum(syms[(1, k, j)] * x[j] for j in range(len(x)))
            if kind == "relu":
                h.append(z if d1[1][k] == 1 else 0)
            else:
                h.append(1 / (1 + sp.exp(-z)))
        f = sum(syms[(2, 0, k)] * h[k] for k in range(len(h))) + syms[(2, 0, len(h))]
        J += (f - Y.rows[0][i]) ** 2
    J = J / X.ncols
    H = sp.hessian(J, order)
    H = H.xreplace(point)
    if kind == "logistic":
        H = H.applyfunc(sp.nsimplify)
    q.put(time.perf_counter() - t)


def run_sympy(kind, cap):
    q = mp.Queue()
    p = mp.Process(target=sympy_hessian, args=(kind, q))
    p.start()
    p.join(cap)
    if p.is_alive():
        p.kill()
        p.join()
        return None
    return q.get() if not q.empty() else None


def main():
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cap = float(sys.argv[2]) if len(sys.argv) > 2 else 120
    from importlib.metadata import version

    from verify.checks.base import Context

    ctx = Context(seed=b"bench-networks")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
          f"numpy {version('numpy')}, python-flint {version('python-flint')}, sympy {version('sympy')}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; median of {repeat} runs")
    print()
    print("| network | parameters | samples | builder Hessian | builder Jacobian | engine inertia(H) | kernel check "
          "inertia | engine rank(P) | kernel check rank | inertia | rank P | float64 inertia / rank | "
          "torch float64 | sympy.hessian |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for kind, make in NETS.items():
        net, X, Y = make()
        rows = {k: [] for k in ("H", "P", "ei", "ki", "er", "kr", "f")}
        for _ in range(repeat):
            t, H = timed(lambda: net.hessian(X, Y))
            rows["H"].append(t)
            t, P = timed(lambda: net.jacobian(X))
            rows["P"].append(t)
            t, (inert, iobs) = timed(lambda: ctx.engines.inertia_certificate(H, "H", seed=ctx.seed))
            rows["ei"].append(t)
            t, _ = timed(lambda: kernel_check(H, "H", iobs))
            rows["ki"].append(t)
            t, (r, robs) = timed(lambda: ctx.engines.rank_certificate(P, "P", seed=ctx.seed))
            rows["er"].append(t)
            t, _ = timed(lambda: kernel_check(P, "P", robs))
            rows["kr"].append(t)
            t, (fi, fr) = timed(lambda: (float_inertia(H), float_rank(P)))
            rows["f"].append(t)
        tc = torch_checks(H, P)
        sy = run_sympy(kind, cap)
        med = {k: statistics.median(v) for k, v in rows.items()}
        tt = "not installed" if tc is None else f"{tc['seconds']:.3g} s, {tc['inertia']} / {tc['rank']}"
        print(f"| {kind} F{tuple(net.widths)} | {net.n_params} | {X.ncols} | {med['H']:.3g} s | {med['P']:.3g} s | "
              f"{med['ei']:.3g} s | {med['ki']:.3g} s | {med['er']:.3g} s | {med['kr']:.3g} s | {list(inert)} | {r} | "
              f"{med['f']:.3g} s, {fi} / {fr} | {tt} | {'> %g s' % cap if sy is None else '%.3g s' % sy} |",
              flush=True)


if __name__ == "__main__":
    main()
