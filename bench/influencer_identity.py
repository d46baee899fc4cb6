"""Per-influencer results against the truth of a simulated world: do the parts add up to the whole, and
does each view rank the creators the way their true effect does?

    python bench/influencer_identity.py                         # the bundled perfume store, 400,000 touchpoints
    python bench/influencer_identity.py --touchpoints 1890000 --seed 7
    python bench/influencer_identity.py --sizes 400000 1890000 --seeds 1 2 3 4 5   # Spearman's mean and range

The world is simulated (``mizaan simulate``; its creators' handles include ``noura.style`` and
``noura.style1`` … and several share a promo code), imported (``mizaan import``) and measured with its
``truth.json``. It prints, per tier and model, the creators' credit beside the tier's (goal: equal when every
touch names one creator; never more); code orders per creator, shared, and orders with a code; what went to no
creator and why; and Spearman's rank correlation between each view and the creators' true lift (realised:
the Poisson draws of the world), beside two yardsticks: the correlation with their *expected* lift (the mean
the draws came from), and the ceiling — how well the expected lift itself ranks the realised one, which no estimator can
beat on average when each creator's lift is a handful of conversions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections import defaultdict
from pathlib import Path

from scipy.stats import spearmanr

from mizaan.ingest import ImportOptions, Store, import_paths
from mizaan.measure import DuckDBEngine, Measurement, load_truth, measure
from mizaan.simulate import simulate

LIFT_VIEWS = ("lift (incremental)", "ceiling: expected lift")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--touchpoints", type=int, default=400_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sizes", type=int, nargs="*", help="several sizes (touchpoints); with --seeds, a summary")
    ap.add_argument("--seeds", type=int, nargs="*", help="several seeds")
    ap.add_argument("--profile", default=None, help="A profile file (default: the bundled perfume store).")
    args = ap.parse_args()
    runs = [(n, s) for n in (args.sizes or [args.touchpoints]) for s in (args.seeds or [args.seed])]
    rhos: dict[tuple[int, str], list[float]] = defaultdict(list)
    for n, seed in runs:
        print(f"\n=== {n:,} touchpoints, seed {seed} ===")
        for view, rho in one_world(args.profile, seed, n).items():
            rhos[(n, view)].append(rho)
    if len(runs) > 1:
        print("\nSpearman with the true lift over seeds: mean [min, max]")
        for (n, view), values in rhos.items():
            ok = [v for v in values if v == v]
            if ok:
                print(
                    f"  {n:>10,}  {view:28s} {statistics.mean(ok):6.3f} [{min(ok):6.3f}, {max(ok):6.3f}]  n={len(ok)}"
                )


def one_world(profile: str | None, seed: int, touchpoints: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as d:
        out = Path(d)
        simulate(out, profile, seed=seed, touchpoints=touchpoints, truth_tables=False)
        import_paths([out / "exports"], out / "store.duckdb", ImportOptions(timezone="Asia/Riyadh"))
        with Store(out / "store.duckdb", read_only=True) as store:
            coded = (
                store.query(
                    "SELECT COUNT(*) AS n FROM orders WHERE UPPER(discount_code) IN "
                    "(SELECT UPPER(promo_code) FROM influencer_posts)"
                )
                .column(0)[0]
                .as_py()
            )
        with DuckDBEngine.open(out / "store.duckdb") as engine:
            m = measure(engine, truth=load_truth(out / "truth.json"))
        expected: dict[tuple[str, str], float] = defaultdict(float)
        for p in json.loads((out / "truth.json").read_text(encoding="utf-8"))["influencer_posts"]:
            expected[(p["influencer"].casefold(), p["channel"])] += p["expected_lift_conversions"]
    return report(m, int(coded), expected)


def report(m: Measurement, coded: int, expected: dict[tuple[str, str], float]) -> dict[str, float]:
    print(f"creators × tiers: {len(m.influencers)}")
    worst = 0.0
    print("\ncredit per tier: creators' sum / tier (every model)")
    for ch in (c for c in m.channels if c.family == "influencer"):
        mine = [i for i in m.influencers if i.channel == ch.channel]
        ratios = []
        for model, credit in ch.credit.items():
            total = sum(i.credit.get(model, 0.0) for i in mine)
            ratio = total / credit.conversions if credit.conversions else 1.0
            ratios.append(ratio)
            worst = max(worst, ratio)
        print(f"  {ch.channel:18s} creators {len(mine):3d}  sum/tier min {min(ratios):.6f} max {max(ratios):.6f}")
    print(f"  largest sum/tier over every tier and model: {worst:.6f} (goal ≤ 1)")
    per_person = sum(i.code_orders for i in m.influencers)
    shared = sum(u.count for u in m.unassigned if u.reason == "shared_code")
    print(
        f"\ncode orders: per creator {per_person} + shared {shared} = {per_person + shared}; orders with a code {coded}"
    )
    by_reason: dict[tuple[str, str], int] = defaultdict(int)
    for u in m.unassigned:
        by_reason[(u.what, u.reason)] += u.count
    print("unassigned:", dict(by_reason) or "none")
    truth = [i.truth.conversions if i.truth else 0.0 for i in m.influencers]
    print("\nSpearman rank correlation with the creators' true lift (goal ≥ 0.8):")
    views = {
        "code orders": [float(i.code_orders) for i in m.influencers],
        "link orders": [float(i.link_orders) for i in m.influencers],
        "link clicks (platform)": [float(i.link_clicks) for i in m.influencers],
        "cost": [float(i.cost) for i in m.influencers],
    }
    for model in m.attribution.results:
        views[f"credit {model.model}"] = [i.credit.get(model.model, 0.0) for i in m.influencers]
    views["lift (incremental)"] = [i.lift or 0.0 for i in m.influencers]
    exp = [expected.get((i.influencer.casefold(), i.channel), 0.0) for i in m.influencers]
    views["ceiling: expected lift"] = exp
    out = {}
    for name, values in views.items():
        rho = spearmanr(values, truth).statistic if len(set(values)) > 1 else float("nan")
        out[name] = float(rho)
        print(f"  {name:28s} {rho:6.3f}")
    rho_exp = spearmanr(views["lift (incremental)"], exp).statistic
    out["lift vs expected lift"] = float(rho_exp)
    print(f"  {'lift vs expected lift':28s} {rho_exp:6.3f}")
    lift = m.creator_lift
    if lift is not None:
        p = "—" if lift.p_value is None else f"{lift.p_value:.3f}"
        print(f"\nlift method: {lift.method} ({lift.reason}, Wald test p = {p}), {lift.days} days, ", end="")
        print(f"{lift.conversions:,.0f} conversions")
        for tier in lift.tiers:
            mine = sum(i.lift or 0.0 for i in m.influencers if i.channel == tier.channel)
            true = m.channel(tier.channel).truth
            print(
                f"  {tier.channel}: lift {tier.lift:.1f} [{tier.lift_low:.1f}, {tier.lift_high:.1f}], creators' sum "
                f"{mine:.1f}, true {true.conversions if true else float('nan'):.0f}"
            )
    return out


if __name__ == "__main__":
    main()
