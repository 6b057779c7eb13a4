"""The console's colour theme: set in ``[console] theme`` or chosen in the command palette.

A theme chosen in the palette is a person's preference, so it is kept in the user state
directory, never written into a config file a team may share. It is used at the next start
unless ``[console] theme`` has changed since it was chosen: the file's new value then wins,
so editing the config always has a visible effect, and choosing in the palette always lasts.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from textual.theme import BUILTIN_THEMES

from crisistui.config import APP_NAME

STATE_FILE = "console.json"


def theme_names() -> list[str]:
    """The themes ``[console] theme`` may name: Textual's built-in ones."""
    return sorted(BUILTIN_THEMES)


def theme_problems(theme: str | None) -> list[str]:
    """What is wrong with ``[console] theme``, if anything (the closest names first)."""
    if theme is None or theme in BUILTIN_THEMES:
        return []
    names = theme_names()
    close = difflib.get_close_matches(theme, names, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(repr(n) for n in close)}? " if close else ""
    return [f"console.theme: no theme {theme!r} ({hint}themes: {', '.join(names)})"]


def state_path() -> Path:
    """Where the console keeps what a person chose (not config: nobody writes it by hand)."""
    return Path(platformdirs.user_state_dir(APP_NAME)) / STATE_FILE


@dataclass(frozen=True)
class ChosenTheme:
    """A theme picked in the palette, and the ``[console] theme`` in force when it was."""

    theme: str
    over: str | None


def chosen_theme() -> ChosenTheme | None:
    """The last theme picked in the palette; None if none was, or the file is unreadable
    (a preference is never worth refusing to start over)."""
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("theme"), str):
        return None
    over = data.get("config_theme")
    return ChosenTheme(data["theme"], over if isinstance(over, str) else None)


def start_theme(configured: str | None, available: Collection[str]) -> str | None:
    """The theme to start with: the one last chosen in the palette, unless the config's theme
    changed since; else the config's; None for Textual's default."""
    chosen = chosen_theme()
    if chosen is not None and chosen.theme in available and chosen.over == configured:
        return chosen.theme
    if configured is not None and configured in available:
        return configured
    if configured is None and chosen is not None and chosen.theme in available:
        return chosen.theme
    return None


def remember_theme(theme: str, configured: str | None) -> Path:
    """Keep a theme chosen in the palette for the next start; returns the file written.
    Written beside and then moved over the old one, so a crash never leaves half a file."""
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.partial")
    data = {"theme": theme, "config_theme": configured}
    partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path
