"""Teams move keys in `[console] keys`; the console, help and check-config all follow."""

from __future__ import annotations

from pathlib import Path

from crisistui.tui.screens.help import HelpScreen
from crisistui.tui.screens.timeline import TimelineScreen
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
