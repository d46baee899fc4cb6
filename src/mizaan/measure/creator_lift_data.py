"""The daily series the per-creator lift is fitted on, read from the store with small aggregate queries:
conversions per day, each other channel's spend per day (the controls), each creator's tracked visits per
day (their tags matched to creators by ``identity``: exactly one creator, in a tier they posted in), and
their posts' dates and reported views (the exposure of a creator without a tracked visit).

Days are UTC days, as every measurement query's; a day without conversions counts as zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np

from mizaan.measure import queries as q
from mizaan.measure.creator_lift import CreatorSeries, LiftFit, LiftInputs, adstock, fit_creator_lift
from mizaan.measure.engines import QueryEngine
from mizaan.measure.identity import CreatorBook, handle_id


def conversions_by_day_sql(window: q.Window) -> str:
    return f"""
SELECT day, COUNT(*) AS conversions
FROM (SELECT CAST(time AS DATE) AS day FROM conversions WHERE {window.instants()}) c
GROUP BY day ORDER BY day"""


def spend_by_day_sql(window: q.Window) -> str:
    """Spend of every channel but the influencer tiers, per day and currency (the controls)."""
    return f"""
SELECT channel, currency, date AS day, SUM(cost) AS cost
FROM spend WHERE {window.days()} AND channel NOT LIKE 'influencer%'
GROUP BY channel, currency, date ORDER BY channel, currency, date"""


def creator_visits_sql(window: q.Window, has_content: bool = True) -> str:
    """Visits from influencer tags per day and tag (what ``identity`` matches to creators); ``has_content``
    is false for a store written before touchpoints had a ``content`` column."""
    content = "content" if has_content else "CAST(NULL AS STRING) AS content"
    return f"""
SELECT day, channel, campaign, source, content, COUNT(*) AS visits
FROM (SELECT CAST(time AS DATE) AS day, channel, campaign, source, {content} FROM touchpoints
      WHERE {window.instants()} AND kind = 'visit' AND channel LIKE 'influencer%') t
GROUP BY day, channel, campaign, source, content
ORDER BY day, channel, campaign NULLS LAST, source NULLS LAST, content NULLS LAST"""


def posts_by_day_sql(window: q.Window) -> str:
    return f"""
SELECT influencer, channel, date AS day, SUM(COALESCE(views, 0)) AS views, COUNT(*) AS posts
FROM influencer_posts WHERE {window.days()}
GROUP BY influencer, channel, date ORDER BY influencer, channel, date"""


def _day(v: Any) -> dt.date:
    return v.date() if isinstance(v, dt.datetime) else v


def read_lift_inputs(
    engine: QueryEngine, window: q.Window, book: CreatorBook, half_life_days: float, has_content: bool = True
) -> LiftInputs | None:
    """The window's daily series, or ``None`` when the window holds no day with conversions or posts."""
    conv = [(_day(r["day"]), float(r["conversions"])) for r in engine.query(conversions_by_day_sql(window)).to_pylist()]
    visits = engine.query(creator_visits_sql(window, has_content)).to_pylist()
    posts = engine.query(posts_by_day_sql(window)).to_pylist()
    seen = [d for d, _ in conv] + [_day(r["day"]) for r in visits] + [_day(r["day"]) for r in posts]
    if not seen:
        return None
    first, last = window.start or min(seen), window.end or max(seen)
    n = (last - first).days + 1
    if n <= 0:
        return None

    def at(day: Any) -> int:
        return (_day(day) - first).days

    y = np.zeros(n)
    for d, c in conv:
        if 0 <= at(d) < n:
            y[at(d)] += c
    controls: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(n))
    for r in engine.query(spend_by_day_sql(window)).to_pylist():
        if 0 <= at(r["day"]) < n:
            controls[f"{r['channel']}/{r['currency']}"][at(r["day"])] += float(r["cost"])
    columns: dict[str, np.ndarray] = {}
    for name, v in sorted(controls.items()):
        columns[f"{name}:day"] = v
        columns[f"{name}:carryover"] = adstock(v, half_life_days)
    sessions: dict[tuple[str, str], np.ndarray] = defaultdict(lambda: np.zeros(n))
    for r in visits:
        found = book.named_in(r.get("source"), r.get("content"), r.get("campaign"))
        one = next(iter(found)) if len(found) == 1 else None
        if one is not None and str(r["channel"]) in book.creators[one].channels and 0 <= at(r["day"]) < n:
            sessions[(one, str(r["channel"]))][at(r["day"])] += float(r["visits"])
    viewed: dict[tuple[str, str], np.ndarray] = defaultdict(lambda: np.zeros(n))
    for r in posts:
        key = (handle_id(str(r["influencer"])), str(r["channel"]))
        if 0 <= at(r["day"]) < n:
            viewed[key][at(r["day"])] += float(r["views"]) or float(r["posts"])
    series = [CreatorSeries(c, ch, "sessions", v) for (c, ch), v in sorted(sessions.items())]
    series += [
        CreatorSeries(c, ch, "views", adstock(v, half_life_days))
        for (c, ch), v in sorted(viewed.items())
        if (c, ch) not in sessions
    ]
    return LiftInputs(y, columns, series, first.weekday())


def creator_lift(
    engine: QueryEngine, window: q.Window, book: CreatorBook, half_life_days: float, has_content: bool = True
) -> LiftFit | None:
    """The per-creator lift of the window (``creator_lift.py``), or ``None`` without any daily data."""
    data = read_lift_inputs(engine, window, book, half_life_days, has_content)
    return None if data is None else fit_creator_lift(data)
