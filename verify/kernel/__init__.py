"""The independent checker (see README.md in this folder for a reading guide).

Standard library only (numpy optionally inside `modular` for large integer matrices).  Neither
sympy, python-flint nor any engine may be imported here: `tests/test_kernel.py` enforces this.
"""
