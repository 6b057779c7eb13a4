"""Issue 14's hostile-input suite, in the console: the real app under a pseudo-terminal, over
the hostile database, each screen opened by its keys. What is checked is the raw byte stream
the terminal receives: no escape sequence a stranger wrote (clipboard, title, hyperlink, DCS,
8-bit controls), no bidi or invisible character, and the markup a stranger typed shown as the
characters they typed, never as style or as a clickable action."""

from __future__ import annotations

import base64
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from codecs import getincrementaldecoder
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from rich.cells import get_character_cell_size

from crisistui.pipeline.process import stored_source
from tests.hostile import CONTROLS, NOTE, PAYLOADS, HostileWorld, hostile_world, leaks

ROWS, COLUMNS = 60, 250
DEADLINE = 30.0
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"
SYNC_QUERY, SYNC_ANSWER = b"\x1b[?2026$p", b"\x1b[?2026;2$y"
"""Synchronised output (DEC mode 2026): Textual asks whether the terminal knows it."""
_CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
_OWN_OSC = re.compile(r"\x1b\]22;[^\x07\x1b]*\x07")
"""Textual's own string sequence (the pointer shape); any other is a leak."""


@dataclass(frozen=True)
class Screen:
    """A screen, the keys that open it from the main screen, and how to tell it is drawn."""

    name: str
    keys: bytes
    title: str
    """The title on the screen's box (or header): text below it is the screen's own."""
    shows: str
    """What this screen must draw: a stranger's words, markup brackets included, where it
    shows any (the incident and statements screens show none)."""
    first: tuple[tuple[bytes, str], ...] = ()
    """Keys pressed before ``keys``, each with the start of the footer that says it was taken
    (a key sent before the screen it is for is up goes to the one below)."""
    footer: bool = True
    """The screen draws a footer of its own (help, the palette and the filtered feed do not:
    the main screen's stays, so the screen is gone once its title is)."""
    back: tuple[bytes, ...] = (b"\x1b",)
    """The keys back to the main screen, each sent once the one before has been taken."""
    copies: str = ""
    """The start of what the screen copies to the clipboard on arrival (OSC 52, the
    console's own sequence, allowed to this screen alone)."""


COMBO = "[bold red]COMBO[/][@click=app.quit]Q[/] 0;T RTLZW"
VOICE = stored_source(PAYLOADS["combined"]) + " (3.0M followers)"
"""The loudest voice as the engine names it (by its source: the post has no author), its
name made inert and, having lost control characters, with a hash to keep it its own:
"[bold red]COMBO[/][@click=app.quit]Q[/] 0;T RTLZW <b>B</b>[x](javascript:alert(1))#…"."""
REPORT_COMBO = r"\[bold red\]COMBO\[/\]\[@click=app.quit\]Q\[/\] 0;T RTLZW"
"""The stranger's words as the Markdown report quotes them: escaped, shown as they are."""
SCREENS = (
    Screen("feed", b"", " Mentions (", "[bold red]COM"),
    Screen("detail", b"\r", " Mention ", COMBO + " B[x](javascript:alert(1))"),
    # the feed's first row folds copies of the text: the detail lists who posted each one
    # and where (the author and the source, both the stranger's)
    Screen("near-duplicates", b"\r", "the copies:", "[bold red]COMBO[/][@click=app.qui"),
    Screen("why", b"x", "Why (esc to close)", VOICE.removesuffix(" (3.0M followers)")),
    Screen("wall", b"w", "· wall", VOICE + " negative"),
    Screen("analytics", b"b", "Analytics · Acme Air", "[bold red]COMBO[/]["),
    Screen("triage queue", b"u", "Triage queue", COMBO),
    # the level change names the loud voice among its drivers (which come before it depends on
    # the moment the engine looked): its words, markup brackets and all
    Screen("timeline", b"t", " Timeline ", "; [bold red]COMBO[/][@"),
    Screen("alerts", b"A", "Alerts (level changes", "; [bold red]COMBO[/][@"),
    Screen("incident", b"I", "Incident #1", "Baggage outage"),
    Screen("statements", b"S", "Statements of incident #1", "channels"),
    Screen("sources", b"s", " Sources ", "HTTP 503 [bold red]DOWN[/]"),
    # the reply composer names the mention it answers: its author and words
    Screen("reply picker", b"R", "Reply from an FAQ answer", COMBO + " B[x](javascript:al"),
    Screen(
        "reply text",
        b"\r",
        "Reply: What happened?",
        COMBO + " B[x](javascript:al",
        first=((b"R", "esc Cancel"),),
        back=(b"\x1b", b"\x1b"),
        copies="We are investigating Baggage outage.",
    ),
    Screen("assign prompt", b"o", "Assign mention #", COMBO),
    # the checklist's first task, from the checklist pane (tab), back to the feed (shift+tab)
    Screen(
        "task",
        b"\r",
        " Task ",
        "dana: " + NOTE,
        first=((b"\t", "space Tick"),),
        back=(b"\x1b", b"\x1b[Z"),
    ),
    # the incident's report, a page down to the mentions it quotes
    Screen(
        "incident report",
        b"\x1b[6~",
        "Report of incident #1",
        REPORT_COMBO,
        first=((b"I", "esc Back  v Severity"), (b"p", "esc Back  y Copy")),
        back=(b"\x1b", b"\x1b"),
    ),
    Screen("help", b"?", "Keys (esc to close)", "app.help", footer=False),
    Screen("command palette", b":", "Search for commands", "Level changes and", footer=False),
    # a filter pasted from a post, shown back as typed, over the posts it finds
    Screen(
        "feed filter",
        b'"[bold red]COMBO[/]"\r',
        ' shown · filter: "[bold red]COMBO[/]"',
        "u/[bold red]C",
        first=((b"/", "⏎ Apply"),),
        footer=False,
    ),
)
WALL = Screen("wall command", b"", "· wall", VOICE + " negative", footer=False)
"""`crisistui wall`, the wall on its own console."""


_TOKEN = re.compile(
    r"\x1b\[([0-?]*)[ -/]*([@-~])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[^\[\]]"  # two-character escapes
    r"|([\r\n])"
    r"|([^\x1b\r\n]+)"
)


_CORNERS = frozenset("█╭┏┌▛")
_SIDES = frozenset("█│┃▌")
"""Sets of cells, not strings: the empty cell a wide character leaves is neither."""


class Grid:
    """What the terminal shows: the stream's text laid out at its cursor moves (colours and
    other sequences have no place on it), so a test can tell which screen drew a text."""

    def __init__(self) -> None:
        self.cells = [[" "] * COLUMNS for _ in range(ROWS)]
        self.row = self.column = 0
        self._pending = ""
        self._decoder = getincrementaldecoder("utf-8")("replace")

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        end = 0
        for token in _TOKEN.finditer(text):
            if token.start() != end:
                break
            end = token.end()
            params, final, control, run = token.groups()
            if final in ("H", "f"):
                row, _, column = (params or "1;1").partition(";")
                self.row, self.column = int(row or 1) - 1, int(column or 1) - 1
            elif control == "\r":
                self.column = 0
            elif control == "\n":
                self.row += 1
            elif run:
                self._write(run)
        self._pending = text[end:]

    def _write(self, run: str) -> None:
        for character in run:
            width = get_character_cell_size(character)
            if 0 <= self.row < ROWS and 0 <= self.column < COLUMNS:
                self.cells[self.row][self.column] = character
                if width == 2 and self.column + 1 < COLUMNS:
                    self.cells[self.row][self.column + 1] = ""
            self.column += width

    def drawn_under(self, title: str, text: str) -> bool:
        """``text`` is inside the box whose top border carries ``title`` (or anywhere below
        ``title`` when it is not a box's), so the screen with that title drew it."""
        for row, column in self.places(title):
            left = column
            while left >= 0 and self.cells[row][left] not in _CORNERS:
                left -= 1
            for below, at in self.places(text):
                inside = left < 0 or self.cells[below][left] in _SIDES
                if below > row and at > left and inside:
                    return True
        return False

    def text(self) -> str:
        return "\n".join("".join(cells) for cells in self.cells)

    def footer(self) -> str:
        """The bottom row: each screen's own keys, so it tells which screen is on top."""
        return "".join(self.cells[-1]).strip()

    def places(self, text: str) -> set[tuple[int, int]]:
        """Where ``text`` is on the screen, as (row, column)."""
        found = set()
        for number, cells in enumerate(self.cells):
            line = "".join(cells)
            at = line.find(text)
            while at >= 0:
                found.add((number, at))
                at = line.find(text, at + 1)
        return found


class Terminal:
    """The console in a pseudo-terminal of ROWS × COLUMNS: keys in, the raw stream out."""

    def __init__(self, world: HostileWorld, *command: str) -> None:
        self.fd, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        env = {**world.env, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        arguments = [*command, "-c", str(world.config), "--db", str(world.db)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "crisistui", *arguments],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TEXTUAL_ANIMATIONS": "none"},
            cwd=world.folder,
            start_new_session=True,
        )
        os.close(slave)
        self.stream = b""
        self.grid = Grid()

    def press(self, keys: bytes) -> int:
        """Send keys; returns where the stream stood, to read what they caused."""
        at = len(self.stream)
        os.write(self.fd, keys)
        return at

    def between_frames(self) -> bool:
        """The stream ends where a frame ends (the console paints each frame between the
        synchronised-output marks, since this terminal says it knows them), so what the grid
        shows is a whole frame, never one half-written."""
        return self.stream.rfind(SYNC_START) <= self.stream.rfind(SYNC_END)

    def wait_until(self, condition: Callable[[], bool]) -> bool:
        """Read the stream until ``condition()`` holds on a whole frame, or the deadline
        passes."""
        deadline = time.monotonic() + DEADLINE
        while not (self.between_frames() and condition()):
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                return False
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:  # the console has gone
                    return False
                if SYNC_QUERY in self.stream[-16:] + chunk:  # "do you know frames?"
                    os.write(self.fd, SYNC_ANSWER)
                self.stream += chunk
                self.grid.feed(chunk)
        return True

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        os.close(self.fd)


@dataclass(frozen=True)
class Seen:
    """What one screen sent the terminal, and whether it came up showing what it should."""

    since: int
    """Where the stream stood when its first key was pressed."""
    came_up: bool
    visible: str
    footer: str
    closed: bool
    """It closed again, and the main screen is back to take the next screen's keys."""
    raw: bytes = b""
    """What it sent: from its first key to the next screen's, no escape sequence cut."""


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Seen]:
    """Every screen of `run --no-collect`, each opened from the main screen and closed again
    in one console; then `crisistui wall`. The screens' bytes split the whole stream between
    them, each escape sequence whole in one of them."""
    world = hostile_world(tmp_path_factory.getbasetemp())
    seen: dict[str, Seen] = {}
    for command, group in (("run --no-collect", SCREENS), ("wall", (WALL,))):
        terminal = Terminal(world, *command.split())
        visits: list[Seen] = []
        try:
            main = visit(terminal, group[0], "")
            visits.append(main)
            for screen in group[1:]:
                visits.append(visit(terminal, screen, main.footer))
                if not visits[-1].closed:
                    break
        finally:
            terminal.close()
        stream = terminal.stream
        starts = [whole(stream, v.since) for v in visits] + [len(stream)]
        for screen, v, start, end in zip(group, visits, starts, starts[1:], strict=False):
            seen[screen.name] = replace(v, raw=stream[start:end])
    return seen


def visit(terminal: Terminal, screen: Screen, main_footer: str) -> Seen:
    """Open ``screen`` from the main screen (no keys: the main screen itself) and close it
    again."""
    grid = terminal.grid
    since = len(terminal.stream)
    came_up = all(taken(terminal, keys, footer) for keys, footer in screen.first)
    if came_up and screen.keys:
        terminal.press(screen.keys)
    came_up = came_up and terminal.wait_until(
        lambda: (
            grid.drawn_under(screen.title, screen.shows)
            and (not screen.copies or bool(clipboard(terminal.stream[since:])))
            # the main screen is up once its keys are drawn too (they may come a frame later)
            and (bool(screen.keys) or not screen.footer or bool(grid.footer()))
        )
    )
    visible, footer, closed = grid.text(), grid.footer(), True
    if screen.keys:
        # the screen's frame may end after what the test looked for: its own footer drawn,
        # then each key back once the one before was taken, and the next screen's keys once
        # the main screen is drawn again (a key sent before Textual has taken an escape is
        # read with it as alt+key)
        if screen.footer:
            terminal.wait_until(lambda: grid.footer() != main_footer)
        for key in screen.back[:-1]:
            taken(terminal, key, "", grid.footer())
        terminal.press(screen.back[-1])
        closed = terminal.wait_until(
            lambda: (
                grid.footer() == main_footer and (screen.footer or screen.title not in grid.text())
            )
        )
    return Seen(since, came_up, visible, footer, closed)


def taken(terminal: Terminal, keys: bytes, footer: str, left: str | None = None) -> bool:
    """Press ``keys``, then wait for a footer that starts with ``footer`` (and is not the one
    ``left``): the screen they lead to is up and takes the next key."""
    terminal.press(keys)
    return terminal.wait_until(
        lambda: terminal.grid.footer().startswith(footer) and terminal.grid.footer() != left
    )


_CLIPBOARD = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")
"""Textual's clipboard sequence (``App.copy_to_clipboard``), whole."""


def clipboard(raw: bytes) -> list[str]:
    """What ``raw`` copies to the clipboard."""
    return [base64.b64decode(payload).decode() for payload in _CLIPBOARD.findall(raw)]


_SEQUENCE = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^\[\]]")


def whole(stream: bytes, at: int) -> int:
    """``at``, moved back to the start of an escape sequence it would cut in two (the tail
    of Textual's own OSC 22, cut off its start, would read as a stranger's BEL, and its start
    cut off its tail as a stranger's OSC)."""
    esc = stream.rfind(b"\x1b", max(0, at - 256), at)
    if esc < 0:
        return at
    ended = _SEQUENCE.match(stream, esc)
    return at if ended is not None and ended.end() <= at else esc


def uncut(raw: bytes) -> bytes:
    """``raw`` without the pieces of a character cut off at either end (a read from the
    terminal may end inside one)."""
    start = 0
    while start < min(3, len(raw)) and 0x80 <= raw[start] < 0xC0:
        start += 1
    end = len(raw)
    for back in range(1, min(4, len(raw) - start) + 1):
        byte = raw[end - back]
        if byte < 0x80:
            break
        if byte >= 0xC0:
            if back < (2 if byte < 0xE0 else 3 if byte < 0xF0 else 4):
                end -= back
            break
    return raw[start:end]


def terminal_leaks(raw: bytes) -> list[str]:
    """The hostile sequences in a terminal stream, beside Textual's own (CSI and OSC 22)."""
    text = uncut(raw).decode("utf-8", "surrogateescape")
    bare = _OWN_OSC.sub("", text)
    found = [name for name, code in CONTROLS.items() if code in bare]
    found += [f"ESC {m!r}" for m in sorted(set(re.findall(r"\x1b[^\[]", _CSI.sub("", bare))))]
    found += [f"U+{ord(c):04X}" for c in sorted(set(re.findall(r"[\x80-\x9f]", bare)))]
    if re.search("[\udc80-\udcff]", bare):
        found.append("invalid UTF-8")
    return found


@pytest.mark.parametrize("screen", [*SCREENS, WALL], ids=[s.name for s in (*SCREENS, WALL)])
def test_a_screen_shows_strangers_words_literally_and_sends_no_control_of_theirs(
    screens: dict[str, Seen], screen: Screen
) -> None:
    assert screen.name in screens, "an earlier screen did not close"
    seen = screens[screen.name]
    assert seen.came_up, f"{screen.name}: {screen.shows!r} not drawn: {seen.visible[-3000:]}"
    raw = seen.raw
    if screen.copies:  # the answer, copied by the console: inert, and no stranger's words
        copied = clipboard(raw)
        assert copied and all(c.startswith(screen.copies) for c in copied), copied
        assert all(leaks(c) == [] and "COMBO" not in c for c in copied), copied
        raw = _CLIPBOARD.sub(b"", raw)
    assert terminal_leaks(raw) == []
