"""Benchmark: rational-function matrices (sigmoid-odds parameter Jacobians, `cases/rational/`).

For a one-hidden-layer sigmoid network with k units, f(u) = sum_j v_j s(w_j u + b_j), on the inputs
u = 0 .. 3k - 1, the parameter Jacobian is a 3k x 3k matrix of rational functions in the odds
a_j = e^(b_j), t_j = e^(w_j) and the output weights v_j.  Timed: `verify.generic_rank` and
`verify.det` (clearing of denominators, flint engines, the kernel's check of the certificate,
all in the library call) against sympy (`Matrix.rank` after `cancel`, and `Matrix.det` then
`cancel`).  Each measurement runs under a time cap (SIGALRM); capped runs are "> cap".
Usage: python bench/bench_rational.py [cap_s] [k ...]
"""

import os
import platform
import signal
import sys
import time

import sympy as sp

import verify


class Cap(Exception):
    pass


def _alarm(signum, frame):
    raise Cap()


def timed(fn, cap):
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(cap)
    t = time.perf_counter()
    try:
        out = fn()
        return time.perf_counter() - t, out
    except Cap:
        return None, None
    finally:
        signal.alarm(0)


def jacobian_rows(k):
    rows = []
    for u in range(3 * k):
        row = []
        for j in range(1, k + 1):
            o = f"a{j}" if u == 0 else f"a{j}*t{j}^{u}"
            row += [f"{o}/(1 + {o})", f"v{j}*{o}/(1 + {o})^2", f"{u}*v{j}*{o}/(1 + {o})^2"]
        rows.append(row)
    return rows


def main(argv):
    cap = int(argv[1]) if len(argv) > 1 else 60
    ks = [int(k) for k in argv[2:]] or [1, 2, 3]
    print(f"# python {platform.python_version()}, load {os.getloadavg()[0]:.2f}, cap {cap} s")
    print("| k | size | verify generic_rank | sympy rank | verify det | sympy det (cancel) |")
    print("|---|---|---|---|---|---|")
    for k in ks:
        rows = jacobian_rows(k)
        S = sp.Matrix([[sp.sympify(e.replace("^", "**")) for e in r] for r in rows])
        t1, r1 = timed(lambda: verify.generic_rank(rows).value, cap)
        t2, r2 = timed(lambda: S.applyfunc(sp.cancel).rank(iszerofunc=lambda e: sp.cancel(e) == 0), cap)
        t3, d3 = timed(lambda: verify.det(rows), cap)
        t4, d4 = timed(lambda: sp.cancel(S.det(method="berkowitz")), cap)
        if d3 is not None and d4 is not None:
            assert sp.cancel(sp.sympify(d3.values["det"].replace("^", "**")) - d4) == 0
        if r1 is not None and r2 is not None:
            assert r1 == r2

        def show(t, v=None):
            return f"> {cap} s" if t is None else f"{t:.2f} s" + (f" ({v})" if v is not None else "")

        print(f"| {k} | {3 * k} x {3 * k} | {show(t1, r1)} | {show(t2, r2)} | "
              f"{show(t3, None if d3 is None else d3.verdict)} | {show(t4)} |")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(sys.argv)
