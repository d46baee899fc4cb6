"""Webhooks received per second over loopback with keep-alive, and their latency, for the tracking API's
receiver beside the least a durable receiver can do, in the same run.

    python bench/orders_webhooks.py                       # 4000 deliveries, 8 connections
    python bench/orders_webhooks.py --deliveries 20000 --connections 16

Each side runs as its own uvicorn process on 127.0.0.1 (one process, as ``mizaan track api`` runs):

- ``mizaan``: ``mizaan.track.api.create_api`` — Shopify's HMAC checked on the raw body, the order read,
  the event kept once and the order's conversion recomputed and matched to a link, one SQLite
  transaction (WAL, ``synchronous=FULL``) per delivery;
- ``floor``: a bare Starlette endpoint that checks the same HMAC and inserts the raw body's digest into
  SQLite with the same durability — what any receiver that acknowledges only what it has kept must do.
  There is no off-the-shelf webhook receiver to run here, so this floor is the ceiling to compare with.

The deliveries are Shopify ``orders/create`` bodies in Shopify's shape (about 1.5 KB), one order in ten
redelivered (same delivery ID) and one in ten followed by a partial refund. After the run the database
is checked: every order kept once, every refund counted, no redelivery stored twice. The issue sets no
goal for webhooks; the figures are printed with the floor's, and the ratio between them.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "shpss_" + "b7" * 16
WS = "bench"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def floor_app(db: str) -> object:
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    local = threading.local()

    def con() -> sqlite3.Connection:
        c = getattr(local, "c", None)
        if c is None:
            c = local.c = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
            c.execute("PRAGMA journal_mode=WAL")
            c.execute("PRAGMA synchronous=FULL")
            c.execute("CREATE TABLE IF NOT EXISTS seen (k TEXT PRIMARY KEY)")
        return c

    async def hook(request: Request) -> JSONResponse:
        body = await request.body()
        mac = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(mac, request.headers.get("x-shopify-hmac-sha256", "")):
            return JSONResponse({"error": "signature"}, status_code=401)
        digest = hashlib.sha256(body).hexdigest()
        await run_in_threadpool(lambda: con().execute("INSERT OR IGNORE INTO seen VALUES (?)", [digest]))
        return JSONResponse({"outcome": "stored"})

    return Starlette(routes=[Route("/hooks/shopify/{ws}", hook, methods=["POST"])])


def serve(kind: str, db: str, port: int) -> None:
    import uvicorn

    if kind == "mizaan":
        from mizaan.track.api import create_api
        from mizaan.track.orders import connect, set_secret
        from mizaan.track.orders.throttle import Rate

        set_secret(connect(db), WS, "shopify", SECRET)
        unlimited = Rate(1e9, 10**9)  # the capacity is measured, not the rate limits (50/s per shop by default)
        app = create_api(db, api_rate=unlimited, hook_rate=unlimited, address_rate=unlimited)
    else:
        app = floor_app(db)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]


def _order(n: int) -> bytes:
    return json.dumps(
        {
            "id": 5_000_000_000 + n, "name": f"#{1000 + n}", "order_number": 1000 + n,
            "created_at": "2026-03-02T13:05:00+03:00", "currency": "SAR", "total_price": f"{100 + n % 900}.50",
            "subtotal_price": f"{100 + n % 900}.50", "financial_status": "paid",
            "landing_site": "/products/coffee?utm_source=instagram&utm_medium=influencer&utm_campaign=spring"
                            f"&utm_content=c{n % 50}",
            "referring_site": "https://instagram.com/", "note_attributes": [{"name": "gift", "value": "no"}],
            "discount_codes": [{"code": f"CODE{n % 50}", "amount": "10.00", "type": "fixed_amount"}],
            "customer": {"id": 7_000_000 + n, "email": f"c{n}@example.com"},
            "line_items": [{"id": n, "title": "قهوة مختصة", "quantity": 1, "price": "100.00", "sku": f"SKU-{n}"}],
        }
    ).encode()  # fmt: skip


def _refund(n: int) -> bytes:
    return json.dumps(
        {"id": 9_000_000 + n, "order_id": 5_000_000_000 + n, "created_at": "2026-03-05T09:00:00+03:00",
         "transactions": [{"id": n, "kind": "refund", "status": "success", "amount": "20.00", "currency": "SAR"}]}
    ).encode()  # fmt: skip


def deliveries(count: int) -> list[tuple[str, str, bytes]]:
    """(topic, delivery ID, body) in the order they are sent."""
    out: list[tuple[str, str, bytes]] = []
    n = 0
    while len(out) < count:
        out.append(("orders/create", f"d-{n}", _order(n)))
        if n % 10 == 3:
            out.append(("orders/create", f"d-{n}", _order(n)))  # a redelivery
        if n % 10 == 7:
            out.append(("refunds/create", f"r-{n}", _refund(n)))
        n += 1
    return out[:count]


def drive(port: int, work: list[tuple[str, str, bytes]], connections: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    chunks = [work[i::connections] for i in range(connections)]

    def client(items: list[tuple[str, str, bytes]]) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        for topic, delivery, body in items:
            mac = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
            headers = {"Content-Type": "application/json", "X-Shopify-Topic": topic, "X-Shopify-Hmac-Sha256": mac,
                       "X-Shopify-Webhook-Id": delivery}  # fmt: skip
            t0 = time.perf_counter()
            try:
                conn.request("POST", f"/hooks/shopify/{WS}", body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                bad += resp.status != 200
            except OSError:
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(c,)) for c in chunks]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - start, latencies, errors


def _wait(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"the server on port {port} did not start")


def run(kind: str, count: int, connections: int) -> dict[str, float]:
    folder = tempfile.mkdtemp(prefix=f"bench-hooks-{kind}-")
    db = os.path.join(folder, "track.db")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, __file__, "--serve", kind, "--db", db, "--port", str(port)], env=env)
    try:
        _wait(port)
        work = deliveries(count)
        seconds, lat, errors = drive(port, work, connections)
    finally:
        proc.terminate()
        proc.wait(10)
    lat.sort()
    result = {
        "per_s": len(work) / seconds,
        "p50_ms": statistics.median(lat) * 1000,
        "p99_ms": lat[int(len(lat) * 0.99) - 1] * 1000,
        "errors": errors,
    }
    if kind == "mizaan":
        con = sqlite3.connect(db)
        orders = {d[2] for d in work if d[0] == "orders/create"}
        refunds = sum(1 for d in work if d[0] == "refunds/create")
        kept = con.execute("SELECT COUNT(*) FROM conversions").fetchone()[0]
        events = con.execute("SELECT kind, COUNT(*) FROM conversion_events GROUP BY kind").fetchall()
        result["consistent"] = float(kept == len(orders) and dict(events) == {"order": len(orders), "refund": refunds})
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--deliveries", type=int, default=4000)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--serve", choices=["mizaan", "floor"])
    ap.add_argument("--db")
    ap.add_argument("--port", type=int)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve, args.db, args.port)
        return
    print(f"{args.deliveries} Shopify deliveries, {args.connections} keep-alive connections, loopback; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")  # fmt: skip
    rows = {kind: run(kind, args.deliveries, args.connections) for kind in ("mizaan", "floor")}
    for kind, r in rows.items():
        extra = f"  store consistent: {'yes' if r.get('consistent') else 'NO'}" if "consistent" in r else ""
        print(f"{kind:7s} {r['per_s']:8.0f} webhooks/s  p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:6.2f} ms  "
              f"non-200: {int(r['errors'])}{extra}")  # fmt: skip
    print(f"mizaan / floor: {rows['mizaan']['per_s'] / rows['floor']['per_s']:.2f} of the floor's rate")


if __name__ == "__main__":
    main()
