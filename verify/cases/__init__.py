"""Case files: reading (YAML/TOML), exact numbers, the polynomial grammar, matrix sources and
expressions, validation, and building the problem objects of a case.

Public API:
    load_paths(paths) -> list[Case]      files and directories (recursively, sorted)
    case_files(paths) -> (files, missing) the case files those paths name
    load_file(path) -> list[Case]
    build_objects(case, *, max_entries=4_000_000) -> dict[str, Matrix]
    Case, CHECKS
    parse_number(value), parse_poly(text), PolySyntaxError, InputError
    random_values(count, low, high, seed)   the documented generator verify-random/1
"""

from .loader import CHECKS, Case, build_objects, case_files, cases_from_document, load_file, load_paths
from .numbers import FloatLiteral, InputError, parse_number
from .polyparse import PolySyntaxError, parse_poly
from .randgen import random_values, random_values_reference

__all__ = ["load_paths", "load_file", "case_files", "build_objects", "cases_from_document", "Case",
           "CHECKS", "parse_number", "parse_poly", "PolySyntaxError", "InputError", "FloatLiteral",
           "random_values", "random_values_reference"]
