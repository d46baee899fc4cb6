"""Memory for the planner's pure computations that a what-if does not change.

A plan re-plans once per profile change (the what-ifs); most changes leave the market, the figures'
draws and the unit economics as they were. ``FactMemo`` remembers such a computation's result per
knowledge base, keyed by the facts it actually read: a call whose facts agree on every fact an earlier
call read gets that call's result, since the same inputs take the same path to the same numbers. What a
computation reads is recorded as it runs, so a fact read tomorrow is keyed tomorrow without a list to keep.

Results belong to one knowledge base object: an agency's edited knowledge base, a copy with rules switched
off or a reloaded one never sees another's. Memories are bounded (``MAX_KBS`` knowledge bases, ``maxsize``
results each) and end with their knowledge base. ``caching(False)`` switches them off (the benchmark
compares both ways), ``clear_caches()`` forgets everything.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from mizaan.knowledge import KnowledgeBase
from mizaan.plan.facts import Facts

R = TypeVar("R")

MAX_KBS = 4  # knowledge bases remembered at once (the least recently used is forgotten)
_ALL = ("*",)  # the read set of a computation that looked at every fact

_enabled = True
_memos: list[FactMemo[Any]] = []


class _Reading(dict[str, Any]):
    """The facts, recording which ones are read (any look at the whole records every fact)."""

    def __init__(self, facts: Facts):
        super().__init__(facts)
        self.read: dict[str, None] = {}
        self.all = False

    def __getitem__(self, key: str) -> Any:
        self.read[key] = None
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.read[key] = None
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.read[key] = None
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self.all = True
        return super().__iter__()

    def keys(self) -> Any:
        self.all = True
        return super().keys()

    def values(self) -> Any:
        self.all = True
        return super().values()

    def items(self) -> Any:
        self.all = True
        return super().items()

    def __len__(self) -> int:
        self.all = True
        return super().__len__()


def _value_key(facts: Facts, names: tuple[str, ...]) -> tuple[object, ...] | None:
    """The values of ``names`` in ``facts`` as a key (with their types: 1, 1.0 and True differ), or
    ``None`` when one cannot be a key."""
    if names == _ALL:
        names = tuple(sorted(facts))
        key: list[object] = [names]
    else:
        key = []
    for name in names:
        value = facts.get(name, _Missing)
        if isinstance(value, list):
            value = tuple(value)
        try:
            hash(value)
        except TypeError:
            return None
        key.append((type(value), value))
    return tuple(key)


class _Missing:
    """A fact that is not there (distinct from a fact whose value is ``None``)."""


class _KbMemory:
    """One knowledge base's remembered results of one computation."""

    def __init__(self) -> None:
        self.reads: dict[tuple[str, ...], None] = {}  # the read sets seen, in first-seen order
        self.results: OrderedDict[tuple[tuple[str, ...], tuple[object, ...]], Any] = OrderedDict()


class FactMemo(Generic[R]):
    """``compute(kb, facts)`` remembered per knowledge base by the facts it reads; ``compute`` must be a
    pure function of the knowledge base and those facts, and callers must not change what it returns."""

    def __init__(self, compute: Callable[[KnowledgeBase, Facts], R], maxsize: int = 64):
        self.compute = compute
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self._kbs: OrderedDict[int, tuple[weakref.ref[KnowledgeBase], _KbMemory]] = OrderedDict()
        self._lock = threading.RLock()
        _memos.append(self)

    def __call__(self, kb: KnowledgeBase, facts: Facts) -> R:
        if not _enabled:
            return self.compute(kb, facts)
        with self._lock:  # the web app plans in several threads: look-ups and stores one at a time
            memory = self._memory(kb)
            for names in memory.reads:
                values = _value_key(facts, names)
                if values is not None and (names, values) in memory.results:
                    memory.results.move_to_end((names, values))
                    self.hits += 1
                    found: R = memory.results[(names, values)]
                    return found
            self.misses += 1
        reading = _Reading(facts)
        result = self.compute(kb, reading)
        names = _ALL if reading.all else tuple(sorted(reading.read))
        values = _value_key(facts, names)
        if values is not None:
            with self._lock:
                memory.reads[names] = None
                memory.results[(names, values)] = result
                while len(memory.results) > self.maxsize:
                    memory.results.popitem(last=False)
        return result

    def size(self, kb: KnowledgeBase) -> int:
        """How many results are remembered for ``kb``."""
        entry = self._kbs.get(id(kb))
        return len(entry[1].results) if entry is not None and entry[0]() is kb else 0

    def knowledge_bases(self) -> int:
        return len(self._kbs)

    def clear(self) -> None:
        with self._lock:
            self._kbs.clear()
            self.hits = self.misses = 0

    def _memory(self, kb: KnowledgeBase) -> _KbMemory:
        key = id(kb)
        entry = self._kbs.get(key)
        if entry is not None and entry[0]() is kb:
            self._kbs.move_to_end(key)
            return entry[1]
        memory = _KbMemory()
        kbs = self._kbs

        def forget(_: weakref.ref[KnowledgeBase], key: int = key) -> None:
            with self._lock:
                current = kbs.get(key)
                if current is not None and current[1] is memory:
                    del kbs[key]

        self._kbs[key] = (weakref.ref(kb, forget), memory)
        while len(self._kbs) > MAX_KBS:
            self._kbs.popitem(last=False)
        return memory


def clear_caches() -> None:
    """Forget every remembered result."""
    for memo in _memos:
        memo.clear()


def caching_enabled() -> bool:
    return _enabled


@contextmanager
def caching(enabled: bool) -> Iterator[None]:
    """Run a block with the planner's memories switched on or off (results are the same either way)."""
    global _enabled
    before = _enabled
    _enabled = enabled
    try:
        yield
    finally:
        _enabled = before
