"""Are the plans' forecasts believable? Forecast cost per lead, cost per customer and ROAS of many business
archetypes in several Arab markets, against the cited benchmark ranges in the knowledge base.

    python bench/plan_realism.py            # the table and the share that lands inside
    python bench/plan_realism.py --json     # the same as JSON

The ranges (``outcome.*`` and ``funnel.close_rate_*`` in knowledge/data/benchmarks.yaml, each with its
source) are US search figures: no measured cost per lead by industry exists for the region. A market whose
impressions cost less (Meta CPM, ``social_ads.cpm``) widens the range downward by that ratio, never upward:
lower prices can mean cheaper leads, and nothing says they mean dearer ones. Cost per customer's range is
the cost per lead's divided by the close rate's range (a lead is not a sale). ROAS is checked for the sales
archetypes with an order value. A forecast counts as inside when its P50 lies in the range.

Read the result knowing what it shares with the planner: the planner prices search clicks with the same
ratio (``search_ads.cost_index``, its Meta CPM over the US one), so a cost per lead inside the range says
the funnel (click prices and lead rates by business type, the channels chosen, saturation) reproduces the
US figures under one shared assumption about regional prices, not that a regional measurement agrees
(there is none). ROAS's range is a cross-industry median (Databox 3.5) with product bounds; for a bakery or
a café selling one order of USD 6-8 the published restaurant acquisition cost (focus-digital 2024: paid
USD 107 per customer in the US) puts a first order's return far below 2 in any market, so those two
archetypes are expected outside it (repeat visits are not counted in a plan's revenue).

No external peer plans from these inputs, so there is nothing to run beside it; the planner is compared
with the published figures instead. The shared reference folder (../shared/data) is not needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mizaan.knowledge import KnowledgeBase, load_knowledge_base  # noqa: E402
from mizaan.plan import plan  # noqa: E402
from mizaan.profile import parse_profile  # noqa: E402

# (name, business type, goal, monthly budget in USD, order value in USD, country, city, scope)
ARCHETYPES: list[tuple[str, str, str, float, float | None, str, str, str]] = [
    ("dental clinic", "services", "leads", 12000, 400, "AE", "Dubai", "local"),
    ("law firm", "services", "leads", 5000, 1500, "SA", "Riyadh", "local"),
    ("real estate agency", "services", "leads", 8000, 3000, "EG", "Cairo", "local"),
    ("training institute", "services", "leads", 3000, 300, "JO", "Amman", "local"),
    ("B2B software", "b2b", "leads", 8000, 5000, "SA", "Riyadh", "national"),
    ("B2B logistics", "b2b", "leads", 4000, 2000, "AE", "Dubai", "national"),
    ("beauty salon", "local", "leads", 1500, 60, "KW", "Kuwait City", "local"),
    ("gym", "local", "leads", 2000, 80, "SA", "Jeddah", "local"),
    ("bakery", "local", "sales", 800, 6, "EG", "Cairo", "local"),
    ("café", "local", "sales", 1500, 8, "SA", "Jeddah", "local"),
    ("fashion shop", "ecommerce", "sales", 6000, 70, "SA", "Riyadh", "national"),
    ("perfume store", "ecommerce", "sales", 5000, 75, "AE", "Dubai", "national"),
    ("electronics shop", "ecommerce", "sales", 10000, 250, "EG", "Cairo", "national"),
    ("furniture shop", "ecommerce", "sales", 7000, 400, "MA", "Casablanca", "national"),
]


@dataclass
class Check:
    archetype: str
    country: str
    metric: str
    forecast: float  # P50, USD (or a ratio for ROAS)
    low: float
    high: float

    @property
    def inside(self) -> bool:
        return self.low <= self.forecast <= self.high


def cost_index(kb: KnowledgeBase, country: str) -> float:
    """How much cheaper impressions are in ``country`` than the global figure (at most 1)."""
    local = kb.figure("social_ads", "cpm", country).typical
    world = kb.figure("social_ads", "cpm", "US").typical
    return min(local / world, 1.0)


def profile_for(kb: KnowledgeBase, a: tuple[str, str, str, float, float | None, str, str, str]) -> Any:
    name, btype, goal, budget_usd, aov_usd, country, city, scope = a
    currency = kb.countries[country].currency
    rate = kb.currencies[currency].per_usd
    data: dict[str, Any] = {
        "business_name": name,
        "business_type": btype,
        "goal": goal,
        "budget": {"amount": round(budget_usd * rate, 2), "currency": currency, "period": "month"},
        "horizon_months": 6,
        "location": {"country": country, "city": city, "scope": scope},
        "has_landing_page": True,
        "has_clear_offer": True,
        "has_tracking": True,
    }
    if aov_usd is not None:
        data["average_order_value"] = round(aov_usd * rate, 2)
    return parse_profile(data, kb)


def checks(kb: KnowledgeBase) -> list[Check]:
    out: list[Check] = []
    for a in ARCHETYPES:
        name, btype, goal, _, aov, country, _, _ = a
        profile = profile_for(kb, a)
        result = plan(profile, kb, samples=1000, what_if=False)
        per_usd = kb.per_usd(profile.budget.currency)
        f = result.forecast
        index = cost_index(kb, country)
        cpl = kb.figure("outcome", f"cost_per_lead_{btype}", country)
        close = kb.figure("funnel", f"close_rate_{btype}", country)
        if goal == "leads" and f.cost_per_lead is not None:
            out.append(Check(name, country, "cost per lead", f.cost_per_lead.p50 / per_usd, cpl.low * index, cpl.high))
            out.append(
                Check(
                    name,
                    country,
                    "cost per customer",
                    f.cost_per_customer.p50 / per_usd,
                    cpl.low * index / close.high,
                    cpl.high / close.low,
                )
            )
        if goal == "sales" and aov is not None and f.roas is not None:
            roas = kb.figure("outcome", "roas", country)
            out.append(Check(name, country, "ROAS", f.roas.p50, roas.low, roas.high))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    kb = load_knowledge_base()
    found = checks(kb)
    inside = sum(c.inside for c in found)
    share = inside / len(found)
    countries = sorted({c.country for c in found})
    if args.json:
        rows = [{**asdict(c), "inside": c.inside} for c in found]
        print(json.dumps({"checks": rows, "inside": inside, "total": len(found), "share": share}, indent=1))
        return
    print(
        f"{len(ARCHETYPES)} archetypes in {len(countries)} countries ({', '.join(countries)}); P50 against cited ranges"
    )
    print(f"{'archetype':20s} {'ctry':4s} {'metric':18s} {'forecast':>10s} {'range':>22s}  inside")
    for c in found:
        unit = "" if c.metric == "ROAS" else "$"
        rng = f"{unit}{c.low:,.2f}–{unit}{c.high:,.2f}"
        mark = "yes" if c.inside else "NO"
        print(f"{c.archetype:20s} {c.country:4s} {c.metric:18s} {unit}{c.forecast:>9,.2f} {rng:>22s}  {mark}")
    print(f"inside: {inside} of {len(found)} = {share:.0%} (goal: 80%)")


if __name__ == "__main__":
    main()
