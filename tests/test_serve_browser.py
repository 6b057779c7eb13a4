"""`crisistui serve` in a real headless browser: Debian's chromium, driven through the DevTools
protocol, reads the terminal the page draws (xterm.js) as a person would see it."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import itertools
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from crisistui.cli import main
from crisistui.cli.serve import wall_command
from crisistui.tui.widgets.bigtext import big_lines, block_text
from tests.test_cli_monitoring import crisistui, history


def _chromium() -> str | None:
    """Debian's chromium, installed on first use where this user may (CI runs as root): the
    README's one test command sets up what the tests need."""
    found = shutil.which("chromium")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        # every test worker collects this module: one installs, the others wait for it (two
        # apt-gets at once, the second finds dpkg locked and installs nothing)
        with open("/tmp/crisistui-chromium.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            found = shutil.which("chromium") or _install_chromium()
    return found


def _install_chromium() -> str | None:
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run(["apt-get", "update", "-qq"], check=False, timeout=600, **quiet)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium"],
        check=False, timeout=1200, env=env, **quiet,
    )  # fmt: skip
    return shutil.which("chromium")


CHROMIUM = _chromium()

DEADLINE = 60.0

CAPTURE_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'terminal',
      {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active) { window.__crisistuiTerminal = value; }
  },
});
"""
"""textual-serve's page keeps its xterm.js terminal in a closure and draws it on a canvas, so
the DOM holds no text: this catches the terminal when the page stores it (``this.terminal =
new Terminal(…)``) so the test can read its screen buffer."""

READ_SCREEN = """(() => {
  const t = window.__crisistuiTerminal;
  if (!t) { return document.body ? document.body.innerText : ''; }
  const buffer = t.buffer.active, lines = [];
  for (let y = 0; y < t.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : '');
  }
  return lines.join('\\n');
})()"""
"""What the tab shows: the terminal's rows once it exists, the page's text before (or on a
page that refuses)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def shows_level(screen: str, word: str) -> bool:
    """The wall draws the level word in big letters: three box-drawing lines, or five lines
    of blocks on a big screen."""
    blocks = block_text(word).plain.splitlines()
    return all(row in screen for row in big_lines(word)) or all(row in screen for row in blocks)


LOUD = "Acme Air stranded our whole flight overnight in Denver, disgraceful and awful"


def loud_mention(path: Path, author: str) -> Path:
    """One new loud negative mention, written now: the wall's loud list shows it first."""
    row = {
        "source": "x",
        "id": f"loud-{author}",
        "text": LOUD,
        "created_at": datetime.now(UTC).isoformat(),
        "author": author,
        "author_followers": 250_000,
    }
    path.write_text(json.dumps(row), encoding="utf-8")
    return path


@pytest.fixture
def storm_db(tmp_path: Path) -> Path:
    """A database in a storm (CRITICAL), its last mentions a few seconds old."""
    db = tmp_path / "wall.db"
    data = history(tmp_path / "storm.jsonl", datetime.now(UTC) - timedelta(seconds=5), 90, 30)
    assert crisistui("import", str(data), "--db", str(db)).returncode == 0
    return db


class Serve:
    """`crisistui serve` as a subprocess; its printed line says when and where it listens."""

    def __init__(self, tmp_path: Path, db: Path, *args: str) -> None:
        self.port = free_port()
        self.log = tmp_path / f"serve-{self.port}.log"
        env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "no-config")}
        env.pop("CRISISTUI_CONFIG", None)
        with self.log.open("wb") as out:
            command = ["serve", "--port", str(self.port), "--db", str(db), *args]
            self.process = subprocess.Popen(
                [sys.executable, "-m", "crisistui", *command],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
            )
        self.url = self._wait_for_url()

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
                if "serving the wall on " in line:
                    return line.split("serving the wall on ", 1)[1].split()[0]
            assert self.process.poll() is None, self.log.read_text()
            time.sleep(0.1)
        raise AssertionError(f"serve did not start: {self.log.read_text()}")

    def local(self, query: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{query}"

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Serve]]:
    started: list[Serve] = []

    def start(db: Path, *args: str) -> Serve:
        started.append(Serve(tmp_path, db, *args))
        return started[-1]

    yield start
    for each in started:
        each.stop()
    assert not consoles_of(tmp_path), "a tab's console outlived serve"


def consoles_of(folder: Path) -> list[str]:
    """Command lines of running processes on a database in ``folder`` (a tab's console)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            args = cmdline.read_bytes().split(b"\0")
            if b"wall" in args and any(str(folder).encode() in a for a in args):
                found.append(b" ".join(args).decode(errors="replace"))
    return found


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A headless chromium; yields the address of its DevTools endpoint."""
    if CHROMIUM is None:  # never skipped: a browser test that cannot run fails
        pytest.fail("needs Debian's chromium: apt-get install chromium")
    port = free_port()
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless=new",
            f"--remote-debugging-port={port}",
            "--no-sandbox",
            f"--user-data-dir={profile}",
            "--window-size=1000,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Tab:
    """One browser tab, driven over its DevTools websocket."""

    def __init__(self, session: aiohttp.ClientSession, devtools: str) -> None:
        self.session = session
        self.devtools = devtools
        self.ids = itertools.count(1)

    async def open(self, url: str) -> Tab:
        async with self.session.put(f"{self.devtools}/json/new?about:blank") as response:
            self.target = await response.json()
        self.ws = await self.session.ws_connect(self.target["webSocketDebuggerUrl"], max_msg_size=0)
        await self.call("Page.enable")
        await self.call("Page.addScriptToEvaluateOnNewDocument", source=CAPTURE_TERMINAL)
        await self.call("Page.navigate", url=url)
        return self

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self.ids)
        await self.ws.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json()
            if message.get("id") == ident:
                assert "error" not in message, message
                return message["result"]

    async def screen(self) -> str:
        result = await self.call("Runtime.evaluate", expression=READ_SCREEN, returnByValue=True)
        return str(result["result"].get("value", ""))

    async def until(
        self, check: Callable[[str], bool], what: str, *, reload_on: str | None = None
    ) -> str:
        """Read the tab every 0.2 s until ``check`` holds (the browser is another process:
        there is nothing to await but what it shows); reload it while it shows ``reload_on``,
        as a person would."""
        deadline = time.monotonic() + DEADLINE
        screen = ""
        while time.monotonic() < deadline:
            screen = await self.screen()
            if check(screen):
                return screen
            if reload_on is not None and reload_on in screen:
                await self.call("Page.reload")
            await asyncio.sleep(0.2)
        raise AssertionError(f"the tab never showed {what}; it shows:\n{screen}")

    async def close(self) -> None:
        await self.ws.close()
        async with self.session.get(f"{self.devtools}/json/close/{self.target['id']}"):
            pass


@contextlib.asynccontextmanager
async def browser(devtools: str) -> AsyncIterator[Callable[[str], Any]]:
    """Opens tabs on the chromium at ``devtools`` (once it answers); closes them after."""
    async with aiohttp.ClientSession() as session:
        deadline = time.monotonic() + DEADLINE
        while True:
            try:
                async with session.get(f"{devtools}/json/version") as response:
                    if response.status == 200:
                        break
            except aiohttp.ClientError:
                assert time.monotonic() < deadline, "chromium never answered"
                await asyncio.sleep(0.2)
        tabs: list[Tab] = []

        async def open_tab(url: str) -> Tab:
            tabs.append(await Tab(session, devtools).open(url))
            return tabs[-1]

        try:
            yield open_tab
        finally:
            for tab in tabs:
                with contextlib.suppress(aiohttp.ClientError, ConnectionError):
                    await tab.close()


def is_wall(screen: str) -> bool:
    return "crisistui" in screen and "Acme Air" in screen and "wall" in screen


async def test_the_wall_in_a_browser_tab_shows_the_level_and_follows_the_database(
    tmp_path: Path, storm_db: Path, serve: Callable[..., Serve], chromium: str
) -> None:
    server = serve(storm_db)
    assert server.url == f"http://127.0.0.1:{server.port}/"  # loopback, so no token
    async with browser(chromium) as open_tab:
        tab = await open_tab(server.url)
        screen = await tab.until(
            lambda s: is_wall(s) and shows_level(s, "CRITICAL"), "the brand and CRITICAL"
        )
        assert "@nightdesk" not in screen
        more = loud_mention(tmp_path / "more.jsonl", "@nightdesk")
        assert crisistui("import", str(more), "--db", str(storm_db)).returncode == 0
        await tab.until(lambda s: "@nightdesk" in s, "the mention imported after it opened")


async def test_on_loopback_other_sites_cannot_read_the_wall(
    storm_db: Path, serve: Callable[..., Serve]
) -> None:
    """Without a token, a page elsewhere can still reach 127.0.0.1 from the user's browser:
    by a websocket (no same-origin rule) or a name of its own pointed at 127.0.0.1."""
    server = serve(storm_db)
    socket_url = server.local("ws").replace("http", "ws", 1)
    async with aiohttp.ClientSession() as http:
        async with http.get(server.local()) as response:
            assert response.status == 200
            page = await response.text()
        # nothing is fetched from another site (textual-serve's page asked Google for a font)
        assert re.findall(r"(?:href|src)=[\"']https?://", page) == [], page
        assert "textual-terminal" in page
        rebound = {"Host": f"attacker.example:{server.port}"}
        async with http.get(server.local(), headers=rebound) as response:
            assert response.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(socket_url, headers={"Origin": "https://attacker.example"})
        assert refused.value.status == 403
        own = {"Origin": f"http://127.0.0.1:{server.port}"}
        async with http.ws_connect(socket_url, headers=own) as ws:
            assert not ws.closed


async def test_beyond_loopback_the_token_is_asked_on_the_page_and_on_the_socket(
    storm_db: Path, serve: Callable[..., Serve], chromium: str
) -> None:
    server = serve(storm_db, "--host", "0.0.0.0")
    assert "?token=" in server.url  # generated and printed
    token = server.url.split("?token=", 1)[1]
    wrong = "x" * len(token)
    async with aiohttp.ClientSession() as http:
        for url, headers in [
            (server.local(), {}),
            (server.local(f"?token={wrong}"), {}),
            (server.local(), {"Authorization": f"Bearer {wrong}"}),
        ]:
            async with http.get(url, headers=headers) as response:
                assert response.status == 401
                assert "Token needed" in await response.text()
        for url, headers in [
            (server.local(f"?token={token}"), {}),
            (server.local(), {"Authorization": f"Bearer {token}"}),
        ]:
            async with http.get(url, headers=headers) as response:
                assert response.status == 200
        socket_url = server.local("ws").replace("http", "ws", 1)
        for headers in [{}, {"Authorization": f"Bearer {wrong}"}]:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(socket_url, headers=headers)
            assert refused.value.status == 401
        async with http.ws_connect(socket_url, headers={"Authorization": f"Bearer {token}"}) as ws:
            assert not ws.closed
    async with browser(chromium) as open_tab:
        refused_tab = await open_tab(server.local())
        await refused_tab.until(lambda s: "Token needed" in s, "the refusal")
        tab = await open_tab(server.local(f"?token={token}"))  # the page hands it to its socket
        await tab.until(lambda s: is_wall(s) and shows_level(s, "CRITICAL"), "the wall")


async def test_a_tab_beyond_the_cap_is_refused_with_a_page_that_says_so(
    storm_db: Path, serve: Callable[..., Serve], chromium: str
) -> None:
    server = serve(storm_db, "--max-tabs", "1")
    async with browser(chromium) as open_tab:
        first = await open_tab(server.url)
        await first.until(is_wall, "the wall")
        second = await open_tab(server.url)
        screen = await second.until(lambda s: "All tabs are in use" in s, "the refusal")
        assert "at most 1 tab at once" in screen
        await first.close()  # its console quits, and the place is free again
        await second.until(is_wall, "the wall once the first closed", reload_on="All tabs")


async def test_stopping_serve_ends_every_tab_console_even_one_still_starting(
    tmp_path: Path, storm_db: Path, serve: Callable[..., Serve]
) -> None:
    """A console asked to quit while it is still starting never hears it: without serve
    killing it, it would outlive serve, reading the database for nobody."""
    server = serve(storm_db)
    socket_url = server.local("ws").replace("http", "ws", 1)
    async with aiohttp.ClientSession() as http:
        for _ in range(3):
            async with http.ws_connect(socket_url):
                pass  # tabs closed at once, their consoles still starting
    server.stop()
    deadline = time.monotonic() + 10
    while consoles_of(tmp_path):
        assert time.monotonic() < deadline, consoles_of(tmp_path)
        await asyncio.sleep(0.2)


def test_serve_without_the_extra_names_it(
    storm_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if not installed
    assert main(["serve", "--db", str(storm_db)]) == 2
    assert "crisistui[serve]" in capsys.readouterr().err


def test_serve_refuses_a_database_that_does_not_exist_before_listening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing-here.db"
    assert main(["serve", "--db", str(missing)]) == 2
    assert "no database here" in capsys.readouterr().err
    assert not missing.exists()


def test_each_tab_runs_the_wall_on_the_database_whatever_its_name() -> None:
    """The command goes through a shell: a path with a space or a quote stays one path."""
    db = Path("/srv/crisis room/it's.db")
    argv = shlex.split(wall_command(str(db), Path("/etc/crisis tui.toml")))
    assert argv[0] == "exec" and argv[2:] == [
        "-m",
        "crisistui",
        "wall",
        "--db",
        str(db),
        "-c",
        "/etc/crisis tui.toml",
    ]


def test_serve_refuses_a_token_too_short_to_be_a_lock(
    storm_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--db", str(storm_db), "--token", "secret"]) == 2
    assert "--token" in capsys.readouterr().err
