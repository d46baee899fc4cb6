"""Fixtures for the importers: a small simulated world (made once per session) and a helper that writes
fixture files the tests make themselves."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mizaan.ingest import ImportOptions, ImportReport, import_paths
from mizaan.simulate import simulate


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    simulate(out, seed=7, touchpoints=8000)
    return out


@pytest.fixture(scope="session")
def truth(world: Path) -> dict[str, Any]:
    return json.loads((world / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return make


@pytest.fixture
def run_import(tmp_path: Path) -> Callable[..., ImportReport]:
    def go(*paths: Path, store: Path | None = None, **options: Any) -> ImportReport:
        return import_paths(list(paths), store or tmp_path / "store.duckdb", ImportOptions(**options))

    return go
