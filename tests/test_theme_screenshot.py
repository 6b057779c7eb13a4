"""The palette's Screenshot saves where it says, and a theme is set in config or chosen in the
palette and kept for the next start."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from textual.command import CommandPalette

from crisistui.tui.app import CrisisApp, screenshot_folder
from crisistui.tui.themes import state_path
from tests.conftest import until
from tests.test_response_cli import crisistui

SIZES = [(80, 24), (120, 36), (200, 60)]


def with_theme(app: CrisisApp, theme: str | None) -> CrisisApp:
    """The demo console as a config with ``[console] theme`` would make it."""
    console = app.config.console.model_copy(update={"theme": theme})
    config = app.config.model_copy(update={"console": console})
    return CrisisApp(replace(app.setup, config=config))


async def choose(pilot, search: str) -> None:
    """In the command palette on top, type and run the first command found."""
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    await pilot.press(*search)
    await until(pilot, lambda: palette.query_one("CommandList").option_count > 0)
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is not palette)


async def run_in_palette(pilot, search: str) -> None:
    """Open the command palette (`:`), type, and run the first command found."""
    await pilot.press("colon")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await choose(pilot, search)


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- screenshot -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_palette_screenshot_is_saved_and_says_where(demo_app_factory, size) -> None:
    """It used to answer "Failed to save screenshot" (Textual saves to ~/Downloads, which a
    server rarely has); now the SVG is in the user's data folder and the toast names it."""
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await run_in_palette(pilot, "screenshot")
        await until(pilot, lambda: any(m.startswith("Saved to ") for m in messages(app)))
        saved = Path(next(m for m in messages(app) if m.startswith("Saved to "))[9:])
        assert saved.parent == screenshot_folder() and saved.suffix == ".svg"
        assert "<svg" in saved.read_text(encoding="utf-8")
        assert not [m for m in messages(app) if "Failed" in m]


async def test_a_screenshot_that_cannot_be_written_says_why_and_where(
    demo_app_factory, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.deliver_screenshot(path=str(blocked)) is None
        await pilot.pause()
        assert any(
            m.startswith(f"Could not save the screenshot in {blocked}") for m in messages(app)
        )


# -- theme ------------------------------------------------------------------------------------


def test_check_config_names_an_unknown_theme(tmp_path: Path) -> None:
    config = tmp_path / "crisistui.toml"
    config.write_text(
        '[brand]\nname = "Acme Air"\nterms = ["acme air"]\n[console]\ntheme = "nrod"\n',
        encoding="utf-8",
    )
    result = crisistui("check-config", config)
    assert result.returncode == 2
    assert "console.theme: no theme 'nrod' (did you mean 'nord'?" in result.stderr
    assert "gruvbox" in result.stderr  # the list to choose from
    config.write_text(config.read_text(encoding="utf-8").replace("nrod", "nord"))
    assert crisistui("check-config", config).returncode == 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_configured_theme_is_applied_at_start(demo_app_factory, size) -> None:
    app = with_theme(demo_app_factory(), "nord")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert app.current_theme.name == "nord"
    assert not state_path().exists(), "a configured theme is not a choice to remember"


async def test_a_theme_chosen_in_the_palette_is_kept_for_the_next_start(
    demo_app_factory,
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        default = app.theme
        await run_in_palette(pilot, "theme")  # opens the palette of themes
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await choose(pilot, "gruvbox")
        await until(pilot, lambda: app.theme == "gruvbox")
    assert default != "gruvbox"
    assert json.loads(state_path().read_text(encoding="utf-8"))["theme"] == "gruvbox"

    again = demo_app_factory()
    async with again.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert again.theme == "gruvbox"


@pytest.mark.parametrize(
    ("chosen_over", "configured", "starts_with"),
    [
        (None, None, "gruvbox"),  # chosen, no theme in config: the choice
        ("nord", "nord", "gruvbox"),  # chosen over the config's theme: the choice
        (None, "nord", "nord"),  # the config gained a theme since: the config's
        ("nord", "dracula", "dracula"),  # the config's theme changed since: the config's
        ("nord", None, "gruvbox"),  # the config's theme was removed: the choice
    ],
)
async def test_the_config_wins_only_when_it_changed_since_the_choice(
    demo_app_factory, chosen_over: str | None, configured: str | None, starts_with: str
) -> None:
    state_path().parent.mkdir(parents=True, exist_ok=True)
    state = {"theme": "gruvbox", "config_theme": chosen_over}
    state_path().write_text(json.dumps(state), encoding="utf-8")
    app = with_theme(demo_app_factory(), configured)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == starts_with


async def test_a_damaged_state_file_or_a_theme_gone_is_ignored(demo_app_factory) -> None:
    state_path().parent.mkdir(parents=True, exist_ok=True)
    for text in ("{not json", '{"theme": "no-such-theme"}', '["gruvbox"]'):
        state_path().write_text(text, encoding="utf-8")
        app = demo_app_factory()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.theme == "textual-dark"


@pytest.mark.parametrize("key", ["colon", "ctrl+p"])
async def test_colon_and_ctrl_p_open_the_command_palette(demo_app_factory, key: str) -> None:
    """Both keys the docs name: binding ``:`` had taken Textual's own ``ctrl+p`` away."""
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
