"""A customer-care reply: "Hi Jess, sorry to hear about the delay. Please DM us your order
number", "Lamentamos lo ocurrido. ¿Nos envías por DM tu número de pedido?", "Приносим извинения
за неудобства. Напишите номер заказа в личные сообщения", "亲，非常抱歉给您带来不便，请私信提供
订单号". Its apology and "inconvenience" are words a lexicon reads as negative, but it is the
brand's formula, nobody's mood, and people reading it call it neutral. In a crisis the care
team posts hundreds of them: read as complaints they would swell the very negative volume they
answer.

A post is such a reply when it apologises in the organisation's voice (or with the formula
"sorry to hear", "sorry for the inconvenience") and asks to be written to privately.
"""

from __future__ import annotations

import re

_APOLOGY = re.compile(
    r"(?i)(?<!\w)(?:"
    r"we(?:'re| are)(?: so| very| really| truly)? sorry|we apologi[sz]e|we regret|"
    r"sorry (?:to hear|for (?:the|any) (?:inconvenience|trouble|delay|wait)|about the)|"
    r"(?:our|my) apologies|apologies for (?:the|any) (?:inconvenience|trouble|delay)|"  # English
    r"lamentamos|sentimos (?:mucho|las molestias|lo ocurrido|el inconveniente)|"
    r"disculp(?:a|e|en|as) (?:las|la|el|los|por)|"  # Spanish
    r"sentimos muito|pedimos desculpas|desculpe(?:m)? (?:o|a|pelo|pela|pelos|pelas)|"  # pt
    r"(?:nous sommes|on est)(?: vraiment| sincèrement)? désolée?s?|désolée?s? pour|"
    r"nous (?:nous )?excusons|toutes nos excuses|nous regrettons|"  # French
    r"tut uns(?: sehr| wirklich| echt)? leid|wir bedauern|wir entschuldigen|"
    r"entschuldig(?:e|en) (?:bitte|sie)|"  # German
    r"ci dispiace|ci scusiamo|"  # Italian
    r"приносим(?: свои)? извинения|просим прощения|сожалеем|нам(?: очень)? жаль|"
    r"извините за|"  # Russian
    r"نعتذر|نأسف|آسفين|"  # Arabic
    r"عذرخواهی می[\s\u200c]?کنیم|پوزش|متاسفیم|متأسفیم|"  # Persian
    r"rất tiếc|thành thật xin lỗi|xin lỗi (?:anh|chị|bạn|quý khách|vì)|"  # Vietnamese
    r"pasensya na|paumanhin|"  # Tagalog
    r"kshama|क्षमा|खेद है|"  # Hindi
    r"özür dileriz|üzgünüz|mohon maaf|przepraszamy|het spijt ons|excuses voor"
    r")(?!\w)|抱歉|致歉|对不起|對不起|给您带来不便|給您帶來不便|申し訳|ご迷惑|죄송|불편을 드려"
)
"""An apology in the organisation's voice, or a care team's formula for one."""
_ASKS_US = re.compile(
    r"(?<!\w)(?:"
    r"DM us|DM'?ing us|send us (?:a |your )|direct message us|message us|reach out to us|"  # en
    r"escr[ií]benos|env[ií]anos|nos env[ií]as|nos escribes|m[aá]ndanos|nos mandas|"
    r"cont[aá]ctanos|"  # Spanish
    r"nos chamar|nos chame|chama a gente|nos envie|nos envia|nos mande|nos manda|"  # pt
    r"[ée]crivez-nous|envoyez-nous|nous envoyer|contactez-nous|nous [ée]crire|"  # French
    r"schreib(?:e|en Sie)? uns|schick(?:e|en Sie)? uns|senden Sie uns|melde dich per|"  # de
    r"scrivici|inviaci|inviarci|contattaci|mandaci|scriverci|"  # Italian
    r"(?:напишите|пишите|отправьте|направьте|сообщите)[^.!?\n]{0,40}?"
    r"(?:в личн\w* сообщени\w*|в ЛС|в личку|в директ|нам)|"  # Russian
    r"يرجى (?:إرسال|ارسال|مراسلتنا|التواصل)|راسلنا|راسلونا|مراسلتنا|[أا]رسل لنا|تواصل معنا|"
    r"(?:در|به)[\s\u200c]+دایرکت[^.!?؟\n]{0,30}?(?:کنید|بفرستید|بدید|بدهید|بزنید)|"
    r"دایرکت[\s\u200c]+(?:بفرستید|بدید|بدهید|بزنید)|"
    r"پیام خصوصی[^.!?؟\n]{0,20}?(?:کنید|بفرستید|بدید|بدهید)|"  # Persian
    r"vui lòng (?:inbox|ib|nhắn tin)|inbox giúp|ib giúp|"  # Vietnamese
    r"paki-?send|paki-?DM|paki-?message|i-?message (?:niyo|nyo|mo) (?:po )?kami|"  # Tagalog
    r"DM kar(?:ein|e|iye)|DM kijiye|DM करें|मैसेज करें|"  # Hindi
    r"bize (?:DM|özelden)|DM kami|napisz do nas|napiszcie do nas|stuur ons|DM ons"
    r")(?!\w)|请私信|私信我们|私信小[编助]|私信客服|私聊我们|请私聊|ダイレクトメッセージ(?:で|にて)"
    r"|DM(?:で|にて)|쪽지 (?:주시|보내)",
    re.IGNORECASE,
)
"""The organisation asking to be written to privately ("DM us", "escríbenos", "nous
envoyer", "schick uns", "напишите в личные сообщения", "请私信"): a customer's own "I sent 5
DMs" or "私信了三天没人回" is no such ask."""


_APOLOGY_HINTS = (
    "sorry", "apolog", "regret", "lament", "sentimos", "disculp", "desculp", "désolé",
    "desole", "excus", "leid", "bedauern", "entschuldig", "dispiace", "scusiamo", "извин",
    "прощени", "сожале", "жаль", "نعتذر", "نأسف", "آسف", "عذرخواهی", "پوزش", "متاسف",
    "متأسف", "tiếc", "xin lỗi", "pasensya", "paumanhin", "kshama", "क्षमा", "खेद", "özür",
    "üzgün", "maaf", "przeprasz", "spijt", "抱歉", "致歉", "对不起", "對不起", "不便",
    "申し訳", "迷惑", "죄송", "불편",
)  # fmt: skip
"""Pieces every apology above holds: most posts hold none, and a look for them costs a tenth
of the patterns' search."""


def care_reply(text: str) -> bool:
    """Whether ``text`` is a care team's apology asking to be written to privately."""
    folded = text.casefold()
    if not any(hint in folded for hint in _APOLOGY_HINTS):
        return False
    return _APOLOGY.search(text) is not None and _ASKS_US.search(text) is not None
