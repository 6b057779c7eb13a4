"""`crisistui report` and `crisistui drill` as real processes, with their exit codes."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.playbook import load_playbooks
from crisistui.store import open_store

T0 = datetime(2026, 3, 10, 9, 2, tzinfo=UTC)


def crisistui(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisistui", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def _incident_with_a_statement(db: Path) -> int:
    outage = load_playbooks()["service-outage"]
    async with await open_store(db) as store:
        incident = await store.open_incident(
            "Login outage",
            "service-outage",
            outage.id,
            "sre",
            T0 + timedelta(minutes=2),
            severity="SEV2",
            detected_at=T0,
        )
        await store.assign_role(incident.id, "approver", "hoc", "sre", T0 + timedelta(minutes=3))
        statement = await store.create_statement(
            incident.id, "Holding", "We know.", "dana", T0 + timedelta(minutes=5)
        )
        await store.request_approval(statement.id, "dana", T0 + timedelta(minutes=6))
        await store.approve_statement(statement.id, "hoc", T0 + timedelta(minutes=7))
        await store.publish_statement(statement.id, "x", "dana", T0 + timedelta(minutes=8))
        return incident.id


def test_report_as_markdown_and_json(tmp_path: Path) -> None:
    db = tmp_path / "crisis.db"
    incident_id = asyncio.run(_incident_with_a_statement(db))

    shown = crisistui("report", str(incident_id), "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"# Incident #{incident_id}: Login outage")
    assert "First public response: 8 min after detection" in shown.stdout

    out = tmp_path / "review.json"
    written = crisistui("report", f"#{incident_id}", "--format", "json", "-o", out, "--db", db)
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    assert f"incident #{incident_id}" in written.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["metrics"]["after_reference"]["first_public_response"]["minutes"] == 8
    assert data["incident"]["severity"] == "SEV2"


def test_report_of_an_unknown_incident_exits_2_and_names_it(tmp_path: Path) -> None:
    db = tmp_path / "crisis.db"
    asyncio.run(_incident_with_a_statement(db))
    missing = crisistui("report", "99", "--db", db)
    assert missing.returncode == 2
    assert "no incident #99" in missing.stderr
    assert missing.stdout == ""

    garbled = crisistui("report", "twelve", "--db", db)
    assert garbled.returncode == 2
    assert "'twelve' is not an incident number" in garbled.stderr

    nowhere = crisistui("report", "1", "--db", tmp_path / "absent.db")
    assert nowhere.returncode == 2
    assert "no database here" in nowhere.stderr
    assert not (tmp_path / "absent.db").exists()


def test_incidents_on_a_database_without_any_says_so(tmp_path: Path) -> None:
    """A header over an empty table read as a failure to read them."""
    db = tmp_path / "crisis.db"
    made = crisistui("import", "/dev/null", "--db", db)
    assert made.returncode == 0, made.stderr
    listed = crisistui("incidents", "--db", db)
    assert listed.returncode == 0
    assert listed.stdout.startswith("No incidents yet")


def test_drill_opens_a_labelled_incident_kept_out_of_metrics(tmp_path: Path) -> None:
    db = tmp_path / "crisis.db"
    asyncio.run(_incident_with_a_statement(db))

    drill = crisistui("drill", "data-breach", "--tabletop", "--db", db)
    assert drill.returncode == 0, drill.stderr
    found = re.search(r"Drill incident #(\d+) opened: Data breach", drill.stdout)
    assert found, drill.stdout
    drill_id = int(found.group(1))
    assert "crisistui run" in drill.stdout and str(db) in drill.stdout

    async def check() -> None:
        from crisistui.reports.report import cross_incident_metrics

        async with await open_store(db) as store:
            incident = await store.incident(drill_id)
            assert incident is not None
            assert incident.is_drill and incident.playbook == "data-breach"
            current = await store.current_incident()  # the drill never takes the real one's place
            assert current is not None and current.id != drill_id and not current.is_drill
            summary = await cross_incident_metrics(store, load_playbooks(), subject="Acme Air")
            assert (summary.incidents, summary.drills_excluded) == (1, 1)

    asyncio.run(check())

    report = crisistui("report", str(drill_id), "--db", db)
    assert report.returncode == 0, report.stderr
    # Titled as a real one would be, since statements rehearsed in it use the title; the
    # drill is its own mark.
    title = "a security incident affecting Acme Air customer data"
    assert report.stdout.startswith(f"# Incident #{drill_id}: {title}\n")
    assert "**DRILL**" in report.stdout
    assert "DRILL:" not in report.stdout


def test_drill_of_an_unknown_scenario_exits_2(tmp_path: Path) -> None:
    result = crisistui("drill", "alien-invasion", "--db", tmp_path / "crisis.db")
    assert result.returncode == 2
    assert "no playbook 'alien-invasion'" in result.stderr
    assert "data-breach" in result.stderr
    assert not (tmp_path / "crisis.db").exists()


def test_incidents_lists_response_times_and_medians_without_drills(tmp_path: Path) -> None:
    db = tmp_path / "crisis.db"
    real = asyncio.run(_incident_with_a_statement(db))

    async def drill_with_a_fast_answer() -> int:
        async with await open_store(db) as store:
            drill = await store.open_incident(
                "\x1b[2J[red]Quarterly drill",
                "data-breach",
                "data-breach",
                "sre",
                T0,
                detected_at=T0,
                is_drill=True,
            )
            await store.record_milestone(drill.id, "acknowledged", T0, "sre", T0)
            return drill.id

    drill = asyncio.run(drill_with_a_fast_answer())
    listed = crisistui("incidents", "--db", db)
    assert listed.returncode == 0, listed.stderr
    rows = {line.split()[0]: line for line in listed.stdout.splitlines()[1:] if line.strip()}
    assert "Login outage" in rows[str(real)] and "8m" in rows[str(real)]
    assert "DRILL" in rows[str(drill)] and "\x1b" not in listed.stdout
    assert "Medians over 1 real incident(s)" in listed.stdout
    assert "(1 drill(s) left out): ack —, 1st resp 8m" in listed.stdout

    data = json.loads(crisistui("incidents", "--json", "--db", db).stdout)
    assert [i["id"] for i in data["incidents"]] == [drill, real]
    summary = data["summary"]
    assert (summary["incidents"], summary["drills_excluded"]) == (1, 1)
    assert summary["median_minutes"]["first_public_response"] == 8.0

    assert crisistui("incidents", "--db", tmp_path / "absent.db").returncode == 2


def test_the_report_lists_the_languages_of_the_incident(tmp_path: Path) -> None:
    db = tmp_path / "crisis.db"
    incident_id = asyncio.run(_incident_with_a_statement(db))

    def said(n: int, lang: str, label: Sentiment) -> Mention:
        return Mention(
            source="t",
            external_id=f"{lang}{n}",
            text=f"post {n} ({lang})",
            created_at=T0 + timedelta(minutes=3, seconds=n),
            subject="Acme Air",
            is_competitor=False,
            sentiment={"negative": -0.6, "neutral": 0.0, "unscored": 0.0}[label.value],
            label=label,
            reach=10,
            fingerprint=f"{lang}{n}",
            lang=lang,
        )

    async def store_mentions() -> None:
        batch = [said(n, "vi", Sentiment.NEGATIVE) for n in range(6)]
        batch += [said(n, "en", Sentiment.NEUTRAL) for n in range(3)]
        batch += [said(n, "am", Sentiment.UNSCORED) for n in range(2)]
        async with await open_store(db) as store:
            await store.add_mentions(batch, T0 + timedelta(minutes=4))

    asyncio.run(store_mentions())
    shown = crisistui("report", str(incident_id), "--db", db, "-c", _brand_config(tmp_path))
    assert shown.returncode == 0, shown.stderr
    languages = shown.stdout.split("## Languages", 1)[1].split("##", 1)[0]
    assert "| Vietnamese (vi) | 6 | 100% | -0.60 |" in languages
    assert "| English (en) | 3 | 0% | +0.00 |" in languages
    assert "| Amharic (am) | 2 | unscored |  |" in languages
    as_json = crisistui("report", str(incident_id), "--db", db, "--format", "json")
    codes = [v["lang"] for v in json.loads(as_json.stdout)["languages"]]
    assert codes == ["vi", "en", "am"]


def _brand_config(tmp_path: Path) -> Path:
    config = tmp_path / "crisistui.toml"
    config.write_text('[brand]\nname = "Acme Air"\nterms = ["acme air"]\n', encoding="utf-8")
    return config


def test_the_report_says_statement_states_in_words_and_the_time_each_went_out(
    tmp_path: Path,
) -> None:
    """`crisistui report` is what a person reads after the day: "awaiting approval", not
    ``approval_requested``; and a published text says when it went out, not when it was
    drafted (its ``{time}`` is filled at publication, by whatever path publishes)."""
    db = tmp_path / "crisis.db"

    async def statements() -> int:
        async with await open_store(db) as store:
            incident = await store.open_incident(
                "Login outage", "service-outage", "service-outage", "sre", T0, detected_at=T0
            )
            await store.assign_role(incident.id, "approver", "hoc", "sre", T0)
            early = await store.create_statement(
                incident.id, "Investigating", "Investigating ({time}).", "dana", T0
            )
            await store.request_approval(early.id, "dana", T0 + timedelta(minutes=1))
            await store.approve_statement(early.id, "hoc", T0 + timedelta(minutes=2))
            await store.publish_statement(early.id, "x", "dana", T0 + timedelta(minutes=38))
            waiting = await store.create_statement(
                incident.id, "Update", "Update ({time}).", "dana", T0 + timedelta(minutes=40)
            )
            await store.request_approval(waiting.id, "dana", T0 + timedelta(minutes=41))
            return incident.id

    incident_id = asyncio.run(statements())
    shown = crisistui("report", str(incident_id), "--db", db)
    assert shown.returncode == 0, shown.stderr
    section = shown.stdout.split("## Statements", 1)[1].split("## Tasks", 1)[0]
    assert "### #1 Investigating (published)" in section
    assert "### #2 Update (awaiting approval)" in section
    assert "approval_requested" not in section
    assert "> Investigating (10 Mar 2026, 09:40 UTC)." in section  # published 38 min in
    assert "> Update ({time})." in section  # not out yet: nothing to say


def test_a_resolved_incidents_review_tasks_are_open_not_skipped(tmp_path: Path) -> None:
    """The review comes after resolving: its tasks are still to do, where the other phases'
    unticked tasks were not done."""
    db = tmp_path / "crisis.db"
    outage = load_playbooks()["service-outage"]

    async def resolved() -> int:
        async with await open_store(db) as store:
            incident = await store.open_incident(
                "Login outage", "service-outage", outage.id, "sre", T0, detected_at=T0
            )
            for task in await store.resolve_blockers(incident.id, outage):
                await store.set_task_done(incident.id, task.task_id, task.title, True, "sre", T0)
            await store.set_status(incident.id, "resolved", "sre", T0, playbook=outage)
            return incident.id

    shown = crisistui("report", str(asyncio.run(resolved())), "--db", db)
    assert shown.returncode == 0, shown.stderr
    tasks = shown.stdout.split("## Tasks", 1)[1]
    review = tasks.split("### review:", 1)[1]
    assert " open" in review.splitlines()[0] and "not done" not in review
    assert "- [ ] Hold the blameless post-incident review" in review
    before = tasks.split("### review:", 1)[0]
    # an optional task of the response nobody ticked; "skipped" read as if someone had
    assert "; not done when the incident was resolved" in before and "skipped" not in before


def test_a_statement_approved_by_its_own_author_says_so(tmp_path: Path) -> None:
    """Nobody else read it: the timeline and the report say so, where a second person's
    approval reads as usual."""
    db = tmp_path / "crisis.db"

    async def statements() -> int:
        async with await open_store(db) as store:
            incident = await store.open_incident(
                "Login outage", "service-outage", "service-outage", "sre", T0, detected_at=T0
            )
            await store.assign_role(incident.id, "approver", "dana", "sre", T0)
            for title, author in (("Alone", "dana"), ("Checked", "ben")):
                made = await store.create_statement(incident.id, title, "We know.", author, T0)
                await store.request_approval(made.id, author, T0)
                await store.approve_statement(made.id, "dana", T0)
            summaries = [e.summary for e in await store.events(incident.id)]
            assert "Statement #1 approved by dana, its own author: Alone" in summaries
            assert "Statement #2 approved by dana: Checked" in summaries
            return incident.id

    shown = crisistui("report", str(asyncio.run(statements())), "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert "approved by dana (its own author) at" in shown.stdout
    assert shown.stdout.count("(its own author)") == 1


def complaint(n: int, text: str, author: str, reach: int) -> Mention:
    """A negative mention of Acme Air in an incident's window, its copies known by their
    words."""
    return Mention(
        source="t",
        external_id=str(n),
        text=text,
        created_at=T0 + timedelta(minutes=3, seconds=n),
        subject="Acme Air",
        is_competitor=False,
        sentiment=-0.6,
        label=Sentiment.NEGATIVE,
        reach=reach,
        fingerprint=text.lower(),
        author=author,
        lang="en",
    )


def test_the_brands_own_apology_is_no_top_mention_of_the_report(tmp_path: Path) -> None:
    """The brand's 850k-follower account apologised (read as negative): the review ranked it
    second among the crisis's mentions, though its accounts are left out of the queue."""
    db = tmp_path / "crisis.db"
    incident_id = asyncio.run(_incident_with_a_statement(db))

    async def store_mentions() -> None:
        async with await open_store(db) as store:
            batch = [
                complaint(1, "post 1", "@AcmeAir", 850_000),
                complaint(2, "post 2", "@strandedsam", 120),
            ]
            await store.add_mentions(batch, T0 + timedelta(minutes=4))

    asyncio.run(store_mentions())
    config = tmp_path / "crisistui.toml"
    config.write_text(
        '[brand]\nname = "Acme Air"\nterms = ["acme air"]\naccounts = ["@AcmeAir"]\n', "utf-8"
    )
    shown = crisistui("report", str(incident_id), "--db", db, "-c", config)
    assert shown.returncode == 0, shown.stderr
    top = shown.stdout.split("## Top mentions", 1)[1].split("\n## ", 1)[0]
    assert "@strandedsam" in top and "@AcmeAir" not in top
    as_json = json.loads(
        crisistui("report", str(incident_id), "--db", db, "-c", config, "--format", "json").stdout
    )
    assert [m["author"] for m in as_json["top_mentions"]] == ["@strandedsam"]


def test_a_posts_copies_are_one_top_mention_of_the_report(tmp_path: Path) -> None:
    """One outlet's post and its reposts were four of a review's ten top mentions: copies are
    one entry that says how many they are, as the feed's row does."""
    db = tmp_path / "crisis.db"
    incident_id = asyncio.run(_incident_with_a_statement(db))

    async def store_mentions() -> None:
        async with await open_store(db) as store:
            copied = "Acme Air staff insulted a passenger, boycott"
            batch = [complaint(n, copied, f"@user{n}", 5_000 - n) for n in range(4)]
            batch.append(complaint(9, "Acme Air lost my bag", "@user9", 100))
            await store.add_mentions(batch, T0 + timedelta(minutes=4))

    asyncio.run(store_mentions())
    shown = crisistui("report", str(incident_id), "--db", db)
    assert shown.returncode == 0, shown.stderr
    top = shown.stdout.split("## Top mentions", 1)[1].split("\n## ", 1)[0]
    entries = [line for line in top.splitlines() if line[:1].isdigit()]
    assert len(entries) == 2
    assert "(×4: the same words 3 more times)" in entries[0] and "@user0" in entries[0]
    as_json = json.loads(
        crisistui("report", str(incident_id), "--db", db, "--format", "json").stdout
    )
    assert [m["copies"] for m in as_json["top_mentions"]] == [4, 1]


def test_the_report_is_written_in_the_teams_time_zone(tmp_path: Path) -> None:
    """A Vietnamese team's review said every time in UTC while its statements said Vietnam's
    time: "23:04 UTC+7" in the statement quoted beneath "16:04 UTC"."""
    db = tmp_path / "crisis.db"
    incident_id = asyncio.run(_incident_with_a_statement(db))
    config = tmp_path / "crisistui.toml"
    config.write_text(
        '[brand]\nname = "Acme Air"\nterms = ["acme air"]\n\n'
        '[response]\nstatement_time_zone = "Asia/Ho_Chi_Minh"\n',
        "utf-8",
    )
    shown = crisistui("report", str(incident_id), "--db", db, "-c", config)
    assert shown.returncode == 0, shown.stderr
    assert "_All times are Asia/Ho_Chi_Minh (UTC+7), the team's time zone._" in shown.stdout
    assert "- Opened: 2026-03-10 16:04:00 UTC+7 by sre" in shown.stdout
    assert "at 2026-03-10 16:10:00 UTC+7" in shown.stdout  # published
    # a milestone's entry said its time in UTC beside the timeline's own UTC+7 stamps
    timeline = shown.stdout.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    assert "Milestone reached" in timeline and "16:10:00 UTC+7" in timeline
    assert " UTC" not in timeline.replace(" UTC+7", "")
    assert "UTC+7" not in crisistui("report", str(incident_id), "--db", db).stdout
    as_json = json.loads(
        crisistui("report", str(incident_id), "--db", db, "-c", config, "--format", "json").stdout
    )
    assert as_json["incident"]["opened_at"].startswith("2026-03-10T09:04:00")  # JSON stays UTC


def test_a_drills_review_command_keeps_the_teams_time_zone(tmp_path: Path) -> None:
    """A built-in drill is replayed without the team's config (its brand is the demo's), so
    the review command it printed wrote every time in UTC for a team in Vietnam."""
    from crisistui.cli.drill import review_command

    db = tmp_path / "drill.db"
    incident_id = asyncio.run(_incident_with_a_statement(db))
    printed = review_command(incident_id, db, None, "Asia/Ho_Chi_Minh")
    shown = crisistui(*shlex.split(printed)[1:])
    assert shown.returncode == 0, shown.stderr
    assert "_All times are Asia/Ho_Chi_Minh (UTC+7), the team's time zone._" in shown.stdout
    assert "- Opened: 2026-03-10 16:04:00 UTC+7 by sre" in shown.stdout
    wrong = crisistui("report", str(incident_id), "--db", db, "--time-zone", "Asia/Saigonn")
    assert wrong.returncode == 2
    assert "--time-zone: 'Asia/Saigonn' names no time zone" in wrong.stderr


def test_the_reviews_timeline_begins_with_the_rise_that_led_to_the_incident(
    tmp_path: Path,
) -> None:
    """The console's timeline shows the level rising, then "Incident opened"; the review began
    at the opening, as if the crisis had not been found by anything."""
    db = tmp_path / "crisis.db"

    async def found_then_opened() -> int:
        async with await open_store(db) as store:
            for at, before, to in (
                (T0 - timedelta(hours=3), "normal", "elevated"),  # an earlier bump, not this
                (T0 - timedelta(hours=2), "elevated", "normal"),
                (T0, "normal", "elevated"),
                (T0 + timedelta(seconds=31), "elevated", "high"),
            ):
                await store.add_event(
                    at,
                    "crisistui engine",
                    "severity.changed",
                    f"Severity {to.upper()} (score 60)",
                    details={"from": before, "to": to},
                )
            outage = load_playbooks()["service-outage"]
            incident = await store.open_incident(
                "Login outage",
                "service-outage",
                outage.id,
                "sre",
                T0 + timedelta(minutes=2),
                detected_at=T0,
            )
            return incident.id

    shown = crisistui("report", str(asyncio.run(found_then_opened())), "--db", db)
    assert shown.returncode == 0, shown.stderr
    timeline = shown.stdout.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    entries = [line for line in timeline.splitlines() if line.startswith("- `")]
    assert "Severity ELEVATED" in entries[0] and "09:02:00" in entries[0]
    assert "Severity HIGH" in entries[1]
    assert "Incident opened" in entries[2]
    assert timeline.count("Severity") == 2  # not the bump hours before
