"""The trusted base is declared in one place and the kernel's README shows it as it is."""

import os
import re

from verify import trusted

README = os.path.join(os.path.dirname(__file__), "..", "verify", "kernel", "README.md")


def test_kernel_readme_table_is_current():
    text = open(README).read()
    got = re.search(r"<!-- trusted-base:begin -->\n(.*)\n<!-- trusted-base:end -->", text, re.S).group(1)
    assert got == trusted.table(), "regenerate with: python -m verify.trusted --write"


def test_kernel_core_stays_within_its_size():
    core = sum(trusted.code_lines(os.path.join(trusted.ROOT, "kernel", f)) for f in trusted.KERNEL_CORE)
    assert core <= 1065, core  # +29 for Poly.dot, the one-term product, evaluate with cached powers and the factored rank_le basis (the apolar certificates of cases/engines/polynet.yaml); +6 for det_mod_p (the det_residues rule, kernel/detmod.py) and its registration; +13 for the integer fast path of check_solve (engines); 1000 before the fixes of the second outside review (tests/test_audit.py); +2 for
    # the registration of the det_fraction rule and atom (kernel/ratfunc.py, rational-function entries)


def test_every_kernel_file_is_declared():
    files = {f for f in os.listdir(os.path.join(trusted.ROOT, "kernel")) if f.endswith(".py")}
    assert files - {"__init__.py", "__main__.py"} == set(trusted.KERNEL_CORE) | set(trusted.KERNEL_OPTIONAL)


def test_a_claim_case_lists_its_builds_statements_and_builders():
    files = [p for p, _, _ in trusted.trusted_files("claim", "hw.linear.f")]
    assert "claims/linear_notes/builds.py" in files and "claims/linear_notes/statements.py" in files
    assert "builders/deep_linear.py" in files
    assert not any("proofs" in p or p.startswith("engines") for p in files)
