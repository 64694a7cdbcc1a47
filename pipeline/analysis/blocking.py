"""Candidate pairs by MinHash LSH, vectorised with numpy, within blocks, with a cap on bucket size.

- `minhash_signatures(sets)`: one row of `num_perm` minimum hash values per set of integer features
  (universal hashing (a*x + b) mod p of the feature ids; deterministic for a seed).
- `lsh_params(threshold, num_perm)`: bands b and rows r that minimise false positives + false negatives
  around the Jaccard threshold (the same criterion datasketch uses).
- `candidate_pairs(sig, block, …)`: rows that agree on every value of some band AND share a block code are
  candidates. Block code -1 means "unknown": such a row meets rows of every block. A bucket (band value x
  block) with more than `max_bucket` members is boilerplate that every text of the block shares: it is split
  once more by the next band's values; what is still over the cap is skipped, and counted in the stats.
Time and memory are linear in rows x bands plus the number of pairs emitted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import numpy as np

_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass
class BlockingStats:
    rows: int = 0
    bands: int = 0
    rows_per_band: int = 0
    buckets: int = 0  # buckets with two or more members
    oversized_buckets: int = 0  # over max_bucket before splitting
    skipped_buckets: int = 0  # still over max_bucket after splitting: no pairs taken from them
    skipped_pairs: int = 0  # pairs those skipped buckets would have given (counted, not generated)
    pairs: int = 0  # distinct candidate pairs
    extra: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        d = {k: v for k, v in self.__dict__.items() if k != "extra"}
        d.update(self.extra)
        return d


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads integer feature ids over 64 bits (vectorised, in place on a copy)."""
    x = x.astype(np.uint64)
    t = np.empty_like(x)
    x += np.uint64(0x9E3779B97F4A7C15)
    for shift, mult in ((30, 0xBF58476D1CE4E5B9), (27, 0x94D049BB133111EB)):
        np.right_shift(x, np.uint64(shift), out=t)
        x ^= t
        x *= np.uint64(mult)
    np.right_shift(x, np.uint64(31), out=t)
    x ^= t
    return x


def _perm_params(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 1 << 63, size=num_perm, dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = rng.integers(0, 1 << 63, size=num_perm, dtype=np.uint64)
    return a, b


def _flat(sets: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    lens = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    flat = np.concatenate([np.asarray(s, dtype=np.int64) for s in sets]) if len(sets) else np.zeros(0, np.int64)
    return flat, np.concatenate([[0], np.cumsum(lens)])


def minhash_csr(flat: np.ndarray, indptr: np.ndarray, perms: range | Sequence[int], num_perm: int = 128,
                seed: int = 1, mixed: np.ndarray | None = None) -> np.ndarray:
    """Minimum hash values (uint32) of the sets flat[indptr[k]:indptr[k+1]] for the given permutations.

    Hash of feature x under permutation p: the top 32 bits of a_p * mix(x) + b_p (multiply-shift, mod 2^64).
    Repeated features in a set change nothing. An empty set gets 0xFFFFFFFF.
    """
    a, b = _perm_params(num_perm, seed)
    n = len(indptr) - 1
    out = np.full((n, len(perms)), 0xFFFFFFFF, dtype=np.uint32)
    lens = np.diff(indptr)
    nonempty = np.flatnonzero(lens)
    if len(nonempty) == 0:
        return out
    x = _mix64(flat) if mixed is None else mixed
    starts = indptr[:-1][nonempty]
    h = np.empty_like(x)
    for c, p in enumerate(perms):
        np.multiply(x, a[p], out=h)
        h += b[p]
        h >>= np.uint64(32)
        out[nonempty, c] = np.minimum.reduceat(h, starts)
    return out


def minhash_signatures(sets: Sequence[np.ndarray], num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """(len(sets), num_perm) uint32 minimum hash values of sets of integer features."""
    flat, indptr = _flat(sets)
    return minhash_csr(flat, indptr, range(num_perm), num_perm, seed)


@lru_cache(maxsize=32)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the false positive + false negative areas around `threshold`."""
    s = np.linspace(0.0, 1.0, 1001)
    best, best_err = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            p = 1 - (1 - s ** rows) ** bands
            fp = np.trapezoid(np.where(s < threshold, p, 0.0), s)
            fn = np.trapezoid(np.where(s >= threshold, 1 - p, 0.0), s)
            if fp + fn < best_err:
                best, best_err = (bands, rows), fp + fn
    return best


def _combine(cols: np.ndarray, band: int) -> np.ndarray:
    h = np.full(len(cols), np.uint64(((band + 1) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF), dtype=np.uint64)
    for c in range(cols.shape[1]):
        h = (h ^ cols[:, c].astype(np.uint64)) * np.uint64(0x100000001B3)
        h ^= h >> np.uint64(29)
    return h


def band_hashes(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(bands, n) uint64: one hash of each row's `rows` signature values per band."""
    return np.stack([_combine(sig[:, b * rows:(b + 1) * rows], b) for b in range(bands)]) if len(sig) \
        else np.zeros((bands, 0), dtype=np.uint64)


def minhash_band_hashes(flat: np.ndarray, indptr: np.ndarray, bands: int, rows: int, num_perm: int = 128,
                        seed: int = 1) -> np.ndarray:
    """`band_hashes` of the MinHash signatures of CSR sets, one band at a time (the full signature matrix is
    never held: memory is bands x sets x 8 bytes)."""
    n = len(indptr) - 1
    out = np.zeros((bands, n), dtype=np.uint64)
    x = _mix64(flat)
    for b in range(bands):
        out[b] = _combine(minhash_csr(flat, indptr, range(b * rows, (b + 1) * rows), num_perm, seed, mixed=x), b)
    return out


def _groups(keys: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort `members` by `keys`; return (sorted members, start of each group, size of each group)."""
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    starts = np.flatnonzero(np.concatenate([[True], k[1:] != k[:-1]]))
    sizes = np.diff(np.concatenate([starts, [len(k)]]))
    return members[order], starts, sizes


def _pairs_of_groups(sorted_members: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """All (lo, hi) pairs within each group, as an (m, 2) int64 array."""
    out = []
    for s in np.unique(sizes):
        if s < 2:
            continue
        st = starts[sizes == s]
        m = sorted_members[st[:, None] + np.arange(s)[None, :]]
        iu, ju = np.triu_indices(s, 1)
        a, b = m[:, iu].ravel(), m[:, ju].ravel()
        out.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)


def candidate_pairs(sig: np.ndarray, block: np.ndarray | None = None, valid: np.ndarray | None = None,
                    threshold: float = 0.3, max_bucket: int = 500,
                    bands_rows: tuple[int, int] | None = None) -> tuple[np.ndarray, BlockingStats]:
    """Distinct candidate pairs (i < j) of signature rows, as an (m, 2) int64 array, and what blocking did."""
    bands, rows = bands_rows or lsh_params(threshold, sig.shape[1])
    return candidate_pairs_from_hashes(band_hashes(sig, bands, rows), block, valid, max_bucket, rows)


def candidate_pairs_from_hashes(hashes: np.ndarray, block: np.ndarray | None = None,
                                valid: np.ndarray | None = None, max_bucket: int = 500, rows_per_band: int = 0,
                                rows_of: np.ndarray | None = None, same: np.ndarray | None = None
                                ) -> tuple[np.ndarray, BlockingStats]:
    """The same from band hashes (bands, m); `rows_of` maps each unit to its column (default: unit k -> k).

    Units with equal `same` values (e.g. the windows of one text) never pair; `pairs` counts distinct pairs
    of units kept.
    """
    bands = hashes.shape[0]
    n = hashes.shape[1] if rows_of is None else len(rows_of)
    block = np.zeros(n, dtype=np.int64) if block is None else np.asarray(block, dtype=np.int64)
    idx = np.arange(n, dtype=np.int64) if valid is None else np.flatnonzero(valid).astype(np.int64)
    st = BlockingStats(rows=len(idx), bands=bands, rows_per_band=rows_per_band)
    if len(idx) < 2:
        return np.zeros((0, 2), dtype=np.int64), st
    blk = block[idx].astype(np.uint64)
    unknown = block[idx] < 0
    mixed = bool(unknown.any() and not unknown.all())
    cols = idx if rows_of is None else np.asarray(rows_of, dtype=np.int64)[idx]
    same_l = None if same is None else np.asarray(same)[idx]
    found: list[np.ndarray] = []
    for band in range(bands):
        h = hashes[band][cols]
        passes = [(h ^ (blk * _MIX), None)]
        if mixed:  # unknown-block rows meet every block: one more pass on the band value alone
            passes.append((h, unknown))
        for keys, need in passes:
            mem, starts, sizes = _groups(keys, np.arange(len(idx), dtype=np.int64))
            multi = sizes >= 2
            if need is not None:  # only buckets that hold an unknown and a known row
                has_unknown = np.add.reduceat(need[mem].astype(np.int64), starts) if len(starts) else sizes
                multi &= (has_unknown > 0) & (has_unknown < sizes)
            st.buckets += int(multi.sum())
            big = multi & (sizes > max_bucket)
            ok = multi & ~big
            pairs = _pairs_of_groups(mem, starts[ok], sizes[ok])
            if big.any():
                st.oversized_buckets += int(big.sum())
                # split the oversized buckets once more by the next band's values
                sel = np.concatenate([mem[s:s + z] for s, z in zip(starts[big], sizes[big])])
                gid = np.repeat(np.arange(int(big.sum()), dtype=np.uint64), sizes[big])
                k2 = (gid * _MIX) ^ hashes[(band + 1) % bands][cols[sel]]
                m2, s2, z2 = _groups(k2, sel)
                over = z2 > max_bucket
                st.skipped_buckets += int(over.sum())
                st.skipped_pairs += int((z2[over] * (z2[over] - 1) // 2).sum())
                keep = (z2 >= 2) & ~over
                pairs = np.concatenate([pairs, _pairs_of_groups(m2, s2[keep], z2[keep])])
            if need is not None and len(pairs):
                pairs = pairs[unknown[pairs[:, 0]] | unknown[pairs[:, 1]]]
            if same_l is not None and len(pairs):
                pairs = pairs[same_l[pairs[:, 0]] != same_l[pairs[:, 1]]]
            if len(pairs):
                found.append(pairs[:, 0] * len(idx) + pairs[:, 1])
        if len(found) > 8:  # keep memory bounded: fold the bands seen so far
            found = [np.unique(np.concatenate(found))]
    if not found:
        return np.zeros((0, 2), dtype=np.int64), st
    codes = np.unique(np.concatenate(found))
    out = np.stack([idx[codes // len(idx)], idx[codes % len(idx)]], axis=1)
    st.pairs = len(out)
    return out, st
