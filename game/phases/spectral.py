"""The leading eigenvector of many small symmetric matrices, fast, with LAPACK's signs.

The bloc split needs only the SIGNS of the leading eigenvector (which nations lie on which
side, beyond ±1e-9). LAPACK's `eigh` computes every eigenpair and costs ~20 µs for a
12×12 matrix, the largest single cost of a batch turn. Here a cheap estimate is computed
for the whole batch and CERTIFIED run by run; runs that cannot be certified (a nearly
degenerate top eigenvalue, a component too close to zero) fall back to `eigh`. So the
signs, and the blocs, are exactly those `eigh` gives, for every run.

Certificate, for a symmetric A, a unit vector v, ρ = vᵀAv and r = Av − ρv:
1. Rank-one interlacing: λ₂(A) ≤ λ₁(A − t vvᵀ) for any t ≥ 0. If σI − A + t vvᵀ is
   positive definite (a Cholesky factorisation succeeds), then λ₂(A) < σ. We take
   σ = ρ − η with the margin η = 0.05.
2. Some eigenvalue lies within ‖r‖ of ρ; if ρ − ‖r‖ > σ it is λ₁, and every other
   eigenvalue is at least η below ρ.
3. Davis–Kahan: sin∠(v, u₁) ≤ ‖r‖ / η, so ‖v − u₁‖ ≤ ε = √2‖r‖/η for the aligned u₁.
   LAPACK's vector is within 1e-8 of ±u₁ when the gap is ≥ η (its error is a small
   multiple of n·eps·‖A‖/gap ≈ 1e-11 here).
4. If every active component has |vᵢ| > 2ε + 1e-8 + 1e-9, v and LAPACK's vector have the
   same sign pattern, including at the pole that fixes the orientation, and the same
   components beyond the ±1e-9 threshold.

The estimate is a power iteration by repeated squaring of A + cI in float32 (precision
only affects how often the certificate fails, never the result).
"""

from __future__ import annotations

import numpy as np

try:  # the batched LAPACK Cholesky that reports failure as NaN instead of raising
    from numpy.linalg._umath_linalg import cholesky_lo as _cholesky_lo
except ImportError:  # pragma: no cover - other numpy builds use the numpy loop below
    _cholesky_lo = None

MARGIN = 0.05  # η: required gap between λ₁ and the rest
LAPACK_ERROR = 1e-8  # bound on the distance between LAPACK's eigenvector and the exact one
THRESHOLD = 1e-9  # the bloc split's own "is this component zero" threshold
SQUARINGS = 7  # (A + cI)^128
SHIFT = 0.5  # c = SHIFT × RMS eigenvalue, keeps the most negative eigenvalue from winning
SMALL_BATCH = 8  # below this many runs `eigh` is used directly


def leading_eigenvectors(unit: np.ndarray, active: np.ndarray) -> np.ndarray:
    """(B, N) vectors whose entries have exactly the signs and ±1e-9 classes of
    `np.linalg.eigh(unit)[1][:, :, -1]` (up to one overall sign per run)."""
    b, n, _ = unit.shape
    if b < SMALL_BATCH:  # a few matrices: LAPACK is cheaper than the estimate's numpy calls
        return np.linalg.eigh(unit)[1][:, :, -1] if b else np.zeros((0, n))
    estimate, certified = _certified_estimate(unit, active)
    lead = estimate
    doubtful = np.flatnonzero(~certified)
    if doubtful.size:
        lead[doubtful] = np.linalg.eigh(unit[doubtful])[1][:, :, -1]
    return lead


def _certified_estimate(unit: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    b, n, _ = unit.shape
    diagonal = np.arange(n)
    count = np.maximum(active.sum(axis=1), 1)
    rms = np.sqrt(np.einsum("bij,bij->b", unit, unit) / count)
    power = unit.astype(np.float32)
    power[:, diagonal, diagonal] += (SHIFT * rms).astype(np.float32)[:, None]
    for k in range(SQUARINGS):
        power = power @ power
        if k % 2 == 0 or k == SQUARINGS - 1:  # a PSD matrix over its trace stays ≤ 1
            power /= np.trace(power, axis1=1, axis2=2)[:, None, None] + np.float32(1e-30)
    column = np.argmax(np.diagonal(power, axis1=1, axis2=2), axis=1)
    v = power[np.arange(b), :, column].astype(np.float64)
    v /= np.sqrt(np.einsum("bi,bi->b", v, v))[:, None] + 1e-300
    av = np.matmul(unit, v[:, :, None])[:, :, 0]
    rho = np.einsum("bi,bi->b", v, av)
    r = av - rho[:, None] * v
    residual = np.sqrt(np.einsum("bi,bi->b", r, r)) + 1e-12
    sigma = rho - MARGIN
    shifted = v[:, :, None] * ((rho + 1.0)[:, None] * v)[:, None, :]
    shifted -= unit
    shifted[:, diagonal, diagonal] += (sigma - THRESHOLD)[:, None]
    certified = _positive_definite(shifted) & (rho - residual > sigma)
    error = np.sqrt(2.0) * residual / MARGIN + 1e-12
    too_small = (np.abs(v) <= 2.0 * error[:, None] + LAPACK_ERROR + THRESHOLD) & active
    certified &= ~too_small.any(axis=1)
    return v, certified


def _positive_definite(x: np.ndarray) -> np.ndarray:
    """(B,) True where the symmetric matrix is positive definite (Cholesky succeeds)."""
    if _cholesky_lo is not None:
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            factor = _cholesky_lo(x)
        return np.isfinite(factor).all(axis=(1, 2))
    x = x.copy()
    b, n, _ = x.shape
    ok = np.ones(b, dtype=bool)
    for k in range(n):
        pivot = x[:, k, k]
        ok &= pivot > 0
        if k + 1 < n:
            column = x[:, k + 1 :, k] / np.where(ok, pivot, 1.0)[:, None]
            x[:, k + 1 :, k + 1 :] -= column[:, :, None] * x[:, k, None, k + 1 :]
    return ok
