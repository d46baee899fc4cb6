"""``extract``: from a brief's text to what it says about the business, field by field, each with the
words it came from and a confidence, and nothing it does not say."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Literal

from pydantic import HttpUrl, TypeAdapter, ValidationError

from mizaan.brief.complete import assumptions_for, missing_fields
from mizaan.brief.lexicon import field_lexicons
from mizaan.brief.match import Decision, Hit, decide, find
from mizaan.brief.model import BriefResult, Evidence, Signal, Span
from mizaan.brief.money import amount, currency_countries, find_average_order, find_budget, resolve_currency
from mizaan.brief.numbers import find_numbers
from mizaan.brief.partial import PartialProfile
from mizaan.brief.places import Place, find_places
from mizaan.brief.product import find_product
from mizaan.brief.source import check_text
from mizaan.brief.text import BriefText
from mizaan.brief.timing import ESTABLISHED_YEARS, find_audience_age, find_horizon, find_years_running
from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.profile import HAS_LANDING_PAGE, AgeRange

_URL = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"')]+|\b[a-z0-9-]+\.(?:com|net|store|shop|sa|ae|eg|co|io|me)(?:/[^\s]*)?\b"
)
_GOAL_FOR_CUSTOMERS = {"ecommerce": "sales", "local": "sales", "services": "leads", "b2b": "leads"}
_SIGNALS: tuple[tuple[Literal["M1", "M2", "M3"], str, Any], ...] = (
    ("M1", "influencers_because_trend", True),
    ("M2", "has_tracking", False),
    ("M3", "choose_influencers_by_followers", True),
)
_URL_ADAPTER: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)
# Lexicon fields read with more than their cues (the kind of business first, "customers" by it, fast and
# long-term together, a link as a landing page, several countries as international); every other lexicon
# field is decided from its cues alone.
_OWN_READING = ("business_type", "goal", "speed", HAS_LANDING_PAGE, "location.scope")


class _Builder:
    """Collects values and their evidence while the extractors run."""

    def __init__(self, text: BriefText) -> None:
        self.text = text
        self.values: dict[str, Any] = {}
        self.evidence: dict[str, Evidence] = {}

    def spans(self, pairs: list[tuple[int, int]]) -> list[Span]:
        return [self.text.span(s, e) for s, e in sorted(set(pairs)) if e > s]

    def put(self, field: str, value: Any, pairs: list[tuple[int, int]], confidence: float, cue: str) -> None:
        self.values[field] = value
        shown = str(value) if isinstance(value, Decimal) else value
        if isinstance(value, AgeRange):
            shown = value.model_dump()
        self.evidence[field] = Evidence(
            field=field,
            value=shown,
            spans=self.spans(pairs),
            confidence=round(min(confidence, 0.99), 2),
            cue=cue,
        )

    def put_decision(self, field: str, d: Decision | None, value: Any = None) -> None:
        if d is None:
            return
        cue = "; ".join(dict.fromkeys(h.cue for h in d.hits))
        # "negated": the value is what a negated cue implies ("لا نستعجل" → sustainable), not what it says
        kind = "negated" if any(h.negated for h in d.hits) else "lexicon"
        self.put(
            field,
            d.value if value is None else value,
            [(h.start, h.end) for h in d.hits],
            d.confidence,
            f"{kind}: {cue}",
        )


def extract(text: str, kb: KnowledgeBase | None = None) -> BriefResult:
    """What the brief ``text`` says about the business, as a partial profile with evidence.

    Raises ``BriefInputError`` for an empty, non-text or too long brief.
    """
    check_text(text)
    kb = kb or load_knowledge_base()
    bt = BriefText(text)
    b = _Builder(bt)
    places = find_places(bt, kb)
    inside = [(p.start, p.end) for p in places]
    # a word inside a place name ("الجديدة" of "القاهرة الجديدة") is not a cue
    hits = {
        field: [h for h in find(field, bt) if not any(a <= h.start and h.end <= b for a, b in inside)]
        for field in field_lexicons()
    }
    numbers = find_numbers(bt)

    b.put_decision("business_type", decide(hits["business_type"], 0.5))
    btype = b.values.get("business_type")
    goal_hits = [_customers(h, btype) for h in hits["goal"]]
    b.put_decision("goal", decide([h for h in goal_hits if h is not None], 0.45))

    years = find_years_running(bt, numbers)
    if years is not None:
        stage = "established" if int(years.value) >= ESTABLISHED_YEARS else "growth"  # type: ignore[arg-type]
        hits["stage"].append(Hit("stage", stage, 0.85, years.start, years.end, "years running"))
    b.put_decision("speed", _speed(hits["speed"]))
    for field in field_lexicons():
        if field not in _OWN_READING:
            b.put_decision(field, decide(hits[field], 0.45))

    website = _website(bt)
    if website is not None:
        url, s, e = website
        b.put("website", url, [(s, e)], 0.95, "link")
        hits[HAS_LANDING_PAGE].append(Hit(HAS_LANDING_PAGE, True, 0.85, s, e, "link"))
    b.put_decision(HAS_LANDING_PAGE, decide(hits[HAS_LANDING_PAGE], 0.45))

    _location(b, places, kb, hits["location.scope"])
    _budget(b, bt, numbers, kb)

    product = find_product(bt, [(p.start, p.end) for p in places])
    if product is not None:
        b.put("product", product.value, [(product.start, product.end)], product.confidence, "product words")
    horizon = find_horizon(bt, numbers)
    if horizon is not None:
        b.put("horizon_months", horizon.value, [(horizon.start, horizon.end)], 0.85, "duration")
    age = find_audience_age(bt, numbers)
    if age is not None:
        low, high = age.value  # type: ignore[misc]
        b.put("audience_age", AgeRange(min=low, max=high), [(age.start, age.end)], 0.85, "age range")
    b.values["language"] = bt.language

    profile = _partial(b.values)
    signals = [
        Signal(rule=rule, field=field, spans=b.evidence[field].spans)
        for rule, field, value in _SIGNALS
        if field in b.evidence and b.values.get(field) == value
    ]
    return BriefResult(
        text=text,
        language=bt.language,
        profile=profile,
        evidence=b.evidence,
        missing=missing_fields(profile),
        assumptions=assumptions_for(profile, kb),
        signals=signals,
    )


def _speed(hits: list[Hit]) -> Decision | None:
    """Fast and long-term both asked for ("نتائج سريعة بس كمان على المدى الطويل") read as balanced."""
    values = {h.value for h in hits}
    if {"fast", "sustainable"} <= values and "balanced" not in values:
        return Decision("balanced", 0.7, hits)
    return decide(hits, 0.45)


def _customers(hit: Hit, business_type: str | None) -> Hit | None:
    """ "More customers" means sales for a shop and leads for a service or B2B firm."""
    if hit.value != "customers":
        return hit
    value = _GOAL_FOR_CUSTOMERS.get(business_type or "", "sales")
    weight = hit.weight if business_type else hit.weight * 0.7
    return Hit(hit.field, value, weight, hit.start, hit.end, hit.cue, hit.negated)


def _website(bt: BriefText) -> tuple[str, int, int] | None:
    m = _URL.search(bt.original)
    if m is None:
        return None
    raw = m.group().rstrip(".,;:!؟?")
    url = raw if raw.lower().startswith("http") else f"https://{raw}"
    try:
        _URL_ADAPTER.validate_python(url)
    except ValidationError:
        return None
    # offsets of the original text are offsets of the folded text's sources; find the folded span
    s = next((i for i, o in enumerate(bt.offsets) if o >= m.start()), None)
    e = next((i for i, o in enumerate(bt.offsets) if o >= m.start() + len(raw)), len(bt.offsets))
    if s is None:
        return None
    return url, s, e


def _location(b: _Builder, places: list[Place], kb: KnowledgeBase, scope_hits: list[Hit]) -> None:
    base = [p for p in places if not p.market]
    if base:
        first = base[0]
        b.put(
            "location.country",
            first.country,
            [(p.start, p.end) for p in base if p.country == first.country],
            first.confidence,
            "gazetteer",
        )
        city = next((p for p in base if p.city and p.country == first.country), None)
        if city is not None:
            c = kb.find_city(city.country, city.city or "")
            name = c[1].name.get(b.text.language) if c else city.city
            b.put("location.city", name, [(city.start, city.end)], city.confidence, "gazetteer")
        countries = list(dict.fromkeys(p.country for p in base))
        if len(countries) > 1 and not scope_hits:
            b.put("location.scope", "international", [(p.start, p.end) for p in base], 0.7, "several countries")
    b.put_decision("location.scope", decide(scope_hits, 0.45))


def _budget(b: _Builder, bt: BriefText, numbers: list[Any], kb: KnowledgeBase) -> None:
    budget = find_budget(bt, numbers)
    if budget is not None:
        n = budget.number
        sure = 0.95 if budget.currency and budget.cue else 0.8 if budget.cue else 0.75
        pairs = [(n.start, n.end)] + ([budget.cue] if budget.cue else [])
        b.put(
            "budget.amount",
            amount(n.value),
            pairs,
            sure,
            "number" + (" with a budget word" if budget.cue else ""),
        )
        if budget.currency is not None:
            code, confidence = resolve_currency(budget.currency, b.values.get("location.country"))
            if code is not None:
                b.put(
                    "budget.currency",
                    code,
                    [(budget.currency.start, budget.currency.end)],
                    confidence,
                    "currency",
                )
                if "location.country" not in b.values and budget.currency.code is not None:
                    _country_from_currency(b, code, (budget.currency.start, budget.currency.end), kb)
        if budget.period is not None:
            period, s, e = budget.period
            b.put("budget.period", period, [(s, e)], 0.9, "period words")
    aov = find_average_order(bt, numbers)
    if aov is not None and (budget is None or aov is not budget.number):
        b.put("average_order_value", amount(aov.value), [(aov.start, aov.end)], 0.8, "average order words")


def _country_from_currency(b: _Builder, code: str, span: tuple[int, int], kb: KnowledgeBase) -> None:
    """A currency that only one country uses says where the business is (a weaker sign than a place)."""
    users = [c.code for c in kb.countries.values() if c.currency == code]
    if len(users) != 1:
        users = [c for cur, c in currency_countries().items() if cur == code]
    if len(users) == 1 and code != "USD":
        b.put("location.country", users[0], [span], 0.6, "currency of one country")


def _partial(values: dict[str, Any]) -> PartialProfile:
    nested: dict[str, Any] = {}
    for field, value in values.items():
        head, _, tail = field.partition(".")
        if tail:
            nested.setdefault(head, {})[tail] = value
        else:
            nested[head] = value
    return PartialProfile.model_validate(nested)
