"""Audience fit (K5): how much of a creator's audience is the business's audience (place, age, language)
and how relevant their niche is to its product."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from mizaan.i18n import Lang, NumberFormatter, fold, t, to_western_digits
from mizaan.influencers.model import AudienceShare, Candidate
from mizaan.influencers.result import Fit, FitPart
from mizaan.knowledge import KnowledgeBase, TierId
from mizaan.profile import Profile

_TOKEN = re.compile(r"\w+")
_AGE = re.compile(r"^(\d{1,3})\s*(?:-|–|to|الى|إلى)\s*(\d{1,3})$|^(\d{1,3})\s*\+$")


@cache
def fit_settings() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("mizaan.influencers").joinpath("data", "fit.yaml").read_text("utf-8")
    )
    return raw


def niches_in(text: str) -> set[str]:
    """The niches whose words appear in ``text`` (whole words, folded)."""
    key = _spaced(text)
    found = set()
    for niche, spec in fit_settings()["niches"].items():
        if any(_spaced(str(w)) in key for w in spec["words"]):
            found.add(str(niche))
    return found


def _spaced(text: str) -> str:
    return " " + " ".join(_TOKEN.findall(fold(text))) + " "


def relevance(creator: set[str], business: set[str]) -> tuple[float, str]:
    """How relevant a creator's niches are to the business's: same, related, general, unrelated, unknown."""
    s = fit_settings()
    r = s["relevance"]
    if not creator or not business:
        return float(r["unknown"]), "unknown"
    if creator & business:
        return float(r["same"]), "same"
    niches = s["niches"]
    if any(b in niches[c].get("related", []) or c in niches[b].get("related", []) for c in creator for b in business):
        return float(r["related"]), "related"
    if any(niches[c].get("general") for c in creator):
        return float(r["general"]), "general"
    return float(r["unrelated"]), "unrelated"


@dataclass(frozen=True)
class Business:
    """What fit is judged against: the profile's place, ages, language and niches."""

    country: str
    city: str | None
    local: bool
    international: bool
    ages: tuple[int, int] | None
    lang: Lang
    niches: set[str]


def business_of(profile: Profile) -> Business:
    text = " ".join(filter(None, [profile.product, profile.business_name, profile.notes]))
    ages = (profile.audience_age.min, profile.audience_age.max) if profile.audience_age else None
    return Business(
        country=profile.location.country,
        city=profile.location.city,
        local=profile.location.scope == "local",
        international=profile.location.scope == "international",
        ages=ages,
        lang=profile.lang,
        niches=niches_in(text),
    )


def audience_fit(
    c: Candidate,
    tier: TierId | None,
    audience: list[AudienceShare],
    biz: Business,
    kb: KnowledgeBase,
    nf: NumberFormatter,
) -> Fit:
    lang = nf.lang
    parts = [_geography(c, tier, audience, biz, kb, nf), _age(audience, biz, nf), _language(c, audience, biz, nf)]
    creator = set().union(*(niches_in(n) for n in c.niche)) if c.niche else set()
    value, kind = relevance(creator, biz.niches)
    parts.append(
        FitPart(
            id="niche",
            value=value,
            source="profile_figures" if kind != "unknown" else "assumed",
            text=t(f"influencers.fit.niche.{kind}", lang, niche=", ".join(c.niche) or "—", value=nf.pct(value)),
        )
    )
    total = 1.0
    for p in parts:
        if p.value is not None:
            total *= p.value
    return Fit(value=total, parts=parts)


def _geography(
    c: Candidate,
    tier: TierId | None,
    audience: list[AudienceShare],
    biz: Business,
    kb: KnowledgeBase,
    nf: NumberFormatter,
) -> FitPart:
    lang = nf.lang
    if biz.international:
        return FitPart(id="geography", value=1.0, source="assumed", text=t("influencers.fit.geo.international", lang))
    countries = [a for a in audience if a.dimension == "country"]
    cities = [a for a in audience if a.dimension == "city"]
    place = _city_name(biz, kb, lang) if biz.local and biz.city else _country_name(biz.country, kb, lang)
    if biz.local and biz.city and cities:
        share = sum(a.share for a in cities if _same_city(a.segment, biz, kb))
        return FitPart(
            id="geography",
            value=share,
            source="audience_data",
            text=t("influencers.fit.geo.data", lang, share=nf.pct(share), place=place),
        )
    if countries:
        share = sum(a.share for a in countries if _country_code(a.segment, kb) == biz.country)
        if biz.local and biz.city:
            found = kb.find_city(biz.country, biz.city)
            people = kb.countries[biz.country].population if biz.country in kb.countries else None
            if found and people:
                share *= found[1].population / people
        return FitPart(
            id="geography",
            value=share,
            source="audience_data",
            text=t("influencers.fit.geo.data", lang, share=nf.pct(share), place=place),
        )
    s = fit_settings()
    typical = kb.figure(kb.tiers[tier or "nano"].channel, "audience_fit", biz.country).typical
    if c.country is None:
        return FitPart(
            id="geography",
            value=typical,
            source="assumed",
            text=t("influencers.fit.geo.unknown", lang, share=nf.pct(typical)),
        )
    if c.country != biz.country:
        value = float(s["other_country"])
        return FitPart(
            id="geography",
            value=value,
            source="assumed",
            text=t(
                "influencers.fit.geo.other_country",
                lang,
                share=nf.pct(value),
                country=_country_name(c.country, kb, lang),
            ),
        )
    if biz.local and biz.city and c.city and not _same_city(c.city, biz, kb):
        value = typical * float(s["other_city"])
        return FitPart(
            id="geography",
            value=value,
            source="assumed",
            text=t("influencers.fit.geo.other_city", lang, share=nf.pct(value), city=c.city),
        )
    return FitPart(
        id="geography",
        value=typical,
        source="assumed",
        text=t("influencers.fit.geo.same", lang, share=nf.pct(typical), place=place),
    )


def _age(audience: list[AudienceShare], biz: Business, nf: NumberFormatter) -> FitPart:
    bands = [(a, _band(a.segment)) for a in audience if a.dimension == "age"]
    bands = [(a, b) for a, b in bands if b is not None]
    if biz.ages is None or not bands:
        return FitPart(id="age", value=None, source="assumed", text=t("influencers.fit.age.none", nf.lang))
    lo, hi = biz.ages
    share = 0.0
    for a, band in bands:
        assert band is not None
        b_lo, b_hi = band
        overlap = max(0, min(hi, b_hi) - max(lo, b_lo) + 1)
        share += a.share * overlap / (b_hi - b_lo + 1)
    return FitPart(
        id="age",
        value=min(share, 1.0),
        source="audience_data",
        text=t("influencers.fit.age.data", nf.lang, share=nf.pct(min(share, 1.0)), low=nf.num(lo), high=nf.num(hi)),
    )


def _band(segment: str) -> tuple[int, int] | None:
    m = _AGE.match(to_western_digits(segment).strip().casefold())
    if not m:
        return None
    if m.group(3):
        return int(m.group(3)), 65
    return int(m.group(1)), int(m.group(2))


def _language(c: Candidate, audience: list[AudienceShare], biz: Business, nf: NumberFormatter) -> FitPart:
    langs = [a for a in audience if a.dimension == "language"]
    if langs:
        share = sum(
            a.share for a in langs if fold(a.segment) in (biz.lang, fold("العربية" if biz.lang == "ar" else "english"))
        )
        return FitPart(
            id="language",
            value=share,
            source="audience_data",
            text=t("influencers.fit.lang.data", nf.lang, share=nf.pct(share)),
        )
    if not c.languages:
        return FitPart(id="language", value=None, source="assumed", text=t("influencers.fit.lang.none", nf.lang))
    if biz.lang in c.languages:
        return FitPart(id="language", value=1.0, source="profile_figures", text=t("influencers.fit.lang.same", nf.lang))
    value = float(fit_settings()["language_mismatch"])
    return FitPart(
        id="language",
        value=value,
        source="profile_figures",
        text=t("influencers.fit.lang.other", nf.lang, share=nf.pct(value)),
    )


def _country_code(segment: str, kb: KnowledgeBase) -> str | None:
    found = kb.find_country(segment)
    return found.code if found else None


def _country_name(code: str, kb: KnowledgeBase, lang: Lang) -> str:
    return kb.countries[code].name.get(lang) if code in kb.countries else code


def _city_name(biz: Business, kb: KnowledgeBase, lang: Lang) -> str:
    found = kb.find_city(biz.country, biz.city or "")
    return found[1].name.get(lang) if found else (biz.city or "")


def _same_city(name: str, biz: Business, kb: KnowledgeBase) -> bool:
    if biz.city is None:
        return False
    a, b = kb.find_city(biz.country, name), kb.find_city(biz.country, biz.city)
    if a and b:
        return a[1].id == b[1].id
    return fold(name) == fold(biz.city)
