"""Wall and CPU time of `make test`, step by step: the fast tier, then lint (ruff, mypy, ESLint,
the JavaScript's tests) and the other two.

Runs the steps the Makefile runs (without its installation steps), one after the other, the
commands of a step at the same time as `make test` does, and reads each step's CPU time, its
children's included (pytest-xdist workers, Chromium, uvicorn, PostgreSQL), from the kernel.
On a machine that others share, wall time swings with their work; CPU time much less so.

    .venv/bin/python bench/suite_timing.py            # ruff, mypy, ESLint, node --test, three tiers
    .venv/bin/python bench/suite_timing.py --quick    # the fast tier on one app, serial and xdist

The last line printed is one JSON object with the figures.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest", "-q"]
FAST = ["-m", "not browser and not scaleout"]
VENV_BIN = Path(sys.executable).parent
RUFF, MYPY = str(VENV_BIN / "ruff"), str(VENV_BIN / "mypy")

ESLINT = ROOT / "node_modules" / ".bin" / "eslint"
LINT = (
    f"{RUFF} check . && {RUFF} format --check . && {MYPY} . && {ESLINT} . && node --test tests/js/"
)
# As `make test` runs them: the fast tier alone, then lint beside the two tiers that wait on
# servers and pages.
FULL = {
    "fast": [[*PYTEST, "-n", "auto", "--dist", "loadfile", *FAST]],
    "lint_scaleout_and_browser": [
        ["sh", "-c", LINT],
        [*PYTEST, "-m", "scaleout"],
        [*PYTEST, "-n", "2", "--dist", "loadgroup", "-m", "browser"],
    ],
}
QUICK = {
    "programme_serial": [[*PYTEST, *FAST, "larlabb/programme"]],
    "programme_xdist": [[*PYTEST, "-n", "auto", "--dist", "loadfile", *FAST, "larlabb/programme"]],
}


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(commands: list[list[str]]) -> tuple[float, float, bool]:
    """Wall seconds, CPU seconds and success of running the commands at the same time."""
    cpu_before, start = _children_cpu_s(), time.monotonic()
    processes = [subprocess.Popen(command, cwd=ROOT) for command in commands]
    # Every process is waited for, also after one has failed.
    codes = [process.wait() for process in processes]
    return time.monotonic() - start, _children_cpu_s() - cpu_before, codes == [0] * len(codes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one app's fast tests only")
    steps = QUICK if parser.parse_args().quick else FULL
    figures: dict[str, float | bool] = {"load_average_1min": os.getloadavg()[0]}
    all_passed = True
    for name, commands in steps.items():
        wall_s, cpu_s, passed = measure(commands)
        figures |= {f"{name}_wall_s": round(wall_s, 1), f"{name}_cpu_s": round(cpu_s, 1)}
        all_passed = all_passed and passed
        print(f"{name}: {wall_s:.1f} s wall, {cpu_s:.1f} s CPU, {'ok' if passed else 'FAILED'}")
    figures["total_wall_s"] = round(sum(v for k, v in figures.items() if k.endswith("_wall_s")), 1)
    figures["all_passed"] = all_passed
    print(json.dumps(figures))
    sys.exit(0 if all_passed else 1)


if __name__ == "__main__":
    main()
