"""The measurement set-up: a UTM-tagged link and a promo code for every funded channel and every
creator, following common UTM conventions (lower case; source = the platform, medium = the kind of
traffic, campaign = one name for the plan, content = the creator or creative)."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit, urlunsplit

from mizaan.knowledge import ChannelId, KnowledgeBase
from mizaan.plan.allocate import Allocation
from mizaan.plan.messages import KbText, Num, Phrase, msg
from mizaan.plan.result import Link, Tracking
from mizaan.profile import Profile

PLACEHOLDER_URL = "https://example.com/offer"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def campaign_name(profile: Profile) -> str:
    base = slug(profile.business_name or "") or slug(profile.product or "") or profile.business_type
    return f"{base[:30].strip('-')}-{profile.goal}"


def code_prefix(profile: Profile) -> str:
    letters = re.sub(r"[^A-Z]", "", (profile.business_name or "").upper())
    return letters[:5] or "MZN"


def tag(url: str, **params: str | None) -> str:
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode({k: v for k, v in params.items() if v})]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def measurement(
    profile: Profile,
    alloc: Allocation,
    kb: KnowledgeBase,
    influencer: ChannelId | None,
    influencer_count: int,
) -> Tracking:
    base = str(profile.website) if profile.website else PLACEHOLDER_URL
    campaign = campaign_name(profile)
    prefix = code_prefix(profile)
    funded = alloc.funded()
    links: list[Link] = []

    def add(channel: ChannelId, label: Phrase, source: str, medium: str, content: str | None, code: str | None) -> None:
        url = tag(base, utm_source=source, utm_medium=medium, utm_campaign=campaign, utm_content=content)
        links.append(
            Link(
                channel=channel,
                label=label,
                url=url,
                utm_source=source,
                utm_medium=medium,
                utm_campaign=campaign,
                utm_content=content,
                promo_code=code,
            )
        )

    for c in funded:
        ch = kb.channels[c]
        name = KbText(ch.name)
        how = ch.tracking  # the registry says how each channel is tagged
        medium = how.medium or ch.utm.medium
        if how.link == "per_platform":
            # a link for each platform the line's money goes to (the registry's fit and audience figures)
            ages = None if profile.audience_age is None else (profile.audience_age.min, profile.audience_age.max)
            for platform, _ in ch.platform_shares(profile.business_type, profile.location.country, ages):
                code = f"{prefix}{platform.id[:2].upper()}{how.code or ''}"
                label = msg("measure.platform", name=name, platform=KbText(platform.name))
                add(c, label, platform.id, medium, None, code)
        elif how.link == "single":
            add(c, name, ch.utm.source, medium, None, f"{prefix}{how.code}" if how.code else None)
    if influencer is not None:
        tier = kb.channels[influencer].tier or "inf"
        for i in range(1, influencer_count + 1):
            add(
                influencer,
                msg("measure.creator", n=Num(i)),
                "instagram",
                "influencer",
                f"{tier}-{i:02d}",
                f"{prefix}{tier.upper()}{i:02d}",
            )
    notes = [msg("measure.note.lowercase"), msg("measure.note.codes")]
    if influencer is not None:
        notes.append(msg("measure.note.ga4_influencer"))
    if any(kb.channels[c].tracking.note == "organic_search" for c in funded):
        notes.append(msg("measure.note.seo"))
    if not profile.website:
        notes.append(msg("measure.note.placeholder"))
    return Tracking(landing_url=base, landing_url_is_placeholder=not profile.website, links=links, notes=notes)
