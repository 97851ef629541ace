"""The independent checker.

Standard library only (numpy optionally inside `modular` for large integer matrices).  It must never
import sympy, python-flint or any engine: `tests/test_kernel_isolation.py` enforces this.
"""
