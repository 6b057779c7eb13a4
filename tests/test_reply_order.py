"""`R` opens on the answer that fits the mention: the one whose question shares its words, in
its language, before the playbook's order. A food brand's sick customer was offered the
recall's answers about batch codes first."""

from __future__ import annotations

import pytest

from crisistui.domain.playbook import load_playbooks
from crisistui.domain.statements import answers_for, draft_from, in_language_first


def drafts(playbook_id: str, brand: str):
    playbook = load_playbooks()[playbook_id]
    return [draft_from(t, {"brand": brand}) for t in playbook.faq]


@pytest.mark.parametrize(
    ("text", "lang", "first"),
    [
        (
            "Got food poisoning at Acme Burger last night, I feel sick",
            "en",
            "food-safety-i-got-sick",
        ),
        ("When do I get my money back for the recalled burgers?", "en", "food-safety-refund"),
        ("is it still safe to order from Acme Burger??", "en", "food-safety-is-it-safe"),
        ("how do I know if my batch is affected", "en", "am-i-affected"),
        ("Đồ ăn của Acme Burger có an toàn không vậy?", "vi", "food-safety-is-it-safe-vi"),
    ],
)
def test_the_answer_whose_question_shares_the_mentions_words_comes_first(
    text: str, lang: str, first: str
) -> None:
    ranked = answers_for(drafts("product-recall", "Acme Burger"), text, lang, "Acme Burger")
    assert ranked[0].template_id == first


def test_the_brands_own_words_rank_nothing_and_no_shared_word_keeps_the_playbooks_order() -> None:
    """Every title naming the brand ("Are other Acme Burger products affected?") would have
    matched every mention of it."""
    offered = drafts("product-recall", "Acme Burger")
    ranked = answers_for(offered, "Acme Burger!!! unbelievable", "en", "Acme Burger")
    assert ranked == in_language_first(offered, "en")
    assert answers_for(offered, "Acme Burger products", "en")[0].template_id == "other-products"


def test_an_english_mention_gets_the_playbooks_own_answers_before_other_languages() -> None:
    offered = drafts("service-outage", "Acme Air")
    ranked = answers_for(offered, "is my data safe", "en", "Acme Air")
    assert ranked[0].template_id == "my-data"
    assert [d.lang for d in ranked[: sum(d.lang is None for d in offered)]] == [None] * sum(
        d.lang is None for d in offered
    )
