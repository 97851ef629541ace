"""Exact rank of Khatri-Rao products at scale: our float64-BLAS modular path against the others.

For each d: A, B random d x d^2 integers in -9..9 (numpy default_rng(seed)), K = A (.) B
(column-wise Khatri-Rao, d^2 x d^2).  Every stage runs in its own process (fresh peak memory,
`resource.getrusage(...).ru_maxrss`), each `--repeat` times; the table gives the median (and min).

Stages
  build           A, B and K in numpy int64
  ours            rank_certificate_np: prime from the seed, LU mod p on float64 BLAS, obligations
  check           kernel side: check_rank_ge (and check_rank_le_right for the deficient case)
  flint-convert   fmpz_mat(K.tolist())                 (python-flint route, part 1)
  flint-rank      nmod_mat(fmpz_mat, p).rank()         (part 2; the rank mod p only, no pivots)
  sympy           DomainMatrix(ZZ).rank()              (only for d <= --sympy-max)
  numpy-svd       numpy.linalg.matrix_rank(float64)   (a float answer, never a verdict)
and the rank-deficient variant (three columns replaced by small combinations of others, rank
d^2 - 3), where `ours` also produces an exact kernel over Q (kernel mod p from the same LU by
back substitution, rational reconstruction, exact check A N = 0) and `check` checks rank_le too.

Usage: python bench/bench_kr_rank.py --d 16 32 48 64 --repeat 3 [--write bench/RESULTS.md]
"""

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

STAGES = ["build", "ours", "check", "flint-convert", "flint-rank", "sympy", "numpy-svd"]
DEF_STAGES = ["ours-def", "check-def", "flint-rank-def"]


def build(d, seed, deficient=False):
    from verify.engines.modular import khatri_rao_columns_np
    rng = np.random.default_rng(seed)
    A = rng.integers(-9, 10, (d, d * d))
    B = rng.integers(-9, 10, (d, d * d))
    K = khatri_rao_columns_np(A, B)
    if deficient:                                   # rank d^2 - 3
        n = K.shape[1]
        cols = rng.choice(n, 3, replace=False)
        keep = np.setdiff1d(np.arange(n), cols)
        for j in cols:
            src = rng.choice(keep, 5, replace=False)
            K[:, j] = K[:, src] @ rng.integers(-2, 3, 5)
    return K


def _maxrss_mb():
    """Peak resident memory of this process: VmHWM (reset at exec, unlike ru_maxrss on Linux)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(stage, d, seed):
    """Run one stage in this process; print a JSON line {seconds, maxrss_mb, result}."""
    from verify.engines import modular as E
    from verify.kernel import modular as KM
    deficient = stage.endswith("-def")
    c_start = time.process_time()
    t0 = time.perf_counter()
    K = build(d, seed, deficient)
    t_build = time.perf_counter() - t0
    c_build = time.process_time() - c_start
    c0 = time.process_time()
    case_seed = f"bench-kr-d{d}-{seed}".encode()
    p = E.derive_small_prime(case_seed, "flint")
    result = None
    if stage == "build":
        t, c0 = t_build, c_start
    elif stage in ("ours", "ours-def"):
        t0 = time.perf_counter()
        r, obs = E.rank_certificate_np(K, "K", case_seed)
        t = time.perf_counter() - t0
        result = {"rank": r, "prime": obs[0]["prime"], "le": obs[1]["side"]}
    elif stage in ("check", "check-def"):
        from verify.kernel.exact import decode_matrix
        r, obs = E.rank_certificate_np(K, "K", case_seed)
        ge, le = obs
        c0 = time.process_time()
        t0 = time.perf_counter()
        KM.check_rank_ge(K, ge["r"], ge["rows"], ge["cols"], ge["prime"])
        if le["side"] == "right":
            N = KM.integer_columns([list(row) for row in decode_matrix(le["basis"]).rows])
            KM.check_rank_le_right(K, le["r"], N, le["basis_rows"], le["basis_cols"], le["prime"])
        t = time.perf_counter() - t0
        result = {"rank_ge": ge["r"], "rank_le": le["r"]}
    elif stage in ("flint-convert", "flint-rank", "flint-rank-def"):
        import flint
        t0 = time.perf_counter()
        F = flint.fmpz_mat(K.tolist())
        t_conv = time.perf_counter() - t0
        if stage == "flint-convert":
            t = t_conv
        else:
            c0 = time.process_time()
            t0 = time.perf_counter()
            r = flint.nmod_mat(F, p).rank()
            t = time.perf_counter() - t0
            result = {"rank": r, "convert_s": t_conv}
    elif stage == "sympy":
        from sympy import ZZ
        from sympy.polys.matrices import DomainMatrix
        t0 = time.perf_counter()
        M = DomainMatrix([[ZZ(int(x)) for x in row] for row in K.tolist()], K.shape, ZZ)
        r = M.rank()
        t = time.perf_counter() - t0
        result = {"rank": r}
    elif stage == "numpy-svd":
        t0 = time.perf_counter()
        r = int(np.linalg.matrix_rank(K.astype(np.float64)))
        t = time.perf_counter() - t0
        result = {"rank": r}
    else:
        raise SystemExit(f"unknown stage {stage}")
    cpu = time.process_time() - c0
    print(json.dumps({"seconds": t, "cpu": cpu, "maxrss_mb": _maxrss_mb(), "result": result}))


def run_stage(stage, d, seed, timeout, threads):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", stage, "--d", str(d), "--seed", str(seed)]
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads),
               MKL_NUM_THREADS=str(threads))
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True, env=env)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "cpu": None, "maxrss_mb": None, "result": f"timeout {timeout}s"}
    except subprocess.CalledProcessError as e:
        return {"seconds": None, "cpu": None, "maxrss_mb": None,
                "result": "error: " + e.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def matmul_gflops(n=4096, reps=3):
    a = np.random.default_rng(0).integers(0, 1 << 20, (n, n)).astype(np.float64)
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        a @ a
        best = min(best, time.perf_counter() - t0)
    return 2 * n ** 3 / best / 1e9


def machine():
    model = "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    import flint
    import sympy
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "flint": flint.__version__, "sympy": sympy.__version__,
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "load_before": os.getloadavg()}


def fmt(x, digits=2):
    return "—" if x is None else f"{x:.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--d", type=int, nargs="+", default=[16, 32, 48, 64])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sympy-max", type=int, default=16, help="largest d for the sympy stage")
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--stages", nargs="+", default=STAGES + DEF_STAGES)
    ap.add_argument("--blas-threads", type=int, default=1,
                    help="OPENBLAS/OMP threads for every stage (1: steadiest on a shared machine)")
    ap.add_argument("--write", metavar="FILE", help="also write the Markdown table to FILE")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker == "gflops":
        return print(json.dumps(matmul_gflops()))
    if a.worker:
        return worker(a.worker, a.d[0], a.seed)

    info = machine()
    info["threads"] = a.blas_threads
    gf = json.loads(subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--worker", "gflops"], capture_output=True, text=True,
        env=dict(os.environ, OPENBLAS_NUM_THREADS=str(a.blas_threads)), check=True).stdout)
    rows = []
    for d in a.d:
        n = d * d
        runs = {}
        for rep in range(a.repeat):                     # interleaved: each pass runs every stage once
            for stage in a.stages:
                if stage == "sympy" and d > a.sympy_max:
                    continue
                if rep and (stage == "sympy" or (stage == "numpy-svd" and d > 32)):
                    continue                            # slow references: one run
                runs.setdefault(stage, []).append(run_stage(stage, d, a.seed, a.timeout, a.blas_threads))
                print(f"d={d} rep={rep} {stage}: {runs[stage][-1]}", file=sys.stderr, flush=True)
        res = {}
        for stage, rs in runs.items():
            secs = [r["seconds"] for r in rs if r["seconds"] is not None]
            cpus = [r["cpu"] for r in rs if r.get("cpu") is not None]
            res[stage] = {"median": statistics.median(secs) if secs else None, "min": min(secs) if secs else None,
                          "cpu": statistics.median(cpus) if cpus else None, "runs": len(rs),
                          "maxrss_mb": max((r["maxrss_mb"] or 0) for r in rs) or None, "result": rs[-1]["result"]}
        rows.append((d, n, res))
    info["load_after"] = os.getloadavg()
    text = report(info, gf, rows, a)
    print(text)
    if a.write:
        with open(a.write, "w") as f:
            f.write(text)


def report(info, gf, rows, a):
    lines = [f"Machine: {info['cpu']}, {info['cores']} cores; Python {info['python']}, numpy {info['numpy']}, "
             f"python-flint {info['flint']}, sympy {info['sympy']}; {info['date']}.",
             f"Load average before/after (other jobs share the 2 cores): {info['load_before'][0]:.1f} / "
             f"{info['load_after'][0]:.1f}.  numpy float64 matmul (4096^3, best of 3, this run): "
             f"{gf:.0f} GFLOP/s with {info['threads']} BLAS thread(s) (the setting of every stage).  "
             "Wall seconds: median of the runs (min in brackets); CPU seconds: median; "
             "peak RSS of the stage's process in MB.", "",
             "| d | n = d² | stage | runs | wall s median (min) | CPU s | peak MB | result |",
             "|---|---|---|---|---|---|---|---|"]
    for d, n, res in rows:
        for stage, v in res.items():
            lines.append(f"| {d} | {n} | {stage} | {v['runs']} | {fmt(v['median'])} ({fmt(v['min'])}) | "
                         f"{fmt(v['cpu'])} | {fmt(v['maxrss_mb'], 0)} | {json.dumps(v['result'])} |")
    lines += ["", "| d | n | LU flops (2/3)n³ | at matmul peak s | ours s | ours / peak | flint route s "
              "(convert + rank) | flint / ours | flint / (ours + check) | check / ours |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for d, n, res in rows:
        flops = 2 / 3 * n ** 3
        ideal = flops / gf / 1e9
        ours = res.get("ours", {}).get("median")
        chk = res.get("check", {}).get("median")
        fc = res.get("flint-convert", {}).get("median")
        fr = res.get("flint-rank", {}).get("median")
        fl = fc + fr if fc is not None and fr is not None else None
        ratio = lambda x, y: f"{x / y:.1f}×" if x is not None and y else "—"
        lines.append(f"| {d} | {n} | {flops / 1e9:.1f} G | {ideal:.2f} | {fmt(ours)} | {ratio(ours, ideal)} | "
                     f"{fmt(fl)} | {ratio(fl, ours)} | {ratio(fl, (ours or 0) + (chk or 0))} | {ratio(chk, ours)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
