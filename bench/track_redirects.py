"""Durable redirects per second of ``mizaan track serve``, beside nginx's bare ``return 302`` as the ceiling.

Both servers are loaded by the same generator (wrk, keep-alive connections, the same Lua script clicking
through the same links with varied user agents) on this machine, one after the other, for a few seconds
each. Ours stores every click (SQLite in WAL mode, synchronous=FULL, group commit) before answering; nginx
stores nothing. After our runs the store is counted: every 302 wrk received must be a stored click.

    PYTHONPATH=src .venv/bin/python bench/track_redirects.py [--seconds 3] [--connections 32,128]

Goal (issue 17): at least 25,000 durable redirects/s with p99 at most 10 ms, with keep-alive on 2 cores.
The machine is shared: the figures move with what else runs; the ratio to nginx in the same run is the
steadier number. Says clearly when nginx or wrk is missing (make install adds both).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DESTINATION = "https://shop.example/offer?utm_source=instagram&utm_medium=influencer&utm_campaign=bench"
LINKS = 50
GOAL_RPS, GOAL_P99_MS = 25_000, 10.0

LUA = """
local ids = {%s}
local agents = {
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
  "Instagram 309.0.0.40.113 (iPhone14,2; iOS 17_1; ar_SA) AppleWebKit/420+",
  "WhatsApp/2.23.20.0 A",
}
local n = 0
request = function()
  n = n + 1
  local headers = {}
  headers["User-Agent"] = agents[(n %% #agents) + 1]
  headers["Accept-Language"] = "ar-SA,ar;q=0.9,en;q=0.8"
  return wrk.format("GET", "/" .. ids[(n %% #ids) + 1], headers)
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"no server on port {port}")


def make_store(folder: Path) -> tuple[Path, list[str]]:
    from mizaan.track import PlanLine, PlanLinks, create_links, open_store

    lines = [
        PlanLine(
            channel="influencer_micro",
            line="influencer_micro:instagram",
            creator=f"micro-{i:02d}",
            url=f"{DESTINATION}&utm_content=micro-{i:02d}",
            utm_source="instagram",
            utm_medium="influencer",
            utm_campaign="bench",
            utm_content=f"micro-{i:02d}",
            promo_code=None,
        )
        for i in range(LINKS)
    ]
    db = folder / "bench.db"
    with open_store(db) as store:
        made = create_links(store, PlanLinks(plan_id="bench", landing_is_placeholder=False, lines=lines))
    return db, [m.link.link_id for m in made]


def wrk(port: int, script: Path, seconds: int, connections: int, pid: int | None = None) -> dict[str, float]:
    cpu0 = cpu_seconds(pid) if pid else 0.0
    out = subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency", "-s", str(script),
         f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, timeout=seconds + 60, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)

    def ms(p: str) -> float:
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    cpu = cpu_seconds(pid) - cpu0 if pid else float("nan")
    return {
        "rps": rps, "p50": ms("50"), "p99": ms("99"), "requests": total, "cpu_us": cpu / max(total, 1) * 1e6,
        "bad": int(bad.group(1)) if bad else 0, "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }  # fmt: skip


def nginx_server(folder: Path, port: int) -> subprocess.Popen[bytes]:
    prefix = folder / "nginx"
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{port};
    location / {{ add_header Cache-Control "private, max-age=0" always; return 302 {DESTINATION}; }}
  }}
}}
""",
        encoding="utf-8",
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf)], stderr=subprocess.DEVNULL)
    wait_port(port)
    return proc


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time so far of a process and its children (nginx's worker), all threads: the
    cost of the work, whatever else the shared machine runs."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def ours(db: Path, port: int, server: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-c", "from mizaan.cli.main import app; app()", "track", "serve", "--db", str(db),
           "--port", str(port), "--lang", "en", "--server", server]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
    wait_port(port)
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def measure(
    label: str, start: Callable[[int], subprocess.Popen[bytes]], script: Path, seconds: int, c: int
) -> dict[str, Any]:
    port = free_port()
    proc = start(port)
    try:
        wrk(port, script, 1, c)  # warm-up
        figures: dict[str, Any] = dict(wrk(port, script, seconds, c, proc.pid))
    finally:
        stop(proc)
    figures["label"] = label
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", default="32,128")
    parser.add_argument("--servers", default="lean,uvicorn", help="which of ours to run (lean, uvicorn)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (make install adds it; Debian: apt-get install wrk): no figures")
    has_nginx = shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()
    print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.1f} (a shared machine: other work "
          "takes CPU; 'cpu us' is each server's own CPU time per answered request, unmoved by it)")  # fmt: skip
    if not has_nginx:
        print("nginx is NOT installed (make install adds nginx-light): no ceiling to compare with")
    rows: list[tuple[int, list[dict[str, Any]]]] = []
    with tempfile.TemporaryDirectory(prefix="mizaan-bench-") as tmp:
        folder = Path(tmp)
        db, ids = make_store(folder)
        script = folder / "clicks.lua"
        script.write_text(LUA % ", ".join(f'"{i}"' for i in ids), encoding="utf-8")
        for c in (int(x) for x in args.connections.split(",")):
            runs = [
                measure(f"mizaan {server} (durable)", lambda port, s=server: ours(db, port, s), script, args.seconds, c)
                for server in args.servers.split(",")
            ]
            if has_nginx:
                runs.append(
                    measure("nginx return 302", lambda port: nginx_server(folder, port), script, args.seconds, c)
                )
            rows.append((c, runs))
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT COUNT(*), COUNT(DISTINCT click_id) FROM clicks").fetchone()
            bots = conn.execute("SELECT COUNT(*) FROM clicks WHERE is_bot = 1").fetchone()[0]
    answered = sum(int(r["requests"]) for _, runs in rows for r in runs if r["label"].startswith("mizaan"))
    print(f"{'conns':>5} {'server':<28} {'redirects/s':>12} {'p50 ms':>8} {'p99 ms':>8} {'cpu us':>7} "
          f"{'non-3xx':>8} {'x nginx':>8}")  # fmt: skip
    for c, runs in rows:
        ceiling = runs[-1] if has_nginx else None
        for r in runs:
            ratio = f"{r['rps'] / ceiling['rps']:.2f}" if ceiling else "n/a"
            print(f"{c:>5} {r['label']:<28} {r['rps']:>12,.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} {r['cpu_us']:>7.1f} "
                  f"{r['bad']:>8} {ratio:>8}")  # fmt: skip
    print(f"clicks stored: {stored[0]:,} ({stored[1]:,} distinct IDs, {bots:,} bots by user agent); "
          f"302s counted by wrk in the timed runs (warm-ups come on top): {answered:,}")  # fmt: skip
    ours_runs = [r for _, runs in rows for r in runs if r["label"].startswith("mizaan")]
    best = max(ours_runs, key=lambda r: r["rps"])
    met = best["rps"] >= GOAL_RPS and best["p99"] <= GOAL_P99_MS
    print(f"goal >= {GOAL_RPS:,}/s with p99 <= {GOAL_P99_MS} ms: {'MET' if met else 'NOT met'} "
          f"(best: {best['label']}, {best['rps']:,.0f}/s, p99 {best['p99']:.2f} ms; at {best['cpu_us']:.0f} us of CPU "
          f"a redirect, one whole core would serve about {1e6 / best['cpu_us']:,.0f}/s)")  # fmt: skip


if __name__ == "__main__":
    main()
