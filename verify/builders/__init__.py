"""Exact builders shared by the case loader and the paper modules (kernel data types only, no engines)."""

from .products import khatri_rao_blocks, khatri_rao_columns, selection_matrices, tracy_singh

__all__ = ["khatri_rao_columns", "khatri_rao_blocks", "tracy_singh", "selection_matrices"]
