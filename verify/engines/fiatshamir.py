"""Fiat–Shamir primes and points: deterministic, derived from SHA-256 of the case seed.

Nothing here is trusted: the kernel re-checks that a prime is prime and that a minor is nonzero.
The purpose is reproducibility (same case, same certificate) and that witnesses are not chosen by
hand: a prime or point is a hash of the problem's seed and a label naming its use.
"""

import hashlib

from ..kernel.modp import is_prime  # noqa: F401 - re-exported for the engines

PRIME_LOW = 1 << 61
PRIME_HIGH = 1 << 62
POINT_BOUND = 1 << 20


def _as_bytes(seed):
    if isinstance(seed, str):
        return seed.encode()
    return bytes(seed)


def _digest(seed, label):
    return hashlib.sha256(_as_bytes(seed) + b"\x00" + label.encode()).digest()


def derive_prime(seed, label):
    """A prime in [2^61, 2^62): the next prime after a SHA-256 value of `seed` and `label`."""
    h = int.from_bytes(_digest(seed, "prime:" + label)[:8], "big")
    n = PRIME_LOW + h % PRIME_LOW
    n |= 1
    while True:
        if n >= PRIME_HIGH:
            n = PRIME_LOW + 1
        if is_prime(n):
            return n
        n += 2


def derive_point(seed, variables, label):
    """Nonzero integers in ±[1, 2^20] for each variable, from SHA-256 of seed, label and name."""
    point = {}
    for v in sorted(variables):
        h = int.from_bytes(_digest(seed, f"point:{label}:{v}")[:8], "big")
        mag = 1 + (h >> 1) % POINT_BOUND
        point[v] = -mag if h & 1 else mag
    return point


def retry_label(label, attempt):
    """The label of the `attempt`-th try: the label itself, then `label#1`, `label#2`, ..."""
    return label if attempt == 0 else f"{label}#{attempt}"

