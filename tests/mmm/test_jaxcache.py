"""JAX's persistent compilation cache: where it goes (``$MIZAAN_JAX_CACHE``, ``XDG_CACHE_HOME``, off), and a
second process fitting the same data reads compiled code back instead of compiling it again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mizaan.mmm import simulate_mmm
from mizaan.mmm.jaxcache import ENV, cache_dir

ROOT = Path(__file__).parents[2]

# one small MAP fit; prints how many compilations the cache answered and how many it could not
SCRIPT = """
import sys
import jax
from jax import monitoring

counts = {"/jax/compilation_cache/cache_hits": 0, "/jax/compilation_cache/cache_misses": 0}
def count(event, **_):
    if event in counts:
        counts[event] += 1

monitoring.register_event_listener(count)
from mizaan.knowledge import load_knowledge_base
from mizaan.mmm import Options, channel_priors, fit_mmm, read_table

table = read_table(sys.argv[1], date_col="date", target="sales", channels=["search", "social"], controls=["promo"])
priors = channel_priors(load_knowledge_base(), table.channels, list(table.spend.sum(axis=1)), float(table.y.sum()),
    mapping={"search": None, "social": None}, country=None, currency="USD", target_kind="revenue",
    business_type="ecommerce", period_days=7.0)
fit_mmm(table, priors, options=Options(method="map", chains=1, draws=50, shape_check=False))
print(counts["/jax/compilation_cache/cache_hits"], counts["/jax/compilation_cache/cache_misses"])
"""


def test_the_folder_is_the_variable_else_the_xdg_cache_else_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "jit"))
    assert cache_dir() == tmp_path / "jit"
    for off in ("off", "OFF", "0", "none"):
        monkeypatch.setenv(ENV, off)
        assert cache_dir() is None
    monkeypatch.delenv(ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "mizaan" / "jax"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == Path.home() / ".cache" / "mizaan" / "jax"


def _run(data: Path, env: dict[str, str]) -> tuple[int, int]:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data)], env=env, capture_output=True, text=True, check=True, timeout=600
    )
    hits, misses = out.stdout.split()[-2:]
    return int(hits), int(misses)


def test_a_second_process_reads_the_compiled_model_back(tmp_path: Path) -> None:
    data = tmp_path / "weekly.csv"
    simulate_mmm(1, weeks=40).write_csv(data)
    env = {**os.environ, ENV: str(tmp_path / "jit"), "PYTHONPATH": str(ROOT / "src")}
    first_hits, first_misses = _run(data, env)
    assert first_misses > 0 and first_hits == 0  # an empty cache: everything compiled, and kept
    assert any((tmp_path / "jit").iterdir())
    hits, misses = _run(data, env)
    assert hits >= first_misses and misses == 0  # everything the first run compiled is read back
    off = _run(data, {**env, ENV: "off"})
    assert off == (0, 0)  # with the cache off, JAX neither reads nor writes it
