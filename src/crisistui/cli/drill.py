"""`crisistui drill PLAYBOOK`: rehearse the plan.

By default it replays the playbook's built-in rehearsal scenario in accelerated time, in a
console on a separate drill database, so the crisis office practises on a feed that looks like
the real thing, from the alert on, without a single rehearsal mention reaching the real one.
``--replay FILE`` replays a recorded crisis instead (``--replay demo``: the demo's outage), and
``--replay LANG`` the playbook's built-in variant whose crisis breaks out in that language
(``crisistui drill boycott --replay vi``: a boycott on Vietnamese social media).
``--tabletop`` only opens the drill incident in the team's database, for an exercise on the
real console. Drill incidents are labelled everywhere and left out of the metrics across
incidents.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shlex
import sys
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from crisistui.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    check_keys,
    config_from_args,
    db_path_from_args,
    err,
    open_for,
    playbooks_for,
    speed_value,
)
from crisistui.config import APP_NAME, Config, demo_config, find_config
from crisistui.demo import scenario_resource
from crisistui.domain.clock import Clock, ScaledClock
from crisistui.domain.people import current_user
from crisistui.domain.playbook import Playbook
from crisistui.domain.statements import public_title
from crisistui.sources.demo import ScenarioLine, story_end
from crisistui.store import open_store
from crisistui.store.location import StoreLocation, parse_location
from crisistui.store.private import private_folder

if TYPE_CHECKING:
    from crisistui.tui.app import ConsoleSetup

DEMO_SCENARIO = "demo"
BUILTIN_SCENARIO = "builtin"
LANGUAGE = re.compile(r"[a-z]{2,3}")
"""A ``--replay`` value that names a language (``vi``) rather than a file."""
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_VARIANT_FILE = re.compile(r"(?P<name>[a-z0-9][a-z0-9_-]*)\.(?P<lang>[a-z]{2,3})\.jsonl")


def add_drill_arguments(drill: argparse.ArgumentParser) -> None:
    drill.add_argument("scenario", metavar="PLAYBOOK", help="playbook id, e.g. data-breach")
    drill.add_argument(
        "--replay",
        metavar="FILE",
        default=BUILTIN_SCENARIO,
        help="what to replay in the drill console, on a separate drill database: 'builtin' "
        "(the default: the playbook's built-in rehearsal scenario), a language code such as "
        "'vi' (its built-in variant whose crisis breaks out in that language), 'demo' (the "
        "demo's outage) or a JSONL file (the import format; ./vi for a file named like a "
        "language)",
    )
    drill.add_argument(
        "--tabletop",
        action="store_true",
        help="no replay and no console: open the drill incident in the team's database, for "
        "an exercise on the real console",
    )
    drill.add_argument(
        "--start",
        metavar="TIME",
        help="ISO-8601 time in the file where play begins; earlier mentions arrive at once "
        "as history (default: the first mention)",
    )
    drill.add_argument(
        "--speed", type=speed_value, default=1.0, help="multiply the replay's pace (60× by default)"
    )


async def open_drill(
    db: StoreLocation, playbook: Playbook, config: Config, actor: str, now: datetime
) -> int:
    """Open the drill incident (marked as one, kept out of the real metrics) under the title
    a real one would have, and return its id."""
    kind = playbook.crisis_types[0] if playbook.crisis_types else playbook.id
    title = public_title(playbook, config.brand.name)
    async with await open_for(db, config) as store:
        incident = await store.open_incident(title, kind, playbook.id, actor, now, is_drill=True)
    return incident.id


def builtin_replay(playbook: Playbook, lang: str | None = None) -> list[ScenarioLine] | None:
    """The built-in rehearsal scenario for a playbook: the one named after it, else the one of
    its first crisis type that has one (a team's own ``breach-eu`` playbook of type
    ``data-breach`` rehearses on the breach); with ``lang``, the variant of that scenario whose
    crisis breaks out in that language; None if there is none."""
    from crisistui.sources.demo import load_builtin_scenario

    for name in (playbook.id, *playbook.crisis_types):
        if lang is None:
            scenario = load_builtin_scenario(name)
        else:
            scenario = load_language_scenario(name, lang)
        if scenario is not None:
            return scenario
    return None


def load_language_scenario(playbook_id: str, lang: str) -> list[ScenarioLine] | None:
    """The built-in scenario of a playbook whose crisis breaks out in ``lang`` (``boycott``,
    ``vi``), about the demo brand; None if there is none."""
    from crisistui.sources.demo import load_scenario

    if not (_NAME.fullmatch(playbook_id) and LANGUAGE.fullmatch(lang)):
        return None
    resource = resources.files("crisistui.demo").joinpath(
        *scenario_resource(playbook_id, lang).split("/")
    )
    if not resource.is_file():
        return None
    with resources.as_file(resource) as path:
        return load_scenario(path)


def builtin_languages() -> dict[str, list[str]]:
    """Languages other than English with built-in scenarios -> the playbook ids they
    rehearse, sorted."""
    found: dict[str, list[str]] = {}
    for entry in resources.files("crisistui.demo").joinpath("scenarios").iterdir():
        if variant := _VARIANT_FILE.fullmatch(entry.name):
            found.setdefault(variant["lang"], []).append(variant["name"])
    return {lang: sorted(ids) for lang, ids in sorted(found.items())}


def load_replay(source: str, start: str | None) -> list[ScenarioLine] | None:
    """The scenario to replay; bad lines are reported like ``import`` does, None if nothing
    usable is left."""
    from crisistui.importer import ReadReport, open_text, parse_time, read_jsonl
    from crisistui.sources.demo import load_scenario, scenario_from_items

    if source == DEMO_SCENARIO:
        return load_scenario()
    report = ReadReport()
    try:
        with open_text(Path(source)) as handle:
            items = list(read_jsonl(handle, report))
    except OSError as exc:
        err(f"{source}: cannot read: {exc.strerror}")
        return None
    for number, problem in report.errors[:200]:
        print(f"{source}:{number}: {problem}", file=sys.stderr)
    if not items:
        err(f"{source}: no mention to replay ({report.bad} bad lines)")
        return None
    try:
        begin = parse_time(start, "--start") if start else None
    except ValueError as exc:
        err(str(exc))
        return None
    return scenario_from_items(items, begin)


def default_drill_db(playbook_id: str, now: datetime) -> Path:
    folder = Path(platformdirs.user_data_dir(APP_NAME)) / "drills"
    return folder / f"{playbook_id}-{now:%Y%m%d-%H%M%S}.db"


def replay_setup(
    config: Config,
    db: Path,
    playbooks: dict[str, Playbook],
    scenario: list[ScenarioLine],
    clock: Clock,
    origin: datetime,
    speed: float,
) -> ConsoleSetup:
    """The console of a replay drill: the scenario as its only source, every incident a
    drill. (Textual is imported late, so the other commands never load it.)"""
    from crisistui.sources.demo import DemoSource
    from crisistui.tui.app import ConsoleSetup

    return ConsoleSetup(
        config=config,
        db_path=db,
        playbooks=playbooks,
        sources=[DemoSource("drill", clock, origin, interval=0.5, scenario=scenario)],
        clock=clock,
        mode=f"DRILL ×{speed:g}",
        drill=True,
    )


def cmd_drill(args: argparse.Namespace) -> int:
    config = config_from_args(args, required=False)
    playbooks = playbooks_for(config)
    playbook = playbooks.get(args.scenario)
    if playbook is None:
        err(f"no playbook {args.scenario!r} (have: {', '.join(sorted(playbooks))})")
        return EXIT_USAGE
    if args.tabletop:
        return _tabletop(args, config, playbook)
    return _replay(args, config, playbooks, playbook)


def _tabletop(args: argparse.Namespace, config: Config, playbook: Playbook) -> int:
    db = db_path_from_args(args, config)
    incident_id = asyncio.run(open_drill(db, playbook, config, current_user(), datetime.now(UTC)))
    quoted = shlex.quote(str(db))
    print(f"Drill incident #{incident_id} opened: {playbook.name} ({playbook.id}), in {db}")
    print("It is marked as a drill: labelled in its report and left out of the real metrics.")
    print(f"Open the console on it:  {_console_command(args, quoted)}")
    print(f"Write its review:        {review_command(incident_id, db, args.config)}")
    return EXIT_OK


def review_command(
    incident_id: int, db: Path, config_file: str | Path | None, zone: str = "UTC"
) -> str:
    """The `report` command that writes a drill's review as the team would read it: with the
    config the drill read, or, where a built-in scenario left it out (its brand is the demo's),
    the team's time zone, which the review would otherwise give in UTC."""
    where = f" -c {shlex.quote(str(config_file))}" if config_file else ""
    if not config_file and zone != "UTC":
        where = f" --time-zone {shlex.quote(zone)}"
    return f"crisistui report {incident_id}{where} --db {shlex.quote(str(db))}"


def _console_command(args: argparse.Namespace, quoted_db: str) -> str:
    """A `run` that works as printed: with the config this command read (`run` finds it the
    same way), or, with none, a reading console, which needs no config (`run` collecting
    would stop at "no config file")."""
    if args.config:
        return f"crisistui run -c {shlex.quote(str(args.config))} --db {quoted_db}"
    if find_config(None) is not None:
        return f"crisistui run --db {quoted_db}"
    return f"crisistui run --no-collect --db {quoted_db}"


def _replay(
    args: argparse.Namespace, config: Config, playbooks: dict[str, Playbook], playbook: Playbook
) -> int:
    from crisistui.sources.demo import DEFAULT_SPEED
    from crisistui.tui.app import CrisisApp

    check_keys(config)
    now = datetime.now(UTC).replace(microsecond=0)
    if args.db and parse_location(args.db).is_postgres:
        err(
            f"--db {parse_location(args.db)}: a replay drill writes rehearsal mentions into a "
            "file of its own; give it a file (a tabletop drill, --tabletop, may use the team's "
            "PostgreSQL database)"
        )
        return EXIT_USAGE
    db = Path(args.db).expanduser() if args.db else default_drill_db(playbook.id, now)
    team_db = config.db_path()
    if db.resolve() == team_db.resolve():
        err(
            f"--db {db} is the team's database; a replay drill writes rehearsal mentions, "
            "so it needs a file of its own"
        )
        return EXIT_USAGE
    lang = args.replay if LANGUAGE.fullmatch(args.replay) else None
    if args.replay == BUILTIN_SCENARIO:
        scenario = builtin_replay(playbook)
        if scenario is None:
            from crisistui.sources.demo import builtin_scenarios

            have = ", ".join(builtin_scenarios())
            err(f"no built-in scenario for playbook {playbook.id!r} (have: {have})")
            return EXIT_USAGE
    elif lang is not None:
        scenario = builtin_replay(playbook, lang)
        if scenario is None:
            listed = "; ".join(
                f"{code}: {', '.join(ids)}" for code, ids in builtin_languages().items()
            )
            err(
                f"no built-in scenario in {lang!r} for playbook {playbook.id!r} "
                f"(in other languages: {listed or 'none'}; ./{lang} for a file of that name)"
            )
            return EXIT_USAGE
    else:
        scenario = load_replay(args.replay, args.start)
        if scenario is None:
            return EXIT_USAGE
    builtin = args.replay in (DEMO_SCENARIO, BUILTIN_SCENARIO) or lang is not None
    if builtin:
        config = builtin_drill_config(config)
    problem = asyncio.run(_holds_real_work(db)) if db.exists() else None
    if problem is not None:
        err(problem)
        return EXIT_USAGE
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        err(
            "a replay drill opens the console, which needs a terminal; "
            "use --tabletop to only open the drill incident"
        )
        return EXIT_USAGE
    private_folder(db.parent)
    speed = DEFAULT_SPEED * args.speed
    ends = story_end(now, scenario, speed)
    asyncio.run(_mark_drill_database(db, now, speed, ends, playbook.id))
    # Counted from the moment stored for those who join, not from after the file was set up,
    # so every console on the drill shows the same time.
    clock = ScaledClock.joining(now, speed, wall_origin=now, until=ends)
    # The checklist shows the rehearsed playbook until an incident picks its own.
    console = config.console.model_copy(update={"playbook": playbook.id})
    config = config.model_copy(update={"console": console})
    setup = replay_setup(config, db, playbooks, scenario, clock, now, speed)
    # The built-in scenarios are about the demo brand: joiners read them without the team's config.
    where = f" -c {shlex.quote(str(args.config))}" if args.config and not builtin else ""
    quoted = shlex.quote(str(db))
    print(f"Drill of {playbook.name}: replaying {len(scenario)} mentions into {db}")
    print("Open the incident from the alert (i) as you would on the day; it is marked a drill.")
    print(f"Others join with:  crisistui run{where} --db {quoted} --no-collect")
    app = CrisisApp(setup)
    app.run()
    config_file = args.config if args.config and not builtin else None
    zone = config.response.statement_time_zone
    for incident_id in asyncio.run(_incident_ids(db)):
        print(f"Write a review:    {review_command(incident_id, db, config_file, zone)}")
    return app.return_code or EXIT_OK


def builtin_drill_config(team: Config) -> Config:
    """The config a built-in scenario is replayed with: the demo brand it is about, rehearsed
    by this team, with its ``[response]`` (roles, high reach, the statements' time zone: a
    Vietnamese team's drill statement said "UTC")."""
    config = demo_config()
    if "response" in team.model_fields_set:
        config = config.model_copy(update={"response": team.response})
    return config


async def _holds_real_work(db: Path) -> str | None:
    """Why an existing file may not take a replay, if it may not: one that holds real work
    would turn the team's next incident into a drill, and an earlier drill's already holds the
    scenario's mentions, so a second replay would store almost none of them."""
    async with await open_store(db, create=False) as store:
        drill = await store.is_drill_database()
        mentions, incidents = await store.mention_count(), len(await store.incidents())
    if mentions or incidents:
        kind = "an earlier drill's database" if drill else "not a drill database"
        return (
            f"--db {db} holds {mentions} mentions and {incidents} incidents ({kind}); "
            "a replay drill needs a new file"
        )
    return None


async def _mark_drill_database(
    db: Path, origin: datetime, speed: float, until: datetime | None, playbook: str
) -> None:
    """Every incident opened in the file, from any console or command, is a drill, and
    consoles joining it run on the replay's clock and show the rehearsed playbook."""
    async with await open_store(db) as store:
        await store.mark_drill_database(origin, speed, until, playbook)


async def _incident_ids(db: Path) -> list[int]:
    async with await open_store(db) as store:
        return [incident.id for incident in await store.incidents()]
