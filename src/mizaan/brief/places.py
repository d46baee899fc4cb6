"""Where the business is: countries and cities of the knowledge base's gazetteer found in a brief, in
Arabic or Latin spelling and with Arabic prefixes (بالرياض · فمراكش · للرياض), telling the business's own
place from its markets (طلابنا من أوروبا · ship to Kuwait), and reading names that are also words or that
name two places (عمان: Amman or Oman) from the rest of the brief."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict

from mizaan.brief.lexicon import Phrases, alternation, data_file
from mizaan.brief.text import WORD, BriefText
from mizaan.i18n import fold
from mizaan.knowledge import KnowledgeBase

_ARABIC = re.compile(r"[\u0621-\u064a]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WeakName(_Strict):
    name: str
    country: str | None = None


class Reading(_Strict):
    country: str
    city: str | None = None
    spellings: list[str] = []
    hints: list[str] = []


class Ambiguous(_Strict):
    name: str
    readings: list[Reading]


class PlaceRules(_Strict):
    version: int
    markets: Phrases
    destination_prefixes: list[str]
    locatives: Phrases
    strong_locatives: Phrases
    weak_names: list[WeakName]
    ambiguous: list[Ambiguous]


@cache
def rules() -> PlaceRules:
    return PlaceRules.model_validate(data_file("places.yaml"))


@dataclass(frozen=True)
class Place:
    """One mention of a known place. ``market``: a place the business sells to, not where it is."""

    country: str
    city: str | None
    start: int
    end: int
    confidence: float
    market: bool


@dataclass(frozen=True)
class _Name:
    key: str
    country: str
    city: str | None


def _pattern(key: str) -> str:
    words = key.split()
    body = r"\s+".join(re.escape(w) for w in words)
    if _ARABIC.search(key):
        if key.startswith("ال") and len(words[0]) > 3:
            body = r"(?:ال|ل)?" + r"\s+".join(re.escape(w) for w in [words[0][2:], *words[1:]])
        return r"(?<!\w)(?P<pre>[وف]?[بلكع]?)" + body + r"(?!\w)"
    return r"(?<!\w)(?P<pre>)" + body + r"(?!\w)"


_GAZETTEERS: dict[str, list[tuple[re.Pattern[str], _Name]]] = {}


def _gazetteer(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], _Name]]:
    """The gazetteer's names as patterns, longest first (cached per knowledge-base version, a hash of
    its data)."""
    if kb.version not in _GAZETTEERS:
        _GAZETTEERS[kb.version] = _build_gazetteer(kb)
    return _GAZETTEERS[kb.version]


def _build_gazetteer(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], _Name]]:
    names: dict[str, _Name] = {}
    for country in kb.countries.values():
        for n in [country.name.ar, country.name.en, *country.aliases]:
            names.setdefault(fold(n), _Name(fold(n), country.code, None))
        for city in country.cities:
            for n in [city.name.ar, city.name.en, *city.aliases]:
                key = fold(n)
                if key in names and names[key].city is None and names[key].country != country.code:
                    continue  # a country's name wins over a city elsewhere with the same name
                names.setdefault(key, _Name(key, country.code, city.id))
    ordered = sorted(names.values(), key=lambda n: -len(n.key))
    return [(re.compile(_pattern(n.key)), n) for n in ordered if len(n.key) > 1]


def _words_before(text: BriefText, pos: int, count: int) -> str:
    lead = text.folded[max(0, pos - 80) : pos]
    lead = re.split(r"[.!?؟\n]", lead)[-1]
    return " ".join(WORD.findall(lead)[-count:])


@cache
def _markets() -> re.Pattern[str]:
    return alternation(rules().markets.all())


@cache
def _locatives() -> re.Pattern[str]:
    return alternation(rules().locatives.all())


@cache
def _strong_locatives() -> re.Pattern[str]:
    """Locatives that say where the business is even after a market word ("وكالة سفر في جدة")."""
    return alternation(rules().strong_locatives.all())


def _weak(key: str) -> WeakName | None:
    for w in rules().weak_names:
        if fold(w.name) == key:
            return w
    return None


def _ambiguous(key: str) -> Ambiguous | None:
    for a in rules().ambiguous:
        if fold(a.name) == key:
            return a
    return None


def find_places(text: BriefText, kb: KnowledgeBase) -> list[Place]:
    """Every known place in ``text``, in order, each marked as the business's place or a market."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, _Name, str]] = []
    for pattern, name in _gazetteer(kb):
        for m in pattern.finditer(text.folded):
            s, e = m.start(), m.end()
            if any(s < b and a < e for a, b in taken):
                continue
            taken.append((s, e))
            found.append((s, e, name, m.group("pre")))
    found.sort(key=lambda f: f[0])
    out: list[Place] = []
    for s, e, name, pre in found:
        body_start = s + len(pre)
        before = _words_before(text, s, 3)
        direct = _words_before(text, s, 1)
        weak = _weak(name.key)
        if weak is not None and not (pre.endswith("ب") or _locatives().fullmatch(direct or "-")):
            continue
        located = pre.endswith("ب") or bool(_strong_locatives().fullmatch(direct or "-"))
        market = not located and (
            bool(_markets().search(before)) or any(pre.endswith(p) for p in rules().destination_prefixes)
        )
        country, city, confidence = name.country, name.city, 0.9 if weak is None else 0.6
        amb = _ambiguous(name.key)
        if amb is not None:
            reading, confidence = _read(amb, text, body_start, e)
            country, city = reading.country, reading.city
        if weak is not None and weak.country and country != weak.country:
            continue
        out.append(Place(country, city, s, e, confidence, market))
    return _drop_weak_conflicts(out)


def _read(amb: Ambiguous, text: BriefText, start: int, end: int) -> tuple[Reading, float]:
    written = text.span(start, end).text
    for reading in amb.readings:
        if any(sp in written for sp in reading.spellings):
            return reading, 0.9
    folded = text.folded
    scores = []
    for reading in amb.readings:
        hits = sum(1 for h in reading.hints if re.search(r"(?<!\w)" + re.escape(fold(h)), folded))
        scores.append(hits)
    best = max(range(len(scores)), key=lambda i: scores[i])
    if scores[best] == 0 or scores.count(scores[best]) > 1:
        return amb.readings[0], 0.4
    return amb.readings[best], 0.75


def _drop_weak_conflicts(places: list[Place]) -> list[Place]:
    """A weak or uncertain reading in another country than a sure mention is dropped."""
    sure = {p.country for p in places if p.confidence >= 0.75 and not p.market}
    if not sure:
        return places
    return [p for p in places if p.confidence >= 0.75 or p.country in sure]
