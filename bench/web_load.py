"""The web app under load on this machine: plan pages for concurrent users while an attacker uploads a
200 MB junk CSV (chunked, no Content-Length) and decompression bombs, with /health probed throughout.

    python bench/web_load.py                         # 20 users, 30 s, think time 3 s, 2 worker processes
    python bench/web_load.py --users 20 --seconds 60 --baseline none

For the current app (``mizaan serve --workers N`` in a subprocess, signed in with its start-up token) and,
in the same run, the previous implementation (git revision ``--baseline``, the commit before issue 16,
extracted with ``git archive``; one process, as it had no ``--workers``):

- each of ``--users`` users, in its own thread, fills the profile form with a budget of its own (a new plan,
  never a cached one), opens the plan page, reads it for ``--think`` seconds, and again until the time is up;
  the plan page's latency (form post → plan page shown) is recorded, p50/p95/max and plans per second;
  after every ``--what-if-every``-th plan it also opens what would change the plan (the plan page links it
  instead of computing it: every changed profile is planned again), timed on its own;
- a prober asks ``/health`` every 100 ms: p50/p99/max;
- the attacker sends, two seconds in, a 200 MB CSV of junk lines chunked without Content-Length, then a
  workbook whose sheet inflates to 1.2 million rows (a few hundred KB on the wire), then one that declares
  300 MB unpacked; each answer's status and time are printed.

No external peer serves this app; the comparison is with the project's own previous implementation. The
goals (issue 16): plan page p95 <= 2 s, /health p99 <= 200 ms while the uploads are refused. The machine
may be shared with other work: the figures are wall-clock, read them with the load average printed.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "20b986b"  # the last commit before issue 16
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
JUNK_MB = 200


@dataclass
class Session:
    """One browser: its cookies and CSRF token (none for the baseline, which had neither)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                timeout: float = 300) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            for k, v in r.getheaders():
                if k.lower() == "set-cookie":
                    name, _, rest = v.partition("=")
                    self.cookies[name] = rest.split(";")[0]
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            conn.close()

    def sign_in(self, token: str | None) -> None:
        if token:
            self.request("GET", f"/?token={token}")
        _, _, page = self.request("GET", "/?lang=ar")
        found = CSRF.search(page.decode("utf-8", "replace"))
        self.csrf = found.group(1) if found else ""


def start(src: Path, port: int, workers: int, data: Path, threads: int = 0) -> tuple[subprocess.Popen[str], str | None]:
    env = {**os.environ, "PYTHONPATH": str(src), "MIZAAN_DATA": str(data)}
    args = [sys.executable, "-u", "-c", "from mizaan.cli.main import app; app()", "serve", "--port", str(port)]
    if workers > 1:
        args += ["--workers", str(workers), "--data", str(data)]
    if threads:
        args += ["--threads", str(threads)]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    token = first.split("token=")[1].strip() if "token=" in first else None
    for _ in range(400):
        try:
            if Session(port).request("GET", "/health", timeout=2)[0] == 200:
                return proc, token
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not start: {first}")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


WHAT_IF_LINK = re.compile(r'<ul class="what-if-later"><li><a href="([^"#]+)')


def user(s: Session, n: int, deadline: float, think: float, out: list[float], every: int, later: list[float]) -> None:
    """Plans of its own, each read for ``think`` seconds; every ``every``-th one (0: none) it also opens what
    would change the plan (timed into ``later``), which the plan page links instead of computing."""
    i = 0
    while time.time() < deadline:
        i += 1
        amount = str(5000 + 37 * n + 1013 * i)  # a plan of its own, never a cached one
        form = {"business_type": "ecommerce", "goal": "sales", "budget.amount": amount, "budget.currency": "SAR",
                "location.country": "SA", "has_landing_page": "yes", "csrf": s.csrf}  # fmt: skip
        t0 = time.perf_counter()
        status, headers, _ = s.request("POST", "/form?lang=ar", urlencode(form).encode(),
                                       {"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        if status == 303:
            status, _, body = s.request("GET", headers["location"])
        if status == 200:
            out.append(time.perf_counter() - t0)
            link = WHAT_IF_LINK.search(body.decode("utf-8", "replace"))
            if every and link and (i + n) % every == 0:
                t0 = time.perf_counter()
                if s.request("GET", link.group(1).replace("&amp;", "&"))[0] == 200:
                    later.append(time.perf_counter() - t0)
        time.sleep(think)


def prober(port: int, stop: threading.Event, out: list[float]) -> None:
    s = Session(port)
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            s.request("GET", "/health", timeout=120)
            out.append(time.perf_counter() - t0)
        except OSError:
            out.append(120.0)
        time.sleep(0.1)


def _multipart_head(s: Session, name: str) -> bytes:
    csrf = f'--B\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{s.csrf}\r\n' if s.csrf else ""
    return (csrf + f'--B\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n\r\n').encode()


def junk_upload(s: Session) -> str:
    """200 MB of junk lines, chunked (no Content-Length), as fast as the server takes them."""
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=300)
    t0 = time.perf_counter()
    conn.putrequest("POST", "/measure/upload?lang=en", skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", f"127.0.0.1:{s.port}")
    conn.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in s.cookies.items()))
    conn.putheader("Content-Type", "multipart/form-data; boundary=B")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    line = b"junk,more junk and more junk and more junk and more junk and more junk,,,\n"
    chunk = line * ((1 << 20) // len(line))
    sent = 0
    try:
        for part in [_multipart_head(s, "junk.csv")]:
            conn.send(b"%x\r\n%s\r\n" % (len(part), part))
        while sent < JUNK_MB << 20:
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        tail = b"\r\n--B--\r\n"
        conn.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(tail), tail))
        r = conn.getresponse()
        status = outcome(r.status, r.read())
    except OSError as exc:  # the server answered and closed before taking all of it
        try:
            r = conn.getresponse()
            status = outcome(r.status, r.read())
        except Exception:
            status = f"connection closed by the server ({type(exc).__name__})"
    finally:
        conn.close()
    return f"junk CSV ({sent >> 20} of {JUNK_MB} MB sent): {status} in {time.perf_counter() - t0:.1f} s"


def outcome(status: int, page: bytes) -> str:
    """What the server did with an upload: refused (the page says why), imported, or something else."""
    if b'id="upload-error"' in page:
        found = re.search(rb'id="upload-error".*?<li>(.*?)</li>', page, re.S)
        return f"refused ({found.group(1).decode('utf-8', 'replace') if found else status})"
    if status == 303:
        return "accepted and imported"
    return f"HTTP {status}"


def workbook_bomb(rows: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        body = b"".join(b'<row r="%d"><c t="n"><v>1</v></c></row>' % i for i in range(1, rows + 1))
        zf.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + body + b"</sheetData></worksheet>")
    return out.getvalue()


def size_bomb(mb: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            block = b" " * (1 << 20)
            for _ in range(mb):
                fh.write(block)
    return out.getvalue()


def post_file(s: Session, name: str, data: bytes) -> str:
    body = _multipart_head(s, name) + data + b"\r\n--B--\r\n"
    t0 = time.perf_counter()
    headers = {"Content-Type": "multipart/form-data; boundary=B"}
    status, _, page = s.request("POST", "/measure/upload?lang=en", body, headers)
    return f"{name} ({len(data) >> 10} KB): {outcome(status, page)} in {time.perf_counter() - t0:.1f} s"


def run(label: str, src: Path, args: argparse.Namespace, bombs: list[tuple[str, bytes]]) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="mizaan-bench-") as tmp:
        port = 8700 + os.getpid() % 200 + (1 if label == "previous" else 0)
        current = label == "current"
        proc, token = start(src, port, args.workers if current else 1, Path(tmp), args.threads if current else 0)
        try:
            sessions = [Session(port) for _ in range(args.users + 1)]
            for s in sessions:
                s.sign_in(token)
            plans: list[float] = []
            later: list[float] = []
            health: list[float] = []
            stop = threading.Event()
            deadline = time.time() + args.seconds
            threads = [threading.Thread(target=prober, args=(port, stop, health))]
            threads += [threading.Thread(target=user, args=(s, n, deadline, args.think, plans, args.what_if_every,
                                                            later)) for n, s in enumerate(sessions[1:])]  # fmt: skip
            for th in threads:
                th.start()
            time.sleep(2)
            attacker = sessions[0]
            print(f"  [{label}] {junk_upload(attacker)}")
            for name, data in bombs:
                print(f"  [{label}] {post_file(attacker, name, data)}")
            for th in threads[1:]:
                th.join()
            stop.set()
            threads[0].join()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    figures = {
        "plan_p50": statistics.median(plans) if plans else float("nan"),
        "plan_p95": pct(plans, 0.95),
        "plan_max": max(plans, default=float("nan")),
        "plans_per_s": len(plans) / args.seconds,
        "health_p50": statistics.median(health) * 1000 if health else float("nan"),
        "health_p99": pct(health, 0.99) * 1000,
        "health_max": max(health, default=float("nan")) * 1000,
    }
    print(f"  [{label}] plan page: p50 {figures['plan_p50']:.2f} s, p95 {figures['plan_p95']:.2f} s, "
          f"max {figures['plan_max']:.2f} s, {figures['plans_per_s']:.2f} plans/s ({len(plans)} plans)")  # fmt: skip
    if later:
        print(f"  [{label}] what would change the plan (opened after every {args.what_if_every}th plan): "
              f"p50 {statistics.median(later):.2f} s, p95 {pct(later, 0.95):.2f} s ({len(later)} pages)")  # fmt: skip
    print(f"  [{label}] /health: p50 {figures['health_p50']:.0f} ms, p99 {figures['health_p99']:.0f} ms, "
          f"max {figures['health_max']:.0f} ms ({len(health)} probes)")  # fmt: skip
    return figures


def baseline_tree(rev: str, into: Path) -> Path | None:
    try:
        data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src"],
                              capture_output=True, check=True).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"(the previous implementation, git revision {rev}, is not available here: {exc}; not compared)")
        return None
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--think", type=float, default=3.0, help="seconds a user reads a plan before the next")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0, help="worker threads per process (0: the app's default)")
    ap.add_argument("--what-if-every", type=int, default=3,
                    help="a user opens what would change the plan after every Nth plan (0: never)")  # fmt: skip
    ap.add_argument("--baseline", default=BASELINE, help="git revision of the previous implementation, or none")
    args = ap.parse_args()
    print(f"{args.users} users, {args.seconds:g} s, think time {args.think:g} s, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    bombs = [("rows-bomb.xlsx", workbook_bomb(1_200_000)), ("size-bomb.xlsx", size_bomb(300))]
    current = run("current", ROOT / "src", args, bombs)
    met = {True: "met", False: "NOT met"}
    print(
        f"goals: plan p95 {current['plan_p95']:.2f} s (≤ 2 s: {met[current['plan_p95'] <= 2]}), "
        f"/health p99 {current['health_p99']:.0f} ms (≤ 200 ms: {met[current['health_p99'] <= 200]})"
    )
    if args.baseline == "none":
        return
    with tempfile.TemporaryDirectory(prefix="mizaan-baseline-") as tmp:
        src = baseline_tree(args.baseline, Path(tmp))
        if src is None:
            return
        previous = run("previous", src, args, bombs)
    print("ratios (previous / current; above 1: the current app is better)")
    for key in ("plan_p50", "plan_p95", "health_p99", "health_max"):
        print(f"  {key}: {previous[key] / current[key]:.1f}×")
    print(f"  plans per second: {current['plans_per_s'] / previous['plans_per_s']:.1f}×")


if __name__ == "__main__":
    main()
