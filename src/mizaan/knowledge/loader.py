"""Load the knowledge base from its data files and validate it: each file against its schema, then the
files against each other (every seed rule present, evidence that exists, currencies that exist...).

Errors name the file, the row and column, and the field, in both languages (``KnowledgeBaseError``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from mizaan.errors import InputError, KnowledgeBaseError, Problem
from mizaan.i18n import number_symbols
from mizaan.knowledge.base import MARKETS, SEED_RULE_IDS, KnowledgeBase
from mizaan.knowledge.registry import (
    AGE_BANDS,
    LIST_SIZE_ROLE,
    STEM_ROLES,
    Channel,
)
from mizaan.knowledge.schema import (
    TIER_IDS,
    Country,
    Currency,
    Figure,
    Group,
    Objective,
    Rule,
    Tier,
)
from mizaan.validation import Document, locate, problems_from_validation, read_document

FILES = (
    "channels.yaml",
    "tiers.yaml",
    "benchmarks.yaml",
    "rules.yaml",
    "places.yaml",
    "currencies.yaml",
    "objective.yaml",
)

M = TypeVar("M", bound=BaseModel)


def builtin_path() -> Path:
    """The folder of the knowledge base that ships with mizaan."""
    return Path(str(resources.files("mizaan.knowledge").joinpath("data")))


def load_knowledge_base(path: str | Path | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base in ``path`` (a folder with the seven data files), or the one
    that ships with mizaan. Raises ``KnowledgeBaseError`` listing every problem found."""
    folder = Path(path) if path is not None else builtin_path()
    if path is None:
        return _load_builtin()
    return _load(folder)


@lru_cache(maxsize=1)
def _load_builtin() -> KnowledgeBase:
    return _load(builtin_path())


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.docs: dict[str, Document] = {}

    def doc(self, folder: Path, name: str) -> Document | None:
        try:
            d = read_document(folder / name)
        except InputError as exc:
            self.problems.extend(exc.problems)
            return None
        self.docs[name] = d
        return d

    def items(self, doc: Document, key: str, model: type[M]) -> list[M]:
        raw = doc.data.get(key) if isinstance(doc.data, dict) else None
        if not isinstance(raw, list):
            row, col = locate(doc.node, ())
            self.problems.append(Problem("kb.list_missing", {"key": key}, file=doc.file, row=row, column=col))
            return []
        out: list[M] = []
        for i, item in enumerate(raw):
            try:
                out.append(model.model_validate(item))
            except ValidationError as exc:
                self.problems.extend(problems_from_validation(exc, doc, (key, i)))
        return out

    def one(self, doc: Document, key: str, model: type[M]) -> M | None:
        raw = doc.data.get(key) if isinstance(doc.data, dict) else None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            self.problems.extend(problems_from_validation(exc, doc, (key,)))
            return None

    def at(self, name: str, loc: tuple[int | str, ...], key: str, **params: Any) -> None:
        doc = self.docs.get(name)
        row, col = locate(doc.node if doc else None, loc)
        self.problems.append(Problem(key, params, file=doc.file if doc else name, row=row, column=col))


def _unique(items: list[M], ident: Callable[[M], str], name: str, key: str, c: _Collector) -> dict[str, M]:
    out: dict[str, M] = {}
    for i, item in enumerate(items):
        k = ident(item)
        if k in out:
            c.at(name, (key, i), "kb.duplicate", id=k)
        out[k] = item
    return out


def _with_platform_ages(channels: dict[str, Channel], doc: Document, c: _Collector) -> dict[str, Channel]:
    """Each platform with its audience's age profile from ``platform_ages`` (bands known, shares adding up
    to 1 within rounding, every platform named somewhere in the registry)."""
    raw = doc.data.get("platform_ages") if isinstance(doc.data, dict) else None
    if not isinstance(raw, dict):
        return channels
    named = {p.id for ch in channels.values() for p in ch.platforms}
    table: dict[str, dict[str, float]] = {}
    for pid, bands in raw.items():
        if pid not in named:
            c.at("channels.yaml", ("platform_ages", pid), "kb.unknown_ref", kind="platform", id=str(pid))
            continue
        if not isinstance(bands, dict) or set(bands) - set(AGE_BANDS):
            c.at("channels.yaml", ("platform_ages", pid), "kb.age_bands", bands=", ".join(AGE_BANDS))
            continue
        shares = {str(k): float(v) for k, v in bands.items()}
        if abs(sum(shares.values()) - 1.0) > 0.02 or min(shares.values()) < 0:
            c.at("channels.yaml", ("platform_ages", pid), "kb.age_bands", bands=", ".join(AGE_BANDS))
            continue
        table[str(pid)] = shares
    return {
        cid: ch.model_copy(
            update={"platforms": [p.model_copy(update={"ages": table.get(p.id, {})}) for p in ch.platforms]}
        )
        for cid, ch in channels.items()
    }


def _check_registry(channels: list[Channel], figures: dict[str, Figure], c: _Collector) -> None:
    """The channel registry against the figures: every figure a cost model or an explanation names exists
    in some market (``mizaan kb check`` then probes every market), and exactly one channel retargets the
    others' visitors."""
    known = {(f.subject, f.metric) for f in figures.values()}

    def exists(subject: str, metric: str) -> bool:
        return (subject, metric) in known

    if not channels:
        c.at("channels.yaml", ("channels",), "kb.channel_missing", id="*")
    for i, ch in enumerate(channels):
        for role, ref in ch.economics.figures.items():
            if role in STEM_ROLES:
                names = [f"{ref.subject}.{m}" for m in STEM_ROLES[role] if not exists(ref.subject, m)]
            elif role == LIST_SIZE_ROLE:
                found = any(s == ref.subject and m.startswith(f"{ref.metric}_") for s, m in known)
                names = [] if found else [f"{ref}_*"]
            else:
                names = [] if exists(ref.subject, ref.metric) else [str(ref)]
            for name in names:
                c.at(
                    "channels.yaml",
                    ("channels", i, "economics", "figures", role),
                    "kb.unknown_ref",
                    kind="figure",
                    id=name,
                )
        for j, ref in enumerate(ch.explain):
            if not exists(ref.subject, ref.metric):
                c.at("channels.yaml", ("channels", i, "explain", j), "kb.unknown_ref", kind="figure", id=str(ref))
    pools = [ch.id for ch in channels if ch.economics.kind == "retargeting_pool"]
    if channels and len(pools) != 1:
        c.at("channels.yaml", ("channels",), "kb.retargeting_channel", count=len(pools))


def _load(folder: Path) -> KnowledgeBase:
    c = _Collector()
    docs = {name: c.doc(folder, name) for name in FILES}
    if any(d is None for d in docs.values()):
        raise KnowledgeBaseError(c.problems, file=str(folder))
    d = {k: v for k, v in docs.items() if v is not None}

    channels = _unique(c.items(d["channels.yaml"], "channels", Channel), lambda x: x.id, "channels.yaml", "channels", c)
    channels = _with_platform_ages(channels, d["channels.yaml"], c)
    tiers = _unique(c.items(d["tiers.yaml"], "tiers", Tier), lambda x: x.id, "tiers.yaml", "tiers", c)
    figures = _unique(c.items(d["benchmarks.yaml"], "figures", Figure), lambda x: x.id, "benchmarks.yaml", "figures", c)
    rules = _unique(c.items(d["rules.yaml"], "rules", Rule), lambda x: x.id, "rules.yaml", "rules", c)
    groups = _unique(c.items(d["rules.yaml"], "groups", Group), lambda x: x.id, "rules.yaml", "groups", c)
    countries = _unique(
        c.items(d["places.yaml"], "countries", Country), lambda x: x.code, "places.yaml", "countries", c
    )
    currencies = _unique(
        c.items(d["currencies.yaml"], "currencies", Currency), lambda x: x.code, "currencies.yaml", "currencies", c
    )
    objective = c.one(d["objective.yaml"], "objective", Objective)

    # --- cross-file checks ---
    _check_registry(list(channels.values()), figures, c)
    for tid in TIER_IDS:
        if tid not in tiers:
            c.at("tiers.yaml", ("tiers",), "kb.tier_missing", id=tid)
        elif tiers[tid].channel not in channels:
            c.at("tiers.yaml", ("tiers",), "kb.unknown_ref", kind="channel", id=tiers[tid].channel)
        elif channels[tiers[tid].channel].tier != tid:
            c.at("tiers.yaml", ("tiers",), "kb.tier_channel", id=tid, channel=tiers[tid].channel)
    for rid in SEED_RULE_IDS:
        if rid not in rules:
            c.at("rules.yaml", ("rules",), "kb.rule_missing", id=rid)
    rule_list = list(rules.values())
    for i, rule in enumerate(rule_list):
        if rule.group not in groups:
            c.at("rules.yaml", ("rules", i, "group"), "kb.unknown_ref", kind="group", id=rule.group)
        for j, ev in enumerate(rule.evidence):
            if ev not in figures:
                c.at("rules.yaml", ("rules", i, "evidence", j), "kb.unknown_ref", kind="figure", id=ev)
        for j, case in enumerate(rule.cases):
            for k, effect in enumerate(case.effects):
                if effect.basis == "article" and rule.id not in SEED_RULE_IDS:
                    c.at(
                        "rules.yaml",
                        ("rules", i, "cases", j, "effects", k, "basis"),
                        "kb.article_without_statement",
                        id=rule.id,
                    )
                target = getattr(effect, "target", None)
                for m, ch in enumerate(target.channels if target is not None else []):
                    if ch not in channels:
                        loc = ("rules", i, "cases", j, "effects", k, "target", "channels", m)
                        c.at("rules.yaml", loc, "kb.unknown_ref", kind="channel", id=ch)
    for i, country in enumerate(countries.values()):
        if country.currency not in currencies:
            c.at("places.yaml", ("countries", i, "currency"), "kb.unknown_ref", kind="currency", id=country.currency)
        for j, code in enumerate(country.also_used):
            if code not in currencies:
                c.at("places.yaml", ("countries", i, "also_used", j), "kb.unknown_ref", kind="currency", id=code)
        if country.locale is not None and number_symbols(country.locale) is None:
            c.at("places.yaml", ("countries", i, "locale"), "kb.unknown_ref", kind="locale", id=country.locale)
    for i, fig in enumerate(figures.values()):
        if fig.market not in MARKETS and fig.market not in countries:
            c.at("benchmarks.yaml", ("figures", i, "market"), "kb.unknown_ref", kind="market", id=fig.market)

    if c.problems or objective is None:
        raise KnowledgeBaseError(c.problems, file=str(folder))

    digest = hashlib.sha256()
    for name in FILES:
        digest.update((folder / name).read_bytes())
    return KnowledgeBase(
        channels=channels,
        tiers={k: tiers[k] for k in TIER_IDS},
        figures=figures,
        rules=rules,
        groups=groups,
        countries=countries,
        currencies=currencies,
        objective=objective,
        version=digest.hexdigest()[:12],
        source=folder,
    )
