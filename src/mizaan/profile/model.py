"""The business profile: what the planner needs to know about a business, typed and validated.

Field names are fixed (other tools write them). Required: ``business_type``, ``goal``, ``budget``
(``amount``, ``currency``) and ``location.country``; everything else has a default that the plan lists
as an assumption (rule Q6). Numbers may be written with Eastern Arabic or Persian digits (``٢٠٠٠٠``) and
the separators of the profile's country (``mizaan.profile.numbers``), booleans as ``true``/``false``,
``yes``/``no`` or ``نعم``/``لا``.

This is the one declaration of the profile's fields: each field's ``About`` says where it sits on the web
form, whether rules test it, how a what-if changes it, when a brief asks for it and whether its default
is an assumption; ``mizaan.profile.fields`` derives the rest. Adding a field is adding it here (with its
``field.*`` and ``help.*`` texts in the i18n catalogues).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    PlainSerializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from mizaan.i18n import fold, to_western_digits
from mizaan.profile.fields import About, Fact, Form, WhatIf, declared, fields_of, value_at
from mizaan.profile.numbers import number_before, number_text

BusinessType = Literal["ecommerce", "services", "local", "b2b"]
Goal = Literal["sales", "leads", "awareness"]
Speed = Literal["fast", "balanced", "sustainable"]
BusinessStage = Literal["idea", "launch", "growth", "established"]
Period = Literal["month", "quarter", "year", "campaign"]
Complexity = Literal["simple", "moderate", "complex"]
DecisionSpeed = Literal["quick", "considered"]
Scope = Literal["local", "national", "international"]
RiskTolerance = Literal["low", "medium", "high"]
TierPreference = Literal["nano", "micro", "macro", "mega"]
Lang = Literal["ar", "en"]

PERIOD_MONTHS: dict[str, float] = {"month": 1.0, "quarter": 3.0, "year": 12.0}
MAX_HORIZON_MONTHS = 60

_TRUE = {"true", "yes", "y", "1", "نعم", "ايوه", "ايوا", "اي", "صح", "موجود", "يوجد"}
_FALSE = {"false", "no", "n", "0", "لا", "لأ", "مافي", "غير موجود", "لا يوجد"}


def _boolean(value: Any) -> Any:
    if isinstance(value, str):
        key = fold(value)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise PydanticCustomError("mz.p.bool", "not yes/no", {"value": value})
    return value


def _age_range(value: Any) -> Any:
    """``18-34``, ``١٨–٣٤`` or ``{min: 18, max: 34}``."""
    if isinstance(value, str):
        parts = re.split(r"\s*[-–—~]\s*|\s+(?:to|الى|إلى)\s+", to_western_digits(value).strip())
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            return {"min": int(parts[0]), "max": int(parts[1])}
        raise PydanticCustomError("mz.p.age_range", "not an age range", {"value": value})
    return value


def _halve(amount: Decimal) -> Decimal:
    return (amount / 2).quantize(Decimal("0.01"))


def _double(amount: Decimal) -> Decimal:
    return amount * 2


def _double_months(months: int) -> int:
    return min(MAX_HORIZON_MONTHS, months * 2)


Number = Annotated[Decimal, BeforeValidator(number_before), PlainSerializer(number_text, when_used="json")]
WholeNumber = Annotated[int, BeforeValidator(number_before)]
Bool = Annotated[bool, BeforeValidator(_boolean)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Budget(_Strict):
    amount: Annotated[Number, Field(gt=0), About(form=Form("budget", 1), whatif=WhatIf(13, (_halve, _double)), ask=5)]
    currency: Annotated[
        str,
        Field(pattern=r"^[A-Za-z]{3}$"),
        About(form=Form("budget", 2, "currency"), fact=Fact("currency code"), ask=6),
    ]
    period: Annotated[Period, About(form=Form("budget", 3), ask=7)] = "month"

    @model_validator(mode="after")
    def _upper(self) -> Budget:
        object.__setattr__(self, "currency", self.currency.upper())
        return self


class Location(_Strict):
    country: Annotated[
        str,
        Field(min_length=2, max_length=60),
        About(form=Form("market", 1, "country"), fact=Fact("ISO country code"), ask=3),
    ]
    city: Annotated[
        Annotated[str, Field(min_length=1, max_length=80)] | None,
        About(form=Form("market", 2), fact=Fact("city name"), ask=4, assumed=False),
    ] = None
    scope: Annotated[Scope, About(form=Form("market", 3), fact=Fact(), whatif=WhatIf(12), ask=12)] = "national"


class AgeRange(_Strict):
    min: Annotated[WholeNumber, Field(ge=13, le=100), About(fact=Fact("years"))]
    max: Annotated[WholeNumber, Field(ge=13, le=100), About(fact=Fact("years"))]

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min > self.max:
            raise PydanticCustomError("mz.p.age_order", "min above max", {"min": self.min, "max": self.max})
        return self


class Profile(_Strict):
    """A business as the planner sees it. Construct with ``parse_profile`` or ``load_profile`` to get the
    knowledge-base checks (known currency and country, sensible budget) as well.

    Each field's ``About`` declares the rest (see ``mizaan.profile.fields``): its place on the web form,
    whether rules may test it as a fact, its what-if steps, its place among the brief's questions, and
    whether its default is listed as an assumption."""

    business_type: Annotated[BusinessType, About(form=Form("basics", 1), fact=Fact(), ask=1)]
    goal: Annotated[Goal, About(form=Form("basics", 2), fact=Fact(), whatif=WhatIf(6), ask=8)]
    budget: Budget
    location: Location
    speed: Annotated[Speed, About(form=Form("basics", 3), fact=Fact(), whatif=WhatIf(7), ask=9)] = "balanced"
    stage: Annotated[BusinessStage, About(form=Form("basics", 4), fact=Fact(), whatif=WhatIf(8), ask=10)] = "growth"
    horizon_months: Annotated[
        WholeNumber,
        Field(ge=1, le=MAX_HORIZON_MONTHS),
        About(form=Form("budget", 4), fact=Fact("months (number)"), whatif=WhatIf(14, (_double_months,)), ask=11),
    ] = 6
    product_complexity: Annotated[
        Complexity, About(form=Form("audience", 1), fact=Fact(), whatif=WhatIf(9), ask=14)
    ] = "moderate"
    decision_speed: Annotated[
        DecisionSpeed | None, About(form=Form("audience", 2), fact=Fact(), whatif=WhatIf(10), ask=15)
    ] = None
    audience_relies_on_recommendations: Annotated[
        Bool | None, About(form=Form("audience", 3), fact=Fact(), whatif=WhatIf(4))
    ] = None
    has_landing_page: Annotated[
        Bool | None, About(form=Form("readiness", 1), fact=Fact(), whatif=WhatIf(1), ask=16)
    ] = None
    has_clear_offer: Annotated[
        Bool | None,
        About(form=Form("readiness", 2), fact=Fact(), whatif=WhatIf(2), ask=17),
    ] = None
    has_tracking: Annotated[Bool | None, About(form=Form("readiness", 3), fact=Fact(), whatif=WhatIf(3), ask=18)] = None
    email_list_size: Annotated[
        Annotated[WholeNumber, Field(ge=0)] | None,
        About(form=Form("readiness", 6), fact=Fact("contacts (number)"), assumed=False),
    ] = None
    audience_age: Annotated[
        AgeRange | None, BeforeValidator(_age_range), About(form=Form("audience", 4, "age"), fact=Fact(), ask=13)
    ] = None
    brand_risk_tolerance: Annotated[
        RiskTolerance, About(form=Form("influencers", 1), fact=Fact(), whatif=WhatIf(11))
    ] = "medium"
    notes: Annotated[str, Field(max_length=5000), About(form=Form("about", 5, "textarea"), assumed=False)] = ""
    # --- beyond the required fields ---
    language: Annotated[Lang | None, About(assumed=False)] = None
    business_name: Annotated[
        Annotated[str, Field(max_length=80)] | None, About(form=Form("about", 1), assumed=False)
    ] = None
    product: Annotated[
        Annotated[str, Field(max_length=200)] | None, About(form=Form("about", 2), ask=2, assumed=False)
    ] = None
    website: Annotated[HttpUrl | None, About(form=Form("about", 3), assumed=False)] = None
    average_order_value: Annotated[Annotated[Number, Field(gt=0)] | None, About(form=Form("about", 4))] = None
    # funnel economics (issue 12): left out, the plan uses a benchmark for the business type and market and
    # lists it, with its source and range, among the assumptions (hence ``assumed=False`` here)
    lead_to_customer_rate: Annotated[
        Annotated[Number, Field(gt=0, le=1)] | None, About(form=Form("about", 6), assumed=False)
    ] = None
    gross_margin: Annotated[
        Annotated[Number, Field(gt=0, le=1)] | None, About(form=Form("about", 7), assumed=False)
    ] = None
    must_prove_results: Annotated[Bool | None, About(form=Form("readiness", 4), fact=Fact(), whatif=WhatIf(5))] = None
    influencers_because_trend: Annotated[Bool | None, About(form=Form("influencers", 3), fact=Fact())] = None
    choose_influencers_by_followers: Annotated[Bool | None, About(form=Form("influencers", 4), fact=Fact())] = None
    preferred_influencer_tier: Annotated[TierPreference | None, About(form=Form("influencers", 2), fact=Fact())] = None

    # --- derived ------------------------------------------------------------------------------------

    @property
    def months_per_period(self) -> float:
        """How many months the budget amount covers."""
        if self.budget.period == "campaign":
            return float(self.horizon_months)
        return PERIOD_MONTHS[self.budget.period]

    @property
    def monthly_budget(self) -> Decimal:
        """The budget per month, in the budget's currency."""
        return self.budget.amount / Decimal(str(self.months_per_period))

    @property
    def lang(self) -> Lang:
        """The profile's language: ``language`` when given, else the script of its texts, else Arabic."""
        if self.language:
            return self.language
        text = " ".join(filter(None, [self.notes, self.product, self.business_name]))
        arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
        latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
        return "en" if latin > arabic else "ar"

    def defaults_used(self) -> list[str]:
        """Fields the profile did not give, whose default the planner used (dotted paths; the top-level
        fields first, then the nested ones)."""
        out: list[str] = []
        for f in sorted(fields_of(type(self)), key=lambda f: "." in f.path):
            if f.required or not f.about.assumed:
                continue
            head, _, tail = f.path.rpartition(".")
            owner = value_at(self, head) if head else self
            if isinstance(owner, BaseModel) and tail not in owner.model_fields_set:
                out.append(f.path)
        return out


# Field paths that code reads by name; everything else iterates the declaration (``fields_of``).
HAS_LANDING_PAGE = declared(Profile, "has_landing_page")
HAS_CLEAR_OFFER = declared(Profile, "has_clear_offer")
EMAIL_LIST_SIZE = declared(Profile, "email_list_size")
WEBSITE = declared(Profile, "website")
BRAND_RISK_TOLERANCE = declared(Profile, "brand_risk_tolerance")
RELIES_ON_RECOMMENDATIONS = declared(Profile, "audience_relies_on_recommendations")
