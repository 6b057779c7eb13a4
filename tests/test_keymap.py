"""Teams move keys in `[console] keys`; the console, help and check-config all follow."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisistui.tui.screens.help import HelpScreen
from crisistui.tui.screens.sources import SourcesScreen
from crisistui.tui.screens.timeline import TimelineScreen
from crisistui.tui.screens.why import WhyScreen
from tests.conftest import screen_is, until
from tests.test_response_cli import crisistui


async def test_a_remapped_key_works_and_help_shows_it(demo_app_factory) -> None:
    app = demo_app_factory()
    console = app.config.console.model_copy(update={"keys": {"app.timeline": "T,f5"}})
    app.config = app.config.model_copy(update={"console": console})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert not isinstance(app.screen, TimelineScreen)
        await pilot.press("T")
        await until(pilot, lambda: screen_is(app, TimelineScreen))
        await pilot.press("escape", "question_mark")
        await until(pilot, lambda: screen_is(app, HelpScreen))
        everywhere = dict(app.screen.sections)["Everywhere"]
        timeline = next(b for b in everywhere if b.id == "app.timeline")
        assert timeline.key == "T,f5"
        await pilot.press("j", "j")  # help scrolls with j/k like everything else
        assert app.screen.query_one("VerticalScroll").scroll_y > 0


def test_check_config_names_an_unknown_binding(tmp_path: Path) -> None:
    config = tmp_path / "crisistui.toml"
    config.write_text(
        '[brand]\nname = "Acme Air"\nterms = ["acme air"]\n'
        '[console.keys]\n"app.timeline" = "T"\n"app.timelime" = "Y"\n',
        encoding="utf-8",
    )
    result = crisistui("check-config", config)
    assert result.returncode == 2
    assert "console.keys.app.timelime: no such key binding" in result.stderr
    assert "app.timeline:" not in result.stderr


def keys_config(tmp_path: Path, keys: str) -> Path:
    config = tmp_path / "crisistui.toml"
    config.write_text(
        f'[brand]\nname = "Acme Air"\nterms = ["acme air"]\n[console.keys]\n{keys}',
        encoding="utf-8",
    )
    return config


def test_check_config_refuses_a_key_two_actions_would_share(tmp_path: Path) -> None:
    """`"app.why" = "s"` used to pass: then `s` opened Why, Sources was out of reach and help
    listed `s` twice. The error names the key and both actions."""
    result = crisistui("check-config", keys_config(tmp_path, '"app.why" = "s"\n'))
    assert result.returncode == 2
    assert "console.keys.app.why: key 's' would be both" in result.stderr
    assert "Sources (app.sources)" in result.stderr and "Why (app.why)" in result.stderr


def test_swapped_keys_are_no_clash_and_the_console_follows(tmp_path: Path) -> None:
    swapped = keys_config(tmp_path, '"app.why" = "s"\n"app.sources" = "x"\n')
    result = crisistui("check-config", swapped)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("keys", "named"),
    [
        ('"feed.open" = "t"', ["Timeline (app.timeline)", "Open (feed.open)"]),
        ('"checklist.toggle" = "w"', ["Wall view (app.wall)", "(checklist.toggle)"]),
        ('"app.why" = "?"', ["key '?'", "Help (app.help)", "Why (app.why)"]),
        ('"statements.draft" = "e"', ["Edit (statements.edit)", "(statements.draft)"]),
        ('"why.back" = "j"', ["Down (scroll.down)", "(why.back)"]),
        ('"feed.acknowledge" = "a,ctrl+q"', ["Quit (Textual's, from anywhere)"]),
    ],
    ids=[
        "pane-and-everywhere",
        "checklist",
        "spelled-as-character",
        "one-screen",
        "inherited",
        "textual-quit",
    ],
)
def test_a_clash_is_found_wherever_both_keys_work(keys: str, named: list[str]) -> None:
    from crisistui.tui.keys import keymap_problems

    binding_id, key = (part.strip().strip('"') for part in keys.split("="))
    problems = keymap_problems({binding_id: key})
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"console.keys.{binding_id}: key")
    for name in named:
        assert name in problems[0]


def test_keys_that_overlap_by_design_or_in_different_places_are_no_clash() -> None:
    """A screen closes on the key that opened it (`s` on Sources), modal screens answer `q`,
    and a pane key only clashes with another pane's when both can have focus at once."""
    from crisistui.tui.keys import keymap_problems

    assert keymap_problems({}) == []
    assert keymap_problems({"sources.back": "escape,q,s"}) == []
    assert keymap_problems({"detail.acknowledge": "s"}) == []  # a modal hides the app's keys
    assert keymap_problems({"checklist.toggle": "d"}) == []  # d dismisses in the feed only
    assert keymap_problems({"app.timeline": "T,f5", "app.why": "t"}) == []


def test_run_refuses_a_clash_before_opening_the_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from crisistui.cli import main
    from crisistui.tui.app import CrisisApp

    opened: list[object] = []
    monkeypatch.setattr(CrisisApp, "run", lambda app, *a, **k: opened.append(app))
    config = keys_config(tmp_path, '"app.wall" = "t"\n')
    assert main(["run", "-c", str(config), "--db", str(tmp_path / "x.db")]) == 2
    assert not opened
    assert "key 't' would be both" in capsys.readouterr().err


async def test_help_lists_each_key_once_after_a_swap(demo_app_factory) -> None:
    """With Why and Sources swapped, `s` opens Why, `x` Sources, and help shows each key once."""
    app = demo_app_factory()
    keys = {"app.why": "s", "app.sources": "x"}
    console = app.config.console.model_copy(update={"keys": keys})
    app.config = app.config.model_copy(update={"console": console})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await until(pilot, lambda: screen_is(app, WhyScreen))
        await pilot.press("escape", "x")
        await until(pilot, lambda: screen_is(app, SourcesScreen))
        await pilot.press("escape", "question_mark")
        await until(pilot, lambda: screen_is(app, HelpScreen))
        everywhere = dict(app.screen.sections)["Everywhere"]
        shown = [k.strip() for b in everywhere for k in b.key.split(",")]
        assert len(shown) == len(set(shown))
