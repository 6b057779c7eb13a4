"""Work done beside this process, on the machine's other core: a forked copy of the process
runs it while this one goes on, and hands back the result through a pipe.

`status` replays the competitors' engines this way while it replays the brand's (each replay
is pure Python, so threads would take turns). A fork copies what is already imported, so the
copy starts in milliseconds; it is taken only while this process runs no other thread (a fork
copies just the forking thread, and a lock another thread held would stay held for ever in the
copy), and never on a system without ``fork``. There, or when the copy fails for any reason,
the work is done here, when its result is asked for: the answer is the same either way.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def beside(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work`` in a forked copy of this process; the callable returned waits for its
    result. ``work`` must be able to run in a process of its own (open its own connections)
    and return something picklable."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return work
    for stream in (sys.stdout, sys.stderr):  # what the copy would otherwise write twice
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):  # closed: nothing to write twice
                stream.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: do the work, hand it over, and leave without any clean-up
        os.close(read)
        try:
            outcome: tuple[bool, object] = (True, work())
        except BaseException as exc:  # told to the parent, which then does the work itself
            outcome = (False, repr(exc))
        try:
            with os.fdopen(write, "wb") as pipe:
                pickle.dump(outcome, pipe)
        finally:
            os._exit(0)
    os.close(write)

    def result() -> T:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            done, value = pickle.loads(data)
        except Exception:  # the copy died before it answered (killed, out of memory)
            done, value = False, None
        return value if done else work()  # type: ignore[return-value]

    return result
