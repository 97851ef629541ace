"""verify: exact-arithmetic verifier with independently checked certificates."""

__version__ = "0.1.0"
