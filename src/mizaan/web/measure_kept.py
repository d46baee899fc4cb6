"""The measurement uploads a workspace keeps, found and listed: the measurement page reads them and the
upload route writes them, so both import this and neither imports the other's routes back."""

from __future__ import annotations

from fastapi import Request

from mizaan.web.storage import DataDir, Stored, data_for

KIND = "uploads"


def data_dir(request: Request) -> DataDir:
    return data_for(request)


def find_upload(request: Request, upload_id: str | None) -> Stored | None:
    """The kept upload called ``upload_id``, if it is still kept."""
    return data_dir(request).find(KIND, upload_id)


def uploads(request: Request) -> list[Stored]:
    return data_dir(request).list(KIND)
