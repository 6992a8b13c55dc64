"""Run every benchmark under bench/ (``make bench``); each records its figures in docs/benchmarks.md (bench/record.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main() -> int:
    failed = 0
    for script in sorted(BENCH_DIR.glob("*_bench.py")):
        sys.stdout.write(f"== {script.name}\n")
        sys.stdout.flush()
        failed += subprocess.call([sys.executable, str(script), *sys.argv[1:]]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
