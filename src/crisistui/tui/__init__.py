"""The Textual console: renders state and dispatches what people ask for.

A lone escape byte could be the start of a key's sequence, so Textual waits ``ESCDELAY``
milliseconds (100 by default) before it takes it as the escape key: the wait every screen's
"back" paid. A key's sequence arrives in one write, even over SSH, so the console waits
``ESCAPE_MILLISECONDS`` (tmux, which reads the same bytes from the same terminals and sshd,
waits 10 ms since 3.5) unless the user sets ``ESCDELAY`` (as for curses programs) for a link
that splits them. Set before Textual is first imported, which reads it once.

Rich is told how terminals draw spacing marks (``tui.cells``) before anything is measured.
"""

import os

from crisistui.tui import cells

ESCAPE_MILLISECONDS = 15
os.environ.setdefault("ESCDELAY", str(ESCAPE_MILLISECONDS))
cells.install()
