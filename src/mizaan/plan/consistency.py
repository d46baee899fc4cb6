"""Is the profile consistent with itself and its market? Warnings the planner adds about the profile, each
naming the field it concerns: a budget currency foreign to the country, a yearly or quarterly budget over
a shorter horizon, an average order value outside the usual range of its business type, and a monthly
budget larger than the country and scope can absorb.

The plan still computes from the profile as given; these say what looks wrong and what the plan did with
it. Refusals (an order value far beyond any business of its type, a budget beyond reason) happen earlier,
when the profile is read (``mizaan.profile.load``).
"""

from __future__ import annotations

from mizaan.knowledge import FigureSource, KnowledgeBase
from mizaan.plan.economics import market
from mizaan.plan.facts import Facts
from mizaan.plan.messages import Count, KbText, Msg, Num, Pct, Plain, ValueLabel, msg
from mizaan.plan.result import RuleWarning
from mizaan.profile import Profile

# Currencies a budget may be in anywhere without a warning: the ones benchmarks and agencies quote.
WORLD_CURRENCIES = frozenset({"USD", "EUR"})
# The rule each warning cites: Q3 ("what is your budget?") for the budget, Q6 (the project's summary as
# given) for what the profile says about the business.
BUDGET_RULE = "Q3"
PROFILE_RULE = "Q6"


def consistency_warnings(profile: Profile, kb: KnowledgeBase, facts: Facts) -> list[RuleWarning]:
    """Every consistency warning for ``profile`` (``facts`` are the planner's facts about it)."""
    found = [
        _currency(profile, kb),
        _period(profile),
        _order_value(profile, kb),
        _budget_size(profile, kb, facts),
    ]
    return [w for w in found if w is not None]


def _warning(rule: str, field: str, text: Msg, action: Msg) -> RuleWarning:
    return RuleWarning(rule=rule, severity="warning", text=text, action=action, field=field)


def _currency(profile: Profile, kb: KnowledgeBase) -> RuleWarning | None:
    """A budget in a currency that is neither the country's own, one in everyday use there, nor USD/EUR."""
    country = kb.countries.get(profile.location.country)
    code = profile.budget.currency
    if country is None or code in WORLD_CURRENCIES or code == country.currency or code in country.also_used:
        return None
    rate = kb.currencies[code]
    return _warning(
        BUDGET_RULE,
        "budget.currency",
        msg(
            "consistency.currency",
            currency=Plain(code),
            country=KbText(country.name),
            local=Plain(country.currency),
        ),
        msg("consistency.currency_do", currency=Plain(code), rate=Num(rate.per_usd, 2), local=Plain(country.currency)),
    )


def _period(profile: Profile) -> RuleWarning | None:
    """A yearly or quarterly budget with a horizon shorter than its period: the plan spends the monthly
    equivalent for the horizon only, so part of the stated budget is not planned."""
    period = profile.budget.period
    months = profile.horizon_months
    period_months = profile.months_per_period  # a campaign budget covers the horizon itself
    if months >= period_months:
        return None
    amount = profile.budget.amount
    planned = profile.monthly_budget * months
    unplanned = amount - planned
    currency = Plain(profile.budget.currency)
    return _warning(
        BUDGET_RULE,
        "budget.period",
        msg(
            "consistency.period",
            period=ValueLabel("budget.period", period),
            amount=Num(amount),
            currency=currency,
            months=Count(months, "month"),
            monthly=Num(profile.monthly_budget),
            planned=Num(planned),
            unplanned=Num(unplanned),
            share=Pct(float(unplanned / amount)),
        ),
        msg(
            "consistency.period_do",
            period_months=Count(int(period_months), "month"),
            months=Count(months, "month"),
            planned=Num(planned),
            currency=currency,
            campaign=ValueLabel("budget.period", "campaign"),
        ),
    )


def order_value_range(profile: Profile, kb: KnowledgeBase) -> tuple[float, float]:
    """The usual average order value of the profile's business type, low and high, in its currency."""
    fig = kb.figure("order_value", profile.business_type, profile.location.country)
    per_usd = kb.per_usd(profile.budget.currency)
    return fig.low * per_usd, fig.high * per_usd


def _order_value(profile: Profile, kb: KnowledgeBase) -> RuleWarning | None:
    """An average order value outside its business type's usual range (far above it is refused on load)."""
    value = profile.average_order_value
    if value is None or not kb.has_figure("order_value", profile.business_type):
        return None
    low, high = order_value_range(profile, kb)
    if low <= float(value) <= high:
        return None
    side = "high" if float(value) > high else "low"
    currency = Plain(profile.budget.currency)
    return _warning(
        PROFILE_RULE,
        "average_order_value",
        msg(
            f"consistency.order_value_{side}",
            value=Num(value),
            currency=currency,
            business_type=ValueLabel("business_type", profile.business_type),
            low=Num(low),
            high=Num(high),
        ),
        msg("consistency.order_value_do", currency=currency),
    )


def _budget_size(profile: Profile, kb: KnowledgeBase, facts: Facts) -> RuleWarning | None:
    """A monthly budget beyond what the people the plan can target could absorb in the country and scope."""
    country = kb.countries.get(profile.location.country)
    if country is None or not kb.has_figure("budget", "monthly_usd_per_target"):
        return None
    src = FigureSource(kb, country.code)
    people = float(market(src, facts).addressable[0])
    ceiling = src.typical("budget", "monthly_usd_per_target")
    monthly_usd = float(facts["budget.monthly_usd"])
    if people <= 0 or monthly_usd <= ceiling * people:
        return None
    currency = Plain(profile.budget.currency)
    return _warning(
        BUDGET_RULE,
        "budget.amount",
        msg(
            "consistency.budget_large",
            monthly=Num(profile.monthly_budget),
            currency=currency,
            scope=ValueLabel("location.scope", profile.location.scope),
            country=KbText(country.name),
            people=Num(people),
            per_person=Num(monthly_usd / people, 2),
        ),
        msg("consistency.budget_large_do"),
    )
