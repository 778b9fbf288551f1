#!/usr/bin/env python3
"""Times two commands in alternating pairs (A B A B ...), whole process, start to exit.

Each run's wall time is a monotonic clock read around fork/exec and wait4; user and system CPU and the
peak RSS (max RSS of the child, KiB) are the kernel's own accounting from wait4. Output is discarded.
Prints min/median/max of each figure for A and B and the median of the per-pair ratios A/B, which stay
meaningful when a shared machine's speed drifts during the call.

  bench/pairs.py [-n RUNS] [--warmup W] [--csv FILE] --a 'COMMAND A' --b 'COMMAND B'

Commands are split as a shell splits words (shlex), no shell is started; `env VAR=x cmd` sets a variable.
"""
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time


def run(argv):
    start = time.monotonic()
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "peak": ru.ru_maxrss / 1024.0, "rc": p.returncode}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--csv")
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    o = ap.parse_args()
    a, b = shlex.split(o.a), shlex.split(o.b)
    for _ in range(o.warmup):
        run(a)
        run(b)
    rows = []
    for i in range(o.n):
        rows.append((i, run(a), run(b)))
    if o.csv:
        with open(o.csv, "w") as f:
            f.write("pair,a_wall,a_cpu,a_peak_mib,a_rc,b_wall,b_cpu,b_peak_mib,b_rc\n")
            for i, x, y in rows:
                f.write(f"{i},{x['wall']:.4f},{x['cpu']:.4f},{x['peak']:.1f},{x['rc']},"
                        f"{y['wall']:.4f},{y['cpu']:.4f},{y['peak']:.1f},{y['rc']}\n")
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    print(f"{o.n} alternating pairs, {o.warmup} warm-up pairs, load average after: {load}")
    print(f"{'':12}{'min':>10}{'median':>10}{'max':>10}")
    for side, idx in (("A", 1), ("B", 2)):
        for k, unit in (("wall", "s"), ("cpu", "s"), ("peak", "MiB")):
            v = [r[idx][k] for r in rows]
            print(f"{side} {k + ' ' + unit:10}{min(v):10.3f}{statistics.median(v):10.3f}{max(v):10.3f}")
    for k in ("wall", "cpu", "peak"):
        v = [r[1][k] / r[2][k] for r in rows if r[2][k] > 0]
        print(f"A/B {k:8}{min(v):10.3f}{statistics.median(v):10.3f}{max(v):10.3f}")
    bad = sum(1 for r in rows if r[1]["rc"] or r[2]["rc"])
    if bad:
        print(f"{bad} pair(s) had a non-zero exit code", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
