"""The web app: brief or form -> plan page (charts, tables, reasons) -> comparison and downloads.

Server-rendered pages (FastAPI + Jinja), Arabic first (right-to-left) with English one click away, a bundled
Arabic font, and no request to any other host. ``create_app()`` builds the ASGI app; ``mizaan serve`` runs it
(``ServeConfig``, ``build``)."""

from mizaan.web.app import create_app
from mizaan.web.security import Guard, is_loopback
from mizaan.web.serving import ENV, ServeConfig, build
from mizaan.web.storage import default_data_dir

__all__ = ["ENV", "Guard", "ServeConfig", "build", "create_app", "default_data_dir", "is_loopback"]
