"""Exceptions shared by every part of `verify` (no imports beyond the standard library).

`CertificateError` belongs to the checker (`verify/kernel/errors.py`, which must not import from
outside the kernel); it is re-exported here so that every part names it the same way.
"""

from .kernel.errors import CertificateError


class VerifyError(Exception):
    """Base class of every error `verify` raises on purpose."""


class CaseError(VerifyError):
    """Malformed input: names the file, the case and the key."""

    def __init__(self, file, case, key, message, line=None):
        self.file, self.case, self.key, self.message, self.line = file, case, key, message, line
        super().__init__(f"{file}: case {case}: {key}: {message}" + (f" (line {line})" if line else ""))

    def at_line(self, line):
        """The same error, located at `line` of the file (1-based)."""
        return CaseError(self.file, self.case, self.key, self.message, line)


class EngineError(VerifyError):
    """An engine failed (a bug or an unsupported input), not a verdict."""


class Unknown(VerifyError):
    """A limit (time, size) was reached: the verdict is UNKNOWN with this reason."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)
