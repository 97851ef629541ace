"""The documented, frozen generator behind `{random: {shape, low, high, seed}}` matrices.

This definition is part of the case-file format and must never change: a case file names its
matrix by seed, and certificates bind to the matrix it produces.

Generator `verify-random/1` (SplitMix64, Steele, Lea and Flood 2014, with exact rejection):

1. All arithmetic is on unsigned 64-bit integers (mod 2**64).  GAMMA = 0x9E3779B97F4A7C15.
   The seed S is an integer with 0 <= S < 2**64.
2. The t-th raw output (t = 1, 2, 3, ...) is  z_t = mix(S + t * GAMMA)  where
       mix(z):  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
                z = (z ^ (z >> 27)) * 0x94D049BB133111EB
                return z ^ (z >> 31)
   (the usual SplitMix64 stream: state += GAMMA, then output mix(state)).
3. For the range L..H inclusive, R = H - L + 1 (1 <= R <= 2**64).  Let LIMIT = 2**64 - (2**64 mod R)
   (a multiple of R).  Raw outputs with z >= LIMIT are rejected (skipped); every accepted z gives
   the value  L + (z mod R),  so each of the R values is exactly equally likely.
4. An m x n matrix takes the first m*n accepted values in row-major order (row 0 left to right,
   then row 1, ...).

`random_values_reference` is the plain-Python statement of this definition; `random_values` is the
same sequence computed with numpy uint64 vectors (the raw outputs are a counter-based stream, so a
block of them is computed at once, and rejection keeps the accepted ones in order).  Tests compare
the two.
"""

import numpy as np

GAMMA = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
NAME = "verify-random/1"


def check_arguments(count, low, high, seed):
    """Raise ValueError unless the arguments are in the generator's domain."""
    for name, v in (("count", count), ("low", low), ("high", high), ("seed", seed)):
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError(f"{name} must be an integer, got {v!r}")
    if count < 0:
        raise ValueError("count must be non-negative")
    if high < low:
        raise ValueError(f"high ({high}) must be >= low ({low})")
    if high - low + 1 > 1 << 64:
        raise ValueError(f"the range high - low + 1 = {high - low + 1} exceeds 2**64")
    if not 0 <= seed <= MASK:
        raise ValueError(f"seed must satisfy 0 <= seed < 2**64, got {seed}")


def _mix(z):
    z = ((z ^ (z >> 30)) * _M1) & MASK
    z = ((z ^ (z >> 27)) * _M2) & MASK
    return z ^ (z >> 31)


def random_values_reference(count, low, high, seed):
    """The first `count` values of the generator, in plain Python (the definition)."""
    check_arguments(count, low, high, seed)
    r = high - low + 1
    limit = (1 << 64) - ((1 << 64) % r)
    out, state = [], seed
    while len(out) < count:
        state = (state + GAMMA) & MASK
        z = _mix(state)
        if z < limit:
            out.append(low + z % r)
    return out


def _mix_np(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(_M1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(_M2)
    return z ^ (z >> np.uint64(31))


def random_values(count, low, high, seed):
    """The first `count` values of the generator (numpy-vectorised; same sequence as the reference)."""
    arr = random_array(count, low, high, seed)
    if arr is not None:
        return arr.tolist()
    return _random_values_big(count, low, high, seed)


def random_array(count, low, high, seed):
    """The same values as a numpy int64 array, or None when low..high leaves the int64 range."""
    check_arguments(count, low, high, seed)
    if low < -(1 << 63) or high >= 1 << 63:
        return None
    raws = _accepted_raw(count, high - low + 1, seed)
    r = high - low + 1
    with np.errstate(over="ignore"):
        vals = raws if r == 1 << 64 else raws % np.uint64(r)
        # low + v lies in low..high, inside int64: wrap-around uint64 addition is exact here
        out = (vals + np.uint64(low & MASK)).view(np.int64)
    return out


def _accepted_raw(count, r, seed):
    """The first `count` accepted raw outputs (uint64 array) for range size r."""
    limit = (1 << 64) - ((1 << 64) % r)
    parts, have, t0 = [], 0, 1
    with np.errstate(over="ignore"):
        while have < count:
            need = count - have
            block = need + need // 8 + 64
            t = np.arange(t0, t0 + block, dtype=np.uint64)
            z = _mix_np(np.uint64(seed) + t * np.uint64(GAMMA))
            if limit < 1 << 64:
                z = z[z < np.uint64(limit)]
            z = z[:need]
            parts.append(z)
            have += len(z)
            t0 += block
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def _random_values_big(count, low, high, seed):
    """Values outside the int64 range: the accepted raw outputs, reduced and shifted in Python."""
    r = high - low + 1
    raws = _accepted_raw(count, r, seed).tolist()
    return [low + (z if r == 1 << 64 else z % r) for z in raws]
