#!/usr/bin/env python3
"""On-CPU shares of a dotnet-trace CPU sample profile (scripts/bench ingest-cpu --trace writes one as speedscope JSON).

dotnet-trace's sampled-thread-time profile samples every thread; a sample is on the CPU when its innermost frame is
CPU_TIME. For each regular expression given, prints the share of on-CPU time whose stack holds a frame matching it
(inclusive); without patterns, the innermost managed frames that took the most.

    benchmarks/write-path/speedscope-summary.py .data/ingest-cpu.speedscope.json 'Npgsql' 'System.Text.Json' 'JwtBearer'
"""
import collections
import json
import re
import sys


def on_cpu_stacks(path):
    data = json.load(open(path))
    frames = [f["name"] for f in data["shared"]["frames"]]
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            if stack and last is not None and frames[stack[-1]] == "CPU_TIME":
                yield [frames[i] for i in stack], event["at"] - last
            last = event["at"]
            if event["type"] == "O":
                stack.append(event["frame"])
            else:
                stack.pop()


def main():
    path, patterns = sys.argv[1], [re.compile(p) for p in sys.argv[2:]]
    shares, total = collections.Counter(), 0.0
    for names, weight in on_cpu_stacks(path):
        total += weight
        if patterns:
            for p in patterns:
                if any(p.search(n) for n in names):
                    shares[p.pattern] += weight
        else:
            inner = " < ".join(n.split("!")[-1].split("(")[0][-60:] for n in names[-2:-5:-1])
            shares[inner] += weight
    print(f"on the CPU: {total / 1000:.1f} s")
    for key, weight in (shares.items() if patterns else shares.most_common(40)):
        print(f"{weight / total * 100:5.1f} %  {key}")


if __name__ == "__main__":
    main()
