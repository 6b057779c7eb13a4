"""The terminal driver: Textual's, with an input thread that takes a lone escape on time.

A lone escape byte may start a key's sequence, so the parser waits ``ESCDELAY`` before it calls
it the escape key; but Textual's input thread only looks at the parser's clock when its
``select`` wakes, every 100 ms when no byte comes. Closing any screen with esc therefore took
over 100 ms however short the wait. This thread wakes as often as the wait is long, so esc
lands when the wait ends; the rest (reading, decoding, parsing) is Textual's own.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual import constants
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

READ_BYTES = 4096


class PromptEscapeDriver(LinuxDriver):
    """``LinuxDriver`` whose input thread wakes every ``ESCDELAY`` (at most 100 ms)."""

    def run_input_thread(self) -> None:
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        wake = min(constants.ESCAPE_DELAY, 0.1)
        with selectors.SelectSelector() as selector:
            selector.register(self.fileno, selectors.EVENT_READ)
            while not self.exit_event.is_set():
                ready = selector.select(wake)
                if ready:
                    chunk = os.read(self.fileno, READ_BYTES)
                    if not chunk:  # the terminal has gone: nothing more will come
                        break
                    for event in parser.feed(decode(chunk)):
                        self.process_message(event)
                for event in parser.tick():  # a lone escape whose wait is over
                    self.process_message(event)
