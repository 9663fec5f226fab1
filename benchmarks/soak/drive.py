#!/usr/bin/env python3
"""Soak client: records sessions at a steady rate, open loop, for a fixed time.

Request i is due at start + i / rate whatever the answers before it did (open loop: a slow answer does not slow the
offered load, as a closed-loop tool like wrk would). A pool of worker threads, each with its own keep-alive connection,
takes the due requests; latency is counted from when a request was due, so time spent waiting for a free worker counts
too (no coordinated omission). Every --interval seconds it prints one line: seconds, sent, answered, 2xx, other statuses,
p50/p99 ms of the last interval; at the end a JSON summary goes to --report. Standard library only.
"""
import argparse
import http.client
import json
import queue
import random
import threading
import time
import urllib.parse
import uuid
from collections import Counter

parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--token", required=True)
parser.add_argument("--episodes", required=True, help="file with one episode id per line")
parser.add_argument("--rate", type=float, required=True, help="sessions per second offered")
parser.add_argument("--seconds", type=float, required=True)
parser.add_argument("--workers", type=int, default=32)
parser.add_argument("--interval", type=float, default=10)
parser.add_argument("--report", required=True)
args = parser.parse_args()

url = urllib.parse.urlparse(args.url)
episodes = [line.strip() for line in open(args.episodes) if line.strip()]
items = {
    "outcome": ("individually", "interpersonally", "socially", "overall"),
    "alliance": ("relationship", "goalsAndTopics", "approachOrMethod", "overall"),
}
due = queue.Queue()
lock = threading.Lock()
statuses = Counter()
latencies = []  # of the current interval, ms
all_latencies = []
late = [0]  # requests that waited over a second for a free worker


def body():
    value = lambda: round(random.randint(0, 100) / 10, 1)
    return json.dumps({"date": "2026-01-05", **{scale: {"items": {k: value() for k in keys}} for scale, keys in items.items()}})


def worker():
    connection = None
    while True:
        when = due.get()
        if when is None:
            return
        if time.monotonic() - when > 1:
            with lock:
                late[0] += 1
        status = 0
        for attempt in range(2):  # a keep-alive connection the server closed is opened again once
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                connection.request("POST", f"/api/v1/episodes/{random.choice(episodes)}/sessions", body=body(), headers={
                    "Authorization": f"Bearer {args.token}", "Content-Type": "application/json",
                    "Idempotency-Key": f"soak-{uuid.uuid4()}"})
                response = connection.getresponse()
                response.read()
                status = response.status
                break
            except (OSError, http.client.HTTPException):
                connection = None
        elapsed = (time.monotonic() - when) * 1000
        with lock:
            statuses[status] += 1
            latencies.append(elapsed)
            all_latencies.append(elapsed)


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.workers)]
for t in threads:
    t.start()
start = time.monotonic()
sent = 0
next_report = start + args.interval
print(f"{'seconds':>8} {'sent':>8} {'answered':>9} {'2xx':>8} {'other':>8} {'p50 ms':>8} {'p99 ms':>8}", flush=True)
while True:
    now = time.monotonic()
    if now >= start + args.seconds:
        break
    while sent < (now - start) * args.rate:
        due.put(start + sent / args.rate)
        sent += 1
    if now >= next_report:
        with lock:
            answered = sum(statuses.values())
            ok = sum(v for k, v in statuses.items() if 200 <= k < 300)
            p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
            latencies.clear()
        print(f"{now - start:8.0f} {sent:8d} {answered:9d} {ok:8d} {answered - ok:8d} {p50:8.1f} {p99:8.1f}", flush=True)
        next_report += args.interval
    time.sleep(min(0.005, max(0.0, start + sent / args.rate - time.monotonic())))
for _ in threads:
    due.put(None)
for t in threads:
    t.join(timeout=35)
seconds = time.monotonic() - start
answered = sum(statuses.values())
ok = sum(v for k, v in statuses.items() if 200 <= k < 300)
json.dump({
    "offered": args.rate, "seconds": seconds, "sent": sent, "answered": answered, "ok": ok,
    "achieved": ok / seconds, "statuses": {str(k): v for k, v in sorted(statuses.items())},
    "p50": percentile(all_latencies, 50), "p99": percentile(all_latencies, 99), "late": late[0],
}, open(args.report, "w"))
