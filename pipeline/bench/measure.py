"""Wall time and peak memory of a command and every process it starts (worker processes included):
the resident set sizes of the whole process tree, summed, sampled every 0.1 s from /proc."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

PAGE = 4096


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            pass
    return kids


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(pid: int) -> int:
    """Bytes resident in `pid` and all its descendants now."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss(p)
        todo += _children(p)
    return total


def run_measured(command: list[str], log: Path) -> tuple[float, float, int]:
    """(wall seconds, peak MB of the process tree, exit code) of `command`, its output into `log`."""
    started = time.monotonic()
    peak = 0
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.1)
    return time.monotonic() - started, peak / 2**20, process.returncode
