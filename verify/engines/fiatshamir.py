"""Fiat–Shamir primes and points: deterministic, derived from SHA-256 of the case seed.

Nothing here is trusted: the kernel re-checks that a prime is prime and that a minor is nonzero.
The purpose is reproducibility (same case, same certificate) and that witnesses are not chosen by
hand: a prime or point is a hash of the problem's seed and a label naming its use.
"""

import hashlib

PRIME_LOW = 1 << 61
PRIME_HIGH = 1 << 62
POINT_BOUND = 1 << 20

# Deterministic Miller–Rabin: these bases decide primality for every n < 3.3 * 10^24 > 2^62.
_MR_BASES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)


def _as_bytes(seed):
    if isinstance(seed, str):
        return seed.encode()
    return bytes(seed)


def _digest(seed, label):
    return hashlib.sha256(_as_bytes(seed) + b"\x00" + label.encode()).digest()


def is_prime(n):
    """Deterministic primality test for n < 3.3e24 (Miller–Rabin with fixed bases)."""
    if n < 2:
        return False
    for q in _MR_BASES:
        if n % q == 0:
            return n == q
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in _MR_BASES:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


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

