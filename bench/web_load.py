"""The page's API under load: `rasd serve` over a store of a whole run (by default the news2013 stream's), and 32
clients asking at once for what the page asks for (pages of the incident list, with and without filters; incidents;
their claims; searches). Prints requests/s and the p50 / p95 / p99 latency of each kind of request.

Each client keeps its connection open between its requests, as a browser does (HTTP/1.1 keep-alive);
`--new-connections` opens one for each request instead, as this bench did until 2026-12-05 (its figures before then
were measured so).

    python bench/web_load.py [--out RUN_FOLDER] [--clients 32] [--seconds 20] [--new-connections] [--json FILE]

RUN_FOLDER is a folder written by `rasd run` (made from the news2013 stream when not given)."""
from __future__ import annotations

import argparse
import collections
import http.client
import json
import pathlib
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
STREAM = ROOT.parent / "shared" / "corpora" / "news2013" / "corpus.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            get(url + "api/incidents?limit=1")
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server at {url} did not answer")


def requests_of(base: str, incidents: list[str], total: int, rng: random.Random):
    """(kind, url) pairs in the mix the page makes."""
    kinds = [
        ("list", lambda: f"api/incidents?limit=100&offset={rng.randrange(0, max(1, total - 100))}"),
        ("list_filtered", lambda: "api/incidents?" + urllib.parse.urlencode(
            rng.choice([{"event_type": "Battles"}, {"contested": "true"}, {"place": "حلب"}, {"from": "2013-02-01"}]))),
        ("incident", lambda: f"api/incidents/{rng.choice(incidents)}"),
        ("claims", lambda: f"api/claims?incident={rng.choice(incidents)}"),
        ("search", lambda: "api/search?" + urllib.parse.urlencode({"q": rng.choice(["دمشق", "الحسكة", "مقتل"])})),
    ]
    while True:
        kind, make = rng.choice(kinds)
        yield kind, base + make()


class KeptConnection:
    """One client's connection to the server, kept open between its requests and opened again when the server
    closed it."""

    def __init__(self, base: str):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.connection = None

    def get(self, url: str):
        parts = urllib.parse.urlsplit(url)
        path = parts.path + ("?" + parts.query if parts.query else "")
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                body = response.read()
            except (http.client.RemoteDisconnected, ConnectionError):
                self.close()
                if attempt == 2:
                    raise
                continue
            if response.status != 200:
                raise RuntimeError(f"{url}: {response.status} {response.reason}")
            return json.loads(body)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def client(base, incidents, total, until, seed, timings, new_connections=False):
    rng = random.Random(seed)
    kept = None if new_connections else KeptConnection(base)
    try:
        for kind, url in requests_of(base, incidents, total, rng):
            if time.time() >= until:
                return
            started = time.perf_counter()
            get(url) if kept is None else kept.get(url)
            timings[kind].append(time.perf_counter() - started)
    finally:
        if kept is not None:
            kept.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", help="a folder written by rasd run")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2, help="server processes (rasd serve --workers)")
    parser.add_argument("--new-connections", action="store_true",
                        help="a new connection for each request (the bench's way until 2026-12-05)")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    work = tempfile.TemporaryDirectory(prefix="rasd-web-")
    out = pathlib.Path(args.out) if args.out else pathlib.Path(work.name) / "run"
    if not args.out:
        subprocess.run([sys.executable, "-m", "rasd", "run", str(STREAM), "--out", str(out), "--workers", "2",
                        "--no-progress"], check=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "rasd", "serve", str(out), "--port", str(port), "--workers",
                               str(args.workers)],
                              stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base)
        first = get(base + "api/incidents?limit=1000")
        incidents = [i["incident"] for i in first["items"]]
        timings: dict[str, list[float]] = collections.defaultdict(list)
        until = time.time() + args.seconds
        threads = [threading.Thread(target=client, args=(base, incidents, first["total"], until, n, timings,
                                                         args.new_connections))
                   for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
    every = [t for kind in timings.values() for t in kind]
    report = {"clients": args.clients, "server_workers": args.workers, "seconds": args.seconds, "incidents": first["total"],
              "connections": "one a request" if args.new_connections else "kept",
              "requests_per_s": round(len(every) / args.seconds, 1), "all": _percentiles(every),
              **{kind: _percentiles(values) for kind, values in sorted(timings.items())}}
    connections = "a new connection for each request" if args.new_connections else "each its connection kept"
    print(f"{first['total']:,} incidents, {args.clients} clients ({connections}), "
          f"{args.workers} server processes, {report['requests_per_s']} requests/s")
    for kind in ["all"] + sorted(timings):
        p = report[kind]
        print(f"  {kind:14s} {p['n']:6,} requests  p50 {p['p50_ms']:7.1f} ms  p95 {p['p95_ms']:7.1f} ms  "
              f"p99 {p['p99_ms']:7.1f} ms")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


def _percentiles(values: list[float]) -> dict:
    if len(values) < 2:
        return {"n": len(values), "p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0}
    cuts = statistics.quantiles(values, n=100)
    return {"n": len(values), "p50_ms": round(cuts[49] * 1000, 1), "p95_ms": round(cuts[94] * 1000, 1),
            "p99_ms": round(cuts[98] * 1000, 1)}


if __name__ == "__main__":
    sys.exit(main())
