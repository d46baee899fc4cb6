"""The web app: brief or form -> plan page (charts, tables, reasons) -> comparison and downloads.

Server-rendered pages (FastAPI + Jinja), Arabic first (right-to-left) with English one click away, a bundled
Arabic font, and no request to any other host. ``create_app()`` builds the ASGI app; ``mizaan serve`` runs it
(``ServeConfig``, ``build``)."""

from mizaan.web.accounts import ROLES, AccountError, Accounts
from mizaan.web.app import create_app
from mizaan.web.security import Guard, is_loopback
from mizaan.web.serving import ENV, ServeConfig, accounts_of, build
from mizaan.web.storage import default_data_dir

__all__ = [
    "ENV",
    "ROLES",
    "AccountError",
    "Accounts",
    "Guard",
    "ServeConfig",
    "accounts_of",
    "build",
    "create_app",
    "default_data_dir",
    "is_loopback",
]
