"""One long-lived headless Chromium that prints every PDF the web app makes: a small pool of pages and a
queue (a PDF waits for a free page instead of starting its own browser, which took about 2.8 s and half a
gigabyte each).

The browser runs under Playwright on its own thread with its own event loop, started on the first PDF and
restarted if it dies; any thread asks for a PDF with ``print(html)``. Pages only ever open local files: any
other request is refused.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from mizaan.report import CHROMIUM_FLAGS, PdfError, chromium

PAGES = 2
TIMEOUT_S = 120
LAUNCH_ARGS = [
    *(f for f in CHROMIUM_FLAGS if f != "--headless"),
    "--allow-file-access-from-files",  # the bundled fonts are local files beside the page
]


class PdfPool:
    """A running Chromium with ``pages`` pages; ``print(html)`` returns the PDF of an HTML page."""

    def __init__(self, pages: int = PAGES) -> None:
        self.pages = pages
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._playwright: Any = None
        self._browser: Any = None
        self._free: asyncio.Queue[Any] | None = None

    @property
    def started(self) -> bool:
        return self._browser is not None

    def _ensure(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=loop.run_forever, name="mizaan-pdf", daemon=True)
                self._thread.start()
                self._loop = loop
            loop = self._loop
            if self._browser is None or not self._browser.is_connected():
                asyncio.run_coroutine_threadsafe(self._launch(), loop).result(timeout=TIMEOUT_S)
        return loop

    async def _launch(self) -> None:
        from playwright.async_api import async_playwright

        if self._playwright is None:
            self._playwright = await async_playwright().start()
        args = list(LAUNCH_ARGS)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
        self._browser = await self._playwright.chromium.launch(executable_path=chromium(), args=args)
        self._free = asyncio.Queue()
        for _ in range(self.pages):
            await self._free.put(await self._new_page())

    async def _new_page(self) -> Any:
        context = await self._browser.new_context()
        page = await context.new_page()

        async def local_only(route: Any) -> None:
            if route.request.url.startswith(("file:", "data:")):
                await route.continue_()
            else:
                await route.abort()

        await page.route("**/*", local_only)
        return page

    async def _print(self, html: str) -> bytes:
        assert self._free is not None
        page = await self._free.get()  # the queue: wait for a free page
        try:
            with tempfile.TemporaryDirectory(prefix="mizaan-pdf-") as tmp:
                path = Path(tmp) / "plan.html"
                path.write_text(html, encoding="utf-8")
                await page.goto(path.as_uri(), wait_until="load")
                await page.evaluate("document.fonts.ready.then(() => true)")
                data: bytes = await page.pdf(print_background=True, prefer_css_page_size=True)
                await page.goto("about:blank")
                return data
        except Exception:
            await page.context.close()
            page = await self._new_page() if self._browser.is_connected() else page
            raise
        finally:
            await self._free.put(page)

    def print(self, html: str) -> bytes:
        """The PDF of ``html`` (blocks the calling thread; the web app calls it from its worker pool)."""
        loop = self._ensure()
        try:
            return asyncio.run_coroutine_threadsafe(self._print(html), loop).result(timeout=TIMEOUT_S)
        except PdfError:
            raise
        except Exception as exc:
            raise PdfError("pdf.failed", detail=type(exc).__name__) from None

    def close(self) -> None:
        """Stop the browser and its thread (the app's shutdown)."""
        with self._lock:
            loop = self._loop
            if loop is None:
                return

            async def stop() -> None:
                if self._browser is not None:
                    await self._browser.close()
                if self._playwright is not None:
                    await self._playwright.stop()

            try:
                asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=30)
            finally:
                loop.call_soon_threadsafe(loop.stop)
                if self._thread is not None:
                    self._thread.join(timeout=10)
                if not loop.is_running():
                    loop.close()
                self._loop, self._browser, self._playwright, self._free = None, None, None, None


__all__ = ["PdfPool"]
