"""People, day by day: who converts because of what, what each person saw and clicked, and the orders.

For day t (all vectorised with numpy; one day at a time, so memory is bounded by a day's people):

1. Buyers caused by a channel: Poisson(expected incremental conversions of the channel on day t). Each
   gets a causal touch: an ad click or, for social ads and retargeting, sometimes only an impression; a
   visit from SEO, content or e-mail; for influencers a view of one post (chosen by the post's share of
   the tier's effect that day), with a click on its tracked link one time in five. The touch comes ``L``
   days before the purchase, ``L`` geometric with the channel's adstock decay (at most 30 days).
2. Baseline buyers (no channel caused them): Poisson(baseline of day t).
3. Every buyer buys in a session: the causal click's own session when there was one, else a return
   visit, mostly direct, organic search or a brand-search / retargeting click (which is how last-click
   credit goes to channels that did not cause the sale); and 0-4 unrelated ad impressions or influencer
   views from the previous two weeks (Poisson, mean 1.2).
4. Visitors who do not buy: Poisson(expected visits) per campaign, owned channel, influencer post and
   baseline source, each with their click and, for social ads, sometimes an earlier impression.

A touch is a row (user, time in microseconds UTC, tag, kind); the tag says channel, campaign, UTM source,
medium and platform. Orders carry the causal channel, the post and whether its promo code was used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from mizaan.simulate.codes import LEAK_STREAM, leaked_codes, tally_codes
from mizaan.simulate.tags import Tags
from mizaan.simulate.world import CLAIM_WINDOWS, World

I64 = NDArray[np.int64]
US_DAY = 86_400_000_000
US_MIN = 60_000_000
KINDS = ("impression", "click", "visit", "view")
IMPRESSION, CLICK, VISIT, VIEW = 0, 1, 2, 3
CODE_USE = 0.35  # share of influencer-caused buyers who type the influencer's promo code
DISCOUNT = 0.10


@dataclass
class Day:
    """What one day produced."""

    user: list[I64] = field(default_factory=list)
    time: list[I64] = field(default_factory=list)
    tag: list[I64] = field(default_factory=list)
    kind: list[I64] = field(default_factory=list)
    buyer: list[I64] = field(default_factory=list)  # index of the day's buyer, -1 for non-buyers

    def add(self, user: I64, time: I64, tag: I64 | int, kind: int, buyer: I64 | None = None) -> None:
        n = len(user)
        if n == 0:
            return
        self.user.append(user)
        self.time.append(time)
        self.tag.append(np.broadcast_to(np.asarray(tag, dtype=np.int64), (n,)).copy())
        self.kind.append(np.full(n, kind, dtype=np.int64))
        self.buyer.append(np.full(n, -1, dtype=np.int64) if buyer is None else buyer)

    def arrays(self) -> tuple[I64, I64, I64, I64, I64]:
        if not self.user:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty, empty
        return (
            np.concatenate(self.user),
            np.concatenate(self.time),
            np.concatenate(self.tag),
            np.concatenate(self.kind),
            np.concatenate(self.buyer),
        )


@dataclass
class Buyers:
    """The day's buyers and their orders."""

    user: I64
    time: I64
    cause: list[str]  # channel that caused the sale, or "baseline"
    post: I64  # post index for influencer-caused sales, else -1
    session_tag: I64  # tag of the session in which they bought
    revenue: I64  # cents, after discount
    discount: I64  # cents
    code_used: NDArray[np.bool_]
    code_post: I64  # the post whose promo code the order carries (its creator's code), else -1


class Generator:
    """Generates the world's people day by day; ``next_user`` numbers them across days."""

    def __init__(self, world: World, tags: Tags) -> None:
        self.world = world
        self.tags = tags
        self.rng = np.random.default_rng([world.seed, 3])
        self.next_user = 0
        self.tag_channel = [t.channel for t in tags.tags]
        self.tag_platform = [t.platform for t in tags.tags]
        self.funded = set(world.params)
        # each channel's navigational campaign: the one the registry marks as brand, else its first
        self.brand: set[int] = set()
        for ch in {c.channel for c in world.campaigns}:
            camps = [c for c in world.campaigns if c.channel == ch]
            flagged = {x.name for x in world.kb.channels[ch].simulation.campaigns if x.brand}
            self.brand.add(next((c.index for c in camps if c.name in flagged), camps[0].index))
        self.tag_campaign = np.array([t.campaign_index for t in tags.tags], dtype=np.int64)
        self.tag_post = np.array([t.post_index for t in tags.tags], dtype=np.int64)
        n_camp = len(world.campaigns)
        self.clicks = np.zeros((n_camp, world.days), dtype=np.int64)
        self.claims = np.zeros((n_camp, world.days), dtype=np.int64)
        self.claim_value = np.zeros((n_camp, world.days), dtype=np.int64)
        self.link_clicks = np.zeros(len(world.posts), dtype=np.int64)
        self.post_buyers = np.zeros(len(world.posts), dtype=np.int64)
        self.post_revenue = np.zeros(len(world.posts), dtype=np.int64)
        self.caused: dict[str, list[int]] = {}  # cause -> [buyers, revenue cents]
        self.code_orders: dict[str, list[int]] = {}  # code -> [orders, revenue cents, brought by its creators]
        self.leak_rng = np.random.default_rng([world.seed, LEAK_STREAM])

    def users(self, n: int) -> I64:
        out = np.arange(self.next_user, self.next_user + n, dtype=np.int64)
        self.next_user += n
        return out

    def _mix(self, weights: dict[str, float]) -> tuple[I64, NDArray[np.float64]]:
        items = [
            (self.tags.fixed[k] if k in self.tags.fixed else self._brand(k), w)
            for k, w in weights.items()
            if (k in ("direct", "organic_social", "referral") or k in self.funded)
        ]
        items = [(t, w) for t, w in items if t >= 0]
        tags = np.array([t for t, _ in items], dtype=np.int64)
        w = np.array([w for _, w in items])
        return tags, w / w.sum()

    def _brand(self, channel: str) -> int:
        """The tag of a navigational click: brand search for search ads, the retargeting campaign."""
        for c in self.world.campaigns:
            if c.channel == channel and c.index in self.brand:
                return self.tags.campaign[c.index]
        return -1

    def day(self, t: int) -> tuple[Day, Buyers]:
        w, rng, out = self.world, self.rng, Day()
        day0 = int((np.datetime64(w.day(t)) - np.datetime64("1970-01-01")) / np.timedelta64(1, "us"))
        b_user, b_time, b_cause, b_post, b_sess = [], [], [], [], []
        buyer_base = 0

        def buyers(n: int, cause: str) -> tuple[I64, I64, I64]:
            nonlocal buyer_base
            u = self.users(n)
            idx = np.arange(buyer_base, buyer_base + n, dtype=np.int64)
            buyer_base += n
            time = day0 + rng.integers(25 * US_MIN, US_DAY - 25 * US_MIN, size=n)
            b_user.append(u)
            b_cause.extend([cause] * n)
            return u, time, idx

        sim = {c: ch.simulation for c, ch in w.kb.channels.items()}
        back = {c: s.return_weight for c, s in sim.items() if s.return_weight > 0}
        base = {c: s.baseline_weight for c, s in sim.items() if s.baseline_weight > 0}
        ret_tags, ret_w = self._mix({"direct": 0.45, **back})
        base_tags, base_w = self._mix({"direct": 0.45, "organic_social": 0.15, "referral": 0.1, **base})
        for c, expected in w.incremental.items():
            n = int(rng.poisson(expected[t]))
            if n == 0:
                continue
            u, time, idx = buyers(n, c)
            p = w.params[c]
            lag = np.minimum(rng.geometric(1.0 - p.decay, size=n) - 1, 30) if p.decay > 0 else np.zeros(n, np.int64)
            post = np.full(n, -1, dtype=np.int64)
            if w.kb.channels[c].family == "influencer":
                share = w.post_share[:, t]
                pidx = rng.choice(len(share), size=n, p=share / share.sum())
                post = pidx.astype(np.int64)
                ptag = np.array([self.tags.post[int(i)] for i in pidx], dtype=np.int64)
                pday0 = np.array([day0 - (t - w.posts[int(i)].day) * US_DAY for i in pidx], dtype=np.int64)
                room = np.maximum(time - 30 * US_MIN - pday0, 1)
                view = pday0 + (rng.random(n) * np.minimum(room, 2 * US_DAY)).astype(np.int64)
                out.add(u, view, ptag, VIEW, idx)
                clicked = rng.random(n) < 0.2
                if clicked.any():
                    ct = view[clicked] + 30_000_000
                    out.add(u[clicked], ct, ptag[clicked], CLICK, idx[clicked])
                    out.add(u[clicked], ct + 1_000_000, ptag[clicked], VISIT, idx[clicked])
                    np.add.at(self.link_clicks, pidx[clicked], 1)
                    time[clicked] = ct + 1_000_000 + rng.integers(2 * US_MIN, 20 * US_MIN, size=int(clicked.sum()))
                    b_sess.append(ptag[clicked])
                rest = ~clicked
                rt = rng.choice(ret_tags, size=int(rest.sum()), p=ret_w)
                self._return(out, u[rest], time[rest], idx[rest], rt, t)
                b_sess.append(rt)
                b_time.append(time)
                b_post.append(post)
                self._reorder_sessions(b_sess, clicked)
                continue
            if c in self.tags.fixed:  # owned channels: a visit, the buying session itself when L = 0
                tag = np.full(n, self.tags.fixed[c], dtype=np.int64)
                touch = time - lag * US_DAY - rng.integers(25 * US_MIN, 3 * 60 * US_MIN, size=n)
                same = lag == 0
                out.add(u[~same], touch[~same], tag[~same], VISIT, idx[~same])
                rt = rng.choice(ret_tags, size=int((~same).sum()), p=ret_w)
                sess = tag.copy()
                sess[~same] = rt
                self._session_any(out, u, time, idx, sess, t)
                b_sess.append(sess)
            else:  # paid ads: click (or, for social, sometimes only an impression)
                camps = [x for x in w.campaigns if x.channel == c]
                cw = np.array([x.share for x in camps])
                pick = rng.choice(len(camps), size=n, p=cw / cw.sum())
                tag = np.array([self.tags.campaign[camps[int(i)].index] for i in pick], dtype=np.int64)
                clicked = rng.random(n) < 0.65 if w.kb.channels[c].simulation.impressions else np.ones(n, bool)
                touch = time - lag * US_DAY - rng.integers(25 * US_MIN, 3 * 60 * US_MIN, size=n)
                imp = ~clicked
                out.add(u[imp], touch[imp], tag[imp], IMPRESSION, idx[imp])
                early = clicked & (lag > 0)
                out.add(u[early], touch[early], tag[early], CLICK, idx[early])
                out.add(u[early], touch[early] + 1_000_000, tag[early], VISIT, idx[early])
                same = clicked & (lag == 0)
                sess = tag.copy()
                other = ~same
                sess[other] = rng.choice(ret_tags, size=int(other.sum()), p=ret_w)
                self._session_any(out, u, time, idx, sess, t)
                b_sess.append(sess)
            b_time.append(time)
            b_post.append(post)
        nb = int(rng.poisson(w.baseline[t]))
        if nb:
            u, time, idx = buyers(nb, "baseline")
            sess = rng.choice(base_tags, size=nb, p=base_w)
            self._session_any(out, u, time, idx, sess, t)
            b_sess.append(sess)
            b_time.append(time)
            b_post.append(np.full(nb, -1, dtype=np.int64))
        user = np.concatenate(b_user) if b_user else np.zeros(0, np.int64)
        btime = np.concatenate(b_time) if b_time else np.zeros(0, np.int64)
        sess_tag = np.concatenate(b_sess) if b_sess else np.zeros(0, np.int64)
        bpost = np.concatenate(b_post) if b_post else np.zeros(0, np.int64)
        self._noise(out, user, btime, np.arange(len(user), dtype=np.int64), t, mean=1.2, days=14)
        self._visitors(out, t, day0)
        bought = self._orders(user, btime, b_cause, bpost, sess_tag)
        self._claim(out, bought, t)
        return out, bought

    # --- pieces ------------------------------------------------------------------------------------

    def _reorder_sessions(self, b_sess: list[I64], clicked: NDArray[np.bool_]) -> None:
        """For influencer buyers the clicked sessions and the return sessions were appended separately;
        put them back in buyer order."""
        rest = b_sess.pop()
        clicked_tags = b_sess.pop() if clicked.any() else np.zeros(0, np.int64)
        merged = np.empty(len(clicked), dtype=np.int64)
        merged[clicked] = clicked_tags
        merged[~clicked] = rest
        b_sess.append(merged)

    def _is_ad(self, tags: I64) -> NDArray[np.bool_]:
        return np.asarray(self.tag_campaign[tags] >= 0)

    def count_clicks(self, day: Day, start_us: int) -> None:
        """Clicks per campaign and day, from the click touches themselves (what the platform reports)."""
        _, time, tag, kind, _ = day.arrays()
        camp = self.tag_campaign[tag]
        sel = (kind == CLICK) & (camp >= 0)
        d = (time[sel] - start_us) // US_DAY
        ok = (d >= 0) & (d < self.world.days)
        np.add.at(self.clicks, (camp[sel][ok], d[ok]), 1)

    def _session_any(self, out: Day, u: I64, time: I64, idx: I64, sess: I64, t: int) -> None:
        start = time - self.rng.integers(2 * US_MIN, 20 * US_MIN, size=len(u))
        ad = self._is_ad(sess) if len(sess) else np.zeros(0, bool)
        if ad.any():
            out.add(u[ad], start[ad] - 1_000_000, sess[ad], CLICK, idx[ad])
        out.add(u, start, sess, VISIT, idx)

    def _return(self, out: Day, u: I64, time: I64, idx: I64, sess: I64, t: int) -> None:
        self._session_any(out, u, time, idx, sess, t)

    def _exposure_mix(self, t: int) -> tuple[I64, NDArray[np.float64]]:
        w = self.world
        tags, weights = [], []
        for c in w.campaigns:
            if w.impressions[c.index][t] > 0:
                tags.append(self.tags.campaign[c.index])
                weights.append(float(w.impressions[c.index][t]))
        for p in w.posts:
            if 0 <= t - p.day < 3:
                tags.append(self.tags.post[p.index])
                weights.append(p.views / 3.0)
        arr = np.array(weights)
        return np.array(tags, dtype=np.int64), (arr / arr.sum() if arr.size else arr)

    def _noise(self, out: Day, user: I64, time: I64, idx: I64 | None, t: int, mean: float, days: int) -> None:
        tags, w = self._exposure_mix(t)
        if not len(user) or not len(tags):
            return
        m = self.rng.poisson(mean, size=len(user))
        rep = np.repeat(np.arange(len(user)), m)
        if not len(rep):
            return
        tag = self.rng.choice(tags, size=len(rep), p=w)
        when = time[rep] - self.rng.integers(30 * US_MIN, days * US_DAY, size=len(rep))
        kind = np.where(self.tag_post[tag] >= 0, VIEW, IMPRESSION)
        buyer = None if idx is None else idx[rep]
        for k in (IMPRESSION, VIEW):
            sel = kind == k
            out.add(user[rep][sel], when[sel], tag[sel], k, None if buyer is None else buyer[sel])

    def _visitors(self, out: Day, t: int, day0: int) -> None:
        w, rng = self.world, self.rng

        def people(n: int) -> tuple[I64, I64]:
            return self.users(n), day0 + rng.integers(3 * 60 * US_MIN, US_DAY, size=n)

        for c, visits in w.visits.items():
            v = float(visits[t])
            if w.kb.channels[c].has("paid"):
                camps = [x for x in w.campaigns if x.channel == c]
                spend = np.array([float(w.spend[x.index][t]) for x in camps])
                if spend.sum() <= 0:
                    continue
                for x, s in zip(camps, spend / spend.sum(), strict=True):
                    n = int(rng.poisson(v * s))
                    u, time = people(n)
                    ctag = self.tags.campaign[x.index]
                    if w.kb.channels[c].simulation.impressions:
                        seen = rng.random(n) < 0.5
                        out.add(
                            u[seen],
                            time[seen] - rng.integers(US_MIN, 2 * US_DAY, size=int(seen.sum())),
                            ctag,
                            IMPRESSION,
                        )
                    out.add(u, time - 1_000_000, ctag, CLICK)
                    out.add(u, time, ctag, VISIT)
                    self._noise(out, u, time, None, t, mean=0.3, days=7)
            elif w.kb.channels[c].family == "influencer":
                share = w.post_share[:, t]
                n = int(rng.poisson(v))
                if n == 0 or share.sum() <= 0:
                    continue
                u, time = people(n)
                pidx = rng.choice(len(share), size=n, p=share / share.sum())
                tag = np.array([self.tags.post[int(i)] for i in pidx], dtype=np.int64)
                out.add(u, time - 5 * US_MIN, tag, VIEW)
                out.add(u, time - 1_000_000, tag, CLICK)
                out.add(u, time, tag, VISIT)
                np.add.at(self.link_clicks, pidx, 1)
            else:
                n = int(rng.poisson(v))
                u, time = people(n)
                out.add(u, time, self.tags.fixed[c], VISIT)
                self._noise(out, u, time, None, t, mean=0.3, days=7)
        for name, part in (("direct", 0.5), ("organic_social", 0.25), ("referral", 0.15), ("other", 0.1)):
            n = int(rng.poisson(w.baseline_visits[t] * part))
            u, time = people(n)
            out.add(u, time, self.tags.fixed[name], VISIT)

    def _orders(self, user: I64, time: I64, cause: list[str], post: I64, sess: I64) -> Buyers:
        n = len(user)
        rng = self.rng
        sigma = 0.35
        gross = np.round(rng.lognormal(np.log(self.world.aov) - sigma**2 / 2, sigma, size=n) * 100).astype(np.int64)
        gross = np.maximum(gross, 100)
        own = (post >= 0) & (rng.random(n) < CODE_USE)
        code_post = np.where(own, post, leaked_codes(post, len(self.world.posts), self.leak_rng))
        code = code_post >= 0
        discount = np.where(code, np.round(gross * DISCOUNT).astype(np.int64), 0)
        revenue = gross - discount
        for i, c in enumerate(cause):
            got = self.caused.setdefault(c, [0, 0])
            got[0] += 1
            got[1] += int(revenue[i])
            if post[i] >= 0:
                self.post_buyers[post[i]] += 1
                self.post_revenue[post[i]] += int(revenue[i])
        seconds = time // 1_000_000 * 1_000_000  # shops record whole seconds
        tally_codes(self.code_orders, [p.promo_code for p in self.world.posts], code_post, post, revenue)
        return Buyers(user, seconds, cause, post, sess, revenue, discount, code, code_post)

    def _claim(self, out: Day, b: Buyers, t: int) -> None:
        """Each ad platform claims a sale after a click (or an impression, 1 day) of its own within its
        window, for the campaign of the latest such touch: platforms over-count together."""
        user, time, tag, kind, buyer = out.arrays()
        if not len(buyer):
            return
        sel = buyer >= 0
        user, time, tag, kind, buyer = user[sel], time[sel], tag[sel], kind[sel], buyer[sel]
        plat = [self.tag_platform[int(x)] for x in tag]
        keep = np.zeros(len(tag), bool)
        for i, p in enumerate(plat):
            if p is None or kind[i] not in (CLICK, IMPRESSION):
                continue
            click_w, view_w = CLAIM_WINDOWS[p]
            age = (b.time[buyer[i]] - time[i]) / US_DAY
            keep[i] = 0 <= age <= (click_w if kind[i] == CLICK else view_w)
        latest: dict[tuple[int, str], tuple[int, int]] = {}
        for j in np.flatnonzero(keep):
            key = (int(buyer[j]), str(plat[j]))
            if key not in latest or time[j] > latest[key][0]:
                latest[key] = (int(time[j]), int(tag[j]))
        for (bi, _), (_, tg) in latest.items():
            ci = self.tags.tags[tg].campaign_index
            self.claims[ci, t] += 1
            self.claim_value[ci, t] += int(b.revenue[bi])
