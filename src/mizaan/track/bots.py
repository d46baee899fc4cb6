"""Which clicks are not people: bots are stored with a reason, never dropped, so that the counts can be
checked (``mizaan track clicks`` shows humans and bots apart)."""

from __future__ import annotations

import re
from functools import lru_cache

# Link-preview fetchers of the messengers and networks (a link pasted in WhatsApp is fetched before anyone
# taps it), crawlers, monitoring, HTTP libraries and headless browsers. Matched case-insensitively.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "preview",
        r"facebookexternalhit|facebot|whatsapp|telegrambot|twitterbot|slackbot|slack-imgproxy|"
        r"discordbot|linkedinbot|pinterest|skypeuripreview|snapchat.*preview|embedly|iframely|vkshare|"
        r"redditbot|applebot|google-pagerenderer|viber|line-poker|kakaotalk-scrap",
    ),
    (
        "crawler",
        r"\bbot\b|bot/|crawl|spider|slurp|bingpreview|yandex|baiduspider|duckduckgo|petalbot|"
        r"semrush|ahrefs|mj12|dotbot|bytespider|gptbot|ccbot|claudebot|amazonbot|archive\.org",
    ),
    ("monitor", r"uptime|pingdom|statuscake|monitor|check_http|nagios|zabbix|datadog|newrelic"),
    (
        "library",
        r"^curl/|^wget/|python-requests|python-urllib|aiohttp|httpx|go-http-client|java/|okhttp|"
        r"libwww-perl|node-fetch|axios|^ruby|guzzle|postman|insomnia|^php/|scrapy|httpclient",
    ),
    ("headless", r"headlesschrome|phantomjs|puppeteer|playwright|selenium|electron/.*headless"),
)
# one pattern with a named group per reason: one scan of the user agent (the kind named first in it wins)
_ONE = re.compile("|".join(f"(?P<{reason}>{p})" for reason, p in _PATTERNS), re.IGNORECASE)

PREFETCH_HEADERS = (b"purpose", b"sec-purpose", b"x-purpose", b"x-moz")

REASONS = ("head", "prefetch", "no_user_agent", *(r for r, _ in _PATTERNS))


def bot_reason(method: str, user_agent: str | None, prefetch: str | None) -> str | None:
    """Why a request is not a person's click, or None: ``head`` (a HEAD request), ``prefetch`` (the
    browser fetching ahead of a tap: ``Purpose``/``Sec-Purpose: prefetch``), ``no_user_agent``, or the
    kind of user agent (``preview``, ``crawler``, ``monitor``, ``library``, ``headless``)."""
    if method == "HEAD":
        return "head"
    if prefetch is not None and ("prefetch" in prefetch.lower() or "preview" in prefetch.lower()):
        return "prefetch"
    return agent_reason(user_agent)


@lru_cache(maxsize=8192)  # the same few hundred user agents make most clicks
def agent_reason(user_agent: str | None) -> str | None:
    """The kind of bot a user agent names, ``no_user_agent`` for none, or None for a browser."""
    if not user_agent or not user_agent.strip():
        return "no_user_agent"
    found = _ONE.search(user_agent)
    return found.lastgroup if found else None
