"""The tags a simulated touch carries: which channel, campaign or creator's post it came from, with the UTM
source, medium and campaign a real export would show, as the channel registry says each channel is tagged."""

from __future__ import annotations

from dataclasses import dataclass

from mizaan.simulate.world import World, owned_channels


@dataclass(frozen=True)
class Tag:
    """Where a touch came from."""

    channel: str
    source: str | None
    medium: str | None
    campaign: str | None = None
    content: str | None = None
    platform: str | None = None  # ad platform that claims conversions (None: not an ad)
    campaign_index: int = -1
    post_index: int = -1


@dataclass
class Tags:
    tags: list[Tag]
    campaign: dict[int, int]  # campaign index -> tag
    post: dict[int, int]  # post index -> tag
    fixed: dict[str, int]  # channel or baseline source name -> tag


def make_tags(world: World) -> Tags:
    tags: list[Tag] = []
    camp, post, fixed = {}, {}, {}
    kb = world.kb
    for c in world.campaigns:
        camp[c.index] = len(tags)
        medium = kb.channels[c.channel].utm.medium
        tags.append(Tag(c.channel, c.utm_source, medium, c.name, None, c.platform, c.index))
    for p in world.posts:
        post[p.index] = len(tags)
        tags.append(
            Tag(
                p.channel,
                "instagram",
                "influencer",
                f"{p.tier}-{p.influencer}",
                p.influencer,
                None,
                -1,
                p.index,
            )
        )
    owned = {c: kb.channels[c] for c in owned_channels(kb)}  # tagged as the registry says
    for name, tag in {
        **{c: Tag(c, ch.utm.source, ch.utm.medium, ch.simulation.campaign) for c, ch in owned.items()},
        "direct": Tag("direct", None, None),
        "organic_social": Tag("organic_social", "l.instagram.com", "referral"),
        "referral": Tag("referral", "perfume-lovers.example", "referral"),
        "other": Tag("other", "partner-app", "sms"),
    }.items():
        fixed[name] = len(tags)
        tags.append(tag)
    return Tags(tags, camp, post, fixed)
