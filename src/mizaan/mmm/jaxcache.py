"""JAX's persistent compilation cache: the model's compiled functions kept on disk between runs.

JAX compiles the model's functions for each new shape of data (15-40 s on a loaded CPU), and by default
forgets them when the process ends. With the cache on, a second run on data of the same shape (the same
file refitted, a re-plan tomorrow, a test suite run twice) reads the compiled code back instead.

The folder is ``$MIZAAN_JAX_CACHE`` when set (``off`` turns the cache off), else
``$XDG_CACHE_HOME/mizaan/jax``, else ``~/.cache/mizaan/jax``. Deleting it is always safe.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ENV = "MIZAAN_JAX_CACHE"
OFF = ("off", "0", "false", "no", "none")
_state: dict[str, Path | None] = {}


def cache_dir() -> Path | None:
    """The folder the compiled functions go in, or None when the cache is off."""
    value = os.environ.get(ENV, "").strip()
    if value.casefold() in OFF:
        return None
    if value:
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mizaan" / "jax"


def enable_compilation_cache() -> Path | None:
    """Point JAX's persistent cache at :func:`cache_dir` (once a process, before the first compilation);
    every compilation is kept, however quick. Returns the folder, or None when the cache is off or the
    folder cannot be made (then JAX compiles as usual: a cache is never a reason to fail a fit)."""
    if "dir" in _state:
        return _state["dir"]
    import jax

    folder = cache_dir()
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            folder = None
    if folder is not None:
        config: Any = jax.config  # its update() is untyped
        config.update("jax_compilation_cache_dir", str(folder))
        config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
        config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    _state["dir"] = folder
    return folder
