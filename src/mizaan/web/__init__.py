"""The web app: brief or form -> plan page (charts, tables, reasons) -> comparison and downloads.

Server-rendered pages (FastAPI + Jinja), Arabic first (right-to-left) with English one click away, a bundled
Arabic font, and no request to any other host. ``create_app()`` builds the ASGI app; ``mizaan serve`` runs it
(``ServeConfig``, ``build``)."""

from mizaan.web.accounts import ROLES, AccountError, Accounts
from mizaan.web.app import create_app
from mizaan.web.projects import (
    against_day_one,
    day_one,
    fits,
    keep_fit,
    keep_profile,
    keep_test,
    kept_fit,
    project_store,
    record_import,
    tests,
)
from mizaan.web.security import Guard, is_loopback
from mizaan.web.serving import ENV, ServeConfig, accounts_of, build
from mizaan.web.storage import DataDir, default_data_dir

__all__ = [
    "ENV",
    "ROLES",
    "AccountError",
    "Accounts",
    "DataDir",
    "Guard",
    "ServeConfig",
    "accounts_of",
    "against_day_one",
    "build",
    "create_app",
    "day_one",
    "default_data_dir",
    "fits",
    "is_loopback",
    "keep_fit",
    "keep_profile",
    "keep_test",
    "kept_fit",
    "project_store",
    "record_import",
    "tests",
]
