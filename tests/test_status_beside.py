"""`status` replays the competitors in a forked copy of itself, beside the brand's replay: the
answer must come from the copy when it can, and from the process itself when it cannot (a
thread running, the copy failing or killed), never be lost."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from tests.test_share_of_voice import RIVAL, write_rival_storm


def _run(body: str) -> dict[str, object]:
    """``body`` run in a fresh interpreter (no other thread, as `status` runs), its last line
    of output read as JSON."""
    script = "import json, os, signal, threading\nfrom crisistui.cli.beside import beside\n"
    done = subprocess.run(
        [sys.executable, "-c", script + textwrap.dedent(body)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_the_work_is_done_in_a_copy_of_the_process_while_it_goes_on() -> None:
    found = _run(
        """
        here = os.getpid()
        result = beside(lambda: (os.getpid(), sum(range(1000))))
        print("the parent goes on meanwhile")
        pid, total = result()
        print(json.dumps({"elsewhere": pid != here, "total": total}))
        """
    )
    assert found == {"elsewhere": True, "total": 499500}


def test_work_the_copy_could_not_finish_is_done_here() -> None:
    found = _run(
        """
        here = os.getpid()

        def failing():
            if os.getpid() != here:
                raise OSError("the copy could not reach the database")
            return "done here"

        def killed():
            if os.getpid() != here:
                os.kill(os.getpid(), signal.SIGKILL)
            return "done here too"

        print(json.dumps({"failed": beside(failing)(), "killed": beside(killed)()}))
        """
    )
    assert found == {"failed": "done here", "killed": "done here too"}


def test_no_copy_is_made_while_another_thread_runs() -> None:
    found = _run(
        """
        here = os.getpid()
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
        pid = beside(os.getpid)()
        stop.set()
        print(json.dumps({"here": pid == here}))
        """
    )
    assert found == {"here": True}


def test_status_replays_the_competitors_in_a_copy_and_reports_what_it_found(
    tmp_path: Path,
) -> None:
    db = tmp_path / "rival.db"
    write_rival_storm(db, datetime.now(UTC).replace(microsecond=0))
    script = textwrap.dedent(
        f"""
        import json, os, sys
        copies = []
        fork = os.fork

        def counted():
            pid = fork()
            if pid:
                copies.append(pid)
            return pid

        os.fork = counted
        from crisistui.launch import main
        main(["status", "--db", {str(db)!r}, "--json"])
        print(json.dumps(len(copies)), file=sys.stderr)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "1", done.stderr
    (rival,) = json.loads(done.stdout)["competitors"]
    assert rival["subject"] == RIVAL and rival["level"] in ("high", "critical")
