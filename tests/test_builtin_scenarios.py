"""The built-in rehearsal scenarios: one per playbook, reproducible, and each a crisis the
engine sees as its own type."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.analysis.backtest import BacktestResult, replay
from crisistui.analysis.severity import Level
from crisistui.cli.drill import builtin_replay
from crisistui.config import SeverityConfig, demo_config
from crisistui.demo import generate
from crisistui.demo.stories import STORIES
from crisistui.demo.story import END, ONSET
from crisistui.domain.clock import ManualClock
from crisistui.domain.models import Mention
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.playbook import load_playbooks
from crisistui.pipeline import Pipeline
from crisistui.sources.demo import (
    DemoSource,
    ScenarioLine,
    builtin_scenarios,
    load_builtin_scenario,
    load_scenario,
)
from tests.test_response_cli import crisistui

T0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DEMO_SHA256 = "65f7dca343a32d0cfcf71db8b7f73fc4d37f04385fc961027ba4cda9f6d904e5"
IDS = sorted(STORIES)


@dataclass
class Played:
    mentions: list[Mention]
    result: BacktestResult


_played: dict[str, Played] = {}


def played(playbook_id: str) -> Played:
    """The scenario through the pipeline and the engine with the default settings, once."""
    if playbook_id not in _played:
        lines = load_builtin_scenario(playbook_id)
        assert lines is not None
        source = DemoSource("drill", ManualClock(T0 + timedelta(seconds=END)), T0, scenario=lines)
        config = demo_config()
        pipeline = Pipeline(config)
        mentions = [m for m in map(pipeline.process, source.due()) if m is not None]
        assert len(mentions) == len(lines), "every line mentions the brand or the competitor"
        own = OwnAccounts(config.brand.accounts)  # as the console and `backtest` read it
        _played[playbook_id] = Played(
            mentions, replay(mentions, config.brand.name, SeverityConfig(), own=own)
        )
    return _played[playbook_id]


def test_every_shipped_playbook_has_a_story_and_a_scenario() -> None:
    assert set(STORIES) == set(load_playbooks()) == set(builtin_scenarios())
    assert load_builtin_scenario("service-outage") == load_scenario()
    assert load_builtin_scenario("no-such-playbook") is None
    assert load_builtin_scenario("../scenario") is None


def test_the_demo_scenario_is_unchanged() -> None:
    shipped = Path(generate.__file__).with_name("scenario.jsonl").read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == DEMO_SHA256


@pytest.mark.parametrize("playbook_id", IDS)
def test_shipped_file_is_what_the_generator_builds_every_time(playbook_id: str) -> None:
    # If this fails, run `python -m crisistui.demo.generate` and commit the scenarios.
    story = STORIES[playbook_id]
    text = generate.dumps(generate.build_scenario(story=story))
    assert text == generate.dumps(generate.build_scenario(story=story))
    path = generate.scenario_path(story)
    assert path.read_text(encoding="utf-8") == text
    assert path.stat().st_size <= 1_600_000
    assert len(text.splitlines()) <= 5_000


def assert_history_then_crisis(lines: list[ScenarioLine]) -> None:
    """In time order, an hour or more of history before play and after the onset, at least
    500 lines of history, and no line twice."""
    offsets = [line.offset_s for line in lines]
    assert offsets == sorted(offsets)
    assert offsets[0] < -3600 and offsets[-1] > ONSET + 3600
    assert sum(offset < 0 for offset in offsets) >= 500
    ids = [(line.item["source"], line.item["id"]) for line in lines]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("playbook_id", IDS)
def test_history_comes_before_play_and_the_crisis_after(playbook_id: str) -> None:
    lines = load_builtin_scenario(playbook_id)
    assert lines is not None
    assert_history_then_crisis(lines)
    brand = [line.offset_s for line in lines if line.item["author"] == "@AcmeAir"]
    assert brand and min(brand) >= ONSET, "the brand speaks once the crisis has started"
    assert any(line.item["source"] == "demo-news" for line in lines)


@pytest.mark.parametrize("playbook_id", IDS)
def test_several_languages_and_hostile_markup_are_in_every_scenario(playbook_id: str) -> None:
    lines = load_builtin_scenario(playbook_id)
    assert lines is not None
    langs = Counter(line.item["lang"] for line in lines)
    assert {"fr", "es", "de", "ja", "zh", "ar", "he"} <= set(langs)
    assert 0.06 <= 1 - langs["en"] / len(lines) <= 0.14
    assert any("&lt;" in line.item["text"] for line in lines if line.offset_s >= ONSET)


@pytest.mark.parametrize("playbook_id", IDS)
def test_the_engine_is_calm_in_the_history_and_high_in_the_crisis(playbook_id: str) -> None:
    result = played(playbook_id).result
    onset = T0 + timedelta(seconds=ONSET)
    assert result.changes, "the level never moved"
    assert result.changes[0].at >= onset, "the level rose during the calm history"
    high = result.first_reaching(Level.HIGH)
    assert high is not None
    assert high - onset <= timedelta(minutes=30)


@pytest.mark.parametrize("playbook_id", [i for i in IDS if i != "default"])
def test_the_crisis_speaks_its_own_trigger_terms(playbook_id: str) -> None:
    game = played(playbook_id)
    onset = T0 + timedelta(seconds=ONSET)
    kinds = Counter(kind for m in game.mentions if m.created_at >= onset for kind, _ in m.triggers)
    assert kinds[playbook_id] >= 200
    assert kinds[playbook_id] / sum(kinds.values()) >= 0.6, kinds.most_common(4)
    first_high = next(c for c in game.result.changes if c.assessment.level >= Level.HIGH)
    assert first_high.assessment.crisis_type == playbook_id


def test_the_general_story_has_no_single_cause_word() -> None:
    game = played("default")
    onset = T0 + timedelta(seconds=ONSET)
    hits = sum(len(m.triggers) for m in game.mentions if m.created_at >= onset)
    assert hits < 0.05 * sum(m.created_at >= onset for m in game.mentions)


def test_a_drill_replays_the_playbook_scenario_or_its_crisis_type() -> None:
    playbooks = load_playbooks()
    breach = playbooks["data-breach"]
    assert builtin_replay(breach) == load_builtin_scenario("data-breach")
    own = breach.model_copy(update={"id": "breach-eu", "crisis_types": ["data-breach"]})
    assert builtin_replay(own) == load_builtin_scenario("data-breach")
    press = breach.model_copy(update={"id": "press-tour", "crisis_types": ["press"]})
    assert builtin_replay(press) is None


def test_a_playbook_without_a_builtin_scenario_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    text = (Path(__file__).parents[1] / "config" / "playbooks" / "default.toml").read_text("utf-8")
    text = text.replace('id = "default"', 'id = "press-tour"', 1)
    text = text.replace('crisis_types = ["reputation"]', 'crisis_types = ["press"]', 1)
    (folder / "press-tour.toml").write_text(text, encoding="utf-8")
    config = tmp_path / "crisistui.toml"
    config.write_text('[brand]\nname = "Acme Air"\nterms = ["acme air"]\n', encoding="utf-8")
    drill_db = tmp_path / "drill.db"
    result = crisistui("drill", "press-tour", "--replay", "builtin", "-c", config, "--db", drill_db)
    assert result.returncode == 2, result.stderr
    assert "no built-in scenario for playbook 'press-tour'" in result.stderr
    assert "data-breach" in result.stderr
    assert not drill_db.exists()
