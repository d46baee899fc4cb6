"""Is the power ``mizaan design-test`` promises the power a fresh test has? (issue 14, deliverable 2)

Each world (``mizaan.simulate.geo_world``: 30 cities, 150 days of history, then a 21-day campaign) is
designed on its history alone; then the campaign is run after the history on the chosen city at the
design's minimum detectable effect (MDE: the lift with 80 % power) and measured with ``mizaan lift``. The
share of worlds whose 95 % interval lies above zero is the power the MDE really has; the goal is about
80 %. Printed with its binomial standard error, beside the same check for the rank rule the design used
before (the windows that show a lift out of one more than their number), on the same worlds in the same run.
(Now: a new test's threshold is predicted as a Student t from the windows' thresholds, their spread
corrected for the windows' correlation, ``lift/power.py``.)

    PYTHONPATH=src .venv/bin/python bench/design_power.py [--worlds 120]
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from mizaan.lift import Panel, design_test, lift_panel
from mizaan.lift.power import Replayer
from mizaan.simulate import geo_world

DAYS, HISTORY, UNITS = 21, 150, 30


def detected(seed: int, lift: float, idx: list[int], units: list[str]) -> bool:
    kw = dict(units=UNITS, days=HISTORY + DAYS, campaign_days=DAYS, ramp_days=1)
    w = geo_world(seed, lift=lift, treated_units=idx, **kw)  # type: ignore[arg-type]
    r = lift_panel(Panel(w.dates, w.units, w.sales.astype(float), "sim", "sales"), [units[j] for j in idx], w.start)
    return bool(r.effect_low > 0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--worlds", type=int, default=120)
    args = ap.parse_args()
    start = time.perf_counter()
    rows = []
    for seed in range(args.worlds):
        kw = dict(units=UNITS, days=HISTORY + DAYS, campaign_days=DAYS, ramp_days=1)
        w0 = geo_world(seed, lift=0.0, **kw)  # type: ignore[arg-type]
        past = Panel(w0.dates[:HISTORY], w0.units, w0.sales[:HISTORY].astype(float), "sim", "sales")
        d = design_test(past, durations=[DAYS], groups=1)
        idx = [w0.units.index(u) for u in d.treated]
        curve = Replayer(past.values).curve(tuple(idx), DAYS, d.windows)
        rank_mde = curve.rank_mde
        now = detected(seed, d.mde, idx, w0.units) if math.isfinite(d.mde) else False
        before = detected(seed, rank_mde, idx, w0.units) if math.isfinite(rank_mde) else False
        rows.append((d.mde, rank_mde, now, before, curve.effective_windows))
    mde, rank_mde, now, before, n_eff = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    n = len(rows)

    def rate(hits: np.ndarray) -> str:
        p = float(hits.mean())
        return f"{p:.1%} (standard error {math.sqrt(p * (1 - p) / n):.1%})"

    print(f"{n} worlds, {UNITS} cities, {HISTORY} days of history, a {DAYS}-day test on the chosen city")
    print(f"correlation-aware (now)   : fresh tests at the MDE detected {rate(now)}; median MDE {np.median(mde):.1%}")
    print(
        f"rank rule (before):       fresh tests at the MDE detected {rate(before)}; "
        f"median MDE {np.median(rank_mde):.1%}"
    )
    print(f"goal: about 80 %; the replayed windows are worth {np.median(n_eff):.1f} independent ones (median)")
    print(f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
