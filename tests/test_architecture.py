"""The structure docs/architecture.md draws, checked against the code's own imports.

Packages sit in layers and import only from lower layers; a package is used through its public names
(its ``__init__``), never by reaching into another package's modules; and no package spells channel IDs
or profile field names that belong in the registry and the profile's declaration. (That the planning core
imports no language or formatting code is tests/plan/test_present.py's check.)
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "mizaan"

# Lower layers first; imports run downwards only. Within the bottom layer errors may read i18n's catalogue.
LAYERS: list[set[str]] = [
    {"version", "i18n", "errors", "validation"},
    {"knowledge"},
    {"profile", "ingest"},
    {"plan", "brief", "measure", "lift"},
    {"influencers", "simulate", "present"},
    {"report", "track"},
    {"web"},
    {"cli"},
]
LAYER = {pkg: i for i, layer in enumerate(LAYERS) for pkg in layer}


def _package(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


def _imports() -> list[tuple[str, str, str]]:
    """(importing module path, importing package, imported module) for every absolute mizaan import."""
    out = []
    for path in SRC.rglob("*.py"):
        me = _package(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            out.extend((str(path.relative_to(SRC)), me, n) for n in names if n.startswith("mizaan."))
    return out


IMPORTS = _imports()


def test_every_package_has_a_layer() -> None:
    packages = {_package(p) for p in SRC.rglob("*.py")} - {"__init__", "__main__"}
    assert packages <= set(LAYER), f"place {sorted(packages - set(LAYER))} in LAYERS and docs/architecture.md"


def test_imports_run_down_the_layers_only() -> None:
    upward = [
        (where, target)
        for where, me, target in IMPORTS
        if me in LAYER and (pkg := target.split(".")[1]) != me and LAYER[pkg] >= LAYER[me] and pkg in LAYER
    ]
    # same-layer imports are allowed only between the foundations (errors reads i18n's catalogue)
    upward = [(w, t) for w, t in upward if not (LAYER[_pkg(t)] == 0 and LAYER[_package(SRC / w)] == 0)]
    assert upward == []


def _pkg(module: str) -> str:
    return module.split(".")[1]


def test_no_import_cycles_between_packages() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for _, me, target in IMPORTS:
        if _pkg(target) != me:
            graph[me].add(_pkg(target))
    seen: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> None:
        assert node not in path, f"cycle: {' -> '.join([*path[path.index(node) :], node])}"
        if node in seen:
            return
        path.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        path.pop()
        seen.add(node)

    for node in sorted(graph):
        visit(node)


def test_packages_are_used_through_their_public_names() -> None:
    deep = [(w, t) for w, me, t in IMPORTS if _pkg(t) != me and t.count(".") >= 2]
    assert deep == []


@pytest.mark.parametrize(
    "word", ["retargeting", "search_ads", "social_ads", "influencer_micro", "has_landing_page", "decision_speed"]
)
def test_channel_ids_and_profile_fields_are_spelled_in_few_modules(word: str) -> None:
    spelled = [p for p in SRC.rglob("*.py") if re.search(rf"[\"']{word}[\"']", p.read_text(encoding="utf-8"))]
    assert len(spelled) <= 3, [str(p.relative_to(SRC)) for p in spelled]
