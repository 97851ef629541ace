"""The trusted base, declared once: exactly the code a verdict depends on, with its size.

A verdict rests on (1) the kernel, which checks the certificate; (2) the trusted construction of
the problem: the case loader, the check kind's `validate` / `build` / `statement`, and for a paper
claim its `builds` and `statements` and the builders they use.  Nothing else (engines, proofs,
searches, the pipeline, reports, the float cross-check) can change a verdict: they can only fail to
produce a certificate the kernel accepts.

`trusted_files(check, claim=None, rules=())` lists the files for one case; `python -m verify.trusted`
prints the whole table (`--write` puts it into the kernel's README) (the kernel's README carries it, `tests/test_trusted.py` keeps it current).
"""

import ast
import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))

KERNEL_CORE = ("errors.py", "exact.py", "poly.py", "modp.py", "rules.py", "statement.py", "check.py")
KERNEL_OPTIONAL = {  # file: (what needs it, lemma)
    "arrays.py": ("large integer matrices held in numpy arrays", "same content hash as a Matrix"),
    "modular.py": ("minors mod p and A N = 0 on large integer matrices (numpy)", "exactness of float64 below 2^53"),
    "congruence.py": ("inertia by an integer congruence to a diagonally dominant matrix", "Sylvester; Gershgorin"),
    "sturm.py": ("signs of a polynomial on an interval (positive_on, negative_on, nonzero_on)", "Sturm's theorem"),
    "logdet.py": ("a minor of log(E) is nonzero (odds-parametrised weights)", "atanh series with tail bound"),
    "ratfunc.py": ("the determinant of a rational-function matrix shown as a fraction", "D = P G, S = Q G"),
    "detmod.py": ("a large determinant from residues mod primes", "s' | det A from A y = s b; Hadamard; CRT"),
}
CONSTRUCTION = ("problem.py", "errors.py", "sweeps.py", "cases/__init__.py", "cases/loader.py", "cases/numbers.py",
                "cases/sources.py", "cases/expressions.py", "cases/polyparse.py", "cases/ratfunc.py", "cases/randgen.py",
                "checks/__init__.py", "checks/base.py", "checks/_matrix.py")


def code_lines(path):
    """Lines of code (no blank lines, comments or docstrings)."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    doc = set()
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant) \
                    and isinstance(first.value.value, str):
                doc.update(range(first.lineno, first.end_lineno + 1))
    return sum(1 for i, line in enumerate(src.splitlines(), 1)
               if line.strip() and not line.strip().startswith("#") and i not in doc)


def _rel(*parts):
    return os.path.join(*parts)


def _builders_used(paths):
    """The `verify/builders` modules that the given trusted files import (transitively)."""
    seen, todo = set(), list(paths)
    while todo:
        path = todo.pop()
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            tree = ast.parse(f.read())
        inside = path.startswith("builders")
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom):
                mod = node.module or ""
                if inside and node.level == 1:
                    mod = "builders." + mod if mod else "builders"
                names = [mod] + [f"{mod}.{a.name}" for a in node.names]
            for n in names:
                mod = n.split("builders.", 1)[1].split(".")[0] if "builders." in n else None
                if mod and os.path.exists(os.path.join(ROOT, "builders", mod + ".py")):
                    p = _rel("builders", mod + ".py")
                    if p not in seen:
                        seen.add(p)
                        todo.append(p)
    init = _rel("builders", "__init__.py")
    if seen and init not in paths:  # importing a builder runs the package's __init__ too
        seen.update(_builders_used([init]) + [init])
    return sorted(seen)


def check_modules(check):
    """`checks/<check>.py` and the modules of `verify/checks` it imports at module level (helpers
    such as `_network.py`, other check kinds), transitively; imports inside functions (the
    untrusted `prove`, which imports engines and searches) are not part of the construction."""
    from .checks import CHECK_MODULES

    start = _rel("checks", f"{CHECK_MODULES.get(check, check)}.py")
    seen, todo = [start], [start]
    while todo:
        path = todo.pop()
        full = os.path.join(ROOT, path)
        if not os.path.exists(full):
            continue
        with open(full, encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [node.module] if node.module else [a.name for a in node.names]
                for n in names:
                    p = _rel("checks", n.split(".")[0] + ".py")
                    if p not in seen and p not in CONSTRUCTION and os.path.exists(os.path.join(ROOT, p)):
                        seen.append(p)
                        todo.append(p)
    return seen


def claim_files(claim):
    """The trusted files of a paper claim: its package's builds and statements (every module whose
    name starts with `builds` or `statements`), the claim interface, and the builders they import."""
    from .papers import paper_of_claim

    paper = paper_of_claim(claim)
    if paper is None:
        return []
    pkg = paper.package
    d = os.path.join(ROOT, "claims", pkg)
    own = sorted(_rel("claims", pkg, f) for f in os.listdir(d)
                 if f.endswith(".py") and f.startswith(("builds", "statements", "__init__")))
    return [(f, "claim construction") for f in (_rel("claims", "base.py"), _rel("claims", "__init__.py"),
                                                _rel("checks", "claim.py"), *own)] + \
        [(f, "builders") for f in _builders_used(own)]


def trusted_files(check, claim=None, rules=(), optional=()):
    """[(path relative to verify/, code lines, role)] of the code one verdict depends on."""
    out = [(_rel("kernel", f), "kernel") for f in KERNEL_CORE]
    want = set(optional)
    if "log_minor_nonzero" in rules:
        want.add("logdet.py")
    if "inertia" in rules:
        want.add("congruence.py")
    if "det_fraction" in rules:
        want.add("ratfunc.py")
    if "det_residues" in rules:
        want.add("detmod.py")
    if check == "network_critical_point":  # its descent / ascent curves: positive_on, negative_on
        want.add("sturm.py")
    out += [(_rel("kernel", f), "kernel (optional)") for f in KERNEL_OPTIONAL if f in want]
    out += [(f, "problem construction") for f in CONSTRUCTION]
    if check == "claim" and claim:
        out += claim_files(claim)
    else:
        own = check_modules(check)
        out += [(f, "check kind") for f in own]
        out += [(f, "builders") for f in _builders_used(own)]
        if check in ("rank", "generic_rank", "rank_at", "nullspace"):
            out.append((_rel("builders", "products.py"), "builders"))
    seen, rows = set(), []
    for path, role in out:
        if path not in seen and os.path.exists(os.path.join(ROOT, path)):
            seen.add(path)
            rows.append((path, code_lines(os.path.join(ROOT, path)), role))
    return rows


def table():
    """Markdown table of the kernel and the shared construction code (the kernel's README)."""
    lines = ["| file | code lines | role |", "|---|---|---|"]
    total = core = 0
    for f in KERNEL_CORE:
        n = code_lines(os.path.join(ROOT, "kernel", f))
        core += n
        lines.append(f"| `verify/kernel/{f}` | {n} | kernel core |")
    for f, (what, lemma) in KERNEL_OPTIONAL.items():
        n = code_lines(os.path.join(ROOT, "kernel", f))
        total += n
        lines.append(f"| `verify/kernel/{f}` | {n} | optional: {what} ({lemma}) |")
    cons = 0
    for f in CONSTRUCTION:
        n = code_lines(os.path.join(ROOT, f))
        cons += n
        lines.append(f"| `verify/{f}` | {n} | problem construction |")
    lines.append(f"| **kernel core** | **{core}** | |")
    lines.append(f"| **kernel, optional modules** | **{total}** | |")
    lines.append(f"| **shared problem construction** | **{cons}** | plus, per case, the check kind's module or the "
                 "paper's `builds*.py` / `statements*.py` and the builders they import |")
    return "\n".join(lines)


def write_readme(path=os.path.join(ROOT, "kernel", "README.md")):
    """Replace the table between the trusted-base markers of the kernel's README."""
    import re

    with open(path, encoding="utf-8") as f:
        text = f.read()
    new = re.sub(r"(<!-- trusted-base:begin -->\n).*?(\n<!-- trusted-base:end -->)",
                 lambda m: m.group(1) + table() + m.group(2), text, flags=re.S)
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_readme()
    elif len(sys.argv) > 1:
        for path, n, role in trusted_files(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None):
            print(f"{n:6d}  verify/{path}  ({role})")
    else:
        print(table())
