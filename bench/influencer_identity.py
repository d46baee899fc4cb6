"""Per-influencer results against the truth of a simulated world: do the parts add up to the whole, and
does each view rank the creators the way their true effect does?

    python bench/influencer_identity.py                         # the bundled perfume store, 400,000 touchpoints
    python bench/influencer_identity.py --touchpoints 1890000 --seed 7

The world is simulated (``mizaan simulate``; its creators' handles include ``noura.style`` and
``noura.style1`` … and several share a promo code), imported (``mizaan import``) and measured with its
``truth.json``. It prints, per tier and model, the creators' credit beside the tier's (goal: equal when every
touch names one creator; never more); code orders per creator, shared, and orders with a code; what went to no
creator and why; and Spearman's rank correlation between each view and the creators' true lift.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from pathlib import Path

from scipy.stats import spearmanr

from mizaan.ingest import ImportOptions, Store, import_paths
from mizaan.measure import DuckDBEngine, Measurement, load_truth, measure
from mizaan.simulate import simulate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--touchpoints", type=int, default=400_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", default=None, help="A profile file (default: the bundled perfume store).")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        out = Path(d)
        simulate(out, args.profile, seed=args.seed, touchpoints=args.touchpoints, truth_tables=False)
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
    report(m, int(coded))


def report(m: Measurement, coded: int) -> None:
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
    for name, values in views.items():
        rho = spearmanr(values, truth).statistic if len(set(values)) > 1 else float("nan")
        print(f"  {name:28s} {rho:6.3f}")


if __name__ == "__main__":
    main()
