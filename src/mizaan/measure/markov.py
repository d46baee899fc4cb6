"""Markov-chain attribution with removal effects computed exactly from the transition matrix.

The paths define an absorbing Markov chain (``mizaan.measure.chain``): transient states (*start* and the
channel windows), two absorbing states (*conversion*, *null*). With ``Q`` the transient-to-transient
transition probabilities and ``r`` the one-step probabilities of converting, the probability of converting
from each state solves ``(I - Q) x = r`` (the fundamental-matrix identity ``x = N r``,
``N = (I - Q)^{-1}``); ``P = x[start]``.

Removing channel ``c`` sends every visit to a state that contains ``c`` to *null*: the rows and columns
of those states leave the system, and ``P_{-c}`` solves the smaller system. The removal effect is
``1 - P_{-c} / P`` — the share of conversions that pass through ``c``. Conversions are credited in
proportion to removal effects: ``credit_c = RE_c / sum(RE) * total conversions``.

Value follows the same algebra with the reward ``r_v = r * (value per conversion of the state)``: the
expected value per journey is ``x_v[start]``, and value removal effects and credit are computed as above.
This is what ChannelAttribution estimates by simulating journeys; here it is solved, so the result is
exact (to floating point) and the same on every run.

Small systems are solved densely (LAPACK), systems of a few thousand states by sparse LU when it fills in
little, and large ones (orders 3 and 4 over many channels) with GMRES on the adjoint system (one solve
gives both conversions and value), driven to a relative residual of 1e-14: chains of journeys are strongly
absorbing, so it converges in a few dozen products, where a sparse LU factorisation of a window graph
would fill in almost completely. A sparse LU solve takes over if GMRES ever stops short.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Self

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from mizaan.errors import InputError, Problem
from mizaan.measure.base import AttributionModel
from mizaan.measure.chain import Chain, build_chain
from mizaan.measure.paths import Float, Index, Paths

Solver = Literal["auto", "dense", "lu", "gmres"]
SOLVERS: tuple[str, ...] = ("auto", "dense", "lu", "gmres")
DENSE_LIMIT = 200
LU_TRIAL_LIMIT = 5000
LU_FILL_LIMIT = 40
MAX_ORDER = 4
ITERATIVE_TOLERANCE = 1e-14
RESIDUAL_LIMIT = 1e-11


class MarkovAttribution(AttributionModel):
    """Removal-effect attribution on a Markov chain of order 1 to 4, solved exactly.

    Parameters
    ----------
    order : how many consecutive touches make a state (1: the channel itself).
    solver : ``auto`` (dense for small chains, sparse LU when it fills in little, else GMRES), or one of
        ``dense``, ``lu``, ``gmres`` to force it; all give the same numbers to about 1e-12.

    Attributes (after ``fit``)
    --------------------------
    removal_effects_, value_removal_effects_ : per channel, ``1 - P_{-c} / P`` for conversions and value.
    conversion_probability_ : ``P``, the chance that a journey converts (equals total conversions over
        conversions + non-conversions of the paths).
    value_per_journey_ : the expected conversion value of a journey.
    chain_ : the ``Chain`` (states and transition counts).

    Example
    -------
    >>> from mizaan.measure import paths_from_lists
    >>> p = paths_from_lists([["a", "b"], ["a"]], conversions=[1, 0], nulls=[0, 1])
    >>> MarkovAttribution(order=1).fit(p).removal_effects_
    {'a': 1.0, 'b': 1.0}
    """

    name = "markov"

    def __init__(self, order: int = 1, solver: Solver = "auto") -> None:
        self.order = order
        self.solver = solver

    @property
    def key(self) -> str:
        return f"markov_{self.order}"

    def _check_params(self) -> list[Problem]:
        if not (isinstance(self.order, int) and not isinstance(self.order, bool) and 1 <= self.order <= MAX_ORDER):
            return [Problem("measure.param_order", {"value": repr(self.order), "max": MAX_ORDER}, field="order")]
        return []

    def _fit(self, paths: Paths) -> tuple[Float, Float | None]:
        total_value = None if paths.value is None else float(paths.value.sum())
        return self._solve(build_chain(paths, self.order), paths.total_conversions, total_value)

    def fit_chain(self, chain: Chain, has_value: bool = True) -> Self:
        """Fit on a chain's counts computed elsewhere (on a distributed engine, ``measure/counted.py``):
        the same credit as ``fit`` on the paths the chain was counted from."""
        problems = self._check_params()
        if chain.order != self.order:
            bad = {"value": repr(chain.order), "max": MAX_ORDER}
            problems.append(Problem("measure.param_order", bad, field="order"))
        if problems:
            raise InputError(problems, key="measure.bad_input")
        total_value = float(chain.value_out.sum()) if has_value else None
        conv, value = self._solve(chain, float(chain.to_conversion.sum()), total_value)
        self._learned(chain.channels, conv, value)
        return self

    def _solve(self, chain: Chain, total_conversions: float, total_value: float | None) -> tuple[Float, Float | None]:
        base, removed = removal_solutions(chain, self.solver)
        p, v = base
        n_ch = len(chain.channels)
        re = 1.0 - removed[:, 0] / p if p > 0 else np.zeros(n_ch)
        re_v = 1.0 - removed[:, 1] / v if v > 0 else np.zeros(n_ch)
        # round-off can leave -1e-17 where a channel changes nothing
        re = np.clip(re, 0.0, 1.0)
        re_v = np.clip(re_v, 0.0, 1.0)
        has_value = total_value is not None
        self.chain_ = chain
        self.conversion_probability_ = float(p)
        self.value_per_journey_ = float(v) if has_value else None
        self.removal_effects_ = dict(zip(chain.channels, re.tolist(), strict=True))
        self.value_removal_effects_ = dict(zip(chain.channels, re_v.tolist(), strict=True)) if has_value else None
        conv = _shares(re) * total_conversions
        value = None if total_value is None else _shares(re_v) * total_value
        return conv, value

    def _diagnostics(self) -> dict[str, Any]:
        return {
            "states": self.chain_.n_states - 1,
            "transitions": int(self.chain_.counts.nnz),
            "conversion_probability": self.conversion_probability_,
            "value_per_journey": self.value_per_journey_,
        }

    def _extra(self, channel: str) -> dict[str, float]:
        out = {"removal_effect": self.removal_effects_[channel]}
        if self.value_removal_effects_ is not None:
            out["value_removal_effect"] = self.value_removal_effects_[channel]
        return out


def _shares(effects: Float) -> Float:
    total = effects.sum()
    return effects / total if total > 0 else np.zeros_like(effects)


def absorbing_system(chain: Chain) -> tuple[sp.csr_matrix, Float]:
    """``(I - Q, [r, r_v])``: the system whose solution at *start* is (P, expected value)."""
    out = chain.out_weight
    inv = np.divide(1.0, out, out=np.zeros_like(out), where=out > 0)
    q = sp.diags(inv) @ chain.counts
    a = (sp.identity(chain.n_states, format="csr") - q).tocsr()
    rhs = np.column_stack([chain.to_conversion * inv, chain.value_out * inv])
    return a, rhs


def removal_solutions(chain: Chain, solver: Solver = "auto") -> tuple[Float, Float]:
    """``(base, removed)``: (P, V) for the whole chain, and one row of (P, V) per channel with that
    channel's states removed."""
    a, rhs = absorbing_system(chain)
    contains = chain.contains().tocsc()
    n_ch = len(chain.channels)
    if solver == "dense" or (solver == "auto" and a.shape[0] <= DENSE_LIMIT):
        solve = _dense_solver(a, rhs)
    else:
        solve = _sparse_solver(a, rhs, solver)
    everything = np.arange(chain.n_states)
    base = solve(everything)
    removed = np.zeros((n_ch, 2))
    for c in range(n_ch):
        hit = contains.indices[contains.indptr[c] : contains.indptr[c + 1]]
        if len(hit) == 0:
            removed[c] = base
            continue
        keep = np.ones(chain.n_states, dtype=bool)
        keep[hit] = False
        removed[c] = solve(np.flatnonzero(keep))  # start (0) is always kept, and stays first
    return base, removed


def _dense_solver(a: sp.csr_matrix, rhs: Float) -> Callable[[Index], Float]:
    dense = a.toarray()

    def solve(idx: Index) -> Float:
        return np.asarray(np.linalg.solve(dense[np.ix_(idx, idx)], rhs[idx])[0], dtype=np.float64)

    return solve


def _sparse_solver(a: sp.csr_matrix, rhs: Float, solver: Solver) -> Callable[[Index], Float]:
    """Solves the adjoint system ``(I - Q)^T y = e_start`` — ``y`` is the expected number of visits to each
    state — so that one solve gives both P = y . r and V = y . r_v.

    A sparse LU factorisation is used when a trial on the whole system shows little fill-in (chains of a
    few thousand states); otherwise GMRES, which needs only products with the matrix."""
    at = a.T.tocsr()
    direct = solver == "lu"
    if solver == "auto" and at.shape[0] <= LU_TRIAL_LIMIT:
        lu = spla.splu(at.tocsc(), permc_spec="COLAMD")
        direct = lu.L.nnz + lu.U.nnz <= LU_FILL_LIMIT * at.nnz

    def solve(idx: Index) -> Float:
        sub = at[idx][:, idx]
        e = np.zeros(len(idx))
        e[0] = 1.0
        if direct:
            y = spla.splu(sub.tocsc(), permc_spec="COLAMD").solve(e)
        else:
            y, info = spla.gmres(sub, e, rtol=ITERATIVE_TOLERANCE, atol=0.0, restart=60, maxiter=200)
            if info != 0 or np.abs(sub @ y - e).max() > RESIDUAL_LIMIT:  # pragma: no cover - not seen
                y = spla.splu(sub.tocsc(), permc_spec="COLAMD").solve(e)
        return np.asarray(y @ rhs[idx], dtype=np.float64)

    return solve
