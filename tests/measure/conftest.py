"""One local Spark session (local[2]) for the whole test run (starting one takes seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mizaan.measure import SparkEngine


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkEngine]:
    engine = SparkEngine.local(cores=2)  # local[2]: the parity of issue 15 runs on two cores
    yield engine
    engine.session.stop()
