"""Shared pieces of the commands: exit codes, config and database lookup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crisistui.config import Config, ConfigError, demo_config, find_config, load_config
from crisistui.response.playbook import Playbook, load_playbooks

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def err(message: str) -> None:
    print(f"crisistui: {message}", file=sys.stderr)


def config_from_args(args: argparse.Namespace, *, required: bool) -> Config:
    """Config from -c, $CRISISTUI_CONFIG or the user config dir; the demo brand otherwise."""
    path = find_config(getattr(args, "config", None))
    if path is None:
        if required:
            raise ConfigError(
                "config",
                [
                    "no config file: pass -c FILE, set CRISISTUI_CONFIG, or create "
                    "crisistui.toml in the user config directory"
                ],
            )
        err("no config file found; using the built-in demo brand (Acme Air)")
        return demo_config()
    return load_config(path)


def db_path_from_args(args: argparse.Namespace, config: Config) -> Path:
    return Path(args.db).expanduser() if getattr(args, "db", None) else config.db_path()


def playbooks_for(config: Config) -> dict[str, Playbook]:
    playbooks = load_playbooks(config.playbook_dirs())
    if not playbooks:
        raise ConfigError("playbooks", ["no playbook found"])
    return playbooks


def check_keys(config: Config) -> None:
    """Refuse a ``[console] keys`` table that names bindings that do not exist (the console
    would silently ignore them, and someone would press a key that does nothing) or gives one
    key to two actions, and a ``[console] theme`` the console does not have."""
    if not config.console.keys and config.console.theme is None:
        return
    from crisistui.tui.keys import keymap_problems
    from crisistui.tui.themes import theme_problems

    problems = keymap_problems(config.console.keys) + theme_problems(config.console.theme)
    if problems:
        raise ConfigError(str(config.origin or "config"), problems)
