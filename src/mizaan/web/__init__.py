"""The web app: brief or form -> plan page (charts, tables, reasons) -> comparison and downloads.

Server-rendered pages (FastAPI + Jinja), Arabic first (right-to-left) with English one click away, a bundled
Arabic font, and no request to any other host. ``create_app()`` builds the ASGI app; ``mizaan serve`` runs it."""

from mizaan.web.app import create_app

__all__ = ["create_app"]
