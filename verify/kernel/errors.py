"""The one exception of the checker.  Standard library only; `verify.errors` re-exports it."""


class CertificateError(Exception):
    """The checker rejects a certificate (or a problem); the message starts with the rule or key
    concerned, in capitals: `RANK_LE: obligation 3: M*N != 0 at row 14`."""

    def __init__(self, rule, message):
        self.rule, self.message = str(rule), str(message)
        super().__init__(f"{self.rule.upper()}: {self.message}")
