"""Plans for the pages, made in the worker pool and cached per profile link, so that a switch of language or
digits, a download or a comparison does not plan again (only the words are made again).

What would change a plan (its what-ifs: every changed profile planned again, about two thirds of a plan's
cost) is computed only when a page asks for it: the plan page shows the plan at once and links to the same
page with them (``/plan/{token}/what-if``); downloads and that page compute them, once per link, and the
plan page shows them in place from then on.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from fastapi import Request

from mizaan.knowledge import KnowledgeBase
from mizaan.plan import Plan, PlanResult, what_ifs
from mizaan.plan import plan as plan_for
from mizaan.present import present
from mizaan.profile import Profile
from mizaan.web import tokens
from mizaan.web.locale import Prefs

CACHE_SIZE = 64
_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Planned:
    profile: Profile
    result: PlanResult
    with_what_ifs: bool  # False: planned without them (not: none found)


def planned(request: Request, token: str, p: Prefs, what_if: bool = True) -> tuple[Profile, Plan, bool]:
    """The profile, the plan in the request's language and digits, and whether it holds its what-ifs
    (always when ``what_if``; otherwise only if they were computed before). Raises ``InputError`` for a
    damaged link."""
    kb: KnowledgeBase = request.app.state.kb
    cache: OrderedDict[str, _Planned] = request.app.state.__dict__.setdefault("plans", OrderedDict())
    with _LOCK:
        found = cache.get(token)
        if found is not None:
            cache.move_to_end(token)
    if found is None:
        profile = tokens.decode(token, kb)
        found = _Planned(profile, plan_for(profile, kb, what_if=what_if), what_if)
        _keep(cache, token, found)
    elif what_if and not found.with_what_ifs:
        result = replace(found.result, what_would_change=what_ifs(found.profile, kb))
        found = _Planned(found.profile, result, True)
        _keep(cache, token, found)
    return found.profile, present(found.result, p.lang, p.digits), found.with_what_ifs


def _keep(cache: OrderedDict[str, _Planned], token: str, new: _Planned) -> None:
    with _LOCK:
        old = cache.get(token)
        if old is None or new.with_what_ifs or not old.with_what_ifs:  # never lose computed what-ifs
            cache[token] = new
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)


__all__ = ["planned"]
