"""The built-in scenarios whose crisis breaks out in another language than English: the
brand's chatter is mostly English until the crisis, which is written in that language
(``crisistui drill boycott --replay vi``: a boycott on Vietnamese social media)."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.analysis.backtest import BacktestResult, replay
from crisistui.analysis.severity import Level
from crisistui.cli.drill import builtin_languages, builtin_replay, load_language_scenario
from crisistui.config import SeverityConfig, demo_config
from crisistui.demo import generate
from crisistui.demo.stories import STORIES, VARIANTS
from crisistui.demo.story import END, ONSET
from crisistui.domain.clock import ManualClock
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.playbook import load_playbooks
from crisistui.pipeline import Pipeline
from crisistui.sources.demo import (
    DemoSource,
    ScenarioLine,
    builtin_scenarios,
    load_builtin_scenario,
)
from crisistui.tui.app import CrisisApp
from tests.test_builtin_scenarios import assert_history_then_crisis
from tests.test_response_cli import crisistui

T0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
ONSET_AT = T0 + timedelta(seconds=ONSET)
KEYS = sorted(VARIANTS)
NAMES = [f"{playbook_id}.{lang}" for playbook_id, lang in KEYS]
VI = ("boycott", "vi")
VIETNAMESE_LETTERS = re.compile(
    "[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.IGNORECASE
)


def lines_of(key: tuple[str, str]) -> list[ScenarioLine]:
    lines = load_language_scenario(*key)
    assert lines is not None
    return lines


def response_at(lines: list[ScenarioLine]) -> float:
    """When the brand first answers: the crisis runs from the onset to here unanswered."""
    return min(line.offset_s for line in lines if line.item["author"] == "@AcmeAir")


def langs(lines: list[ScenarioLine]) -> Counter[str]:
    return Counter(line.item["lang"] for line in lines)


_played: dict[tuple[str, str], list[Mention]] = {}


def mentions_of(key: tuple[str, str]) -> list[Mention]:
    """The scenario through the pipeline with the demo brand, once."""
    if key not in _played:
        lines = lines_of(key)
        source = DemoSource("drill", ManualClock(T0 + timedelta(seconds=END)), T0, scenario=lines)
        pipeline = Pipeline(demo_config())
        mentions = [m for m in map(pipeline.process, source.due()) if m is not None]
        assert len(mentions) == len(lines), "every line mentions the brand or the competitor"
        _played[key] = mentions
    return _played[key]


def engine(mentions: list[Mention]) -> BacktestResult:
    config = demo_config()
    own = OwnAccounts(config.brand.accounts)
    return replay(mentions, config.brand.name, SeverityConfig(), own)


def test_a_variant_is_of_a_shipped_playbook_and_found_by_its_language() -> None:
    assert VI in VARIANTS
    playbooks = load_playbooks()
    for playbook_id, lang in VARIANTS:
        assert playbook_id in playbooks and playbook_id in STORIES and lang != "en"
    expected: dict[str, list[str]] = {}
    for playbook_id, lang in KEYS:
        expected.setdefault(lang, []).append(playbook_id)
    assert builtin_languages() == expected
    # They stay out of the one-scenario-per-playbook list and its loader.
    assert set(builtin_scenarios()) == set(STORIES)
    assert load_builtin_scenario("boycott.vi") is None
    assert load_language_scenario("boycott", "ru") is None
    assert load_language_scenario("../scenario", "vi") is None
    assert load_language_scenario("boycott", "vi/../../x") is None


@pytest.mark.parametrize("key", KEYS, ids=NAMES)
def test_shipped_file_is_what_the_generator_builds_every_time(key: tuple[str, str]) -> None:
    # If this fails, run `python -m crisistui.demo.generate` and commit the scenarios.
    story = VARIANTS[key]
    text = generate.dumps(generate.build_scenario(story=story))
    assert text == generate.dumps(generate.build_scenario(story=story))
    path = generate.scenario_path(story)
    assert path.name == f"{key[0]}.{key[1]}.jsonl"
    assert path.read_text(encoding="utf-8") == text
    assert path.stat().st_size <= 1_600_000
    assert len(text.splitlines()) <= 5_000


@pytest.mark.parametrize("key", KEYS, ids=NAMES)
def test_history_comes_before_play_and_the_crisis_after(key: tuple[str, str]) -> None:
    lines = lines_of(key)
    assert_history_then_crisis(lines)
    assert response_at(lines) >= ONSET, "the brand speaks once the crisis has started"
    assert any(line.item["source"] == "demo-news" for line in lines)
    assert any("&lt;" in line.item["text"] for line in lines if line.offset_s >= ONSET)


@pytest.mark.parametrize("key", KEYS, ids=NAMES)
def test_the_history_is_mostly_english_and_the_crisis_in_its_language(
    key: tuple[str, str],
) -> None:
    lines = lines_of(key)
    lang = key[1]
    history = langs([line for line in lines if line.offset_s < ONSET])
    assert history["en"] / history.total() >= 0.85
    assert 0.01 <= history[lang] / history.total() <= 0.08, "a little of it beforehand"
    answer = response_at(lines)
    unanswered = langs([line for line in lines if ONSET <= line.offset_s < answer])
    assert unanswered[lang] / unanswered.total() >= 0.6, unanswered.most_common(4)
    assert unanswered.most_common(1)[0][0] == lang
    after = langs([line for line in lines if line.offset_s >= ONSET])
    assert after[lang] / after.total() >= 0.5
    beats = [line.item for line in lines if line.item["source"] == "demo-news"]
    assert any(item["lang"] == lang for item in beats), "its own press covers it"
    loud = [line.item for line in lines if line.offset_s == VARIANTS[key].loud_at]
    assert any(item["lang"] == lang for item in loud), "the loud voice writes in it"
    brand = {line.item["lang"] for line in lines if line.item["author"] == "@AcmeAir"}
    assert {lang, "en"} <= brand, "the brand answers in the crisis's language and in English"


def test_the_vietnamese_crisis_is_written_as_people_write() -> None:
    lines = lines_of(VI)
    crisis = [line.item for line in lines if line.offset_s >= ONSET]
    assert langs([line for line in lines if line.offset_s >= ONSET])["tl"] >= 100, "reposts"
    vietnamese = [item["text"] for item in crisis if item["lang"] == "vi"]
    bare = [text for text in vietnamese if not VIETNAMESE_LETTERS.search(text)]
    assert 0.05 <= len(bare) / len(vietnamese) <= 0.3, "some typed without diacritics"
    words = Counter(w for text in vietnamese for w in re.findall(r"\w+", text.lower()))
    for word in ("ko", "đc", "mn", "tẩy", "tay", "thất", "tệ"):
        assert words[word] >= 10, word
    assert sum("#TẩyChayAcmeAir" in text for text in vietnamese) >= 50


def test_a_drill_replays_the_vietnamese_boycott_for_the_playbook_or_its_crisis_type() -> None:
    playbooks = load_playbooks()
    boycott = playbooks["boycott"]
    assert builtin_replay(boycott, "vi") == lines_of(VI)
    assert builtin_replay(boycott) == load_builtin_scenario("boycott") != lines_of(VI)
    own = boycott.model_copy(update={"id": "brand-boycott", "crisis_types": ["boycott"]})
    assert builtin_replay(own, "vi") == lines_of(VI)
    assert builtin_replay(playbooks["data-breach"], "vi") is None
    assert builtin_replay(boycott, "ru") is None


def test_drill_replay_vi_finds_the_scenario_then_asks_for_a_terminal(tmp_path: Path) -> None:
    drill_db = tmp_path / "drill.db"
    result = crisistui("drill", "boycott", "--replay", "vi", "--db", drill_db)
    assert result.returncode == 2, result.stderr
    assert "needs a terminal" in result.stderr
    assert not drill_db.exists()


def test_drill_replay_in_a_language_without_a_scenario_says_which_there_are(
    tmp_path: Path,
) -> None:
    drill_db = tmp_path / "drill.db"
    result = crisistui("drill", "boycott", "--replay", "ru", "--db", drill_db)
    assert result.returncode == 2
    assert "no built-in scenario in 'ru' for playbook 'boycott'" in result.stderr
    assert "vi: boycott" in result.stderr
    result = crisistui("drill", "data-breach", "--replay", "vi", "--db", drill_db)
    assert result.returncode == 2
    assert "no built-in scenario in 'vi' for playbook 'data-breach'" in result.stderr
    assert not drill_db.exists()


def test_drill_replay_vi_opens_the_drill_console_on_the_vietnamese_boycott(
    tmp_path: Path, monkeypatch
) -> None:
    from crisistui.cli import main as cli_main

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    seen: list[CrisisApp] = []
    monkeypatch.setattr(CrisisApp, "run", lambda app: seen.append(app))
    config = tmp_path / "crisistui.toml"  # another brand: the built-in story is Acme Air's
    config.write_text('[brand]\nname = "Globex"\nterms = ["globex"]\n', encoding="utf-8")
    db = tmp_path / "drill.db"
    terminal = Terminal()
    with monkeypatch.context() as patched:
        patched.setattr(sys, "stdin", Terminal())
        patched.setattr(sys, "stdout", terminal)
        args = ["drill", "boycott", "--replay", "vi", "-c", str(config), "--db", str(db)]
        assert cli_main(args) == 0
    (app,) = seen
    assert app.setup.drill and app.setup.mode.startswith("DRILL")
    assert app.setup.config.brand.name == "Acme Air"
    assert app.setup.config.console.playbook == "boycott"
    (source,) = app.setup.sources
    history = source.due()  # the calm history comes out at once, mostly English
    assert Counter(item.lang for item in history).most_common(1)[0][0] == "en"
    assert source.progress < 0.25
    assert f"replaying {len(lines_of(VI))} mentions" in terminal.getvalue()


def test_the_engine_is_calm_in_the_history_and_the_vietnamese_mentions_raise_it() -> None:
    mentions = mentions_of(VI)
    result = engine(mentions)
    assert result.changes, "the level never moved"
    assert result.changes[0].at >= ONSET_AT, "the level rose during the calm history"
    high = result.first_reaching(Level.HIGH)
    assert high is not None and high - ONSET_AT <= timedelta(minutes=15)
    first_high = next(c for c in result.changes if c.assessment.level >= Level.HIGH)
    assert first_high.assessment.crisis_type == "boycott"
    crisis = [m for m in mentions if m.created_at >= ONSET_AT and m.lang == "vi"]
    negative = sum(m.label is Sentiment.NEGATIVE for m in crisis)
    assert negative / len(crisis) >= 0.5, "the Vietnamese scorer reads the anger"
    # Read as neutral, the Vietnamese mentions would leave the alarm to the reposts: later.
    unread = [
        dataclasses.replace(m, sentiment=0.0, label=Sentiment.NEUTRAL) if m.lang == "vi" else m
        for m in mentions
    ]
    late = engine(unread).first_reaching(Level.HIGH)
    assert late is None or late - high >= timedelta(minutes=10)


def test_the_first_alarm_says_the_negatives_are_in_vietnamese() -> None:
    """At the first rise the Vietnamese volume is not yet a surge of its own (20 mentions in
    15 minutes), so no driver named the language: the gauge read as an English storm. The
    volume driver says how many of its negatives are in the language holding most of them."""
    first = engine(mentions_of(VI)).changes[0].assessment
    volume = first.drivers[0]
    found = re.search(r"\((\d+) in \d+ min vs [\d.]+ expected, (\d+) in Vietnamese\)", volume)
    assert found is not None, volume
    assert 2 * int(found[2]) >= int(found[1])
    calm = engine([m for m in mentions_of(VI) if m.lang != "vi"]).changes
    assert all("in Vietnamese" not in d for c in calm for d in c.assessment.drivers)


def test_backtest_of_the_vietnamese_boycott_reaches_critical(tmp_path: Path) -> None:
    history = tmp_path / "boycott-vi.jsonl"
    with history.open("w", encoding="utf-8") as out:
        for line in lines_of(VI):
            at = T0 + timedelta(seconds=line.offset_s)
            out.write(json.dumps(line.item | {"created_at": at.isoformat()}) + "\n")
    result = crisistui("backtest", history, "--json")
    assert result.returncode == 0, result.stderr
    *changes, last = (json.loads(row) for row in result.stdout.splitlines())
    summary = last["summary"]
    assert summary["bad_lines"] == 0
    first_high = datetime.fromisoformat(summary["first_high"])
    assert ONSET_AT < first_high <= ONSET_AT + timedelta(minutes=15)
    assert "critical" in {change["level"] for change in changes}
    assert changes[0]["from"] == "normal" and "boycott" in summary["crisis_types"]


def test_the_vietnamese_surge_is_named_in_words_while_the_storm_goes_on() -> None:
    storm = [m for m in mentions_of(VI) if m.created_at < ONSET_AT + timedelta(minutes=20)]
    final = engine(storm).final
    assert final is not None and final.level >= Level.HIGH
    [words] = [d for d in final.drivers if "in Vietnamese" in d]
    assert re.fullmatch(r"\d+ mentions in Vietnamese in 15 min, \d+× usual; \d+% negative", words)
    # second, where a gauge at 80 columns still shows it
    assert final.drivers[1] == words, final.drivers
