"""The engines suite of issue 12 in one command: every benchmark beside its peer, written to RESULTS.md.

Each measurement runs in a fresh subprocess (peak memory = that process's VmHWM), repeats are
interleaved (pass 1 runs every stage once, then pass 2, ...), and the section between
`<!-- run_all:begin -->` and `<!-- run_all:end -->` of the output file is replaced (or appended),
atomically (temp file + os.replace).  Every row compares our answer with the peer's in the script
(same rank, same kernel space, same determinant, same solution, same inertia).

Usage: python bench/run_all.py [--quick] [--repeat N] [--out bench/RESULTS.md] [--threads 1]
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
BEGIN, END = "<!-- run_all:begin -->", "<!-- run_all:end -->"
PEER_CAP = 120
POLYNETS = {0: "engines.polynet-quadratic-3-2", 1: "engines.polynet-quadratic-4-3", 2: "engines.polynet-aw-defective"}
POLYNET_LABELS = {0: "F(3,2,1) x², 8 × 8", 1: "F(4,3,1) x², 15 × 12", 2: "F(3,5,1) x⁴, 20 × 15"}


def _maxrss_mb():
    from bench_kr_rank import _maxrss_mb as m
    return m()


def _digest(obj):
    return hashlib.sha256(repr(obj).encode()).hexdigest()[:16]


def _canon_space(cols_as_rows):
    """A canonical form of the span of the given rational vectors: its RREF (flint, exact)."""
    import flint
    if not cols_as_rows:
        return "empty"
    from fractions import Fraction
    q = lambda x: flint.fmpq(x.numerator, x.denominator) if isinstance(x, Fraction) else x  # noqa: E731
    R, rk = flint.fmpq_mat([[q(x) for x in row] for row in cols_as_rows]).rref()
    return _digest([[str(R[i, j]) for j in range(R.ncols())] for i in range(rk)])


# ------------------------------------------------------------------------ matrices of the rows
def deficient_int(n, k, seed):
    """n x n integer matrix of rank n - k: product of random n x (n-k) and (n-k) x n in -9..9."""
    rng = np.random.default_rng(seed)
    return rng.integers(-9, 10, (n, n - k)) @ rng.integers(-9, 10, (n - k, n))


def det_case_text(n, seed):
    """A determinant case whose entries reach ~10^48: 10^30 R1 + R2, R1, R2 uniform in +-10^18."""
    big = 10 ** 18
    rnd = lambda s: f"{{random: {{shape: [{n}, {n}], low: {-big}, high: {big}, seed: {s}}}}}"  # noqa: E731
    return (f"id: bench.det{n}\ntitle: det of a {n} x {n} integer matrix with entries up to 10^48\n"
            f"check: determinant\nmatrix: {{sum: [{{scale: [{10 ** 30}, {rnd(seed)}]}}, {rnd(seed + 1)}]}}\n")


def det_matrix(n, seed):
    from verify.cases import random_values
    big = 10 ** 18
    a = random_values(n * n, -big, big, seed)
    b = random_values(n * n, -big, big, seed + 1)
    v = [10 ** 30 * x + y for x, y in zip(a, b)]
    return [v[i * n:(i + 1) * n] for i in range(n)]


def symdet_case_text(n):
    return f"id: bench.symdet{n}\ntitle: symbolic {n} x {n} determinant\ncheck: determinant\nmatrix: {{symbolic: [{n}, {n}]}}\n"


def _eval_points(n, count=2):
    rng = np.random.default_rng(7)
    return [[[int(x) for x in row] for row in rng.integers(-50, 51, (n, n))] for _ in range(count)]


def _cert_det(path):
    """The determinant stated by the certificate's `det` or `det_residues` obligation (None without one)."""
    from verify.kernel.exact import decode_entry
    if not os.path.exists(path):
        return None
    with open(path) as f:
        obs = json.load(f).get("obligations") or []
    found = [o["value"] for o in obs if isinstance(o, dict) and o.get("rule") in ("det", "det_residues")]
    return decode_entry(found[0]) if found else None


def _eval_ours(P, n):
    """Our polynomial determinant at the fixed integer points (exact)."""
    return [str(P.evaluate({f"x_{i + 1}_{j + 1}": pt[i][j] for i in range(n) for j in range(n)}))
            for pt in _eval_points(n)]


# ------------------------------------------------------------------------------ the stages
def _ours_rank(res, M, name, seed):
    """Our certified rank of the int64 matrix M (engine time), and the kernel's check of its
    obligations (check time); the answer is the rank and the canonical kernel space."""
    from verify.engines import modular as E
    from verify.kernel import modular as KM
    from verify.kernel.exact import decode_matrix
    t0 = time.perf_counter()
    r, (ge, le) = E.rank_certificate_np(M, name, seed)
    res["seconds"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    KM.check_rank_ge(M, ge["r"], ge["rows"], ge["cols"], ge["prime"])
    space = "full"
    if le["side"] == "right":
        B = decode_matrix(le["basis"])
        N = KM.integer_columns([list(row) for row in B.rows])
        KM.check_rank_le_right(M, le["r"], N, le["basis_rows"], le["basis_cols"], le["prime"])
    res["check_s"] = time.perf_counter() - t0
    if le["side"] == "right":
        space = _canon_space([[B.rows[i][j] for i in range(B.nrows)] for j in range(B.ncols)])
    res["answer"] = {"rank": r, "kernel": space}


def stage(name, size, seed, tmp):
    """Run one stage in this process; return {seconds, check_s, result, answer}."""
    import flint
    from verify.engines import modular as E
    res = {"check_s": None}
    if name in ("kr-full", "kr-def"):
        from bench_kr_rank import build
        K = build(size, seed, deficient=name == "kr-def")
        _ours_rank(res, K, "K", f"bench-kr-d{size}-{seed}".encode())
    elif name in ("kr-full-flint", "kr-def-flint"):
        from bench_kr_rank import build
        K = build(size, seed, deficient=name == "kr-def-flint")
        t0 = time.perf_counter()
        F = flint.fmpz_mat(K.tolist())
        if name == "kr-full-flint":
            r = flint.nmod_mat(F, E.derive_small_prime(f"bench-kr-d{size}-{seed}".encode(), "flint")).rank()
            res["seconds"] = time.perf_counter() - t0
            res["answer"] = {"rank": r, "kernel": "full" if r == K.shape[1] else "?"}
        else:
            X, k = F.nullspace()
            res["seconds"] = time.perf_counter() - t0
            vecs = [[X[i, j] for i in range(X.nrows())] for j in range(k)]
            res["answer"] = {"rank": K.shape[1] - k, "kernel": _canon_space(vecs)}
    elif name == "kernel":
        A = deficient_int(size, 3, seed)
        _ours_rank(res, A, "A", f"bench-kernel-{size}-{seed}".encode())
    elif name == "kernel-flint":
        A = deficient_int(size, 3, seed)
        t0 = time.perf_counter()
        X, k = flint.fmpz_mat(A.tolist()).nullspace()
        res["seconds"] = time.perf_counter() - t0
        res["answer"] = {"rank": size - k, "kernel": _canon_space(
            [[X[i, j] for i in range(X.nrows())] for j in range(k)])}
    elif name in ("solve", "solve-flint"):
        rng = np.random.default_rng(seed)
        A = rng.integers(-9, 10, (size, size))
        b = rng.integers(-9, 10, (size, 1))
        if name == "solve":
            from verify.engines.solve import solve_certificate
            from verify.kernel.exact import Matrix
            M, bb = Matrix.from_rows(A.tolist()), Matrix.from_rows(b.tolist())
            t0 = time.perf_counter()
            x, obs = solve_certificate(M, bb, seed=f"bench-solve-{size}".encode())
            res["seconds"] = time.perf_counter() - t0
            from verify.kernel.rules import check_obligation
            t0 = time.perf_counter()
            check_obligation(json.loads(json.dumps(obs[0])), {"M": M, "b": bb})
            res["check_s"] = time.perf_counter() - t0
            sol = [str(x.rows[i][0]) for i in range(size)]
        else:
            t0 = time.perf_counter()
            X = flint.fmpq_mat(flint.fmpz_mat(A.tolist())).solve(flint.fmpq_mat(b.tolist()))
            res["seconds"] = time.perf_counter() - t0
            sol = [str(X[i, 0]) for i in range(size)]
        res["answer"] = {"solution": _digest(sol)}
    elif name in ("polynet", "polynet-general"):       # a shipped case, in-process: engines, then the kernel
        from verify.cases import load_file
        from verify.pipeline import prove_case
        from verify.problem import DEFAULT_LIMITS
        if name == "polynet-general":                   # the general polynomial kernel, apolarity switched off
            import verify.engines.apolar as apolar
            apolar.shape_of = lambda case: None
        case = next(c for c in load_file(os.path.join(ROOT, "cases", "engines", "polynet.yaml"))
                    if c.id == POLYNETS[size])
        t0 = time.perf_counter()
        _problem, _proof, outcome, secs = prove_case(case, {**DEFAULT_LIMITS, "seconds": 3600}, "auto")
        res["seconds"] = time.perf_counter() - t0
        res["check_s"] = secs.get("kernel")
        res["answer"] = {"verdict": outcome["verdict"], "rank": (outcome.get("value") or {}).get("rank")}
    elif name in ("det", "symdet"):                    # end to end through `verify run`, then `verify check`
        text = det_case_text(size, seed) if name == "det" else symdet_case_text(size)
        cid = text.split("\n")[0][4:]
        path = os.path.join(tmp, cid + ".yaml")
        with open(path, "w") as f:
            f.write(text)
        out = os.path.join(tmp, "out-" + cid)
        cmd = [sys.executable, "-m", "verify", "run", path, "--out", out, "--no-report", "--progress", "off"]
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        res["seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        q = subprocess.run([sys.executable, "-m", "verify", "check", os.path.join(out, cid + ".cert.json")],
                           capture_output=True, text=True, cwd=ROOT)
        res["check_s"] = time.perf_counter() - t0
        with open(os.path.join(out, cid + ".result.json")) as f:
            rj = json.load(f)
        verdict = rj.get("verdict")
        sys.set_int_max_str_digits(0)
        val = _cert_det(os.path.join(out, cid + ".cert.json"))
        if name == "det":
            ans = {"det": _digest(str(val)), "digits": len(str(abs(int(val)))) if val is not None else None}
        else:
            ans = {"det_at_points": _digest(_eval_ours(val, size))}
            from verify.cases.sources import symbolic_source
            from verify.engines.det import determinant
            S = symbolic_source([size, size], "x", 10 ** 9)
            t0 = time.perf_counter()
            determinant(S)
            res["engine_s"] = time.perf_counter() - t0
        res["answer"] = ans
        res["verdict"] = verdict
        res["check_ok"] = q.returncode == 0
        res["run_rc"] = p.returncode
        import resource                                # peak of the `verify run`/`verify check` processes
        res["child_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    elif name == "det-flint":
        M = det_matrix(size, seed)
        t0 = time.perf_counter()
        d = flint.fmpz_mat(M).det()
        res["seconds"] = time.perf_counter() - t0
        sys.set_int_max_str_digits(0)
        res["answer"] = {"det": _digest(str(int(d))), "digits": len(str(abs(int(d))))}
    elif name == "symdet-sympy":
        import sympy
        S = sympy.Matrix(size, size, lambda i, j: sympy.Symbol(f"x_{i + 1}_{j + 1}"))
        t0 = time.perf_counter()
        d = S.det(method="berkowitz")
        d = sympy.expand(d)
        res["seconds"] = time.perf_counter() - t0
        syms = [[sympy.Symbol(f"x_{i + 1}_{j + 1}") for j in range(size)] for i in range(size)]
        vals = []
        for P in _eval_points(size):
            sub = {syms[i][j]: P[i][j] for i in range(size) for j in range(size)}
            vals.append(str(d.xreplace(sub)))
        res["answer"] = {"det_at_points": _digest(vals)}
    elif name in ("inertia", "inertia-float"):
        from bench_deep_linear import instance
        from bench_inertia import float_inertia
        from verify.builders import deep_linear as dl
        dims, Ws, X, Y = instance(size)
        H = dl.hessian(Ws, X, Y)
        if name == "inertia":
            from verify.engines import inertia_certificate
            from verify.kernel.rules import check_obligation
            t0 = time.perf_counter()
            value, obs = inertia_certificate(H, "H")
            res["seconds"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            fact = check_obligation(json.loads(json.dumps(obs[0])), {"H": H})
            res["check_s"] = time.perf_counter() - t0
            res["answer"] = {"inertia": list(fact[2])}
        else:
            t0 = time.perf_counter()
            inert = float_inertia(H)
            res["seconds"] = time.perf_counter() - t0
            res["answer"] = {"inertia": inert}
    else:
        raise SystemExit(f"unknown stage {name}")
    return res


# ------------------------------------------------------------------------------- the driver
def rows_for(quick):
    """(benchmark, size label, ours stage, peer stage, peer name, size, seed)."""
    kr = [16, 24] if quick else [32, 48, 64]
    rows = [("full-rank Khatri-Rao", f"d={d} ({d * d}²)", "kr-full", "kr-full-flint",
             "flint fmpz_mat + nmod_mat.rank", d, 1) for d in kr]
    dd = 16 if quick else 64
    rows.append(("rank-deficient Khatri-Rao (rank d²−3), exact kernel", f"d={dd} ({dd * dd}²)", "kr-def",
                 "kr-def-flint", "flint fmpz_mat.nullspace", dd, 1))
    for n in ([100, 200] if quick else [300, 1000]):
        rows.append(("integer kernel (rank n−3)", f"{n}²", "kernel", "kernel-flint", "flint fmpz_mat.nullspace", n, 1))
    n = 100 if quick else 300
    rows.append(("solve A x = b (Dixon)", f"{n}²", "solve", "solve-flint", "flint fmpq_mat.solve", n, 1))
    n = 40 if quick else 90
    rows.append(("determinant, entries ~10^48 (`verify run`)", f"{n}²", "det", "det-flint", "flint fmpz_mat.det", n, 11))
    n = 5 if quick else 8
    rows.append(("symbolic determinant (`verify run`; engine alone in notes)", f"{n}²", "symdet", "symdet-sympy",
                 "sympy det(berkowitz)+expand", n, 0))
    for k in ([0] if quick else [1, 2]):
        rows.append(("generic rank of a defective polynomial network (engines + kernel check)",
                     POLYNET_LABELS[k], "polynet", "polynet-general", "general polynomial kernel", k, 0))
    w = 8 if quick else 16
    rows.append(("deep-linear Hessian inertia (H=3)", f"{4 * w * w} params", "inertia", "inertia-float",
                 "numpy float64 eigvalsh (no certificate)", w, 0))
    return rows


def run_stage(name, size, seed, threads, timeout):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads),
               MKL_NUM_THREADS=str(threads), PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", name, str(size), str(seed)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "timeout": timeout}
    if p.returncode:
        return {"seconds": None, "error": (p.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def machine():
    import flint
    import sympy
    model, mem = "?", "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 ** 2:.0f} GiB"
    return {"cpu": model, "cores": os.cpu_count(), "mem": mem, "python": platform.python_version(),
            "numpy": np.__version__, "flint": flint.__version__, "sympy": sympy.__version__}


def summarize(rs):
    secs = [r["seconds"] for r in rs if r.get("seconds") is not None]
    chk = [r["check_s"] for r in rs if r.get("check_s") is not None]
    last = next((r for r in reversed(rs) if r.get("seconds") is not None), rs[-1])
    return {"median": statistics.median(secs) if secs else None, "min": min(secs) if secs else None,
            "check": statistics.median(chk) if chk else None, "runs": len(secs),
            "mb": max((r.get("maxrss_mb") or 0) for r in rs) or None, "last": last,
            "failed": next((r for r in rs if r.get("seconds") is None), None)}


def fmt(x, d=2):
    return "—" if x is None else (f"{x:.{d}f}" if x >= 0.01 else f"{x:.2g}")


def section(info, rows, a):
    la, lb = info["load_before"], info["load_after"]
    note = " (the machine was busy: numbers are honest, not quiet)" if max(la[0], lb[0]) > 1.5 else ""
    out = [BEGIN, "## Engines suite (bench/run_all.py)", "",
           f"`python bench/run_all.py{' --quick' if a.quick else ''} --repeat {a.repeat}`, {info['date']}. "
           f"Machine: {info['cpu']}, {info['cores']} cores, {info['mem']}; Python {info['python']}, numpy "
           f"{info['numpy']}, python-flint {info['flint']}, sympy {info['sympy']}; BLAS threads {a.threads}. "
           f"Load average (1 min) before/after: {la[0]:.2f} / {lb[0]:.2f}{note}.", "",
           "Every stage is a fresh process (peak MB = its VmHWM); repeats are interleaved (each pass runs "
           "every stage once); seconds are wall time of the engine call (ours: certificate included; "
           "`verify run` rows: the whole process), median (min). `check` is the kernel's check of our "
           "certificate (in-process, or `verify check` as a process for the `verify run` rows). Peers are "
           f"capped at {a.peer_cap} s. Agreement is decided in the script: same rank, same kernel space "
           "(RREF of the bases over Q), same determinant (digest of the exact value; symbolic: exact values "
           "at two integer points), same solution, same inertia.", "",
           "| benchmark | size | ours s median (min) | check s | peer (name, median s) | peer/ours | "
           "peak MB ours/peer | result agreement |", "|---|---|---|---|---|---|---|---|"]
    notes = []
    for (bench, label, _o, _p, pname, size, _s), so, sp in rows:
        po = sp["median"]
        if po is None and sp["failed"] and "timeout" in sp["failed"]:
            pstr, ratio = f"{pname}, > {sp['failed']['timeout']} s", f"> {sp['failed']['timeout'] / so['median']:.1f}×" \
                if so["median"] else "—"
        else:
            pstr = f"{pname}, {fmt(po)}" + ("" if sp["failed"] is None else f" (failed: {sp['failed']})")
            ratio = f"{po / so['median']:.2f}×" if po and so["median"] else "—"
        oa, pa = so["last"].get("answer"), sp["last"].get("answer")
        agree = oa is not None and pa is not None and oa == pa
        capped = pa is None and sp["failed"] is not None and "timeout" in sp["failed"]
        if so["last"].get("verdict") is not None:
            agree = agree and so["last"]["verdict"] in ("COMPUTED", "CONFIRMED") and so["last"].get("check_ok")
            notes.append(f"- {bench} {label}: verdict {so['last']['verdict']}, `verify check` "
                         f"{'passed' if so['last'].get('check_ok') else 'FAILED'}"
                         + (f", determinant of {oa.get('digits')} digits" if oa and "digits" in oa else "")
                         + (f"; engine call alone {fmt(so['last'].get('engine_s'))} s (last run), the rest of "
                            "`verify run` is loading, the kernel check and writing" if "engine_s" in so["last"] else ""))
        if so["failed"]:
            notes.append(f"- {bench} {label}: ours failed once: {so['failed']}")
        out.append(f"| {bench} | {label} | {fmt(so['median'])} ({fmt(so['min'])}) | {fmt(so['check'])} | {pstr} | "
                   f"{ratio} | {fmt(so['mb'], 0)} / {fmt(sp['mb'], 0)} | "
                   f"{'not compared (peer capped)' if capped and oa is not None else 'true' if agree else 'FALSE'} |")
    out += [""] + notes + ["", END]
    return "\n".join(out) + "\n"


def write_section(path, text):
    old = open(path).read() if os.path.exists(path) else ""
    if BEGIN in old and END in old:
        i, j = old.index(BEGIN), old.index(END) + len(END)
        new = old[:i] + text.rstrip("\n") + old[j:]
    else:
        new = old + ("\n" if old and not old.endswith("\n") else "") + ("\n" if old else "") + text
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=".run_all.")
    with os.fdopen(fd, "w") as f:
        f.write(new)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes of every row (about 2 minutes at most)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--threads", type=int, default=1, help="BLAS threads of every stage")
    ap.add_argument("--peer-cap", type=int, default=PEER_CAP)
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        name, size, seed = a.worker
        with tempfile.TemporaryDirectory() as tmp:
            res = stage(name, int(size), int(seed), tmp)
        res["maxrss_mb"] = res.pop("child_maxrss_mb", None) or _maxrss_mb()
        print(json.dumps(res))
        return
    info = machine()
    info["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    info["load_before"] = os.getloadavg()
    spec = rows_for(a.quick)
    runs = {i: ([], []) for i in range(len(spec))}
    for rep in range(a.repeat):
        for i, (bench, label, so, sp, _pn, size, seed) in enumerate(spec):
            for k, st, cap in ((0, so, 3600), (1, sp, a.peer_cap)):
                if k == 1 and rep and any("timeout" in r for r in runs[i][1]):
                    continue                               # a capped peer: once is enough
                r = run_stage(st, size, seed, a.threads, cap)
                runs[i][k].append(r)
                print(f"rep {rep} {st} {size}: {r.get('seconds')} {r.get('answer') or r.get('error') or ''}",
                      file=sys.stderr, flush=True)
    info["load_after"] = os.getloadavg()
    rows = [(spec[i], summarize(runs[i][0]), summarize(runs[i][1])) for i in range(len(spec))]
    text = section(info, rows, a)
    write_section(a.out, text)
    print(text)


if __name__ == "__main__":
    main()
