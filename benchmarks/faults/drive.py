#!/usr/bin/env python3
"""Fault-suite client: records sessions as a careful client would, through outages.

Each logical write has its own Idempotency-Key and is retried with the same key until the service gives a final
answer (201, or a 4xx other than 429 and 503); a write counts as acknowledged only when a 201 arrived. Part of the
keys are sent by 10 threads at once ("storm"). The driver writes one line per acknowledged key to --acked and a JSON
summary of what it saw (status codes per phase, the longest stretch without an acknowledgement) to --report.
Standard library only, so it runs on a fresh Debian machine.
"""
import argparse
import json
import random
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter

parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--token", required=True)
parser.add_argument("--episodes", required=True, help="file with one episode id per line")
parser.add_argument("--seconds", type=float, default=40)
parser.add_argument("--threads", type=int, default=8)
parser.add_argument("--storm-keys", type=int, default=100, help="keys each sent by 10 threads at once")
parser.add_argument("--phase-file", required=True, help="file whose content names the current fault phase")
parser.add_argument("--acked", required=True)
parser.add_argument("--report", required=True)
args = parser.parse_args()

episodes = [line.strip() for line in open(args.episodes) if line.strip()]
lock = threading.Lock()
acked = []
statuses = Counter()
attempts = Counter()
last_ack = [time.monotonic()]
longest_gap = [0.0]
stop_at = time.monotonic() + args.seconds


def phase():
    try:
        return open(args.phase_file).read().strip() or "normal"
    except OSError:
        return "normal"


def body():
    item = lambda: round(random.randint(0, 100) / 10, 1)
    return json.dumps({
        "date": "2026-01-05",
        "outcome": {"items": {k: item() for k in ("individually", "interpersonally", "socially", "overall")}},
        "alliance": {"items": {k: item() for k in ("relationship", "goalsAndTopics", "approachOrMethod", "overall")}},
    }).encode()


def send(episode, key, data):
    """One attempt; returns the status, or 0 when no answer came (refused, reset, timed out)."""
    request = urllib.request.Request(f"{args.url}/api/v1/episodes/{episode}/sessions", data=data, method="POST", headers={
        "Authorization": "Bearer " + args.token, "Content-Type": "application/json", "Idempotency-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code
    except Exception:
        return 0


def write(episode, key, data):
    """Retries one logical write with the same key until a final answer; True when acknowledged (201)."""
    while True:
        status = send(episode, key, data)
        with lock:
            statuses[(phase(), status)] += 1
            attempts[key] += 1
        if status == 201:
            with lock:
                acked.append(key)
                now = time.monotonic()
                longest_gap[0] = max(longest_gap[0], now - last_ack[0])
                last_ack[0] = now
            return True
        if status not in (0, 429, 500, 502, 503, 504):
            return False  # a final refusal: the write was not acknowledged, and was not meant to be stored
        if time.monotonic() > stop_at + 60:
            return False  # the service never came back: the test reports it as not acknowledged
        time.sleep(0.2)


def steady(thread):
    rng = random.Random(thread)
    while time.monotonic() < stop_at:
        write(rng.choice(episodes), f"fault-{uuid.uuid4()}", body())


def storm():
    """The same key and body from 10 threads at once, for many keys, spread over the run."""
    for n in range(args.storm_keys):
        if time.monotonic() > stop_at:
            break
        episode, key, data = random.choice(episodes), f"storm-{uuid.uuid4()}", body()
        threads = [threading.Thread(target=write, args=(episode, key, data)) for _ in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(max(0.0, args.seconds / max(1, args.storm_keys) - 0.05))


workers = [threading.Thread(target=steady, args=(i,)) for i in range(args.threads)]
workers.append(threading.Thread(target=storm))
for w in workers:
    w.start()
for w in workers:
    w.join()

distinct = sorted(set(acked))
with open(args.acked, "w") as f:
    f.write("\n".join(distinct) + ("\n" if distinct else ""))
by_phase = {}
for (p, status), count in sorted(statuses.items()):
    by_phase.setdefault(p, {})[str(status)] = count
with open(args.report, "w") as f:
    json.dump({"acknowledged": len(distinct), "acknowledgements": len(acked), "attempts": sum(attempts.values()),
               "statusesByPhase": by_phase, "longestSecondsWithoutAck": round(longest_gap[0], 1)}, f, indent=1)
