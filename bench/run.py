"""Run every benchmark (bench/bench_*.py), one subprocess each, and print their tables.

Usage: ``python -m bench.run [name ...]`` (names like ``ingest`` or ``funnel``).
``BENCH_QUICK=1`` shrinks every workload 10x for a smoke run. The combined
output is also written to ``bench/out/latest.md``; copy the figures you want to
keep into ``bench/RESULTS.md`` with the date and machine.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    mods = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if wanted:
        mods = [m for m in mods if m.removeprefix("bench_") in wanted or m in wanted]
    extra = HERE / "requirements.txt"
    if extra.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "-r", str(extra)], check=False
        )
    out = [
        f"# Benchmark run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        + (" (QUICK: sizes /10)" if os.environ.get("BENCH_QUICK") else ""),
        "",
    ]
    failed = []
    for mod in mods:
        print(f"== {mod}", flush=True)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", f"bench.{mod}"], cwd=ROOT, capture_output=True, text=True
        )
        dt = time.perf_counter() - t0
        body = proc.stdout.strip()
        print(body, flush=True)
        if proc.returncode:
            failed.append(mod)
            print(proc.stderr[-3000:], file=sys.stderr)
            body += f"\n\n(failed with exit code {proc.returncode})"
        out += [f"## {mod} ({dt:.0f} s wall)", "", body, ""]
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "latest.md").write_text("\n".join(out), encoding="utf-8")
    print(f"\nwritten to {HERE / 'out' / 'latest.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
