"""A project's history: the plans, fits and tests a workspace keeps, so that "day one beside now" works from
one day to the next, in the web app and from the command line (``mizaan plan --project DIR``) alike.

It is the web app's own store (``storage.DataDir``: ``plans/`` and ``runs/``), not a second one: a folder the
CLI writes is a workspace ``mizaan serve --data DIR`` shows, and the other way round.

- **Day one** is the first plan kept (the oldest ``plans/`` item; keeping the same profile again keeps its
  first date). Planning is deterministic, so its allocation is made again from its kept profile; the summary
  records the version that kept it.
- A **fit** is kept whole (``fit.json``, the bytes as given) under an ID from its content, so keeping the same
  fit twice keeps it once; a failed fit is kept too (the page says so and refuses it unless accepted).
- A **test** (a lift result, ``mizaan lift --json``) is kept with its result.
- **Imports** (``mizaan import PATH --project DIR``) go into one store, kept as the upload
  ``project-imports``: the measurement page measures it like any upload.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from mizaan.errors import InputError, MizaanError, Problem
from mizaan.knowledge import KnowledgeBase
from mizaan.plan import Fit, PlanResult, parse_fit, plan, round_half, with_day_one
from mizaan.profile import Profile, parse_profile
from mizaan.version import __version__
from mizaan.web.storage import SUMMARY, DataDir, Stored

PLANS = "plans"
RUNS = "runs"
FIT_FILE = "fit.json"
RESULT_FILE = "result.json"


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def plan_id(token: str) -> str:
    """A plan's ID: the same profile is kept once, however often it is planned."""
    digest = hashlib.sha256(token.encode("ascii")).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def keep_profile(data: DataDir, profile: Profile, token: str, by: str | None) -> Stored:
    """Keep a plan's profile; a profile kept before keeps its first date (day one stays day one)."""
    old = data.find(PLANS, plan_id(token))
    if old is not None:
        return old
    summary = {
        "at": now(),
        "token": token,
        "by": by,
        "business_type": profile.business_type,
        "business_name": profile.business_name,
        "country": profile.location.country,
        "amount": str(profile.budget.amount),
        "currency": profile.budget.currency,
        "period": profile.budget.period,
        "version": __version__,
    }
    body = json.dumps(profile.model_dump(mode="json", exclude_unset=True), ensure_ascii=False, indent=1)
    return data.keep(PLANS, plan_id(token), summary, {"profile.json": body.encode("utf-8")})


def day_one(data: DataDir) -> Stored | None:
    """The first plan the project kept, if any."""
    plans = data.list(PLANS)
    return min(plans, key=lambda s: str(s.summary.get("at", ""))) if plans else None


def kept_profile(stored: Stored, kb: KnowledgeBase) -> Profile:
    """A kept plan's profile (``InputError`` when it no longer reads with this knowledge base)."""
    raw = json.loads(stored.path("profile.json").read_text(encoding="utf-8"))
    return parse_profile(raw, kb)


def fit_id(body: bytes) -> str:
    return "fit-" + base64.urlsafe_b64encode(hashlib.sha256(body).digest()[:15]).decode("ascii")


def keep_fit(data: DataDir, body: bytes, source: str, by: str | None, kb: KnowledgeBase) -> Stored:
    """Keep a fit file (checked first: ``InputError`` for a malformed one, and nothing kept)."""
    fit = parse_fit(body, source, currencies=kb.currencies)
    found = data.find(RUNS, fit_id(body))
    if found is not None:
        return found
    doc = fit.doc
    channels = sorted(doc.channels)
    summary_text = {lang: f"{source} · {doc.target.name} · {', '.join(channels)}" for lang in ("ar", "en")}
    summary = {
        "at": now(),
        "kind": "fit",
        "by": by,
        "version": __version__,
        "params": {"summary": summary_text, "files": [source], "ok": doc.diagnostics.ok, "source": source},
    }
    return data.keep(RUNS, fit_id(body), summary, {FIT_FILE: body})


def kept_fit(data: DataDir, run_id: str, accept_failed: bool = False) -> Fit:
    """A kept fit, read again (``InputError`` when it is gone)."""
    stored = data.find(RUNS, run_id)
    if stored is None or stored.summary.get("kind") != "fit":
        raise InputError([Problem("web.workspace.gone_fit", {"id": run_id})])
    source = str(stored.summary.get("params", {}).get("source", FIT_FILE))
    fit = parse_fit(stored.path(FIT_FILE).read_bytes(), source)
    return Fit(fit.doc, fit.source, fit.sha256, accept_failed)


def fits(data: DataDir) -> list[Stored]:
    """Kept fits, newest first."""
    return [s for s in data.list(RUNS) if s.summary.get("kind") == "fit"]


def keep_test(data: DataDir, result: dict[str, Any], source: str, by: str | None) -> Stored:
    """Keep a lift test's result (the ``mizaan lift --json`` document)."""
    body = json.dumps(result, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    run_id = "test-" + base64.urlsafe_b64encode(hashlib.sha256(body).digest()[:15]).decode("ascii")
    found = data.find(RUNS, run_id)
    if found is not None:
        return found
    treated = ", ".join(str(x) for x in result.get("treated", []))
    text = f"{source} · {result.get('metric') or ''} · {treated}"
    summary = {
        "at": now(),
        "kind": "test",
        "by": by,
        "version": __version__,
        "params": {"summary": {"ar": text, "en": text}, "files": [source], "source": source},
    }
    return data.keep(RUNS, run_id, summary, {RESULT_FILE: body})


def tests(data: DataDir) -> list[Stored]:
    return [s for s in data.list(RUNS) if s.summary.get("kind") == "test"]


def against_day_one(result: PlanResult, data: DataDir, kb: KnowledgeBase) -> PlanResult:
    """A re-plan compared with the project's day one (its first kept plan, planned again on priors) instead
    of today's plan on priors; unchanged when the project has no plan yet or it is not a re-plan."""
    first = day_one(data)
    if result.replan is None or first is None:
        return result
    try:
        then = plan(kept_profile(first, kb), kb, what_if=False)
    except MizaanError:  # day one no longer plans with this knowledge base: today's priors stand in
        return result
    monthly = {line.channel: line.monthly_amount for line in then.lines}
    budget = round_half(then.monthly_budget, then.currency)
    if then.currency != result.currency:  # day one in another currency: its amounts in today's
        rate = Decimal(str(kb.per_usd(result.currency) / kb.per_usd(then.currency)))
        monthly = {c: round_half(v * rate, result.currency) for c, v in monthly.items()}
        budget = round_half(budget * rate, result.currency)
    at = str(first.summary.get("at", ""))
    return replace(result, replan=with_day_one(result.replan, kb, monthly, budget, at, result.currency))


IMPORTS = "uploads"
PROJECT_IMPORTS = "project-imports"  # the one store a CLI project imports into, shown as a kept upload


def project_store(data: DataDir) -> Path:
    """The store ``mizaan import --project DIR`` imports into: a kept upload of the project, so the web
    app's measurement page measures it like any upload (``/measure?upload=project-imports``)."""
    folder = data.root / IMPORTS / PROJECT_IMPORTS
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / "store.duckdb"


def record_import(data: DataDir, files: list[str], read: dict[str, int], rejected: list[dict[str, Any]]) -> None:
    """Record an import into the project's store (its files added to the list the page shows), written whole
    (a temporary file renamed into place) once the import itself was committed."""
    folder = data.root / IMPORTS / PROJECT_IMPORTS
    found = data.find(IMPORTS, PROJECT_IMPORTS)
    before = found.summary if found is not None else {}
    summary = {
        "at": now(),
        "files": sorted({*before.get("files", []), *files}),
        "read": read,
        "rejected": rejected,
        "truth": False,
    }
    tmp = folder / f".{SUMMARY}.{now().replace(':', '')}"
    tmp.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / SUMMARY)
