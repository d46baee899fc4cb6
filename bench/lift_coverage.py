"""Lift against truth: 95 % interval coverage, placebo false alarms and time per lift, mizaan beside
pysyncon (a synthetic-control package for Python) on the same simulated geo panels in the same run.

    python bench/lift_coverage.py                 # 100 lifted + 100 placebo campaigns, 40 units x 150 days
    python bench/lift_coverage.py --campaigns 30 --bsts 20

Each world (``mizaan.simulate.geo_world``) is 40 cities x 150 days with 1-3 treated cities and a 30-day
campaign at the end; a lifted campaign adds 5-20 % of expected sales, a placebo campaign adds nothing.
Coverage: the share of lifted campaigns whose 95 % interval holds the realised true effect (goal >= 90 %);
false alarms: the share of placebo campaigns whose interval leaves out zero (goal <= 10 %); time per lift
(goal <= 2 s). pysyncon's ``Synth`` is fitted on the same pre-period outcomes (equal predictor weights, its
fast path) and its interval is its own ATT +- 1.96 standard errors, scaled to the campaign's total.
``--bsts`` worlds have 6 cities (too few for placebos), where mizaan runs its structural time series.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

from mizaan.lift import Panel, lift_panel
from mizaan.simulate import GeoWorld, geo_world


def _mizaan(w: GeoWorld) -> tuple[float, float, float, float, str]:
    t0 = time.perf_counter()
    r = lift_panel(Panel(w.dates, w.units, w.sales.astype(float), "sim", "sales"), w.treated, w.start)
    return r.effect, r.effect_low, r.effect_high, time.perf_counter() - t0, r.method


def _pysyncon(w: GeoWorld) -> tuple[float, float, float, float, str] | None:
    try:
        import pandas as pd
        from pysyncon import Synth
    except ImportError:
        return None
    t0 = time.perf_counter()
    first = w.dates.index(w.start)
    t_idx = [w.units.index(u) for u in w.treated]
    c_idx = [i for i in range(len(w.units)) if i not in t_idx]
    y = w.sales[:, t_idx].sum(axis=1).astype(float)
    controls = pd.DataFrame(w.sales[:, c_idx].astype(float), columns=[w.units[i] for i in c_idx])
    z1 = pd.Series(y, name="treated")
    synth = Synth()
    synth.fit(X0=controls.iloc[:first], X1=z1.iloc[:first], Z0=controls, Z1=z1, custom_V=np.ones(first))
    post = list(range(first, len(w.dates)))
    att: dict[str, Any] = synth.att(time_period=post, Z0=controls, Z1=z1)
    n = len(post)
    effect, se = att["att"] * n, att["se"] * n
    return effect, effect - 1.96 * se, effect + 1.96 * se, time.perf_counter() - t0, "pysyncon Synth"


def _run(label: str, campaigns: int, seed0: int, **world: Any) -> None:
    rng = np.random.default_rng(seed0)
    tools = {"mizaan": _mizaan, "pysyncon": _pysyncon}
    stats: dict[str, dict[str, list[float]]] = {k: {"cover": [], "alarm": [], "time": [], "err": []} for k in tools}
    methods: set[str] = set()
    for i in range(campaigns):
        treated = int(rng.integers(1, 4))
        lifted = geo_world(seed0 + i, lift=float(rng.uniform(0.05, 0.2)), treated=treated, **world)
        placebo = geo_world(seed0 + 100_000 + i, lift=0.0, treated=treated, **world)
        for name, tool in tools.items():
            got = tool(lifted)
            if got is None:
                continue
            eff, lo, hi, secs, method = got
            methods.add(f"{name}: {method}")
            stats[name]["cover"].append(lo <= lifted.effect <= hi)
            stats[name]["err"].append(abs(eff - lifted.effect) / max(lifted.expected_effect, 1.0))
            stats[name]["time"].append(secs)
            p = tool(placebo)
            assert p is not None
            stats[name]["alarm"].append(not p[1] <= 0 <= p[2])
            stats[name]["time"].append(p[3])
    print(f"\n{label}: {campaigns} lifted + {campaigns} placebo campaigns ({'; '.join(sorted(methods))})")
    print(f"{'tool':<10} {'coverage':>9} {'false alarms':>13} {'median |error|':>15} {'mean s/lift':>12} {'max s':>7}")
    for name, s in stats.items():
        if not s["cover"]:
            print(f"{name:<10} not installed (pip install pysyncon)")
            continue
        print(
            f"{name:<10} {np.mean(s['cover']):>9.1%} {np.mean(s['alarm']):>13.1%} "
            f"{np.median(s['err']):>15.1%} {np.mean(s['time']):>12.3f} {np.max(s['time']):>7.3f}"
        )
    m, p = stats["mizaan"], stats["pysyncon"]
    if p["time"]:
        print(f"ratio pysyncon/mizaan time per lift: {np.mean(p['time']) / np.mean(m['time']):.2f}x")
    ok = np.mean(m["cover"]) >= 0.9 and np.mean(m["alarm"]) <= 0.1 and np.max(m["time"]) <= 2.0
    print(f"mizaan goals (coverage >= 90 %, false alarms <= 10 %, <= 2 s per lift): {'met' if ok else 'NOT met'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--campaigns", type=int, default=100)
    ap.add_argument("--bsts", type=int, default=40, help="campaigns on 6-city worlds (structural time series)")
    args = ap.parse_args()
    _run("40 cities x 150 days", args.campaigns, 0, units=40, days=150)
    if args.bsts:
        _run("6 cities x 150 days", args.bsts, 50_000, units=6, days=150)


if __name__ == "__main__":
    main()
