"""Media-mix model fit time and ROAS error against the truth, beside PyMC-Marketing (issue 14).

Data: /work/shared/data/mmm/pymc_marketing_mmm_example.csv (PyMC-Marketing's documented example, simulated
with known truth: geometric adstock l_max 8, logistic saturation; true contributions x1 274,848.3 and
x2 65,906.0 per its README). Both models fit 4 chains x 1,000 draws after 1,000 tuning draws, with the same
controls (event_1, event_2, t) and yearly seasonality of order 2. Prints each fit's seconds, ROAS per
channel with its 94 % interval, error against the truth, and the time ratio. mizaan's time includes the
shape check (four MAP fits scored by PSIS-LOO, on by default in ``mizaan mmm``) unless
``--no-shape-check``; both times include compilation, read back from JAX's persistent cache when an
earlier run filled it (``MIZAAN_JAX_CACHE=off`` or an empty folder for a cold run).

    PYTHONPATH=src .venv/bin/python bench/mmm_fit.py [--skip-peer] [--no-shape-check]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

DATA = Path("/work/shared/data/mmm/pymc_marketing_mmm_example.csv")
TRUE_CONTRIBUTION = {"x1": 274_848.3, "x2": 65_906.0}


def ours(check: bool) -> tuple[float, dict[str, tuple[float, float, float]], bool, str]:
    from mizaan.knowledge import load_knowledge_base
    from mizaan.mmm import Options, channel_priors, fit_mmm, read_table

    start = time.perf_counter()
    table = read_table(DATA, date_col="date_week", target="y", channels=["x1", "x2"], controls=["event_1", "event_2"])
    priors = channel_priors(
        load_knowledge_base(),
        table.channels,
        list(table.spend.sum(axis=1)),
        float(table.y.sum()),
        mapping={"x1": None, "x2": None},
        country=None,
        currency="USD",
        target_kind="revenue",
        business_type="ecommerce",
        period_days=7.0,
    )
    opts = Options(method="nuts", chains=4, draws=1000, tune=1000, shape_check=check)
    fit = fit_mmm(table, priors, options=opts)
    seconds = time.perf_counter() - start
    shape = "shape check off"
    if fit.shape_check is not None:
        best = fit.shape_check.preferred
        scores = ", ".join(f"{s.adstock}+{s.saturation} {s.diff:.1f}±{s.se_diff:.1f}" for s in fit.shape_check.scores)
        shape = (
            f"shape check (PSIS-LOO, elpd below the best ± se): {scores}; preferred {best.adstock}+{best.saturation}; "
            f"warning: {fit.shape_check.warn}"
        )
    roas = {c.column: (c.roas.median, c.roas.low, c.roas.high) for c in fit.channels}
    return seconds, roas, fit.diagnostics.ok, shape


def pymc_marketing() -> tuple[float, dict[str, tuple[float, float, float]], str]:
    import pandas as pd
    import pymc_marketing
    from pymc_marketing.mmm import MMM, GeometricAdstock, LogisticSaturation

    df = pd.read_csv(DATA, parse_dates=["date_week"])
    x, y = df.drop(columns=["y"]), df["y"]
    start = time.perf_counter()
    model = MMM(
        date_column="date_week",
        channel_columns=["x1", "x2"],
        control_columns=["event_1", "event_2", "t"],
        adstock=GeometricAdstock(l_max=8),
        saturation=LogisticSaturation(),
        yearly_seasonality=2,
    )
    model.fit(x, y, chains=4, draws=1000, tune=1000, nuts_sampler="nutpie", random_seed=1, progressbar=False)
    seconds = time.perf_counter() - start
    contrib = model.compute_channel_contribution_original_scale().sum(dim="date")  # chain, draw, channel
    out = {}
    for ch in ("x1", "x2"):
        roas = np.asarray(contrib.sel(channel=ch)).ravel() / float(df[ch].sum())
        lo, mid, hi = np.quantile(roas, [0.03, 0.5, 0.97])
        out[ch] = (float(mid), float(lo), float(hi))
    return seconds, out, f"PyMC-Marketing {pymc_marketing.__version__} (nutpie)"


def report(name: str, seconds: float, roas: dict[str, tuple[float, float, float]], spend: dict[str, float]) -> None:
    for ch, (mid, lo, hi) in roas.items():
        truth = TRUE_CONTRIBUTION[ch] / spend[ch]
        inside = "yes" if lo <= truth <= hi else "NO"
        print(
            f"{name:42s} {ch}: ROAS {mid:8.1f} [{lo:8.1f}, {hi:8.1f}] truth {truth:8.1f} "
            f"error {abs(mid / truth - 1):6.2%} truth inside {inside}"
        )
    print(f"{name:42s} fit time {seconds:6.1f} s")


def main() -> int:
    if not DATA.is_file():
        print(f"{DATA} is absent: the benchmark needs PyMC-Marketing's example data; nothing measured.")
        return 0
    import pandas as pd

    df = pd.read_csv(DATA)
    spend = {ch: float(df[ch].sum()) for ch in ("x1", "x2")}
    from mizaan.mmm.jaxcache import cache_dir

    check = "--no-shape-check" not in sys.argv
    seconds, roas, ok, shape = ours(check)
    report("mizaan mmm (NumPyro NUTS, CPU)", seconds, roas, spend)
    print(f"{'':42s} diagnostics ok: {ok}; {shape}")
    print(f"{'':42s} JAX compilation cache: {cache_dir() or 'off'} (a second run reads it back)")
    if "--skip-peer" in sys.argv:
        return 0
    try:
        peer_seconds, peer_roas, peer = pymc_marketing()
    except ImportError as exc:
        print(f"PyMC-Marketing is not installed ({exc}); no peer measured.")
        return 0
    report(peer, peer_seconds, peer_roas, spend)
    print(f"speed ratio (PyMC-Marketing time / mizaan time): {peer_seconds / seconds:.2f}x")
    print(
        "Meridian: not run (google-meridian 2.1 requires pandas<3 and numpy<2.4; the project runs pandas 3 "
        "and numpy 2.4, and installing it downgrades both)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
