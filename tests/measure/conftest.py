"""One local Spark session (local[2]) for the whole test run (starting one takes seconds), and one simulated
world in a store for the tests that compare Spark with DuckDB on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mizaan.measure import SparkEngine


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkEngine]:
    engine = SparkEngine.local(cores=2)  # local[2]: the parity of issue 15 runs on two cores
    yield engine
    engine.session.stop()


@pytest.fixture(scope="session")
def world_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated world imported into a store, shared by the tests that run Spark beside DuckDB on it."""
    from mizaan.ingest import import_paths
    from mizaan.simulate import simulate

    out = tmp_path_factory.mktemp("world")
    simulate(out, seed=11, touchpoints=6000)
    store = out / "store.duckdb"
    import_paths([out / "exports"], store, wait=0)
    return store
