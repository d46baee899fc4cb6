"""A Bayesian structural time series with control series (the model of Brodersen et al.'s CausalImpact,
without its spike-and-slab selection): over the pre-period,

    y(t) = mu(t) + x(t) . beta + e(t),    e ~ N(0, s_obs^2)
    mu(t + 1) = mu(t) + u(t),             u ~ N(0, s_level^2)

on series standardised by their pre-period mean and standard deviation. A Gibbs sampler draws the level by
forward filtering, backward sampling (Carter and Kohn), beta from its normal conditional (prior N(0, 1) per
standardised control), and both variances from inverse-gamma conditionals. The level's prior guesses its
standard deviation at 1 % of the series' (CausalImpact's default) but weighs that guess as one observation,
not CausalImpact's 32: the gap between a business's series and its controls is autocorrelated, and a level
held stiff by the prior leaves that drift in white noise that does not accumulate over the post-period, so
intervals come out too narrow (on the project's simulated geo panels with 5 controls, 95 % intervals held
the truth in 60 % of campaigns with the stiff prior and 93 % with this one). Positive series are modelled
on logs (controls act as multipliers). Each draw then
runs the level on through the post-period with the controls' actual values, which gives the counterfactual's
posterior predictive, and the effect is the actual minus it: parameter and forecast uncertainty both count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

DRAWS = 1000
BURN = 300
LEVEL_SD_GUESS = 0.01
LEVEL_PRIOR_WEIGHT = 1.0
OBS_PRIOR_WEIGHT = 0.01
OBS_SD_GUESS = 0.1


@dataclass(frozen=True)
class BstsOutcome:
    counterfactual: Array  # posterior median, every date
    band_low: Array
    band_high: Array
    effect: float
    effect_low: float
    effect_high: float
    p_value: float  # posterior probability of an effect of the other sign, one-sided, doubled (capped at 1)
    coefficients: Array  # posterior mean of beta, per control, in the metric's units per control unit
    draws: int
    logs: bool  # whether the model ran on logs (coefficients are then elasticities)


def _ffbs(y: Array, obs_var: float, level_var: float, rng: np.random.Generator) -> Array:
    """One draw of the level path given the regression residual ``y`` (Carter-Kohn)."""
    n = y.shape[0]
    m = np.empty(n)
    p = np.empty(n)
    a, r = y[0], 1.0  # diffuse-ish start around the first value (the series is standardised)
    for i in range(n):
        k = r / (r + obs_var)
        m[i] = a + k * (y[i] - a)
        p[i] = (1 - k) * r
        a, r = m[i], p[i] + level_var
    out = np.empty(n)
    out[-1] = m[-1] + np.sqrt(p[-1]) * rng.standard_normal()
    for i in range(n - 2, -1, -1):
        g = p[i] / (p[i] + level_var)
        mean = m[i] + g * (out[i + 1] - m[i])
        out[i] = mean + np.sqrt(max((1 - g) * p[i], 0.0)) * rng.standard_normal()
    return out


def bsts(
    y: Array,
    controls: Array,
    pre: slice,
    post: slice,
    *,
    level: float = 0.95,
    seed: int = 0,
    draws: int = DRAWS,
    burn: int = BURN,
) -> BstsOutcome:
    """``y``: the treated series (dates); ``controls``: dates x control series (may have no columns)."""
    rng = np.random.default_rng(seed)
    logs = bool((y[pre] > 0).all() and (controls > 0).all() and (y > 0).all())
    if logs:  # sales move in proportion: model the logs, so that controls act as multipliers
        y_in, controls = y, np.log(controls)
        y = np.log(y)
    y_mu, y_sd = float(y[pre].mean()), float(y[pre].std()) or 1.0
    x_mu = controls[pre].mean(axis=0)
    x_sd = controls[pre].std(axis=0)
    x_sd = np.where(x_sd > 0, x_sd, 1.0)
    ys = (y - y_mu) / y_sd
    xs = (controls - x_mu) / x_sd
    y_pre, x_pre = ys[pre], xs[pre]
    n_pre, n_x = y_pre.shape[0], xs.shape[1]
    n_post = post.stop - post.start
    beta = np.zeros(n_x)
    obs_var, level_var = 0.1, LEVEL_SD_GUESS**2
    xtx = x_pre.T @ x_pre
    a_lvl, b_lvl = LEVEL_PRIOR_WEIGHT / 2, LEVEL_PRIOR_WEIGHT * LEVEL_SD_GUESS**2 / 2
    a_obs, b_obs = OBS_PRIOR_WEIGHT / 2, OBS_PRIOR_WEIGHT * OBS_SD_GUESS**2 / 2
    paths = np.empty((draws, n_post))
    betas = np.empty((draws, n_x))
    for it in range(burn + draws):
        mu = _ffbs(y_pre - x_pre @ beta, obs_var, level_var, rng)
        if n_x:
            prec = xtx / obs_var + np.eye(n_x)
            chol = np.linalg.cholesky(prec)
            mean = np.linalg.solve(prec, x_pre.T @ (y_pre - mu) / obs_var)
            beta = mean + np.linalg.solve(chol.T, rng.standard_normal(n_x))
        resid = y_pre - mu - x_pre @ beta
        obs_var = 1.0 / float(rng.gamma(a_obs + n_pre / 2, 1.0 / (b_obs + resid @ resid / 2)))
        steps = np.diff(mu)
        level_var = 1.0 / float(rng.gamma(a_lvl + (n_pre - 1) / 2, 1.0 / (b_lvl + steps @ steps / 2)))
        if it >= burn:
            walk = mu[-1] + np.cumsum(rng.normal(0, np.sqrt(level_var), n_post))
            paths[it - burn] = walk + xs[post] @ beta + rng.normal(0, np.sqrt(obs_var), n_post)
            betas[it - burn] = beta
    cf_draws = paths * y_sd + y_mu
    if logs:
        y = y_in
        cf_draws = np.exp(cf_draws)
    effects = y[post].sum() - cf_draws.sum(axis=1)
    alpha = (1 - level) / 2
    fitted = np.empty_like(y)
    fitted[pre] = y[pre]  # the pre-period counterfactual is the data itself
    fitted[post] = np.median(cf_draws, axis=0)
    band_low, band_high = fitted.copy(), fitted.copy()
    band_low[post] = np.quantile(cf_draws, alpha, axis=0)
    band_high[post] = np.quantile(cf_draws, 1 - alpha, axis=0)
    effect = float(y[post].sum() - fitted[post].sum())
    share_other_side = float(np.mean(effects <= 0)) if effect > 0 else float(np.mean(effects >= 0))
    return BstsOutcome(
        counterfactual=fitted,
        band_low=band_low,
        band_high=band_high,
        effect=effect,
        effect_low=float(np.quantile(effects, alpha)),
        effect_high=float(np.quantile(effects, 1 - alpha)),
        p_value=min(1.0, 2 * share_other_side),
        coefficients=betas.mean(axis=0) * y_sd / x_sd,
        logs=logs,
        draws=draws,
    )
