"""Shared pieces of the commands: exit codes, config and database lookup."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from crisistui.config import (
    Config,
    ConfigError,
    config_label,
    demo_config,
    find_config,
    load_config,
    user_config_path,
)
from crisistui.domain.playbook import Playbook, load_playbooks
from crisistui.store import Store, open_store
from crisistui.store.errors import OtherBrandsDatabase
from crisistui.store.location import StoreLocation, parse_location

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
                    f"{user_config_path()}"
                ],
            )
        err("no config file found; using the built-in demo brand (Acme Air)")
        return demo_config()
    return load_config(path)


DB_ENVIRONMENT = "CRISISTUI_DB"
"""Where a database URL may be given instead of ``--db``: out of the process list."""


def db_path_from_args(args: argparse.Namespace, config: Config) -> StoreLocation:
    """``--db`` (a path, ``sqlite:///…`` or ``postgresql://…``), else ``$CRISISTUI_DB``, else
    ``[storage]``; in the brand's ``[storage] schema`` when it is a PostgreSQL database."""
    given = getattr(args, "db", None) or os.environ.get(DB_ENVIRONMENT)
    location = parse_location(given if given else config.db_location())
    return location.in_schema(config.storage.brand_schema)


def brand_of(config: Config) -> str | None:
    """The brand a database opened for ``config`` must belong to; None for the demo brand that
    stands in when no config was found (the demo's file is its own)."""
    return config.brand.name if config.origin is not None else None


async def check_brand(store: Store, brand: str | None, *, claim: bool = False) -> None:
    """Refuse a database that belongs to another brand (``Store.other_brand``); with
    ``claim``, a command about to write makes an unclaimed one ``brand``'s. Without a config
    (``brand`` None: the demo brand stands in), a database another brand has claimed is refused:
    a console opened on the team's database from a folder without the config showed it as the
    demo brand's, calm, and opened "Acme Air" incidents in it."""
    if brand is None:
        owner = await store.other_brand(demo_config().brand.name, claim=False)
        if owner is not None:
            raise OtherBrandsDatabase(
                f"{store.location}: this database is {owner}'s and no config was found: give "
                f"{owner}'s config (-c FILE, or ~/.config/crisistui/crisistui.toml)",
                reason=f"the database is {owner}'s and no config was given",
            )
        return
    other = await store.other_brand(brand, claim=claim)
    if other is not None:
        raise OtherBrandsDatabase(
            f"{store.location}: this database is {other}'s, not {brand}'s: give each brand a "
            "database of its own ([storage] path or url), or on PostgreSQL a schema of its "
            "own ([storage] schema)",
            reason=f"the database is {other}'s",
        )


async def open_for(
    where: StoreLocation, config: Config, *, claim: bool = False, **options: bool
) -> Store:
    """``open_store`` for a command run with ``config``: refused when the database is another
    brand's (``check_brand``). A database made in a folder made for it is said: a mistyped
    ``--db`` folder for ``import`` or ``collect`` silently started a second database."""
    location = parse_location(where)
    made = None if location.is_postgres else location.file().expanduser()
    if made is not None and made.parent.exists():
        made = None
    store = await open_store(where, **options)
    if made is not None and made.exists():
        err(f"{made}: a new database, in a folder made for it now")
    try:
        await check_brand(store, brand_of(config), claim=claim)
    except BaseException:
        await store.close()
        raise
    return store


def playbooks_for(config: Config) -> dict[str, Playbook]:
    named = config.named_playbooks_dir()
    if named is not None and not named.is_dir():  # a typo left the team's playbooks out
        raise ConfigError(config_label(config.origin), [f"playbooks_dir: no such folder: {named}"])
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
        raise ConfigError(config_label(config.origin), problems)


def utc_iso(moment: datetime | None) -> str | None:
    """A moment in UTC, ISO 8601: a history's own offsets mixed in one output read reversed."""
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def utc_text(moment: datetime | None) -> str:
    """A moment for a person to read, in UTC to the minute; "—" when there is none."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if moment is not None else "—"


def run_until_signal(
    command: Coroutine[Any, Any, int],
    *,
    again_ends: bool = False,
    again: Callable[[], None] | None = None,
) -> int:
    """Run ``command``; Ctrl+C or SIGTERM cancels it, which it may catch to say what it did
    (its exit code then stands; 0 if it does not). ``again_ends``: a second signal ends the
    process at once, as it ends any command. ``again``: a second signal calls it instead of
    cancelling the command's last acts."""
    import asyncio  # here: the commands that run nothing until a signal need none of these
    import contextlib
    import signal

    async def main() -> int:
        task = asyncio.ensure_future(command)
        loop = asyncio.get_running_loop()
        signals = (signal.SIGINT, signal.SIGTERM)

        def stop() -> None:
            if again is not None and task.cancelling():
                again()
                return
            task.cancel()
            if again_ends:
                for sig in signals:
                    loop.remove_signal_handler(sig)

        for sig in signals:
            with contextlib.suppress(RuntimeError, ValueError, NotImplementedError):
                loop.add_signal_handler(sig, stop)  # only possible in the main thread
        try:
            return int(await task)
        except asyncio.CancelledError:
            return EXIT_OK

    return asyncio.run(main())


MAX_SPEED = 10_000.0
"""The largest multiplier of a replay's pace (the demo and a drill run at 60× times it):
faster, a clock's minutes outrun what a screen can show, and past about 1e300 the
arithmetic of time itself overflows."""


def _number_within(text: str, low: float, high: float, said: str) -> float:
    """``text`` as a number from ``low`` to ``high``, both included, for argparse: "nan" and
    "inf" parse as floats, and fail the comparison."""
    try:
        number = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not low <= number <= high:
        raise argparse.ArgumentTypeError(f"{text!r}: {said}")
    return number


def speed_value(text: str) -> float:
    """A replay's pace for argparse: a finite number above 0, at most ``MAX_SPEED`` (they
    used to end in a traceback)."""
    said = f"must be greater than 0 and at most {MAX_SPEED:,.0f}"
    speed = _number_within(text, 0.0, MAX_SPEED, said)
    if speed == 0:
        raise argparse.ArgumentTypeError(f"{text!r}: {said}")
    return speed


def share_value(text: str) -> float:
    """A share for argparse: a number from 0 to 1."""
    return _number_within(text, 0.0, 1.0, "must be a share from 0 to 1 (e.g. 0.35)")


def seconds_value(text: str) -> int:
    """A number of seconds for argparse: a whole number above 0."""
    try:
        seconds = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds") from None
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: must be greater than 0")
    return seconds
