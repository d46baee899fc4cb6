"""Fitting the model: the arrays from a table, its priors and lift tests; NUTS (NumPyro on JAX) or a fast MAP
with a Laplace interval; and the diagnostics that say whether the fit can be trusted.

JAX runs on the CPU unless an accelerator is present (then on it, with no change here). Chains run
vectorised: on a CPU with few cores that is faster than one process per chain for a model this small.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from mizaan.errors import InputError, Problem
from mizaan.mmm.data import LiftTest, Table
from mizaan.mmm.jaxcache import enable_compilation_cache
from mizaan.mmm.model import Design, model
from mizaan.mmm.priors import ChannelPrior
from mizaan.mmm.transforms import AdstockKind, Array, SaturationKind, lagged

Method = Literal["nuts", "map"]
METHODS: tuple[Method, ...] = ("nuts", "map")
MAX_RHAT = 1.05
MIN_ESS_PER_CHAIN = 100
YEAR_DAYS = 365.25
TREND_CHANGE_SD = 0.25  # prior sd of each changepoint's change of slope (target means per history span)
CHANGEPOINT_DAYS = 91.3  # one changepoint a quarter of history by default
MAX_CHANGEPOINTS = 12
LOG_WEIGHT = "log_weight"  # MAP draws: log(posterior / Laplace approximation), up to a constant
GRADIENT_TOLERANCE = 0.05  # MAP: the largest gradient at the mode, per unit of the posterior's sharpest sd


@dataclass(frozen=True)
class Options:
    method: Method = "nuts"
    chains: int = 4
    draws: int = 1000
    tune: int = 1000
    seed: int = 0
    adstock: AdstockKind = "geometric"
    saturation: SaturationKind = "logistic"
    l_max: int | None = None  # default: 8 weeks or 28 days
    fourier: int = 2  # yearly Fourier terms (pairs); daily data adds two weekly pairs
    changepoints: int | None = None  # trend changepoints; default: one a quarter of history (at most 12)
    trend_change_sd: float = TREND_CHANGE_SD
    interval: float = 0.94
    shape_check: bool = True  # score every adstock x saturation by PSIS-LOO and warn when another wins
    choose_adstock: bool = False  # --adstock auto: fit the carry-over the shape check prefers
    choose_saturation: bool = False  # --saturation auto
    target_accept: float = 0.9


@dataclass
class Diagnostics:
    ok: bool
    max_rhat: float | None
    divergences: int
    min_ess_bulk: float | None
    messages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # message keys and parameters


def changepoint_count(table: Table, opts: Options) -> int:
    """How many times the trend may bend: ``opts.changepoints``, or one a quarter of history (at most
    ``MAX_CHANGEPOINTS``; none under half a year)."""
    if opts.changepoints is not None:
        return max(opts.changepoints, 0)
    span = (table.dates[-1] - table.dates[0]).days
    return int(min(max(round(span / CHANGEPOINT_DAYS) - 1, 0), MAX_CHANGEPOINTS))


def base_columns(table: Table, fourier: int, changepoints: int = 0) -> tuple[Array, int, int]:
    """Trend (a line that may bend at ``changepoints`` evenly spaced dates: hinge columns
    ``max(0, t - c_k)``), Fourier seasonality and the controls (scaled by their largest absolute value).
    Returns the columns, how many lead with trend and seasonality, and how many of those are hinges."""
    n = len(table.dates)
    day = np.array([d.toordinal() for d in table.dates], dtype=float)
    t = np.arange(n) / max(n - 1, 1)
    cols = [t] + [np.maximum(t - c, 0.0) for c in np.linspace(0.0, 1.0, changepoints + 2)[1:-1]]
    waves = [(YEAR_DAYS, fourier)] + ([(7.0, 2)] if table.period == "day" else [])
    for length, order in waves:
        for k in range(1, order + 1):
            cols += [np.sin(2 * np.pi * k * day / length), np.cos(2 * np.pi * k * day / length)]
    n_trend = len(cols)
    for j in range(table.control_values.shape[1]):
        v = table.control_values[:, j]
        top = float(np.max(np.abs(v)))
        cols.append(v / top if top > 0 else v)
    return np.column_stack(cols), n_trend, changepoints


def _window(dates: list[dt.date], start: dt.date, end: dt.date) -> Array:
    return np.array([start <= d <= end for d in dates], dtype=float)


def changed_spend(spend: Array, window: Array, change: float) -> Array:
    """The spend a test ran: the window's spend scaled by the change (a turn-off test of -100 % leaves 0),
    or, where the window had no spend, the change spread evenly over its periods."""
    inside = float(np.sum(spend * window))
    if inside > 0:
        return np.asarray(spend * (1.0 + change / inside * window), dtype=float)
    return np.asarray(spend + change / window.sum() * window, dtype=float)


def build_design(
    table: Table, priors: list[ChannelPrior], tests: list[LiftTest], opts: Options, tests_file: str = ""
) -> Design:
    l_max = opts.l_max or (8 if table.period == "week" else 28)
    y_scale = float(np.mean(np.abs(table.y))) or 1.0
    x_scale = table.spend.max(axis=1)
    lag = np.stack([lagged(table.spend[c] / x_scale[c], l_max) for c in range(len(table.channels))])
    base, n_trend, hinges = base_columns(table, opts.fourier, changepoint_count(table, opts))
    coef_sd = np.ones(base.shape[1])
    coef_sd[1 : 1 + hinges] = opts.trend_change_sd
    problems, rows = [], []
    for test in tests:
        c = table.channels.index(test.channel)
        window = _window(table.dates, test.start, test.end)
        if not window.any():
            problems.append(
                Problem(
                    "mmm.test_no_periods",
                    {"start": test.start.isoformat(), "end": test.end.isoformat()},
                    file=tests_file,
                    row=test.row,
                    field="start",
                )
            )
            continue
        changed = changed_spend(table.spend[c], window, test.spend_change)
        if changed.min() < 0:
            problems.append(
                Problem(
                    "mmm.test_below_zero",
                    {"channel": test.channel},
                    file=tests_file,
                    row=test.row,
                    field="spend_change",
                )
            )
            continue
        rows.append(
            (c, lagged(changed / x_scale[c], l_max), window, test.outcome_change / y_scale, test.outcome_sd / y_scale)
        )
    if problems:
        raise InputError(problems, file=tests_file, key="mmm.bad_input")
    ab = np.array([p.beta_params() for p in priors])
    return Design(
        y=table.y / y_scale,
        y_scale=y_scale,
        lagged=lag,
        x_scale=x_scale,
        spend_total=table.spend.sum(axis=1),
        base=base,
        n_trend=n_trend,
        coef_sd=coef_sd,
        adstock=opts.adstock,
        saturation=opts.saturation,
        l_max=l_max,
        roas_loc=np.log([p.roas_median for p in priors]),
        roas_sd=np.array([p.roas_sd for p in priors]),
        alpha_a=ab[:, 0],
        alpha_b=ab[:, 1],
        # a peak's lag from rule C5's build-up time; without a rule, anywhere in the window (mid-window mean):
        # a weak prior centred on lag 0 could not reach a peak past one period
        theta_mean=np.array(
            [min(p.theta_mean, l_max - 1.0) if p.adstock_source == "rule" else (l_max - 1.0) / 2 for p in priors]
        ),
        lift_channel=np.array([r[0] for r in rows], dtype=int),
        lift_lagged=np.array([r[1] for r in rows]).reshape(len(rows), len(table.dates), l_max),
        lift_window=np.array([r[2] for r in rows]).reshape(len(rows), len(table.dates)),
        lift_observed=np.array([r[3] for r in rows], dtype=float),
        lift_sd=np.array([r[4] for r in rows], dtype=float),
    )


def run(d: Design, opts: Options, calibrate: bool = True) -> tuple[dict[str, Array], Diagnostics]:
    """Posterior draws of every site (draws first) and the fit's diagnostics."""
    if not calibrate or not len(d.lift_channel):  # the same compiled model for every fit without tests
        n, lags = d.lagged.shape[1], d.l_max
        d = dataclasses.replace(
            d,
            lift_channel=np.zeros(0, dtype=int),
            lift_lagged=np.zeros((0, n, lags)),
            lift_window=np.zeros((0, n)),
            lift_observed=np.zeros(0),
            lift_sd=np.zeros(0),
        )
        calibrate = False
    return (_nuts if opts.method == "nuts" else _map)(_Compiled(d, calibrate, opts.seed), opts)


Spec = tuple[tuple[str, tuple[int, ...]], ...]  # the latent sites' names and shapes, in order


def _unravel(v: Any, spec: Spec) -> dict[str, Any]:
    out, at = {}, 0
    for name, shape in spec:
        size = int(np.prod(shape)) if shape else 1
        out[name] = v[at : at + size].reshape(shape)
        at += size
    return out


def _start(keys: Any, d: Design, calibrate: bool) -> dict[str, Any]:
    """The medians of draws from the prior, in the sampler's unconstrained space."""
    import jax
    import jax.numpy as jnp
    from numpyro import handlers
    from numpyro.distributions.transforms import biject_to

    def draw(key: Any) -> dict[str, Any]:
        tr = handlers.trace(handlers.seed(model, key)).get_trace(d, calibrate)
        latent = {n: s for n, s in tr.items() if s["type"] == "sample" and not s["is_observed"]}
        medians = {n: s["value"] for n, s in latent.items()}
        return {n: biject_to(latent[n]["fn"].support).inv(v) for n, v in medians.items()}

    return {n: jnp.median(v, axis=0) for n, v in jax.vmap(draw)(keys).items()}


def _energy(v: Any, d: Design, spec: Spec, calibrate: bool) -> Any:
    from numpyro.infer.util import potential_energy

    return potential_energy(model, (d, calibrate), {}, _unravel(v, spec))


def _constrain(v: Any, d: Design, spec: Spec, calibrate: bool) -> Any:
    from numpyro.infer.util import constrain_fn

    return constrain_fn(model, (d, calibrate), {}, _unravel(v, spec), return_deterministic=True)


_JIT: dict[str, Any] = {}


def _jitted() -> dict[str, Any]:
    """The model's functions compiled once per shape of data, with the data as an argument: a second fit
    of the same shape reuses them. (NumPyro's own set-up runs the model op by op, compiling each operation
    apart: many times slower than the fit itself on a loaded CPU.)"""
    if not _JIT:
        import jax

        enable_compilation_cache()

        static = ("spec", "calibrate")
        _JIT["start"] = jax.jit(_start, static_argnames=("calibrate",))
        _JIT["energy"] = jax.jit(_energy, static_argnames=static)
        _JIT["energies"] = jax.jit(jax.vmap(_energy, in_axes=(0, None, None, None)), static_argnames=static)
        _JIT["value_grad"] = jax.jit(jax.value_and_grad(_energy), static_argnames=static)
        _JIT["hessian"] = jax.jit(jax.hessian(_energy), static_argnames=static)
        _JIT["constrain"] = jax.jit(jax.vmap(_constrain, in_axes=(0, None, None, None)), static_argnames=static)
    return _JIT


class _Compiled:
    """The model as functions of one flat vector of unconstrained parameters."""

    energy: Callable[[Any], Any]
    energies: Callable[[Any], Any]
    value_grad: Callable[[Any], Any]
    hessian: Callable[[Any], Any]
    constrain: Callable[[Any], Any]

    def __init__(self, d: Design, calibrate: bool, seed: int) -> None:
        import jax
        import jax.numpy as jnp

        fns = _jitted()
        self.key = jax.random.PRNGKey(seed)
        z0 = fns["start"](jax.random.split(self.key, 101), d, calibrate)
        self.spec: Spec = tuple((n, tuple(int(k) for k in z0[n].shape)) for n in sorted(z0))
        self.flat = jnp.concatenate([jnp.ravel(z0[n]) for n, _ in self.spec])
        args = (d, self.spec, calibrate)
        self.energy = lambda v: fns["energy"](v, *args)
        self.energies = lambda v: fns["energies"](v, *args)
        self.value_grad = lambda v: fns["value_grad"](v, *args)
        self.hessian = lambda v: fns["hessian"](v, *args)
        self.constrain = lambda v: fns["constrain"](v, *args)


def judge(rhat: float | None, divergences: int, ess: float, chains: int) -> Diagnostics:
    """NUTS diagnostics against their limits: R-hat at most ``MAX_RHAT``, no divergent transition, an
    effective sample size of at least ``MIN_ESS_PER_CHAIN`` per chain; each failure is a message."""
    messages: list[tuple[str, dict[str, Any]]] = []
    if rhat is not None and not rhat <= MAX_RHAT:
        messages.append(("mmm.diag.rhat", {"value": round(rhat, 3), "limit": MAX_RHAT}))
    if divergences:
        messages.append(("mmm.diag.divergences", {"count": divergences}))
    needed = MIN_ESS_PER_CHAIN * chains
    if not ess >= needed:
        messages.append(("mmm.diag.ess", {"value": round(ess), "needed": needed}))
    return Diagnostics(not messages, rhat, divergences, ess, messages)


def _nuts(m: _Compiled, opts: Options) -> tuple[dict[str, Array], Diagnostics]:
    import jax.numpy as jnp
    from numpyro.diagnostics import summary
    from numpyro.infer import MCMC, NUTS

    rng = np.random.default_rng(opts.seed)
    starts = np.asarray(m.flat)[None, :] + rng.uniform(-0.5, 0.5, (opts.chains, len(m.flat)))
    kernel = NUTS(potential_fn=lambda v: m.energy(v), target_accept_prob=opts.target_accept, dense_mass=True)
    mcmc = MCMC(
        kernel,
        num_warmup=opts.tune,
        num_samples=opts.draws,
        num_chains=opts.chains,
        chain_method="vectorized",
        progress_bar=False,
    )
    init = jnp.asarray(starts, dtype=m.flat.dtype) if opts.chains > 1 else jnp.asarray(starts[0], dtype=m.flat.dtype)
    mcmc.run(m.key, init_params=init, extra_fields=("diverging",))
    flat = np.asarray(mcmc.get_samples(group_by_chain=True)).reshape(opts.chains * opts.draws, -1)
    sites = {k: np.asarray(v, dtype=float) for k, v in m.constrain(jnp.asarray(flat, dtype=m.flat.dtype)).items()}
    grouped = {k: v.reshape((opts.chains, opts.draws, *v.shape[1:])) for k, v in sites.items()}
    divergences = int(np.asarray(mcmc.get_extra_fields()["diverging"]).sum())
    stats = summary(grouped, group_by_chain=True)
    rhat = max(float(np.nanmax(s["r_hat"])) for s in stats.values()) if opts.chains > 1 else None
    ess = min(float(np.nanmin(s["n_eff"])) for s in stats.values())
    return sites, judge(rhat, divergences, ess, opts.chains)


def _map(m: _Compiled, opts: Options) -> tuple[dict[str, Array], Diagnostics]:
    """The posterior's mode (L-BFGS from the prior's median and from random starts, the best kept) and a
    Laplace approximation around it in the sampler's unconstrained space, drawn ``chains x draws`` times."""
    import jax.numpy as jnp
    from scipy.optimize import minimize
    from threadpoolctl import threadpool_limits

    dtype = m.flat.dtype

    def fun(v: Array) -> tuple[float, Array]:
        val, grad = m.value_grad(jnp.asarray(v, dtype=dtype))
        return float(val), np.asarray(grad, dtype=float)

    rng = np.random.default_rng(opts.seed)
    best = None
    # one BLAS thread: L-BFGS's small products gain nothing from threads, and on a busy CPU the threads'
    # spinning made each step 70 times slower (2.1 s against 0.03 s for a 31-parameter problem)
    with threadpool_limits(1, user_api="blas"):
        for start in range(max(opts.chains, 1)):
            x0 = np.asarray(m.flat, dtype=float) + (rng.uniform(-1.0, 1.0, len(m.flat)) if start else 0.0)
            res = minimize(fun, x0, jac=True, method="L-BFGS-B", options={"maxiter": 5000})
            if np.isfinite(res.fun) and (best is None or res.fun < best.fun):
                best = res
    messages: list[tuple[str, dict[str, Any]]] = []
    if best is None:
        raise FloatingPointError("the posterior's density is not finite at any start")
    hess: Array = np.asarray(m.hessian(jnp.asarray(best.x, dtype=dtype)), dtype=np.float64)
    hess = (hess + hess.T) / 2
    vals, vecs = np.linalg.eigh(hess)
    if not np.all(vals > 0):
        messages.append(("mmm.diag.hessian", {"count": int(np.sum(vals <= 0))}))
        vals = np.maximum(vals, 1e-6 * max(float(np.max(np.abs(vals))), 1.0))
    grad_norm = float(np.max(np.abs(fun(best.x)[1])))
    if not grad_norm <= GRADIENT_TOLERANCE * max(1.0, float(np.sqrt(np.max(vals)))):
        messages.append(("mmm.diag.not_converged", {"value": round(grad_norm, 4)}))
    n = max(opts.chains, 1) * opts.draws
    eps = rng.standard_normal((n, len(best.x)))
    z = best.x + (eps / np.sqrt(vals)) @ vecs.T
    draws = {k: np.asarray(v, dtype=float) for k, v in m.constrain(jnp.asarray(z, dtype=dtype)).items()}
    # how far each draw's posterior density is from the Gaussian it was drawn from (up to a constant):
    # the importance weight that corrects an expectation over the draws (the shape check's PSIS-LOO uses it)
    energy = np.asarray(m.energies(jnp.asarray(z, dtype=dtype)), dtype=float)
    draws[LOG_WEIGHT] = -energy + 0.5 * np.sum(eps**2, axis=1)
    return draws, Diagnostics(not messages, None, 0, None, messages)
