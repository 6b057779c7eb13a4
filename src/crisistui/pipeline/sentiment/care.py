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
    r"sorry (?:to hear|for the|about the|for any)|apologies for|"  # English
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
_PRIVATELY = re.compile(
    r"(?<!\w)(?:"
    r"DMs?|DM'?d|MD|MP|PN|ЛС|PM|"  # written in capitals: "dm" and "mp" are words too
    r"(?i:inbox|private message|direct message|privately|"  # English
    r"mensaje privado|por privado|al privado|mensagem privada|no privado|"  # Spanish, pt
    r"message privé|en privé|direktnachricht|privatnachricht|"  # French, German
    r"messaggio privato|in privato|"  # Italian
    r"личн\w* сообщени\w*|в личк\w*|в директ|"  # Russian
    r"رسالة خاصة|على الخاص|في الخاص|"  # Arabic
    r"پیام خصوصی|دایرکت|پیوی|"  # Persian
    r"nhắn tin|tin nhắn|"  # Vietnamese
    r"özelden|pesan langsung|wiadomoś\w* prywatn\w*|privébericht)"
    r")(?!\w)|私信|私訊|私聊|ダイレクトメッセージ|쪽지"
)
"""An ask to go on in private: where a care team takes an order number."""


def care_reply(text: str) -> bool:
    """Whether ``text`` is a care team's apology asking to be written to privately."""
    return _PRIVATELY.search(text) is not None and _APOLOGY.search(text) is not None
