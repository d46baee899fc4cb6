"""Durable redirects per second of ``mizaan track serve``, beside nginx's bare ``return 302`` as the ceiling.

Both servers are loaded by the same generator (wrk, keep-alive connections, the same Lua script clicking
through the same links with varied user agents) on this machine, one after the other, for a few seconds
each. Ours stores every click (SQLite in WAL mode, synchronous=FULL, group commit) before answering; nginx
stores nothing. After our runs the store is counted: every 302 wrk received must be a stored click.

    PYTHONPATH=src .venv/bin/python bench/track_redirects.py [--seconds 3] [--connections 32,128]
        [--servers nowrite:2,lean,lean:2,lean:2:each,uvicorn]

``lean:N`` is ``mizaan track serve --processes N`` (one writer process for all), ``lean:N:each`` the same
with ``--writers each`` (a writer in each server, taking turns on the file). ``nowrite:N`` is the same
lean server with a writer that stores nothing (it answers each click at once, on the same path a commit's
answer takes): the ceiling of our HTTP side alone, to tell what the store costs from what the server
costs. Before the runs the bench
times a group commit of the sizes it will see (an fsync of SQLite's WAL each): at ``c`` connections, each
waiting for its click's commit, no durable server can answer more than ``c / commit time`` a second.

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


NOWRITE = """
import asyncio, sys
from mizaan.track import RedirectApp, open_store
from mizaan.track.serving import serve_processes

class NoWrite:  # the bench's ceiling of the HTTP side: a writer that stores nothing
    def __init__(self, store, loop): self.loop = loop
    def submit(self, click, done): self.loop.call_soon(done, True)
    async def write(self, click): return True
    def health(self): return {"status": "ok", "stored": 0, "lost": 0, "batches": 0}
    def close(self): pass

db, port, processes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
serve_processes(lambda _: RedirectApp(open_store(db), writer_factory=NoWrite), "127.0.0.1", port, processes)
"""


def ours(db: Path, port: int, server: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    kind, n, writers = _spec(server)
    if kind == "nowrite":
        cmd = [sys.executable, "-c", NOWRITE, str(db), str(port), n]
    else:
        cmd = [sys.executable, "-c", "from mizaan.cli.main import app; app()", "track", "serve", "--db", str(db),
               "--port", str(port), "--lang", "en", "--server", kind, "--processes", n,
               "--writers", writers]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
    wait_port(port)
    return proc


def health(port: int) -> dict[str, Any]:
    import json
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return dict(json.loads(answer.read()))
    except OSError:
        return {}


def commit_ms(folder: Path, sizes: tuple[int, ...] = (1, 32, 128)) -> dict[int, float]:
    """The median time of one group commit of ``n`` clicks (insert and WAL fsync), in a copy of the
    bench's store, for each ``n``."""
    import statistics

    from mizaan.track import open_store

    db = folder / "commit.db"
    with open_store(db):
        pass
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA synchronous=FULL")
    out: dict[int, float] = {}
    for n in sizes:
        times = []
        for _ in range(40):
            rows = [(os.urandom(16).hex(), "bench", "2026-12-03T00:00:00+00:00", os.urandom(32).hex(), 0, None, 0,
                     None, None) for _ in range(n)]  # fmt: skip
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO clicks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            conn.execute("COMMIT")
            times.append(time.perf_counter() - start)
        out[n] = statistics.median(times) * 1000
    conn.close()
    return out


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _spec(server: str) -> tuple[str, str, str]:
    """``kind[:processes[:writers]]`` -> its three parts (1 process and one writer when not said)."""
    parts = server.split(":")
    return parts[0], parts[1] if len(parts) > 1 else "1", parts[2] if len(parts) > 2 else "one"


def _label(server: str) -> str:
    kind, n, writers = _spec(server)
    many = f" x{n}" if n != "1" else ""
    if kind == "nowrite":
        return f"mizaan {kind}{many} (no write)"
    return f"mizaan {kind}{many}{' each' if many and writers == 'each' else ''} (durable)"


def measure(
    label: str, start: Callable[[int], subprocess.Popen[bytes]], script: Path, seconds: int, c: int
) -> dict[str, Any]:
    port = free_port()
    proc = start(port)
    try:
        wrk(port, script, 1, c)  # warm-up
        figures: dict[str, Any] = dict(wrk(port, script, seconds, c, proc.pid))
        figures["health"] = health(port) if label.startswith("mizaan") else {}
    finally:
        stop(proc)
    figures["label"] = label
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", default="32,128")
    parser.add_argument("--servers", default="nowrite:2,lean,lean:2,lean:2:each,uvicorn",
                        help="which of ours: lean[:N[:each]], uvicorn, nowrite[:N] (N processes)")  # fmt: skip
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
        connections = [int(x) for x in args.connections.split(",")]
        commits = commit_ms(folder, tuple(sorted({1, *connections})))  # a batch of c clicks at c connections
        print("one group commit (insert + WAL fsync), median: " + ", ".join(
            f"{n} clicks {ms:.2f} ms" for n, ms in commits.items()))  # fmt: skip
        for c in connections:
            runs = [
                measure(_label(server), lambda port, s=server: ours(db, port, s), script, args.seconds, c)
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
    answered = sum(int(r["requests"]) for _, runs in rows for r in runs if "durable" in r["label"])
    print(f"{'conns':>5} {'server':<30} {'redirects/s':>12} {'p50 ms':>8} {'p99 ms':>8} {'cpu us':>7} "
          f"{'non-3xx':>8} {'x nginx':>8} {'batch':>6}")  # fmt: skip
    for c, runs in rows:
        ceiling = runs[-1] if has_nginx else None
        for r in runs:
            ratio = f"{r['rps'] / ceiling['rps']:.2f}" if ceiling else "n/a"
            h = r.get("health") or {}
            batch = f"{h['stored'] / h['batches']:.1f}" if h.get("batches") else "-"
            print(f"{c:>5} {r['label']:<30} {r['rps']:>12,.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} {r['cpu_us']:>7.1f} "
                  f"{r['bad']:>8} {ratio:>8} {batch:>6}")  # fmt: skip
        commit = commits[c]  # a batch of c clicks
        print(f"{c:>5} {'(durable ceiling: c / commit)':<30} {c / commit * 1000:>12,.0f}")
    print(f"clicks stored: {stored[0]:,} ({stored[1]:,} distinct IDs, {bots:,} bots by user agent); "
          f"302s counted by wrk in the timed runs (warm-ups come on top): {answered:,}")  # fmt: skip
    print("batch: the mean clicks per group commit of one server process (its /healthz), '-' when none")
    ours_runs = [r for _, runs in rows for r in runs if "durable" in r["label"]]
    best = max(ours_runs, key=lambda r: r["rps"])
    met = best["rps"] >= GOAL_RPS and best["p99"] <= GOAL_P99_MS
    print(f"goal >= {GOAL_RPS:,}/s with p99 <= {GOAL_P99_MS} ms: {'MET' if met else 'NOT met'} "
          f"(best: {best['label']}, {best['rps']:,.0f}/s, p99 {best['p99']:.2f} ms; at {best['cpu_us']:.0f} us of CPU "
          f"a redirect, one whole core would serve about {1e6 / best['cpu_us']:,.0f}/s)")  # fmt: skip


if __name__ == "__main__":
    main()
