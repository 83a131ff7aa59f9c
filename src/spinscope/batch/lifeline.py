"""Worker processes end when the process that started them ends, however it ends (even
``kill -9``): a worker left behind would hold a loaded model and block on a pipe nobody reads."""

from __future__ import annotations

import os
import select
import threading
import time

EXIT_ORPHANED = 70
"""Exit status of a worker whose parent has gone."""


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def wait_for_exit(pid: int, poll_seconds: float = 1.0) -> None:
    """Block until process ``pid`` has ended: at once through a pidfd where the system has
    them (Linux >= 5.3), else by polling."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except (AttributeError, OSError):
        while is_alive(pid):
            time.sleep(poll_seconds)
        return
    try:
        select.select([fd], [], [])
    finally:
        os.close(fd)


def watch_parent(pid: int) -> threading.Thread:
    """End this process (without cleanup: its parent is no longer there to take results)
    as soon as process ``pid`` ends. Returns the daemon thread that watches."""

    def watch() -> None:
        wait_for_exit(pid)
        os._exit(EXIT_ORPHANED)

    thread = threading.Thread(target=watch, name=f"spinscope-watch-{pid}", daemon=True)
    thread.start()
    return thread


def descendants(pid: int) -> set[int]:
    """Processes below ``pid`` (children, their children, ...), read from /proc (Linux; an
    empty set elsewhere). For checks that nothing is left behind."""
    parents: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return set()
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if fields and fields[0] != "Z":
            parents[int(entry)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found
