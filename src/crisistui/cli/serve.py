"""`crisistui serve`: the wall in a browser tab, through textual-serve.

textual-serve starts one app process per browser tab and checks nobody, so this command
adds what it lacks around its aiohttp app: it binds to loopback unless told otherwise,
asks for a token when it listens anywhere else, caps the number of tabs, and every tab
runs `crisistui wall`, a reading console that never collects and never takes the lock.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hmac
import ipaddress
import logging
import os
import re
import secrets
import shlex
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crisistui.cli.common import (
    DB_ENVIRONMENT,
    EXIT_USAGE,
    check_keys,
    config_from_args,
    db_path_from_args,
    err,
)
from crisistui.store import StoreError

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_TABS = 8
MIN_TOKEN_LENGTH = 16
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9._~-]+")
"""Characters that travel in a URL as they are, so the link printed is the link to open."""

AddCommand = Callable[[str, str], argparse.ArgumentParser]
AddArg = Callable[[argparse.ArgumentParser], None]


def add_serve_command(add: AddCommand, config_arg: AddArg, db_arg: AddArg) -> None:
    serve = add("serve", "serve the wall in browser tabs (read-only; needs crisistui[serve])")
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}; any other asks for a token)",
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})"
    )
    config_arg(serve)
    db_arg(serve)
    serve.add_argument(
        "--token",
        help="the token a browser must give (?token= or Authorization: Bearer); "
        "generated and printed when listening beyond loopback without one",
    )
    serve.add_argument(
        "--max-tabs",
        type=int,
        default=DEFAULT_MAX_TABS,
        metavar="N",
        help=f"tabs open at once, each one process (default {DEFAULT_MAX_TABS})",
    )
    serve.set_defaults(func=cmd_serve)


def is_loopback(host: str) -> bool:
    """Only this machine can reach a loopback address; a name other than localhost may
    resolve to anything, so it counts as beyond loopback."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_matches(request: web.Request, token: str) -> bool:
    """The token from ``?token=`` or ``Authorization: Bearer``, compared in constant time
    so the time of a refusal says nothing about how much of a guess was right."""
    expected = token.encode()
    given = [request.query.get("token", "")]
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        given.append(credentials.strip())
    return any(hmac.compare_digest(g.encode(), expected) for g in given if g)


def wall_command(db: str | None, config: Path | None) -> str:
    """The shell command textual-serve runs for each tab: this Python's `crisistui wall`,
    quoted, as textual-serve hands it to a shell, which ``exec``s it so that the process
    textual-serve holds is the console itself."""
    argv = [sys.executable, "-m", "crisistui", "wall"]
    if db is not None:
        argv += ["--db", db]
    if config is not None:
        argv += ["-c", str(config)]
    return "exec " + shlex.join(argv)


def same_origin(request: web.Request) -> bool:
    """A browser names the page that opens a websocket in ``Origin``; other clients may not
    send it."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    scheme = "https" if request.secure else "http"
    return origin == f"{scheme}://{request.host}"


def _refuse(
    status: int, title: str, message: str, headers: dict[str, str] | None = None
) -> web.Response:
    from aiohttp import web

    return web.Response(
        status=status, content_type="text/html", headers=headers, text=_page(title, message)
    )


_REMOTE_STYLESHEET = re.compile(r"<link\b[^>]*\bhref=[\"']https?://[^>]*>", re.I)


def offline(page: str) -> str:
    """textual-serve's page without the stylesheets it loads from other sites (a font from
    Google): a wall makes no request beyond its own server, and one on an air-gapped war-room
    screen waited for it; the terminal's own font list falls back to the browser's
    monospace."""
    return _REMOTE_STYLESHEET.sub("", page)


def _page(title: str, message: str) -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>crisistui: {title}</title>"
        "<style>body{background:#0c181f;color:#eee;font-family:monospace;margin:3em}</style>"
        f"</head><body><h1>{title}</h1><p>{message}</p></body></html>"
    )


def make_server(command: str, host: str, port: int, *, token: str | None, max_tabs: int) -> Server:
    """textual-serve's server with a token check and a tab cap in front of its handlers."""
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

    class WallServer(Server):
        """Refuses a request without the token, and a tab beyond the cap."""

        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title="crisistui wall")
            self.token = token
            self.max_tabs = max_tabs
            self.tabs = 0
            self.sockets: set[web.WebSocketResponse] = set()

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(self._guard)
            return app

        @web.middleware
        async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
            """Everything but the page's scripts and fonts needs the token. Without one
            (on loopback), the wall answers only to a loopback name, so a web page whose
            name was pointed at 127.0.0.1 (DNS rebinding) cannot read it; and its socket
            only to its own page, since any site may open a websocket to localhost."""
            if request.path.startswith("/static/"):
                return await handler(request)
            if self.token is None:
                if not is_loopback(request.url.host or ""):
                    return _refuse(403, "Wrong address", "This wall answers on loopback only.")
                if not same_origin(request):
                    return _refuse(403, "Wrong page", "Open the wall from its own address.")
                return await handler(request)
            if token_matches(request, self.token):
                return await handler(request)
            return _refuse(
                401,
                "Token needed",
                "This wall needs the token <code>crisistui serve</code> printed: open "
                "the link it printed, or add <code>?token=…</code> to the address.",
                {"WWW-Authenticate": 'Bearer realm="crisistui"'},
            )

        def _full(self) -> web.Response:
            return _refuse(
                503,
                "All tabs are in use",
                f"This wall serves at most {self.max_tabs} "
                f"{'tab' if self.max_tabs == 1 else 'tabs'} at once (each runs its "
                "own console). Close one, then reload this page.",
                {"Retry-After": "30"},
            )

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            """textual-serve's page, with addresses as the browser wrote them (so a wall
            bound to 0.0.0.0 works from another machine) and the token for the socket."""
            if self.tabs >= self.max_tabs:
                return self._full()
            secure = request.secure
            socket = f"{'wss' if secure else 'ws'}://{request.host}/ws"
            if self.token is not None:
                # The page's script appends "?width=…&height=…" to this address: the
                # trailing "&" keeps the token its own parameter.
                socket += f"?token={self.token}&"
            context: dict[str, Any] = {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": socket,
                "config": {"static": {"url": "/static/"}},
                "application": {"name": self.title},
            }
            page = aiohttp_jinja2.render_template("app_index.html", request, context)
            page.text = offline(page.text or "")
            return page

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            """One tab, one console process: counted while it lives."""
            if self.tabs >= self.max_tabs:
                return self._full()
            self.tabs += 1
            try:
                return await self._tab(request)
            finally:
                self.tabs -= 1

        async def _tab(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's websocket handler, except that the tab's console is ended
            for sure: one told to quit while it is still starting never reads it, and
            would outlive serve."""
            websocket = web.WebSocketResponse(heartbeat=15)
            query = request.query  # "?width" after the token's "&" (see handle_index)
            width = to_int(query.get("width") or query.get("?width") or "80", 80)
            height = to_int(query.get("height", "24"), 24)
            await websocket.prepare(request)
            self.sockets.add(websocket)
            service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            try:
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except Exception:  # as textual-serve: one tab's failure is logged, not raised
                logging.getLogger("textual-serve").exception("tab failed")
            finally:
                self.sockets.discard(websocket)
                await _end(service)
                await websocket.close()
            return websocket

        async def on_startup(self, app: web.Application) -> None:
            """Nothing: textual-serve's banner would say "serving" before the port is
            bound; `serve` says it once it is."""

        async def on_shutdown(self, app: web.Application) -> None:
            """Close every tab, so each console quits before the server stops."""
            for websocket in list(self.sockets):
                await websocket.close()

    return WallServer()


QUIT_WAIT = 3.0
"""Seconds a tab's console has to quit when asked, before it is killed."""


async def _end(service: Any) -> None:
    """Ask the tab's console to quit, and kill it if it has not after ``QUIT_WAIT``."""
    process = service._process  # textual-serve keeps it private; the wall `exec`s into it
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.shield(service.stop()), QUIT_WAIT)
    if process is not None and process.returncode is None:
        process.kill()
        await process.wait()


async def _listen(server: Server) -> None:
    """textual-serve's own `serve`, with its message after the port is bound (a port in
    use is said in one line, not a traceback) and an end on Ctrl+C or SIGTERM that lets
    each tab's console quit."""
    import signal

    from aiohttp import web

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    app = await server._make_app()
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=QUIT_WAIT + 5)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, server.host, server.port).start()
        except OSError as exc:
            raise ServeError(
                f"cannot listen on {server.host}:{server.port}: {exc.strerror}"
            ) from exc
        host = server.host if ":" not in server.host else f"[{server.host}]"
        where = f"http://{host}:{server.port}/"
        token = getattr(server, "token", None)
        if token is not None:
            where += f"?token={token}"
        print(f"crisistui: serving the wall on {where} (Ctrl+C stops)", flush=True)
        await stop.wait()
    finally:
        await runner.cleanup()


class ServeError(Exception):
    """What stops `serve` before it serves, said in one line."""


def cmd_serve(args: argparse.Namespace) -> int:
    """Check everything a tab would trip on before listening, then serve."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        err("serve needs textual-serve: pip install 'crisistui[serve]'")
        return EXIT_USAGE
    if args.max_tabs < 1:
        err("--max-tabs: at least 1")
        return EXIT_USAGE
    token: str | None = args.token
    if token is not None and (len(token) < MIN_TOKEN_LENGTH or not TOKEN_SHAPE.fullmatch(token)):
        err(
            f"--token: at least {MIN_TOKEN_LENGTH} characters, letters, digits and . _ ~ - "
            "(it travels in the URL)"
        )
        return EXIT_USAGE
    if token is None and not is_loopback(args.host):
        token = secrets.token_urlsafe(24)
    config = config_from_args(args, required=False)
    check_keys(config)
    location = db_path_from_args(args, config)
    if not location.exists():  # as `wall` says it: each tab would otherwise show it and quit
        raise StoreError(
            f"{location}: no database here; serve only reads one that `crisistui collect` "
            "or `crisistui run` writes (check --db or [storage] path)"
        )
    if location.path is not None and location.path.is_dir():
        raise StoreError(f"{location}: is a folder, not a database file")
    if location.path is not None:
        db: str | None = str(location.path.resolve())
    else:  # each tab's console finds the URL in its environment, never in a process list
        os.environ[DB_ENVIRONMENT] = location.url or ""
        db = None
    origin = config.origin.resolve() if config.origin is not None else None
    server = make_server(
        wall_command(db, origin), args.host, args.port, token=token, max_tabs=args.max_tabs
    )
    server.initialize_logging()  # textual-serve's log: a tab's console that fails says why
    try:
        asyncio.run(_listen(server))
    except ServeError as exc:
        err(str(exc))
        return EXIT_USAGE
    return 0
