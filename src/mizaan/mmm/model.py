"""The media-mix model as a NumPyro program, and the arrays it is fitted on.

In target units scaled by the target's mean (``y_s = y / y_scale``) and each channel's spend scaled by its
largest period (``x_s = x / x_scale``)::

    y_s[t] = intercept + trend * t/T + fourier[t] @ f + controls_s[t] @ gamma
             + sum_c beta_c * sat_c(adstock_c(x_s_c))[t] + noise,   noise ~ Normal(0, sigma)

Each channel's effect is parameterised by its **return on spend** over the data: ``beta_c`` is whatever
makes the channel's contribution equal ``roas_c * spend_c``, so the prior on ``roas_c`` (from the knowledge
base's figures where the column maps to a registry channel, weakly informative otherwise) is a prior on
exactly the number a business reads. A lift test adds one Normal term per test: the model's outcome change
over the test's window for the test's spend change, against what the test measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from mizaan.mmm.transforms import AdstockKind, Array, SaturationKind, adstock_weights, saturation


@dataclass(frozen=True)
class Design:
    """Everything the sampler needs, as plain arrays (scaled)."""

    y: Array  # periods, scaled by y_scale
    y_scale: float
    lagged: Array  # channels x periods x lags, spend scaled by x_scale
    x_scale: Array  # channels
    spend_total: Array  # channels, in spend units
    base: Array  # periods x (trend, fourier..., controls...)
    n_trend: int  # leading columns of base that are trend and seasonality (the rest are controls)
    coef_sd: Array  # the prior sd of each base column's coefficient (small for the trend's changepoints)
    adstock: AdstockKind
    saturation: SaturationKind
    l_max: int
    roas_loc: Array  # log-median of each channel's return on spend (target units per spend unit)
    roas_sd: Array  # its log standard deviation
    alpha_a: Array  # Beta prior of the adstock decay
    alpha_b: Array
    theta_mean: Array  # delayed adstock: the prior mean of the peak's lag, in periods
    lift_channel: Array  # tests: channel index (int)
    lift_lagged: Array  # tests x periods x lags: the channel's scaled spend with the test's change
    lift_window: Array  # tests x periods: 1 inside the test's window
    lift_observed: Array  # tests: measured outcome change, scaled by y_scale
    lift_sd: Array  # tests: its standard deviation, scaled

    @property
    def n_channels(self) -> int:
        return int(self.lagged.shape[0])


def _saturation_priors(kind: SaturationKind, n: int) -> dict[str, Any]:
    import numpyro.distributions as dist

    if kind == "hill":
        # k: the adstocked spend at half the ceiling, as a share of the channel's largest period
        return {"k": dist.LogNormal(np.log(0.6) * np.ones(n), 0.6), "s": dist.LogNormal(np.log(1.5) * np.ones(n), 0.4)}
    if kind == "logistic":
        return {"lam": dist.Gamma(3.0 * np.ones(n), 1.0)}
    raise ValueError(f"the model fits hill or logistic saturation, not {kind!r}")


def channel_response(d: Design, p: dict[str, Any], lagged_s: Any, xp: Any) -> Any:
    """The saturated adstock of scaled spend (``channels x periods x lags``) under parameters ``p``."""
    w = adstock_weights(d.adstock, p["alpha"], p.get("theta", 0.0), d.l_max, xp)  # (draws x) channels x lags
    ad = xp.einsum("ctl,...cl->...ct", lagged_s, w)
    params = {name: xp.asarray(p[name])[..., None] for name in _SAT_NAMES[d.saturation]}
    return saturation(d.saturation, ad, params, xp)


_SAT_NAMES: dict[str, tuple[str, ...]] = {"hill": ("k", "s"), "logistic": ("lam",)}


def model(d: Design, calibrate: bool = True) -> None:
    """The NumPyro model (``calibrate=False`` leaves the lift tests out: the uncalibrated estimate)."""
    import jax.numpy as jnp
    import numpyro
    import numpyro.distributions as dist

    n = d.n_channels
    intercept = numpyro.sample("intercept", dist.Normal(1.0, 1.0))
    coef = numpyro.sample("coef", dist.Normal(jnp.zeros(d.base.shape[1]), jnp.asarray(d.coef_sd)))
    sigma = numpyro.sample("sigma", dist.HalfNormal(0.5))
    roas = numpyro.sample("roas", dist.LogNormal(d.roas_loc, d.roas_sd))
    p: dict[str, Any] = {"alpha": numpyro.sample("alpha", dist.Beta(d.alpha_a, d.alpha_b))}
    if d.adstock == "delayed":
        share = numpyro.sample("theta_share", dist.Beta(2.0 * jnp.ones(n), 2.0))
        p["theta"] = numpyro.deterministic("theta", share * 2.0 * jnp.minimum(d.theta_mean + 0.5, d.l_max - 1.0))
    for name, prior in _saturation_priors(d.saturation, n).items():
        p[name] = numpyro.sample(name, prior)
    sat = channel_response(d, p, jnp.asarray(d.lagged), jnp)  # channels x periods
    beta = numpyro.deterministic("beta", roas * d.spend_total / d.y_scale / jnp.sum(sat, axis=1))
    mu = intercept + jnp.asarray(d.base) @ coef + beta @ sat
    numpyro.sample("y", dist.Normal(mu, sigma), obs=jnp.asarray(d.y))
    if calibrate and len(d.lift_channel):
        c = jnp.asarray(d.lift_channel)
        sub = {k: v[c] for k, v in p.items()}
        changed = channel_response(d, sub, jnp.asarray(d.lift_lagged), jnp)  # tests x periods
        implied = beta[c] * jnp.sum((changed - sat[c]) * jnp.asarray(d.lift_window), axis=1)
        numpyro.sample("lift", dist.Normal(implied, jnp.asarray(d.lift_sd)), obs=jnp.asarray(d.lift_observed))


def contributions(d: Design, draws: dict[str, Array]) -> Array:
    """Each draw's contribution of each channel in each period, in target units (draws x channels x periods)."""
    sat = channel_response(d, draws, d.lagged, np)  # draws broadcast through the parameters
    out: Array = np.asarray(draws["beta"])[..., None] * np.asarray(sat) * d.y_scale
    return out


def saturation_in_spend_units(d: Design, draws: dict[str, Array], c: int) -> dict[str, Array]:
    """Channel ``c``'s saturation parameters for spend in its own units (not scaled)."""
    scale = float(d.x_scale[c])
    if d.saturation == "hill":
        return {"k": np.asarray(draws["k"])[:, c] * scale, "s": np.asarray(draws["s"])[:, c]}
    return {"lam": np.asarray(draws["lam"])[:, c] / scale}


def _register() -> None:
    """Let JAX pass a ``Design`` into compiled functions as data (its arrays) and structure (the rest)."""
    import jax

    meta = ["n_trend", "adstock", "saturation", "l_max"]
    data = [f for f in Design.__dataclass_fields__ if f not in meta]
    jax.tree_util.register_dataclass(Design, data_fields=data, meta_fields=meta)


_register()
