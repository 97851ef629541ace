"""Verdicts and run outcomes, named once.  `Verdict` is the kernel's (a certificate's verdict);
ERROR is not a verdict but the outcome of a case that could not be loaded (no certificate)."""

from .kernel.statement import Verdict

ERROR = "ERROR"
OUTCOMES = (*(v.value for v in Verdict), ERROR)          # every outcome a result record may carry
SUMMARY_ORDER = ("CONFIRMED", "COMPUTED", "REFUTED", "UNKNOWN", ERROR)   # how summaries list them
VERDICTS_CHECKED = tuple(v.value for v in Verdict)                   # what a certificate may conclude
DECIDED = (Verdict.CONFIRMED.value, Verdict.COMPUTED.value)           # a run with only these exits 0

# how reports and notebooks colour them (badges, pie charts, `_repr_html_`)
COLOURS = {"CONFIRMED": "#1e7d3c", "REFUTED": "#b3261e", "COMPUTED": "#1f5fa8", "UNKNOWN": "#a86400", ERROR: "#5a5a5a"}

__all__ = ["Verdict", "VERDICTS_CHECKED", "ERROR", "OUTCOMES", "SUMMARY_ORDER", "DECIDED", "COLOURS"]
