"""docs/keys.md, written from the bindings themselves, so the reference cannot drift from what
the console does: ``python -m crisistui.tui.keys_reference > docs/keys.md`` (a test checks that
the committed file is current)."""

from __future__ import annotations

import sys

from textual.binding import Binding

from crisistui.tui.keys import key_sections
from crisistui.tui.screens.help import collect_sections, key_label

INTRO = """\
# Keys

Every key of the console, where it works, and its binding id. This file is written from the
bindings themselves (`python -m crisistui.tui.keys_reference > docs/keys.md`); `?` in the
console shows the same list with the keys as your config moved them. [The console](console.md)
says what each pane and key does in detail.

Move a key with its binding id under `[console] keys` (quote the ids: they contain dots):

```toml
[console.keys]
"app.timeline" = "T,f5"
```

A key given to two bindings that are active in the same place is refused with both named.
Press `:` or `ctrl+p` for the command palette, which offers the same actions by name.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(binding: Binding) -> str:
    keys = ", ".join(f"`{k.strip()}`" for k in key_label(binding.key).split(", "))
    what = binding.description or binding.action
    if binding.tooltip:
        what = f"{what}: {binding.tooltip}"
    return f"| {_cell(keys)} | {_cell(what)} | `{binding.id or ''}` |"


def keys_markdown() -> str:
    """The reference, one table per place, in the order the help screen lists them."""
    out = [INTRO]
    for title, bindings in collect_sections(key_sections()):
        out += [f"## {title}", "", "| Key | Action | Binding id |", "|---|---|---|"]
        out += [_row(b) for b in bindings]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(keys_markdown())
