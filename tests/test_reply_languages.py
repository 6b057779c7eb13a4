"""Answers in the language of the mention: a playbook's templates may say which language they
are written in (``lang``), and a reply to a mention in that language offers them first.

Played on the built-in Vietnamese boycott (``crisistui drill boycott --replay vi``), whose
playbook ships its holding statement and three FAQ answers in Vietnamese too."""

from __future__ import annotations

import pytest

from crisistui.analysis.severity import Level
from crisistui.cli.drill import load_language_scenario
from crisistui.config import ConfigError
from crisistui.domain.playbook import Playbook, load_playbook, load_playbooks
from crisistui.domain.statements import (
    draft_from,
    in_language_first,
    placeholder_values,
    unfilled,
)
from crisistui.pipeline.sentiment.lexicon import shipped_languages
from crisistui.tui.screens.reply import ReplyPicker
from crisistui.tui.widgets.feed import MentionFeed
from tests.test_console import play_until


@pytest.fixture
def scenario() -> list:
    """The demo's consoles play the Vietnamese boycott instead of the English outage."""
    lines = load_language_scenario("boycott", "vi")
    assert lines is not None
    return lines


def test_the_boycott_playbook_answers_in_vietnamese_too() -> None:
    boycott = load_playbooks()["boycott"]
    vietnamese = [t for t in [*boycott.statements, *boycott.faq] if t.lang == "vi"]
    assert {t.id for t in vietnamese} >= {"holding-vi", "our-position-vi", "why-no-reply-vi"}
    values = placeholder_values(
        brand="Acme Air", status_url="https://status.example", contact="press@example.com"
    )
    for template in vietnamese:
        draft = draft_from(template, values)
        assert draft.lang == "vi" and "{" not in draft.body.replace("{time}", "")
    english = [t for t in boycott.faq if t.lang is None]
    assert english, "the English answers stay"


STATEMENT_LANGUAGES = sorted(shipped_languages())
"""Every language the console scores has each playbook's first public words in it."""


@pytest.mark.parametrize("lang", STATEMENT_LANGUAGES)
def test_every_playbook_opens_in_each_scored_language(lang: str) -> None:
    """A storm in any language the console reads may be of any crisis type: each built-in
    playbook has its first public words in that language as well, filled in whole (the
    team's own native speakers read them before the day)."""
    values = placeholder_values(
        brand="Acme Air", status_url="https://status.example", contact="press@example.com"
    )
    for playbook in load_playbooks().values():
        original = {t.id: t for t in playbook.statements}
        first = playbook.statements[0].id
        translated = [t for t in playbook.statements if t.lang == lang]
        assert f"{first}-{lang}" in {t.id for t in translated}, playbook.id
        for template in translated:
            draft = draft_from(template, values)
            assert "{" not in draft.body.replace("{time}", "")
            # what the original fills in, the translation does too (the incident's title,
            # written in the team's language, is left out), and nothing else
            english = original[template.id.removesuffix(f"-{lang}")]
            wanted = set(unfilled(english.body)) - {"{incident_title}"}
            assert set(unfilled(template.body)) == wanted, template.id


SEED_LANGUAGES = ("vi", "tl", "ru", "fa", "zh")
"""The languages a regional team replies in first (the product's own source material)."""


@pytest.mark.parametrize("lang", SEED_LANGUAGES)
def test_every_prepared_answer_is_there_in_each_seed_language(lang: str) -> None:
    """A storm in Vietnamese was answered from English FAQs only: every playbook's answers
    exist in the seed languages too, filled in whole, with what the English fills in (the
    incident's title, written in the team's language, left out)."""
    values = placeholder_values(
        brand="Acme Air", status_url="https://status.example", contact="press@example.com"
    )
    for playbook in load_playbooks().values():
        english = {t.id: t for t in playbook.faq if t.lang is None}
        translated = {t.id: t for t in playbook.faq if t.lang == lang}
        assert {f"{key}-{lang}" for key in english} <= set(translated), playbook.id
        for key, template in translated.items():
            original = english[key.removesuffix(f"-{lang}")]
            for said, source in ((template.title, original.title), (template.body, original.body)):
                assert set(unfilled(said)) == set(unfilled(source)) - {"{incident_title}"}, key
            draft = draft_from(template, values)
            assert "{" not in draft.body.replace("{time}", "") and draft.lang == lang


def test_a_template_language_is_read_as_iso_639_1_or_refused_in_words(tmp_path) -> None:
    def playbook(lang: str):
        path = tmp_path / "p.toml"
        path.write_text(
            'id = "p"\nname = "P"\nphases = ["assess"]\n'
            '[[tasks]]\nid = "t"\nphase = "assess"\ntitle = "T"\n'
            f'[[faq]]\nid = "a"\ntitle = "A"\nbody = "B"\nlang = "{lang}"\n',
            encoding="utf-8",
        )
        return load_playbook(path)

    p: Playbook = playbook("vi-VN")
    assert p.faq[0].lang == "vi"
    assert playbook("fil").faq[0].lang == "tl"
    with pytest.raises(ConfigError, match=r"faq\[0\]\.lang: 'vn' names no language"):
        playbook("vn")


def test_answers_in_the_mentions_language_come_first_in_the_playbooks_order() -> None:
    boycott = load_playbooks()["boycott"]
    drafts = [draft_from(t, {}) for t in boycott.faq]
    vi_first = in_language_first(drafts, "vi")
    assert [d.lang for d in vi_first[:3]] == ["vi"] * 3
    assert [d.template_id for d in vi_first if d.lang is None] == [
        d.template_id for d in drafts if d.lang is None
    ]
    assert in_language_first(drafts, "en") == drafts  # none in English by name: as written
    assert in_language_first(drafts, None) == drafts


async def test_replying_to_a_vietnamese_mention_offers_the_vietnamese_answers_first(
    demo_app_factory, clock
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await play_until(app, clock, 2400)  # fifteen minutes into the storm
        assert app.assessment.level >= Level.HIGH
        await pilot.press("i", "enter")  # from the alert: the boycott's playbook
        await pilot.pause()
        incident = await app.store.current_incident()
        assert incident is not None and incident.playbook == "boycott"
        await pilot.press("slash", *"lang:vi", "enter")
        await pilot.pause()
        feed = app.query_one(MentionFeed)
        assert feed.selected is not None and feed.selected.lang == "vi"
        await pilot.press("R")
        assert isinstance(app.screen, ReplyPicker)
        first = app.screen.drafts[0]
        assert first.lang == "vi" and first.template_id.endswith("-vi")
        label = str(app.screen.query_one("OptionList").get_option_at_index(0).prompt)
        assert label.endswith("Vietnamese")
        await pilot.press("escape")

        await pilot.press("slash", "ctrl+u", *"lang:en", "enter")
        await pilot.pause()
        assert feed.selected is not None and feed.selected.lang == "en"
        await pilot.press("R")
        assert isinstance(app.screen, ReplyPicker)
        assert app.screen.drafts[0].lang is None  # an English mention: the playbook's order


@pytest.mark.parametrize(
    ("playbook_id", "lang", "said"),
    [
        ("customer-service", "ar", True),  # no answer in Arabic
        ("customer-service", "en", False),
        ("customer-service", "fa", False),  # it ships answers in Persian
        ("boycott", "vi", False),  # it ships answers in Vietnamese
        ("boycott", "ar", True),
    ],
)
async def test_a_reply_says_when_no_answer_is_in_the_mentions_language(
    playbook_id: str, lang: str, said: bool
) -> None:
    """A Persian complaint was offered English answers with no word that none was Persian."""
    from rich.text import Text
    from textual.app import App

    playbook = load_playbooks()[playbook_id]
    values = placeholder_values(brand="Sabzi Express", incident_title=None, time=None)
    drafts = in_language_first([draft_from(t, values) for t in playbook.faq], lang)
    app: App[None] = App()
    async with app.run_test() as pilot:
        app.push_screen(ReplyPicker(Text("a complaint"), drafts, lang))
        await pilot.pause()
        notices = app.screen.query("#no-language")
        assert bool(notices) is said
        if said:
            assert "No answer in" in str(notices.first().render())
