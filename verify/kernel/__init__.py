"""The independent checker (see README.md in this folder for a reading guide).

Standard library only (numpy optionally inside `modular` for large integer matrices).  Nothing here
imports from outside `verify/kernel/`: neither sympy, python-flint, the engines, the claims nor the
case loader (`tests/test_architecture.py` enforces this).  Entry point: `check.check(problem, cert)`.
"""
