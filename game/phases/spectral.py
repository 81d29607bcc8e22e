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
only affects how often the certificate fails, never the result); the certificate is
checked run by run in a compiled loop.
"""

from __future__ import annotations

import numpy as np

from game.kernels import kernel

MARGIN = 0.05  # η: required gap between λ₁ and the rest
LAPACK_ERROR = 1e-8  # bound on the distance between LAPACK's eigenvector and the exact one
THRESHOLD = 1e-9  # the bloc split's own "is this component zero" threshold
SQUARINGS = 7  # (A + cI)^128
# (A + cI) over its trace has its top eigenvalue between 1/N and about 2, so its powers up
# to the 16th stay inside float32's range for any scenario (N <= 200): they are brought
# back to trace 1 once, after the fourth square, instead of after every other one. The
# other eigenvalues may fade to zero, which only sharpens the estimate (and precision only
# decides how often the certificate holds, never the result).
RESCALE = 3
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
    """(B, N) the estimates and (B,) whether each is certified (see the module's notes)."""
    b, n, _ = unit.shape
    unit = np.ascontiguousarray(unit, dtype=np.float64)
    active = np.ascontiguousarray(active, dtype=np.bool_)
    power = np.empty((b, n, n), dtype=np.float32)
    _shifted(unit, active, power)
    for k in range(SQUARINGS):  # batched products of small matrices: numpy's own loop is fast
        power = power @ power
        if k == RESCALE:
            _over_trace(power)
    lead = np.empty((b, n))
    certified = np.empty(b, dtype=bool)
    _certify_kernel(unit, active, power, lead, certified)
    return lead, certified


@kernel
def _shifted(unit: np.ndarray, active: np.ndarray, power: np.ndarray) -> None:
    """power = (A + cI) / trace in float32, run by run: c is SHIFT × the RMS eigenvalue
    (from the sum of squares, over the active nations), enough that no negative eigenvalue
    wins."""
    b, n, _ = unit.shape
    for r in range(b):
        total = 0.0
        for i in range(n):
            for j in range(n):
                total += unit[r, i, j] * unit[r, i, j]
                power[r, i, j] = np.float32(unit[r, i, j])
        shift = np.float32(SHIFT * np.sqrt(total / max(active[r].sum(), 1)))
        trace = np.float32(1e-30)
        for i in range(n):
            power[r, i, i] += shift
            trace += power[r, i, i]
        for i in range(n):
            for j in range(n):
                power[r, i, j] /= trace


@kernel
def _over_trace(power: np.ndarray) -> None:
    """Each matrix divided by its trace, in place."""
    b, n, _ = power.shape
    for r in range(b):
        trace = np.float32(1e-30)
        for i in range(n):
            trace += power[r, i, i]
        for i in range(n):
            for j in range(n):
                power[r, i, j] /= trace


@kernel
def _certify_kernel(
    unit: np.ndarray,
    active: np.ndarray,
    power: np.ndarray,
    lead: np.ndarray,
    certified: np.ndarray,
) -> None:
    """Run by run: the estimate (the column of the high power with the largest diagonal,
    normalised) into `lead`, and whether the certificate holds into `certified`."""
    b, n, _ = unit.shape
    shifted, factor = np.empty((n, n)), np.empty((n, n))
    av = np.empty(n)
    for r in range(b):
        a, v, high = unit[r], lead[r], power[r]
        column = 0
        for i in range(1, n):
            if high[i, i] > high[column, column]:
                column = i
        norm = 0.0
        for i in range(n):
            v[i] = high[i, column]
            norm += v[i] * v[i]
        norm = np.sqrt(norm) + 1e-300
        for i in range(n):
            v[i] /= norm
        rho = 0.0
        for i in range(n):
            av[i] = 0.0
            for j in range(n):
                av[i] += a[i, j] * v[j]
            rho += v[i] * av[i]
        residual = 0.0
        for i in range(n):
            residual += (av[i] - rho * v[i]) ** 2
        residual = np.sqrt(residual) + 1e-12
        sigma = rho - MARGIN
        # σI − A + (ρ + 1)vvᵀ positive definite: every other eigenvalue is below σ.
        for i in range(n):
            for j in range(n):
                shifted[i, j] = v[i] * ((rho + 1.0) * v[j]) - a[i, j]
            shifted[i, i] += sigma - THRESHOLD
        ok = rho - residual > sigma and _positive_definite(shifted, factor)
        error = np.sqrt(2.0) * residual / MARGIN + 1e-12
        for i in range(n):
            if active[r, i] and abs(v[i]) <= 2.0 * error + LAPACK_ERROR + THRESHOLD:
                ok = False
        certified[r] = ok


@kernel
def _positive_definite(x: np.ndarray, factor: np.ndarray) -> bool:
    """True where the symmetric matrix x is positive definite: its Cholesky factorisation
    (into the lower triangle of `factor`) meets only positive pivots."""
    n = x.shape[0]
    for j in range(n):
        pivot = x[j, j]
        for k in range(j):
            pivot -= factor[j, k] * factor[j, k]
        if not pivot > 0.0:
            return False
        factor[j, j] = np.sqrt(pivot)
        for i in range(j + 1, n):
            value = x[i, j]
            for k in range(j):
                value -= factor[i, k] * factor[j, k]
            factor[i, j] = value / factor[j, j]
    return True
