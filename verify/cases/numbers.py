"""Exact numbers in case files (CASES.md, "Numbers").

- An integer is an integer (YAML/TOML integer, plain decimal digits).
- A rational is a string: `"p/q"` (`"-3/4"`, `"+1/2"`) or a decimal `"0.125"` (read exactly as 1/8;
  also `"-2."`, `".5"`), or a decimal in scientific notation `"1e-3"`, `"2.5E4"` (exactly 1/1000,
  25000; exponents up to +-1000).  Signs allowed in front, ASCII digits only, no underscores.
- Text pasted from a PDF: the minus sign U+2212 (and the dashes U+2012, U+2013, U+FE63, U+FF0D) reads
  as `-`, the multiplication sign U+00D7 and the dots U+00B7, U+22C5 read as `*` (`normalize_text`;
  the loader applies it to the whole case, except its id and free text, and records a note).
- This module is the one exact number reader: the case loader, the polynomial grammar and the
  .csv / .mtx readers all call `parse_number_text` / `decimal_fraction`.
- A float literal in the file (`0.1`, `1e-3`, `.inf`) is an error that names the key and suggests
  the exact string form; the YAML and TOML readers turn float literals into `FloatLiteral` (the
  source text, never a binary float) so that nothing inexact ever enters.
- YAML 1.1 integer forms that read differently elsewhere (`010` octal, `0x1F`, `1_000`, `1:30`
  sexagesimal) arrive as `OddLiteral` and are errors too.
- Booleans where numbers are expected are errors.

Functions raise `InputError` (a message without the location); the loader adds file, case and key.
"""

import difflib
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from ..kernel.exact import norm

MAX_DIGITS = 4000  # below Python's int/str conversion limit (4300 digits)

_INT = re.compile(r"[+-]?[0-9]+", re.ASCII)
_RATIONAL = re.compile(r"([+-]?)([0-9]+)/([0-9]+)", re.ASCII)
_DECIMAL = re.compile(r"([+-]?)([0-9]*)\.([0-9]*)", re.ASCII)
_SCIENTIFIC = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?[eE]([+-]?[0-9]+)", re.ASCII)
MAX_EXPONENT = 1000

# characters pasted from PDFs and word processors, with what they read as
PASTED = {
    "\u2212": ("-", "U+2212 MINUS SIGN"), "\u2012": ("-", "U+2012 FIGURE DASH"),
    "\u2013": ("-", "U+2013 EN DASH"), "\ufe63": ("-", "U+FE63 SMALL HYPHEN-MINUS"),
    "\uff0d": ("-", "U+FF0D FULLWIDTH HYPHEN-MINUS"), "\u00d7": ("*", "U+00D7 MULTIPLICATION SIGN"),
    "\u00b7": ("*", "U+00B7 MIDDLE DOT"), "\u22c5": ("*", "U+22C5 DOT OPERATOR"),
}
_PASTED_RE = re.compile("[" + "".join(PASTED) + "]")


def normalize_text(text):
    """(text with pasted characters mapped to ASCII, names of the characters mapped)."""
    if not _PASTED_RE.search(text):
        return text, []
    found = sorted({PASTED[c][1] + f" read as '{PASTED[c][0]}'" for c in _PASTED_RE.findall(text)})
    return _PASTED_RE.sub(lambda m: PASTED[m.group()][0], text), found


def decimal_fraction(sign, whole, frac, exponent=0):
    """The exact value of the decimal sign whole.frac x 10^exponent (strings of ASCII digits)."""
    if abs(exponent) > MAX_EXPONENT:
        raise InputError(f"exponent {exponent} is beyond +-{MAX_EXPONENT}")
    value = Fraction(int(whole or "0") * 10 ** len(frac) + int(frac or "0"), 10 ** len(frac))
    value *= Fraction(10) ** exponent
    return norm(-value if sign == "-" else value)


class InputError(ValueError):
    """Malformed input, without its location; `sub` is an optional key suffix (e.g. "[3][1]", 1-based)."""

    def __init__(self, message, sub=""):
        self.message, self.sub = message, sub
        super().__init__(message)


class FloatLiteral(str):
    """The source text of a float literal in a case file (never converted to a binary float)."""

    __slots__ = ()


class OddLiteral(str):
    """The source text of an integer literal that is not plain decimal (`010`, `0x1F`, `1_000`)."""

    __slots__ = ()


def exact_suggestion(text):
    """The exact value of a float literal's text as a string the number reader accepts, or None."""
    try:
        d = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite() or abs(d.adjusted()) > 60:
        return None
    s = format(d, "f")
    return s if "." in s else s + ".0"


def float_error(text):
    hint = exact_suggestion(text)
    if hint is None:
        return InputError(f"float literal {text} is not an exact number (case files take integers and "
                          f"strings such as \"3/4\" or \"0.125\")")
    return InputError(f"float literal {text} is not exact: write it as the string \"{hint}\" "
                      f"(quoted) or as \"p/q\"")


def parse_number(value):
    """An exact scalar (int or Fraction, normalised) from a case-file value, or InputError."""
    if isinstance(value, bool):
        raise InputError(f"expected a number, got the boolean {str(value).lower()}")
    if isinstance(value, FloatLiteral):
        raise float_error(value)
    if isinstance(value, OddLiteral):
        raise InputError(f"integer literal {value} is not a plain decimal integer (write it in decimal "
                         f"digits without leading zeros, or quote it)")
    if isinstance(value, int):
        return value
    if isinstance(value, float):  # only reachable from data not read by our loaders
        raise float_error(repr(value))
    if isinstance(value, str):
        return parse_number_text(value)
    raise InputError(f"expected a number, got {type(value).__name__} {_short(value)}")


def exact_number(value, where):
    """`parse_number` for trusted builders (claim params, witnesses): the one exact number grammar
    of case files, with `where` in the message (ValueError)."""
    try:
        return parse_number(value)
    except ValueError as e:
        raise ValueError(f"{where}: {e}") from None


def parse_number_text(text):
    """An exact scalar from `"12"`, `"-3/4"` or `"0.125"`; InputError otherwise."""
    s, _ = normalize_text(text.strip())
    if len(s) > MAX_DIGITS + 3:
        raise InputError(f"number too long ({len(s)} characters; the limit is {MAX_DIGITS} digits)")
    if _INT.fullmatch(s):
        return int(s)
    m = _RATIONAL.fullmatch(s)
    if m:
        sign, p, q = m.groups()
        if int(q) == 0:
            raise InputError(f"division by zero in the rational \"{text}\"")
        return norm(Fraction(int(p), int(q)) * (-1 if sign == "-" else 1))
    m = _DECIMAL.fullmatch(s)
    if m and (m.group(2) or m.group(3)):
        sign, whole, frac = m.groups()
        return decimal_fraction(sign, whole, frac)
    m = _SCIENTIFIC.fullmatch(s)
    if m and (m.group(2) or m.group(3)):
        sign, whole, frac, exp = m.groups()
        return decimal_fraction(sign, whole, frac or "", int(exp))
    raise InputError(f"not an exact number: \"{_short(text)}\" (write an integer, \"p/q\", a decimal "
                     f"such as \"0.125\" or \"1e-3\"; ASCII digits only)")


def parse_int(value, *, minimum=None, maximum=None, what="an integer"):
    """A Python int from an integer literal (or a string of decimal digits); InputError otherwise."""
    if isinstance(value, str) and not isinstance(value, (FloatLiteral, OddLiteral)) and _INT.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, (FloatLiteral, OddLiteral)):
            parse_number(value)  # raises the specific message
        raise InputError(f"expected {what}, got {_describe(value)}")
    if minimum is not None and value < minimum:
        raise InputError(f"expected {what} >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise InputError(f"expected {what} <= {maximum}, got {value}")
    return value


def _describe(value):
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the string \"{_short(value)}\""
    if value is None:
        return "nothing (null)"
    return f"{type(value).__name__} {_short(value)}"


def _short(value, limit=60):
    s = value if isinstance(value, str) else repr(value)
    return s if len(s) <= limit else s[:limit] + "..."


describe = _describe


def did_you_mean(word, choices):
    """"; did you mean 'x'?" for the closest of `choices` to `word` (or "")."""
    if not isinstance(word, str):
        return ""
    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not near:
        near = [c for c in choices if c.lower() == word.lower() or c.replace("_", "") == word.replace("_", "").lower()]
    return f"; did you mean {near[0]!r}?" if near else ""
