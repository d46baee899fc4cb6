"""One local Spark session for the whole test run (starting one takes seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mizaan.measure import SparkEngine


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkEngine]:
    engine = SparkEngine.local(cores=1)
    yield engine
    engine.session.stop()
