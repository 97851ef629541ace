"""The shape of the package: the kernel stands alone, the checking path imports only trusted
construction and the kernel, and no module-level import cycle exists."""

import ast
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..")
PKG = os.path.join(ROOT, "verify")
STDLIB = set(sys.stdlib_module_names)


def modules():
    """{dotted name: path} of every module of the package."""
    out = {}
    for d, _, files in os.walk(PKG):
        for f in files:
            if f.endswith(".py"):
                rel = os.path.relpath(os.path.join(d, f), ROOT)[:-3].replace(os.sep, ".")
                out[rel.removesuffix(".__init__")] = os.path.join(d, f)
    return out


def imports(name, path, module_level_only=True):
    """Absolute names of the modules `name` imports (module level only, by default)."""
    tree = ast.parse(open(path).read())
    package = name if path.endswith("__init__.py") else name.rsplit(".", 1)[0]
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    out = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module
            out.add(mod)
            for a in node.names:  # `from . import x` may import a submodule
                if f"{mod}.{a.name}" in MODULES:
                    out.add(f"{mod}.{a.name}")
    return out


MODULES = modules()


def test_the_kernel_imports_nothing_outside_itself():
    for name, path in MODULES.items():
        if not name.startswith("verify.kernel"):
            continue
        for mod in imports(name, path, module_level_only=False):
            top = mod.split(".")[0]
            ok = mod.startswith("verify.kernel") or top in STDLIB or (top == "numpy" and name == "verify.kernel.modular")
            assert ok, f"{name} imports {mod}"


def test_no_import_cycles():
    def with_parents(mods):  # importing a.b.c imports the packages a and a.b first
        out = set()
        for m in mods:
            parts = m.split(".")
            out.update(".".join(parts[:k]) for k in range(1, len(parts) + 1))
        return out

    graph = {n: {m for m in with_parents(imports(n, p)) if m in MODULES and m != n} for n, p in MODULES.items()}
    # a package's __init__ is imported before its submodules: edges to one's own parent package are fine
    state, stack = {}, []

    def visit(n):
        state[n] = "open"
        stack.append(n)
        for m in graph[n]:
            if n.startswith(m + "."):
                continue
            if state.get(m) == "open":
                cycle = stack[stack.index(m):] + [m]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if m not in state:
                visit(m)
        stack.pop()
        state[n] = "done"

    for n in sorted(graph):
        if n not in state:
            visit(n)


CHECK_PATH = """
import json, sys
from verify.checker import check_file, preload
preload(claims=True)
for path in sys.argv[1:]:
    check_file(path)
loaded = sorted(m for m in sys.modules if m.startswith(("verify", "flint", "sympy", "mpmath", "networkx")))
print(json.dumps(loaded))
"""


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("arch")
    (d / "c.yaml").write_text(
        "cases:\n"
        "  - {id: a.rank, check: rank, matrix: [[1, 2], [2, 4]], expect: {rank: 1}}\n"
        "  - {id: a.inertia, check: inertia, matrix: [[2, 1], [1, 2]]}\n"
        "  - {id: a.claim, check: claim, claim: hw.linear.a1, params: {part: step}}\n")
    subprocess.run([sys.executable, "-m", "verify.cli", "run", "c.yaml", "--out", "out", "--no-report", "-q"],
                   cwd=d, check=False, capture_output=True)
    return d


def test_the_checking_path_imports_no_engine_no_proof_no_pipeline(run_dir):
    certs = sorted(str(p) for p in (run_dir / "out").glob("*.cert.json"))
    assert len(certs) == 3
    out = subprocess.run([sys.executable, "-c", CHECK_PATH, *certs], cwd=run_dir, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    loaded = json.loads(out.stdout)
    bad = [m for m in loaded if m.startswith(("verify.engines", "verify.pipeline", "verify.runner", "flint", "sympy",
                                               "mpmath", "networkx")) or m.endswith(".proofs") or ".proofs_" in m]
    assert not bad, bad
    assert "verify.kernel.check" in loaded and "verify.checks.claim" in loaded


def test_python_m_verify_kernel_checks_an_explicit_problem(run_dir, tmp_path):
    from verify.checker import problem_for, read_certificate
    from verify.kernel.exact import encode_matrix

    cert_path = run_dir / "out" / "a.rank.cert.json"
    cwd = os.getcwd()
    os.chdir(run_dir)
    try:
        problem, _ = problem_for(read_certificate(str(cert_path)))
    finally:
        os.chdir(cwd)
    doc = {"objects": {k: encode_matrix(M) for k, M in problem["objects"].items()}, "statement": problem["statement"]}
    (tmp_path / "problem.json").write_text(json.dumps(doc))
    code = "import sys, runpy; sys.argv = ['k', *sys.argv[1:]]; runpy.run_module('verify.kernel', run_name='__main__')"
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "problem.json"), str(cert_path)],
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("ACCEPTED: CONFIRMED"), out.stdout + out.stderr
    doc["objects"]["M"]["rows"][1][1] = 5  # another matrix: the certificate does not belong to it
    (tmp_path / "problem.json").write_text(json.dumps(doc))
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "problem.json"), str(cert_path)],
                         capture_output=True, text=True)
    assert out.returncode == 1 and out.stdout.startswith("REJECTED: OBJECTS"), out.stdout


def test_every_check_kind_module_has_the_interface():
    from verify import checks

    for name in checks.CHECKS:
        mod = checks.kind(name)
        assert mod.NAME == name
        for attr in ("SUMMARY", "KEYS", "REQUIRED", "EXPECT", "validate", "params", "build", "statement", "prove"):
            assert hasattr(mod, attr), (name, attr)
