"""QR codes of the short links, for print and packaging: a PNG and an SVG per link (``segno``)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import segno


def write_qr(url: str, folder: Path, name: str) -> tuple[Path, Path]:
    """``name.png`` and ``name.svg`` in ``folder`` encoding ``url`` (error correction M, a 4-module quiet
    zone); each file is written whole or not at all (a temporary file renamed)."""
    folder.mkdir(parents=True, exist_ok=True)
    code = segno.make(url, error="m", micro=False)
    paths = (folder / f"{name}.png", folder / f"{name}.svg")
    for path, kind in zip(paths, ("png", "svg"), strict=True):
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=f".{kind}")
        os.close(fd)
        try:
            if kind == "png":
                code.save(tmp, kind="png", scale=10, border=4)
            else:
                code.save(tmp, kind="svg", scale=10, border=4, xmldecl=False, title=url)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return paths
