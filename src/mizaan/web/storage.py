"""Where the web app keeps what a workspace has: a data folder (``mizaan serve --data DIR``), one folder per
item under ``uploads/`` (measurement exports), ``vettings/`` (influencer vetting), ``plans/`` (a profile and
the plan made from it) and ``runs/`` (saved measurement runs: fits and tests), kept until a user deletes it.

An upload is received into ``.incoming-ID`` and renamed to ``ID`` only once it was read whole (the rename is
atomic), so a refused or failed upload is never seen half-written and leaves nothing behind. Every process
serving the app (``--workers N``) sees the same folders, so any of them can show any upload.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ID = re.compile(r"^[A-Za-z0-9_-]{12,64}$")
KINDS = ("uploads", "vettings", "plans", "runs")
SUMMARY = "summary.json"


def default_data_dir() -> Path:
    """``$MIZAAN_DATA``, else the user's data folder (``$XDG_DATA_HOME/mizaan``, ``~/.local/share/mizaan``)."""
    if os.environ.get("MIZAAN_DATA"):
        return Path(os.environ["MIZAAN_DATA"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mizaan"


@dataclass(frozen=True)
class Stored:
    """A kept upload: its folder and what was recorded when it was read (``summary.json``)."""

    id: str
    folder: Path
    summary: dict[str, Any]

    def path(self, name: str) -> Path:
        return self.folder / name


class DataDir:
    """The app's data folder: kept uploads by kind, created on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _kind(self, kind: str) -> Path:
        if kind not in KINDS:
            raise ValueError(kind)
        folder = self.root / kind
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder

    @contextmanager
    def incoming(self, kind: str) -> Iterator[tuple[str, Path]]:
        """A new upload's ID and its private folder while it is being received; the caller ``commit``s it.
        The folder is removed if the block raises or does not commit."""
        new_id = secrets.token_urlsafe(18)
        folder = self._kind(kind) / f".incoming-{new_id}"
        folder.mkdir(mode=0o700)
        try:
            yield new_id, folder
        finally:
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)

    def commit(self, kind: str, new_id: str, folder: Path, summary: dict[str, Any]) -> Stored:
        (folder / SUMMARY).write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
        final = self._kind(kind) / new_id
        folder.rename(final)
        return Stored(new_id, final, summary)

    def keep(self, kind: str, item_id: str, summary: dict[str, Any], files: dict[str, bytes]) -> Stored:
        """Keep an item made here (not uploaded) under ``item_id``, replacing one kept under that ID: written
        whole into a hidden folder first, then renamed into place, so no page sees it half-written."""
        if not ID.match(item_id):
            raise ValueError(item_id)
        folder = self._kind(kind) / f".incoming-{secrets.token_urlsafe(12)}"
        folder.mkdir(mode=0o700)
        try:
            for name, body in files.items():
                (folder / name).write_bytes(body)
            self.delete(kind, item_id)
            return self.commit(kind, item_id, folder, summary)
        finally:
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)

    def find(self, kind: str, upload_id: str | None) -> Stored | None:
        if not upload_id or not ID.match(upload_id):
            return None
        folder = self._kind(kind) / upload_id
        try:
            summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return Stored(upload_id, folder, summary)

    def list(self, kind: str) -> list[Stored]:
        """Kept uploads, newest first."""
        found = []
        for folder in self._kind(kind).iterdir():
            if folder.name.startswith(".") or not folder.is_dir():
                continue
            stored = self.find(kind, folder.name)
            if stored is not None:
                found.append(stored)
        return sorted(found, key=lambda s: str(s.summary.get("at", "")), reverse=True)

    def delete(self, kind: str, upload_id: str) -> bool:
        """Remove a kept upload from disk; False when there is none by that ID."""
        stored = self.find(kind, upload_id)
        if stored is None:
            return False
        doomed = stored.folder.with_name(f".deleting-{upload_id}-{secrets.token_hex(4)}")
        try:
            stored.folder.rename(doomed)  # gone from every page at once, then from the disk
        except FileNotFoundError:  # another request deleted it first
            return False
        shutil.rmtree(doomed)
        return True


def data_for(request: Any) -> DataDir:
    """The data folder of the request's workspace: its own folder in accounts mode, else the app's."""
    data: DataDir = request.app.state.data
    workspace: str | None = getattr(request.state, "workspace", None)
    return DataDir(data.root / "workspaces" / workspace) if workspace else data


__all__ = ["DataDir", "Stored", "data_for", "default_data_dir"]
